"""Explicit vocabularies: words, characters and tags, serialized with the model.

Index conventions: for words and characters ``PAD = 0`` and ``UNK = 1``; tags have no
padding entry (padding is masked out, never labeled) and ``O`` is always index 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

PAD, UNK = 0, 1
PAD_TOKEN, UNK_TOKEN = "<pad>", "<unk>"
_DIGIT = re.compile(r"\d")


def word_key(token: str) -> str:
    """Normalised lookup key of a token: lower-cased (embeddings are case-free; case is
    a separate feature)."""
    return token.lower()


def digit_key(key: str) -> str:
    """Back-off key with every digit replaced by 0 (``2024`` -> ``0000``)."""
    return _DIGIT.sub("0", key)


# Case / shape classes: a cheap, strong signal for brands ("NIKE", "Nike") and times.
CASE_CLASSES = ("pad", "lower", "upper", "title", "mixed", "digit", "alnum", "punct", "other")


def case_class(token: str) -> int:
    """Index into :data:`CASE_CLASSES` for a token (never 0, which is padding)."""
    if token.isdigit():
        return 5
    if token.isalpha():
        if token.islower():
            return 1
        if token.isupper():
            return 2 if len(token) > 1 else 3
        if token[0].isupper() and token[1:].islower():
            return 3
        return 4
    if any(c.isdigit() for c in token):
        return 6
    if not any(c.isalnum() for c in token):
        return 7
    return 8


@dataclass
class Vocab:
    """Bidirectional item <-> id map with fixed specials at the front.

    ``specials`` occupy the first ids (``<pad>`` = 0, ``<unk>`` = 1 for words and chars;
    none for tags).
    """

    items: list[str]
    specials: tuple[str, ...] = (PAD_TOKEN, UNK_TOKEN)
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        seen: dict[str, int] = {}
        for item in (*self.specials, *self.items):
            if item in seen:
                raise ValueError(f"duplicate vocabulary item {item!r}")
            seen[item] = len(seen)
        self.index = seen

    def __len__(self) -> int:
        return len(self.index)

    def __contains__(self, item: str) -> bool:
        return item in self.index

    def id(self, item: str) -> int:
        """Id of ``item``; ``UNK`` for unknown items when the vocabulary has one."""
        got = self.index.get(item)
        if got is None:
            if UNK_TOKEN not in self.specials:
                raise KeyError(f"unknown item {item!r}")
            return UNK
        return got

    def item(self, idx: int) -> str:
        """Item at ``idx``."""
        return self.all_items[idx]

    @property
    def all_items(self) -> list[str]:
        """Every item, specials first, in id order."""
        return [*self.specials, *self.items]

    def to_json(self) -> dict:
        """``{"specials", "items"}``; a large vocabulary without line breaks in its items
        (a word vocabulary: tokens never hold whitespace) as ``"front_coded"`` instead."""
        if len(self.items) > _FRONT_CODE_MIN and not any("\n" in i for i in self.items):
            return {"specials": list(self.specials), "front_coded": front_code(self.items)}
        return {"specials": list(self.specials), "items": list(self.items)}

    @classmethod
    def from_json(cls, data: dict) -> Vocab:
        items = front_decode(data["front_coded"]) if "front_coded" in data else list(data["items"])
        return cls(items=items, specials=tuple(data["specials"]))


_FRONT_CODE_MIN = 1000
_PREFIX_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def front_code(items: Sequence[str]) -> str:
    """Items as one string, line per item: one character (base 36) telling how many leading
    characters it shares with the previous item (at most 35), then the rest. Sorted word
    lists such as GloVe's share long prefixes, so this makes ``vocab.json`` much smaller.

    ``front_code(["apple", "apples", "apply"]) == "0apple\n5s\n4y"``
    """
    lines, prev = [], ""
    for item in items:
        n = 0
        limit = min(len(item), len(prev), len(_PREFIX_DIGITS) - 1)
        while n < limit and item[n] == prev[n]:
            n += 1
        lines.append(_PREFIX_DIGITS[n] + item[n:])
        prev = item
    return "\n".join(lines)


def front_decode(text: str) -> list[str]:
    """Inverse of :func:`front_code`."""
    items: list[str] = []
    prev = ""
    for line in text.split("\n") if text else []:
        n = _PREFIX_DIGITS.index(line[0])
        if n > len(prev):
            raise ValueError(f"front-coded item {len(items)} shares {n} characters with a "
                             "shorter one")
        prev = prev[:n] + line[1:]
        items.append(prev)
    return items


def tags_from_data(tag_sequences: Iterable[Sequence[str]]) -> Vocab:
    """Tag vocabulary from IOB2 data: ``O`` first, then ``B-x``/``I-x`` for every type
    seen, sorted by type so the order does not depend on the data order."""
    types = sorted(
        {t[2:] for seq in tag_sequences for t in seq if t != "O" and t[:2] in ("B-", "I-")}
    )
    return Vocab(["O", *[f"{p}-{t}" for t in types for p in ("B", "I")]], specials=())


@dataclass
class Vocabularies:
    """Everything needed to turn tokens into ids and tag ids back into tags."""

    words: Vocab
    chars: Vocab
    tags: Vocab
    # after build(): how many of the last word ids are extra words never seen in training
    # (not serialized; a model records it as TaggerConfig.n_fixed_words)
    n_extra_words: int = field(default=0, compare=False)

    def word_id(self, token: str) -> int:
        """Word id with a digit-normalised back-off (``2031`` -> ``0000``)."""
        key = word_key(token)
        got = self.words.index.get(key)
        if got is None:
            got = self.words.index.get(digit_key(key), UNK)
        return got

    @property
    def entity_types(self) -> list[str]:
        """Entity types in tag order, e.g. ``['BRAND', 'LOCATION', 'TIME']``."""
        return sorted({t[2:] for t in self.tags.items if t != "O"})

    def to_json(self) -> dict:
        return {
            "words": self.words.to_json(),
            "chars": self.chars.to_json(),
            "tags": self.tags.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict) -> Vocabularies:
        return cls(
            words=Vocab.from_json(data["words"]),
            chars=Vocab.from_json(data["chars"]),
            tags=Vocab.from_json(data["tags"]),
        )

    @classmethod
    def build(
        cls,
        token_sequences: Sequence[Sequence[str]],
        tag_sequences: Sequence[Sequence[str]],
        extra_words: Iterable[str] = (),
        min_char_count: int = 1,
    ) -> Vocabularies:
        """Build vocabularies from training tokens/tags.

        Word ids: the specials, the training word keys (sorted), then the ``extra_words``
        not seen in training (sorted), so that those form the last
        :meth:`n_extra_words` ids.

        Args:
            token_sequences: tokenized training sentences.
            tag_sequences: their IOB2 tags (only the label set is read).
            extra_words: further word keys to include (e.g. frequent pretrained words).
            min_char_count: characters seen fewer times map to ``UNK``.
        """
        words: dict[str, None] = {}
        chars: dict[str, int] = {}
        for seq in token_sequences:
            for tok in seq:
                key = word_key(tok)
                words[key] = None
                words[digit_key(key)] = None
                for c in tok:
                    chars[c] = chars.get(c, 0) + 1
        for special in (PAD_TOKEN, UNK_TOKEN):
            words.pop(special, None)
            chars.pop(special, None)
        extra = sorted({w for w in extra_words
                        if w not in words and w not in (PAD_TOKEN, UNK_TOKEN)})
        char_items = sorted(c for c, n in chars.items() if n >= min_char_count)
        return cls(
            words=Vocab([*sorted(words), *extra]),
            n_extra_words=len(extra),
            chars=Vocab(char_items),
            tags=tags_from_data(tag_sequences),
        )

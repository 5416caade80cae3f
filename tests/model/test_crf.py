"""The CRF module against brute force: the loss against enumeration of every tag sequence,
constrained Viterbi (always valid IOB2, optimal, batch-independent, with and without learned
transitions) against the best sequence, marginals against enumeration."""

import itertools
import math

import torch

from ner_model.model import crf
from ner_model.model.crf import iob2_constraints, viterbi
from ner_model.text.spans import repair_iob2

NAMES = ["O", "B-BRAND", "I-BRAND", "B-TIME", "I-TIME"]


def _score(emit, trans, start, end, seq):
    s = float(start[seq[0]]) + sum(float(emit[t, k]) for t, k in enumerate(seq))
    s += sum(float(trans[a, b]) for a, b in itertools.pairwise(seq))
    return s + float(end[seq[-1]])


def _random(seed, S=3, T=4, K=5):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(S, T, K, generator=g), torch.randn(K, K, generator=g),
            torch.randn(K, generator=g), torch.randn(K, generator=g))


def test_log_partition_and_nll_match_enumeration():
    emit, trans, start, end = _random(0)
    lengths = torch.tensor([4, 2, 1])
    mask = torch.arange(4)[None, :] < lengths[:, None]
    g = torch.Generator().manual_seed(1)
    allowed = torch.rand(emit.shape, generator=g) < 0.6
    gold = torch.randint(0, len(NAMES), (3, 4), generator=g)
    allowed |= torch.nn.functional.one_hot(gold, len(NAMES)).bool()  # never empty
    logz = crf.log_partition(emit, mask, trans, start, end)
    logz_allowed = crf.log_partition(emit.masked_fill(~allowed, float("-inf")), mask, trans, start,
                                     end)
    nll = crf.nll(emit, mask, allowed, trans, start, end)
    for i, n in enumerate(lengths.tolist()):
        seqs = list(itertools.product(range(len(NAMES)), repeat=n))
        scores = [_score(emit[i], trans, start, end, s) for s in seqs]
        ok = [sc for s, sc in zip(seqs, scores, strict=True)
              if all(allowed[i, t, k] for t, k in enumerate(s))]
        want = math.log(sum(math.exp(x) for x in scores))
        want_allowed = math.log(sum(math.exp(x) for x in ok))
        assert abs(float(logz[i]) - want) < 1e-4
        assert abs(float(logz_allowed[i]) - want_allowed) < 1e-4
        assert abs(float(nll[i]) - (want - want_allowed)) < 1e-4
    # padding positions change nothing, whatever they hold
    emit2 = emit.clone()
    emit2[~mask] = 1e3
    assert torch.allclose(crf.log_partition(emit2, mask, trans, start, end), logz)


def test_viterbi_with_learned_transitions_is_the_best_valid_sequence():
    emit, learned, start_l, end = _random(2, S=1, T=5)
    trans, start = iob2_constraints(NAMES)
    trans, start = trans + learned, start + start_l
    best = viterbi(emit, torch.tensor([5]), trans, start, end)[0].tolist()
    valid = [s for s in itertools.product(range(len(NAMES)), repeat=5)
             if repair_iob2([NAMES[k] for k in s])[1] == 0]
    want = max(valid, key=lambda s: _score(emit[0], learned, start_l, end, s))
    assert best == list(want)
    # without the end scores the answer may differ; with zero end scores it is plain Viterbi
    assert viterbi(emit, torch.tensor([5]), trans, start, torch.zeros(len(NAMES))).tolist() == \
        viterbi(emit, torch.tensor([5]), trans, start).tolist()


def test_marginals_match_enumeration():
    from ner_model.model.crf import marginals

    emit, learned, start_l, end = _random(3, S=3, T=4)
    trans, start = iob2_constraints(NAMES)
    trans, start = trans + learned, start + start_l
    lengths = torch.tensor([4, 3, 1])
    got = marginals(emit.log_softmax(-1), lengths, trans, start, end)
    for i, n in enumerate(lengths.tolist()):
        want = torch.zeros(n, len(NAMES), dtype=torch.float64)
        for s in itertools.product(range(len(NAMES)), repeat=n):
            if repair_iob2([NAMES[k] for k in s])[1] == 0:
                w = math.exp(_score(emit[i], learned, start_l, end, s))
                for t, k in enumerate(s):
                    want[t, k] += w
        want /= want.sum(dim=1, keepdim=True)
        torch.testing.assert_close(got[i, :n].double(), want, atol=1e-5, rtol=1e-4)


def test_predictor_confidence_is_the_crf_marginal(tiny_trained, tiny_sentences):
    import numpy as np

    from ner_model.inference.predictor import Predictor
    from ner_model.model.crf import marginals

    p = Predictor(tiny_trained.model, tiny_trained.vocabs)
    assert p.end is not None, "the tiny model is a CRF tagger"
    tokens = [s.model_tokens for s in tiny_sentences]
    for t, got in zip(tokens, p.tag_tokens(tokens), strict=True):
        with torch.inference_mode():
            logp = p._log_probs(np.array([len(t)]), list(t))  # (n, K)
        m = marginals(logp[None], torch.tensor([len(t)]), p.trans, p.start, p.end)[0]
        want = m[torch.arange(len(t)), torch.from_numpy(got.ids)]
        torch.testing.assert_close(torch.from_numpy(np.asarray(got.probs)), want, atol=1e-5,
                                   rtol=1e-4)
        assert torch.allclose(m.sum(dim=1), torch.ones(len(t)), atol=1e-5)


def test_marginals_stay_finite_when_the_only_valid_path_has_tiny_emission_scores():
    """Scores 200 nats apart in float32: the only IOB2-valid tags at a step can have
    e^-200 emissions, which float32 rounds to 0; the marginals must still be probabilities
    (an all-zero step would make them NaN and the entity confidence with them)."""
    from ner_model.model.crf import iob2_constraints, marginals

    trans, start = iob2_constraints(["O", "B-X", "I-X"])
    # token 0 can only be O (B-X, I-X at -200); token 1 wants I-X, which O cannot precede
    logp = torch.tensor([[[0.0, -200.0, -200.0], [-200.0, -200.0, 0.0], [0.0, -200.0, -200.0]]])
    m = marginals(logp, torch.tensor([3]), trans, start)[0]
    assert torch.isfinite(m).all()
    torch.testing.assert_close(m.sum(dim=1), torch.ones(3))


NAMES7 = ["O", "B-BRAND", "I-BRAND", "B-TIME", "I-TIME", "B-LOCATION", "I-LOCATION"]


def test_output_is_valid_iob2_and_batch_independent():
    trans, start = iob2_constraints(NAMES7)
    g = torch.Generator().manual_seed(0)
    for T in (1, 7, 300, 700):
        logp = torch.randn(4, T, len(NAMES7), generator=g).log_softmax(-1)
        lens = torch.tensor([T, max(1, T - 3), max(1, T // 2), 1])
        batched = viterbi(logp, lens, trans, start)
        for i in range(4):
            n = int(lens[i])
            one = viterbi(logp[i : i + 1, :n], lens[i : i + 1], trans, start)
            assert torch.equal(one[0, :n], batched[i, :n])
            tags = [NAMES7[k] for k in batched[i, :n].tolist()]
            assert repair_iob2(tags)[1] == 0, "decoded tags are valid IOB2"


def test_viterbi_is_the_best_valid_sequence():
    trans, start = iob2_constraints(NAMES7[:5])
    g = torch.Generator().manual_seed(1)
    logp = torch.randn(1, 4, 5, generator=g).log_softmax(-1)
    best = viterbi(logp, torch.tensor([4]), trans, start)[0].tolist()

    def score(seq):
        return sum(float(logp[0, t, k]) for t, k in enumerate(seq))

    valid = [s for s in itertools.product(range(5), repeat=4)
             if repair_iob2([NAMES7[k] for k in s])[1] == 0]
    assert score(best) == max(score(s) for s in valid)


def test_sparse_iob2_step_equals_generic_step():
    """The O(K) IOB2 step gives the same paths as the generic O(K^2) step, many types."""
    import numpy as np

    from ner_model.model.crf import _viterbi_np

    names = ["O"] + [f"{p}-T{k}" for k in range(20) for p in ("B", "I")]
    trans, start = iob2_constraints(names)
    g = torch.Generator().manual_seed(2)
    logp = torch.randn(16, 30, len(names), generator=g).log_softmax(-1).numpy()
    lens = np.random.default_rng(0).integers(1, 31, 16)
    sparse = _viterbi_np(logp, lens, trans.numpy(), start.numpy())
    # a tiny finite perturbation of a non-constraint makes the generic path run
    dense_trans = trans.numpy().copy()
    dense_trans[0, 0] = -1e-30
    generic = _viterbi_np(logp, lens, dense_trans, start.numpy())
    for i, n in enumerate(lens):
        assert (sparse[i, :n] == generic[i, :n]).all()

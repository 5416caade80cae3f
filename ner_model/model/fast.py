"""The tagger's inference view: the same computation as ``Tagger.forward`` on packed
token rows, with the LSTM input gates cached per word type (:class:`InferenceView`, made by
``Tagger.inference_view()``; ``tests/model/test_tagger.py`` keeps the two equal).

The recurrence is an inference-only BiLSTM over time-major packed tokens.

``nn.LSTM`` multiplies every token's input vector by ``W_ih`` (``4H x D`` per direction),
which is more than half its arithmetic at our sizes. The LSTM input of a token depends
only on its *type* (word, characters, case), and campaign text repeats a few thousand
types, so :meth:`PackedBiLSTM.input_gates` computes ``W_ih x + b`` once per type and the
per-token work is the recurrence alone. Both directions run in one batched matmul per
time step over the sequences still active at that step (no padding is ever computed).

Packed layout (the same as ``torch.nn.utils.rnn.PackedSequence``): sequences sorted by
length, longest first; step ``t`` holds ``n_t`` rows, the sequences longer than ``t``.
The backward direction reads sequence ``s`` reversed, so its packed rows have the same
``n_t`` and one recurrence serves both directions.

Gate order here is ``(i, f, o, g)`` (``nn.LSTM`` stores ``(i, f, g, o)``), and the ``g``
block's weights are doubled so that one sigmoid serves all four gates:
``tanh(a) = 2 sigmoid(2a) - 1``. (On the CPU torch's ``tanh`` is slower than its ``sigmoid``.)
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ner_model.model.tagger import Tagger, TaggerBatch


def _reorder(w: torch.Tensor, hidden: int) -> torch.Tensor:
    """``nn.LSTM`` gate blocks ``(i, f, g, o)`` -> ``(i, f, o, 2g)`` along dim 0."""
    i, f, g, o = w.split(hidden, dim=0)
    return torch.cat([i, f, o, 2 * g], dim=0)


class PackedBiLSTM:
    """The recurrence of a one-layer bidirectional ``nn.LSTM``, for inference.

    Args:
        lstm: a trained ``nn.LSTM`` (1 layer, bidirectional, batch_first).
    """

    def __init__(self, lstm: nn.LSTM) -> None:
        if lstm.num_layers != 1 or not lstm.bidirectional:
            raise ValueError("PackedBiLSTM needs a one-layer bidirectional LSTM")
        H = self.hidden = lstm.hidden_size
        with torch.no_grad():
            w_ih, w_hh, b = [], [], []
            for sfx in ("", "_reverse"):
                w_ih.append(_reorder(getattr(lstm, f"weight_ih_l0{sfx}"), H))
                w_hh.append(_reorder(getattr(lstm, f"weight_hh_l0{sfx}"), H).T)
                b.append(_reorder(getattr(lstm, f"bias_ih_l0{sfx}")
                                  + getattr(lstm, f"bias_hh_l0{sfx}"), H))
            self.w_ih = torch.cat(w_ih, dim=0).T.contiguous()  # (D, 8H): [forward | backward]
            self.w_hh = torch.stack(w_hh).contiguous()  # (2, H, 4H)
            self.bias = torch.cat(b).contiguous()  # (8H,)

    def input_gates(self, x: torch.Tensor) -> torch.Tensor:
        """``(U, D)`` type features -> ``(U, 8H)`` input-gate pre-activations of both
        directions (forward in ``[:, :4H]``, backward in ``[:, 4H:]``), biases included."""
        return torch.addmm(self.bias, x, self.w_ih)

    def run(self, gates: torch.Tensor, batch_sizes: np.ndarray) -> torch.Tensor:
        """Run both directions.

        Args:
            gates: ``(2, N, 4H)`` input gates in packed order, ``gates[0]`` for the forward
                direction, ``gates[1]`` for the backward one (each sequence reversed).
            batch_sizes: ``(T,)`` rows per step, non-increasing, summing to ``N``.

        Returns:
            ``(2, N, H)`` hidden states in the same packed order.
        """
        H = self.hidden
        N = gates.shape[1]
        out = torch.empty((2, N, H))
        cell = torch.empty((2, N, H))
        w_hh = self.w_hh
        off = 0
        prev = -1
        for n in batch_sizes.tolist():
            g = gates[:, off : off + n]  # (2, n, 4H)
            if prev >= 0:
                g = torch.baddbmm(g, out[:, prev : prev + n], w_hh)
            sig = torch.sigmoid(g)  # i, f, o, and sigmoid(2 a_g)
            c = cell[:, off : off + n]
            torch.mul(sig[:, :, : H], sig[:, :, 3 * H :].mul(2.0).sub_(1.0), out=c)  # i * g
            if prev >= 0:
                c.addcmul_(sig[:, :, H : 2 * H], cell[:, prev : prev + n])  # + f * c_prev
            tanh_c = torch.sigmoid(c * 2.0).mul_(2.0).sub_(1.0)
            torch.mul(sig[:, :, 2 * H : 3 * H], tanh_c, out=out[:, off : off + n])
            prev = off
            off += n
        return out


def packed_order(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Packed indices for sequences laid end to end in a flat token array.

    Args:
        lengths: ``(S,)`` sequence lengths (>= 1), sorted descending; sequence ``s`` holds
            flat tokens ``[offsets[s], offsets[s] + lengths[s])``.

    Returns:
        ``(forward, backward, batch_sizes)``: ``forward[k]`` / ``backward[k]`` is the flat
        token at packed row ``k`` of the forward / backward direction, shape ``(N,)``;
        ``batch_sizes`` ``(T,)`` rows per step.
    """
    S = len(lengths)
    T = int(lengths[0]) if S else 0
    offsets = np.zeros(S, dtype=np.int64)
    np.cumsum(lengths[:-1], out=offsets[1:])
    t = np.arange(T)
    mask = t[:, None] < lengths[None, :]  # (T, S), time-major
    fwd = (offsets[None, :] + t[:, None])[mask]
    bwd = (offsets[None, :] + lengths[None, :] - 1 - t[:, None])[mask]
    batch_sizes = mask.sum(axis=1)
    return fwd, bwd, batch_sizes


def padded_index(offsets: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For sequences at ``offsets`` ``(S,)`` of a flat array, ``lengths`` ``(S,)``: the
    ``(S, T)`` mask of real positions (``T = max(lengths)``) and the flat index of each
    real position, in row-major order."""
    t = np.arange(int(lengths.max()) if len(lengths) else 0)
    mask = t[None, :] < lengths[:, None]
    return mask, (offsets[:, None] + t[None, :])[mask]


class InferenceView:
    """Tag log-probabilities of packed pieces, computed as ``Tagger.forward`` computes them.

    A one-layer BiLSTM runs as :class:`PackedBiLSTM` with both directions fused and its
    input-gate products computed once per word type; the output layer is split per
    direction so the two halves are added without concatenating. Other LSTM shapes run
    ``Tagger.forward`` itself. The view copies the weights when it is made: make a new
    one after changing them.

    Args:
        model: the tagger (in eval mode).
    """

    def __init__(self, model: Tagger) -> None:
        self.model = model
        c = model.config
        self.hidden = c.hidden
        self.lstm = PackedBiLSTM(model.lstm) if c.bidirectional and c.layers == 1 else None
        with torch.no_grad():
            w = model.out.weight.detach()
            H = c.hidden
            self.out_f = w[:, :H].T.contiguous()  # (H, K)
            self.out_b = w[:, H:].T.contiguous()  # (H, K)
            self.out_bias = model.out.bias.detach().clone()  # (K,)
        self.n_tags = c.n_tags

    def log_probs(self, feats: torch.Tensor, rows: np.ndarray, lengths: np.ndarray) -> torch.Tensor:
        """``(N, K)`` tag log-probabilities of pieces laid end to end.

        Args:
            feats: ``(U, D)`` type features (``Tagger.type_features`` rows; row 0 padding).
            rows: ``(N,)`` the feature row of each token, pieces end to end.
            lengths: ``(S,)`` piece lengths, sorted descending, summing to ``N``.
        """
        if self.lstm is None:
            return self._forward(feats, rows, lengths)
        uniq, inv = np.unique(rows, return_inverse=True)
        G = 4 * self.hidden
        gates = self.lstm.input_gates(feats[torch.from_numpy(uniq)]).view(-1, 2, G)  # (U', 2, 4H)
        fwd, bwd, batch_sizes = packed_order(lengths)
        N = len(rows)
        packed = torch.empty((2, N, G))  # (2, N, 4H) in packed order
        torch.index_select(gates[:, 0], 0, torch.from_numpy(inv[fwd]), out=packed[0])
        torch.index_select(gates[:, 1], 0, torch.from_numpy(inv[bwd]), out=packed[1])
        h = self.lstm.run(packed, batch_sizes)  # (2, N, H) packed order
        logits = torch.empty((N, self.n_tags))
        logits[torch.from_numpy(fwd)] = torch.addmm(self.out_bias, h[0], self.out_f)
        logits.index_add_(0, torch.from_numpy(bwd), h[1] @ self.out_b)
        return torch.log_softmax(logits, dim=1)

    def _forward(self, feats: torch.Tensor, rows: np.ndarray, lengths: np.ndarray) -> torch.Tensor:
        """:meth:`log_probs` by ``Tagger.forward`` (LSTM shapes the fast path does not cover)."""
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        mask, flat = padded_index(offsets, lengths)
        seg_pos = np.zeros(mask.shape, dtype=np.int64)  # (S, T)
        seg_pos[mask] = flat
        empty = torch.zeros(0, dtype=torch.long)
        batch = TaggerBatch(empty, empty, empty, torch.from_numpy(rows)[None, :],
                            torch.from_numpy(seg_pos), torch.from_numpy(lengths))
        logp, _ = self.model(batch, feats=feats)  # (S, T, K)
        return logp[torch.from_numpy(mask)]

"""Constrained Viterbi: always valid IOB2, optimal under the constraints, same result
batched, one row at a time, and on the long-sequence path."""

import itertools

import torch

from ner_model.model.crf import iob2_constraints, viterbi
from ner_model.text.spans import repair_iob2

NAMES = ["O", "B-BRAND", "I-BRAND", "B-TIME", "I-TIME", "B-LOCATION", "I-LOCATION"]


def test_output_is_valid_iob2_and_batch_independent():
    trans, start = iob2_constraints(NAMES)
    g = torch.Generator().manual_seed(0)
    for T in (1, 7, 300, 700):
        logp = torch.randn(4, T, len(NAMES), generator=g).log_softmax(-1)
        lens = torch.tensor([T, max(1, T - 3), max(1, T // 2), 1])
        batched = viterbi(logp, lens, trans, start)
        for i in range(4):
            n = int(lens[i])
            one = viterbi(logp[i : i + 1, :n], lens[i : i + 1], trans, start)
            assert torch.equal(one[0, :n], batched[i, :n])
            tags = [NAMES[k] for k in batched[i, :n].tolist()]
            assert repair_iob2(tags)[1] == 0, "decoded tags are valid IOB2"


def test_viterbi_is_the_best_valid_sequence():
    trans, start = iob2_constraints(NAMES[:5])
    g = torch.Generator().manual_seed(1)
    logp = torch.randn(1, 4, 5, generator=g).log_softmax(-1)
    best = viterbi(logp, torch.tensor([4]), trans, start)[0].tolist()

    def score(seq):
        return sum(float(logp[0, t, k]) for t, k in enumerate(seq))

    valid = [s for s in itertools.product(range(5), repeat=4)
             if repair_iob2([NAMES[k] for k in s])[1] == 0]
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

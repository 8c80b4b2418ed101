"""prefix_scores agrees with scoring every prefix separately; token rewards telescope.

The prefix tables are an incremental algorithm of their own (`rrg_rewards.rl.prefix`), not
the engine behind `rrg_rewards.score` and the full-sequence rewards: their integer
statistics are exact, their floating-point evaluation may round differently (numpy SIMD
exp/pow, running sums), so they are compared with that engine to PREFIX_RTOL, and with
pycocoevalcap (an independent implementation) to 1e-9.
"""
from __future__ import annotations

import contextlib
import io
import random

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from rrg_rewards.errors import RewardsError
from rrg_rewards.rl import make_reward, pad, prefix_scores, reward_to_go, token_rewards
from rrg_rewards.rl.prefix import prefix_state

#: prefix tables vs the scoring engine: a few ulps of rounding, never more
PREFIX_RTOL = 1e-12

WORDS = ["a", "b", "c", "d", "e", "heart", "normal"]


def _pairs(seed: int, n: int = 12, max_len: int = 18):
    rng = random.Random(seed)

    def sent(lo, hi):
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))
    return ([sent(1, max_len) for _ in range(n)],
            [[sent(1, 14) for _ in range(rng.randint(1, 3))] for _ in range(n)])


def _prefixes(c: str) -> list[str]:
    w = c.split()
    return [" ".join(w[:t + 1]) for t in range(len(w))]


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_bleu_prefixes_equal_pycocoevalcap(seed, n):
    from pycocoevalcap.bleu.bleu import Bleu
    cands, refs = _pairs(seed)
    got = prefix_scores(cands, refs, metric=f"bleu{n}")
    for c, r, g in zip(cands, refs, got):
        p = _prefixes(c)
        with contextlib.redirect_stdout(io.StringIO()):
            _, per = Bleu(4).compute_score({i: r for i in range(len(p))},
                                           {i: [x] for i, x in enumerate(p)})
        np.testing.assert_allclose(g, per[n - 1], rtol=0, atol=1e-9)


@pytest.mark.parametrize("seed", [2, 3])
def test_rouge_prefixes_equal_pycocoevalcap(seed):
    from pycocoevalcap.rouge.rouge import Rouge
    cands, refs = _pairs(seed)
    for c, r, g in zip(cands, refs, prefix_scores(cands, refs, metric="rouge_l")):
        p = _prefixes(c)
        _, per = Rouge().compute_score({i: r for i in range(len(p))},
                                       {i: [x] for i, x in enumerate(p)})
        np.testing.assert_allclose(g, per, rtol=0, atol=1e-9)


@pytest.mark.parametrize("several_refs", [False, True])
@pytest.mark.parametrize("metric", ["bleu1", "bleu2", "bleu3", "bleu4", "rouge_l", "cider"])
def test_prefix_tables_agree_with_the_engine(metric, several_refs):
    """Every prefix's value equals `rrg_rewards.score` on that prefix, to PREFIX_RTOL.

    One reference per sample takes the coded fast path of BLEU and CIDEr-D, several the
    general one."""
    from rrg_rewards import score
    from rrg_rewards.nlg.cider import DocumentFrequencies
    cands, refs = _pairs(4 + several_refs)
    cands.append("a a a a a a a a b a")  # repeated n-grams: clipping kicks in
    refs.append(["a a b a", "b a"] if several_refs else ["a a b a"])
    if not several_refs:
        refs = [r[:1] for r in refs]
    df = DocumentFrequencies.from_corpus(_pairs(40, n=30)[1])
    key = {"rouge_l": "ROUGE_L", "cider": "CIDEr"}.get(metric, f"Bleu_{metric[-1]}")
    got = prefix_scores(cands, refs, metric=metric, cider_df=df)
    for c, r, g in zip(cands, refs, got):
        p = _prefixes(c)
        expected = score(p, [r] * len(p), metrics=metric.rstrip("1234"),
                         cider_df=df)[key].per_sample
        np.testing.assert_allclose(g, expected, rtol=PREFIX_RTOL, atol=0)


def test_generic_fallback_scores_every_prefix():
    cands, refs = _pairs(6)

    def overlap(c, r):
        return [len(set(x.split()) & set(y[0].split())) / 10 for x, y in zip(c, r)]
    got = prefix_scores(cands, refs, metric=overlap)
    for c, r, g in zip(cands, refs, got):
        np.testing.assert_array_equal(g, overlap(_prefixes(c), [r] * len(_prefixes(c))))
    # a weighted sum: each prefix scores as the weighted reward itself scores it
    reward = make_reward("0.5*bleu4+0.5*rouge_l")
    for c, r, g in zip(cands, refs, prefix_scores(cands, refs, metric=reward)):
        p = _prefixes(c)
        np.testing.assert_allclose(g, reward(p, [r] * len(p)), rtol=PREFIX_RTOL, atol=0)


@pytest.mark.parametrize("metric", ["bleu4", "rouge_l", "cider"])
def test_empty_candidate_scores_zero_as_pycocoevalcap(metric):
    """The convention s_{-1} = 0 is the empty candidate's score under these metrics."""
    refs = [["a b c d e"]]
    r = make_reward(metric, train_references=["a b c", "d e"])
    assert r([""], refs)[0] == 0.0
    assert prefix_scores([""], refs, metric, train_references=["a b c"])[0].shape == (0,)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=15),
       st.lists(st.sampled_from(WORDS), min_size=1, max_size=15))
def test_token_rewards_telescope_to_the_full_reward(cand, ref):
    c, r = " ".join(cand), " ".join(ref)
    for metric in ("bleu4", "rouge_l"):
        s = prefix_scores([c], [r], metric)[0]
        rt = token_rewards([s])[0]
        assert rt.shape == (len(cand),)
        full = make_reward(metric)([c], [r])[0]
        assert rt.sum() == pytest.approx(full, abs=1e-12)
        g = reward_to_go([rt])[0]
        assert g[0] == pytest.approx(full, abs=1e-12)
        # G_t = s_T - s_{t-1}
        np.testing.assert_allclose(g, s[-1] - np.concatenate([[0.0], s[:-1]]), atol=1e-12)


def test_reward_to_go_discount_and_padding():
    r = pad([np.array([1.0, 0.0, 2.0]), np.array([3.0])])
    assert r.shape == (2, 3) and r[1].tolist() == [3.0, 0.0, 0.0]
    g = reward_to_go(r, gamma=0.5)
    np.testing.assert_allclose(g[0], [1 + 0 + 0.25 * 2, 0 + 0.5 * 2, 2.0])
    np.testing.assert_allclose(g[1], [3.0, 0.0, 0.0])
    with pytest.raises(RewardsError, match="gamma"):
        reward_to_go(r, gamma=1.5)
    with pytest.raises(RewardsError, match="more than length"):
        pad([np.ones(4)], length=3)


def test_cider_prefix_needs_fixed_df():
    with pytest.raises(RewardsError, match="fixed document frequencies"):
        prefix_scores(["a b"], ["a b"], "cider")


@pytest.mark.parametrize("vocab_size", [0, 100_000])
def test_batch_paths_agree_with_pycocoevalcap(vocab_size):
    """Prefix tables of full candidates: single references take the coded fast path (with
    batch-local ids once the reward's vocabulary is too large for exact int64 codes);
    several references the general one."""
    from pycocoevalcap.bleu.bleu import Bleu
    from rrg_rewards.nlg.cider import CIDErD, DocumentFrequencies
    cands, refs = _pairs(7, n=10)
    single = [[r[0]] for r in refs]
    df = DocumentFrequencies.from_corpus(_pairs(41, n=20)[1])
    for rs in (single, refs):
        bleu = make_reward("bleu4")
        cider = make_reward("cider", cider_df=df)
        for r in (bleu, cider):
            prefix_state(r).vocab.ids.update({f"filler{i}": i for i in range(vocab_size)})
        with contextlib.redirect_stdout(io.StringIO()):
            _, per = Bleu(4).compute_score({i: r for i, r in enumerate(rs)},
                                           {i: [c] for i, c in enumerate(cands)})
        expected = CIDErD(df=df)(cands, rs)["CIDEr"].per_sample
        last = [p[-1] for p in prefix_scores(cands, rs, cider)]
        np.testing.assert_allclose(last, expected, rtol=PREFIX_RTOL, atol=0)
        last = [p[-1] for p in prefix_scores(cands, rs, bleu)]
        np.testing.assert_allclose(last, per[3], rtol=0, atol=1e-12)
        np.testing.assert_allclose(last, bleu(cands, rs), rtol=PREFIX_RTOL, atol=0)

"""BLEU: hand-computed pycocoevalcap quirks, building blocks, and properties."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rrg_rewards.errors import RewardsError
from rrg_rewards.nlg.bleu import (BLEU, SMALL, TINY, bleu_stats, closest_length, corpus_bleu,
                                  reference_stats, sentence_bleu)


def _bp(c: float, r: float) -> float:
    ratio = (c + TINY) / (r + SMALL)
    return math.exp(1 - 1 / ratio) if ratio < 1 else 1.0


def _p(correct: int, guess: int) -> float:
    return (correct + TINY) / (guess + SMALL)


# (prediction, references, expected Bleu_1..4), worked out by hand from pycocoevalcap's formula
HAND = [
    # perfect 4-gram match: not exactly 1 (1e-9 in every denominator, and equal lengths
    # still get a brevity factor exp(1 - 1/ratio) with ratio slightly below 1)
    ("a b c d", ["a b c d"],
     [_p(4, 4) * _bp(4, 4),
      (_p(4, 4) * _p(3, 3)) ** 0.5 * _bp(4, 4),
      (_p(4, 4) * _p(3, 3) * _p(2, 2)) ** (1 / 3) * _bp(4, 4),
      (_p(4, 4) * _p(3, 3) * _p(2, 2) * _p(1, 1)) ** 0.25 * _bp(4, 4)]),
    # one word: orders with no n-grams get precision 1e-15 / 1e-9 = 1e-6, not 0
    ("a", ["a"],
     [_p(1, 1) * _bp(1, 1),
      (_p(1, 1) * 1e-6) ** 0.5 * _bp(1, 1),
      (_p(1, 1) * 1e-6 * 1e-6) ** (1 / 3) * _bp(1, 1),
      (_p(1, 1) * 1e-18) ** 0.25 * _bp(1, 1)]),
    # clipping: "the" counts once, as often as in the reference
    ("the the the the", ["the cat"],
     [_p(1, 4), (_p(1, 4) * _p(0, 3)) ** 0.5, (_p(1, 4) * _p(0, 3) * _p(0, 2)) ** (1 / 3),
      (_p(1, 4) * _p(0, 3) * _p(0, 2) * _p(0, 1)) ** 0.25]),
    # 'closest' ties go to the shorter reference (2, not 4): no brevity penalty
    ("a b c", ["a b", "a b c d"],
     [_p(3, 3), (_p(3, 3) * _p(2, 2)) ** 0.5, (_p(3, 3) * _p(2, 2) * _p(1, 1)) ** (1 / 3),
      (_p(3, 3) * _p(2, 2) * _p(1, 1) * _p(0, 0)) ** 0.25]),
    # empty candidate: the brevity penalty is exp(1 - 2e15) = 0
    ("", ["a b"], [0.0, 0.0, 0.0, 0.0]),
    # whitespace: tabs, newlines and double spaces all separate tokens
    ("a\tb\nc  d", ["a b c d"],
     [_p(4, 4) * _bp(4, 4),
      (_p(4, 4) * _p(3, 3)) ** 0.5 * _bp(4, 4),
      (_p(4, 4) * _p(3, 3) * _p(2, 2)) ** (1 / 3) * _bp(4, 4),
      (_p(4, 4) * _p(3, 3) * _p(2, 2) * _p(1, 1)) ** 0.25 * _bp(4, 4)]),
]


@pytest.mark.parametrize("prediction, references, expected", HAND)
def test_hand_computed(prediction, references, expected):
    out = BLEU()([prediction], [references])
    for k in range(4):
        assert out[f"Bleu_{k + 1}"].per_sample[0] == pytest.approx(expected[k], rel=1e-12, abs=1e-300)
        # one sample: the corpus value is the sentence value
        assert out[f"Bleu_{k + 1}"].value == pytest.approx(expected[k], rel=1e-12, abs=1e-300)


def test_perfect_match_is_slightly_below_one():
    out = BLEU()(["a b c d e"], [["a b c d e"]])
    assert 1 - 1e-8 < out["Bleu_4"].value < 1.0


def test_closest_length_ties_toward_shorter():
    assert closest_length(3, [4, 2]) == 2
    assert closest_length(3, [5, 3, 1]) == 3
    assert closest_length(0, [7, 9]) == 7


def test_corpus_sums_closest_lengths():
    # sample 1: c=2, references of 1 and 3 tokens tie at distance 1 -> r=1; sample 2: r=3
    stats = [bleu_stats("a b".split(), *reference_stats([["a"], ["a", "b", "c"]])),
             bleu_stats("x y".split(), *reference_stats([["x", "y", "z"]]))]
    assert [s.reflen for s in stats] == [1, 3]
    preds, refs = ["a b", "x y"], [["a", "a b c"], ["x y z"]]
    out = BLEU()(preds, refs)
    assert out["Bleu_1"].value == pytest.approx(corpus_bleu(stats)[0], abs=0)
    # corpus c = 4, r = 4: brevity factor of equal lengths, precision 4/4
    assert out["Bleu_1"].value == pytest.approx(_p(4, 4) * _bp(4, 4), rel=1e-12)


def test_building_blocks_equal_the_metric():
    preds = ["the lungs are clear", "no effusion no effusion", "a"]
    refs = [["the lungs are clear .", "lungs clear"], ["no pleural effusion"], ["b"]]
    out = BLEU()(preds, refs)
    for i, (p, rs) in enumerate(zip(preds, refs)):
        lengths, max_counts = reference_stats([r.split() for r in rs])
        values = sentence_bleu(bleu_stats(p.split(), lengths, max_counts))
        for k in range(4):
            assert values[k] == out[f"Bleu_{k + 1}"].per_sample[i]


def test_bad_order_raises():
    with pytest.raises(RewardsError, match="positive integer"):
        BLEU(n=0)


def test_signature_fields():
    assert BLEU().signature_fields() == {"eff": "closest"}


WORD = st.sampled_from(["no", "the", "lungs", "are", "clear", "effusion", "heart", "."])
TEXT = st.lists(WORD, min_size=0, max_size=12).map(" ".join)
PAIRS = st.lists(st.tuples(TEXT, st.lists(TEXT, min_size=1, max_size=3)), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None)
@given(PAIRS)
def test_values_in_unit_interval(pairs):
    preds, refs = [p for p, _ in pairs], [r for _, r in pairs]
    for score in BLEU()(preds, refs).values():
        assert 0.0 <= score.value <= 1.0
        assert np.all((score.per_sample >= 0) & (score.per_sample <= 1))


@settings(max_examples=30, deadline=None)
@given(st.lists(WORD, min_size=4, max_size=20).map(" ".join))
def test_identical_prediction_scores_one(text):
    out = BLEU()([text], [[text]])
    for score in out.values():
        assert score.value == pytest.approx(1.0, abs=1e-8)


@settings(max_examples=30, deadline=None)
@given(PAIRS, st.randoms(use_true_random=False))
def test_joint_shuffle_invariance(check_shuffle, pairs, rnd):
    # sums of integers: values exactly equal
    check_shuffle(BLEU, [p for p, _ in pairs], [r for _, r in pairs], rnd)


@settings(max_examples=30, deadline=None)
@given(PAIRS, st.integers(1, 4))
def test_streaming_equals_one_call(check_streaming, pairs, step):
    check_streaming(BLEU, [p for p, _ in pairs], [r for _, r in pairs], step)


def _both_counts(preds, refs, n=4):
    from rrg_rewards.nlg import _ngrams
    from rrg_rewards.nlg.bleu import _table_clipped_counts

    texts, sample, is_hyp = _ngrams.sample_layout(preds, refs)
    return (_ngrams.clipped_ngram_counts(_ngrams.number_tokens(texts), sample, is_hyp, n),
            _table_clipped_counts(preds, refs, n))


@settings(max_examples=60, deadline=None)
@given(PAIRS, st.integers(1, 5))
def test_one_sort_counts_equal_the_tables(pairs, n):
    # the one-sort key (BLEU alone) and the per-order tables (inside rrg_rewards.score)
    # count the same clipped n-grams, with one or several references, short texts included
    fast, tables = _both_counts([p for p, _ in pairs], [r for _, r in pairs], n)
    assert fast is not None
    np.testing.assert_array_equal(fast, tables)


def test_one_sort_counts_fall_back_when_the_key_is_too_wide():
    from rrg_rewards.nlg import _ngrams

    # 40,000 distinct words need 16 bits a word: 4 words + sample + slot exceed 63 bits
    words = [f"w{i}" for i in range(40_000)]
    preds, refs = [" ".join(words[:20_000])], [[" ".join(words[20_000:] + words[:5])]]
    fast, tables = _both_counts(preds, refs)
    assert fast is None
    assert tables[0].tolist() == [5, 4, 3, 2]
    plain = BLEU()(preds, refs)  # falls back to the tables by itself
    with _ngrams.shared_ngram_tables():
        shared = BLEU()(preds, refs)
    for key in plain:
        assert plain[key].value == shared[key].value

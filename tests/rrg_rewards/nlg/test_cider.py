"""CIDEr-D: hand-computed values, DocumentFrequencies (round trip, fixed df), building blocks."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rrg_rewards.errors import RewardsError
from rrg_rewards.nlg._ngrams import ngram_counts
from rrg_rewards.nlg.cider import CIDErD, DocumentFrequencies, cider_sample, cider_vector


def test_single_image_scores_zero():
    """log(number of images) = log(1) = 0: every weight is 0 (pycocoevalcap's behaviour)."""
    assert CIDErD()(["the lungs are clear"], [["the lungs are clear"]])["CIDEr"].value == 0.0


def test_hand_computed_two_images():
    # N = 2, every reference n-gram has df = 1, so every weight is log 2 (also for "x",
    # which is in no reference: log(max(1, 0)) = 0). Sample 0, orders 1 and 2:
    #   unigrams: hyp (a, b, x), ref (a, b): cos = 2 / (sqrt 3 * sqrt 2)
    #   bigrams: hyp (a b, b x), ref (a b): cos = 1 / sqrt 2; orders 3-4: ref norm 0 -> 0
    #   length penalty on bigram counts 2 vs 1: exp(-1 / 72)
    # Sample 1 is a perfect 2-token copy: cos 1, 1, 0, 0 -> mean 0.5 -> 5.0
    out = CIDErD()(["a b x", "c d"], [["a b"], ["c d"]])["CIDEr"]
    s0 = 10 * (2 / math.sqrt(6) + 1 / math.sqrt(2)) / 4 * math.exp(-1 / 72)
    np.testing.assert_allclose(out.per_sample, [s0, 5.0], rtol=1e-14)
    assert out.value == pytest.approx((s0 + 5.0) / 2, rel=1e-14)


def test_clipping_and_reference_average():
    # repeating a matched word cannot raise the score above the single copy's
    base = CIDErD()(["a b", "c d", "e f"], [["a b"], ["c d"], ["e f"]])["CIDEr"].per_sample[0]
    rep = CIDErD()(["a a a b", "c d", "e f"], [["a b"], ["c d"], ["e f"]])["CIDEr"].per_sample[0]
    assert rep < base
    # two identical references average to the value of one
    one = CIDErD()(["a b", "c d"], [["a b"], ["c d"]])["CIDEr"].per_sample
    two = CIDErD()(["a b", "c d"], [["a b", "a b"], ["c d"]])["CIDEr"].per_sample
    assert two[0] == pytest.approx(one[0], rel=1e-14)


def test_whitespace_split():
    a = CIDErD()(["a\tb  c", "x y"], [["a b c"], ["x y"]])["CIDEr"].per_sample
    b = CIDErD()(["a b c", "x y"], [["a b c"], ["x y"]])["CIDEr"].per_sample
    np.testing.assert_array_equal(a, b)


REFS = [["the heart is normal .", "heart normal ."], ["the lungs are clear ."],
        ["no pleural effusion .", "no effusion"], ["the lungs are clear . no effusion ."]]
PREDS = ["the heart is normal .", "lungs clear .", "no effusion .", "the lungs are clear ."]


def test_document_frequencies_from_corpus():
    df = DocumentFrequencies.from_corpus([["a b", "a c"], "b"])
    assert df.num_docs == 2 and df.n == 4
    assert df.counts[0] == {"a": 1, "b": 2, "c": 1}  # "a" twice in one document counts once
    assert df.counts[1] == {("a", "b"): 1, ("a", "c"): 1}
    assert df.ref_len == pytest.approx(math.log(2))
    w = df.weights()
    assert w[0]["b"] == 0.0 and w[0]["a"] == pytest.approx(math.log(2))


def test_save_load_round_trip(tmp_path):
    df = DocumentFrequencies.from_corpus(REFS, name="toy")
    path = tmp_path / "df.json"
    df.save(path)
    assert [p.name for p in tmp_path.iterdir()] == ["df.json"]  # no temp file left behind
    back = DocumentFrequencies.load(path)
    assert back.counts == df.counts and back.num_docs == df.num_docs and back.n == df.n
    assert back.name == "toy" and back.digest == df.digest
    assert back.signature_fields() == {"df": "corpus:toy"}
    a = CIDErD(df=df)(PREDS, REFS)["CIDEr"]
    b = CIDErD(df=str(path))(PREDS, REFS)["CIDEr"]
    np.testing.assert_array_equal(a.per_sample, b.per_sample)


def test_unnamed_df_is_named_by_its_digest():
    df = DocumentFrequencies.from_corpus(REFS)
    assert df.name == df.digest[:12]
    assert CIDErD(df=df).signature_fields() == {"df": f"corpus:{df.digest[:12]}", "sigma": "6"}
    assert CIDErD().signature_fields() == {"df": "refs", "sigma": "6"}
    other = DocumentFrequencies.from_corpus(REFS[:3])
    assert other.digest != df.digest


def test_fixed_df_from_the_same_references_equals_default():
    default = CIDErD()(PREDS, REFS)["CIDEr"]
    fixed = CIDErD(df=DocumentFrequencies.from_corpus(REFS))(PREDS, REFS)["CIDEr"]
    # two weight paths (per-call table vs a fixed dict, each through an np.log on arrays)
    np.testing.assert_allclose(fixed.per_sample, default.per_sample, rtol=1e-14, atol=0)


def test_fixed_df_scores_a_single_sample():
    df = DocumentFrequencies.from_corpus(REFS)
    alone = CIDErD(df=df)([PREDS[1]], [REFS[1]])["CIDEr"].value
    in_batch = CIDErD(df=df)(PREDS, REFS)["CIDEr"].per_sample[1]
    assert alone > 0 and alone == in_batch  # independent of the other samples


def test_building_blocks_equal_the_metric():
    df = DocumentFrequencies.from_corpus(REFS)
    w, ref_len = df.weights(), df.ref_len
    out = CIDErD(df=df)(PREDS, REFS)["CIDEr"].per_sample
    for i, (p, rs) in enumerate(zip(PREDS, REFS)):
        hyp = cider_vector(ngram_counts(p.split()), w, ref_len)
        refs = [cider_vector(ngram_counts(r.split()), w, ref_len) for r in rs]
        assert cider_sample(hyp, refs) == pytest.approx(out[i], rel=1e-12)  # two code paths


def test_load_errors(tmp_path):
    with pytest.raises(RewardsError, match="no such document-frequency file"):
        DocumentFrequencies.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(RewardsError, match="cannot read"):
        DocumentFrequencies.load(bad)
    bad.write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(RewardsError, match="not a CIDEr document-frequency file"):
        CIDErD(df=bad)
    df = DocumentFrequencies.from_corpus(REFS)
    data = df.to_json()
    data["df"][0]["heart"] += 1  # tampered counts
    bad.write_text(json.dumps(data))
    with pytest.raises(RewardsError, match="sha256"):
        DocumentFrequencies.load(bad)
    data = df.to_json()
    data["df"][1]["lonely"] = 1  # a unigram filed under bigrams
    data.pop("sha256")
    bad.write_text(json.dumps(data))
    with pytest.raises(RewardsError, match="malformed"):
        DocumentFrequencies.load(bad)


def test_argument_errors():
    with pytest.raises(RewardsError, match="DocumentFrequencies or a path"):
        CIDErD(df=3)
    with pytest.raises(RewardsError, match="n=4"):
        CIDErD(df=DocumentFrequencies.from_corpus(REFS, n=4), n=3)
    with pytest.raises(RewardsError, match="zero documents"):
        DocumentFrequencies.from_corpus([])
    with pytest.raises(RewardsError, match="not a single string"):
        DocumentFrequencies.from_corpus("the lungs are clear")


WORD = st.sampled_from(["no", "the", "lungs", "are", "clear", "effusion", "heart", "."])
TEXT = st.lists(WORD, min_size=0, max_size=12).map(" ".join)
PAIRS = st.lists(st.tuples(TEXT, st.lists(TEXT, min_size=1, max_size=3)), min_size=2, max_size=8)


@settings(max_examples=30, deadline=None)
@given(PAIRS, st.randoms(use_true_random=False))
def test_joint_shuffle_invariance(check_shuffle, pairs, rnd):
    a = check_shuffle(CIDErD, [p for p, _ in pairs], [r for _, r in pairs], rnd,
                      value_atol=1e-12, sample_atol=1e-12)
    assert np.all(a["CIDEr"].per_sample >= 0)


@settings(max_examples=30, deadline=None)
@given(PAIRS, st.integers(1, 4))
def test_streaming_equals_one_call(check_streaming, pairs, step):
    check_streaming(CIDErD, [p for p, _ in pairs], [r for _, r in pairs], step)


DOCS = st.lists(st.lists(TEXT, min_size=1, max_size=2), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(PAIRS, DOCS, st.sampled_from(["", "unseen", "lungs unseen"]))
def test_fixed_weight_tables_equal_lookups_by_key(pairs, docs, extra):
    # packed-code tables (searchsorted) give the very weights a per-n-gram dict lookup gives,
    # n-grams absent from the frequencies (and words never seen) included
    from rrg_rewards.nlg.cider import cider_per_sample

    preds = [f"{p} {extra}".strip() for p, _ in pairs]
    refs = [r for _, r in pairs]
    df = DocumentFrequencies.from_corpus(docs)
    assert df.weight_tables() is not None
    packed = cider_per_sample(preds, refs, df=df)
    df.weight_tables = lambda: None  # the by-key path
    np.testing.assert_array_equal(cider_per_sample(preds, refs, df=df), packed)

"""Rewards equal pycocoevalcap's per-sample values; composition, callables, errors."""
from __future__ import annotations

import contextlib
import io
import random

import numpy as np
import pytest

from rrg_rewards.errors import RewardsError
from rrg_rewards.rl import (BleuReward, CallableReward, WeightedReward, make_reward)

VOCAB = [f"w{i}" for i in range(9)] + ["the", "heart", "is", "normal", "."]


def _random_pairs(seed: int, n: int = 24) -> tuple[list[str], list[list[str]]]:
    rng = random.Random(seed)

    def sent(lo: int, hi: int) -> str:
        return " ".join(rng.choice(VOCAB) for _ in range(rng.randint(lo, hi)))
    cands = [sent(1, 20) for _ in range(n)]
    refs = [[sent(1, 18) for _ in range(rng.randint(1, 3))] for _ in range(n)]
    return cands, refs


def _coco(scorer, cands, refs):
    gts = {i: r for i, r in enumerate(refs)}
    res = {i: [c] for i, c in enumerate(cands)}
    with contextlib.redirect_stdout(io.StringIO()):
        return scorer.compute_score(gts, res)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bleu_rewards_equal_pycocoevalcap_per_sample(seed):
    from pycocoevalcap.bleu.bleu import Bleu
    cands, refs = _random_pairs(seed)
    _, per = _coco(Bleu(4), cands, refs)
    for n in range(1, 5):
        got = make_reward(f"bleu{n}")(cands, refs)
        assert got.dtype == np.float64 and got.shape == (len(cands),)
        np.testing.assert_allclose(got, per[n - 1], rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", [3, 4])
def test_rouge_reward_equals_pycocoevalcap(seed):
    from pycocoevalcap.rouge.rouge import Rouge
    cands, refs = _random_pairs(seed)
    _, per = _coco(Rouge(), cands, refs)
    np.testing.assert_allclose(make_reward("rouge_l")(cands, refs), per, rtol=0, atol=1e-12)


def test_cider_reward_with_train_df_equals_pycocoevalcap_formula():
    """With df from the very references being scored, CIDEr-D equals pycocoevalcap's Cider."""
    from pycocoevalcap.cider.cider import Cider
    cands, refs = _random_pairs(5)
    _, per = _coco(Cider(), cands, refs)
    reward = make_reward("cider", train_references=refs)  # one document per sample
    np.testing.assert_allclose(reward(cands, refs), per, rtol=0, atol=1e-9)
    assert "df:train:" in reward.signature and "docs:24" in reward.signature


def test_cider_reward_is_fixed_for_the_run_and_scores_single_samples():
    cands, refs = _random_pairs(6)
    reward = make_reward("cider", train_references=[r[0] for r in refs])
    batch = reward(cands, refs)
    one_by_one = np.array([reward([c], [r])[0] for c, r in zip(cands, refs)])
    np.testing.assert_array_equal(batch, one_by_one)  # no dependence on the batch
    assert batch.max() > 0


def test_cider_without_fixed_df_is_an_error():
    with pytest.raises(RewardsError, match="train_references"):
        make_reward("cider")


def test_cider_df_from_saved_file(tmp_path):
    from rrg_rewards.nlg.cider import DocumentFrequencies
    cands, refs = _random_pairs(7)
    df = DocumentFrequencies.from_corpus(refs)
    df.save(tmp_path / "df.json")
    a = make_reward("cider", cider_df=tmp_path / "df.json")(cands, refs)
    b = make_reward("cider", train_references=refs)(cands, refs)
    np.testing.assert_array_equal(a, b)


def test_rewards_match_rrg_score():
    """Rewards and `score` call the same per-sample functions (`rrg_rewards.nlg`'s one
    engine) on the same text, so they are equal bit for bit on any CPU: no tolerance."""
    from rrg_rewards import score
    from rrg_rewards.nlg.cider import DocumentFrequencies
    cands, refs = _random_pairs(8)
    df = DocumentFrequencies.from_corpus(_random_pairs(12)[1])
    s = score(cands, refs, metrics="bleu,rouge_l,cider", cider_df=df)
    for n in range(1, 5):
        np.testing.assert_array_equal(make_reward(f"bleu{n}")(cands, refs), s[f"Bleu_{n}"].per_sample)
    np.testing.assert_array_equal(make_reward("rouge_l")(cands, refs), s["ROUGE_L"].per_sample)
    np.testing.assert_array_equal(make_reward("cider", cider_df=df)(cands, refs),
                                  s["CIDEr"].per_sample)


def test_token_lists_and_single_string_references():
    cands, refs = _random_pairs(9)
    single = [r[0] for r in refs]
    reward = make_reward("bleu4")
    np.testing.assert_array_equal(reward([c.split() for c in cands], single),
                                  reward(cands, [[r] for r in single]))


def test_weighted_sum_keeps_components():
    cands, refs = _random_pairs(10)
    reward = make_reward("0.5*bleu4+0.5*rouge_l")
    assert isinstance(reward, WeightedReward) and reward.name == "0.5*bleu4+0.5*rouge_l"
    total = reward(cands, refs)
    b4 = make_reward("bleu4")(cands, refs)
    rl = make_reward("rouge_l")(cands, refs)
    np.testing.assert_allclose(total, 0.5 * b4 + 0.5 * rl, rtol=0, atol=1e-15)
    np.testing.assert_array_equal(reward.last_components["bleu4"], b4)
    np.testing.assert_array_equal(reward.last_components["rouge_l"], rl)
    result = reward.score(cands, refs)
    assert result.weights == {"bleu4": 0.5, "rouge_l": 0.5}
    assert reward.signature.startswith("0.5*[Bleu_4|")


def test_operator_composition_equals_string_spec():
    cands, refs = _random_pairs(11)
    a = (0.3 * BleuReward(1) + 0.7 * make_reward("rouge_l"))(cands, refs)
    b = make_reward("0.3*bleu1 + 0.7*rouge")(cands, refs)
    np.testing.assert_array_equal(a, b)
    scaled = 2 * make_reward("0.3*bleu1+0.7*rouge_l")
    assert scaled.name == "0.6*bleu1+1.4*rouge_l"
    np.testing.assert_allclose(scaled(cands, refs), 2 * b, rtol=0, atol=1e-15)


def test_callable_reward_and_validation():
    def length(c, r):
        return [len(x.split()) for x in c]
    reward = make_reward(length)
    assert isinstance(reward, CallableReward) and reward.name == "length"
    np.testing.assert_array_equal(reward(["a b", "c"], ["x", "y"]), [2.0, 1.0])
    with pytest.raises(RewardsError, match="shape"):
        make_reward(lambda c, r: [1.0])(["a", "b"], ["x", "y"])
    with pytest.raises(RewardsError, match="NaN"):
        make_reward(lambda c, r: [float("nan")] * len(c))(["a"], ["x"])


@pytest.mark.parametrize("spec, message", [
    ("blue4", "unknown reward 'blue4'"),
    ("0.5**bleu4", "cannot read reward term"),
    ("bleu4+bleu4", "must be distinct"),
    (3, "reward spec must be"),
])
def test_bad_specs(spec, message):
    with pytest.raises(RewardsError, match=message):
        make_reward(spec)


def test_bad_inputs():
    reward = make_reward("bleu4")
    with pytest.raises(RewardsError, match="2 candidates but 1 references"):
        reward(["a", "b"], ["a"])
    with pytest.raises(RewardsError, match="not a single string"):
        reward("a b", ["a"])
    with pytest.raises(RewardsError, match="non-empty list"):
        reward(["a"], [[]])
    assert reward([], []).shape == (0,)


def test_ce_f1_reward_uses_clinical_scores(monkeypatch):
    clinical = pytest.importorskip("rrg_rewards.clinical")
    calls = []

    def fake(predictions, references):
        calls.append((list(predictions), list(references)))
        return np.array([float(p == r) for p, r in zip(predictions, references)])
    monkeypatch.setattr(clinical, "clinical_scores", fake)
    reward = make_reward("ce_f1")
    np.testing.assert_array_equal(reward(["a", "b"], ["a", "c"]), [1.0, 0.0])
    # several references: the best one counts
    np.testing.assert_array_equal(reward(["a", "b"], [["x", "a"], ["c", "d"]]), [1.0, 0.0])
    assert calls[-1][0] == ["a", "a", "b", "b"]


def test_ce_f1_reward_real_labeler():
    pytest.importorskip("rrg_rewards.clinical")
    reward = make_reward("ce_f1")
    text = "there is a large right pleural effusion ."
    r = reward([text, "the lungs are clear ."], [text, text])
    assert r.shape == (2,) and r[0] == pytest.approx(1.0) and r[1] < r[0]


@pytest.mark.java
@pytest.mark.slow  # starts the METEOR JVM (seconds) unless another test already did
def test_meteor_reward_equals_meteor_metric(java):
    from rrg_rewards.nlg.meteor import Meteor, meteor_available
    if not meteor_available():
        pytest.skip("the METEOR jar is not available")
    cands = ["the heart is normal", "no pleural effusion", "lungs clear"]
    refs = [["the heart is normal"], ["there is no pleural effusion"], ["the lungs are clear"]]
    got = make_reward("meteor")(cands, refs)
    np.testing.assert_array_equal(got, Meteor()(cands, refs)["METEOR"].per_sample)
    assert got[0] > got[2] > 0

"""Clinical rewards (weighted CE-F1, clinical errors, repetition, length) and normalize-then-sum."""
from __future__ import annotations

import numpy as np
import pytest

from rrg_rewards.errors import RewardsError
from rrg_rewards.labeler import OBSERVATIONS, label
from rrg_rewards.rl import make_reward, normalize_within_groups, prefix_scores
from rrg_rewards.rl.clinical_rewards import (CONTRADICTION_COST, ERROR_COSTS, HEDGE_COST, OMISSION_COST,
                                             ClinicalErrorPenalty, LengthRatioPenalty, RepetitionPenalty,
                                             WeightedClinicalF1Reward, prevalence_weights, repeated_share)

PE = "there is a pleural effusion ."
NO_PE = "no pleural effusion ."
MAYBE_PE = "possible pleural effusion ."
PE_CARDIO = "there is a pleural effusion . the heart is enlarged ."
NO_PTX = "no pneumothorax ."
REPORTS = [PE, NO_PE, MAYBE_PE, PE_CARDIO, NO_PTX, "the heart is normal in size .", "",
           "mild pulmonary edema . small left pleural effusion . no pneumothorax ."]

TOL = 1e-12


# ---- weighted CE-F1 -----------------------------------------------------------------------

def test_uniform_weights_equal_ce_f1():
    refs = list(reversed(REPORTS))
    got = make_reward("ce_f1_weighted")(REPORTS, refs)
    np.testing.assert_allclose(got, make_reward("ce_f1")(REPORTS, refs), rtol=0, atol=TOL)
    assert "w:uniform" in make_reward("ce_f1_weighted").signature


def test_weighted_f1_by_hand():
    """Prediction finds the effusion, misses cardiomegaly: TP = w_PE, FN = w_Cardio."""
    plain = make_reward("ce_f1_weighted")([PE], [PE_CARDIO])
    assert plain[0] == pytest.approx(2 / 3, abs=TOL)  # 2*1 / (2*1 + 1)
    heavy = WeightedClinicalF1Reward({"Pleural Effusion": 3.0})([PE], [PE_CARDIO])
    assert heavy[0] == pytest.approx(6 / 7, abs=TOL)  # 2*3 / (2*3 + 1)
    rare_cardio = WeightedClinicalF1Reward({"Cardiomegaly": 3.0})([PE], [PE_CARDIO])
    assert rare_cardio[0] == pytest.approx(2 / 5, abs=TOL)  # 2*1 / (2*1 + 3)
    # the reference itself scores 1 under any weights
    assert np.all(WeightedClinicalF1Reward({"Cardiomegaly": 3.0})(REPORTS, REPORTS) == 1.0)


def test_prevalence_weights_by_hand():
    labels = np.full((4, 14), -2, dtype=np.int8)
    pe, cardio = OBSERVATIONS.index("Pleural Effusion"), OBSERVATIONS.index("Cardiomegaly")
    labels[:2, pe] = 1          # prevalence 0.5 -> 1/0.5 = 2
    labels[0, cardio] = 1       # prevalence 0.25 -> 4
    labels[1:, cardio] = 0      # negatives do not count as positives
    raw = np.full(14, 1 / 0.01)  # never positive: the floor, 100
    raw[pe], raw[cardio] = 2.0, 4.0
    np.testing.assert_allclose(prevalence_weights(labels), raw / raw.mean(), rtol=0, atol=TOL)
    with pytest.raises(RewardsError, match=r"shape \(N, 14\)"):
        prevalence_weights(labels[:, :5])


def test_weights_from_training_reports_make_rare_findings_count_more():
    train = [PE] * 9 + [PE_CARDIO]  # effusion common (10/10), cardiomegaly rare (1/10)
    reward = make_reward("ce_f1_weighted", train_references=train)
    np.testing.assert_allclose(reward.weights, prevalence_weights(label(train)), rtol=0, atol=TOL)
    assert "w:train:10" in reward.signature
    # missing the rare finding costs more than missing the common one
    miss_rare = reward(["there is a pleural effusion ."], [PE_CARDIO])[0]
    miss_common = reward(["the heart is enlarged ."], [PE_CARDIO])[0]
    assert miss_rare < miss_common
    by_labels = make_reward("ce_f1_weighted", train_labels=label(train))
    np.testing.assert_allclose(by_labels.weights, reward.weights, rtol=0, atol=TOL)


def test_weights_errors():
    with pytest.raises(RewardsError, match="unknown observations"):
        WeightedClinicalF1Reward({"Heart Attack": 2.0})
    with pytest.raises(RewardsError, match="14 finite non-negative"):
        WeightedClinicalF1Reward([1.0] * 13)
    with pytest.raises(RewardsError, match="non-empty"):
        WeightedClinicalF1Reward(train_references=[])


# ---- clinical errors ----------------------------------------------------------------------

@pytest.mark.parametrize("candidate, reference, cost", [
    (NO_PE, PE, CONTRADICTION_COST),           # denies what the reference asserts
    (PE, NO_PE, CONTRADICTION_COST),           # asserts what the reference negates
    ("", PE, OMISSION_COST),                   # leaves a present finding out
    (PE, NO_PTX, OMISSION_COST),               # asserts an effusion the reference never mentions
    (NO_PTX, PE, OMISSION_COST),               # negative the reference leaves unsaid: 0, omission 0.5
    (MAYBE_PE, PE, HEDGE_COST),                # hedges a definite finding
    (MAYBE_PE, NO_PE, OMISSION_COST),          # uncertain against a denial
    (NO_PE, PE_CARDIO, CONTRADICTION_COST + OMISSION_COST),
])
def test_clinical_error_costs(candidate, reference, cost):
    assert make_reward("clinical_errors")([candidate], [reference])[0] == pytest.approx(-cost, abs=TOL)


def test_clinical_errors_invariants():
    reward = ClinicalErrorPenalty()
    assert np.all(reward(REPORTS, REPORTS) == 0.0)  # the reference itself: no error
    assert CONTRADICTION_COST > OMISSION_COST > HEDGE_COST > 0
    np.testing.assert_array_equal(ERROR_COSTS, ERROR_COSTS.T)  # symmetric: either direction costs alike
    assert np.all(np.diag(ERROR_COSTS) == 0)
    # a negation flip costs more than dropping the finding
    flip, omit = reward([NO_PE, ""], [PE, PE])
    assert flip < omit < 0
    # several references: the best one counts
    assert reward([NO_PE], [[PE, NO_PE]])[0] == 0.0


# ---- repetition and length ----------------------------------------------------------------

def test_repeated_share_by_hand():
    assert repeated_share("a b c a b c".split(), 3) == pytest.approx(0.25)  # abc bca cab abc
    assert repeated_share("a a a a".split(), 1) == pytest.approx(0.75)
    assert repeated_share("a b".split(), 3) == 0.0


def test_repetition_penalty():
    reward = make_reward("repetition")
    got = reward(["a b c a b c", "x y z", "a b c a b c a b c"], ["x y z", "a b c a b c", "a b c a b c"])
    # 0.25 - 0; less repetition than the reference: 0; (1 - 3/7) - 0.25
    np.testing.assert_allclose(got, [-0.25, 0.0, -(1 - 3 / 7 - 0.25)], rtol=0, atol=TOL)
    assert np.all(reward(REPORTS, REPORTS) == 0.0)
    assert RepetitionPenalty(n=1)(["a a"], ["a b"])[0] == pytest.approx(-0.5)
    with pytest.raises(RewardsError, match="order"):
        RepetitionPenalty(n=0)


def test_length_ratio_penalty():
    reward = make_reward("length_ratio")
    cands = ["a b", "a b c d", "a b c d e f", "", "a b c d e f g h i j"]
    got = reward(cands, ["a b c d"] * 5)
    np.testing.assert_allclose(got, [-1.0, 0.0, -np.log2(1.5), -1.0, -1.0], rtol=0, atol=TOL)
    assert np.all(reward(REPORTS, REPORTS) == 0.0)
    assert reward(["a b"], [["a b c d", "a b c"]])[0] == pytest.approx(-np.log2(1.5), abs=TOL)
    assert LengthRatioPenalty.penalty(0, 0) == 0.0 and LengthRatioPenalty.penalty(3, 0) == -1.0


# ---- normalize-then-sum -----------------------------------------------------------------

def _zscore(x: np.ndarray) -> np.ndarray:
    s = x.std()
    return np.zeros_like(x) if s == 0 else (x - x.mean()) / s


def test_normalize_within_groups_by_hand():
    x = np.array([1.0, 3.0, 5.0, 5.0, 0.0, 10.0])
    got = normalize_within_groups(x, np.array([0, 0, 1, 1, 2, 2]))
    np.testing.assert_allclose(got, [-1, 1, 0, 0, -1, 1], rtol=0, atol=TOL)  # equal values: 0
    np.testing.assert_allclose(normalize_within_groups(x, None), _zscore(x), rtol=0, atol=TOL)


@pytest.mark.parametrize("groups", [None, 2, ["a", "a", "b", "b", "c", "c"], [0, 1, 0, 1, 0, 1]])
def test_normalize_then_sum_equals_manual_computation(groups):
    cands = [PE, NO_PE, "", PE_CARDIO + " " + PE_CARDIO, MAYBE_PE, NO_PTX]
    refs = [PE, PE, PE_CARDIO, PE_CARDIO, NO_PE, NO_PTX]
    reward = make_reward("normalize:0.7*ce_f1+0.2*clinical_errors+0.1*length_ratio")
    assert reward.groupwise and reward.name.startswith("normalize:")
    res = reward.score(cands, refs, groups)
    ids = {None: [0] * 6, 2: [0, 0, 1, 1, 2, 2]}.get(groups if not isinstance(groups, list) else -1, groups)
    ids = np.asarray(ids)
    manual = np.zeros(6)
    for w, name in ((0.7, "ce_f1"), (0.2, "clinical_errors"), (0.1, "length_ratio")):
        raw = make_reward(name)(cands, refs)
        np.testing.assert_allclose(res.components[name], raw, rtol=0, atol=TOL)  # unweighted, raw
        for g in set(ids.tolist()):
            m = ids == g
            manual[m] += w * _zscore(raw[m])
    np.testing.assert_allclose(res.total, manual, rtol=0, atol=1e-9)


def test_sum_then_normalize_is_the_plain_sum():
    cands, refs = [PE, NO_PE, ""], [PE, PE, PE]
    total = make_reward("0.5*ce_f1+0.5*clinical_errors")(cands, refs, groups=3)
    manual = 0.5 * make_reward("ce_f1")(cands, refs) + 0.5 * make_reward("clinical_errors")(cands, refs)
    np.testing.assert_allclose(total, manual, rtol=0, atol=TOL)


def test_clinical_composite():
    train = [PE] * 9 + [PE_CARDIO]
    reward = make_reward("clinical", train_references=train)
    assert reward.groupwise
    assert reward.component_weights() == {"ce_f1_weighted": 1.0, "clinical_errors": 0.5,
                                           "repetition": 0.1, "length_ratio": 0.1}
    assert "w:train:10" in reward.signature and reward.signature.startswith("normalize:")
    # within one prompt's group the right report ranks first, the contradiction last
    cands = [PE_CARDIO, PE, NO_PE, PE_CARDIO + " " + PE_CARDIO]
    total = reward(cands, [PE_CARDIO] * 4)
    assert np.argmax(total) == 0 and np.argmin(total) == 2
    # aggregation= overrides the composite's own
    plain = make_reward("clinical", train_references=train, aggregation="sum_then_normalize")
    assert not plain.groupwise
    res = plain.score(cands, [PE_CARDIO] * 4)
    manual = sum(res.weights[k] * v for k, v in res.components.items())
    np.testing.assert_allclose(res.total, manual, rtol=0, atol=TOL)


def test_spec_parsing():
    assert make_reward("ce_weighted").name == "ce_f1_weighted"
    assert make_reward("errors").name == "clinical_errors"
    r = make_reward("0.5*bleu4+0.5*ce_f1", aggregation="normalize_then_sum")
    assert r.groupwise and r.name == "normalize:0.5*bleu4+0.5*ce_f1"
    single = make_reward("normalize:ce_f1")  # one normalized term: a z-scored reward
    assert single.groupwise
    np.testing.assert_allclose(single([PE, NO_PE], [PE, PE]), [1.0, -1.0], rtol=0, atol=TOL)
    assert not make_reward("bleu4").groupwise
    scaled = 2 * make_reward("normalize:ce_f1+bleu4")
    assert scaled.groupwise and scaled.component_weights() == {"ce_f1": 2.0, "bleu4": 2.0}


@pytest.mark.parametrize("call, match", [
    (lambda: make_reward("bleu4", aggregation="mean"), "unknown reward aggregation"),
    (lambda: make_reward("normalize:"), "nothing to normalize"),
    (lambda: make_reward("normalize:0.5*bleu9"), "unknown reward 'bleu9'"),
    (lambda: make_reward("clinical_error"), "clinical_errors"),  # the message lists the names
    (lambda: make_reward("normalize:ce_f1")([PE] * 3, [PE] * 3, groups=2), "does not divide"),
    (lambda: make_reward("normalize:ce_f1")([PE] * 3, [PE] * 3, groups=[0, 1]), "2 group ids for 3"),
    (lambda: make_reward("normalize:ce_f1")([PE], [PE], groups=[[0]]), "hashable"),
    (lambda: prefix_scores([PE], [PE], make_reward("normalize:bleu4+rouge_l")), "per-token rewards"),
])
def test_errors(call, match):
    with pytest.raises(RewardsError, match=match):
        call()

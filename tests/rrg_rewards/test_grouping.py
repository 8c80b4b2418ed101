"""Evaluation by group: each group equals `evaluate` on its samples; worst group; errors."""
from __future__ import annotations

import random

import numpy as np
import pytest

import rrg_rewards
from rrg_rewards.errors import RewardsError
from rrg_rewards.evaluation import evaluate
from rrg_rewards.grouping import MIN_BOOTSTRAP_GROUP, evaluate_by_group
from rrg_rewards.labeler import OBSERVATIONS
from rrg_rewards.nlg.cider import DocumentFrequencies

SENTENCES = ["the heart is normal in size .", "no pleural effusion .", "there is a small left pleural effusion .",
             "the lungs are clear .", "mild pulmonary edema .", "no pneumothorax .", "the heart is enlarged .",
             "stable cardiomegaly .", "there is a right lower lobe opacity ."]
METRICS = "bleu,rouge_l,cider,ce"


def _data(n: int = 30, seed: int = 0):
    rng = random.Random(seed)
    refs = [" ".join(rng.sample(SENTENCES, 3)) for _ in range(n)]
    preds = [" ".join(rng.sample(SENTENCES, rng.randint(1, 3))) for _ in range(n)]
    groups = [rng.choice(["site-a", "site-b", "site-c"]) for _ in range(n)]
    return preds, refs, groups


def test_each_group_equals_evaluate_on_its_samples():
    preds, refs, groups = _data()
    g = evaluate_by_group(preds, refs, groups, METRICS)
    assert list(g.groups) == ["site-a", "site-b", "site-c"]
    assert sum(g.sizes.values()) == len(preds)
    whole = evaluate(preds, refs, METRICS)
    for key, m in whole.metrics.items():
        assert g.overall[key].value == m.value
    df = DocumentFrequencies.from_corpus(refs)
    for name, ev in g.groups.items():
        ix = [i for i, x in enumerate(groups) if x == name]
        alone = evaluate([preds[i] for i in ix], [refs[i] for i in ix], METRICS, cider_df=df)
        for key, m in alone.metrics.items():
            assert ev[key].value == pytest.approx(m.value, abs=1e-12), (name, key)
            np.testing.assert_allclose(ev[key].per_sample, m.per_sample, rtol=0, atol=1e-12)


def test_mean_metrics_decompose_over_groups():
    """ROUGE-L and CIDEr (df of the whole input) are means: overall = size-weighted group mean."""
    preds, refs, groups = _data(seed=1)
    g = evaluate_by_group(preds, refs, groups, "rouge_l,cider")
    for key in ("ROUGE_L", "CIDEr"):
        mean = sum(g.sizes[n] * ev[key].value for n, ev in g.groups.items()) / len(preds)
        assert mean == pytest.approx(g.overall[key].value, abs=1e-9)
    # per-group frequencies (scoring a group alone, pycocoevalcap's way) would break that
    ix = [i for i, x in enumerate(groups) if x == "site-a"]
    alone = evaluate([preds[i] for i in ix], [refs[i] for i in ix], "cider")
    assert alone["CIDEr"].value != pytest.approx(g["site-a"]["CIDEr"].value, abs=1e-6)


def test_worst_group_is_the_lowest():
    preds, refs, groups = _data(seed=2)
    groups = ["bad" if i < 10 else "good" for i in range(len(preds))]
    preds = ["" if i < 10 else refs[i] for i in range(len(preds))]  # 'bad' says nothing, 'good' is perfect
    g = evaluate_by_group(preds, refs, groups, METRICS)
    for key in ("Bleu_4", "ROUGE_L", "CIDEr", "CE_F1_micro"):
        assert g.worst[key] == ("bad", g["bad"][key].value)
        assert g["bad"][key].value < g["good"][key].value
    assert g["good"]["CE_F1_micro"].value == 1.0


def test_bootstrap_intervals_per_group_and_the_size_floor():
    preds, refs, groups = _data(n=40, seed=3)
    groups = ["x" if i % 2 else "y" for i in range(40)]
    g = evaluate_by_group(preds, refs, groups, "bleu,rouge_l", bootstrap=200, seed=7)
    for name, ev in g.groups.items():
        ix = [i for i, x in enumerate(groups) if x == name]
        alone = evaluate([preds[i] for i in ix], [refs[i] for i in ix], "bleu,rouge_l", bootstrap=200, seed=7)
        for key in ("Bleu_4", "ROUGE_L"):
            iv = ev[key].interval
            assert iv.low <= ev[key].value <= iv.high
            assert (iv.low, iv.high) == pytest.approx((alone[key].interval.low, alone[key].interval.high), abs=1e-12)
    small = ["x"] * 35 + ["tiny"] * 5
    with pytest.raises(RewardsError, match=rf"at least {MIN_BOOTSTRAP_GROUP} samples per group.*'tiny' \(5\)"):
        evaluate_by_group(preds, refs, small, "bleu", bootstrap=100)
    evaluate_by_group(preds, refs, small, "bleu")  # without intervals small groups are fine


def test_label_arrays_and_compare_are_split_by_group():
    preds, refs, groups = _data(seed=4)
    labels = rrg_rewards.label(preds)
    other = list(reversed(preds))
    g = evaluate_by_group(preds, refs, groups, "ce", pred_labels=labels, compare=other, trials=50)
    plain = evaluate_by_group(preds, refs, groups, "ce", compare=other, trials=50)
    for name in g.groups:
        assert g[name]["CE_F1_micro"].value == plain[name]["CE_F1_micro"].value
        assert g[name]["CE_F1_micro"].comparison.p_value == plain[name]["CE_F1_micro"].comparison.p_value


def test_a_label_csv_of_other_reports_is_noted_once_overall(tmp_path):
    import csv

    preds, refs, groups = _data(seed=5)
    path = tmp_path / "refs.csv"
    with open(path, "w", newline="") as fh:  # reference labels written in another row order
        w = csv.writer(fh)
        w.writerow(["Reports", *OBSERVATIONS])
        for text, row in zip(refs[::-1], rrg_rewards.label(refs[::-1])):
            w.writerow([text, *("" if v == -2 else int(v) for v in row)])
    g = evaluate_by_group(preds, refs, groups, "ce", ref_labels=str(path))
    assert len(g.overall.notes) == 1 and "labels are matched to samples by row position" in g.overall.notes[0]


def test_score_group_by_and_to_dict_and_frame():
    preds, refs, _ = _data(n=36, seed=5)
    groups = [("site-a", "site-b", "site-c")[i % 3] for i in range(36)]
    g = rrg_rewards.score(preds, refs, "bleu,cider", group_by=groups, bootstrap=50)
    assert set(g.groups) == set(groups) and "CIDEr" in g.overall.metrics
    d = g.to_dict()
    assert set(d["groups"]) == set(groups)
    assert d["groups"]["site-a"]["samples"] == groups.count("site-a")
    assert d["groups"]["site-a"]["scores"]["Bleu_4"]["ci"]["low"] <= d["groups"]["site-a"]["scores"]["Bleu_4"]["value"]
    assert d["worst"]["CIDEr"]["group"] == g.worst["CIDEr"][0]
    pd = pytest.importorskip("pandas")
    frame = g.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == (1 + len(g.groups)) * len(g.overall.metrics)
    row = frame[(frame.group == "site-b") & (frame.metric == "Bleu_4")].iloc[0]
    assert row.value == g["site-b"]["Bleu_4"].value and row.samples == groups.count("site-b")
    with pytest.raises(RewardsError, match="only with group_by"):
        rrg_rewards.score(preds, refs, "bleu", bootstrap=10)


@pytest.mark.parametrize("groups, match", [
    (["a"] * 29, "29 group labels for 30 samples"),
    (["a"] * 29 + [None], "sample 29 has no group"),
    (["a"] * 29 + ["  "], "blank group"),
    ("abc", "not a single string"),
])
def test_bad_groups(groups, match):
    preds, refs, _ = _data()
    with pytest.raises(RewardsError, match=match):
        evaluate_by_group(preds, refs, groups, "bleu")

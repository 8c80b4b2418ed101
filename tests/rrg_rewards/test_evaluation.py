"""`rrg_rewards.evaluation.evaluate`: the values of `score` and `clinical_efficacy`, with intervals,
paired tests, signatures and the metric-name rules of `rrg score`."""
import json

import numpy as np
import pytest

import rrg_rewards
from rrg_rewards import RewardsError, score
from rrg_rewards.clinical import clinical_efficacy
from rrg_rewards.evaluation import Evaluation, evaluate, parse_metrics, plan_metrics
from rrg_rewards.labeler import label
from rrg_rewards.scoring import decompose
from rrg_rewards.significance import bootstrap_interval, paired_randomization

NO_JAVA = "bleu,rouge_l,cider"
PREDS = ["the heart is normal . no effusion .", "small left pleural effusion .", "lungs clear .",
         "", "cardiomegaly . mild edema .", "no pneumothorax ."]
REFS = [["heart size is normal . no pleural effusion ."], ["small left effusion .", "left effusion ."],
        ["the lungs are clear ."], ["normal chest ."], ["the heart is enlarged . edema ."],
        ["small right pneumothorax ."]]
OTHER = ["normal .", "effusion .", "the lungs are clear .", "normal chest .", "edema .", "pneumothorax ."]


def test_values_per_sample_and_signatures_equal_score():
    ev = evaluate(PREDS, REFS, NO_JAVA, clean="iu_xray")
    lib = score(PREDS, REFS, metrics=NO_JAVA, clean="iu_xray")
    assert isinstance(ev, Evaluation) and list(ev) == list(lib)
    for key, s in lib.items():
        assert ev[key].value == s.value and ev[key].signature == s.signature
        np.testing.assert_array_equal(ev[key].per_sample, s.per_sample)
        assert ev[key].interval is None and ev[key].comparison is None
    assert ev.values == {k: s.value for k, s in lib.items()}
    assert ev.signatures == {k: s.signature for k, s in lib.items()}
    assert ev.notes == () and ev.other is None


def test_ce_equals_clinical_efficacy():
    ev = evaluate(PREDS, REFS, "ce,bleu", ce_observations=5, ce_uncertain="positive")
    ce = clinical_efficacy(PREDS, [r[0] for r in REFS], observations=5, uncertain="positive")
    assert list(ev)[:4] == ["Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4"]
    for avg in ("micro", "macro"):
        prf = getattr(ce, avg)
        assert ev[f"CE_P_{avg}"].value == prf.precision
        assert ev[f"CE_R_{avg}"].value == prf.recall
        assert ev[f"CE_F1_{avg}"].value == prf.f1
        assert ev[f"CE_F1_{avg}"].signature == ce.signature.replace("avg:micro", f"avg:{avg}")
    np.testing.assert_array_equal(ev["CE_F1_micro"].per_sample, ce.per_sample)
    assert ev.signature["ce"] == "CE|labeler:rrg-v8|unc:pos|obs:5|avg:micro+macro"
    assert ev.signature["metrics"] == ["bleu", "ce"]


def test_precomputed_labels_as_arrays():
    pred_l, ref_l = label(PREDS), label([r[0] for r in REFS])
    given = evaluate(PREDS, REFS, "ce", pred_labels=pred_l, ref_labels=ref_l)
    own = evaluate(PREDS, REFS, "ce")
    assert given.values == own.values
    assert "labeler:csv" in given.signature["ce"]
    with pytest.raises(RewardsError, match="ref_labels has 2 label rows but there are 6 samples"):
        evaluate(PREDS, REFS, "ce", ref_labels=ref_l[:2])


def test_bootstrap_and_comparison_equal_the_significance_functions():
    ev = evaluate(PREDS, REFS, "bleu,cider,ce", bootstrap=200, seed=7, compare=OTHER, trials=100)
    lib, other = score(PREDS, REFS, metrics="bleu,cider"), score(OTHER, REFS, metrics="bleu,cider")
    for key in ("Bleu_4", "CIDEr"):
        dec = decompose(key, lib[key], PREDS, REFS)
        assert ev[key].interval == bootstrap_interval(dec, 200, 7, 0.95)
        t = paired_randomization(dec, decompose(key, other[key], OTHER, REFS), 100, 7)
        c = ev[key].comparison
        assert (c.other, c.delta, c.p_value, c.n_trials, c.seed) == (other[key].value, t.delta, t.p_value, 100, 7)
        assert c.delta == pytest.approx(ev[key].value - c.other, abs=1e-12)
    for key, m in ev.metrics.items():
        assert m.interval.low - 1e-12 <= m.value <= m.interval.high + 1e-12, key
        assert m.comparison is not None and m.exact
    ce_other = clinical_efficacy(OTHER, [r[0] for r in REFS])
    assert ev["CE_F1_micro"].comparison.other == ce_other.micro.f1
    assert ev.other is not None and ev.other["CIDEr"].value == other["CIDEr"].value
    assert ev.signature["bootstrap"] == {"resamples": 200, "seed": 7, "confidence": 0.95}
    assert ev.signature["compare"] == {"test": "paired-ar", "trials": 100, "seed": 7}


def test_compare_with_itself_is_not_significant():
    ev = evaluate(PREDS, REFS, "bleu,rouge_l", compare=list(PREDS), trials=50)
    for m in ev.metrics.values():
        assert m.comparison.delta == 0.0 and m.comparison.p_value == 1.0


def test_to_dict_is_the_json_report():
    ev = evaluate(PREDS, REFS, "rouge_l", bootstrap=20, compare=OTHER, trials=20)
    rep = ev.to_dict()
    json.dumps(rep)  # JSON-ready
    assert set(rep) == {"signature", "scores"}
    sig = rep["signature"]
    assert sig["samples"] == 6 and sig["nrefs"] == "var" and sig["clean"] == "none"
    assert sig["rrg"] == rrg_rewards.__version__ and sig["reference"].startswith("pycocoevalcap ")
    entry = rep["scores"]["ROUGE_L"]
    assert set(entry) == {"value", "signature", "ci", "compare"}
    assert set(entry["ci"]) == {"low", "high", "mean"} and set(entry["compare"]) == {"other", "delta", "p_value"}
    rep["signature"]["compare"]["file"] = "x"  # a copy: the result is unchanged
    assert "file" not in ev.signature["compare"]


def test_parse_metrics_all_includes_ce_and_errors_name_every_choice():
    assert parse_metrics(None) == (["bleu", "meteor", "rouge_l", "cider"], False)
    assert parse_metrics("all") == (["bleu", "meteor", "rouge_l", "cider"], True)
    assert parse_metrics(["CE", "Rouge", "cider-d", "bleu", "bleu"]) == (["rouge_l", "cider", "bleu"], True)
    assert parse_metrics(" ce , ") == ([], True)
    with pytest.raises(RewardsError) as err:
        parse_metrics("bleu,SPICE")
    assert str(err.value).startswith("unknown metric 'SPICE'; choose from ")
    assert set(str(err.value).split("choose from ")[1].split(", ")) == {
        "bleu", "meteor", "rouge_l", "cider", "rouge_score", "ce", "all"}
    with pytest.raises(RewardsError, match="no metrics requested"):
        parse_metrics(",")


def test_meteor_is_left_out_with_a_note_when_unavailable(monkeypatch):
    from rrg_rewards.nlg import meteor

    monkeypatch.setattr(meteor, "meteor_unavailable_reason", lambda: "METEOR unavailable: test")
    assert plan_metrics("meteor,bleu") == (["bleu"], False, "METEOR unavailable: test")
    ev = evaluate(PREDS, REFS, "meteor,rouge_l", bootstrap=5)
    assert list(ev) == ["ROUGE_L"] and ev.notes == ("METEOR unavailable: test",)
    assert ev.to_dict()["notes"] == ["METEOR unavailable: test"]
    with pytest.raises(RewardsError, match="METEOR unavailable: test; no other metric requested"):
        evaluate(PREDS, REFS, "meteor")


def test_on_metric_is_called_per_metric_and_system():
    seen = []
    evaluate(PREDS, REFS, "bleu,cider", compare=OTHER, trials=5, on_metric=seen.append)
    assert seen == ["bleu", "cider", "bleu", "cider"]


@pytest.mark.parametrize("kwargs, message", [
    ({"predictions": [], "references": []}, "no samples to score"),
    ({"references": REFS[:2]}, "6 predictions but 2 references"),
    ({"compare": OTHER[:3]}, "compare needs one prediction per sample"),
    ({"compare": "one string"}, "compare needs one prediction per sample"),
    ({"bootstrap": -1}, "bootstrap must be a whole number"),
    ({"clean": "bogus"}, "bogus"),
    ({"metrics": "blue"}, "unknown metric 'blue'"),
])
def test_bad_input_raises_rewards_error(kwargs, message):
    args = {"predictions": PREDS, "references": REFS, "metrics": NO_JAVA, **kwargs}
    with pytest.raises(RewardsError, match=message):
        evaluate(**args)

"""`score(..., metrics="rouge_score")`: Google rouge-score's stemmed ROUGE-1/2/L under its names."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("rouge_score")

from rouge_score import rouge_scorer  # noqa: E402

from rrg_rewards import score  # noqa: E402
from rrg_rewards.errors import RewardsError  # noqa: E402


# (prediction, references, rouge1, rouge2, rougeL), computed by hand
CASES = [
    # 3 of 4 unigrams, 2 of 3 bigrams, LCS 3 of 4
    ("the heart is enlarged", ["the heart is normal"], 3 / 4, 2 / 3, 3 / 4),
    # stemming: "effusions" and "effusion" are one token; punctuation and case dropped
    ("Small pleural effusions.", ["small pleural effusion"], 1.0, 1.0, 1.0),
    # unigrams P 3/3, R 3/4 -> F 6/7; bigrams: "pleural effusion" only, P 1/2, R 1/3 -> F 0.4
    ("small pleural effusion", ["small left pleural effusion"], 6 / 7, 0.4, 6 / 7),
    # several references: per type the reference of best F
    ("no effusion", ["the heart is normal", "no pleural effusion"],
     2 * 1 * (2 / 3) / (1 + 2 / 3), 0.0, 2 * 1 * (2 / 3) / (1 + 2 / 3)),
    ("", ["the heart is normal"], 0.0, 0.0, 0.0),
]


@pytest.mark.parametrize("pred,refs,r1,r2,rl", CASES)
def test_hand_computed(pred, refs, r1, r2, rl):
    s = score([pred], [refs], metrics="rouge_score")
    assert list(s) == ["rouge1", "rouge2", "rougeL"]
    assert s["rouge1"].value == pytest.approx(r1, abs=1e-12)
    assert s["rouge2"].value == pytest.approx(r2, abs=1e-12)
    assert s["rougeL"].value == pytest.approx(rl, abs=1e-12)


def test_equals_rouge_score_and_differs_from_pycocoevalcap_rouge_l():
    preds = ["the heart is enlarged .", "small pleural effusions", "no pneumothorax"]
    refs = [["the heart is normal ."], ["small left pleural effusion", "no effusion"],
            ["no pneumothorax or effusion"]]
    s = score(preds, refs, metrics="rouge_score,rouge_l")
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    for key in ("rouge1", "rouge2", "rougeL"):
        want = [scorer.score_multi(r, p)[key].fmeasure for p, r in zip(preds, refs)]
        np.testing.assert_array_equal(s[key].per_sample, want)
        assert s[key].value == pytest.approx(np.mean(want), abs=1e-15)
        assert "impl:rouge-score-" in s[key].signature and "stem:yes" in s[key].signature
    # pycocoevalcap's ROUGE_L (no stemming, beta 1.2) is another number, kept under its name
    assert s["ROUGE_L"].value != pytest.approx(s["rougeL"].value, abs=1e-3)


def test_not_in_the_default_metrics_and_imported_only_when_asked():
    assert "rouge1" not in score(["a b"], ["a b"], metrics="all")
    code = ("import sys, rrg_rewards; rrg_rewards.score(['a b'], ['a b'], metrics='bleu'); "
            "print('rouge_score' in sys.modules, 'nltk' in sys.modules, 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_unknown_metric_lists_rouge_score():
    with pytest.raises(RewardsError, match="rouge_score"):
        score(["a"], ["a"], metrics="rouge9")

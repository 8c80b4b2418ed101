"""BLEU-1..4, ROUGE-L and CIDEr-D against pycocoevalcap 1.2, live, to 1e-9 (in practice: bit for bit).

Inputs: the nlg-eval test vectors and 2,000 generated report-like pairs full of edge cases
(empty and one-word candidates, 1-4 references, repeated n-grams, reports longer than 64
tokens, double spaces, tabs and newlines). METEOR is compared in test_meteor.py.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pycocoevalcap")
from pycocoevalcap.bleu.bleu import Bleu  # noqa: E402
from pycocoevalcap.cider.cider import Cider  # noqa: E402
from pycocoevalcap.rouge.rouge import Rouge  # noqa: E402

from rrg_rewards.nlg import bleu as bleu_mod  # noqa: E402
from rrg_rewards.nlg import cider as cider_mod  # noqa: E402
from rrg_rewards.nlg import rouge as rouge_mod  # noqa: E402
from rrg_rewards.nlg.bleu import BLEU  # noqa: E402
from rrg_rewards.nlg.cider import CIDErD, DocumentFrequencies  # noqa: E402
from rrg_rewards.nlg.rouge import RougeL  # noqa: E402

TOL = 1e-9


def _generate_pairs(n: int, seed: int):
    spec = importlib.util.spec_from_file_location(
        "rrg_nlg_gen_pairs", Path(__file__).with_name("gen_pairs.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_pairs(n, seed)


def pycoco(predictions: list[str], references: list[list[str]]) -> dict[str, tuple]:
    """``{name: (corpus, per_sample array)}`` from pycocoevalcap 1.2."""
    gts = {i: list(r) for i, r in enumerate(references)}
    res = {i: [p] for i, p in enumerate(predictions)}
    out = {}
    corpus, per = Bleu(4).compute_score(gts, res, verbose=0)
    for k in range(4):
        out[f"Bleu_{k + 1}"] = (corpus[k], np.asarray(per[k]))
    corpus, per = Rouge().compute_score(gts, res)
    out["ROUGE_L"] = (corpus, np.asarray(per))
    corpus, per = Cider().compute_score(gts, res)
    out["CIDEr"] = (corpus, np.asarray(per))
    return out


def ours(predictions: list[str], references: list[list[str]], cider_df=None) -> dict:
    out = {}
    for metric in (BLEU(), RougeL(), CIDErD(df=cider_df)):
        out.update(metric(predictions, references))
    return out


def assert_equal(theirs: dict, mine: dict, names=None) -> None:
    for name in names or theirs:
        corpus, per = theirs[name]
        score = mine[name]
        assert score.per_sample.dtype == np.float64
        assert score.per_sample.shape == per.shape
        np.testing.assert_allclose(score.per_sample, per, rtol=0, atol=TOL, err_msg=name)
        assert score.value == pytest.approx(corpus, abs=TOL), name


@pytest.fixture(scope="module")
def generated():
    predictions, references = _generate_pairs(2000, seed=7)
    return predictions, references, pycoco(predictions, references)


def test_generated_pairs_cover_the_edge_cases(generated):
    predictions, references, _ = generated
    assert "" in predictions
    assert any(len(p.split()) == 1 for p in predictions)
    assert any("  " in p for p in predictions) and any("\t" in p for p in predictions)
    assert any(len(p.split(" ")) > 64 for p in predictions)
    assert {len(r) for r in references} == {1, 2, 3, 4}


def test_every_value_equals_pycocoevalcap(generated):
    predictions, references, theirs = generated
    mine = ours(predictions, references)
    assert_equal(theirs, mine)
    # Not just within 1e-9: the same float evaluation order. BLEU and ROUGE-L use only
    # IEEE arithmetic and the same libm pow/exp, so their bits are equal everywhere;
    # CIDEr also depends on numpy's log (array vs scalar path), so allow a few ulps.
    for name, (corpus, per) in theirs.items():
        if name == "CIDEr":
            np.testing.assert_allclose(mine[name].per_sample, per, rtol=1e-14, atol=1e-14)
        else:
            assert np.array_equal(mine[name].per_sample, per), name
            assert mine[name].value == corpus, name


def test_chunked_paths_give_the_same_values(generated, monkeypatch):
    """Large inputs are scored in chunks (CIDEr first counts df over all chunks)."""
    predictions, references, theirs = generated
    for module in (bleu_mod, cider_mod, rouge_mod):
        monkeypatch.setattr(module, "_CHUNK", 300)
    assert_equal(theirs, ours(predictions, references))


def test_cider_with_df_of_the_same_references_equals_pycocoevalcap(generated):
    predictions, references, theirs = generated
    df = DocumentFrequencies.from_corpus(references)
    assert_equal(theirs, ours(predictions, references, cider_df=df), ["CIDEr"])


def test_streaming_updates_equal_pycocoevalcap(generated):
    predictions, references, theirs = generated
    for metric in (BLEU(), RougeL(), CIDErD()):
        for lo in range(0, len(predictions), 700):
            metric.update(predictions[lo:lo + 700], references[lo:lo + 700])
        assert_equal(theirs, metric.compute(), metric.names)


def test_nlg_eval_vectors(shared_data):
    data = json.loads((shared_data / "metric_refs" / "nlg_eval" / "test_vectors.json").read_text())
    for case in data["cases"]:
        keys = sorted(case["res"], key=int)
        predictions = [case["res"][k][0] for k in keys]
        references = [case["gts"][k] for k in keys]
        mine = ours(predictions, references)
        assert_equal(pycoco(predictions, references), mine)
        for name, value in case["pycocoevalcap_1.2_computed_here"].items():
            if name != "METEOR":
                assert mine[name].value == pytest.approx(value, abs=TOL), (case["name"], name)
        for name, value in case["expected"].items():  # nlg-eval's own 5-decimal assertions
            if name != "METEOR":
                assert mine[name].value == pytest.approx(value, abs=1e-5), (case["name"], name)


@pytest.mark.parametrize("predictions, references", [
    (["a"], [["a"]]),                                   # one image: CIDEr 0
    (["", "x y"], [["a b c d"], [""]]),
    (["a a a a a a a a"], [["a a", "a a a a a a a a a a a a"]]),
    (["no  effusion", "lungs\tclear ."], [["no effusion"], ["lungs clear ."]]),
])
def test_small_edge_cases_equal_pycocoevalcap(predictions, references):
    assert_equal(pycoco(predictions, references), ours(predictions, references))


def test_all_references_empty():
    """pycocoevalcap's CIDEr crashes (max() of no document frequencies); we score 0."""
    gts, res = {0: [""]}, {0: [""]}
    with pytest.raises(ValueError):
        Cider().compute_score(gts, res)
    mine = ours([""], [[""]])
    assert mine["CIDEr"].value == 0.0
    assert mine["ROUGE_L"].value == 1.0  # one empty token each: pycocoevalcap's 1.0
    corpus, per = Bleu(4).compute_score(gts, res, verbose=0)
    for k in range(4):
        assert mine[f"Bleu_{k + 1}"].value == corpus[k]
        assert mine[f"Bleu_{k + 1}"].per_sample[0] == per[k][0]


def _run_shared(predictions, references, order):
    from rrg_rewards.nlg._ngrams import shared_ngram_tables

    out = {}
    with shared_ngram_tables():
        for metric in order:
            out.update(metric(predictions, references))
    return out


def test_shared_tables_equal_pycocoevalcap(generated):
    """Sharing tokenization/n-gram tables (as score() does) changes no value, in any order."""
    from rrg_rewards.nlg import _ngrams

    predictions, references, theirs = generated
    assert_equal(theirs, _run_shared(predictions, references, [RougeL(), BLEU(), CIDErD()]))
    # single-spaced texts: ROUGE-L reuses the whitespace numbering
    clean = [i for i, (p, rs) in enumerate(zip(predictions, references))
             if _ngrams._single_spaced([p, *rs])][:400]
    preds, refs = [predictions[i] for i in clean], [references[i] for i in clean]
    assert_equal(pycoco(preds, refs), _run_shared(preds, refs, [BLEU(), CIDErD(), RougeL()]))
    assert _ngrams._SHARED.get() is None  # nothing kept after the block


@pytest.mark.parametrize("texts, expected", [
    (["a b", "c"], True),
    (["a  b"], False), ([" a"], False), (["a "], False), ([""], False),
    (["a\tb"], False), (["a\nb"], False), (["a\u00a0b"], False),
])
def test_single_spaced(texts, expected):
    from rrg_rewards.nlg._ngrams import _single_spaced

    assert _single_spaced(texts) is expected
    if expected:
        assert all(t.split(" ") == t.split() for t in texts)


def test_single_reference_fast_path_equals_pycocoevalcap(generated):
    """With exactly one reference per sample BLEU takes a shortcut; same values."""
    predictions, references, _ = generated
    refs = [r[:1] for r in references[:800]]
    preds = predictions[:800]
    assert_equal(pycoco(preds, refs), ours(preds, refs))

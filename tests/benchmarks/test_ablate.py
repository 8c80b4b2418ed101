"""The ablation harness: configs, chains, scoring, significance, tables, and a smoke bench end to end."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rrg_benchmarks import ablate, paper_tables
from rrg_benchmarks.ablate import BenchSpec, Chain
from rrg_model.errors import ModelError


def test_run_config_sets_architecture_seed_threads_and_overrides() -> None:
    spec = BenchSpec(preset="smoke", overrides={"rl.nll_weight": 0.5}, reward="0.5*bleu4+0.5*ce_f1", meteor=False)
    base, cmm = ablate.run_config(spec, "base", 3), ablate.run_config(spec, "cmm", 3)
    assert (base.model.use_cmm, cmm.model.use_cmm) == (False, True)
    assert base.seed == cmm.seed == 3 and base.num_threads == 1
    assert base.rl.nll_weight == 0.5 and base.rl.reward == "0.5*bleu4+0.5*ce_f1"
    assert base.data.augment is False  # from configs/smoke.json: flips would contradict left/right
    assert "meteor" not in base.metrics
    # identical except the architecture switch
    assert base.to_dict() | {"model": None} == cmm.to_dict() | {"model": None}


@pytest.mark.parametrize("override, message", [
    ({"model.nope": 1}, "unknown key 'nope'"),
    ({"seed.x": 1}, "not a config section"),
])
def test_bad_overrides_raise(override: dict, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        ablate.run_config(BenchSpec(preset="smoke", overrides=override), "base", 1)


@pytest.mark.parametrize("spec, message", [
    (BenchSpec(ablation="everything"), "unknown ablation"),
    (BenchSpec(preset="huge"), "unknown preset"),
    (BenchSpec(dataset="iu_xray"), "needs --data-dir"),
    (BenchSpec(seeds=()), "seeds"),
    (BenchSpec(images="jpeg"), "images must be"),
])
def test_bad_specs(spec: BenchSpec, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        spec.validate()


def test_chains_pair_each_rl_variant_with_its_own_mle_parent() -> None:
    assert ablate.chains_for(BenchSpec(ablation="all", seeds=(1, 2))) == [
        Chain("base", 1, ("base", "rl")), Chain("cmm", 1, ("cmm", "cmm_rl")),
        Chain("base", 2, ("base", "rl")), Chain("cmm", 2, ("cmm", "cmm_rl"))]
    assert ablate.chains_for(BenchSpec(ablation="cmm_rl")) == [Chain("cmm", 1, ("cmm", "cmm_rl"))]
    assert ablate.chains_for(BenchSpec(ablation="base")) == [Chain("base", 1, ("base",))]


def test_bleu_statistics_reproduce_corpus_bleu4() -> None:
    from rrg_rewards import score

    preds = ["the heart is normal in size .", "small left pleural effusion .", "no pneumothorax", "lungs clear ."]
    refs = ["the heart is normal in size . the lungs are clear .", "there is a small left pleural effusion .",
            "no pneumothorax or effusion .", "the lungs are clear ."]
    stats = ablate.bleu_stats_matrix(preds, refs)
    got = ablate._bleu4_aggregate(stats.sum(0)[None], len(preds))[0]
    assert got == pytest.approx(score(preds, [[r] for r in refs], metrics=["bleu"])["Bleu_4"].value, abs=1e-12)


def test_clinical_scores_micro_and_macro() -> None:
    pytest.importorskip("rrg_rewards.labeler")
    preds = ["Moderate cardiomegaly. No pleural effusion.", "Small left pleural effusion.", "The lungs are clear."]
    refs = ["Moderate cardiomegaly. Small right pleural effusion.", "Small left pleural effusion.",
            "There is a left-sided pacemaker."]
    ce, stats = ablate.clinical_scores(preds, refs)
    # positives (No Finding is one of the 14; devices do not block it):
    # refs {CM, Eff}, {Eff}, {Dev, NF}; preds {CM}, {Eff}, {NF} -> tp 3, fp 0, fn 2
    assert stats.sum(0).tolist() == [3.0, 0.0, 2.0]
    assert ce["CE_precision"] == 1.0 and ce["CE_recall"] == 0.6 and ce["CE_f1"] == pytest.approx(0.75)
    # macro over observations present in the references: CM 1, Eff 2/3, Dev 0, NF 1
    assert ce["CE_macro_f1"] == pytest.approx((1 + 2 / 3 + 0 + 1) / 4)


def _fake_results() -> dict:
    def res(b4: float, f1: float, seed: int) -> dict:
        return {"metrics": {"Bleu_1": 0.4 + b4, "Bleu_4": b4, "ROUGE_L": 0.3 + b4, "CE_f1": f1}, "seed": seed}
    return {"base": {1: res(0.10, 0.20, 1), 2: res(0.12, 0.22, 2)},
            "rl": {1: res(0.11, 0.20, 1), 2: res(0.13, 0.21, 2)},
            "cmm": {1: res(0.09, 0.25, 1), 2: res(0.10, 0.25, 2)},
            "cmm_rl": {1: res(0.15, 0.30, 1), 2: res(0.16, 0.31, 2)}}


def test_summary_avg_delta_and_ordering() -> None:
    summary = ablate.summarize(_fake_results())
    assert summary["base"]["Bleu_4"]["mean"] == pytest.approx(0.11)
    assert summary["base"]["Bleu_4"]["std"] == pytest.approx(np.std([0.10, 0.12], ddof=1))
    # AVG. delta = mean relative gain over the NLG columns present (BL-1, BL-4, RG-L)
    expect = np.mean([0.555 / 0.51 - 1, 0.155 / 0.11 - 1, 0.455 / 0.41 - 1]) * 100
    assert ablate.avg_delta(summary, "cmm_rl") == pytest.approx(expect)
    assert ablate.avg_delta(summary, "base") is None
    order = ablate.ordering(summary)
    assert order["Bleu_4"]["BASE < +CMM"] is False and order["Bleu_4"]["+CMM < +CMM+RL"] is True
    assert order["CE_f1"]["BASE < +RL"] is False


def test_table_shows_ours_and_the_papers_labeled_rows() -> None:
    summary = ablate.summarize(_fake_results())
    console, md, csv = ablate.render_report(BenchSpec(seeds=(1, 2)), summary, {}, 2, ablate.ABLATIONS["all"], "x")
    assert "0.110 ± 0.014" in console  # BASE BLEU-4 mean ± std over 2 seeds
    for text in (console, md, csv):
        assert "paper, IU X-Ray" in text and "paper, MIMIC-CXR" in text and "R2GENCMN" in text
    assert md.count("| +CMM+RL |") == 3  # ours + Table 3 twice
    assert csv.splitlines()[0].startswith("source,MODEL,BL-1")


def test_paper_tables_match_the_papers_text() -> None:
    assert paper_tables.TABLE3["iu_xray"]["+CMM+RL"]["BL-4"] == 0.181
    assert paper_tables.TABLE3["mimic_cxr"]["BASE"]["F1"] == 0.228
    assert paper_tables.TABLE4["mimic_cxr"][-1][1] == paper_tables.TABLE3["mimic_cxr"]["+CMM+RL"]
    assert [name for name, _ in paper_tables.TABLE4["iu_xray"]][:3] == ["ST", "ATT2IN", "ADAATT"]


@pytest.mark.slow
def test_smoke_bench_end_to_end_and_resume(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("rrg_rewards.labeler")
    spec = BenchSpec(preset="smoke", out=tmp_path / "b", workers=2, meteor=False)
    lines: list[str] = []
    res = ablate.run_bench(spec, lines.append)
    for name in ("results.json", "table.md", "table.csv", "training_curves.png", "metrics.png"):
        assert (spec.out / name).is_file(), name
    saved = json.loads((spec.out / "results.json").read_text())
    assert set(saved["summary"]) == {"base", "rl", "cmm", "cmm_rl"}
    assert {"Bleu_4", "ROUGE_L", "CE_f1", "CE_macro_f1"} <= set(saved["summary"]["cmm_rl"])
    assert saved["significance"]["b"] == "+CMM+RL" and 0 < saved["significance"]["Bleu_4"]["p_value"] <= 1
    # identical test studies for every variant
    ids = {v: json.loads((ablate.variant_dir(spec.out, v, 1) / "result.json").read_text())["ids"]
           for v in ablate.ABLATIONS["all"]}
    assert len({tuple(x) for x in ids.values()}) == 1
    assert "+CMM+RL" in res["console"]
    lines.clear()
    ablate.run_bench(spec, lines.append)
    assert any("2 of 2 chain(s) already finished" in line for line in lines)

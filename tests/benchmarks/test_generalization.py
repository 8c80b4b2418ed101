"""`rrg bench --study generalization`: the smoke study end to end, its groups, drops, tests and reuse."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from rrg_benchmarks.ablate import BenchSpec, run_bench
from rrg_benchmarks.bench_generalization import drop_test, restrict, study_config, study_mix
from rrg_model.errors import ModelError

SMOKE = dict(study="generalization", preset="smoke", workers=1, meteor=False,
             study_rewards=(("bleu4", "bleu4"), ("clinical", "clinical")))


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> tuple[BenchSpec, dict]:
    spec = BenchSpec(out=tmp_path_factory.mktemp("gen"), **SMOKE)  # type: ignore[arg-type]
    return spec, run_bench(spec, train=True)


def test_training_sees_only_the_training_institutions(study: tuple[BenchSpec, dict]) -> None:
    spec, _ = study
    ann = json.loads((spec.out / "data" / "annotation.json").read_text())
    assert {e["institution"] for s in ("train", "val") for e in ann[s]} == {"iu", "mimic"}
    assert Counter(e["institution"] for e in ann["test"]) == {"iu": 8, "mimic": 8, "structured": 8, "terse": 8}
    rl_cfg = json.loads((spec.out / "runs" / "base" / "seed1" / "rl_clinical" / "config.json").read_text())
    assert json.dumps(rl_cfg).count('"reward": "clinical"') == 1  # that run optimized the clinical composite


def test_groups_drops_and_tables_agree(study: tuple[BenchSpec, dict]) -> None:
    spec, res = study
    inst = {e["id"]: e["institution"] for s in json.loads((spec.out / "data" / "annotation.json").read_text()).values()
            for e in s}
    assert {inst[i] for i in res["groups"]["in-domain"]} == {"iu", "mimic"}
    assert {inst[i] for i in res["groups"]["held-out"]} == {"structured", "terse"}
    assert set(res["summary"]) == {"in-domain", "held-out", "iu", "mimic", "structured", "terse"}
    for v in ("mle", "bleu4", "clinical"):
        for key in ("Bleu_4", "CE_f1", "CE_macro_f1"):
            want = res["summary"]["in-domain"][v][key]["mean"] - res["summary"]["held-out"][v][key]["mean"]
            assert res["drops"][v][key]["mean"] == pytest.approx(want, abs=1e-12)
    # the held-out pool is its two institutions' studies together: CE counts add up
    pooled = res["per_seed"]["held-out"]["mle"]["1"]
    assert 0.0 <= pooled["CE_f1"] <= 1.0 and set(res["tests"]["vs_parent"]) == {"bleu4", "clinical"}
    assert set(res["tests"]["drop"]["clinical"]) == {"vs mle", "vs bleu4"}
    table = (spec.out / "table.md").read_text()
    assert "SCST clinical" in table and "structured CE-F1" in table and "drop" in table
    assert (spec.out / "drops.png").stat().st_size > 5000
    saved = json.loads((spec.out / "results.json").read_text())
    assert saved["study"] == "generalization" and saved["study_config"]["train_institutions"] == ["iu", "mimic"]


def test_reference_rows_frame_the_models_and_are_never_tested(study: tuple[BenchSpec, dict]) -> None:
    spec, res = study
    for dom in ("in-domain", "held-out"):
        summary = res["summary"][dom]
        # perfect reading keeps its clinical content against every site's references
        assert summary["oracle"]["CE_f1"]["mean"] >= 0.95
        assert summary["template"]["distinct"]["mean"] == 1
        assert summary["template"]["CE_f1"]["mean"] < summary["oracle"]["CE_f1"]["mean"] - 0.5
    assert {"template", "oracle"} <= set(res["drops"])
    assert not {"template", "oracle"} & (set(res["tests"]["vs_parent"]) | set(res["tests"]["drop"]))
    table = (spec.out / "table.md").read_text()
    assert "| template (ref.) |" in table and "| true findings (ref.) |" in table


def test_a_rerun_reuses_every_stage_and_a_new_reward_trains_only_itself(study: tuple[BenchSpec, dict]) -> None:
    spec, _ = study
    results = spec.out / "results"
    before = {p: p.stat().st_mtime_ns for p in results.rglob("result.json")}
    lines: list[str] = []
    run_bench(spec, lines.append)
    assert any("already finished" in line for line in lines)
    assert {p: p.stat().st_mtime_ns for p in results.rglob("result.json")} == before
    more = BenchSpec(out=spec.out, **{**SMOKE, "study_rewards": SMOKE["study_rewards"] + (("ce", "ce_f1"),)})  # type: ignore[arg-type]
    res = run_bench(more)
    assert {p: p.stat().st_mtime_ns for p in before} == before  # the parent and the two others untouched
    assert (results / "ce" / "seed1" / "result.json").is_file() and "ce" in res["drops"]


def _fake(predictions: dict[str, list[str]], refs: list[str]) -> dict:
    return {row: {1: {"ids": [f"s{i}" for i in range(len(refs))], "predictions": p, "references": refs}}
            for row, p in predictions.items()}


def test_drop_test_finds_a_row_that_loses_more_and_not_an_identical_one() -> None:
    refs_in = ["there is a large left pleural effusion .", "the heart is enlarged .", "the lungs are clear ."] * 8
    refs_out = ["there is a small right pneumothorax .", "moderate pulmonary edema .", "the lungs are clear ."] * 8
    wrong_out = ["the lungs are clear .", "the lungs are clear .", "there is a small right pneumothorax ."] * 8
    inside = restrict(_fake({"a": refs_in, "b": refs_in, "same": refs_in}, refs_in), {f"s{i}" for i in range(24)})
    outside = restrict(_fake({"a": refs_out, "b": wrong_out, "same": refs_out}, refs_out), {f"s{i}" for i in range(24)})
    worse = drop_test(inside, outside, "a", "b", trials=2000)
    assert worse["CE_f1"]["delta"] > 0.5 and worse["CE_f1"]["p_value"] < 0.01  # b loses more held out
    assert worse["Bleu_4"]["delta"] > 0.3 and worse["Bleu_4"]["p_value"] < 0.01
    same = drop_test(inside, outside, "a", "same", trials=500)
    assert same["CE_f1"]["delta"] == 0.0 and same["CE_f1"]["p_value"] == 1.0


def test_study_mix_and_overrides() -> None:
    spec = BenchSpec(study="generalization", preset="quick", train_institutions=("iu",),
                     heldout_institutions=("terse", "structured"))
    assert study_mix(spec) == (("iu", 800, 110, 220), ("terse", 0, 0, 220), ("structured", 0, 0, 220))
    assert dict(study_config(BenchSpec(study="generalization")).rewards) == {
        "bleu4": "bleu4", "cider": "cider", "ce_f1": "ce_f1", "clinical": "clinical"}


@pytest.mark.parametrize("kwargs, message", [
    ({"train_institutions": ("iu", "terse"), "heldout_institutions": ("terse",)}, "both trained on and held out"),
    ({"heldout_institutions": ("mayo",)}, "unknown institution 'mayo'"),
    ({"study_rewards": (("mle", "bleu4"),)}, "must be lower-case"),
    ({"study_rewards": (("x", "bleu9"),)}, "bad reward 'bleu9'"),
    ({"dataset": "iu_xray", "data_dir": Path("/nonexistent")}, "need --dataset phantom"),
    ({"study": "other"}, "unknown study"),
])
def test_bad_study_specs_raise_one_clear_error(kwargs: dict, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        BenchSpec(**{"study": "generalization", "preset": "smoke", **kwargs}).validate()


def test_ablation_stays_the_default_study() -> None:
    assert BenchSpec().study == "ablation" and np.isscalar(BenchSpec().seeds[0])

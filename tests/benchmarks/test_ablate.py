"""The ablation harness: spec, chains, fingerprints, scoring, significance, tables, a smoke bench end to end."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rrg_benchmarks import ablate, bench_report, paper_tables
from rrg_benchmarks.ablate import BenchSpec, Chain
from rrg_benchmarks.bench_spec import fingerprint
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
    ({"model.nope": 1}, "unknown setting 'model.nope'"),
    ({"seed.x": 1}, "unknown setting 'seed.x'"),
    ({"train.epochs": "many"}, "needs an integer"),
])
def test_bad_overrides_raise(override: dict, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        ablate.run_config(BenchSpec(preset="smoke", overrides=override), "base", 1)


@pytest.mark.parametrize("baseline", ["loo", "group"])
def test_explicit_rl_samples_wins_over_the_baseline_default(baseline: str) -> None:
    """--baseline loo --set rl.samples=1 silently ran with 4 samples; 3 is kept, 1 is an error."""
    assert ablate.run_config(BenchSpec(preset="smoke", baseline=baseline), "base", 1).rl.samples == 4
    spec = BenchSpec(preset="smoke", baseline=baseline, overrides={"rl.samples": 3})
    assert ablate.run_config(spec, "base", 1).rl.samples == 3
    with pytest.raises(ModelError, match=r"set rl.samples >= 2 \(got 1\)"):
        ablate.run_config(BenchSpec(preset="smoke", baseline=baseline, overrides={"rl.samples": 1}), "base", 1)


@pytest.mark.parametrize("spec, message", [
    (BenchSpec(ablation="everything"), "unknown ablation"),
    (BenchSpec(preset="huge"), "unknown preset"),
    (BenchSpec(dataset="iu_xray"), "needs --data-dir"),
    (BenchSpec(seeds=()), "seeds"),
    (BenchSpec(images="jpeg"), "images must be"),
    (BenchSpec(reward="bleu9"), "bleu9"),  # the reward is checked before any training
    (BenchSpec(overrides={"rl.samples": 0}), "rl.samples"),
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


def test_fingerprints_separate_what_a_stage_depends_on() -> None:
    base = BenchSpec(preset="smoke")
    other_reward = BenchSpec(preset="smoke", reward="cider")
    other_model = BenchSpec(preset="smoke", overrides={"model.d_model": 64})
    assert fingerprint(base, "base", 1, "mle") == fingerprint(other_reward, "base", 1, "mle")
    assert fingerprint(base, "base", 1, "rl") != fingerprint(other_reward, "base", 1, "rl")
    assert fingerprint(base, "base", 1, "mle") != fingerprint(other_model, "base", 1, "mle")
    assert fingerprint(base, "base", 1, "mle") != fingerprint(base, "base", 2, "mle")
    assert fingerprint(base, "base", 1, "mle") != fingerprint(BenchSpec(preset="smoke", data_seed=1), "base", 1, "mle")


def test_bleu_statistics_reproduce_corpus_bleu4() -> None:
    from rrg_rewards import score

    preds = ["the heart is normal in size .", "small left pleural effusion .", "no pneumothorax", "lungs clear ."]
    refs = ["the heart is normal in size . the lungs are clear .", "there is a small left pleural effusion .",
            "no pneumothorax or effusion .", "the lungs are clear ."]
    stats = bench_report.bleu_stats_matrix(preds, refs)
    got = bench_report._bleu4_aggregate(stats.sum(0)[None], len(preds))[0]
    assert got == pytest.approx(score(preds, [[r] for r in refs], metrics=["bleu"])["Bleu_4"].value, abs=1e-12)


def test_bench_ce_is_rrg_rewards_clinical_and_equals_scikit_learn() -> None:
    from sklearn.metrics import f1_score, precision_score, recall_score

    from rrg_rewards.labeler import label
    preds = ["Moderate cardiomegaly. No pleural effusion.", "Small left pleural effusion.", "The lungs are clear.",
             "Right lower lobe consolidation."]
    refs = ["Moderate cardiomegaly. Small right pleural effusion.", "Small left pleural effusion.",
            "There is a left-sided pacemaker.", "Consolidation in the right lower lobe. Mild edema."]
    ce, per_obs, stats = bench_report.clinical(preds, refs)
    p, r = np.asarray(label(preds)) == 1, np.asarray(label(refs)) == 1
    assert ce["CE_f1"] == pytest.approx(f1_score(r, p, average="micro", zero_division=0), abs=1e-12)
    assert ce["CE_precision"] == pytest.approx(precision_score(r, p, average="micro", zero_division=0), abs=1e-12)
    assert ce["CE_recall"] == pytest.approx(recall_score(r, p, average="micro", zero_division=0), abs=1e-12)
    # macro: scikit-learn's over all 14 columns (the one documented convention)
    assert ce["CE_macro_f1"] == pytest.approx(f1_score(r, p, average="macro", zero_division=0), abs=1e-12)
    assert per_obs["Cardiomegaly"] == 1.0 and per_obs["Edema"] == 0.0
    assert stats.sum(0).tolist() == [float((p & r).sum()), float((p & ~r).sum()), float((~p & r).sum())]


def test_side_accuracy_reads_the_side_of_each_stated_finding() -> None:
    refs = ["there is a small left pleural effusion . moderate cardiomegaly .",
            "right upper lobe consolidation . no pneumothorax .",
            "bilateral pleural effusions .", "the lungs are clear ."]
    preds = ["small left pleural effusion . the heart is enlarged .",
             "consolidation in the left upper lobe .",
             "there are small left and right pleural effusions .", "small right pleural effusion ."]
    acc, n = bench_report.side_accuracy(preds, refs)
    # effusion left = left (hit); consolidation right vs left (miss); bilateral = both sides named (hit);
    # study 4's effusion has no sided counterpart in its reference, cardiomegaly carries no side
    assert (acc, n) == (pytest.approx(2 / 3), 3)
    assert bench_report.side_accuracy(["the lungs are clear ."], ["the lungs are clear ."]) == (None, 0)


def test_oracle_rewrites_the_true_findings(tmp_path: Path) -> None:
    from rrg_benchmarks.phantom import PhantomSpec, load_labels, write_phantom
    from rrg_rewards.labeler import label
    data = write_phantom(tmp_path / "p", PhantomSpec(seed=3, sizes=(10, 4, 30), image_size=16))
    ann = json.loads((data / "annotation.json").read_text())
    ids = [e["id"] for e in ann["test"]]
    oracle = bench_report.oracle_reports(data, ids)
    originals = [e["report"] for e in ann["test"]]
    assert oracle is not None and len(oracle) == 30 and sum(o != t for o, t in zip(oracle, originals)) > 20
    all_ids, labels, _ = load_labels(data)
    truth = labels[[all_ids.index(i) for i in ids]] == 1
    assert ((np.asarray(label(oracle)) == 1) == truth).mean() > 0.97
    assert bench_report.oracle_reports(tmp_path, ids) is None  # no labels.json: no oracle row


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
    assert ablate.avg_delta(summary, "cmm_rl") == {"kind": "percent", "value": pytest.approx(expect)}
    assert ablate.avg_delta(summary, "base") is None
    order = ablate.ordering(summary)
    assert order["Bleu_4"]["BASE < +CMM"] is False and order["Bleu_4"]["+CMM < +CMM+RL"] is True
    assert order["CE_f1"]["BASE < +RL"] is False


def test_avg_delta_is_absolute_when_base_is_near_zero() -> None:
    results = _fake_results()
    for r in results["base"].values():
        r["metrics"]["Bleu_4"] = 0.001
    summary = ablate.summarize(results)
    d = ablate.avg_delta(summary, "cmm_rl")
    assert d["kind"] == "absolute"
    assert d["value"] == pytest.approx(np.mean([0.555 - 0.51, 0.155 - 0.001, 0.455 - 0.41]))
    console, _, _ = bench_report.render_report(BenchSpec(seeds=(1, 2)), summary, results, {}, 2,
                                               ablate.ABLATIONS["all"], "x")
    assert " abs" in console and "%" not in console.split("Table 3")[0].split("BASE")[1]


def test_table_shows_ours_and_the_papers_labeled_rows() -> None:
    results = _fake_results()
    summary = ablate.summarize(results)
    console, md, csv = bench_report.render_report(BenchSpec(seeds=(1, 2)), summary, results, {}, 2,
                                                  ablate.ABLATIONS["all"], "x")
    assert "0.110 ± 0.014" in console  # BASE BLEU-4 mean ± std over 2 seeds
    for text in (console, md, csv):
        assert "paper, IU X-Ray" in text and "paper, MIMIC-CXR" in text and "R2GENCMN" in text
    assert md.count("| +CMM+RL |") == 5  # ours, alignment, per-observation + Table 3 twice
    assert csv.splitlines()[0].startswith("source,MODEL,BL-1")
    one = {v: {1: by[1]} for v, by in results.items()}
    console1, _, _ = bench_report.render_report(BenchSpec(), ablate.summarize(one), one, {}, 1,
                                                ablate.ABLATIONS["all"], "x")
    assert "±" not in console1.split("Table 3")[0]  # no error bars from one seed


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
    assert set(saved["summary"]) == {"base", "rl", "cmm", "cmm_rl", "template", "oracle"}
    assert {"Bleu_4", "ROUGE_L", "CE_f1", "CE_macro_f1", "distinct", "val_image_gap", "F1:Cardiomegaly"} \
        <= set(saved["summary"]["cmm_rl"])
    assert saved["summary"]["template"]["distinct"]["mean"] == 1.0
    assert saved["summary"]["oracle"]["CE_f1"]["mean"] > 0.95  # the true findings, rephrased
    assert set(saved["significance"]) == {"+RL vs BASE", "+CMM vs BASE", "+CMM+RL vs +CMM", "+CMM+RL vs +RL",
                                          "+CMM+RL vs BASE"}
    for name in ("template (ref.)", "true findings (ref.)", "image gap", "side acc", "MLE parent", "Atel"):
        assert name in res["console"] or name.startswith("MLE"), name
    # identical test studies for every variant
    ids = {v: json.loads((ablate.variant_dir(spec.out, v, 1) / "result.json").read_text())["ids"]
           for v in ablate.ABLATIONS["all"]}
    assert len({tuple(x) for x in ids.values()}) == 1
    assert "+CMM+RL" in res["console"]
    # each chain's MLE and RL stages are separate jobs (RL released when its parent ends)
    assert any("running 4 stage(s) on 2 single-thread worker(s)" in line for line in lines)
    done = [line.split("] ")[1].split(" done")[0] for line in lines if line.startswith("[") and " done" in line]
    assert sorted(done) == ["base-seed1-mle", "base-seed1-rl", "cmm-seed1-mle", "cmm-seed1-rl"]
    assert done.index("base-seed1-mle") < done.index("base-seed1-rl")
    lines.clear()
    ablate.run_bench(spec, lines.append)
    assert any("2 of 2 chain(s) already finished" in line for line in lines)
    # another reward changes only the RL variants: they are retrained, the MLE ones reused
    mle_before = (spec.out / "runs" / "base" / "seed1" / "mle" / "best.pt").stat().st_mtime_ns
    rl_before = (spec.out / "runs" / "base" / "seed1" / "rl" / "best.pt").stat().st_mtime_ns
    ablate.run_bench(BenchSpec(preset="smoke", out=tmp_path / "b", workers=2, meteor=False, reward="rouge_l"),
                     lines.append)
    assert any("running 2 stage(s)" in line for line in lines)  # the two RL stages only
    assert (spec.out / "runs" / "base" / "seed1" / "mle" / "best.pt").stat().st_mtime_ns == mle_before
    assert (spec.out / "runs" / "base" / "seed1" / "rl" / "best.pt").stat().st_mtime_ns != rl_before
    saved = json.loads((ablate.variant_dir(spec.out, "rl", 1) / "result.json").read_text())
    assert saved["fingerprint"] == fingerprint(BenchSpec(preset="smoke", reward="rouge_l", meteor=False),
                                               "base", 1, "rl")


def test_paired_test_is_the_mean_of_per_seed_corpus_values() -> None:
    """Seeds are strata: the delta is the mean over seeds of corpus BLEU-4 / CE-F1 differences
    (what the table shows), not one pooled corpus whose brevity penalty couples the seeds."""
    from rrg_rewards import score
    refs = ["the heart is normal in size . no pleural effusion .", "small left pleural effusion .",
            "moderate cardiomegaly . the lungs are clear .", "there is no pneumothorax ."] * 3
    base = ["the heart is normal . no effusion .", "small effusion .", "cardiomegaly .", "no pneumothorax ."] * 3
    longer = ["the heart is normal in size . no effusion .", "small left pleural effusion is seen .",
              "moderate cardiomegaly . lungs are clear .", "there is no pneumothorax ."] * 3

    def res(preds: list[str]) -> dict:
        _, _, stats = bench_report.clinical(preds, refs)
        return {"ids": [str(i) for i in range(len(refs))], "predictions": preds, "references": refs,
                "ce_stats": stats.tolist()}
    results = {"base": {1: res(base), 2: res(base), 3: res(base)},
               "rl": {1: res(longer), 2: res(base), 3: res(base)}}
    t = bench_report.paired_test(results, "base", "rl", trials=200)
    b4 = lambda p: score(p, [[r] for r in refs], metrics=["bleu"])["Bleu_4"].value  # noqa: E731
    assert t["Bleu_4"]["delta"] == pytest.approx((b4(longer) - b4(base)) / 3, abs=1e-12)
    ce = lambda p: bench_report.clinical(p, refs)[0]["CE_f1"]  # noqa: E731
    assert t["CE_f1"]["delta"] == pytest.approx((ce(longer) - ce(base)) / 3, abs=1e-12)
    assert 0 < t["Bleu_4"]["p_value"] <= 1


def test_wait_all_reports_follow_ups_and_the_first_failure(tmp_path):
    """The worker-pool loop both studies share: one line per finished job, follow-up jobs,
    and a failure that names the job and its log."""
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from rrg_benchmarks.bench_run import wait_all
    from rrg_model.errors import ModelError

    spec = BenchSpec(out=tmp_path)
    lines: list[str] = []
    with ThreadPoolExecutor(2) as pool:
        futures = {}

        def submit(name, fail=False):
            def job():
                if fail:
                    raise RuntimeError("boom")
            fut = pool.submit(job)
            futures[fut] = SimpleNamespace(name=name)
            return fut

        submit("parent")
        wait_all(futures, 2, spec, 0.0, lambda j: "x", lines.append, 0.01,
                 then=lambda j: [submit("child")] if j.name == "parent" else [])
        assert [l.split("  ")[0] for l in lines if l.startswith("[")] == ["[1/2] parent done", "[2/2] child done"]
        futures.clear()
        submit("bad", fail=True)
        with pytest.raises(ModelError, match=r"chain bad failed: boom \(see .*bad\.log\)"):
            wait_all(futures, 1, spec, 0.0, lambda j: "x", lines.append, 0.01, what="chain ")


class _Job:
    def __init__(self, name: str, seconds: float):
        self.name, self.seconds = name, seconds


def test_run_jobs_starts_released_jobs_only_after_their_parent(tmp_path: Path) -> None:
    import time

    from rrg_benchmarks.bench_run import run_jobs

    parent, quick, slow = _Job("parent", 1.0), _Job("child-a", 0.0), _Job("child-b", 0.0)
    spec = BenchSpec(preset="smoke", out=tmp_path, workers=2, meteor=False)
    lines: list[str] = []
    run_jobs(spec, [parent, quick, slow], lambda j: None, lambda j: (time.sleep, j.seconds), lambda j: "x",
             lines.append, poll=0.05, what="stage", first=[parent],
             then=lambda j: [quick, slow] if j is parent else [])
    done = [line.split("] ")[1].split(" done")[0] for line in lines if " done" in line]
    # the children take no time: had they started with the parent, they would finish first
    assert done[0] == "parent" and sorted(done[1:]) == ["child-a", "child-b"]
    assert "running 3 stage(s) on 2 single-thread worker(s)" in lines[0]
    # one worker: in this process, in the given order
    ran: list[str] = []
    run_jobs(BenchSpec(preset="smoke", out=tmp_path, workers=1, meteor=False), [parent, quick], lambda j: ran.append(j.name),
             lambda j: (time.sleep, 0), lambda j: "x", lines.append, poll=0.05, what="stage")
    assert ran == ["parent", "child-a"]
    with pytest.raises(ModelError, match=r"stage bad failed: .*bad\.log"):
        run_jobs(spec, [_Job("bad", -1), _Job("ok", 0)], lambda j: None, lambda j: (time.sleep, j.seconds),
                 lambda j: "x", lines.append, poll=0.05, what="stage")
    # the default progress state comes from the pool; results come back by name
    got = run_jobs(spec, [_Job("a", 0), _Job("b", 0)], lambda j: None, lambda j: (abs, -3), None, lines.append,
                   poll=0.05, what="job")
    assert got == {"a": 3, "b": 3}


def test_progress_line_counts_a_job_running_only_once_its_worker_started_it(tmp_path: Path) -> None:
    """The pool hands each worker its next job ahead of time; the line must not call it running."""
    import time

    from rrg_benchmarks.bench_run import in_worker, run_jobs

    spec = BenchSpec(preset="smoke", out=tmp_path, workers=2, meteor=False)
    (tmp_path / "status").mkdir()
    (tmp_path / "status" / "c.json").write_text('{"stage": "mle"}')  # left by an earlier run
    lines: list[str] = []
    jobs = [_Job(n, 1.0) for n in "abc"]
    run_jobs(spec, jobs, lambda j: None, lambda j: (in_worker, spec, j.name, time.sleep, j.seconds), None,
             lines.append, poll=0.05, what="job")
    states = [line for line in lines if line.startswith("  ")]
    assert states and all(line.count("running") <= 2 for line in states)
    assert any("c: queued" in line for line in states) and not any("c: mle" in line for line in states)
    assert json.loads((tmp_path / "status" / "c.json").read_text())["stage"] == "done"

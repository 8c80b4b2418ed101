"""End to end: `rrg bench --study cxrl --preset smoke`, then `rrg synth tune | sample` on its run."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("diffusers")


def _rrg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rrg_cli.main", *args], capture_output=True, text=True, timeout=600,
                          env={**__import__("os").environ, "OMP_NUM_THREADS": "1"})


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cxrl") / "out"
    proc = _rrg("bench", "--study", "cxrl", "--preset", "smoke", "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "RL comparative" in proc.stdout and "before RL" in proc.stdout
    assert "5 job(s) on 2 single-thread worker(s)" in proc.stderr or (__import__("os").cpu_count() or 1) < 2
    (out / "results.json.first").write_bytes((out / "results.json").read_bytes())
    return out


def test_study_writes_the_table_grid_and_tests(study: Path) -> None:
    res = json.loads((study / "results.json").read_text())
    assert list(res["metrics"]) == ["before", "rl_absolute", "rl_comparative", "rl_absolute_no_ace",
                                    "rl_comparative_no_ace", "real"]
    for m in res["metrics"].values():
        assert set(m) == {"diagnostic_f1", "pose_error", "consistency", "frechet", "stripes"}
        assert 0.0 <= m["diagnostic_f1"] <= 1.0 and m["pose_error"] >= 0 and m["consistency"] < 0
    sig = res["significance_vs_before"]["rl_comparative"]
    assert set(sig) == {"diagnostic_f1", "pose_error", "consistency", "stripes"} and 0 < sig["pose_error"]["p_value"] <= 1
    # each variant's rounds logged; comparative rounds record the frozen generator's reward
    assert all("reference_reward" in row for row in res["rl_history"]["rl_comparative"])
    assert all("reference_reward" not in row for row in res["rl_history"]["rl_absolute"])
    # per-image arrays are paired over the same held-out reports
    assert len({len(v["pose_error"]) for v in res["per_image"].values()}) == 1
    table = (study / "table.md").read_text()
    assert table.count("\n| ") == 7 and "RL comparative, no ACE" in table
    assert abs(res["metrics"]["real"]["frechet"]) < 1e-6
    png = (study / "grid.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    data = json.loads((study / "data" / "annotation.json").read_text())
    assert all("acquisition" in e and len(e["image_path"]) == 1 for e in data["test"])


def test_study_seed_is_the_users_set_seed() -> None:
    # `--set seed=N` trains and samples with seed N (it was silently replaced by 0 before)
    from rrg_benchmarks.cxrl_study import StudySpec
    assert StudySpec(preset="smoke").synth_config().seed == 0
    assert StudySpec(preset="smoke", overrides=("seed=3",)).synth_config().seed == 3


def test_rerun_reuses_every_stage(study: Path) -> None:
    # one worker: the evaluation runs in this process (the first run used the CPU count)
    proc = _rrg("bench", "--study", "cxrl", "--preset", "smoke", "--out", str(study), "--workers", "1")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "reusing the trained models" in proc.stderr and proc.stderr.count("reusing RL") == 4
    assert "worker(s)" not in proc.stderr
    again = json.loads((study / "results.json").read_text())
    first = json.loads((study / "results.json.first").read_text())
    for name, m in first["metrics"].items():  # the same generators, seeds and noise: the same table
        assert m == pytest.approx(again["metrics"][name], rel=1e-5, abs=1e-6), name


def _validation(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rrg_benchmarks.cxrl_validation", *args], capture_output=True,
                          text=True, timeout=600, env={**__import__("os").environ, "OMP_NUM_THREADS": "1"})


def test_validation_command_is_the_study_evaluation_on_another_split(study: Path) -> None:
    proc = _validation(str(study), "--split", "test")
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [line for line in proc.stdout.splitlines() if line.startswith(str(study))]
    assert len(rows) == 5 and all("preset defaults" in r for r in rows)
    cells = [re.split(r"\s{2,}", r.strip()) for r in rows]  # study, settings, generator, metrics...
    got = {c[2]: float(c[3]) for c in cells}  # diagnostic F1 per generator
    metrics = json.loads((study / "results.json").read_text())["metrics"]
    labels = {"before RL": "before", "RL absolute": "rl_absolute", "RL comparative": "rl_comparative",
              "RL absolute, no ACE": "rl_absolute_no_ace", "RL comparative, no ACE": "rl_comparative_no_ace"}
    for label, name in labels.items():
        assert got[label] == pytest.approx(metrics[name]["diagnostic_f1"], abs=6e-5), label
    val = _validation(str(study))
    assert val.returncode == 0 and len([x for x in val.stdout.splitlines() if x.startswith(str(study))]) == 5


def test_validation_command_refuses_a_folder_that_is_no_study(tmp_path: Path) -> None:
    proc = _validation(str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"rrg: error: {tmp_path} is not a finished cxrl study (no results.json)"]


def test_synth_tune_and_sample(study: Path, tmp_path: Path) -> None:
    run = study / "run"
    proc = _rrg("synth", "tune", "--run", str(run), "--out", str(tmp_path / "t"), "--feedback", "absolute",
                "--no-adaptive", "--set", "tune.rounds=1", "--no-progress")
    assert proc.returncode == 0, proc.stderr[-2000:]
    hist = json.loads((tmp_path / "t" / "history.json").read_text())
    assert len(hist["history"]) == 1 and hist["tune"]["feedback"] == "absolute" and not hist["tune"]["adaptive"]
    again = _rrg("synth", "tune", "--run", str(run), "--out", str(tmp_path / "t"))
    assert again.returncode == 2 and "already holds a tuned generator" in again.stderr
    proc = _rrg("synth", "sample", "--checkpoint", str(tmp_path / "t" / "generator.pt"), "--report",
                "Portable AP supine view. Mild cardiomegaly.", "--report", "Lungs are clear.", "--out",
                str(tmp_path / "img"), "--seed", "3", "--guidance", "2.5")
    assert proc.returncode == 0, proc.stderr[-2000:]
    from PIL import Image
    imgs = [Image.open(tmp_path / "img" / f"000{i}.png") for i in range(2)]
    assert all(im.size == (32, 32) and im.mode == "L" for im in imgs)
    meta = json.loads((tmp_path / "img" / "reports.json").read_text())
    assert [m["seed"] for m in meta] == [3, 4]


@pytest.mark.parametrize("args, message", [
    (["synth", "sample", "--checkpoint", "nope.pt", "--out", "o"], "no reports given"),
    (["synth", "sample", "--checkpoint", "nope.pt", "--report", "x", "--out", "o"], "checkpoint not found"),
    (["synth", "tune", "--run", "nowhere"], "not a finished synth run"),
    # fields the run fixed were accepted and silently ignored
    (["synth", "tune", "--run", "nowhere", "--set", "generator.image_size=64"], "takes tune.* and seed only"),
    (["synth", "train", "--data-dir", "nowhere", "--out", "o"], "no annotation.json"),
    (["bench", "--study", "cxrl", "--preset", "paper"], "smoke and quick presets"),
    (["bench", "--study", "cxrl", "--preset", "smoke", "--set", "tune.bogus=1"], "unknown setting"),
    (["bench", "--study", "cxrl", "--preset", "smoke", "--seeds", "2"], "--set seed=N"),
])
def test_bad_input_is_one_line_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "rrg_cli.main", *args], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rrg: error:") and message in lines[0], proc.stderr


def test_synth_train_writes_a_run_and_refuses_to_overwrite_it(study: Path, tmp_path: Path) -> None:
    args = ("synth", "train", "--data-dir", str(study / "data"), "--out", str(tmp_path / "run"), "--preset", "smoke",
            "--set", "train.steps=3", "--no-progress")
    proc = _rrg(*args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    meta = json.loads((tmp_path / "run" / "run.json").read_text())
    assert meta["config"]["train"]["steps"] == 3 and len(meta["pose_units"]) == 6
    assert all((tmp_path / "run" / f).is_file() for f in ("classifier.pt", "pose.pt", "generator.pt",
                                                           "report_model/best.pt"))
    again = _rrg(*args)
    assert again.returncode == 2 and "already holds a synth run" in again.stderr


def test_a_copied_study_tunes_from_its_own_data(study: Path, tmp_path: Path) -> None:
    # run.json records the data folder the run was trained on; a copy of the study (as docs/synth.md
    # suggests for trying an RL setting) tunes on its own data, and `synth tune` says what is missing
    import shutil
    copy = tmp_path / "copy"
    shutil.copytree(study, copy)
    meta_path = copy / "run" / "run.json"
    meta = json.loads(meta_path.read_text())
    meta["data_dir"] = str(tmp_path / "moved-away")
    meta_path.write_text(json.dumps(meta))
    proc = _rrg("synth", "tune", "--run", str(copy / "run"), "--out", str(tmp_path / "t"), "--set", "tune.rounds=1")
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and "moved-away" in lines[0] and "--data-dir" in lines[0], proc.stderr
    assert not (tmp_path / "t").exists()
    proc = _rrg("synth", "tune", "--run", str(copy / "run"), "--out", str(tmp_path / "t"), "--set", "tune.rounds=1",
                "--data-dir", str(copy / "data"), "--no-progress")
    assert proc.returncode == 0, proc.stderr[-2000:]
    proc = _rrg("bench", "--study", "cxrl", "--preset", "smoke", "--out", str(copy), "--workers", "1",
                "--set", "tune.rounds=1")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "reusing the trained models" in proc.stderr and proc.stderr.count("RL: RL ") == 4

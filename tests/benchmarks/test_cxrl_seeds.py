"""`python -m rrg_benchmarks.cxrl_seeds`: several seeds of the CXRL study read from results.json."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rrg_benchmarks import cxrl_seeds
from rrg_benchmarks.cxrl_seeds import GENERATORS, load_studies, pooled_test
from rrg_model.errors import ModelError


def _study(folder: Path, seed: int, shift: float, n: int = 30) -> Path:
    """A results.json whose comparative generator is `shift` better than absolute on every image."""
    rng = np.random.default_rng(seed)
    base = rng.uniform(0.2, 0.6, n)
    per_image, metrics = {}, {}
    for i, g in enumerate(GENERATORS):
        f1 = base + (shift if g == "rl_comparative" else 0.0) + 0.001 * i
        pose = 0.6 - (shift if g == "rl_comparative" else 0.0) + 0.0 * base
        per_image[g] = {"example_f1": f1.tolist(), "pose_error": pose.tolist(),
                        "consistency": (-0.5 + 0 * base).tolist(), "stripes": [0.03] * n}
        metrics[g] = {"diagnostic_f1": float(f1.mean()), "pose_error": float(pose.mean()), "consistency": -0.5,
                      "frechet": 10.0 + i + seed, "stripes": 0.03}
    folder.mkdir(parents=True)
    (folder / "results.json").write_text(json.dumps({"study": "cxrl", "preset": "quick", "seed": seed, "n_test": n,
                                                     "metrics": metrics, "per_image": per_image}))
    return folder


def test_means_wins_and_pooled_test(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    a, b = _study(tmp_path / "s0", 0, 0.05), _study(tmp_path / "s1", 1, 0.05)
    assert cxrl_seeds.main([str(a), str(b), "--trials", "500"]) == 0
    out = capsys.readouterr().out
    runs = load_studies([a, b])
    f1 = [r["metrics"]["before"]["diagnostic_f1"] for r in runs]
    before = next(line for line in out.splitlines() if line.startswith("before RL"))
    assert f"{np.mean(f1):.4f} ± {np.std(f1, ddof=1):.4f}" in before
    row = next(line for line in out.splitlines() if line.startswith("RL comparative vs RL absolute"))
    # better on F1 and pose in both seeds; Frechet worse (absolute's is lower by one) in both
    assert row.split()[5:9] == ["2/2", "2/2", "0/2", "0/2"]
    delta, p = pooled_test(runs, "rl_comparative", "rl_absolute", "example_f1", 500, 12345)
    assert delta == pytest.approx(0.05 + 0.001 * (2 - 1)) and p == pytest.approx(1 / 501)


def test_pooled_test_pairs_within_a_seed_and_finds_nothing_in_noise(tmp_path: Path) -> None:
    runs = load_studies([_study(tmp_path / "s0", 0, 0.0), _study(tmp_path / "s1", 1, 0.0)])
    for g in ("rl_comparative", "rl_absolute"):  # the same values plus independent noise
        for r, s in zip(runs, (7, 8)):
            noise = np.random.default_rng(s + len(g)).normal(0, 0.05, r["n_test"])
            r["per_image"][g]["pose_error"] = (np.asarray(r["per_image"][g]["pose_error"]) + noise).tolist()
    delta, p = pooled_test(runs, "rl_comparative", "rl_absolute", "pose_error", 2000, 1)
    va = np.concatenate([r["per_image"]["rl_comparative"]["pose_error"] for r in runs])
    vb = np.concatenate([r["per_image"]["rl_absolute"]["pose_error"] for r in runs])
    assert delta == pytest.approx(float((va - vb).mean()))
    assert p > 0.05


@pytest.mark.parametrize("setup, message", [
    (lambda t: [_study(t / "a", 0, 0.0)], "two or more study folders"),
    (lambda t: [_study(t / "a", 1, 0.0), _study(t / "b", 1, 0.0)], "same seed"),
    (lambda t: [_study(t / "a", 0, 0.0), t / "missing"], "no results.json"),
])
def test_bad_input_is_one_line_exit_2(setup, message: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folders = [str(f) for f in setup(tmp_path)]
    assert cxrl_seeds.main(folders) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("rrg: error:") and message in err[0]


def test_a_results_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "results.json").write_text(json.dumps({"study": "ablation"}))
    with pytest.raises(ModelError, match="not a cxrl study"):
        load_studies([_study(tmp_path / "a", 0, 0.0), tmp_path / "x"])

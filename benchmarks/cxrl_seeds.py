"""Several seeds of the CXRL study read together: is an RL effect more than one seed's luck?

`rrg bench --study cxrl` runs one seed; run it once per seed (``--set seed=N``, each in its own
folder, the same phantom), then

    python -m rrg_benchmarks.cxrl_seeds STUDY STUDY [STUDY ...]

prints, from each folder's results.json (nothing is sampled again), every generator's mean and
standard deviation over the seeds, and for each comparison that the study is about (comparative
against absolute feedback, each against the generator before RL, adaptive embeddings on against
off) in how many seeds the first generator is better on each measure, and a paired
approximate-randomization test pooled over the seeds: each held-out report's image is paired with
the other generator's image of the same report, seed and noise, and pairs are swapped within
their seed only. The pooled diagnostic measure is the mean per-report F1 (results.json keeps it
per image; the study's table scores micro F1 over all reports).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from rrg_model.errors import ModelError

from .bench_report import text_table
from .cxrl_study import HIGHER_BETTER, LABELS

GENERATORS = ("before", "rl_absolute", "rl_comparative", "rl_absolute_no_ace", "rl_comparative_no_ace", "real")
TABLE_METRICS = ("diagnostic_f1", "pose_error", "consistency", "frechet")
# the per-image arrays results.json keeps, and the table measure each stands for
POOLED = {"example_f1": "diagnostic_f1", "pose_error": "pose_error", "consistency": "consistency"}
_ARROW = {m: "↑" if up else "↓" for m, up in HIGHER_BETTER.items()}
COMPARISONS = (("rl_comparative", "rl_absolute"), ("rl_comparative", "before"), ("rl_absolute", "before"),
               ("rl_comparative_no_ace", "rl_absolute_no_ace"), ("rl_comparative_no_ace", "before"),
               ("rl_absolute_no_ace", "before"), ("rl_comparative", "rl_comparative_no_ace"),
               ("rl_absolute", "rl_absolute_no_ace"))


def load_studies(folders: Sequence[Path]) -> list[dict[str, Any]]:
    """Each folder's results.json, checked to be seeds of one study (same preset and reports)."""
    if len(folders) < 2:
        raise ModelError("give two or more study folders (one per seed)")
    runs = []
    for folder in folders:
        path = folder / "results.json"
        if not path.is_file():
            raise ModelError(f"{folder} is not a finished cxrl study (no results.json)")
        try:
            res = json.loads(path.read_text(encoding="utf-8"))
            if res.get("study") != "cxrl" or not all(g in res["metrics"] and g in res["per_image"] for g in GENERATORS):
                raise KeyError("metrics")
        except (ValueError, KeyError, TypeError) as e:
            raise ModelError(f"{path} is not a cxrl study's results ({e})") from None
        runs.append(res)
    seeds = [r["seed"] for r in runs]
    if len(set(seeds)) < len(seeds):
        raise ModelError(f"two folders ran the same seed ({seeds}); run each seed with --set seed=N")
    if len({(r["preset"], r["n_test"]) for r in runs}) > 1:
        raise ModelError("the folders are different studies (preset or number of held-out reports differ)")
    return runs


def _num(x: float) -> str:
    return f"{0.0 if abs(x) < 5e-5 else x:.4f}"  # no "-0.0000"


def better(metric: str, a: float, b: float) -> bool:
    return a > b if HIGHER_BETTER[metric] else a < b


def summary_rows(runs: list[dict[str, Any]]) -> list[list[str]]:
    """Per generator: mean ± standard deviation over the seeds of each table measure."""
    rows = []
    for g in GENERATORS:
        cells = []
        for m in TABLE_METRICS:
            v = [float(r["metrics"][g][m]) for r in runs]
            cells.append(f"{_num(statistics.mean(v))} ± {_num(statistics.stdev(v))}")
        rows.append([LABELS[g], *cells])
    return rows


def pooled_test(runs: list[dict[str, Any]], a: str, b: str, key: str, trials: int, seed: int) -> tuple[float, float]:
    """Mean difference a - b over all seeds' images and its two-sided p.

    The seeds' images are concatenated; a randomization swaps the two generators' values of one
    image, so a pair never leaves its seed (the library's paired approximate randomization).
    """
    from rrg_rewards.significance import Decomposed, paired_randomization

    va = np.concatenate([np.asarray(r["per_image"][a][key], dtype=np.float64) for r in runs])
    vb = np.concatenate([np.asarray(r["per_image"][b][key], dtype=np.float64) for r in runs])
    t = paired_randomization(Decomposed.from_mean(va), Decomposed.from_mean(vb), n_trials=trials, seed=seed)
    return t.delta, t.p_value


def comparison_rows(runs: list[dict[str, Any]], trials: int, seed: int = 12345) -> list[list[str]]:
    """Per comparison: seeds won on each table measure, and the pooled paired test per image measure."""
    n = len(runs)
    rows = []
    for a, b in COMPARISONS:
        wins = [f"{sum(better(m, r['metrics'][a][m], r['metrics'][b][m]) for r in runs)}/{n}" for m in TABLE_METRICS]
        pooled = []
        for key, metric in POOLED.items():
            delta, p = pooled_test(runs, a, b, key, trials, seed)
            pooled.append(f"{delta:+.4f} ({'p<0.001' if p < 0.001 else f'p={p:.3f}'})")
        rows.append([f"{LABELS[a]} vs {LABELS[b]}", *wins, *pooled])
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rrg_benchmarks.cxrl_seeds", description=__doc__.split("\n")[0])
    ap.add_argument("studies", nargs="+", type=Path, help="folders written by `rrg bench --study cxrl --set seed=N`")
    ap.add_argument("--trials", type=int, default=10_000, help="randomization trials (default 10000)")
    args = ap.parse_args(argv)
    try:
        if args.trials < 1:
            raise ModelError(f"--trials must be >= 1, got {args.trials}")
        runs = load_studies(args.studies)
    except ModelError as e:
        print(f"rrg: error: {e}", file=sys.stderr)
        return 2
    seeds = ", ".join(str(r["seed"]) for r in runs)
    print(f"CXRL study, preset {runs[0]['preset']}, seeds {seeds}, {runs[0]['n_test']} held-out reports per seed")
    print(text_table(["generator", *(f"{m} {_ARROW[m]} (mean ± sd)" for m in TABLE_METRICS)], summary_rows(runs)))
    print()
    print(f"seeds in which the first is better; pooled paired test over {len(runs)} x {runs[0]['n_test']} images "
          f"({args.trials} trials, pairs swapped within their seed; F1 = mean per-report F1)")
    print(text_table(["comparison", *(f"{m} won" for m in TABLE_METRICS),
                      *(f"Δ{POOLED[k]} {_ARROW[POOLED[k]]} pooled" for k in POOLED)], comparison_rows(runs, args.trials)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Labeler speed: the cold path in one process, and `rrg label` end to end on 50,000 reports.

Goals (issue 3): >= 10,000 reports/s in one process and `rrg label` >= 5,000 reports/s end to end.
Every figure is printed per wall-clock second and per CPU second of the process (on a shared,
loaded machine the CPU-time rate is what the work would reach alone).

In one process, each with a fresh `Labeler` (empty caches), best of ``--repeat`` runs:

* cold, all sentences new: the distinct sentences of the IU X-Ray dev reports, each used once,
  regrouped into reports of 3-8 sentences: no sentence cache hit at all (unseen text);
* cold, the real dev reports: every report new, sentences repeat as much as real reports do;
* warm: ``--n`` new reports recombined from the dev set's sentences (the sentence cache fills
  up, as with generated reports), and ``--n`` repeats of the dev reports (the report cache).

End to end: ``rrg label`` in a fresh process on ``--n`` recombined reports (interpreter start,
CSV reading and writing included); the child's CPU time is printed too.

Usage:
    python -m rrg_benchmarks.speed_labeler [--data ../shared/data/iu_xray] [--n 50000] [--repeat 3] [--no-cli]
"""
from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from rrg_rewards.labeler import Labeler
from rrg_rewards.labeler.sections import split_sentences

from .labeler_fidelity import DEFAULT_DATA, data_missing, load, recombined


def all_new_sentences(reports: list[str], seed: int = 0) -> list[str]:
    """Reports of 3-8 sentences in which every sentence occurs once: the distinct sentences of
    `reports` in first-seen order, regrouped (seeded). Labeling them never hits the sentence cache."""
    pool = list(dict.fromkeys(s for r in reports for s in split_sentences(r)))
    rng = np.random.default_rng(seed)
    out, k = [], 0
    while k < len(pool):
        n = int(rng.integers(3, 9))
        out.append(". ".join(pool[k:k + n]) + ".")
        k += n
    return out


def rate(make: Callable[[], Labeler], texts: list[str], repeat: int) -> tuple[float, float]:
    """(reports per wall second, reports per CPU second): the best of `repeat` runs, each with a
    fresh labeler from `make` (so every run starts cold)."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        lab = make()
        w, c = time.perf_counter(), time.process_time()
        lab(texts)
        best_wall = min(best_wall, time.perf_counter() - w)
        best_cpu = min(best_cpu, time.process_time() - c)
    return len(texts) / best_wall, len(texts) / max(best_cpu, 1e-9)


def end_to_end(corpus: list[str]) -> tuple[float, float]:
    """(reports per wall second, per CPU second) of `rrg label` on `corpus` in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "reports.csv", Path(tmp) / "labeled.csv"
        with open(src, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, lineterminator="\n").writerows([r] for r in corpus)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rrg_cli.main", "label", str(src), "-o", str(out)], check=True)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        with open(out, newline="", encoding="utf-8") as fh:
            rows = sum(1 for _ in csv.reader(fh)) - 1
    if rows != len(corpus):
        raise RuntimeError(f"rrg label wrote {rows} rows for {len(corpus)} reports")
    return len(corpus) / wall, len(corpus) / cpu


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3, help="in-process runs per corpus (best is kept)")
    ap.add_argument("--no-cli", action="store_true", help="skip the `rrg label` end-to-end run")
    args = ap.parse_args(argv)
    if data_missing(args.data, "speed_labeler"):
        return 2
    reports, _ = load(args.data)
    fresh = all_new_sentences(reports)
    n_sentences = sum(len(split_sentences(r)) for r in fresh)
    corpora = [
        (f"cold, all sentences new ({len(fresh):,} reports, {n_sentences:,} distinct sentences)", fresh),
        (f"cold, the {len(reports):,} real dev reports", reports),
        (f"warm, {args.n:,} reports recombined from the dev sentences", recombined(reports, args.n)),
        (f"warm, {args.n:,} repeats of the dev reports (report cache)",
         (reports * (args.n // len(reports) + 1))[:args.n]),
    ]
    print(f"one process, fresh labeler per run, best of {args.repeat} "
          "(reports per wall second / per CPU second; goal >= 10,000):")
    for name, texts in corpora:
        wall, cpu = rate(Labeler, texts, args.repeat)
        print(f"  {wall:10,.0f} / {cpu:10,.0f}  {name}")
    if not args.no_cli:
        wall, cpu = end_to_end(recombined(reports, args.n, seed=1))
        print(f"rrg label end to end, {args.n:,} recombined reports, fresh process: {wall:,.0f} reports/s wall, "
              f"{cpu:,.0f} per CPU second (goal >= 5,000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

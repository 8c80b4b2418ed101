"""`rrg label` end to end on 50,000 reports (goal >= 5,000 reports/s), in a fresh process.

The reports are recombined from real IU X-Ray sentences (see `labeler_fidelity.recombined`):
every report string is new, the sentence mix is that of real reports. The time includes
interpreter start, reading the CSV, labeling and writing the output; the CPU time of the child
process is printed too (on a shared machine it is what the command would take alone).

Usage:
    python -m rrg_benchmarks.speed_labeler [--data ../shared/data/iu_xray] [--n 50000]
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
from typing import Sequence

from .labeler_fidelity import DEFAULT_DATA, load, recombined


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--n", type=int, default=50_000)
    args = ap.parse_args(argv)
    if not (args.data / "mesh_dev.csv").is_file():
        print(f"speed_labeler: {args.data}/mesh_dev.csv not found", file=sys.stderr)
        return 2
    reports, _ = load(args.data)
    corpus = recombined(reports, args.n, seed=1)
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
        rows = sum(1 for _ in csv.reader(open(out, newline="", encoding="utf-8"))) - 1
    assert rows == args.n, (rows, args.n)
    print(f"rrg label: {args.n:,} reports in {wall:.2f} s wall = {args.n / wall:,.0f} reports/s end to end "
          f"({cpu:.2f} CPU s = {args.n / cpu:,.0f} reports per CPU second; goal >= 5,000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

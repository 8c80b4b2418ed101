"""Peak memory and wall time of `rrg score` on many pairs (goal: 100,000 pairs without METEOR < 1 GiB).

Usage: python benchmarks/memory_score.py [--pairs 100000] [--metrics bleu,rouge_l,cider]

Pairs are IU X-Ray reports (../shared/data when present, else generated report-like text),
predictions shuffled against references so scores are realistic. The command runs in a child
process; its peak RSS comes from getrusage(RUSAGE_CHILDREN).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rrg_benchmarks._reports import iu_reports



def _reports() -> list[str]:
    reports = iu_reports()
    if reports is not None:
        return reports
    words = "the heart is normal in size lungs are clear no pleural effusion pneumothorax focal consolidation".split()
    rng = random.Random(0)
    return [" ".join(rng.choices(words, k=rng.randint(10, 60))) for _ in range(3000)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=100_000)
    ap.add_argument("--metrics", default="bleu,rouge_l,cider")
    args = ap.parse_args()
    base = _reports()
    rng = random.Random(1)
    refs = {str(i): base[i % len(base)] for i in range(args.pairs)}
    preds = {str(i): base[rng.randrange(len(base))] for i in range(args.pairs)}
    with tempfile.TemporaryDirectory() as tmp:
        p, r = Path(tmp) / "p.json", Path(tmp) / "r.json"
        p.write_text(json.dumps(preds))
        r.write_text(json.dumps(refs))
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rrg_cli.main", "score", str(p), str(r), "-m", args.metrics],
                       check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"rrg score: {args.pairs} pairs, metrics {args.metrics}: {wall:.1f} s, peak RSS {peak_mib:.0f} MiB "
          f"({'under' if peak_mib < 1024 else 'OVER'} the 1 GiB goal)")


if __name__ == "__main__":
    main()

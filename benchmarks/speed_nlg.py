"""Speed of our BLEU/ROUGE-L/CIDEr-D against pycocoevalcap 1.2 on the same pairs, same process.

Usage::

    python benchmarks/speed_nlg.py [SIZES ...] [--seed 0] [--repeats 3] [--max-refs 1]

Pairs are IU X-Ray reports (``../shared/data/iu_xray/annotation.json`` when present,
lower-cased with punctuation split off, R2Gen style): references are the reports,
predictions the same reports shuffled. Without the file, report-like pairs are
generated. Each scorer runs `--repeats` times; the best CPU time (``process_time``,
robust on a shared machine) and the best wall time are printed, with the ratio
pycocoevalcap / ours, per metric, summed ("total"), and for our three metrics run
together the way ``rrg_rewards.score`` runs them ("together": BLEU and CIDEr share
one n-gram table). The script also checks that both give the same values.
"""
from __future__ import annotations

import argparse
import random
import time
from typing import Callable

import numpy as np

from rrg_benchmarks._reports import ANNOTATION, iu_reports


_WORDS = ("the heart size is normal lungs are clear no pleural effusion or pneumothorax "
          "mild cardiomegaly stable mediastinal contours within limits focal airspace "
          "consolidation degenerative changes of thoracic spine there right left lower "
          "lobe opacity atelectasis granuloma calcified").split()



def load_reports(seed: int) -> tuple[list[str], str]:
    """IU X-Ray reports (all splits) if available, else generated report-like texts."""
    reports = iu_reports()
    if reports is not None:
        return reports, f"IU X-Ray reports ({ANNOTATION})"
    rng = random.Random(seed)
    reports = []
    for _ in range(3000):
        sentences = [" ".join(rng.choices(_WORDS, k=rng.randint(4, 10))) + " ."
                     for _ in range(rng.randint(3, 7))]
        reports.append(" ".join(sentences))
    return reports, "generated report-like texts"


def make_pairs(reports: list[str], size: int, max_refs: int, seed: int
               ) -> tuple[list[str], list[list[str]]]:
    rng = random.Random(seed)
    refs = [[rng.choice(reports) for _ in range(rng.randint(1, max_refs))] for _ in range(size)]
    preds = [r[0] for r in refs]
    rng.shuffle(preds)
    return preds, refs


def best_time(fn: Callable[[], object], repeats: int) -> tuple[float, float, object]:
    """Best CPU and best wall seconds over `repeats` runs, and the last result."""
    cpu, wall, out = float("inf"), float("inf"), None
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        out = fn()
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return cpu, wall, out


def run(size: int, reports: list[str], seed: int, repeats: int, max_refs: int) -> None:
    from pycocoevalcap.bleu.bleu import Bleu
    from pycocoevalcap.cider.cider import Cider
    from pycocoevalcap.rouge.rouge import Rouge

    from rrg_rewards.nlg._ngrams import shared_ngram_tables
    from rrg_rewards.nlg.bleu import BLEU
    from rrg_rewards.nlg.cider import CIDErD
    from rrg_rewards.nlg.rouge import RougeL

    preds, refs = make_pairs(reports, size, max_refs, seed)
    gts = {i: r for i, r in enumerate(refs)}
    res = {i: [p] for i, p in enumerate(preds)}
    tokens = np.mean([len(p.split()) for p in preds])
    print(f"\n{size} pairs, {tokens:.1f} tokens per prediction, 1-{max_refs} references")
    print(f"{'metric':<8} {'pycoco cpu':>11} {'ours cpu':>9} {'ratio':>7}"
          f" {'pycoco wall':>12} {'ours wall':>10} {'ratio':>7}  max |diff|")
    cases = [
        ("BLEU", lambda: Bleu(4).compute_score(gts, res, verbose=0), lambda: BLEU()(preds, refs)),
        ("ROUGE_L", lambda: Rouge().compute_score(gts, res), lambda: RougeL()(preds, refs)),
        ("CIDEr", lambda: Cider().compute_score(gts, res), lambda: CIDErD()(preds, refs)),
    ]
    totals = np.zeros(4)
    for name, theirs_fn, ours_fn in cases:
        tc, tw, theirs = best_time(theirs_fn, repeats)
        oc, ow, ours = best_time(ours_fn, repeats)
        diff = _max_diff(name, theirs, ours)
        totals += (tc, oc, tw, ow)
        print(f"{name:<8} {tc:>11.3f} {oc:>9.3f} {tc / oc:>6.1f}x {tw:>12.3f} {ow:>10.3f}"
              f" {tw / ow:>6.1f}x  {diff:.1e}")
    tc, oc, tw, ow = totals
    print(f"{'total':<8} {tc:>11.3f} {oc:>9.3f} {tc / oc:>6.1f}x {tw:>12.3f} {ow:>10.3f}"
          f" {tw / ow:>6.1f}x")

    def together() -> None:  # as rrg_rewards.score runs them: one shared n-gram table
        with shared_ngram_tables():
            for _, _, ours_fn in cases:
                ours_fn()

    oc, ow, _ = best_time(together, repeats)
    print(f"{'together':<8} {tc:>11.3f} {oc:>9.3f} {tc / oc:>6.1f}x {tw:>12.3f} {ow:>10.3f}"
          f" {tw / ow:>6.1f}x  (BLEU+ROUGE_L+CIDEr in one shared_ngram_tables block)")


def _max_diff(name: str, theirs: tuple, ours: dict) -> float:
    corpus, per_sample = theirs
    if name == "BLEU":
        pairs = [(corpus[k], per_sample[k], ours[f"Bleu_{k + 1}"]) for k in range(4)]
    else:
        pairs = [(corpus, per_sample, next(iter(ours.values())))]
    return max(max(abs(c - s.value), float(np.max(np.abs(np.asarray(p) - s.per_sample))))
               for c, p, s in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[600, 4000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-refs", type=int, default=1)
    args = parser.parse_args()
    reports, source = load_reports(args.seed)
    print(f"pairs from {source}; seed {args.seed}; best of {args.repeats} runs")
    for size in args.sizes:
        run(size, reports, args.seed, args.repeats, args.max_refs)


if __name__ == "__main__":
    main()

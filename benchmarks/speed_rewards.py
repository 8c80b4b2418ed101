"""Cost of every RL reward per sample, and speed of the prefix tables, against pycocoevalcap.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/speed_rewards.py [--only costs|prefix]
        [--batches 16,256] [--rounds 20] [--batch 16] [--tokens 60] [--repeats 200] [--seed 0]

Two tables.

**Cost table** (``--only costs``): milliseconds per sample of every reward `make_reward`
offers (``bleu1``..``bleu4``, ``rouge_l``, ``cider`` with document frequencies fixed from
the training reports, ``meteor``, ``ce_f1``, the composite ``0.5*bleu4+0.5*ce_f1``) and of
pycocoevalcap's ``Bleu(4)`` called the way R2GenRL calls it, at each batch size of
``--batches``. Wall-clock time (METEOR's work happens in its Java process, which CPU time
of this one would miss), best and median over ``--rounds`` rounds after one warm-up call
each. Every round scores *new* candidates (another draw of the generator below) against
references drawn from the training reports, as RL steps do: caches (the labeler's per
sentence and per report, METEOR's per pair) help only where text really repeats: the
references recur from round to round, as they do from the second epoch of training on.

**Prefix table** (``--only prefix``): one batch as an RL step scores it: `--batch` sampled candidates of exactly `--tokens`
tokens against their reference report. References are IU X-Ray training reports
(``../shared/data/iu_xray/annotation.json`` when present, lower-cased with punctuation
split off, as R2Gen cleans them); candidates are other training reports' tokens, locally
shuffled and cut/padded to the length, so they share vocabulary and some n-grams with the
reference as samples from a trained model do. CIDEr-D's document frequencies come from
all training reports. Without the file, report-like text is generated.

Timed, per batch (best and median CPU time over `--repeats`):

* ``rrg cold``: a reward that caches nothing (``cache_size=0``): every reference is
  tokenized and looked up again, as in the first epoch;
* ``rrg warm``: the default reward with these references seen before (every later epoch,
  and every extra sample of the same input);
* ``pycocoevalcap``: R2GenRL's way (``modules/rewards.py``): one global ``Bleu(4)`` scorer
  called per batch on ``{i: [candidate]}`` / ``{i: [reference]}`` dicts, keeping the
  per-sample Bleu_4; for CIDEr, pycocoevalcap's ``Cider`` per batch (whose df come from the
  batch itself: the nearest thing it offers);
* ``prefix``: `prefix_scores` for all tokens' prefixes, against scoring the full
  candidates once (the <= 2x goal): with the same (warm) reward, and with
  ``rrg_rewards.score`` (the generic per-sample path).

Values are checked against pycocoevalcap before timing.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import random
import statistics
import time
from typing import Callable

import numpy as np

from rrg_benchmarks._reports import iu_reports


_WORDS = ("the heart size is normal lungs are clear no pleural effusion or pneumothorax "
          "mild cardiomegaly stable mediastinal contours within limits focal airspace "
          "consolidation degenerative changes of thoracic spine there right left lower "
          "lobe opacity atelectasis granuloma calcified . ,").split()



def load_reports(rng: random.Random) -> tuple[list[str], str]:
    """Training reports (IU X-Ray when available, else generated) and where they came from."""
    reports = iu_reports(("train",))
    if reports is not None:
        return reports, f"IU X-Ray train ({len(reports)} reports)"
    reports = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(20, 70)))
               for _ in range(2000)]
    return reports, "generated report-like text (shared data absent)"


def make_batch(reports: list[str], batch: int, tokens: int, rng: random.Random
               ) -> tuple[list[str], list[str]]:
    """`batch` candidates of exactly `tokens` tokens and one reference each."""
    refs = rng.sample(reports, batch)
    cands = []
    for ref in refs:
        words = ref.split()
        while len(words) < tokens:
            words += rng.choice(reports).split()
        words = words[:tokens]
        for _ in range(tokens // 4):  # local swaps: a plausible but imperfect sample
            i = rng.randrange(tokens - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        for _ in range(tokens // 6):
            words[rng.randrange(tokens)] = rng.choice(_WORDS)
        cands.append(" ".join(words))
    return cands, refs


def timeit(fns: dict[str, Callable[[], object]], repeats: int) -> dict[str, tuple[float, float]]:
    """(best, median) CPU seconds per call of each function, after one warm-up call each.

    The functions run interleaved, round after round, so that all of them see the same
    machine load and their ratios stay meaningful on a shared machine. CPU time of this
    process (``process_time``) is far steadier than wall time there, and the work is
    single-threaded (run with ``OMP_NUM_THREADS=1``). The best time estimates an idle
    machine.
    """
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            t0 = time.process_time()
            fn()
            times[name].append(time.process_time() - t0)
    return {name: (min(t), statistics.median(t)) for name, t in times.items()}


def coco_bleu4(cands: list[str], refs: list[str]) -> np.ndarray:
    from pycocoevalcap.bleu.bleu import Bleu
    gts = {i: [r] for i, r in enumerate(refs)}
    res = {i: [c] for i, c in enumerate(cands)}
    with contextlib.redirect_stdout(io.StringIO()):
        _, scores = Bleu(4).compute_score(gts, res, verbose=0)
    return np.array(scores[3])


def coco_cider(cands: list[str], refs: list[str]) -> np.ndarray:
    from pycocoevalcap.cider.cider import Cider
    gts = {i: [r] for i, r in enumerate(refs)}
    res = {i: [c] for i, c in enumerate(cands)}
    return np.asarray(Cider().compute_score(gts, res)[1])


#: the rewards of the cost table, in its order; the composite is one reward of two parts
COST_REWARDS = ("bleu1", "bleu2", "bleu3", "bleu4", "rouge_l", "cider", "meteor", "ce_f1",
                "0.5*bleu4+0.5*ce_f1")
#: the cost table's row for pycocoevalcap
COCO_ROW = "pycocoevalcap Bleu(4), R2GenRL's call"


def wall_times(fns: dict[str, Callable[[int], object]], rounds: int
               ) -> dict[str, tuple[float, float]]:
    """(best, median) wall seconds of ``fn(round)`` per function, after a warm-up ``fn(-1)``.

    Functions run interleaved round by round (the same machine load for all of them).
    """
    for fn in fns.values():
        fn(-1)
    times: dict[str, list[float]] = {name: [] for name in fns}
    for r in range(rounds):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn(r)
            times[name].append(time.perf_counter() - t0)
    return {name: (min(t), statistics.median(t)) for name, t in times.items()}


def cost_table(reports: list[str], source: str, df: object, batches: list[int], rounds: int,
               tokens: int, seed: int) -> list[tuple[str, int, float, float]]:
    """Print milliseconds per sample of each reward at each batch size; return the rows.

    Returns:
        ``(reward, batch, best ms/sample, median ms/sample)`` per reward and batch size.
    """
    from rrg_rewards.nlg.meteor import meteor_available
    from rrg_rewards.rl import make_reward

    names = [n for n in COST_REWARDS if n != "meteor" or meteor_available()]
    rows: list[tuple[str, int, float, float]] = []
    for batch in batches:
        rng = random.Random(seed + batch)
        # every function gets its own new batch each round (round -1: the warm-up), so that
        # no function finds the candidates another one just labeled in the labeler's caches
        data = {(name, r): make_batch(reports, batch, tokens, rng)
                for name in [*names, COCO_ROW] for r in range(-1, rounds)}
        fns: dict[str, Callable[[int], object]] = {}
        for name in names:
            reward = make_reward(name, cider_df=df)
            fns[name] = lambda r, reward=reward, name=name: reward(*data[name, r])
        fns[COCO_ROW] = lambda r: coco_bleu4(*data[COCO_ROW, r])
        t = wall_times(fns, rounds)
        rows += [(name, batch, best * 1e3 / batch, med * 1e3 / batch)
                 for name, (best, med) in t.items()]
    print(f"cost per sample: candidates of {tokens} tokens, 1 reference each, new candidates "
          f"every round; references and df: {source}")
    print(f"wall-clock ms per sample, best (median) of {rounds} rounds")
    if "meteor" not in names:
        print("meteor: left out (METEOR unavailable: no Java or no jar)")
    header = f"{'reward':38s}" + "".join(f"{f'batch {b}':>20s}" for b in batches)
    print(header)
    for name in [*names, COCO_ROW]:
        cells = [f"{best:8.4f} ({med:.4f})" for n, b, best, med in rows if n == name]
        print(f"{name:38s}" + "".join(f"{c:>20s}" for c in cells))
    return rows


def prefix_table(reports: list[str], source: str, df: object, batch: int, tokens: int,
                 repeats: int, rng: random.Random) -> None:
    """Print the cold / warm / pycocoevalcap / prefix table for one batch."""
    from rrg_rewards import score
    from rrg_rewards.nlg.cider import CIDErD
    from rrg_rewards.rl import BleuReward, CiderDReward, RougeLReward, make_reward, prefix_scores

    cands, refs = make_batch(reports, batch, tokens, rng)
    print(f"batch: {batch} candidates x {tokens} tokens, 1 reference each; "
          f"references and df: {source}")

    # correctness first
    bleu, cider = make_reward("bleu4"), make_reward("cider", cider_df=df)
    assert np.allclose(bleu(cands, refs), coco_bleu4(cands, refs), rtol=0, atol=1e-9)
    assert np.allclose(cider(cands, refs),
                       CIDErD(df=df)(cands, [[r] for r in refs])["CIDEr"].per_sample,
                       rtol=0, atol=1e-9)

    rows = []
    for name, make, coco in [("bleu4", lambda c: BleuReward(4, cache_size=c), coco_bleu4),
                             ("rouge_l", lambda c: RougeLReward(cache_size=c), None),
                             ("cider", lambda c: CiderDReward(df, cache_size=c), coco_cider)]:
        cold_reward, warm_reward = make(0), make(50_000)
        metric = {"bleu4": "bleu"}.get(name, name)
        fns = {
            "cold": lambda: cold_reward(cands, refs),
            "warm": lambda: warm_reward(cands, refs),
            "prefix": lambda: prefix_scores(cands, refs, warm_reward),
        }
        t = timeit(fns, repeats)
        cold, warm, pre = t["cold"], t["warm"], t["prefix"]
        slow = {"score": lambda: score(cands, refs, metrics=metric, cider_df=df)}
        if coco:
            slow["coco"] = lambda: coco(cands, refs)
        t = timeit(slow, max(20, repeats // 5))
        generic, ref_t = t["score"], t.get("coco")
        rows.append((name, cold, warm, ref_t, pre, generic))

    for label, i in (("best", 0), ("median", 1)):
        print(f"\nCPU time per batch, {label} of {repeats} runs")
        print(f"{'reward':8s} {'rrg cold':>10s} {'rrg warm':>10s} {'pycocoevalcap':>14s} "
              f"{'coco/cold':>10s} {'coco/warm':>10s} {'prefix':>10s} {'prefix/warm':>12s} "
              f"{'score()':>10s} {'prefix/score()':>15s}")
        for name, cold, warm, ref_t, pre, generic in rows:
            coco_s = f"{ref_t[i] * 1e3:11.3f} ms" if ref_t else f"{'-':>14s}"
            r1 = f"{ref_t[i] / cold[i]:9.1f}x" if ref_t else f"{'-':>10s}"
            r2 = f"{ref_t[i] / warm[i]:9.1f}x" if ref_t else f"{'-':>10s}"
            print(f"{name:8s} {cold[i] * 1e3:7.3f} ms {warm[i] * 1e3:7.3f} ms {coco_s} {r1} {r2} "
                  f"{pre[i] * 1e3:7.3f} ms {pre[i] / warm[i]:11.2f}x "
                  f"{generic[i] * 1e3:7.3f} ms {pre[i] / generic[i]:14.2f}x")
    print("\ngoals: bleu4 <= 1 ms, cider <= 2 ms per batch; prefix <= 2x full scoring")


def main(argv: list[str] | None = None) -> None:
    from rrg_rewards.nlg.cider import DocumentFrequencies

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", choices=("costs", "prefix"), default=None,
                    help="print only one of the two tables")
    ap.add_argument("--batches", default="16,256", help="cost table: batch sizes")
    ap.add_argument("--rounds", type=int, default=20, help="cost table: timed rounds")
    ap.add_argument("--batch", type=int, default=16, help="prefix table: batch size")
    ap.add_argument("--tokens", type=int, default=60)
    ap.add_argument("--repeats", type=int, default=200, help="prefix table: timed runs")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    try:
        batches = [int(b) for b in args.batches.split(",")]
    except ValueError:
        ap.error(f"--batches must be comma-separated integers, got {args.batches!r}")
    if any(b < 1 for b in batches) or args.rounds < 1:
        ap.error("batch sizes and --rounds must be positive")
    rng = random.Random(args.seed)
    reports, source = load_reports(rng)
    df = DocumentFrequencies.from_corpus(reports)
    if args.only in (None, "costs"):
        cost_table(reports, source, df, batches, args.rounds, args.tokens, args.seed)
    if args.only is None:
        print()
    if args.only in (None, "prefix"):
        prefix_table(reports, source, df, args.batch, args.tokens, args.repeats, rng)


if __name__ == "__main__":
    main()

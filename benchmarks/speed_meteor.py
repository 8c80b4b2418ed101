"""METEOR speed: our shared-JVM `Meteor` against pycocoevalcap 1.2's `Meteor`, same process.

Usage::

    python -m rrg_benchmarks.speed_meteor [--batches 100] [--batch 16] [--max-refs 1] [--seed 0]

Prints, for both implementations:

* cold start: from no JVM to the first value of a 1-pair batch (ours: `Meteor()` after
  `shutdown()`; pycocoevalcap: ``Meteor()`` + first ``compute_score``, which is what
  code that builds its scorers per evaluation pays every time, e.g. R2Gen's
  ``compute_scores``);
* warm batches of `--batch` pairs (goal: median <= 40 ms for 16 pairs), median and
  90th percentile of wall time over `--batches` different batches, and the ratio
  pycocoevalcap / ours;
* the JVM's CPU time per batch (from /proc), which does not depend on other load;
* ours on batches it has seen before (the exact cache answers the SCORE lines, only
  EVAL goes to the jar), as when RL re-scores repeated samples; the comparison above
  runs with the cache off;
* whether both gave identical per-sample and corpus values on every batch.

Pairs are IU X-Ray reports (``../shared/data/iu_xray/annotation.json`` when present,
cleaned R2Gen style, ~36 words each), paired at random: one reference per sample, as
IU X-Ray has, or 1..``--max-refs``. Without the file, report-like pairs are generated.
The jar's own work per pair (same for both implementations) dominates; the JVM CPU line
separates it from the exchange overhead. On a shared machine run it twice and keep the
lower figures.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

import numpy as np

from rrg_rewards.nlg import meteor as ours_module
from rrg_rewards.text import clean_texts

ANNOTATION = Path(os.environ.get(
    "RRG_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data")
) / "iu_xray" / "annotation.json"

_SENTENCES = [
    "the heart size is normal", "the cardiomediastinal silhouette is within normal limits",
    "the lungs are clear", "no focal consolidation", "no pleural effusion or pneumothorax",
    "there is mild cardiomegaly", "small left pleural effusion", "degenerative changes of the spine",
    "no acute osseous abnormality", "xxxx opacity in the right lower lobe",
    "stable calcified granuloma", "pulmonary vascularity is normal", "there is no edema",
]


def load_reports(seed: int) -> tuple[list[str], str]:
    """IU X-Ray reports (all splits) if the shared data is there, else generated ones."""
    if ANNOTATION.is_file():
        data = json.loads(ANNOTATION.read_text())
        texts = [s["report"] for split in ("train", "val", "test") for s in data.get(split, [])]
        texts = [t for t in clean_texts(texts, "iu_xray") if t.strip(" .")]
        return texts, f"IU X-Ray reports ({ANNOTATION})"
    rng = random.Random(seed)
    texts = [" . ".join(rng.sample(_SENTENCES, rng.randint(2, 6))) + " ." for _ in range(3000)]
    return texts, "generated report-like text"


def make_batches(texts: list[str], n_batches: int, size: int, seed: int, max_refs: int):
    rng = random.Random(seed)
    batches = []
    for _ in range(n_batches):
        preds = rng.sample(texts, size)
        refs = [rng.sample(texts, rng.randint(1, max_refs)) for _ in range(size)]
        batches.append((preds, refs))
    return batches


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def coco_call(scorer, preds: list[str], refs: list[list[str]]):
    gts = {str(i): r for i, r in enumerate(refs)}
    res = {str(i): [p] for i, p in enumerate(preds)}
    return scorer.compute_score(gts, res)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batches", type=int, default=100)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-refs", type=int, default=1,
                    help="references per sample drawn from 1..max-refs (IU X-Ray has 1)")
    args = ap.parse_args()
    if not ours_module.meteor_available():
        raise SystemExit(ours_module.meteor_unavailable_reason())
    from pycocoevalcap.meteor.meteor import Meteor as CocoMeteor

    # the comparison runs without our exact cache (every pair goes to the jar, as in
    # pycocoevalcap); repeated batches are timed separately at the end
    os.environ[ours_module.ENV_CACHE] = "0"

    texts, source = load_reports(args.seed)
    batches = make_batches(texts, args.batches, args.batch, args.seed, args.max_refs)
    warmup = make_batches(texts, 40, args.batch, args.seed + 1, args.max_refs)
    print(f"data: {source}; {args.batches} batches of {args.batch} pairs, "
          f"1-{args.max_refs} references each")
    print(f"jar: {ours_module.meteor_jar()}, heap {ours_module.get_heap()}")

    # cold starts
    ours_module.shutdown()
    t = time.perf_counter()
    m = ours_module.Meteor()
    m(batches[0][0][:1], batches[0][1][:1])
    cold_ours = time.perf_counter() - t
    t = time.perf_counter()
    coco = CocoMeteor()
    coco_call(coco, batches[0][0][:1], batches[0][1][:1])
    cold_coco = time.perf_counter() - t

    # warm up both JVMs' JIT on batches not timed, then alternate per batch so that
    # load from other processes hits both alike
    for preds, refs in warmup:
        m(preds, refs)
        coco_call(coco, preds, refs)
    t_ours, t_coco, same = [], [], True
    pid_ours, pid_coco = ours_module._SERVER.process.pid, coco.meteor_p.pid
    jvm0 = cpu_seconds(pid_ours), cpu_seconds(pid_coco)
    py_ours = py_coco = 0.0
    for preds, refs in batches:
        t, c = time.perf_counter(), time.process_time()
        a = m(preds, refs)["METEOR"]
        t_ours.append(time.perf_counter() - t)
        py_ours += time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        value, per_sample = coco_call(coco, preds, refs)
        t_coco.append(time.perf_counter() - t)
        py_coco += time.process_time() - c
        same &= a.value == value and np.array_equal(a.per_sample, np.asarray(per_sample))

    jvm_o = (cpu_seconds(pid_ours) - jvm0[0]) / args.batches * 1e3
    jvm_c = (cpu_seconds(pid_coco) - jvm0[1]) / args.batches * 1e3
    os.environ[ours_module.ENV_CACHE] = "100000"
    for preds, refs in batches[:20]:
        m(preds, refs)
    t_rep = []
    for preds, refs in batches[:20]:
        t = time.perf_counter()
        m(preds, refs)
        t_rep.append(time.perf_counter() - t)
    med_r = float(np.median(t_rep)) * 1e3

    med_o, med_c = float(np.median(t_ours)) * 1e3, float(np.median(t_coco)) * 1e3
    p90_o, p90_c = float(np.percentile(t_ours, 90)) * 1e3, float(np.percentile(t_coco, 90)) * 1e3
    print(f"cold start (JVM + first pair): ours {cold_ours:6.2f} s   pycocoevalcap {cold_coco:6.2f} s")
    print(f"warm batch of {args.batch}, median : ours {med_o:6.1f} ms  pycocoevalcap {med_c:6.1f} ms"
          f"   ratio x{med_c / med_o:.1f}   (goal <= 40 ms)")
    print(f"warm batch of {args.batch}, p90    : ours {p90_o:6.1f} ms  pycocoevalcap {p90_c:6.1f} ms")
    print(f"JVM CPU per batch (mean)  : ours {jvm_o:6.1f} ms  pycocoevalcap {jvm_c:6.1f} ms"
          "   (load-independent: the jar's own work)")
    print(f"Python CPU per batch (mean): ours {py_ours / args.batches * 1e3:6.2f} ms  pycocoevalcap "
          f"{py_coco / args.batches * 1e3:6.2f} ms   (the exchange overhead)")
    print(f"per scorer object (pycocoevalcap cold start + 1 batch) vs ours warm: "
          f"x{(cold_coco + med_c / 1e3) / (med_o / 1e3):.0f}")
    print(f"repeated batch (RL-style re-scoring, exact cache on): ours {med_r:6.1f} ms median")
    print(f"identical values on all {args.batches} batches: {same}")
    ours_module.shutdown()


if __name__ == "__main__":
    main()

"""Training the bench's chains: MLE then RL per architecture and seed, in parallel processes.

Chains are independent, so they run as parallel single-thread processes (one 2-thread torch
process is only ~1.45x faster than one thread here, and busy-waiting OpenMP threads crawl
when processes share the cores, so ``OMP_WAIT_POLICY=PASSIVE``). Every finished variant
leaves ``result.json`` with the fingerprint of what produced it; a rerun reuses it only when
the fingerprint matches (same config, reward, data), and an interrupted training stage
resumes from its ``last.pt``. A stage whose fingerprint changed is trained again from scratch.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import multiprocessing as mp
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from rrg_model.checkpoint import atomic_write_text
from rrg_model.errors import ModelError
from rrg_model.runner import read_metrics

from .bench_spec import LABELS, VARIANTS, BenchSpec, Chain, fingerprint, run_config, variant_dir

log = logging.getLogger(__name__)


def atomic_json(obj: Any, path: Path) -> None:
    """Write JSON through the project's one atomic write (temp file + rename)."""
    atomic_write_text(path, json.dumps(obj, indent=1) + "\n")


def finished(spec: BenchSpec, variant: str, seed: int, kind: tuple[str, bool] | None = None) -> bool:
    """A result.json exists and was produced by this spec (same fingerprint).

    ``kind``: (architecture, whether RL) of a variant outside the ablation's `VARIANTS`.
    """
    path = variant_dir(spec.out, variant, seed) / "result.json"
    if not path.is_file():
        return False
    try:
        got = json.loads(path.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, ValueError):
        return False
    arch, rl = kind or VARIANTS[variant]
    return got == fingerprint(spec, arch, seed, "rl" if rl else "mle")


def _marked(spec: BenchSpec, arch: str, seed: int, stage: str, stage_dir: Path) -> bool:
    """stage_dir carries this spec's fingerprint (it was trained, or is being trained, for it)."""
    mark = stage_dir / "bench_fingerprint.txt"
    return mark.is_file() and mark.read_text().strip() == fingerprint(spec, arch, seed, stage)


def stage_current(spec: BenchSpec, arch: str, seed: int, stage: str, stage_dir: Path) -> bool:
    """Whether stage_dir was trained for this spec; a stale one is deleted (retrain)."""
    if stage_dir.exists() and not _marked(spec, arch, seed, stage, stage_dir):
        log.info("%s changed since %s was trained: training it again", stage, stage_dir)
        shutil.rmtree(stage_dir)
    stage_dir.mkdir(parents=True, exist_ok=True)
    if not (stage_dir / "bench_fingerprint.txt").is_file():
        atomic_write_text(stage_dir / "bench_fingerprint.txt", fingerprint(spec, arch, seed, stage) + "\n")
    return (stage_dir / "test_metrics.json").is_file()


def _status(out: Path, name: str, stage: str) -> None:
    """OUT/status/<name>.json: the stage a worker job is in (for the progress line)."""
    atomic_json({"stage": stage, "time": time.time()}, out / "status" / f"{name}.json")


def _read_status(out: Path, name: str) -> str | None:
    """The stage a job's status file names; None when the job has not started."""
    try:
        return json.loads((out / "status" / f"{name}.json").read_text(encoding="utf-8"))["stage"]
    except FileNotFoundError:
        return None
    except (json.JSONDecodeError, KeyError, OSError):
        return "?"


def evaluate_variant(spec: BenchSpec, ckpt: Path, data_dir: Path, variant: str, seed: int,
                     stage_dir: Path, seconds: float, kind: tuple[str, bool] | None = None) -> None:
    """Record a variant's test result (the trainer's own once-at-the-end test decode), which
    epoch was selected, and the validation image gap the trainer logged for that epoch."""
    from rrg_model.checkpoint import load

    _, tok, cfg, raw = load(ckpt)
    preds_path, metrics_path = stage_dir / "test_predictions.json", stage_dir / "test_metrics.json"
    if preds_path.is_file() and metrics_path.is_file():
        from rrg_model.data import load_annotation
        from rrg_model.tokenizer import clean_reports

        preds = json.loads(preds_path.read_text(encoding="utf-8"))
        studies = load_annotation(data_dir, cfg.model.images_per_study)["test"]
        studies = studies[:cfg.data.max_test] if cfg.data.max_test else studies
        ids = [st.id for st in studies]
        refs = clean_reports([st.report for st in studies], tok.clean)
        metrics = json.loads(metrics_path.read_text(encoding="utf-8"))["metrics"]
        predictions = [preds[i] for i in ids]
    else:
        from rrg_model.evaluate import evaluate

        res = evaluate(ckpt, data_dir, split="test", clinical=False)
        ids = list(res["ids"])
        metrics, predictions = res["metrics"], [res["predictions"][i] for i in ids]
        refs = [res["references"][i] for i in ids]
    metrics = {k: v for k, v in metrics.items() if not k.startswith("CE_")}  # CE: bench_report's
    best = json.loads(raw.get("best", "{}"))
    at = next((r for r in read_metrics(stage_dir) if r.get("epoch") == best.get("epoch")), {})
    if "val_image_gap" in at:  # computed on the selected weights when that epoch was validated
        metrics["val_image_gap"] = at["val_image_gap"]
    arch, rl = kind or VARIANTS[variant]
    result = {
        "variant": variant, "seed": seed, "checkpoint": str(ckpt), "stage_dir": str(stage_dir),
        "fingerprint": fingerprint(spec, arch, seed, "rl" if rl else "mle"),
        "selected_epoch": best.get("epoch"), "parent_selected": bool(rl and best.get("epoch") == 0),
        "metrics": metrics, "ids": ids, "predictions": predictions, "references": refs,
        "train_seconds": round(seconds, 1),
    }
    atomic_json(result, variant_dir(spec.out, variant, seed) / "result.json")


@dataclass(frozen=True)
class Stage:
    """One training stage as a worker job: a seed's MLE parent, or one RL run from it.

    The ablation runs one RL stage per MLE parent (folder ``rl``), the generalization study one
    per reward (``rl_<name>``). Separate jobs let the workers pack short RL runs between long MLE
    runs: with whole chains as jobs, 3 seeds on 2 workers left a worker idle at the end.
    """

    arch: str
    seed: int
    variant: str  # the result it writes: OUT/results/<variant>/seed<k>/result.json
    rl: str | None = None  # None: the MLE stage; else the RL run's folder ("rl", "rl_cider")
    reward: str | None = None  # the RL run's reward when not the spec's (generalization)

    @property
    def name(self) -> str:
        return f"{self.arch}-seed{self.seed}-" + (self.rl or "mle").replace("_", "-")

    def stage_dir(self, out: Path) -> Path:
        return out / "runs" / self.arch / f"seed{self.seed}" / (self.rl or "mle")

    def spec_for(self, spec: BenchSpec) -> BenchSpec:
        """The spec this stage's fingerprint and config come from (its own reward, if any)."""
        return dataclasses.replace(spec, reward=self.reward) if self.reward is not None else spec

    def done(self, spec: BenchSpec) -> bool:
        """Its result exists and was produced by this spec."""
        return finished(self.spec_for(spec), self.variant, self.seed, (self.arch, self.rl is not None))


def run_stage(spec: BenchSpec, job: Stage, data_dir: Path) -> float:
    """Train (or resume) and evaluate one stage in this process, unless its result is current;
    returns its training seconds. A retrained MLE parent deletes its RL runs' folders."""
    import torch

    from rrg_model import train_mle, train_scst

    torch.set_num_threads(1)
    rspec = job.spec_for(spec)
    cfg = run_config(rspec, job.arch, job.seed)
    mle_dir = job.stage_dir(spec.out).with_name("mle")
    kind = (job.arch, job.rl is not None)
    t0 = time.perf_counter()
    if job.rl is None:
        if not stage_current(spec, job.arch, job.seed, "mle", mle_dir):
            for child in mle_dir.parent.glob("rl*"):
                shutil.rmtree(child, ignore_errors=True)
            _status(spec.out, job.name, "mle")
            train_mle.train(cfg, data_dir, mle_dir, resume=(mle_dir / "last.pt").is_file(), progress=False)
        seconds = time.perf_counter() - t0
        if not job.done(spec):
            _status(spec.out, job.name, "eval " + job.variant)
            evaluate_variant(spec, mle_dir / "best.pt", data_dir, job.variant, job.seed, mle_dir, seconds, kind)
    elif not job.done(spec):
        rl_dir = job.stage_dir(spec.out)
        stage_current(rspec, job.arch, job.seed, "rl", rl_dir)
        _status(spec.out, job.name, "rl")
        best = train_scst.train(cfg, data_dir, rl_dir, init_checkpoint=mle_dir / "best.pt",
                                resume=(rl_dir / "last.pt").is_file(), progress=False)
        seconds = time.perf_counter() - t0
        _status(spec.out, job.name, "eval " + job.variant)
        evaluate_variant(rspec, best, data_dir, job.variant, job.seed, rl_dir, seconds, kind)
    else:
        seconds = 0.0
    return seconds


def in_worker(spec: BenchSpec, name: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Worker entry: single-threaded torch, output into OUT/logs/<name>.log, then ``fn(*args)``."""
    log_path = spec.out / "logs" / f"{name}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(log_path, "a", encoding="utf-8")
    os.dup2(fh.fileno(), 1)
    os.dup2(fh.fileno(), 2)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, force=True,
                        format="%(asctime)s %(name)s: %(message)s")
    _status(spec.out, name, "running")  # the pool hands a worker its next job early: "running"
    result = fn(*args)                  # in the progress line means started, not handed over
    _status(spec.out, name, "done")
    return result


def stage_process(spec: BenchSpec, job: Stage, data_dir: Path) -> float:
    """Worker entry of one stage (log: OUT/logs/<job name>.log)."""
    return in_worker(spec, job.name, run_stage, spec, job, data_dir)


def single_thread_env() -> None:
    # inherited by spawned workers before they import torch
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["MKL_NUM_THREADS"] = "1"
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    os.environ["RRG_NUM_THREADS"] = "1"


def run_chains(spec: BenchSpec, chains: Sequence[Chain], data_dir: Path,
               progress: Callable[[str], None] = lambda s: None, poll: float = 15.0) -> None:
    """Run the chains' stages as parallel single-thread processes, reporting progress lines.

    Every MLE stage starts at once, longest first (a CMM MLE run takes ~12 min of the quick
    preset, a BASE one ~8); an RL stage joins the queue when its parent ends, so the short RL
    runs fill the end. With one worker: chain by chain, MLE then RL.
    """
    jobs, first, children = [], [], {}
    for ch in sorted(chains, key=lambda ch: ch.arch != "cmm"):
        mle = Stage(ch.arch, ch.seed, "base" if ch.arch == "base" else "cmm")
        rl = Stage(ch.arch, ch.seed, "rl" if ch.arch == "base" else "cmm_rl", rl="rl")
        need_rl = rl.variant in ch.variants and not rl.done(spec)
        parent_ready = _marked(spec, ch.arch, ch.seed, "mle", mle.stage_dir(spec.out)) and \
            (mle.stage_dir(spec.out) / "test_metrics.json").is_file()
        if (mle.variant in ch.variants and not mle.done(spec)) or (need_rl and not parent_ready):
            jobs.append(mle)
            first.append(mle)
            children[mle.name] = [rl] if need_rl else []
        elif need_rl:
            first.append(rl)
        jobs += [rl] if need_rl else []
    first.sort(key=lambda job: job.rl is not None)  # parents first, then RL runs with a trained parent
    run_jobs(spec, jobs, lambda job: run_stage(spec, job, data_dir), lambda job: (stage_process, spec, job, data_dir),
             lambda job: job_state(spec, job), progress, poll, what="stage",
             describe=lambda job: f"{job.name}: {LABELS[job.variant]}", first=first,
             then=lambda job: children.get(job.name, []))


def run_jobs(spec: Any, jobs: Sequence[Any], run_here: Callable[[Any], Any],
             entry: Callable[[Any], tuple], state: Callable[[Any], str] | None, progress: Callable[[str], None],
             poll: float, what: str, describe: Callable[[Any], str] = lambda job: job.name,
             first: Sequence[Any] | None = None, then: Callable[[Any], Iterable[Any]] = lambda job: ()
             ) -> dict[str, Any]:
    """Run jobs (anything with a ``.name``) in ``spec.workers`` (default: one per CPU; at most
    one per job) single-thread processes, or in this process, in order, with one worker.
    Serves the ablation's chains, the generalization study's stages and the cxrl study's jobs
    (``spec``: anything with ``workers`` and ``out``; logs in OUT/logs/<name>.log).

    Args:
        run_here: runs a job in this process (one worker).
        entry: ``job -> (function, *args)`` a spawned worker calls.
        state: the job's state for the progress line (`wait_all`); None: queued / running /
            done as the process pool sees it.
        first: the jobs to start at once (default all); ``then(job)`` names the jobs a finished
            job releases (e.g. an MLE parent's reward runs). Every job of ``jobs`` must be
            released by one of the two.

    Returns:
        Each job's result by name.
    """
    if not jobs:
        return {}
    workers = min(spec.workers or os.cpu_count() or 1, len(jobs))
    single_thread_env()
    t0 = time.perf_counter()
    if workers <= 1:
        results = {}
        for i, job in enumerate(jobs, 1):
            progress(f"[{i}/{len(jobs)}] {describe(job)}")
            results[job.name] = run_here(job)
        return results
    progress(f"running {len(jobs)} {what}(s) on {workers} single-thread worker(s); logs in {spec.out / 'logs'}")
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures: dict[Future, Any] = {}
        by_name: dict[str, Future] = {}

        def submit(job: Any) -> Future:
            fut = pool.submit(*entry(job))
            futures[fut] = job
            by_name[job.name] = fut
            return fut

        def pool_state(job: Any) -> str:
            fut = by_name.get(job.name)
            if fut is not None and fut.done():
                return "done"
            return _read_status(spec.out, job.name) or "queued"

        for job in jobs:  # a status left by an earlier, interrupted run is not this run's
            (spec.out / "status" / f"{job.name}.json").unlink(missing_ok=True)
        for job in (jobs if first is None else first):
            submit(job)
        wait_all(futures, len(jobs), spec, t0, state or pool_state, progress, poll,
                 lambda job: [submit(j) for j in then(job)], what=what + " ")
        return {job.name: fut.result() for fut, job in futures.items()}


def wait_all(futures: dict[Future, Any], total: int, spec: BenchSpec, t0: float,
             state: Callable[[Any], str], progress: Callable[[str], None], poll: float,
             then: Callable[[Any], Iterable[Future]] = lambda job: (), what: str = "") -> None:
    """Wait for worker jobs (anything with a ``.name``), printing one line per finished job and a
    state line (``state(job)`` for every job not yet finished) when it changes or every minute; ``then(job)``
    submits follow-up jobs (added to ``futures`` by the caller). The first failure cancels the
    rest and raises one ModelError naming the job's log."""
    pending = set(futures)
    done_count = 0
    last = ("", 0.0)
    while pending:
        finished, pending = wait(pending, timeout=poll, return_when=FIRST_COMPLETED)
        for fut in finished:
            job = futures[fut]
            exc = fut.exception()
            if exc is not None:
                for other in pending:
                    other.cancel()
                raise ModelError(f"{what}{job.name} failed: {exc} (see {spec.out / 'logs' / (job.name + '.log')})")
            done_count += 1
            progress(f"[{done_count}/{total}] {job.name} done  ({elapsed(t0)})")
            pending.update(then(job))
        # what is still running or queued (a finished job had its own line)
        line = " | ".join(f"{job.name}: {state(job)}" for fut, job in futures.items() if not fut.done())
        if line and (line != last[0] or time.perf_counter() - last[1] >= 60):
            progress(f"  {elapsed(t0)}  {line}")
            last = (line, time.perf_counter())


def job_state(spec: BenchSpec, job: Stage) -> str:
    """'mle epoch 3/6', 'rl epoch 1/2', 'eval cmm', 'done' or 'queued' for the progress line."""
    return stage_state(spec, job.name, job.arch, job.seed, lambda stage: job.stage_dir(spec.out))


def stage_state(spec: BenchSpec, name: str, arch: str, seed: int,
                history: Callable[[str], Path]) -> str:
    """A worker's state for the progress line, from its status file and its metrics history
    (``history(stage)`` is the folder of that stage's metrics.jsonl)."""
    stage = _read_status(spec.out, name)
    if stage is None:
        return "queued"
    if stage in ("mle", "rl"):
        cfg = run_config(spec, arch, seed)
        total = cfg.train.epochs if stage == "mle" else cfg.rl.epochs
        done = sum(1 for row in read_metrics(history(stage)) if row.get("epoch", 1) > 0)  # RL's epoch 0 = parent
        return f"{stage} epoch {min(done + 1, total)}/{total}"
    return stage


def elapsed(t0: float) -> str:
    s = int(time.perf_counter() - t0)
    return f"{s // 60}m{s % 60:02d}s"

"""What the MLE and RL trainers share: run folder, resume, distributed set-up, epoch loop.

A stage (``mle`` or ``rl``) writes into its own folder:

    config.json      resolved RunConfig + stage, git commit, versions, seed, world size
    metrics.jsonl    one JSON object per epoch (train loss, learning rates, val metrics)
    metrics.csv      the same as a table
    last.pt          full training state after the last complete epoch (resume point)
    best.pt          weights with the best validation ``val_metric`` (never chosen on test)
    test_metrics.json, test_predictions.json   the test split, scored once, at the end

Resuming restores model, optimizer, scheduler, RNG states, epoch and metric history from
``last.pt``; batches and augmentations are seeded by (seed, epoch), so a resumed run
continues bit-identically on CPU. Under ``torchrun`` (WORLD_SIZE > 1) each process takes
every world-th study of the epoch's shuffle, gradients are averaged by
DistributedDataParallel (gloo on CPU, nccl on GPU), and rank 0 validates and writes files.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import os
import platform
import subprocess
import time
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, Callable, Protocol

import numpy as np
import torch
import torch.distributed as dist

from . import checkpoint as ckpt_mod
from .config import RunConfig, resolve_num_threads
from .data import ReportDataset, load_annotation, epoch_order
from .errors import ModelError
from .evaluate import evaluate_model
from .model import ReportGenerator
from .tokenizer import Tokenizer

log = logging.getLogger(__name__)

#: fields a resumed run may change (how long to train, threads, whether RL follows)
RESUMABLE_CHANGES = {"train.epochs", "rl.epochs", "rl.enabled", "num_threads", "metrics"}


@dataclass(frozen=True)
class DistInfo:
    """This process's place in a (possibly single-process) run."""

    rank: int = 0
    world: int = 1
    device: torch.device = torch.device("cpu")

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def setup_distributed() -> DistInfo:
    """Join the torchrun process group when WORLD_SIZE > 1 (gloo on CPU, nccl on GPU)."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    cuda = torch.cuda.is_available()
    local = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device(f"cuda:{local}") if cuda else torch.device("cpu")
    if world <= 1:
        return DistInfo(0, 1, device)
    if not dist.is_initialized():
        if cuda:
            torch.cuda.set_device(device)
        dist.init_process_group("nccl" if cuda else "gloo")
    return DistInfo(dist.get_rank(), dist.get_world_size(), device)


def barrier(d: DistInfo) -> None:
    if d.world > 1:
        dist.barrier()


def seed_everything(seed: int) -> None:
    """Seed torch, numpy and random once per run (model init, dropout, sampling)."""
    import random
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(__file__).resolve().parent,
                             capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or None if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def versions() -> dict[str, str]:
    """Versions that fix the numbers of a run."""
    from importlib.metadata import PackageNotFoundError, version
    out = {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__}
    try:
        out["rrg-toolkit"] = version("rrg-toolkit")
    except PackageNotFoundError:
        pass
    return out


def _flat(obj: Any, prefix: str = "") -> dict[str, Any]:
    if is_dataclass(obj):
        out: dict[str, Any] = {}
        for f in fields(obj):
            out.update(_flat(getattr(obj, f.name), f"{prefix}{f.name}."))
        return out
    return {prefix[:-1]: obj}


def resume_config(saved: RunConfig, requested: RunConfig | None) -> RunConfig:
    """The saved config, with the few fields a resumed run may change taken from `requested`.

    Raises:
        ModelError: `requested` differs in anything else (model, data, learning rates...).
    """
    if requested is None:
        return saved
    a, b = _flat(saved), _flat(requested)
    bad = [k for k in a if a[k] != b[k] and k not in RESUMABLE_CHANGES
           and not k.startswith("preset")]
    if bad:
        raise ModelError("cannot resume with a different configuration: "
                         + ", ".join(f"{k} {a[k]!r} -> {b[k]!r}" for k in bad[:5]))
    return replace(saved, train=replace(saved.train, epochs=requested.train.epochs),
                   rl=replace(saved.rl, epochs=requested.rl.epochs, enabled=requested.rl.enabled),
                   num_threads=requested.num_threads, metrics=requested.metrics)


def write_metrics(out_dir: Path, history: list[dict[str, Any]]) -> None:
    """metrics.jsonl and metrics.csv from the whole history (atomic, idempotent on resume)."""
    ckpt_mod.atomic_write_text(out_dir / "metrics.jsonl",
                               "".join(json.dumps(row) + "\n" for row in history))
    keys: list[str] = []
    for row in history:
        keys += [k for k in row if k not in keys]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=keys, lineterminator="\n")
    w.writeheader()
    for row in history:
        w.writerow(row)
    ckpt_mod.atomic_write_text(out_dir / "metrics.csv", buf.getvalue())


def read_metrics(stage_dir: Path) -> list[dict[str, Any]]:
    """The rows `write_metrics` wrote to ``stage_dir/metrics.jsonl`` ([] when there are none)."""
    path = Path(stage_dir) / "metrics.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class StepFn(Protocol):
    def __call__(self, batch: Any) -> tuple[torch.Tensor, dict[str, float]]: ...


@dataclass
class Stage:
    """A prepared stage: what `run` needs (built by `prepare`)."""

    name: str
    cfg: RunConfig
    out_dir: Path
    dist: DistInfo
    model: ReportGenerator
    tokenizer: Tokenizer
    train_ds: ReportDataset
    val_ds: ReportDataset
    test_ds: ReportDataset
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler
    start_epoch: int = 0
    history: list[dict[str, Any]] | None = None
    best: dict[str, Any] | None = None

    @property
    def hp(self) -> Any:
        return self.cfg.train if self.name == "mle" else self.cfg.rl


def _split(studies: dict[str, list], cfg: RunConfig) -> tuple[list, list, list]:
    lim = cfg.data
    tr, va, te = studies["train"], studies["val"], studies["test"]
    return (tr[:lim.max_train] if lim.max_train else tr, va[:lim.max_val] if lim.max_val else va,
            te[:lim.max_test] if lim.max_test else te)


def prepare(name: str, cfg: RunConfig, data_dir: str | Path, out_dir: str | Path, resume: bool,
            init_checkpoint: str | Path | None = None) -> Stage:
    """Build or restore everything a stage needs."""
    out_dir = Path(out_dir)
    d = setup_distributed()
    last = out_dir / "last.pt"
    ckpt: dict[str, Any] | None = None
    if resume:
        if not last.is_file():
            raise ModelError(f"nothing to resume in {out_dir}: no last.pt")
        model, tok, saved, ckpt = ckpt_mod.load(last)
        if ckpt.get("stage", name) != name:
            raise ModelError(f"{last} is a {ckpt.get('stage')!r} checkpoint, not {name!r}")
        cfg = resume_config(saved, cfg)
    elif name == "rl":
        if init_checkpoint is None:
            raise ModelError("the RL stage needs an MLE checkpoint to start from")
        model, tok, init_cfg, _ = ckpt_mod.load(init_checkpoint)
        # architecture, data handling and vocabulary are fixed by the MLE model
        cfg = replace(cfg, model=init_cfg.model, data=init_cfg.data)
    else:
        model = tok = None  # type: ignore[assignment]
    threads = resolve_num_threads(cfg)
    if threads:
        torch.set_num_threads(threads)
    studies = load_annotation(data_dir, cfg.model.images_per_study)
    tr, va, te = _split(studies, cfg)
    if not tr:
        raise ModelError(f"the train split of {data_dir} is empty")
    if name == "mle" and not resume:
        seed_everything(cfg.seed)
        tok = Tokenizer.from_reports([s.report for s in tr], cfg.data.threshold,
                                     clean=cfg.data.dataset, max_seq_length=cfg.data.max_seq_length)
        model = ckpt_mod.build_model(cfg, tok)
    # ranks differ in dropout and sampling, not in initial weights (DDP broadcasts rank 0's)
    if not resume:
        seed_everything(cfg.seed + 7919 * d.rank + (1 if name == "rl" else 0))
    model.to(d.device).train()
    hp = cfg.train if name == "mle" else cfg.rl
    opt = torch.optim.Adam([{"params": model.visual_parameters(), "lr": hp.lr_visual},
                            {"params": model.other_parameters(), "lr": hp.lr_rest}],
                           weight_decay=cfg.train.weight_decay, amsgrad=cfg.train.amsgrad)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=hp.lr_decay)
    ch = cfg.model.in_channels
    stage = Stage(name, cfg, out_dir, d, model, tok,
                  ReportDataset(tr, tok, cfg.data, ch, train=True),
                  ReportDataset(va, tok, cfg.data, ch, train=False),
                  ReportDataset(te, tok, cfg.data, ch, train=False), opt, sched,
                  history=[], best={"epoch": None, "value": None})
    if ckpt is not None:
        opt.load_state_dict(ckpt["optimizer"])
        sched.load_state_dict(ckpt["scheduler"])
        ckpt_mod.set_rng_state(ckpt["rng"])
        stage.start_epoch = int(ckpt["epoch"])
        stage.history = json.loads(ckpt["history"])
        stage.best = json.loads(ckpt["best"])
    if d.is_main:
        out_dir.mkdir(parents=True, exist_ok=True)
        meta = {"stage": name, "config": cfg.to_dict(), "seed": cfg.seed,
                "git_commit": _git_commit(), "versions": versions(), "world_size": d.world,
                "data_dir": str(data_dir), "init_checkpoint": str(init_checkpoint) if init_checkpoint else None,
                "resumed_at_epoch": stage.start_epoch if resume else None,
                "written": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        ckpt_mod.atomic_write_text(out_dir / "config.json", json.dumps(meta, indent=2) + "\n")
    return stage


def _better(value: float, best: float | None) -> bool:
    return best is None or value > best


def selection_value(metrics: dict[str, float], val_metric: str) -> float:
    """The validation score a stage selects on: one metric, or the mean of ``A+B+...``.

    Raises:
        ModelError: a named metric was not computed.
    """
    names = [n.strip() for n in val_metric.split("+") if n.strip()]
    missing = [n for n in names if n not in metrics]
    if not names or missing:
        raise ModelError(f"val_metric {val_metric!r}: {', '.join(missing) or 'empty'} not among "
                         f"{', '.join(metrics)}")
    return float(sum(metrics[n] for n in names) / len(names))


def check_metrics(cfg: RunConfig) -> None:
    """Fail before training, not at the first validation, when ``cfg.metrics`` or
    ``cfg.train.val_metric`` names something validation does not compute.

    The keys are those the validation's own scorers return on two dummy reports (METEOR's
    key is added without starting Java).

    Raises:
        ModelError: an unknown metric, or a val_metric term no validation metric provides.
    """
    from rrg_rewards.errors import RewardsError
    from rrg_rewards.scoring import resolve_metrics

    from .evaluate import ce_metrics, score_reports

    try:
        names = resolve_metrics(list(cfg.metrics))
    except RewardsError as exc:
        raise ModelError(f"metrics: {exc}") from None
    dummy = ["the heart is normal .", "no pleural effusion ."]
    fast = [m for m in names if m != "meteor"]
    keys: dict[str, float] = dict.fromkeys(score_reports(dummy, dummy, fast) if fast else {}, 0.0)
    if "meteor" in names:
        keys["METEOR"] = 0.0
    keys.update(ce_metrics(dummy, dummy)[0])
    selection_value(keys, cfg.train.val_metric)


def validate_stage(stage: Stage) -> tuple[dict[str, Any], float]:
    """Score the validation split: metrics, CE, image dependence, distinct reports.

    Returns ``({"val_<name>": value, ...}, selection value)``. Image dependence (validation
    NLL with shuffled images minus true) and the number of distinct reports are logged
    every validated epoch: they show whether the decoder reads the image at all.
    """
    from .diagnostics import distinct_reports, image_dependence

    cfg = stage.cfg
    res = evaluate_model(stage.model, stage.tokenizer, cfg, stage.val_ds, decode=cfg.eval_decode,
                         metrics=[m for m in cfg.metrics if m != "meteor"] or ["bleu"], clinical=True)
    values: dict[str, Any] = {f"val_{k}": v for k, v in res["metrics"].items()}
    values.update({f"val_{k}": v for k, v in
                   image_dependence(stage.model, stage.val_ds, cfg.train.batch_size, cfg.seed).items()})
    values["val_distinct"] = distinct_reports(list(res["predictions"].values()))
    return values, selection_value(res["metrics"], cfg.train.val_metric)


def run(stage: Stage, make_step: Callable[[Stage], StepFn], progress: bool = True) -> Path:
    """The epoch loop: train, validate (rank 0), checkpoint, log; then test once. Returns best.pt."""
    from tqdm import tqdm

    cfg, d, hp = stage.cfg, stage.dist, stage.hp
    best_path, last_path = stage.out_dir / "best.pt", stage.out_dir / "last.pt"
    step = make_step(stage)
    assert stage.history is not None and stage.best is not None
    seed_offset = 0 if stage.name == "mle" else 104729
    if stage.name == "rl" and stage.start_epoch == 0 and not stage.history and d.is_main \
            and len(stage.val_ds) > 0:
        # R2GenRL: RL must beat its MLE parent's validation score to replace it. Epoch 0 is
        # the parent, scored as every RL epoch is; best.pt starts as the parent's weights.
        values, value = validate_stage(stage)
        stage.history.append({"epoch": 0, "stage": "rl", "parent": True, **values})
        stage.best = {"epoch": 0, "value": value, "metric": cfg.train.val_metric, "parent": True}
        ckpt_mod.save(best_path, stage.model, stage.tokenizer, cfg, stage="rl", epoch=0,
                      best=json.dumps(stage.best))
        write_metrics(stage.out_dir, stage.history)
    for epoch in range(stage.start_epoch, hp.epochs):
        t0 = time.time()
        stage.model.train()
        order = epoch_order(len(stage.train_ds), cfg.seed + seed_offset, epoch, d.rank, d.world)
        n_batches = (len(order) + hp.batch_size - 1) // hp.batch_size
        bar = tqdm(stage.train_ds.batches(hp.batch_size, order, cfg.seed + seed_offset, epoch),
                   total=n_batches, desc=f"{stage.name} epoch {epoch + 1}/{hp.epochs}",
                   disable=not (progress and d.is_main), leave=False, dynamic_ncols=True)
        sums: dict[str, float] = {}
        for batch in bar:
            loss, logs = step(batch)
            stage.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if hp.grad_clip > 0:
                torch.nn.utils.clip_grad_value_(stage.model.parameters(), hp.grad_clip)
            stage.optimizer.step()
            for k, v in logs.items():
                sums[k] = sums.get(k, 0.0) + v
            bar.set_postfix(loss=f"{logs['loss']:.3f}")
        bar.close()
        means = {k: v / max(n_batches, 1) for k, v in sums.items()}
        if d.world > 1:  # average the logged values over processes
            t = torch.tensor([means.get(k, 0.0) for k in sorted(means)], dtype=torch.float64)
            dist.all_reduce(t)
            means = dict(zip(sorted(means), (t / d.world).tolist()))
        lrs = [g["lr"] for g in stage.optimizer.param_groups]
        stage.scheduler.step()
        row: dict[str, Any] = {"epoch": epoch + 1, "stage": stage.name,
                               **{f"train_{k}": v for k, v in means.items()},
                               "lr_visual": lrs[0], "lr_rest": lrs[1]}
        if d.is_main:
            every = cfg.train.eval_every if stage.name == "mle" else 1  # RL: every epoch is a candidate
            validate = len(stage.val_ds) > 0 and ((epoch + 1) % every == 0 or epoch + 1 == hp.epochs)
            improved = False
            if validate:
                values, value = validate_stage(stage)
                row.update(values)
                improved = _better(value, stage.best["value"])
                if improved:
                    stage.best = {"epoch": epoch + 1, "value": value, "metric": cfg.train.val_metric}
            elif len(stage.val_ds) > 0:  # between decoded validations: image dependence is cheap
                from .diagnostics import image_dependence
                row.update({f"val_{k}": v for k, v in image_dependence(
                    stage.model, stage.val_ds, cfg.train.batch_size, cfg.seed).items()})
            else:  # no validation data: the latest epoch is the best
                improved = True
                stage.best = {"epoch": epoch + 1, "value": None, "metric": None}
            row["seconds"] = round(time.time() - t0, 3)
            stage.history.append(row)
            meta = {"stage": stage.name, "epoch": epoch + 1, "best": json.dumps(stage.best)}
            if improved:
                ckpt_mod.save(best_path, stage.model, stage.tokenizer, cfg, **meta)
            ckpt_mod.save(last_path, stage.model, stage.tokenizer, cfg, **meta,
                          optimizer=stage.optimizer.state_dict(),
                          scheduler=stage.scheduler.state_dict(), rng=ckpt_mod.rng_state(),
                          history=json.dumps(stage.history))
            write_metrics(stage.out_dir, stage.history)
            log.info("%s epoch %d: %s", stage.name, epoch + 1,
                     {k: round(v, 4) for k, v in row.items() if isinstance(v, float)})
        barrier(d)
    if d.is_main and not _test_is_current(stage.out_dir, best_path):
        _test_once(stage, best_path)
    barrier(d)
    return best_path


def _test_is_current(out_dir: Path, best_path: Path) -> bool:
    """Whether test_metrics.json scores the current best.pt (a resumed run may have replaced it)."""
    path = out_dir / "test_metrics.json"
    if not path.is_file() or not best_path.is_file():
        return False
    try:
        tested = json.loads(path.read_text(encoding="utf-8")).get("best_epoch")
        best = json.loads(ckpt_mod.load_raw(best_path)["best"]).get("epoch")
    except (OSError, ValueError, KeyError, AttributeError, ModelError):
        return False
    return tested == best


def _test_once(stage: Stage, best_path: Path) -> None:
    """Score the test split with the best-on-validation weights, once, at the end."""
    if len(stage.test_ds) == 0 or not best_path.is_file():
        return
    model, tok, cfg, ck = ckpt_mod.load(best_path)
    model.to(stage.dist.device)
    res = evaluate_model(model, tok, stage.cfg, stage.test_ds, decode=stage.cfg.eval_decode,
                         metrics=stage.cfg.metrics, clinical=True)
    out = {"best_epoch": json.loads(ck["best"]).get("epoch"), "split": "test", "n": res["n"],
           "decode": res["decode"].__dict__, "metrics": res["metrics"]}
    ckpt_mod.atomic_write_text(stage.out_dir / "test_predictions.json",
                               json.dumps(res["predictions"], indent=1) + "\n")
    ckpt_mod.atomic_write_text(stage.out_dir / "test_metrics.json", json.dumps(out, indent=2) + "\n")

"""What `rrg synth train` and `rrg synth tune` run, in one run folder.

``RUN/`` after `train_run`: ``classifier.pt``, ``pose.pt`` (reward models), ``report_model/``
(the reference report model, an `rrg_model` MLE run on the same images), ``generator.pt``
(pre-RL) and ``run.json`` (config, data folder, pose units, timings, training losses).
`tune_run` writes ``<out>/generator.pt`` (tuned) and ``<out>/history.json``.
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from ..checkpoint import atomic_write_text
from ..errors import ModelError
from ..tokenizer import Tokenizer
from .checkpoint import load_classifier, load_generator, load_pose, save_generator, save_reward_model
from .config import SynthConfig
from .consistency import ReportLikelihood
from .data import load_split
from .generator import ReportToImage
from .reward_models import train_classifier, train_pose
from .rewards import ImageRewards
from .train import train_generator
from .tune import tune

log = logging.getLogger(__name__)


def report_model_config(cfg: SynthConfig):
    """The reference report model's RunConfig: rrg_model's preset of the same name on frontal images
    at the generator's size (no resizing or cropping), ``report_epochs`` MLE epochs."""
    from ..config import preset

    rc = preset("smoke" if cfg.preset == "smoke" else "quick")
    s = cfg.generator.image_size
    rc = replace(rc, model=replace(rc.model, images_per_study=1),
                 data=replace(rc.data, image_size=s, resize=s, augment=False,
                              max_train=cfg.rewards.report_max_train or None, max_val=32, max_test=8),
                 train=replace(rc.train, epochs=cfg.rewards.report_epochs, eval_every=10 ** 6),
                 metrics=("bleu",), seed=cfg.seed + 11, num_threads=0)  # 0: the caller's torch threads
    return rc


def _write_json(obj: object, path: Path) -> None:
    atomic_write_text(path, json.dumps(obj, indent=1) + "\n")


def train_reward_models(data_dir: str | Path, run_dir: str | Path, cfg: SynthConfig,
                        say: Callable[[str], None] = lambda s: None) -> dict:
    """Diagnostic classifier and pose regressor -> ``run_dir``; returns their part of run.json."""
    run_dir = Path(run_dir)
    t = time.perf_counter()
    train = load_split(data_dir, "train", cfg.generator.image_size)
    say(f"{len(train)} training images at {cfg.generator.image_size} px")
    rc = cfg.rewards
    clf, clf_loss = train_classifier(train.images, train.present, rc.width, rc.epochs, rc.batch_size, rc.lr,
                                     cfg.seed, say)
    pose, pose_loss = train_pose(train.images, train.poses, rc.width, rc.epochs, rc.batch_size, rc.lr, cfg.seed, say)
    save_reward_model(run_dir / "classifier.pt", clf)
    save_reward_model(run_dir / "pose.pt", pose)
    return {"pose_units": pose.units.tolist(), "seconds": {"reward_models": time.perf_counter() - t},
            "losses": {"classifier": clf_loss, "pose": pose_loss}}


def train_report_model(data_dir: str | Path, run_dir: str | Path, cfg: SynthConfig, progress: bool = False,
                       say: Callable[[str], None] = lambda s: None) -> dict:
    """The reference report model (rrg_model MLE) -> ``run_dir/report_model``; its part of run.json."""
    from .. import train_mle

    t = time.perf_counter()
    say("reference report model (rrg_model MLE) on the same frontal images")
    best = train_mle.train(report_model_config(cfg), data_dir, Path(run_dir) / "report_model", progress=progress)
    return {"report_model": str(best), "seconds": {"report_model": time.perf_counter() - t}}


def train_generator_stage(data_dir: str | Path, run_dir: str | Path, cfg: SynthConfig, progress: bool = False,
                          say: Callable[[str], None] = lambda s: None) -> dict:
    """The pre-RL generator -> ``run_dir/generator.pt``; its part of run.json."""
    t = time.perf_counter()
    train = load_split(data_dir, "train", cfg.generator.image_size)
    gen, tok, gen_loss = train_generator(train, cfg, progress=progress, log=say)
    save_generator(Path(run_dir) / "generator.pt", gen, tok, cfg, stage="pretrained")
    return {"seconds": {"generator": time.perf_counter() - t},
            "losses": {"generator_first50": float(np.mean(gen_loss[:50])),
                       "generator_last50": float(np.mean(gen_loss[-50:]))}}


def finish_run(data_dir: str | Path, run_dir: str | Path, cfg: SynthConfig, parts: list[dict],
               total_seconds: float) -> None:
    """Merge the stages' parts into ``run_dir/run.json`` (written last: it marks a finished run)."""
    meta: dict = {"config": cfg.to_dict(), "data_dir": str(data_dir), "seconds": {}, "losses": {}}
    for part in parts:
        for k, v in part.items():
            if k in ("seconds", "losses"):
                meta[k].update({kk: round(vv, 1) if k == "seconds" else vv for kk, vv in v.items()})
            else:
                meta[k] = v
    meta["total_seconds"] = round(total_seconds, 1)
    _write_json(meta, Path(run_dir) / "run.json")


def check_new_run(run_dir: str | Path) -> Path:
    """Create ``run_dir``; ModelError when it already holds a finished run."""
    run_dir = Path(run_dir)
    if (run_dir / "run.json").is_file():
        raise ModelError(f"{run_dir} already holds a synth run; choose another --out")
    run_dir.mkdir(parents=True, exist_ok=True)
    return run_dir


def train_run(data_dir: str | Path, run_dir: str | Path, cfg: SynthConfig, progress: bool = False,
              say: Callable[[str], None] = lambda s: None) -> Path:
    """Train the reward models, the reference report model and the generator into ``run_dir``, one
    after the other (`rrg bench --study cxrl` runs the report model beside the others).

    Raises:
        ModelError: bad data, or ``run_dir`` already holds a finished run.
    """
    run_dir = check_new_run(run_dir)
    t0 = time.perf_counter()
    parts = [train_reward_models(data_dir, run_dir, cfg, say),
             train_report_model(data_dir, run_dir, cfg, progress, say),
             train_generator_stage(data_dir, run_dir, cfg, progress, say)]
    finish_run(data_dir, run_dir, cfg, parts, time.perf_counter() - t0)
    return run_dir


def load_run(run_dir: str | Path, weights: tuple[float, ...] | None = None) -> tuple[dict, ImageRewards]:
    """A finished run's metadata and its composed reward models."""
    run_dir = Path(run_dir)
    path = run_dir / "run.json"
    if not path.is_file():
        raise ModelError(f"{run_dir} is not a finished synth run (no run.json); run `rrg synth train` first")
    meta = json.loads(path.read_text(encoding="utf-8"))
    cfg = SynthConfig.from_dict(meta["config"])
    pose = load_pose(run_dir / "pose.pt")
    rewards = ImageRewards(load_classifier(run_dir / "classifier.pt"), pose,
                           ReportLikelihood(run_dir / "report_model" / "best.pt"), pose.units.numpy(),
                           weights or cfg.tune.weights)
    return meta, rewards


def run_data_dir(meta: dict, data_dir: str | Path | None = None) -> Path:
    """The training data of a run: `data_dir` when given, else the folder `rrg synth train` read
    (recorded in run.json; a copied or moved run may no longer find it there).

    Raises:
        ModelError: the folder holds no annotation.json.
    """
    path = Path(data_dir) if data_dir is not None else Path(meta["data_dir"])
    if not (path / "annotation.json").is_file():
        hint = "" if data_dir is not None else " (the folder the run was trained on; moved? pass --data-dir)"
        raise ModelError(f"no annotation.json in {path}{hint}")
    return path


def rl_inputs(run_dir: str | Path, weights: tuple[float, ...] | None = None, data_dir: str | Path | None = None
              ) -> tuple[dict, ImageRewards, ReportToImage, Tokenizer, list[str]]:
    """What RL on a finished run starts from: its metadata, composed rewards, pre-RL generator and
    tokenizer, and the training reports of `data_dir` (default: the run's own data folder)."""
    run_dir = Path(run_dir)
    meta, rewards = load_run(run_dir, weights)
    data = run_data_dir(meta, data_dir)
    model, tok, _, _ = load_generator(run_dir / "generator.pt")
    return meta, rewards, model, tok, load_split(data, "train", model.cfg.image_size).reports


def rl_seed(cfg: SynthConfig) -> int:
    """The seed of a run's RL rounds (reports and noise), apart from the training seed."""
    return cfg.seed + 101


def tune_run(run_dir: str | Path, out_dir: str | Path, cfg: SynthConfig, progress: bool = False,
             say: Callable[[str], None] = lambda s: None, data_dir: str | Path | None = None) -> Path:
    """RL-tune the run's pre-RL generator with ``cfg.tune`` into ``out_dir`` on the training reports
    of `data_dir` (default: the run's own data folder); returns its generator.pt."""
    run_dir, out_dir = Path(run_dir), Path(out_dir)
    meta, rewards, model, tok, reports = rl_inputs(run_dir, cfg.tune.weights, data_dir)
    t0 = time.perf_counter()
    history = tune(model, tok, rewards, reports, cfg.tune, seed=rl_seed(cfg), progress=progress, log=say)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "generator.pt"
    save_generator(target, model, tok, replace(SynthConfig.from_dict(meta["config"]), tune=cfg.tune),
                   stage="tuned", feedback=cfg.tune.feedback, adaptive=cfg.tune.adaptive)
    _write_json({"tune": cfg.to_dict()["tune"], "history": history, "seconds": round(time.perf_counter() - t0, 1),
                 "run": str(run_dir)}, out_dir / "history.json")
    return target


def set_threads(n: int) -> None:
    """torch threads (1 on the shared machine)."""
    if n > 0:
        torch.set_num_threads(n)

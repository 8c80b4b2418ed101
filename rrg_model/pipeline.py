"""MLE then RL in one run folder (what `rrg train` runs): ``RUN/mle`` and ``RUN/rl``."""
from __future__ import annotations

import json
from pathlib import Path

from . import checkpoint as ckpt_mod
from . import train_mle, train_scst
from .config import RunConfig
from .errors import ModelError


def saved_config(run_dir: str | Path) -> tuple[RunConfig, str | None]:
    """The config and data directory stored by a run's MLE stage (for ``--resume``)."""
    last = Path(run_dir) / "mle" / "last.pt"
    if not last.is_file():
        raise ModelError(f"nothing to resume in {run_dir}: no mle/last.pt")
    cfg = RunConfig.from_dict(json.loads(ckpt_mod.load_raw(last)["config"]))
    data_dir = None
    meta = Path(run_dir) / "mle" / "config.json"
    if meta.is_file():
        try:
            data_dir = json.loads(meta.read_text(encoding="utf-8")).get("data_dir")
        except (OSError, ValueError):
            data_dir = None
    return cfg, data_dir


def train_all(cfg: RunConfig, data_dir: str | Path, run_dir: str | Path, resume: bool = False,
              progress: bool = True) -> Path:
    """MLE, then (if ``cfg.rl.enabled``) RL from the MLE best checkpoint; the final best.pt.

    With `resume`, each stage continues from its ``last.pt`` (a stage that has not started
    yet starts normally); `cfg` may change only epoch counts, threads and ``rl.enabled``.

    Raises:
        ModelError: a fresh run into a folder that already holds one, or bad input.
    """
    run_dir = Path(run_dir)
    mle_dir, rl_dir = run_dir / "mle", run_dir / "rl"
    if not resume and (mle_dir / "last.pt").exists():
        raise ModelError(f"{run_dir} already holds a run; resume it with --resume or choose another --out")
    if cfg.rl.enabled:
        train_scst.check_reward(cfg.rl.reward)
    best = train_mle.train(cfg, data_dir, mle_dir, resume=resume, progress=progress)
    if not cfg.rl.enabled:
        return best
    rl_resume = resume and (rl_dir / "last.pt").exists()
    return train_scst.train(cfg, data_dir, rl_dir, init_checkpoint=None if rl_resume else best,
                            resume=rl_resume, progress=progress)

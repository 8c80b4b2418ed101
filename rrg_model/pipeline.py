"""MLE then RL in one run folder (what `rrg train` runs): ``RUN/mle`` and ``RUN/rl``."""
from __future__ import annotations

import json
from pathlib import Path

from . import checkpoint as ckpt_mod
from . import train_mle, train_scst
from .config import RunConfig
from .errors import ModelError
from .runner import check_metrics, read_metrics


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
    check_metrics(cfg)  # a bad metrics / train.val_metric fails now, not after an epoch
    if cfg.rl.enabled:
        train_scst.check_reward(cfg.rl)
    best = train_mle.train(cfg, data_dir, mle_dir, resume=resume, progress=progress)
    if not cfg.rl.enabled:
        return best
    rl_resume = resume and (rl_dir / "last.pt").exists()
    return train_scst.train(cfg, data_dir, rl_dir, init_checkpoint=None if rl_resume else best,
                            resume=rl_resume, progress=progress)


def run_summary(run_dir: str | Path) -> str:
    """One screen on a finished run: per stage the selected epoch and why, validation image
    dependence and distinct reports at that epoch, test metrics, time and files."""
    run_dir = Path(run_dir)
    lines = [f"run {run_dir}"]
    for stage in ("mle", "rl"):
        d = run_dir / stage
        rows = read_metrics(d)
        if not rows:
            continue
        best = {}
        if (d / "best.pt").is_file():
            best = json.loads(ckpt_mod.load_raw(d / "best.pt").get("best", "{}"))
        epochs = [r["epoch"] for r in rows if r.get("epoch", 0) > 0]
        secs = sum(r.get("seconds", 0.0) for r in rows)
        lines.append(f"{stage.upper()}: {len(epochs)} epoch(s) in {secs / 60:.1f} min; selected epoch "
                     f"{best.get('epoch')} on validation {best.get('metric')} = "
                     + ("-" if best.get("value") is None else f"{best['value']:.4f}")
                     + (" (the MLE parent: no RL epoch beat it)" if stage == "rl" and best.get("epoch") == 0 else ""))
        at = next((r for r in rows if r.get("epoch") == best.get("epoch")), None)
        if at is not None and "val_image_gap" in at:
            lines.append(f"  validation at that epoch: BLEU-4 {at.get('val_Bleu_4', float('nan')):.4f}, "
                         f"CE-F1 {at.get('val_CE_f1', float('nan')):.4f}, image gap {at['val_image_gap']:.4f} "
                         f"NLL/token, {at.get('val_distinct', '?')} distinct reports")
        test = d / "test_metrics.json"
        if test.is_file():
            m = json.loads(test.read_text(encoding="utf-8"))["metrics"]
            keys = [k for k in ("Bleu_1", "Bleu_4", "METEOR", "ROUGE_L", "CIDEr", "CE_f1", "CE_macro_f1") if k in m]
            lines.append("  test: " + ", ".join(f"{k} {m[k]:.4f}" for k in keys))
        lines.append(f"  files: {d}/best.pt, metrics.csv, test_predictions.json")
    return "\n".join(lines)


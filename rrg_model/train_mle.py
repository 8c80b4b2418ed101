"""MLE stage: teacher-forced cross-entropy (paper section 3.3: Adam, LR 5e-5 visual / 1e-4
rest, both x0.8 per epoch; best epoch by validation BLEU-4), plus the optional auxiliary
label loss (``model.label_loss_weight``, not in the paper; see docs/model.md)."""
from __future__ import annotations

from pathlib import Path

import torch

from .config import RunConfig
from .data import Batch
from .runner import Stage, StepFn, prepare, run


def make_step(stage: Stage) -> StepFn:
    """Forward through DistributedDataParallel when there are several processes."""
    model: torch.nn.Module = stage.model
    if stage.dist.world > 1:
        from torch.nn.parallel import DistributedDataParallel as DDP
        model = DDP(stage.model, device_ids=[stage.dist.device] if stage.dist.device.type == "cuda" else None)
    dev = stage.dist.device
    by_id: dict[str, torch.Tensor] = {}
    if stage.cfg.model.label_loss_weight > 0:  # the optional auxiliary label loss
        by_id = {s.id: torch.from_numpy(row) for s, row in
                 zip(stage.train_ds.studies, stage.train_ds.report_labels())}

    sides_by_id: dict[str, torch.Tensor] = {}
    if stage.cfg.model.side_loss_weight > 0:  # the optional side-aware auxiliary loss
        sides_by_id = {s.id: torch.from_numpy(row) for s, row in
                       zip(stage.train_ds.studies, stage.train_ds.report_sides())}

    def step(batch: Batch) -> tuple[torch.Tensor, dict[str, float]]:
        labels = torch.stack([by_id[i] for i in batch.ids]).to(dev) if by_id else None
        sides = torch.stack([sides_by_id[i] for i in batch.ids]).to(dev) if sides_by_id else None
        out = model(batch.images.to(dev), batch.targets.to(dev), batch.mask.to(dev), labels, sides)
        logs = {"loss": float(out.loss.detach())}
        if len(out.parts) > 1:  # NLL and each auxiliary BCE separately
            logs.update({k: float(v) for k, v in out.parts.items()})
        return out.loss, logs

    return step


def train(cfg: RunConfig, data_dir: str | Path, out_dir: str | Path, resume: bool = False,
          progress: bool = True) -> Path:
    """Train with MLE into `out_dir`; return the path of the best-on-validation checkpoint.

    Args:
        cfg: the run configuration (``cfg.train`` drives this stage).
        data_dir: R2Gen data folder (``annotation.json``, ``images/``).
        out_dir: stage folder (config.json, metrics, last.pt, best.pt, test results).
        resume: continue from ``out_dir/last.pt`` (``cfg`` may change only the epoch count).
        progress: show a tqdm bar on stderr.

    Raises:
        ModelError: bad data, configuration or checkpoint.
    """
    stage = prepare("mle", cfg, data_dir, out_dir, resume)
    return run(stage, make_step, progress=progress)

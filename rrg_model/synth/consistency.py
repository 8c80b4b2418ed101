"""Report-image consistency: how well the reference report model explains a report from an image.

The score of an (image, report) pair is the mean per-token log-likelihood of the report
(EOS included) under `rrg_model`'s R2GenRL model conditioned on the image: a higher value
means the image carries what the report says, as far as the report model can read it.
Generated images are fed as the model's data pipeline feeds real ones (resized, replicated
to its channels, normalized with the ImageNet statistics of `rrg_model.data`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F

from rrg_rewards.rl.losses import gather_logprobs

from ..checkpoint import load
from ..data import MEAN, STD, pad_token_rows
from ..errors import ModelError


class ReportLikelihood:
    """``scorer(images (B, 1, S, S) in [0, 1], reports) -> float64 (B,)`` mean token log-likelihood."""

    def __init__(self, checkpoint: str | Path):
        self.path = Path(checkpoint)
        self.model, self.tokenizer, self.cfg, _ = load(self.path)
        if self.cfg.model.images_per_study != 1:
            raise ModelError(f"{self.path}: the consistency reward needs a one-view (frontal) report model, "
                             f"this one reads {self.cfg.model.images_per_study} images per study")
        self.model.eval()

    def prepare(self, images: torch.Tensor) -> torch.Tensor:
        """(B, 1, S, S) [0, 1] -> (B, 1, C, s, s) as `rrg_model.data.transform` produces."""
        size = self.cfg.data.image_size
        x = images if images.shape[-1] == size else F.interpolate(images, size=(size, size), mode="bilinear",
                                                                  align_corners=False)
        c = self.cfg.model.in_channels
        if c == 3:
            mean = torch.from_numpy(MEAN).view(1, 3, 1, 1)
            std = torch.from_numpy(STD).view(1, 3, 1, 1)
            x = (x.expand(-1, 3, -1, -1) - mean) / std
        else:
            x = (x - float(MEAN.mean())) / float(STD.mean())
        return x.unsqueeze(1).float()

    @torch.no_grad()
    def __call__(self, images: torch.Tensor, reports: Sequence[str], batch: int = 32) -> np.ndarray:
        out = []
        for s in range(0, len(reports), batch):
            targets, mask = pad_token_rows([self.tokenizer.encode(r) for r in reports[s:s + batch]])
            logits = self.model(self.prepare(images[s:s + batch]), targets, mask).logits
            lp = gather_logprobs(logits, targets[:, 1:])
            m = mask[:, 1:]
            out.append(((lp * m).sum(1) / m.sum(1).clamp_min(1.0)).double().numpy())
        return np.concatenate(out) if out else np.zeros(0)

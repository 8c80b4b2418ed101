"""Reward models trained on phantom images with the generator's ground truth.

* `DiagnosticClassifier`: 14 logits, one per CheXpert observation (BCE on what the image
  shows); its pooled features also give the Frechet distance between image sets.
* `PoseRegressor`: rotation, shift and scale, regressed in error units around the training
  mean (`rrg_model.synth.pose`).

Both take float images (B, 1, S, S) in [0, 1].
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .pose import POSE_FIELDS, STANDARD_POSE, pose_units


class ImageCNN(nn.Module):
    """Four conv stages (stride 2) and global average pooling -> features (B, 8 * width)."""

    def __init__(self, width: int, outputs: int):
        super().__init__()
        chans = [1, width, 2 * width, 4 * width, 8 * width]
        layers: list[nn.Module] = []
        for a, b in zip(chans[:-1], chans[1:]):
            layers += [nn.Conv2d(a, b, 3, stride=2, padding=1), nn.GroupNorm(min(8, b), b), nn.SiLU()]
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(chans[-1], outputs)
        self.width, self.outputs = width, outputs

    def features(self, images: torch.Tensor) -> torch.Tensor:
        return self.body(images * 2.0 - 1.0).mean(dim=(2, 3))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(images))


class DiagnosticClassifier(ImageCNN):
    """Image -> 14 observation logits."""

    def __init__(self, width: int):
        super().__init__(width, 14)

    @torch.no_grad()
    def probabilities(self, images: torch.Tensor, batch: int = 64) -> np.ndarray:
        """float64 (B, 14)."""
        return np.concatenate([torch.sigmoid(self(images[i:i + batch])).double().numpy()
                               for i in range(0, len(images), batch)])

    @torch.no_grad()
    def feature_array(self, images: torch.Tensor, batch: int = 64) -> np.ndarray:
        """float64 (B, F): what the Frechet distance compares."""
        return np.concatenate([self.features(images[i:i + batch]).double().numpy()
                               for i in range(0, len(images), batch)])


class PoseRegressor(ImageCNN):
    """Image -> pose (6,) (`pose.POSE_FIELDS`), trained on ``(pose - mean) / units``."""

    def __init__(self, width: int):
        super().__init__(width, len(POSE_FIELDS))
        self.register_buffer("mean", torch.from_numpy(STANDARD_POSE.copy()))
        self.register_buffer("units", torch.ones(len(POSE_FIELDS)))

    @torch.no_grad()
    def predict(self, images: torch.Tensor, batch: int = 64) -> np.ndarray:
        """float64 (B, 6) in the pose's own units."""
        out = [self(images[i:i + batch]) * self.units + self.mean for i in range(0, len(images), batch)]
        return torch.cat(out).double().numpy()


def as_float_images(images: np.ndarray) -> torch.Tensor:
    """uint8 (N, S, S) -> float (N, 1, S, S) in [0, 1]."""
    return torch.from_numpy(images).float().unsqueeze(1) / 255.0


def _fit(model: nn.Module, x: torch.Tensor, loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
         y: torch.Tensor, epochs: int, batch: int, lr: float, seed: int,
         progress: Callable[[str], None] | None) -> list[float]:
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    losses = []
    model.train()
    for epoch in range(epochs):
        perm = torch.randperm(len(x), generator=g)
        total, n = 0.0, 0
        for s in range(0, len(x), batch):
            idx = perm[s:s + batch]
            loss = loss_fn(model(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(idx)
            n += len(idx)
        losses.append(total / max(n, 1))
        if progress is not None:
            progress(f"{type(model).__name__} epoch {epoch + 1}/{epochs}: loss {losses[-1]:.4f}")
    model.eval()
    return losses


def train_classifier(images: np.ndarray, present: np.ndarray, width: int, epochs: int, batch: int,
                     lr: float, seed: int = 0, progress: Callable[[str], None] | None = None
                     ) -> tuple[DiagnosticClassifier, list[float]]:
    """Fit the classifier on uint8 images (N, S, S) and what they show, int (N, 14)."""
    torch.manual_seed(seed)
    model = DiagnosticClassifier(width)
    y = torch.from_numpy(np.asarray(present, dtype=np.float32))
    losses = _fit(model, as_float_images(images), F.binary_cross_entropy_with_logits, y, epochs, batch, lr,
                  seed, progress)
    return model, losses


def train_pose(images: np.ndarray, poses: np.ndarray, width: int, epochs: int, batch: int, lr: float,
               seed: int = 0, progress: Callable[[str], None] | None = None) -> tuple[PoseRegressor, list[float]]:
    """Fit the pose regressor on uint8 images (N, S, S) and their poses float (N, 6)."""
    torch.manual_seed(seed + 1)
    model = PoseRegressor(width)
    mean = poses.mean(axis=0).astype(np.float32)
    units = pose_units(poses)
    model.mean.copy_(torch.from_numpy(mean))
    model.units.copy_(torch.from_numpy(units))
    y = torch.from_numpy(((poses - mean) / units).astype(np.float32))
    losses = _fit(model, as_float_images(images), F.mse_loss, y, epochs, batch, lr, seed, progress)
    return model, losses


def frechet_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Frechet distance between Gaussians fitted to feature sets a (N, F) and b (M, F) (FID's formula).

    ``tr(sqrtm(S1 S2))`` is computed as the sum of square roots of the eigenvalues of the
    symmetric PSD matrix ``S1^1/2 S2 S1^1/2`` (same eigenvalues), with numpy only.
    """
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.atleast_2d(np.cov(a, rowvar=False)), np.atleast_2d(np.cov(b, rowvar=False))
    w, v = np.linalg.eigh(s1)
    root1 = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    ev = np.linalg.eigvalsh(root1 @ s2 @ root1)
    tr_covmean = float(np.sqrt(np.clip(ev, 0, None)).sum())
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * tr_covmean)

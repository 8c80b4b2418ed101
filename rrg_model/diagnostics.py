"""Does the model read its images? Measurements that weight changes cannot fake.

`image_dependence` is the validation NLL per token with every study's images replaced by
another study's (a seeded derangement) minus the NLL with the true images. A decoder that
ignores the image scores the same either way (gap 0.0000); one that reads it is surprised
by the wrong images (gap > 0). `distinct_reports` counts different generated reports: a
model that writes one template for every study has 1.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from .data import ReportDataset
from .model import ReportGenerator


def derangement(n: int, seed: int = 0) -> np.ndarray:
    """A seeded permutation with no fixed point (n >= 2): study i gets images of perm[i] != i."""
    if n < 2:
        return np.arange(n)
    order = np.random.default_rng(seed).permutation(n)
    perm = np.empty(n, dtype=np.int64)
    perm[order] = np.roll(order, 1)  # a single cycle through a random order
    return perm


@torch.no_grad()
def nll_per_token(model: ReportGenerator, dataset: ReportDataset, batch_size: int = 16,
                  image_source: Sequence[int] | None = None) -> float:
    """Teacher-forced NLL per target token over `dataset` (eval mode).

    Args:
        image_source: study i is shown the images of study ``image_source[i]`` (None: its own).
    """
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    total, count = 0.0, 0.0
    try:
        for start in range(0, len(dataset), batch_size):
            idx = list(range(start, min(start + batch_size, len(dataset))))
            b = dataset.batch(idx)
            images = b.images if image_source is None else dataset.batch(
                [int(image_source[i]) for i in idx]).images
            nll = model(images.to(device), b.targets.to(device), b.mask.to(device)).loss  # token mean
            n = float(b.mask[:, 1:].sum())
            total += float(nll) * n
            count += n
    finally:
        model.train(was_training)
    return total / max(count, 1.0)


def image_dependence(model: ReportGenerator, dataset: ReportDataset, batch_size: int = 16,
                     seed: int = 0) -> dict[str, float]:
    """``{"nll": true-image NLL/token, "nll_shuffled": ..., "image_gap": shuffled - true}``."""
    true = nll_per_token(model, dataset, batch_size)
    shuffled = nll_per_token(model, dataset, batch_size, derangement(len(dataset), seed))
    return {"nll": true, "nll_shuffled": shuffled, "image_gap": shuffled - true}


def distinct_reports(predictions: Sequence[str]) -> int:
    """How many different reports were written (1 = one template for every study)."""
    return len(set(predictions))

"""Held-out evaluation of a generator: what its images show, their pose, consistency, realism.

For each held-out report one image is drawn with the report's fixed seed (the same noise for
every generator compared, so differences are paired). Per image:

* diagnostic: the classifier's findings (probability > 0.5) against the report's labels from
  our labeler, scored as CE by `rrg_rewards.clinical.clinical_efficacy` (micro F1 over the
  14 observations, uncertain as negative; per-image counts kept for paired tests);
* pose error: `pose.pose_error` between the regressor's pose and the pose the report implies;
* consistency: the reference report model's mean token log-likelihood of the report;

* stripes: `stripe_energy`, the period-2 pattern a 2 x 2 packing can leave (real images have
  some too: compare with theirs);

and over the set: the Frechet distance between the classifier's features of the generated
images and of the real test images.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch

from rrg_rewards.clinical import CEScore, clinical_efficacy

from ..tokenizer import Tokenizer
from .generator import ReportToImage
from .pose import implied_poses, pose_error
from .reward_models import DiagnosticClassifier, PoseRegressor, frechet_distance
from .rewards import ImageRewards
from .sample import generate


@dataclass(frozen=True)
class Evaluation:
    """Per-image arrays (N,) and the set-level numbers of one generator."""

    diagnostic_f1: float  # micro CE-F1
    counts: np.ndarray  # int64 (N, 14, 3): TP, FP, FN per observation (paired tests)
    example_f1: np.ndarray  # float64 (N,)
    pose_error: np.ndarray
    consistency: np.ndarray
    frechet: float
    stripes: np.ndarray

    def summary(self) -> dict[str, float]:
        return {"diagnostic_f1": self.diagnostic_f1, "pose_error": float(self.pose_error.mean()),
                "consistency": float(self.consistency.mean()), "frechet": self.frechet,
                "stripes": float(self.stripes.mean())}


def stripe_energy(images: torch.Tensor | np.ndarray) -> np.ndarray:
    """Per image (N,): mean absolute difference between neighbouring even and odd rows and
    columns of float images (N, 1, S, S) or (N, S, S) in [0, 1]. Period-2 stripes and
    checkerboards (what a 2 x 2 packing leaves) raise it; the Frechet distance on the
    classifier's features does not see them."""
    x = np.asarray(images.detach().cpu() if isinstance(images, torch.Tensor) else images, dtype=np.float64)
    x = x.reshape(x.shape[0], x.shape[-2], x.shape[-1])
    s = x.shape[-1] // 2 * 2
    x = x[:, :s, :s]
    cols = np.abs(x[:, :, 0::2] - x[:, :, 1::2]).mean(axis=(1, 2))
    rows = np.abs(x[:, 0::2] - x[:, 1::2]).mean(axis=(1, 2))
    return 0.5 * (cols + rows)


def image_measures(images: torch.Tensor, reports: Sequence[str], labels: np.ndarray,
                   classifier: DiagnosticClassifier, pose_model: PoseRegressor, pose_units: np.ndarray,
                   real_features: np.ndarray | None) -> tuple[CEScore, np.ndarray, float | None]:
    """What the reward models read from float images (N, 1, S, S) drawn for ``reports``:
    (diagnostic CE against ``labels``, pose error per image, Frechet distance to
    ``real_features``, None without them). The consistency reward needs the report model too
    (`score_images`)."""
    predicted = (classifier.probabilities(images) > 0.5).astype(np.int8)
    ce = clinical_efficacy(predicted, labels, labeler_name="image-classifier")
    pose = pose_error(pose_model.predict(images), implied_poses(list(reports)), pose_units)
    fd = None if real_features is None else frechet_distance(classifier.feature_array(images), real_features)
    return ce, pose, fd


def score_images(images: torch.Tensor, reports: Sequence[str], rewards: ImageRewards,
                 real_features: np.ndarray) -> Evaluation:
    """Score float images (N, 1, S, S) drawn for ``reports``."""
    ce, pose, fd = image_measures(images, reports, rewards.labels(reports), rewards.classifier, rewards.pose_model,
                                  rewards.pose_units, real_features)
    cons = rewards.consistency(images, list(reports))
    return Evaluation(ce.f1, np.asarray(ce.counts), np.asarray(ce.per_sample, np.float64), pose, cons, float(fd),
                      stripe_energy(images))


def evaluate_generator(model: ReportToImage, tokenizer: Tokenizer, reports: Sequence[str], seeds: Sequence[int],
                       rewards: ImageRewards, real_features: np.ndarray, steps: int, eta: float,
                       adaptive: bool = True, guidance: float = 1.0) -> tuple[Evaluation, torch.Tensor]:
    """Draw one image per report (fixed seeds, guidance scale ``guidance``) and score them;
    returns (evaluation, images)."""
    images = generate(model, tokenizer, list(reports), list(seeds), steps, eta, adaptive, guidance=guidance)
    return score_images(images, reports, rewards, real_features), images

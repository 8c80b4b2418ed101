"""The generator's goal-oriented rewards, composed by the reward library (`rrg_rewards.rl`).

Each component is a per-image function wrapped as a `rrg_rewards.rl.CallableReward` and
the three are summed by `rrg_rewards.rl.WeightedReward`, so logging, weights and
signatures are the library's. The library's rewards map (candidates, references) to (N,);
here the candidates are the reports the images were drawn from, and the images of the
current call are held by `ImageRewards` while the composite scores them.

* diagnostic: ``1 - mean_k |p_k - y_k|`` over the 14 observations, p = the classifier's
  probabilities, y = 1 where our labeler reads the report as positive (uncertain mentions
  are skipped);
* pose: ``-pose_error`` between the regressor's pose and the pose the report implies;
* consistency: the reference report model's mean token log-likelihood of the report.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from rrg_rewards.rl import CallableReward, RewardResult, WeightedReward

from .config import REWARD_COMPONENTS
from .consistency import ReportLikelihood
from .data import report_labels
from .pose import implied_poses, pose_error
from .reward_models import DiagnosticClassifier, PoseRegressor


def diagnostic_agreement(probabilities: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """float64 (N,): 1 - mean |p - y| over the observations the report states or leaves out
    (y = 1 for positive, 0 for negative or not mentioned; uncertain ones are not counted)."""
    y = (labels == 1).astype(np.float64)
    keep = (labels != -1).astype(np.float64)
    return 1.0 - (np.abs(probabilities - y) * keep).sum(1) / np.maximum(keep.sum(1), 1.0)


class ImageRewards:
    """``rewards.score(images, reports) -> RewardResult`` (total and each component, (N,)).

    Args:
        classifier, pose_model, consistency: the trained reward models.
        pose_units: float32 (4,) pose error units (`rrg_model.synth.pose.pose_units`).
        weights: (diagnostic, pose, consistency) weights in the sum.
    """

    def __init__(self, classifier: DiagnosticClassifier, pose_model: PoseRegressor,
                 consistency: ReportLikelihood, pose_units: np.ndarray,
                 weights: Sequence[float] = (1.0, 1.0, 0.5)):
        self.classifier, self.pose_model, self.consistency = classifier, pose_model, consistency
        self.pose_units = np.asarray(pose_units, np.float32)
        self._images: torch.Tensor | None = None
        self._labels: dict[str, np.ndarray] = {}
        fns = {"diagnostic": self._diagnostic, "pose": self._pose, "consistency": self._consistency}
        self.reward = WeightedReward([(float(w), CallableReward(fns[n], name=n))
                                      for w, n in zip(weights, REWARD_COMPONENTS)])

    def labels(self, reports: Sequence[str]) -> np.ndarray:
        """Our labeler's labels of the reports (cached per report text)."""
        missing = [r for r in dict.fromkeys(reports) if r not in self._labels]
        if missing:
            self._labels.update(zip(missing, report_labels(missing)))
        return np.stack([self._labels[r] for r in reports])

    def score(self, images: torch.Tensor, reports: Sequence[str]) -> RewardResult:
        """Score float images (N, 1, S, S) in [0, 1] drawn for ``reports``."""
        self._images = images
        try:
            return self.reward.score(list(reports), list(reports))
        finally:
            self._images = None

    def _diagnostic(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        return diagnostic_agreement(self.classifier.probabilities(self._images), self.labels(candidates))

    def _pose(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        return -pose_error(self.pose_model.predict(self._images), implied_poses(candidates), self.pose_units)

    def _consistency(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        return self.consistency(self._images, candidates)

"""Frontal images, reports, poses and ground-truth findings of an R2Gen-layout data set.

Reads the same ``annotation.json`` as `rrg_model.data` (first image of each study = the
frontal view), plus what the phantom writes beside it: ``labels.json`` (``present``: what
each image shows) and each entry's ``"acquisition"`` (pose). Without ``labels.json`` the
findings come from the report (`rrg_rewards.labeler`, positive mentions).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..data import load_annotation, load_image
from ..errors import ModelError
from .pose import pose_from_acquisition


@dataclass(frozen=True)
class Split:
    """One split: ids, reports, images uint8 (N, S, S), poses float32 (N, 6), present int8 (N, 14)."""

    ids: list[str]
    reports: list[str]
    images: np.ndarray
    poses: np.ndarray
    present: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def head(self, n: int) -> "Split":
        """The first n studies (all when n <= 0)."""
        if n <= 0 or n >= len(self):
            return self
        return Split(self.ids[:n], self.reports[:n], self.images[:n], self.poses[:n], self.present[:n])


def load_split(data_dir: str | Path, split: str, size: int) -> Split:
    """Read one split's frontal images at ``size`` px.

    Raises:
        ModelError: missing or malformed files, or an empty split.
    """
    data_dir = Path(data_dir)
    studies = load_annotation(data_dir, 1)[split]
    if not studies:
        raise ModelError(f"the {split} split of {data_dir} is empty")
    raw = json.loads((data_dir / "annotation.json").read_text(encoding="utf-8"))
    acq = {str(e.get("id")): e.get("acquisition") for e in raw.get(split, []) if isinstance(e, dict)}
    ids = [s.id for s in studies]
    reports = [s.report for s in studies]
    images = np.stack([load_image(s.images[0], size, 1)[0] for s in studies])
    poses = np.stack([pose_from_acquisition(acq.get(i) if isinstance(acq.get(i), dict) else None) for i in ids])
    present = _present(data_dir, ids, reports)
    return Split(ids, reports, images, poses.astype(np.float32), present)


def _present(data_dir: Path, ids: list[str], reports: list[str]) -> np.ndarray:
    path = data_dir / "labels.json"
    if path.is_file():
        studies = json.loads(path.read_text(encoding="utf-8")).get("studies", {})
        if all(i in studies and "present" in studies[i] for i in ids):
            return np.array([studies[i]["present"] for i in ids], dtype=np.int8)
    from rrg_rewards.labeler import label
    return (np.asarray(label(reports)) == 1).astype(np.int8)


def report_labels(reports: list[str]) -> np.ndarray:
    """The reports' labels from our labeler: int8 (N, 14) (1, 0, -1, -2)."""
    from rrg_rewards.labeler import label
    return np.asarray(label(reports), dtype=np.int8)

"""Patient pose: what an image's acquisition records and what a report implies.

Pose vector (float32, 4): rotation in degrees, horizontal and vertical shift (fractions of
the image side), scale. A study without an ``"acquisition"`` record has the standard PA
upright pose (0, 0, 0, 1). A report implies a pose only when it says so (AP, supine,
rotated); otherwise the standard one.
"""
from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

import numpy as np

POSE_FIELDS = ("rotation_deg", "shift_x", "shift_y", "scale")
STANDARD_POSE = np.array([0.0, 0.0, 0.0, 1.0], dtype=np.float32)
#: error units per field (a pose error of 1 = this much off); used when the data shows no spread
DEFAULT_UNITS = np.array([5.0, 0.05, 0.05, 0.05], dtype=np.float32)


def pose_from_acquisition(acq: Mapping[str, Any] | None) -> np.ndarray:
    """float32 (4,) from an annotation entry's ``"acquisition"`` dict (missing fields: standard)."""
    out = STANDARD_POSE.copy()
    if acq:
        for i, name in enumerate(POSE_FIELDS):
            v = acq.get(name)
            if isinstance(v, (int, float)) and np.isfinite(v):
                out[i] = float(v)
    return out


# word cue -> field overrides of the standard pose, looked for in lower-cased report text
_IMPLIED: tuple[tuple[re.Pattern[str], dict[str, float]], ...] = ()


def implied_pose(report: str) -> np.ndarray:
    """The pose a report implies: float32 (4,), the standard pose unless the text says otherwise."""
    out = STANDARD_POSE.copy()
    text = report.lower()
    for pattern, values in _IMPLIED:
        if pattern.search(text):
            for name, v in values.items():
                out[POSE_FIELDS.index(name)] = v
    return out


def implied_poses(reports: Sequence[str]) -> np.ndarray:
    """float32 (N, 4)."""
    return np.stack([implied_pose(r) for r in reports]) if reports else np.zeros((0, 4), np.float32)


def pose_units(poses: np.ndarray) -> np.ndarray:
    """Per-field error units: the training spread where there is one, else `DEFAULT_UNITS`."""
    sd = poses.std(axis=0) if len(poses) > 1 else np.zeros(4, np.float32)
    return np.where(sd > 1e-6, sd, DEFAULT_UNITS).astype(np.float32)


def pose_error(predicted: np.ndarray, target: np.ndarray, units: np.ndarray) -> np.ndarray:
    """float64 (N,): mean over fields of |predicted - target| / unit."""
    return (np.abs(np.asarray(predicted, np.float64) - target) / units).mean(axis=1)

"""Patient pose: what an image's acquisition records and what a report implies.

Pose vector (float32, 6): rotation in degrees, horizontal and vertical shift (fractions of
the image side), scale, AP projection (1 for AP, 0 for PA) and recumbency (0 upright,
0.5 semi-upright, 1 supine), read from the phantom's ``"acquisition"`` record
(`rrg_benchmarks.phantom.Acquisition`). A study without one has the standard PA upright
pose (0, 0, 0, 1, 0, 0). A report implies a pose only when it says so (AP, semi-upright,
supine, rotated to the left / right by `ROTATION_DEG`); otherwise the standard one.
"""
from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

import numpy as np

POSE_FIELDS = ("rotation_deg", "shift_x", "shift_y", "scale", "ap", "recumbent")
STANDARD_POSE = np.array([0.0, 0.0, 0.0, 1.0, 0.0, 0.0], dtype=np.float32)
#: error units per field (a pose error of 1 = this much off); used when the data shows no spread
DEFAULT_UNITS = np.array([5.0, 0.05, 0.05, 0.05, 0.5, 0.5], dtype=np.float32)
RECUMBENCY = {"upright": 0.0, "semi-upright": 0.5, "supine": 1.0}
#: the rotation a report's "rotated to the left / right" stands for (the CXRL phantom draws it)
ROTATION_DEG = 10.0


def pose_from_acquisition(acq: Mapping[str, Any] | None) -> np.ndarray:
    """float32 (6,) from an annotation entry's ``"acquisition"`` dict (missing fields: standard)."""
    out = STANDARD_POSE.copy()
    if acq:
        for i, name in enumerate(POSE_FIELDS[:4]):
            v = acq.get(name)
            if isinstance(v, (int, float)) and np.isfinite(v):
                out[i] = float(v)
        out[4] = 1.0 if acq.get("projection") == "AP" else 0.0
        out[5] = RECUMBENCY.get(str(acq.get("position", "upright")), 0.0)
    return out


# word cue -> field overrides of the standard pose, looked for in lower-cased report text
_IMPLIED: tuple[tuple[re.Pattern[str], dict[str, float]], ...] = (
    (re.compile(r"\b(ap|anteroposterior|portable)\b"), {"ap": 1.0}),
    (re.compile(r"\bsemi-?(upright|erect)\b"), {"recumbent": 0.5}),
    (re.compile(r"\bsupine\b"), {"recumbent": 1.0}),
    (re.compile(r"\brotated to the left\b"), {"rotation_deg": ROTATION_DEG}),
    (re.compile(r"\brotated to the right\b"), {"rotation_deg": -ROTATION_DEG}),
)


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
    """float32 (N, 6)."""
    return np.stack([implied_pose(r) for r in reports]) if reports else np.zeros((0, len(POSE_FIELDS)), np.float32)


def pose_units(poses: np.ndarray) -> np.ndarray:
    """Per-field error units: the training spread where there is one, else `DEFAULT_UNITS`."""
    sd = poses.std(axis=0) if len(poses) > 1 else np.zeros(len(POSE_FIELDS), np.float32)
    return np.where(sd > 1e-6, sd, DEFAULT_UNITS).astype(np.float32)


def pose_error(predicted: np.ndarray, target: np.ndarray, units: np.ndarray) -> np.ndarray:
    """float64 (N,): mean over fields of |predicted - target| / unit."""
    return (np.abs(np.asarray(predicted, np.float64) - target) / units).mean(axis=1)

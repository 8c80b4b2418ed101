"""How a study was acquired: projection, patient position and pose, exposure, detector.

Real archives differ in how films are taken as much as in what they show: a portable AP
film of a supine intensive-care patient magnifies the heart, lets effusions layer
posteriorly instead of forming a meniscus, and is often rotated, under-exposed and noisy.
An :class:`Acquisition` is the ground truth of one study's acquisition; the renderer
(`render.render_views`) draws the study under it and the writer records it in
annotation.json (``"acquisition": {...}``) so that a consumer can read the true pose.

Effects in the renderer (frontal and lateral views alike unless stated; a sideways shift
and an in-plane tilt move along and about the lateral beam, so the lateral view takes only
the vertical shift and the scale of the pose):

* ``projection``: "AP" magnifies the heart on the frontal view (cardiothoracic ratio x
  `AP_HEART_MAGNIFICATION`: the heart lies anterior, far from the detector) and raises the
  clavicles (a lordotic projection); "PA" is the standard.
* ``position``: "semi-upright" and "supine" raise the diaphragm (lower lung volumes) and
  let pleural fluid layer: a graded haze over the dependent hemithorax instead of a
  meniscus in the costophrenic angle (all of it when supine, half when semi-upright).
* ``rotation_deg``: the thorax rendered rotated in the image plane about the image centre,
  positive = counter-clockwise as displayed. Real patient rotation is about the vertical
  axis; an in-plane tilt is the simple stand-in chosen here (a documented departure).
* ``shift_x`` / ``shift_y``: the thorax centre's offset from the image centre, in
  fractions of the image side (positive: right / down as displayed).
* ``scale``: thorax size factor about the image centre (patient size, source distance).
* ``exposure``: the film's gamma exponent on [0, 1] intensities: 1 neutral, > 1 darker
  (over-exposed), < 1 lighter (under-exposed).
* ``contrast``: multiplier of intensity differences around mid-grey.
* ``noise``: standard deviation of additive Gaussian noise at the output size (0-1 units).
* ``resolution``: side in pixels at which the scene is drawn before being resized to the
  output size (a low-resolution detector gives a blurrier image); None = the output size.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from rrg_model.config import build_config
from rrg_model.errors import ModelError

PROJECTIONS = ("PA", "AP")
POSITIONS = ("upright", "semi-upright", "supine")
#: AP / PA cardiothoracic-ratio factor (the heart is projected larger on an AP film)
AP_HEART_MAGNIFICATION = 1.15
#: how far the diaphragm rises (image units) and how much pleural fluid layers, per position
POSITION_EFFECTS: dict[str, tuple[float, float]] = {
    "upright": (0.0, 0.0), "semi-upright": (0.025, 0.5), "supine": (0.05, 1.0)}


@dataclass(frozen=True)
class Acquisition:
    """One study's acquisition (see the module docstring for what each field does).

    ``render_views(..., acquisition=None)`` draws today's standard acquisition (PA,
    upright, no rotation) with per-study variation of centring, exposure, contrast and
    noise; the writer records that effective acquisition too.
    """

    projection: str = "PA"
    position: str = "upright"
    rotation_deg: float = 0.0
    shift_x: float = 0.0
    shift_y: float = 0.0
    scale: float = 1.0
    exposure: float = 1.0
    contrast: float = 1.0
    noise: float = 0.025
    resolution: int | None = None

    def validate(self) -> None:
        """Raise ModelError naming the first impossible field."""
        if self.projection not in PROJECTIONS:
            raise ModelError(f"projection must be one of {', '.join(PROJECTIONS)}, got {self.projection!r}")
        if self.position not in POSITIONS:
            raise ModelError(f"position must be one of {', '.join(POSITIONS)}, got {self.position!r}")
        if not -45.0 <= self.rotation_deg <= 45.0:
            raise ModelError(f"rotation_deg must be in [-45, 45], got {self.rotation_deg}")
        if not (-0.25 <= self.shift_x <= 0.25 and -0.25 <= self.shift_y <= 0.25):
            raise ModelError(f"shift_x / shift_y must be in [-0.25, 0.25], got {self.shift_x}, {self.shift_y}")
        if not 0.6 <= self.scale <= 1.4:
            raise ModelError(f"scale must be in [0.6, 1.4], got {self.scale}")
        if not 0.2 <= self.exposure <= 5.0:
            raise ModelError(f"exposure (gamma) must be in [0.2, 5], got {self.exposure}")
        if not 0.1 <= self.contrast <= 5.0:
            raise ModelError(f"contrast must be in [0.1, 5], got {self.contrast}")
        if not 0.0 <= self.noise <= 0.5:
            raise ModelError(f"noise must be in [0, 0.5], got {self.noise}")
        if self.resolution is not None and not 16 <= int(self.resolution) <= 2048:
            raise ModelError(f"resolution must be between 16 and 2048 pixels, got {self.resolution}")

    @property
    def is_standard_pose(self) -> bool:
        """PA, upright and not visibly rotated (what a report need not mention)."""
        return self.projection == "PA" and self.position == "upright" and abs(self.rotation_deg) < 5.0

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types (str, float, int or None) for annotation.json."""
        d = dataclasses.asdict(self)
        for k in ("rotation_deg", "shift_x", "shift_y", "scale", "exposure", "contrast", "noise"):
            d[k] = float(d[k])
        d["resolution"] = None if self.resolution is None else int(self.resolution)
        return d

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Acquisition":
        """Inverse of :meth:`to_json`; unknown keys are an error."""
        acq = build_config(cls, data, "acquisition")
        acq.validate()
        return acq


__all__ = ["Acquisition", "PROJECTIONS", "POSITIONS", "AP_HEART_MAGNIFICATION", "POSITION_EFFECTS"]

"""Phantom institutions: named sites that differ in reporting style, acquisition and population.

Real sites differ in how they write (prose, sectioned reports with comparisons, templates,
shorthand), how they acquire films (PA in a clinic, portable AP of supine patients in an
intensive-care unit, detectors, exposure) and whom they see (an ICU has more devices, edema
and effusions; an outpatient clinic mostly normal studies). Each :class:`Institution`
bundles the three; the same findings sampler, renderer and labels drive all of them, so a
model trained at some sites and tested at others meets a shift in style, pixels and
prevalence, while the pathology-to-image mapping stays the same.

=========== ============================ ============================== =============================
name        style                        acquisition                    population
=========== ============================ ============================== =============================
iu          IU X-Ray-like prose          the standard one (PA upright,  the default archive (~25%
            (today's reports)            today's per-study variation)   normal)
mimic       FINDINGS / IMPRESSION,       hospital: 35% portable AP,     inpatients: 15% normal, more
            comparisons, numbered        30% semi-upright, mild         devices, edema, effusion
            impressions                  rotation
structured  "Heart: ... Lungs: ..."      clinic: PA upright, sharp      outpatients: 60% normal,
            template                     low-noise detector, higher     fewer devices, edema and
                                         contrast                       effusions
terse       ICU shorthand, abbreviations ICU: all AP, supine or         ICU: 5% normal, devices ~65%
            (ETT, NGT, PTX, NAD),        semi-upright, rotated, noisy,  (tubes and lines), edema,
            British spelling             low resolution                 effusion, atelectasis
=========== ============================ ============================== =============================
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from rrg_model.errors import ModelError

from .acquisition import Acquisition
from .findings import ICU_DEVICE_KINDS, PhantomDesign, get_design
from .styles import STYLES


@dataclass(frozen=True)
class AcquisitionProfile:
    """The distribution of a site's acquisitions (each range is drawn uniformly).

    Attributes:
        ap_fraction: share of AP (portable) films; the rest are PA.
        positions: position -> probability (sums to 1).
        rotation_sd: SD of the in-plane tilt, degrees (clipped to +-3 SD).
        shift_sd: SD of the thorax offset, fractions of the image side (clipped to +-3 SD).
        scale: (low, high) thorax scale.
        exposure, contrast, noise: (low, high) ranges, as `Acquisition`'s fields.
        resolution: (low, high) detector resolution as a multiple of the output size.
    """

    ap_fraction: float = 0.0
    positions: dict[str, float] = field(default_factory=lambda: {"upright": 1.0})
    rotation_sd: float = 0.0
    shift_sd: float = 0.02
    scale: tuple[float, float] = (1.0, 1.0)
    exposure: tuple[float, float] = (0.8, 1.25)
    contrast: tuple[float, float] = (0.85, 1.15)
    noise: tuple[float, float] = (0.015, 0.04)
    resolution: tuple[float, float] = (1.0, 1.0)

    def sample(self, rng: np.random.Generator, size: int) -> Acquisition:
        """Draw one study's acquisition for images of side ``size``."""
        names = list(self.positions)
        position = names[int(rng.choice(len(names), p=np.array([self.positions[n] for n in names])))]
        projection = "AP" if rng.random() < self.ap_fraction else "PA"
        clip = lambda v, sd: float(np.clip(v, -3 * sd, 3 * sd))  # noqa: E731
        u = lambda lo_hi: float(rng.uniform(*lo_hi))  # noqa: E731
        res = int(round(u(self.resolution) * size))
        return Acquisition(
            projection=projection, position=position,
            rotation_deg=clip(rng.normal(0, self.rotation_sd), self.rotation_sd) if self.rotation_sd else 0.0,
            shift_x=clip(rng.normal(0, self.shift_sd), self.shift_sd) if self.shift_sd else 0.0,
            shift_y=clip(rng.normal(0, self.shift_sd), self.shift_sd) if self.shift_sd else 0.0,
            scale=u(self.scale), exposure=u(self.exposure), contrast=u(self.contrast), noise=u(self.noise),
            resolution=max(16, res))

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Institution:
    """A named phantom site.

    Attributes:
        name: short name used on the command line and in annotations.
        description: one line for tables and docs.
        style: report style (`styles.STYLES`).
        acquisition: the site's acquisition distribution; None = the standard acquisition
            with today's per-study variation (the original phantom's images).
        normal_fraction: share of normal studies (None = the default design's).
        prevalence_factors: observation -> multiplier of the default design's prevalence.
        device_kinds: Support Devices kinds the site sees (empty = the default design's).
    """

    name: str
    description: str
    style: str
    acquisition: AcquisitionProfile | None = None
    normal_fraction: float | None = None
    prevalence_factors: dict[str, float] = field(default_factory=dict)
    device_kinds: tuple[str, ...] = ()

    def design(self) -> PhantomDesign:
        """The site's population: the default design with this site's prevalence shifts."""
        base = get_design("default")
        if self.name == "iu":
            return base  # the original archive, unchanged
        prev = {k: min(0.9, v * self.prevalence_factors.get(k, 1.0)) for k, v in base.prevalence.items()}
        design = dataclasses.replace(base, name=f"institution:{self.name}", prevalence=prev,
                                     normal_fraction=base.normal_fraction if self.normal_fraction is None
                                     else self.normal_fraction, device_kinds=self.device_kinds)
        design.validate()
        return design

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["device_kinds"] = list(self.device_kinds)
        return d


INSTITUTIONS: dict[str, Institution] = {inst.name: inst for inst in (
    Institution("iu", "IU X-Ray-like prose, standard PA upright films, the default archive", "iu"),
    Institution(
        "mimic", "MIMIC-like sectioned reports with comparisons; hospital films (some portable AP); inpatients",
        "mimic",
        AcquisitionProfile(ap_fraction=0.35, positions={"upright": 0.7, "semi-upright": 0.3}, rotation_sd=2.5,
                           shift_sd=0.025, scale=(0.95, 1.05), exposure=(0.85, 1.3), contrast=(0.9, 1.2),
                           noise=(0.02, 0.045), resolution=(1.0, 1.5)),
        normal_fraction=0.15,
        prevalence_factors={"Support Devices": 1.5, "Edema": 1.3, "Pleural Effusion": 1.3, "Atelectasis": 1.2}),
    Institution(
        "structured", "structured template; outpatient clinic, PA upright on a sharp low-noise detector",
        "structured",
        AcquisitionProfile(shift_sd=0.015, scale=(0.95, 1.05), exposure=(0.9, 1.1), contrast=(1.05, 1.3),
                           noise=(0.008, 0.02), resolution=(1.5, 2.0)),
        normal_fraction=0.6,
        prevalence_factors={"Support Devices": 0.4, "Edema": 0.4, "Pleural Effusion": 0.5, "Cardiomegaly": 0.8,
                            "Consolidation": 0.7, "Pneumonia": 0.7}),
    Institution(
        "terse", "ICU shorthand (ETT, NGT, PTX, NAD; British spelling); portable AP supine films; ICU patients",
        "terse",
        AcquisitionProfile(ap_fraction=1.0, positions={"semi-upright": 0.5, "supine": 0.5}, rotation_sd=5.0,
                           shift_sd=0.035, scale=(0.9, 1.1), exposure=(0.9, 1.3), contrast=(0.75, 1.0),
                           noise=(0.03, 0.05), resolution=(0.6, 0.8)),
        normal_fraction=0.05,
        prevalence_factors={"Support Devices": 2.6, "Edema": 2.0, "Pleural Effusion": 1.7, "Atelectasis": 1.5,
                            "Pneumothorax": 2.0, "Lung Lesion": 0.5, "Fracture": 0.7},
        device_kinds=ICU_DEVICE_KINDS),
)}


def get_institution(name: str) -> Institution:
    """A named institution profile."""
    if name not in INSTITUTIONS:
        raise ModelError(f"unknown institution {name!r}; choose from {', '.join(INSTITUTIONS)}")
    inst = INSTITUTIONS[name]
    if inst.style not in STYLES:  # pragma: no cover - guards the table above
        raise ModelError(f"institution {name!r} has unknown style {inst.style!r}")
    return inst


#: how an institution's own total is split when it is given as one count (IU X-Ray's 70 / 10 / 20)
SPLIT_SHARES = (0.7, 0.1, 0.2)


def _largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Integers summing to ``total`` in proportion to ``weights`` (Hamilton's method)."""
    w = np.asarray(weights, dtype=np.float64)
    raw = total * w / w.sum()
    out = np.floor(raw).astype(int)
    for i in np.argsort(-(raw - out), kind="stable")[: total - int(out.sum())]:
        out[i] += 1
    return out.tolist()


def parse_mix(text: str, sizes: Sequence[int]) -> tuple[tuple[str, int, int, int], ...]:
    """Read an institution mix: ``(name, n_train, n_val, n_test)`` per institution.

    Forms (one per list; not mixed):

    * ``iu,mimic``: equal shares of ``sizes`` (each split divided by largest remainder);
    * ``iu:0.7,mimic:0.3`` (a decimal point or ``%``): shares of ``sizes``;
    * ``iu:1000,mimic:500`` (integers): each institution's total, split 70 / 10 / 20;
    * ``iu:700/100/200,terse:0/0/200``: each institution's own train / val / test counts.

    Raises:
        ModelError: unknown institution, malformed or mixed forms, nothing to write.
    """
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items:
        raise ModelError("--institutions needs at least one institution name")
    parsed: list[tuple[str, str]] = []
    for item in items:
        name, _, value = item.partition(":")
        get_institution(name.strip())
        parsed.append((name.strip(), value.strip()))
    kinds = {("none" if not v else "split" if "/" in v else "share" if ("." in v or v.endswith("%")) else "count")
             for _, v in parsed}
    if len(kinds) > 1:
        raise ModelError(f"--institutions {text!r} mixes forms ({', '.join(sorted(kinds))}); use one: "
                         "names, name:share, name:count or name:train/val/test")
    kind = kinds.pop()
    try:
        if kind in ("none", "share"):
            weights = [1.0 if not v else float(v[:-1]) / 100 if v.endswith("%") else float(v) for _, v in parsed]
            if any(w <= 0 for w in weights):
                raise ModelError("institution shares must be positive")
            per_split = [_largest_remainder(int(n), weights) for n in sizes]
            rows = [(name, per_split[0][i], per_split[1][i], per_split[2][i]) for i, (name, _) in enumerate(parsed)]
        elif kind == "count":
            rows = [(name, *_largest_remainder(int(v), SPLIT_SHARES)) for name, v in parsed]  # type: ignore[misc]
        else:
            rows = []
            for name, v in parsed:
                parts = [int(x) for x in v.split("/")]
                if len(parts) != 3:
                    raise ValueError(v)
                rows.append((name, *parts))  # type: ignore[arg-type]
    except ValueError:
        raise ModelError(f"--institutions {text!r}: counts must be integers and shares numbers") from None
    if any(n < 0 for r in rows for n in r[1:]) or sum(n for r in rows for n in r[1:]) == 0:
        raise ModelError(f"--institutions {text!r} writes no studies (or a negative count)")
    names = [r[0] for r in rows]
    if len(set(names)) != len(names):
        raise ModelError(f"--institutions {text!r} names an institution twice")
    return tuple(rows)  # type: ignore[return-value]


__all__ = ["AcquisitionProfile", "Institution", "INSTITUTIONS", "SPLIT_SHARES", "get_institution", "parse_mix"]

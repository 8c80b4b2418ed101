"""Findings sampler: what each phantom study shows, over the 14 CheXpert observations.

A study is a tuple of :class:`Finding` (empty for a normal study). The population is
shaped like a chest X-ray archive: about a quarter normal, cardiomegaly, effusion,
atelectasis, opacities and devices common, pneumothorax and fracture rare, with
co-occurrence through latent clusters (a cardiac cluster raises cardiomegaly, edema,
effusion and devices together; an infective cluster raises consolidation, pneumonia
and opacity). Localized findings carry side / zone / size so that the report depends
on *where* the image shows them; :class:`PhantomDesign` sets prevalences so that each
localized attribute value of a common finding has >= 150 training examples at the
default IU X-Ray-like size.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from rrg_model.errors import ModelError

#: The 14 CheXpert observations, in the CheXpert labeler's column order.
OBSERVATIONS: tuple[str, ...] = (
    "No Finding",
    "Enlarged Cardiomediastinum",
    "Cardiomegaly",
    "Lung Lesion",
    "Lung Opacity",
    "Edema",
    "Consolidation",
    "Pneumonia",
    "Atelectasis",
    "Pneumothorax",
    "Pleural Effusion",
    "Pleural Other",
    "Fracture",
    "Support Devices",
)
OBS_INDEX: dict[str, int] = {name: i for i, name in enumerate(OBSERVATIONS)}

#: Observations that make a study abnormal (CheXpert's No Finding ignores devices).
PATHOLOGIES: tuple[str, ...] = tuple(o for o in OBSERVATIONS if o not in ("No Finding", "Support Devices"))

#: Attribute values per observation: (sides, zones, sizes, kinds). Empty tuple = attribute unused.
ATTRIBUTES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Enlarged Cardiomediastinum": ((), (), (), ()),
    "Cardiomegaly": ((), (), ("mild", "moderate", "marked"), ()),
    "Lung Lesion": (("left", "right"), ("upper", "lower"), ("small", "large"), ()),
    "Lung Opacity": (("left", "right"), ("upper", "lower"), (), ()),
    "Edema": ((), (), ("mild", "moderate"), ()),
    "Consolidation": (("left", "right"), ("upper", "lower"), (), ()),
    "Pneumonia": ((), (), (), ()),
    "Atelectasis": (("left", "right", "bilateral"), (), (), ()),
    "Pneumothorax": (("left", "right"), (), ("small", "large"), ()),
    "Pleural Effusion": (("left", "right", "bilateral"), (), ("small", "moderate", "large"), ()),
    "Pleural Other": (("left", "right"), (), (), ()),
    "Fracture": (("left", "right"), (), (), ()),
    "Support Devices": ((), (), (), ("pacemaker", "central_line", "sternotomy_wires")),
}

#: every device kind the renderer draws and the report writers name
DEVICE_KINDS: tuple[str, ...] = ("pacemaker", "central_line", "sternotomy_wires", "endotracheal_tube",
                                 "nasogastric_tube", "picc")
#: an intensive-care unit's devices: tubes and lines more than implants
ICU_DEVICE_KINDS: tuple[str, ...] = ("endotracheal_tube", "nasogastric_tube", "picc", "central_line",
                                     "pacemaker")

#: Observations the grammar may hedge ("may represent ..."), labeled uncertain (-1).
HEDGEABLE: frozenset[str] = frozenset(
    {"Lung Lesion", "Lung Opacity", "Edema", "Consolidation", "Pneumonia", "Atelectasis", "Pleural Effusion"}
)


@dataclass(frozen=True)
class Finding:
    """One positive (or hedged) observation of a study, with where and how much.

    Attributes:
        observation: one of :data:`OBSERVATIONS` (never "No Finding").
        side: "left" / "right" / "bilateral" (patient's side), or None.
        zone: "upper" / "lower" lung zone, or None.
        size: a size or severity word ("small", "moderate", "marked", ...), or None.
        kind: device kind for Support Devices, or None.
        severity: 0..1, how conspicuous the renderer draws it (varies within a size class).
        certain: False when the report hedges it (the image still shows it, faintly).
    """

    observation: str
    side: str | None = None
    zone: str | None = None
    size: str | None = None
    kind: str | None = None
    severity: float = 0.5
    certain: bool = True

    def to_json(self) -> dict:
        """A plain dict for labels.json."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Finding":
        """Inverse of :meth:`to_json`."""
        return cls(**data)


@dataclass(frozen=True)
class PhantomDesign:
    """How a phantom population is drawn and reported.

    Attributes:
        name: design name, recorded in phantom.json.
        normal_fraction: share of studies with no finding at all.
        prevalence: overall target prevalence per observation (all studies); findings
            are drawn inside abnormal studies at prevalence / (1 - normal_fraction),
            modulated by the latent cluster.
        clusters: latent cluster -> (probability, {observation: multiplier}).
        hedge_rate: probability that a hedgeable finding is reported as uncertain.
        localized: whether reports name side / zone / size (False: the "simple" design).
        max_findings: cap on pathologies per study (the simplest design uses 1).
        device_kinds: the Support Devices kinds this population draws from; empty = the
            archive's (pacemaker, central line, sternotomy wires). An intensive-care
            population adds tubes and lines (`ICU_DEVICE_KINDS`).
    """

    name: str = "default"
    normal_fraction: float = 0.25
    prevalence: dict[str, float] = field(default_factory=lambda: {
        "Enlarged Cardiomediastinum": 0.09,
        "Cardiomegaly": 0.27,
        "Lung Lesion": 0.17,
        "Lung Opacity": 0.17,
        "Edema": 0.16,
        "Consolidation": 0.17,
        "Pneumonia": 0.09,
        "Atelectasis": 0.26,
        "Pneumothorax": 0.035,
        "Pleural Effusion": 0.26,
        "Pleural Other": 0.05,
        "Fracture": 0.04,
        "Support Devices": 0.27,
    })
    clusters: dict[str, tuple[float, dict[str, float]]] = field(default_factory=lambda: {
        "cardiac": (0.35, {"Cardiomegaly": 1.9, "Edema": 2.0, "Pleural Effusion": 1.5,
                           "Support Devices": 1.6, "Enlarged Cardiomediastinum": 1.4,
                           "Consolidation": 0.4, "Pneumonia": 0.3, "Lung Lesion": 0.6}),
        "infective": (0.35, {"Consolidation": 2.0, "Pneumonia": 2.2, "Lung Opacity": 1.5,
                             "Atelectasis": 1.2, "Cardiomegaly": 0.5, "Edema": 0.4,
                             "Support Devices": 0.7}),
        "other": (0.30, {"Lung Lesion": 1.9, "Pneumothorax": 2.0, "Fracture": 2.0,
                         "Pleural Other": 2.0, "Cardiomegaly": 0.5, "Edema": 0.5,
                         "Consolidation": 0.5, "Pneumonia": 0.4}),
    })
    hedge_rate: float = 0.1
    localized: bool = True
    max_findings: int = 6
    device_kinds: tuple[str, ...] = ()

    def validate(self) -> None:
        """Raise ModelError for an impossible design."""
        if not 0.0 <= self.normal_fraction < 1.0:
            raise ModelError(f"normal_fraction must be in [0, 1), got {self.normal_fraction}")
        for obs, p in self.prevalence.items():
            if obs not in ATTRIBUTES:
                raise ModelError(f"unknown observation in design prevalence: {obs!r}")
            if not 0.0 <= p <= 1.0:
                raise ModelError(f"prevalence of {obs} must be in [0, 1], got {p}")
        total = sum(p for p, _ in self.clusters.values())
        if abs(total - 1.0) > 1e-6:
            raise ModelError(f"cluster probabilities must sum to 1, got {total}")
        if self.max_findings < 1:
            raise ModelError(f"max_findings must be >= 1, got {self.max_findings}")
        unknown = sorted(set(self.device_kinds) - set(DEVICE_KINDS))
        if unknown:
            raise ModelError(f"unknown device kind(s) {', '.join(unknown)}; choose from {', '.join(DEVICE_KINDS)}")

    def to_json(self) -> dict:
        """A plain dict for phantom.json."""
        d = dataclasses.asdict(self)
        d["device_kinds"] = list(self.device_kinds)
        return d


def simple_design() -> PhantomDesign:
    """The issue's first, simple phantom: one finding per abnormal study, no locations in reports.

    Kept as the second design so the benchmark can show how the data shape changes
    what CMM and RL can gain (localization is what makes alignment matter).
    """
    return PhantomDesign(name="simple", normal_fraction=0.4, localized=False, max_findings=1,
                         hedge_rate=0.0)


DESIGNS = {"default": PhantomDesign, "simple": simple_design}


def get_design(name: str) -> PhantomDesign:
    """Return a named design ("default" or "simple")."""
    if name not in DESIGNS:
        raise ModelError(f"unknown phantom design {name!r}; choose from {', '.join(DESIGNS)}")
    design = DESIGNS[name]()
    design.validate()
    return design


def _choice(rng: np.random.Generator, values: tuple[str, ...]) -> str | None:
    return str(values[rng.integers(len(values))]) if values else None


def make_finding(observation: str, rng: np.random.Generator, design: PhantomDesign,
                 side: str | None = None, zone: str | None = None) -> Finding:
    """Draw the attributes of one finding (side, zone, size, severity, hedge)."""
    sides, zones, sizes, kinds = ATTRIBUTES[observation]
    if kinds and design.device_kinds:
        kinds = design.device_kinds
    size = _choice(rng, sizes)
    # severity varies inside a size class so size words are not pixel-exact
    base = {None: 0.5, "small": 0.3, "mild": 0.3, "moderate": 0.6, "large": 0.85, "marked": 0.85}[size]
    severity = float(np.clip(base + rng.normal(0.0, 0.1), 0.1, 1.0))
    certain = not (observation in HEDGEABLE and rng.random() < design.hedge_rate)
    return Finding(
        observation=observation,
        side=side if side is not None else _choice(rng, sides),
        zone=zone if zone is not None else _choice(rng, zones),
        size=size,
        kind=_choice(rng, kinds),
        severity=round(severity, 4),
        certain=certain,
    )


def sample_findings(rng: np.random.Generator, design: PhantomDesign) -> tuple[Finding, ...]:
    """Draw one study's findings (empty tuple = normal study).

    Args:
        rng: the study's own generator (so a study does not depend on the others).
        design: population parameters.

    Returns:
        Findings sorted in OBSERVATIONS order; at least one pathology unless normal.
    """
    if rng.random() < design.normal_fraction:
        return ()
    names = list(design.clusters)
    probs = np.array([design.clusters[n][0] for n in names])
    cluster = design.clusters[names[int(rng.choice(len(names), p=probs))]][1]
    # multipliers average to ~1 over clusters, so overall prevalence stays near target
    mean_mult = {obs: sum(p * m.get(obs, 1.0) for p, m in design.clusters.values()) for obs in ATTRIBUTES}
    scale = 1.0 / (1.0 - design.normal_fraction)
    present: list[str] = []
    for obs in ATTRIBUTES:
        p = design.prevalence.get(obs, 0.0) * scale * cluster.get(obs, 1.0) / mean_mult[obs]
        if rng.random() < min(p, 0.95):
            present.append(obs)
    pathologies = [o for o in present if o in PATHOLOGIES]
    if not pathologies:
        # an abnormal study shows at least one pathology; draw it by prevalence
        cand = [o for o in PATHOLOGIES if design.prevalence.get(o, 0.0) > 0]
        w = np.array([design.prevalence[o] for o in cand])
        pick = cand[int(rng.choice(len(cand), p=w / w.sum()))]
        present.append(pick)
        pathologies = [pick]
    if len(pathologies) > design.max_findings:
        keep = set(rng.choice(pathologies, size=design.max_findings, replace=False).tolist())
        present = [o for o in present if o not in PATHOLOGIES or o in keep]
    findings: dict[str, Finding] = {}
    for obs in ATTRIBUTES:
        if obs not in present:
            continue
        if obs == "Pneumonia":
            continue  # placed with its consolidation / opacity below
        findings[obs] = make_finding(obs, rng, design)
    if "Pneumonia" in present:
        # pneumonia is reported on an airspace process: reuse or create one
        host = findings.get("Consolidation") or findings.get("Lung Opacity")
        if host is None:
            host = make_finding("Consolidation", rng, design)
            findings["Consolidation"] = host
        pn = make_finding("Pneumonia", rng, design, side=host.side, zone=host.zone)
        if not host.certain:  # "possible consolidation, which may represent pneumonia"
            pn = dataclasses.replace(pn, certain=False)
        findings["Pneumonia"] = pn
    return tuple(findings[o] for o in OBSERVATIONS if o in findings)


def present_vector(findings: tuple[Finding, ...]) -> np.ndarray:
    """What the image shows: int8 (14,), 1 where an observation is drawn (hedged ones included)."""
    vec = np.zeros(len(OBSERVATIONS), dtype=np.int8)
    for f in findings:
        vec[OBS_INDEX[f.observation]] = 1
    if not any(f.observation in PATHOLOGIES for f in findings):
        vec[OBS_INDEX["No Finding"]] = 1
    return vec

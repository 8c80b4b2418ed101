"""Writes a phantom data set in the R2Gen layout, deterministically from a seed.

Layout (what R2Gen's IU X-Ray loader reads, so every loader path is the real one)::

    <out>/annotation.json       {"train"|"val"|"test": [{id, report, image_path, split, acquisition}]}
    <out>/images/<id>/0.png     frontal view (grayscale PNG)
    <out>/images/<id>/1.png     lateral view
    <out>/labels.json           ground truth: CheXpert labels of each report and the findings drawn
    <out>/phantom.json          the generator spec (seed, design, sizes); a matching spec means "done"

Each study draws from its own ``SeedSequence([seed, index])`` split into findings,
grammar and render streams, so a study does not change when the split sizes do, and
the same seed gives byte-identical files. Each entry's ``acquisition`` is the study's
ground-truth acquisition (`acquisition.Acquisition.to_json`: projection, position,
rotation, shift, scale, exposure, contrast, noise, resolution). The set is built in a temporary sibling
folder and moved into place at the end, so an interrupted run leaves nothing half written.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np
from PIL import Image

from rrg_model.errors import ModelError

from .findings import ATTRIBUTES, OBS_INDEX, OBSERVATIONS, Finding, PhantomDesign, get_design, \
    present_vector, sample_findings
from .grammar import write_report
from .acquisition import Acquisition
from .render import render_study
from .styles import write_styled_report

if TYPE_CHECKING:
    from .institutions import Institution

log = logging.getLogger(__name__)

GENERATOR_VERSION = "phantom-v2"  # v2: annotation entries carry "acquisition"
IU_XRAY_SIZES = (2069, 296, 590)
SPLITS = ("train", "val", "test")


@dataclass(frozen=True)
class PhantomSpec:
    """Everything that determines a phantom data set's bytes."""

    seed: int = 0
    sizes: tuple[int, int, int] = IU_XRAY_SIZES
    image_size: int = 64
    design: str = "default"
    views: int = 2
    #: (institution, n_train, n_val, n_test) per site; empty = one archive drawn from ``design``
    institutions: tuple[tuple[str, int, int, int], ...] = ()

    def validate(self) -> None:
        """Raise ModelError for sizes that cannot be written."""
        if len(self.sizes) != 3 or any(int(n) < 0 for n in self.sizes) or sum(self.sizes) == 0:
            raise ModelError(f"split sizes must be three non-negative counts, not all zero; got {self.sizes}")
        if self.institutions:
            from .institutions import get_institution

            names = [row[0] for row in self.institutions]
            if len(set(names)) != len(names):
                raise ModelError(f"an institution is listed twice: {', '.join(names)}")
            for row in self.institutions:
                get_institution(row[0])
                if len(row) != 4 or any(int(n) < 0 for n in row[1:]):
                    raise ModelError(f"institution {row[0]!r} needs three non-negative split counts, got {row[1:]}")
            sums = tuple(sum(int(row[k]) for row in self.institutions) for k in (1, 2, 3))
            if tuple(self.sizes) != sums:
                raise ModelError(f"split sizes {tuple(self.sizes)} are not the institutions' sums {sums}")
            if self.design != "default":
                raise ModelError("institutions draw from the default design; leave design at 'default'")
        if not 16 <= self.image_size <= 1024:
            raise ModelError(f"image size must be between 16 and 1024 pixels, got {self.image_size}")
        if self.views not in (1, 2):
            raise ModelError(f"views must be 1 or 2, got {self.views}")
        get_design(self.design)

    def to_json(self) -> dict:
        """The spec as written to phantom.json."""
        out = {"generator": GENERATOR_VERSION, "seed": self.seed, "sizes": list(self.sizes),
               "image_size": self.image_size, "design": self.design, "views": self.views}
        if self.institutions:
            out["institutions"] = [[str(r[0]), *(int(n) for n in r[1:])] for r in self.institutions]
        return out

    @classmethod
    def for_institutions(cls, mix: Sequence[tuple[str, int, int, int]], seed: int = 0, image_size: int = 64,
                         views: int = 2) -> "PhantomSpec":
        """A spec whose split sizes are the sums of the institutions' splits."""
        rows = tuple((str(r[0]), int(r[1]), int(r[2]), int(r[3])) for r in mix)
        sizes = tuple(sum(r[k] for r in rows) for k in (1, 2, 3))
        return cls(seed=seed, sizes=sizes, image_size=image_size, views=views, institutions=rows)  # type: ignore[arg-type]


def scaled_sizes(scale: float) -> tuple[int, int, int]:
    """IU X-Ray's split sizes times ``scale`` (at least one study per split)."""
    if scale <= 0:
        raise ModelError(f"scale must be positive, got {scale}")
    return tuple(max(1, round(n * scale)) for n in IU_XRAY_SIZES)  # type: ignore[return-value]


def study_streams(seed: int, index: int) -> tuple[np.random.Generator, np.random.Generator, np.random.Generator]:
    """The (findings, grammar, render) generators of study ``index``."""
    children = np.random.SeedSequence([seed, index]).spawn(3)
    return tuple(np.random.default_rng(c) for c in children)  # type: ignore[return-value]


def acquisition_stream(seed: int, index: int) -> np.random.Generator:
    """Study ``index``'s fourth stream: its institution's acquisition draw (the first three unchanged)."""
    return np.random.default_rng(np.random.SeedSequence([seed, index]).spawn(4)[3])


@dataclass(frozen=True)
class Study:
    """One generated study: what it shows, its report and labels, its images and acquisition."""

    findings: tuple[Finding, ...]
    report: str
    labels: list[int | None]
    images: list[np.ndarray]
    acquisition: Acquisition
    institution: str | None = None


def make_study(seed: int, index: int, design: PhantomDesign, image_size: int = 64, views: int = 2,
               institution: "Institution | None" = None) -> Study:
    """Study ``index`` of the data set drawn with ``seed``.

    Without ``institution``: ``design``'s population, the IU-like grammar and the standard
    acquisition. With one: the institution's population (``design`` is then ignored),
    acquisition distribution and reporting style; the "iu" institution gives exactly the
    study written without one.
    """
    f_rng, g_rng, r_rng = study_streams(seed, index)
    if institution is None:
        findings = sample_findings(f_rng, design)
        report, labels = write_report(findings, g_rng, design)
        images, acquisition = render_study(findings, r_rng, image_size, None, views)
        return Study(findings, report, labels, images, acquisition)
    design = _institution_design(institution.name)
    findings = sample_findings(f_rng, design)
    wanted = None if institution.acquisition is None else \
        institution.acquisition.sample(acquisition_stream(seed, index), image_size)
    report, labels = write_styled_report(findings, g_rng, design, institution.style, wanted)
    images, acquisition = render_study(findings, r_rng, image_size, wanted, views)
    return Study(findings, report, labels, images, acquisition, institution.name)


@functools.lru_cache(maxsize=None)
def _institution_design(name: str) -> PhantomDesign:
    from .institutions import get_institution

    return get_institution(name).design()


def generate_study(seed: int, index: int, design: PhantomDesign, image_size: int = 64,
                   views: int = 2) -> tuple[tuple[Finding, ...], str, list[int | None], list[np.ndarray]]:
    """One study: (findings, report, labels, images); :func:`make_study` also gives its acquisition."""
    st = make_study(seed, index, design, image_size, views)
    return st.findings, st.report, st.labels, st.images


def _save_png(arr: np.ndarray, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(arr, mode="L").save(path, format="PNG", compress_level=6)


def _write_json(obj: object, path: Path) -> None:
    path.write_text(json.dumps(obj, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def is_complete(out_dir: Path, spec: PhantomSpec) -> bool:
    """True when ``out_dir`` already holds exactly this spec's data set."""
    manifest = Path(out_dir) / "phantom.json"
    if not manifest.is_file() or not (Path(out_dir) / "annotation.json").is_file():
        return False
    try:
        return json.loads(manifest.read_text(encoding="utf-8")).get("spec") == spec.to_json()
    except json.JSONDecodeError:
        return False


def _publish(tmp: Path, out_dir: Path) -> None:
    """Move a finished temp folder onto ``out_dir`` (replacing an older phantom there)."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    os.replace(tmp, out_dir)


def _check_target(out_dir: Path, force: bool) -> None:
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / "phantom.json").is_file() and not force:
        raise ModelError(f"{out_dir} exists and is not a phantom data set; choose an empty folder")


def write_phantom(out_dir: str | Path, spec: PhantomSpec = PhantomSpec(), force: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> Path:
    """Generate and write a phantom data set (skipped when the same spec is already there).

    Args:
        out_dir: target folder; created, or replaced if it holds another phantom spec.
        spec: seed, split sizes, image size, design, number of views.
        force: regenerate even when the same spec is already written.
        progress: optional callback ``(done, total)``.

    Returns:
        The folder written.

    Raises:
        ModelError: bad spec, or ``out_dir`` holds something that is not a phantom set.
    """
    spec.validate()
    out = Path(out_dir)
    if not force and is_complete(out, spec):
        log.info("phantom data set already at %s", out)
        return out
    _check_target(out, force)
    design = get_design(spec.design)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    t0 = time.perf_counter()
    try:
        ann: dict[str, list[dict]] = {s: [] for s in SPLITS}
        studies: dict[str, dict] = {}
        total, index = sum(spec.sizes), 0
        from .institutions import get_institution

        for k, split in enumerate(SPLITS):
            # one archive, or each institution's block of this split in the order given
            blocks = [(None, int(spec.sizes[k]))] if not spec.institutions else \
                [(get_institution(row[0]), int(row[k + 1])) for row in spec.institutions]
            for inst, n in blocks:
                for _ in range(n):
                    sid = f"PX{index:05d}"
                    st = make_study(spec.seed, index, design, spec.image_size, spec.views, inst)
                    paths = [f"{sid}/{v}.png" for v in range(spec.views)]
                    for arr, rel in zip(st.images, paths):
                        _save_png(arr, tmp / "images" / rel)
                    entry = {"id": sid, "report": st.report, "image_path": paths, "split": split,
                             "acquisition": st.acquisition.to_json()}
                    if inst is not None:
                        entry["institution"] = inst.name
                    ann[split].append(entry)
                    studies[sid] = {"labels": st.labels, "present": present_vector(st.findings).tolist(),
                                    "findings": [f.to_json() for f in st.findings]}
                    index += 1
                    if progress is not None:
                        progress(index, total)
        _write_json(ann, tmp / "annotation.json")
        _write_json({"observations": list(OBSERVATIONS), "encoding": "1 positive, 0 negative, -1 uncertain, "
                     "null not mentioned (labels); present: 1 where the image shows it", "studies": studies},
                    tmp / "labels.json")
        manifest = {"spec": spec.to_json(), "design": design.to_json()}
        if spec.institutions:
            manifest["institutions"] = {row[0]: get_institution(row[0]).to_json() for row in spec.institutions}
        _write_json(manifest, tmp / "phantom.json")
        _publish(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("wrote %d phantom studies to %s in %.1fs", total, out, time.perf_counter() - t0)
    return out


# ---------------------------------------------------------------- real reports, rendered images

# words that place a finding, looked for in the sentence that mentions it
_SIDE_WORDS = (("bilateral", "bilateral"), ("bibasilar", "bilateral"), ("both", "bilateral"),
               ("left", "left"), ("right", "right"))
_ZONE_WORDS = (("upper", "upper"), ("apex", "upper"), ("apical", "upper"), ("lower", "lower"),
               ("base", "lower"), ("basilar", "lower"), ("retrocardiac", "lower"), ("lingula", "lower"))
_SIZE_WORDS = (("small", "small"), ("tiny", "small"), ("trace", "small"), ("mild", "mild"),
               ("moderate", "moderate"), ("large", "large"), ("marked", "marked"), ("severe", "marked"),
               ("mass", "large"))
_KEYWORDS = {
    "Cardiomegaly": ("cardiomegaly", "heart is enlarged", "enlarged heart", "cardiac silhouette is enlarged",
                     "enlargement of the cardiac"),
    "Lung Lesion": ("nodule", "mass", "granuloma", "lesion"),
    "Lung Opacity": ("opacity", "opacities", "airspace disease", "infiltrate"),
    "Consolidation": ("consolidation",),
    "Atelectasis": ("atelectasis", "atelectatic"),
    "Pneumothorax": ("pneumothorax",),
    "Pleural Effusion": ("effusion",),
    "Pleural Other": ("pleural thickening", "pleural scarring", "blunting"),
    "Fracture": ("fracture",),
    "Edema": ("edema", "congestion"),
    "Support Devices": ("pacemaker", "catheter", "line", "tube", "sternotomy", "wires", "clips"),
}
_DEVICE_WORDS = (("pacemaker", "pacemaker"), ("defibrillator", "pacemaker"), ("sternotomy", "sternotomy_wires"),
                 ("wires", "sternotomy_wires"), ("catheter", "central_line"), ("line", "central_line"),
                 ("tube", "central_line"))


def _first(words: Sequence[tuple[str, str]], text: str) -> str | None:
    for word, value in words:
        if word in text:
            return value
    return None


def findings_from_labels(report: str, labels: np.ndarray, rng: np.random.Generator) -> tuple[Finding, ...]:
    """Turn a real report's labels into findings to render.

    Positive (1) and uncertain (-1) observations are drawn (uncertain ones fainter).
    Side, zone, size and device kind come from the first sentence that mentions the
    observation when it names them, else they are drawn at random.
    """
    sentences = [s.strip().lower() for s in report.replace("\n", " ").split(".") if s.strip()]
    out: list[Finding] = []
    for obs in OBSERVATIONS:
        if obs == "No Finding" or int(labels[OBS_INDEX[obs]]) not in (1, -1):
            continue
        sides, zones, sizes, kinds = ATTRIBUTES[obs]
        sent = next((s for s in sentences if any(k in s for k in _KEYWORDS.get(obs, (obs.lower(),)))), "")
        side = _first(_SIDE_WORDS, sent)
        side = side if side in sides else (str(rng.choice(sides)) if sides else None)
        zone = _first(_ZONE_WORDS, sent)
        zone = zone if zone in zones else (str(rng.choice(zones)) if zones else None)
        size = _first(_SIZE_WORDS, sent)
        if size not in sizes:
            size = {"mild": "small", "marked": "large", "small": "mild", "large": "marked"}.get(size or "", None)
            size = size if size in sizes else (str(rng.choice(sizes)) if sizes else None)
        kind = _first(_DEVICE_WORDS, sent) if kinds else None
        kind = kind if kind in kinds else (str(rng.choice(kinds)) if kinds else None)
        base = {None: 0.5, "small": 0.3, "mild": 0.3, "moderate": 0.6, "large": 0.85, "marked": 0.85}[size]
        certain = int(labels[OBS_INDEX[obs]]) == 1
        out.append(Finding(obs, side, zone, size, kind,
                           round(float(np.clip(base + rng.normal(0, 0.1), 0.1, 1.0)), 4), certain))
    return tuple(out)


def render_real_reports(annotation: str | Path, out_dir: str | Path, seed: int = 0, image_size: int = 64,
                        labeler: Callable[[list[str]], np.ndarray] | None = None, force: bool = False,
                        progress: Callable[[int, int], None] | None = None) -> Path:
    """"Real reports, rendered images": copy an annotation.json and render its images from labels.

    Each report is labeled with the project's CheXpert-style labeler, and its images
    are rendered from those labels with :func:`render_views` (one view per entry of
    ``image_path``). The reports and splits are the real ones; only pixels are phantom.

    Args:
        annotation: an R2Gen annotation.json (IU X-Ray or MIMIC-CXR), images not needed.
        out_dir: where to write annotation.json, images/ and labels.json.
        seed: render seed.
        image_size: PNG side in pixels.
        labeler: ``reports -> int8 (N, 14)``; default ``rrg_rewards.labeler.label``.
        force: rewrite even when the same spec is already there.
        progress: optional callback ``(done, total)``.

    Returns:
        The folder written.
    """
    src = Path(annotation)
    if not src.is_file():
        raise ModelError(f"annotation file not found: {src}")
    try:
        ann = json.loads(src.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelError(f"{src} is not valid JSON: {exc.msg}") from None
    if not isinstance(ann, dict) or not all(isinstance(ann.get(s), list) for s in SPLITS):
        raise ModelError(f"{src} is not an R2Gen annotation (needs train/val/test lists)")
    out = Path(out_dir)
    spec = {"generator": GENERATOR_VERSION, "source": str(src.resolve()), "seed": seed, "image_size": image_size,
            "images": "phantom"}
    manifest = out / "phantom.json"
    if not force and manifest.is_file() and json.loads(manifest.read_text()).get("spec") == spec:
        return out
    _check_target(out, force)
    if labeler is None:
        try:
            from rrg_rewards.labeler import label as labeler  # type: ignore[no-redef]
        except ImportError as exc:
            raise ModelError(f"--images phantom needs the report labeler (rrg_rewards.labeler): {exc}") from None
    entries = [e for s in SPLITS for e in ann[s]]
    for e in entries:
        if not isinstance(e, dict) or "id" not in e or "report" not in e or not e.get("image_path"):
            raise ModelError(f"{src}: every entry needs id, report and image_path")
    labels = np.asarray(labeler([str(e["report"]) for e in entries]))
    if labels.shape != (len(entries), len(OBSERVATIONS)):
        raise ModelError(f"labeler returned shape {labels.shape}, expected ({len(entries)}, {len(OBSERVATIONS)})")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        studies: dict[str, dict] = {}
        for i, (e, lab) in enumerate(zip(entries, labels)):
            f_rng, _, r_rng = study_streams(seed, i)
            findings = findings_from_labels(str(e["report"]), lab, f_rng)
            images, acquisition = render_study(findings, r_rng, image_size, None, views=min(len(e["image_path"]), 2))
            e["acquisition"] = acquisition.to_json()
            for v, rel in enumerate(e["image_path"]):
                _save_png(images[min(v, len(images) - 1)], tmp / "images" / rel)
            studies[str(e["id"])] = {"labels": [int(v) for v in lab], "present": present_vector(findings).tolist(),
                                     "findings": [f.to_json() for f in findings]}
            if progress is not None:
                progress(i + 1, len(entries))
        _write_json({s: ann[s] for s in SPLITS}, tmp / "annotation.json")
        _write_json({"observations": list(OBSERVATIONS), "encoding": "labeler output codes; present: 1 where the "
                     "image shows it", "studies": studies}, tmp / "labels.json")
        _write_json({"spec": spec}, tmp / "phantom.json")
        _publish(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def load_labels(data_dir: str | Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Read labels.json: (study ids, labels int8 (N, 14) with None as -2, present int8 (N, 14))."""
    path = Path(data_dir) / "labels.json"
    if not path.is_file():
        raise ModelError(f"no labels.json in {data_dir}")
    data = json.loads(path.read_text(encoding="utf-8"))
    ids = list(data["studies"])
    lab = np.array([[(-2 if v is None else v) for v in data["studies"][i]["labels"]] for i in ids], dtype=np.int8)
    pres = np.array([data["studies"][i]["present"] for i in ids], dtype=np.int8)
    return ids, lab, pres


__all__ = ["GENERATOR_VERSION", "IU_XRAY_SIZES", "PhantomSpec", "Study", "scaled_sizes", "make_study", "generate_study",
           "write_phantom",
           "render_real_reports", "findings_from_labels", "is_complete", "load_labels"]

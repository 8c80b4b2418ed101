"""The CXRL study's phantom: one frontal view per study, drawn under varied poses that the
report states, written in the R2Gen layout with each entry's ``"acquisition"``.

Built from the phantom's own parts (`phantom.sample_findings`, `write_report`,
`render_study` with an `Acquisition`): the findings, report and anatomy of study i are
those of the standard phantom with the same seed; a separate pose stream draws the
acquisition. About 45% of studies are non-standard: AP projection, semi-upright or supine
position, or rotated by about 10 degrees; the report then opens with a technique sentence
that says so ("Portable AP supine view. The patient is rotated to the left."), which is what
`rrg_model.synth.pose.implied_pose` reads. Every study also gets a small unmentioned
centring shift and size jitter (the standard pose is shift 0, scale 1).
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from rrg_model.checkpoint import atomic_write_text
from rrg_model.errors import ModelError

from .phantom import Acquisition, get_design, render_study, sample_findings, write_report
from .phantom.findings import present_vector
from .phantom.writer import SPLITS, study_streams

VERSION = "cxrl-phantom-v1"
ROTATION_DEG = 10.0


def draw_acquisition(rng: np.random.Generator) -> tuple[Acquisition, str]:
    """A study's acquisition and the technique sentence its report opens with ('' when standard)."""
    kind = rng.random()
    projection, position, rotation = "PA", "upright", 0.0
    if kind < 0.15:
        projection = "AP"
    elif kind < 0.25:
        projection, position = "AP", "semi-upright"
    elif kind < 0.35:
        projection, position = "AP", "supine"
    elif kind < 0.45:
        rotation = float(rng.choice([-1.0, 1.0])) * ROTATION_DEG
    rotation += float(np.clip(rng.normal(0, 1.0), -2, 2))
    acq = Acquisition(projection=projection, position=position, rotation_deg=rotation,
                      shift_x=float(np.clip(rng.normal(0, 0.015), -0.04, 0.04)),
                      shift_y=float(np.clip(rng.normal(0, 0.015), -0.04, 0.04)),
                      scale=float(np.clip(rng.normal(1.0, 0.03), 0.92, 1.08)))
    words = []
    if projection == "AP":
        words.append({"upright": "Portable AP upright view.", "semi-upright": "Portable AP semi-upright view.",
                      "supine": "Portable AP supine view."}[position])
    if abs(rotation) > 5:
        words.append(f"The patient is rotated to the {'left' if rotation > 0 else 'right'}.")
    return acq, " ".join(words)


def write_cxrl_phantom(out_dir: str | Path, seed: int, sizes: tuple[int, int, int], image_size: int) -> Path:
    """Write (or reuse) the study's data set; returns its folder."""
    out = Path(out_dir)
    spec = {"generator": VERSION, "seed": seed, "sizes": list(sizes), "image_size": image_size, "views": 1}
    manifest = out / "phantom.json"
    if manifest.is_file() and json.loads(manifest.read_text(encoding="utf-8")).get("spec") == spec:
        return out
    if out.exists() and any(out.iterdir()) and not manifest.is_file():
        raise ModelError(f"{out} exists and is not a phantom data set; choose an empty folder")
    design = get_design("default")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        ann: dict[str, list[dict]] = {s: [] for s in SPLITS}
        studies: dict[str, dict] = {}
        index = 0
        for split, n in zip(SPLITS, sizes):
            for _ in range(int(n)):
                sid = f"PX{index:05d}"
                f_rng, g_rng, r_rng = study_streams(seed, index)
                findings = sample_findings(f_rng, design)
                report, labels = write_report(findings, g_rng, design)
                acq, technique = draw_acquisition(np.random.default_rng([seed, index, 99]))
                images, effective = render_study(findings, r_rng, image_size, acq, views=1)
                (tmp / "images" / sid).mkdir(parents=True, exist_ok=True)
                Image.fromarray(images[0], mode="L").save(tmp / "images" / sid / "0.png")
                ann[split].append({"id": sid, "report": (technique + " " + report).strip(),
                                   "image_path": [f"{sid}/0.png"], "split": split,
                                   "acquisition": effective.to_json()})
                studies[sid] = {"labels": labels, "present": present_vector(findings).tolist()}
                index += 1
        (tmp / "annotation.json").write_text(json.dumps(ann, indent=1) + "\n", encoding="utf-8")
        (tmp / "labels.json").write_text(json.dumps({"studies": studies}) + "\n", encoding="utf-8")
        atomic_write_text(tmp / "phantom.json", json.dumps({"spec": spec}, indent=1) + "\n")
        if out.exists():
            shutil.rmtree(out)
        tmp.replace(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out

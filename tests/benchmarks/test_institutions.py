"""Phantom institutions: styles the labeler reads, acquisitions and populations that differ, any mix written."""
from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from rrg_benchmarks.phantom import (INSTITUTIONS, OBSERVATIONS, Acquisition, PhantomSpec, get_design, get_institution,
                                    make_study, parse_mix, write_phantom, write_styled_report)
from rrg_benchmarks.phantom.findings import ICU_DEVICE_KINDS, sample_findings
from rrg_benchmarks.phantom.writer import study_streams
from rrg_model.errors import ModelError

STYLES = ("iu", "mimic", "structured", "terse")


def test_four_named_institutions_each_with_its_own_style() -> None:
    assert set(STYLES) <= {inst.style for inst in INSTITUTIONS.values()} and len(INSTITUTIONS) >= 4
    with pytest.raises(ModelError, match="unknown institution 'mayo'"):
        get_institution("mayo")


@pytest.mark.parametrize("style", STYLES)
def test_the_labeler_recovers_every_style(style: str) -> None:
    """The same findings (an ICU-device population, so tubes and lines occur too) in each style."""
    from rrg_rewards.labeler import label

    design = dataclasses.replace(get_design("default"), device_kinds=ICU_DEVICE_KINDS)
    reports, truth = [], []
    for i in range(800):
        findings = sample_findings(np.random.default_rng([11, i]), design)
        acq = Acquisition(projection="AP", position="supine", rotation_deg=8.0) if i % 3 == 0 else None
        text, lab = write_styled_report(findings, np.random.default_rng([12, i]), design, style, acq)
        reports.append(text)
        truth.append([-2 if v is None else v for v in lab])
    got, want = np.asarray(label(reports)), np.array(truth)
    positive_agreement = ((got == 1) == (want == 1)).mean(axis=0)
    assert positive_agreement.min() >= 0.95, dict(zip(OBSERVATIONS, positive_agreement.round(3)))
    assert all(((want[:, j] == 1).sum() >= 10) for j in range(1, 14)), "every observation occurs"


def test_styles_differ_as_named() -> None:
    design = get_design("default")
    findings = sample_findings(study_streams(0, 3)[0], design)
    while not findings or "Pleural Effusion" not in {f.observation for f in findings}:
        findings = sample_findings(np.random.default_rng(len(str(findings))), design)
    acq = Acquisition(projection="AP", position="supine", rotation_deg=9.0)
    text = {s: write_styled_report(findings, np.random.default_rng(1), design, s, acq)[0] for s in STYLES}
    assert "FINDINGS:" in text["mimic"] and "IMPRESSION: 1." in text["mimic"] and "Portable AP supine" in text["mimic"]
    assert text["structured"].count(":") >= 5 and "Heart:" in text["structured"] and "Pleura:" in text["structured"]
    assert text["terse"].startswith("AP supine. Rotated.") and "effusion" in text["terse"]
    assert "AP" not in text["iu"]  # the IU-like prose never named the projection
    assert len(text["terse"].split()) < len(text["iu"].split())


def test_comparison_language_and_abbreviations_occur() -> None:
    mimic = " ".join(make_study(0, i, get_design("default"), 16, 1, get_institution("mimic")).report for i in range(80))
    for phrase in ("unchanged from the prior study", "New since the prior study", "with interval improvement",
                   "IMPRESSION: 1.", " 2. "):
        assert phrase in mimic, phrase
    terse = " ".join(make_study(0, i, get_design("default"), 16, 1, get_institution("terse")).report for i in range(80))
    for phrase in ("No PTX.", "ETT", "oedema", "AP supine.", " L ", " R "):
        assert phrase in terse, phrase


def test_iu_institution_is_the_original_archive() -> None:
    design = get_design("default")
    for i in range(5):
        plain = make_study(4, i, design, 32)
        iu = make_study(4, i, design, 32, 2, get_institution("iu"))
        assert iu.report == plain.report and iu.labels == plain.labels and iu.institution == "iu"
        assert all(np.array_equal(a, b) for a, b in zip(iu.images, plain.images))


def _population(name: str, n: int = 400) -> tuple[float, Counter, list[Acquisition]]:
    inst = get_institution(name)
    studies = [make_study(1, i, get_design("default"), 32, 1, inst) for i in range(n)]
    normal = float(np.mean([not s.findings for s in studies]))
    prevalence = Counter(f.observation for s in studies for f in s.findings)
    return normal, prevalence, [s.acquisition for s in studies]


def test_populations_and_acquisitions_shift_by_institution() -> None:
    icu_normal, icu, icu_acq = _population("terse")
    clinic_normal, clinic, clinic_acq = _population("structured")
    iu_normal, iu, iu_acq = _population("iu")
    assert clinic_normal > 0.5 > iu_normal > icu_normal
    for obs in ("Support Devices", "Edema", "Pleural Effusion"):
        assert icu[obs] > 1.5 * iu[obs] > 1.5 * clinic[obs], obs
    assert all(a.projection == "AP" and a.position != "upright" for a in icu_acq)
    assert all(a.projection == "PA" and a.position == "upright" and a.rotation_deg == 0 for a in iu_acq + clinic_acq)
    assert np.mean([a.noise for a in icu_acq]) > 2 * np.mean([a.noise for a in clinic_acq])
    assert max(a.resolution for a in icu_acq) < 32 == min(a.resolution for a in iu_acq) < min(a.resolution for a in clinic_acq)
    _, mimic, mimic_acq = _population("mimic")
    assert 0.2 < np.mean([a.projection == "AP" for a in mimic_acq]) < 0.5


def test_icu_devices_include_tubes() -> None:
    inst = get_institution("terse")
    kinds = Counter(f.kind for i in range(150)
                    for f in make_study(2, i, get_design("default"), 16, 1, inst).findings if f.kind)
    assert {"endotracheal_tube", "nasogastric_tube", "picc"} <= set(kinds)


@pytest.mark.parametrize("text, sizes, want", [
    ("iu,mimic", (10, 3, 4), (("iu", 5, 2, 2), ("mimic", 5, 1, 2))),
    ("iu:0.75,terse:25%", (8, 4, 4), (("iu", 6, 3, 3), ("terse", 2, 1, 1))),
    ("iu:100,mimic:10", (1, 1, 1), (("iu", 70, 10, 20), ("mimic", 7, 1, 2))),
    ("iu:7/1/2,terse:0/0/5", (1, 1, 1), (("iu", 7, 1, 2), ("terse", 0, 0, 5))),
])
def test_mix_forms(text: str, sizes: tuple[int, int, int], want: tuple) -> None:
    assert parse_mix(text, sizes) == want


@pytest.mark.parametrize("text, message", [
    ("iu,mayo", "unknown institution"), ("iu:0.5,mimic:10", "mixes forms"), ("iu:x/1/2", "integers"),
    ("iu:0/0/0", "no studies"), ("iu,iu", "twice"), ("", "at least one"),
])
def test_bad_mixes_raise_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        parse_mix(text, (10, 2, 2))


def test_a_mix_is_written_with_each_study_institution(tmp_path: Path) -> None:
    mix = parse_mix("iu:3/1/1,mimic:2/1/1,structured:0/0/2,terse:0/0/2", (0, 0, 0))
    out = write_phantom(tmp_path / "d", PhantomSpec.for_institutions(mix, seed=5, image_size=32))
    ann = json.loads((out / "annotation.json").read_text())
    got = {s: Counter(e["institution"] for e in ann[s]) for s in ann}
    assert got == {"train": {"iu": 3, "mimic": 2}, "val": {"iu": 1, "mimic": 1},
                   "test": {"iu": 1, "mimic": 1, "structured": 2, "terse": 2}}
    terse = [e for e in ann["test"] if e["institution"] == "terse"]
    assert all(e["acquisition"]["projection"] == "AP" for e in terse)
    manifest = json.loads((out / "phantom.json").read_text())
    assert manifest["spec"]["institutions"][3] == ["terse", 0, 0, 2] and "terse" in manifest["institutions"]
    with pytest.raises(ModelError, match="not the institutions' sums"):
        PhantomSpec(sizes=(1, 1, 1), institutions=(("iu", 5, 1, 1),)).validate()

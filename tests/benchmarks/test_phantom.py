"""The phantom data set: determinism, R2Gen layout, population, reports, images, real-report rendering."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from rrg_benchmarks.phantom import (OBSERVATIONS, Finding, PhantomSpec, get_design, load_labels, render_real_reports,
                                    render_views, sample_findings, scaled_sizes, write_phantom, write_report)
from rrg_benchmarks.phantom.findings import ATTRIBUTES, OBS_INDEX, PATHOLOGIES
from rrg_benchmarks.phantom.writer import findings_from_labels, study_streams
from rrg_model.errors import ModelError

TINY = PhantomSpec(seed=7, sizes=(6, 2, 3), image_size=32)


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _population(design: str, n: int, seed: int = 0) -> list[tuple[Finding, ...]]:
    d = get_design(design)
    return [sample_findings(study_streams(seed, i)[0], d) for i in range(n)]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_phantom(tmp_path_factory.mktemp("ph") / "data", TINY)


def test_same_seed_same_bytes_other_seed_other_bytes(tiny: Path, tmp_path: Path) -> None:
    again = write_phantom(tmp_path / "again", TINY)
    assert _digest(again) == _digest(tiny)
    other = write_phantom(tmp_path / "other", PhantomSpec(seed=8, sizes=(6, 2, 3), image_size=32))
    assert _digest(other)["annotation.json"] != _digest(tiny)["annotation.json"]


def test_study_does_not_depend_on_split_sizes(tiny: Path, tmp_path: Path) -> None:
    bigger = write_phantom(tmp_path / "big", PhantomSpec(seed=7, sizes=(8, 2, 3), image_size=32))
    a = json.loads((tiny / "annotation.json").read_text())["train"]
    b = json.loads((bigger / "annotation.json").read_text())["train"]
    assert [e["report"] for e in b[:6]] == [e["report"] for e in a]


def test_r2gen_layout_and_the_model_loader_reads_it(tiny: Path) -> None:
    ann = json.loads((tiny / "annotation.json").read_text())
    assert {k: len(v) for k, v in ann.items()} == {"train": 6, "val": 2, "test": 3}
    for split, entries in ann.items():
        for e in entries:
            assert set(e) == {"id", "report", "image_path", "split", "acquisition"} and e["split"] == split
            assert e["image_path"] == [f"{e['id']}/0.png", f"{e['id']}/1.png"]
            for rel in e["image_path"]:
                img = Image.open(tiny / "images" / rel)
                assert img.mode == "L" and img.size == (32, 32)
    from rrg_model.data import load_annotation

    studies = load_annotation(tiny, 2)
    assert [len(studies[s]) for s in ("train", "val", "test")] == [6, 2, 3]
    assert all(p.is_file() for st in studies["test"] for p in st.images)
    ids, labels, present = load_labels(tiny)
    assert sorted(ids) == sorted(e["id"] for v in ann.values() for e in v)
    assert labels.shape == present.shape == (11, 14) and labels.dtype == np.int8
    assert json.loads((tiny / "phantom.json").read_text())["spec"] == TINY.to_json()


def test_existing_spec_is_reused_and_foreign_folder_refused(tiny: Path, tmp_path: Path) -> None:
    before = (tiny / "annotation.json").stat().st_mtime_ns
    write_phantom(tiny, TINY)
    assert (tiny / "annotation.json").stat().st_mtime_ns == before
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(ModelError, match="not a phantom data set"):
        write_phantom(foreign, TINY)
    assert (foreign / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize("spec, message", [
    (PhantomSpec(sizes=(0, 0, 0)), "split sizes"),
    (PhantomSpec(image_size=8), "image size"),
    (PhantomSpec(design="fancy"), "unknown phantom design"),
    (PhantomSpec(views=3), "views"),
])
def test_bad_specs_raise_one_clear_error(spec: PhantomSpec, message: str, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=message):
        write_phantom(tmp_path / "x", spec)


def test_scaled_sizes() -> None:
    assert scaled_sizes(1.0) == (2069, 296, 590)
    assert scaled_sizes(0.1) == (207, 30, 59)
    assert scaled_sizes(0.0001) == (1, 1, 1)


def test_default_population_is_like_a_chest_xray_archive() -> None:
    pop = _population("default", 2069)
    n = len(pop)
    normal = sum(1 for f in pop if not f) / n
    assert 0.20 <= normal <= 0.30
    prev = Counter(f.observation for study in pop for f in study)
    for obs in ("Cardiomegaly", "Pleural Effusion", "Atelectasis", "Support Devices"):
        assert 0.18 <= prev[obs] / n <= 0.35, obs
    for obs in ("Pneumothorax", "Fracture"):
        assert prev[obs] / n <= 0.06, obs
    abnormal = [s for s in pop if s]
    assert np.mean([sum(f.observation in PATHOLOGIES for f in s) for s in abnormal]) >= 2.0
    # co-occurrence: edema is more common with cardiomegaly than without
    with_cm = [s for s in pop if any(f.observation == "Cardiomegaly" for f in s)]
    without = [s for s in abnormal if s not in with_cm]
    rate = lambda group: np.mean([any(f.observation == "Edema" for f in s) for s in group])  # noqa: E731
    assert rate(with_cm) > 1.5 * rate(without)


def test_every_localized_value_of_a_common_finding_has_150_training_examples() -> None:
    pop = _population("default", 2069)  # the default training split, seed 0
    counts: Counter = Counter()
    for study in pop:
        for f in study:
            for attr in ("side", "zone", "size", "kind"):
                if getattr(f, attr) is not None:
                    counts[(f.observation, attr, getattr(f, attr))] += 1
    rare = {"Pneumothorax", "Fracture", "Pleural Other", "Pneumonia"}  # rare by design / placed with its host
    for obs, (sides, zones, sizes, kinds) in ATTRIBUTES.items():
        if obs in rare:
            continue
        for attr, values in (("side", sides), ("zone", zones), ("size", sizes), ("kind", kinds)):
            for v in values:
                assert counts[(obs, attr, v)] >= 150, (obs, attr, v, counts[(obs, attr, v)])


def test_reports_say_what_was_drawn() -> None:
    design = get_design("default")
    nouns = {"Cardiomegaly": ("cardiomegaly", "enlarge"), "Lung Lesion": ("nodule", "mass"),
             "Lung Opacity": ("opacity",), "Consolidation": ("consolidation",), "Pneumonia": ("pneumonia",),
             "Edema": ("edema",), "Atelectasis": ("atelectasis",), "Pneumothorax": ("pneumothorax",),
             "Pleural Effusion": ("effusion",), "Pleural Other": ("thickening",), "Fracture": ("fracture",),
             "Support Devices": ("pacemaker", "catheter", "line", "wires"), "Enlarged Cardiomediastinum": ("widen",)}
    lengths = []
    for i in range(400):
        f_rng, g_rng, _ = study_streams(3, i)
        findings = sample_findings(f_rng, design)
        report, labels = write_report(findings, g_rng, design)
        text = report.lower()
        lengths.append(len(report.split()))
        for f in findings:
            assert any(w in text for w in nouns[f.observation]), (f, report)
            if f.side in ("left", "right") and f.observation not in ("Pneumonia", "Support Devices"):
                assert f.side in text, (f, report)
            assert labels[OBS_INDEX[f.observation]] == (1 if f.certain else -1), (f, report)
        if not findings:
            assert labels[OBS_INDEX["No Finding"]] == 1
            assert not any(labels[OBS_INDEX[o]] in (1, -1) for o in PATHOLOGIES)
    assert 28 <= np.mean(lengths) <= 40


def test_simple_design_names_no_location() -> None:
    design = get_design("simple")
    for i in range(200):
        f_rng, g_rng, _ = study_streams(0, i)
        findings = sample_findings(f_rng, design)
        assert sum(f.observation in PATHOLOGIES and f.observation != "Pneumonia" for f in findings) <= 2
        report, _ = write_report(findings, g_rng, design)
        # device sentences name their own side ("right internal jugular ..."); findings do not
        words = " ".join(s for s in report.lower().split(".") if not any(
            d in s for d in ("catheter", "line", "pacemaker"))).split()
        assert not any(w in words for w in ("left", "right", "bilateral", "lobe")), report


def test_the_labeler_recovers_the_ground_truth_of_phantom_reports() -> None:
    label = pytest.importorskip("rrg_rewards.labeler").label
    design = get_design("default")
    reports, truth = [], []
    for i in range(600):
        f_rng, g_rng, _ = study_streams(11, i)
        report, labels = write_report(sample_findings(f_rng, design), g_rng, design)
        reports.append(report)
        truth.append([-2 if v is None else v for v in labels])
    got = np.asarray(label(reports))
    truth_arr = np.array(truth)
    # what CE scores (positive = 1) must agree for every observation
    positive_agreement = ((got == 1) == (truth_arr == 1)).mean(axis=0)
    assert positive_agreement.min() >= 0.98, dict(zip(OBSERVATIONS, positive_agreement.round(3)))
    assert (got == truth_arr).mean() >= 0.97


def _render(findings: tuple[Finding, ...], seed: int = 5, size: int = 64) -> list[np.ndarray]:
    return [v.astype(np.float64) for v in render_views(findings, np.random.default_rng(seed), size)]


def test_render_shapes_and_determinism() -> None:
    a = render_views((), np.random.default_rng(1), 48)
    b = render_views((), np.random.default_rng(1), 48)
    assert [v.shape for v in a] == [(48, 48), (48, 48)] and a[0].dtype == np.uint8
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert len(render_views((), np.random.default_rng(1), 48, views=1)) == 1


def test_effusion_fills_the_base_on_its_own_side() -> None:
    # the patient's left is the image's right; same anatomy and noise stream in both renders
    normal = _render(())[0]
    left = _render((Finding("Pleural Effusion", side="left", size="large", severity=0.9),))[0]
    base = slice(44, 56)
    gain_right_half = (left[base, 36:56] - normal[base, 36:56]).mean()
    gain_left_half = (left[base, 8:28] - normal[base, 8:28]).mean()
    assert gain_right_half > 15 and abs(gain_left_half) < 3


def test_cardiomegaly_widens_the_heart_shadow() -> None:
    normal = _render(())[0]
    marked = _render((Finding("Cardiomegaly", size="marked", severity=0.9),))[0]
    # heart level, beside the spine on both sides: brighter where lung was
    assert (marked[36:46, 38:48] - normal[36:46, 38:48]).mean() > 10


@pytest.mark.parametrize("finding", [
    Finding("Lung Lesion", side="right", zone="upper", size="large", severity=0.8),
    Finding("Consolidation", side="left", zone="lower", severity=0.8),
    Finding("Pneumothorax", side="right", size="large", severity=0.8),
    Finding("Fracture", side="left", severity=0.8),
    Finding("Support Devices", kind="pacemaker"),
    Finding("Support Devices", kind="sternotomy_wires"),
    Finding("Edema", size="moderate", severity=0.8),
    Finding("Atelectasis", side="bilateral", severity=0.8),
])
def test_each_finding_changes_the_frontal_view(finding: Finding) -> None:
    diff = np.abs(_render((finding,))[0] - _render(())[0])
    assert diff.max() > 25


def test_findings_from_labels_reads_side_size_and_kind() -> None:
    labels = np.full(14, -2, dtype=np.int8)
    labels[OBS_INDEX["Pleural Effusion"]] = 1
    labels[OBS_INDEX["Lung Lesion"]] = -1
    labels[OBS_INDEX["Support Devices"]] = 1
    report = "Small left pleural effusion. Possible nodule in the right upper lobe. A pacemaker is in place."
    got = {f.observation: f for f in findings_from_labels(report, labels, np.random.default_rng(0))}
    assert set(got) == {"Pleural Effusion", "Lung Lesion", "Support Devices"}
    assert (got["Pleural Effusion"].side, got["Pleural Effusion"].size) == ("left", "small")
    assert (got["Lung Lesion"].side, got["Lung Lesion"].zone, got["Lung Lesion"].certain) == ("right", "upper", False)
    assert got["Support Devices"].kind == "pacemaker"


def test_real_reports_rendered_images(tmp_path: Path) -> None:
    ann = {"train": [{"id": "a1", "report": "Large right pleural effusion.", "image_path": ["a1/0.png", "a1/1.png"],
                      "split": "train"}],
           "val": [{"id": "b1", "report": "The lungs are clear.", "image_path": ["b1/0.png"], "split": "val"}],
           "test": []}
    src = tmp_path / "annotation.json"
    src.write_text(json.dumps(ann))

    def fake_labeler(reports: list[str]) -> np.ndarray:
        out = np.full((len(reports), 14), -2, dtype=np.int8)
        for i, r in enumerate(reports):
            out[i, OBS_INDEX["Pleural Effusion" if "effusion" in r else "No Finding"]] = 1
        return out

    out = render_real_reports(src, tmp_path / "rendered", seed=1, image_size=32, labeler=fake_labeler)
    written = json.loads((out / "annotation.json").read_text())
    for split in written.values():  # the real entries, each with the acquisition its images were drawn under
        for e in split:
            assert e.pop("acquisition")["projection"] == "PA"
    assert written == ann
    assert Image.open(out / "images" / "a1" / "1.png").size == (32, 32)
    assert (out / "images" / "b1" / "0.png").is_file() and not (out / "images" / "b1" / "1.png").exists()
    labels = json.loads((out / "labels.json").read_text())["studies"]
    assert labels["a1"]["findings"][0]["side"] == "right"
    with pytest.raises(ModelError, match="not an R2Gen annotation"):
        bad = tmp_path / "bad.json"
        bad.write_text("[]")
        render_real_reports(bad, tmp_path / "r2", labeler=fake_labeler)


def test_real_iu_xray_reports_with_our_labeler(shared_data: Path, tmp_path: Path) -> None:
    pytest.importorskip("rrg_rewards.labeler")
    ann = json.loads((shared_data / "iu_xray" / "annotation.json").read_text())
    small = {s: ann[s][:4] for s in ("train", "val", "test")}
    src = tmp_path / "annotation.json"
    src.write_text(json.dumps(small))
    out = render_real_reports(src, tmp_path / "iu", image_size=32)
    ids, labels, present = load_labels(out)
    assert len(ids) == 12 and set(np.unique(labels)) <= {-2, -1, 0, 1}
    # an observation the labeler calls positive is drawn
    assert np.all(present[labels == 1] == 1)


def test_linear_probe_sees_the_common_findings_in_the_pixels(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from rrg_benchmarks.phantom.probe import linear_probe

    data = write_phantom(tmp_path / "p", PhantomSpec(seed=2, sizes=(400, 10, 150), image_size=32))
    res = linear_probe(data, size=16, min_positives=30)
    for obs in ("Cardiomegaly", "Pleural Effusion", "Support Devices"):
        assert res["auc"][obs] > 0.9, res["auc"]

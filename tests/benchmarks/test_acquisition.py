"""Acquisition in the phantom renderer: the standard one is today's, and each field does what it says."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from rrg_benchmarks.phantom import Acquisition, Finding, PhantomSpec, render_study, render_views, write_phantom
from rrg_model.errors import ModelError

HEART = (Finding("Cardiomegaly", size="moderate", severity=0.6),)
QUIET = Acquisition(noise=0.0)  # noise-free, so geometry can be compared pixel by pixel


def _frontal(findings: tuple[Finding, ...], acq: Acquisition | None, size: int = 64, seed: int = 4) -> np.ndarray:
    return render_views(findings, np.random.default_rng(seed), size, acq)[0].astype(np.float64)


def _heart_width(img: np.ndarray) -> int:
    """Bright pixels between the lungs on the rows through the heart (lungs are dark, the heart is not)."""
    rows = img[int(0.55 * len(img)):int(0.68 * len(img))]
    lungs = np.percentile(rows, 20)
    return int(np.median(((rows - lungs) > 0.45 * (np.percentile(rows, 90) - lungs)).sum(axis=1)))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_recorded_standard_acquisition_reproduces_the_default_render(seed: int) -> None:
    images, acq = render_study(HEART, np.random.default_rng(seed), 48)
    assert acq.projection == "PA" and acq.position == "upright" and acq.rotation_deg == 0.0
    assert acq.resolution == 48 and 0.8 <= acq.exposure <= 1.25 and 0.015 <= acq.noise <= 0.04
    again = render_views(HEART, np.random.default_rng(seed), 48, acq)
    for a, b in zip(images, again):  # the same scene through the acquisition path: float rounding only
        assert np.abs(a.astype(int) - b).max() <= 1


def test_ap_projection_magnifies_the_heart() -> None:
    pa = _heart_width(_frontal(HEART, QUIET, 128))
    ap = _heart_width(_frontal(HEART, Acquisition(projection="AP", noise=0.0), 128))
    assert 1.08 <= ap / pa <= 1.25, (pa, ap)


def test_supine_fluid_layers_over_the_lung_instead_of_a_meniscus() -> None:
    eff = (Finding("Pleural Effusion", side="left", size="moderate", severity=0.6),)
    upright, supine = Acquisition(noise=0.0), Acquisition(position="supine", noise=0.0)
    # what the fluid adds to the left hemithorax (image right half), mid-lung and at the base
    gain = {name: _frontal(eff, a) - _frontal((), a) for name, a in (("upright", upright), ("supine", supine))}
    mid, base, left = slice(30, 40), slice(46, 52), slice(36, 54)
    assert gain["supine"][mid, left].mean() > gain["upright"][mid, left].mean() + 5
    assert gain["upright"][base, left].mean() > gain["supine"][base, left].mean()
    assert abs(gain["supine"][mid, 10:28].mean()) < 2  # the right side stays clear


def test_rotation_turns_the_thorax_counter_clockwise() -> None:
    straight = _frontal(HEART, QUIET)
    turned = _frontal(HEART, Acquisition(rotation_deg=20.0, noise=0.0))
    as_image = lambda deg: np.asarray(Image.fromarray(straight.astype(np.uint8)).rotate(deg, Image.BICUBIC))  # noqa: E731
    c = slice(12, 52)
    corr = lambda other: np.corrcoef(turned[c, c].ravel(), other[c, c].astype(float).ravel())[0, 1]  # noqa: E731
    assert corr(as_image(20)) > 0.97 and corr(as_image(-20)) < 0.5


def test_shift_moves_the_frontal_thorax_and_scale_shrinks_it() -> None:
    straight = _frontal(HEART, QUIET)
    shifted = _frontal(HEART, Acquisition(shift_x=0.125, noise=0.0))
    assert np.abs(shifted[:, 16:56] - np.roll(straight, 8, axis=1)[:, 16:56]).mean() < 3
    assert np.abs(shifted - straight).mean() > 15
    small = _frontal(HEART, Acquisition(scale=0.8, noise=0.0))
    body = lambda img: (img > 40).mean()  # noqa: E731  (background is ~15 grey levels)
    assert body(small) < 0.8 * body(straight)


def test_exposure_contrast_noise_and_resolution() -> None:
    base = _frontal(HEART, QUIET)
    assert _frontal(HEART, Acquisition(exposure=1.4, noise=0.0)).mean() < base.mean() - 10  # over-exposed: darker
    assert _frontal(HEART, Acquisition(contrast=0.6, noise=0.0)).std() < 0.75 * base.std()
    noisy = _frontal(HEART, Acquisition(noise=0.08))
    assert 15 < (noisy - base).std() < 25  # 0.08 of 255
    sharp = lambda img: np.abs(np.diff(img, axis=1)).mean()  # noqa: E731
    assert sharp(_frontal(HEART, Acquisition(resolution=24, noise=0.0))) < 0.8 * sharp(base)
    coarse = render_study(HEART, np.random.default_rng(4), 64, Acquisition(resolution=24))
    assert coarse[0][0].shape == (64, 64) and coarse[1].resolution == 24


@pytest.mark.parametrize("kwargs, message", [
    ({"projection": "LL"}, "projection"), ({"position": "prone"}, "position"),
    ({"rotation_deg": 90.0}, "rotation_deg"), ({"shift_x": 0.5}, "shift"), ({"scale": 2.0}, "scale"),
    ({"exposure": 0.0}, "exposure"), ({"noise": -0.1}, "noise"), ({"resolution": 8}, "resolution"),
])
def test_impossible_acquisitions_raise_one_clear_error(kwargs: dict, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        render_views((), np.random.default_rng(0), 32, Acquisition(**kwargs))


def test_views_must_be_passed_by_keyword() -> None:
    with pytest.raises(TypeError, match="views="):
        render_views((), np.random.default_rng(0), 32, 1)  # type: ignore[arg-type]


def test_annotation_records_each_study_acquisition(tmp_path: Path) -> None:
    out = write_phantom(tmp_path / "d", PhantomSpec(seed=2, sizes=(3, 1, 1), image_size=32))
    ann = json.loads((out / "annotation.json").read_text())
    for entries in ann.values():
        for e in entries:
            acq = Acquisition.from_json(e["acquisition"])
            assert acq.to_json() == e["acquisition"] and acq.resolution == 32 and acq.projection == "PA"
            assert all(isinstance(v, (str, float, int)) for v in e["acquisition"].values())
    with pytest.raises(ModelError, match=r"acquisition: unknown key\(s\)"):
        Acquisition.from_json({**ann["train"][0]["acquisition"], "tilt": 1.0})

"""Pose parsing, reward composition through rrg_rewards.rl, advantages, Frechet distance."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from rrg_model.synth.config import TuneConfig  # noqa: E402
from rrg_model.synth.pose import (STANDARD_POSE, implied_pose, pose_error, pose_from_acquisition,  # noqa: E402
                                  pose_units)
from rrg_model.synth.reward_models import DiagnosticClassifier, PoseRegressor, frechet_distance  # noqa: E402
from rrg_model.synth.rewards import ImageRewards, diagnostic_agreement  # noqa: E402
from rrg_model.synth.tune import advantages  # noqa: E402


@pytest.mark.parametrize("report, expected", [
    ("Mild cardiomegaly.", [0, 0, 0, 1, 0, 0]),
    ("Portable AP supine view. Small effusion.", [0, 0, 0, 1, 1, 1]),
    ("Portable AP semi-upright view.", [0, 0, 0, 1, 1, 0.5]),
    ("The patient is rotated to the left. Lungs are clear.", [10, 0, 0, 1, 0, 0]),
    ("The patient is rotated to the right.", [-10, 0, 0, 1, 0, 0]),
    ("The heart is normal in size.", [0, 0, 0, 1, 0, 0]),  # "ap" only as a word
])
def test_implied_pose(report, expected):
    assert implied_pose(report).tolist() == pytest.approx(expected)


def test_pose_from_acquisition_and_error():
    acq = {"projection": "AP", "position": "semi-upright", "rotation_deg": -3.0, "shift_x": 0.01,
           "shift_y": -0.02, "scale": 1.05}
    assert pose_from_acquisition(acq).tolist() == pytest.approx([-3, 0.01, -0.02, 1.05, 1, 0.5])
    assert pose_from_acquisition(None).tolist() == STANDARD_POSE.tolist()
    units = np.array([5, 0.05, 0.05, 0.05, 0.5, 0.5], np.float32)
    err = pose_error(pose_from_acquisition(acq)[None], STANDARD_POSE[None], units)
    assert err[0] == pytest.approx((3 / 5 + 0.2 + 0.4 + 1 + 2 + 1) / 6, abs=1e-5)
    spread = np.array([[0, 0, 0, 1, 0, 0], [2, 0, 0, 1, 1, 0]], np.float32)
    assert pose_units(spread).tolist() == pytest.approx([1, 0.05, 0.05, 0.05, 0.5, 0.5])


def test_diagnostic_agreement_by_hand():
    p = np.zeros((1, 14))
    p[0, 2] = 0.8
    labels = np.full((1, 14), -2, np.int8)
    labels[0, 2] = 1      # positive: |0.8 - 1| = 0.2
    labels[0, 3] = -1     # uncertain: skipped
    labels[0, 4] = 0      # negative: |0 - 0| = 0
    assert diagnostic_agreement(p, labels)[0] == pytest.approx(1 - 0.2 / 13)


class _Const:
    def __init__(self, values):
        self.values = values

    def __call__(self, images, reports):
        return np.asarray(self.values[: len(reports)], np.float64)


def test_composite_is_the_libraries_weighted_sum():
    torch.manual_seed(0)
    rewards = ImageRewards(DiagnosticClassifier(4), PoseRegressor(4), _Const([-1.0, -3.0]),
                           np.ones(6, np.float32), weights=(2.0, 0.5, 0.25))
    images = torch.rand(2, 1, 16, 16)
    reports = ["Mild cardiomegaly.", "Portable AP supine view."]
    res = rewards.score(images, reports)
    assert set(res.components) == {"diagnostic", "pose", "consistency"}
    assert res.weights == {"diagnostic": 2.0, "pose": 0.5, "consistency": 0.25}
    want = 2.0 * res.components["diagnostic"] + 0.5 * res.components["pose"] + 0.25 * np.array([-1.0, -3.0])
    assert res.total == pytest.approx(want, abs=1e-12)
    assert res.components["consistency"].tolist() == [-1.0, -3.0]
    assert (res.components["pose"] <= 0).all()


def test_advantages_comparative_and_absolute():
    r = np.array([1.0, 2.0, 3.0, 6.0])
    ref = np.array([1.0, 1.0, 4.0, 4.0])
    comp = advantages(TuneConfig(feedback="comparative"), r, ref)
    d = r - ref
    assert comp == pytest.approx(d / d.std())  # scaled, not centred: beating the frozen model stays positive
    ab = advantages(TuneConfig(feedback="absolute"), r, None)
    assert ab == pytest.approx((r - r.mean()) / r.std())
    assert advantages(TuneConfig(feedback="absolute", adv_clip=0.5), r, None).max() == pytest.approx(0.5)


def test_frechet_distance_closed_form():
    rng = np.random.default_rng(0)
    a = rng.normal(0, 1, (4000, 1))
    b = rng.normal(2, 3, (4000, 1))
    s1, s2 = a.var(ddof=1), b.var(ddof=1)
    want = (a.mean() - b.mean()) ** 2 + s1 + s2 - 2 * np.sqrt(s1 * s2)
    assert frechet_distance(a, b) == pytest.approx(want, rel=1e-9)
    x = rng.normal(size=(200, 5))
    assert abs(frechet_distance(x, x)) < 1e-8


def test_stripe_energy_sees_period_two_patterns_only():
    from rrg_model.synth.evaluate import stripe_energy

    i, j = np.meshgrid(np.arange(8), np.arange(8), indexing="ij")
    images = np.stack([(i + j) % 2, j % 2, np.full((8, 8), 0.3), np.clip((i + j) / 14, 0, 1)]).astype(np.float64)
    got = stripe_energy(torch.from_numpy(images).unsqueeze(1))  # checker, stripes, flat, smooth ramp
    assert got[:3] == pytest.approx([1.0, 0.5, 0.0])
    assert got[3] == pytest.approx(1 / 14)  # a smooth gradient: one step of the ramp

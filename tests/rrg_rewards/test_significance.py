"""Bootstrap intervals and the paired randomization test on decompositions with known answers."""
import numpy as np
import pytest

from rrg_rewards.errors import RewardsError
from rrg_rewards.significance import Decomposed, bootstrap_interval, paired_randomization


def test_bootstrap_matches_explicit_resampling():
    values = np.random.default_rng(0).random(40)
    ci = bootstrap_interval(Decomposed.from_mean(values), n_resamples=200, seed=7)
    rng = np.random.default_rng(7)
    means = values[rng.integers(0, 40, size=(200, 40))].mean(axis=1)
    low, high = np.quantile(means, [0.025, 0.975])
    assert (ci.low, ci.high) == pytest.approx((low, high), abs=1e-12)
    assert ci.low <= values.mean() <= ci.high


def test_bootstrap_is_seeded():
    dec = Decomposed.from_mean(np.random.default_rng(1).random(30))
    assert bootstrap_interval(dec, 100, seed=3) == bootstrap_interval(dec, 100, seed=3)
    assert bootstrap_interval(dec, 100, seed=3) != bootstrap_interval(dec, 100, seed=4)


def test_bootstrap_of_constant_is_a_point():
    ci = bootstrap_interval(Decomposed.from_mean(np.full(10, 0.25)), 50, seed=0)
    assert ci.low == pytest.approx(0.25) and ci.high == pytest.approx(0.25)


def test_ratio_aggregate_is_resampled_through_sums():
    # corpus value = sum(x) / sum(y), not a mean of ratios
    stats = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 10.0]])
    dec = Decomposed(stats, lambda sums, n: sums[:, 0] / sums[:, 1])
    assert dec.value() == pytest.approx(4 / 16)


def test_identical_systems_are_not_significant():
    dec = Decomposed.from_mean(np.random.default_rng(2).random(25))
    t = paired_randomization(dec, dec, n_trials=200, seed=0)
    assert t.delta == 0.0 and t.p_value == 1.0


def test_clearly_better_system_is_significant():
    a = Decomposed.from_mean(np.ones(60))
    b = Decomposed.from_mean(np.zeros(60))
    t = paired_randomization(a, b, n_trials=500, seed=0)
    assert t.delta == pytest.approx(1.0)
    assert t.p_value == pytest.approx(1 / 501)


def test_paired_test_p_value_in_range_for_noise():
    rng = np.random.default_rng(5)
    a = Decomposed.from_mean(rng.random(100))
    b = Decomposed.from_mean(rng.random(100))
    t = paired_randomization(a, b, n_trials=300, seed=1)
    assert 0.0 < t.p_value <= 1.0
    assert t.p_value > 0.01  # both are the same distribution


@pytest.mark.parametrize("kwargs, message", [
    ({"n_resamples": 0}, "at least 1 resample"),
    ({"confidence": 1.5}, "confidence"),
])
def test_bootstrap_rejects_bad_settings(kwargs, message):
    with pytest.raises(RewardsError, match=message):
        bootstrap_interval(Decomposed.from_mean(np.ones(3)), **kwargs)


def test_paired_test_needs_same_samples():
    with pytest.raises(RewardsError, match="same samples"):
        paired_randomization(Decomposed.from_mean(np.ones(3)), Decomposed.from_mean(np.ones(4)))

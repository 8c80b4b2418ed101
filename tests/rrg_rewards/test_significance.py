"""Bootstrap intervals and the paired randomization test: known answers, and agreement with
scipy.stats (an independent implementation) on the same data within Monte Carlo error."""
import numpy as np
import pytest
from scipy import stats as scipy_stats

from rrg_rewards.errors import RewardsError
from rrg_rewards.significance import Decomposed, bootstrap_interval, paired_randomization


def _ratio(sums, n):
    """A corpus value that is not a mean (like BLEU's): sum of column 0 / sum of column 1."""
    return sums[:, 0] / sums[:, 1]


def _mean_case(seed):
    return Decomposed.from_mean(np.random.default_rng(seed).random(40))


def _ratio_case(seed):
    rng = np.random.default_rng(seed)
    return Decomposed(np.column_stack([rng.integers(0, 10, 50), rng.integers(5, 15, 50)])
                      .astype(np.float64), _ratio)


def _scipy_statistic(dec):
    """`dec`'s corpus value of the rows picked by an index array (vectorized over leading axes)."""
    def statistic(idx, axis=-1):
        sums = dec.stats[idx].sum(axis=-2)
        return dec.aggregate(sums.reshape(-1, sums.shape[-1]), idx.shape[-1]).reshape(sums.shape[:-1])
    return statistic


@pytest.mark.parametrize("make", [_mean_case, _ratio_case])
@pytest.mark.parametrize("seed", [0, 1])
def test_bootstrap_interval_matches_scipy(make, seed):
    """Same data, scipy.stats.bootstrap (percentile method) with its own resampling.

    With 20,000 resamples each, an endpoint's Monte Carlo error is about 0.005 of the 95%
    interval's width, so the stated tolerance of 0.04 widths is ~6 standard deviations of
    the difference, while a wrong level (a 90% interval) would move the endpoints ~0.08
    widths and a mean instead of the corpus ratio much more."""
    dec = make(seed)
    ours = bootstrap_interval(dec, n_resamples=20_000, seed=7)
    ref = scipy_stats.bootstrap((np.arange(len(dec.stats)),), _scipy_statistic(dec),
                                vectorized=True, n_resamples=20_000, method="percentile",
                                confidence_level=0.95, rng=np.random.default_rng(11))
    low, high = ref.confidence_interval
    tol = 0.04 * (high - low)
    assert ours.low == pytest.approx(low, abs=tol) and ours.high == pytest.approx(high, abs=tol)
    assert ours.low <= dec.value() <= ours.high


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


def _paired_noise(seed, ratio):
    """Two systems on 12 samples that differ by less than their noise (p-values 0.05-0.7)."""
    rng = np.random.default_rng(seed)
    if ratio:
        a = np.column_stack([rng.integers(1, 10, 12), rng.integers(5, 15, 12)]).astype(np.float64)
        b = a + np.column_stack([rng.integers(-3, 3, 12), np.zeros(12)])
        return Decomposed(a, _ratio), Decomposed(b, _ratio)
    a = rng.random(12)
    return Decomposed.from_mean(a), Decomposed.from_mean(a - 0.1 + 0.3 * rng.standard_normal(12))


@pytest.mark.parametrize("ratio", [False, True])
@pytest.mark.parametrize("seed", [0, 1, 3])
def test_paired_test_p_value_matches_exact_permutation_test(seed, ratio):
    """scipy.stats.permutation_test enumerates all 2**12 swaps of the same 12 samples: the
    exact p-value of |value(A) - value(B)|. Ours draws 20,000 random swaps, so it is within
    5 binomial standard errors (plus the +1 of its estimator) of the exact value."""
    a, b = _paired_noise(seed, ratio)
    n = len(a.stats)
    both = Decomposed(np.concatenate([a.stats, b.stats]), a.aggregate)
    value = _scipy_statistic(both)

    def abs_delta(ia, ib, axis=-1):
        return np.abs(value(ia) - value(ib))
    exact = scipy_stats.permutation_test((np.arange(n), n + np.arange(n)), abs_delta,
                                         permutation_type="samples", alternative="greater",
                                         n_resamples=np.inf, vectorized=True).pvalue
    trials = 20_000
    ours = paired_randomization(a, b, n_trials=trials, seed=1).p_value
    tol = 5 * np.sqrt(exact * (1 - exact) / trials) + 1 / trials
    assert ours == pytest.approx(exact, abs=tol)


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

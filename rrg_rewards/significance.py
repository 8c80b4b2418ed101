"""Seeded bootstrap intervals and paired approximate-randomization tests, as sacrebleu does.

A corpus metric is resampled through its *decomposition*: per-sample statistics whose
column sums determine the corpus value (BLEU: lengths and n-gram counts; ROUGE-L and
CIDEr: the per-sample values, whose mean is the corpus value). Resampling the statistics
rather than re-running the metric keeps 1,000 resamples of 100,000 samples cheap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .errors import RewardsError

#: (B, k) column sums over the samples of each resample, n samples -> (B,) corpus values
Aggregate = Callable[[np.ndarray, int], np.ndarray]

#: cap on the elements materialized per chunk (keeps memory flat for large N)
_CHUNK_ELEMENTS = 8_000_000


def _mean_aggregate(sums: np.ndarray, n: int) -> np.ndarray:
    return sums[:, 0] / n


@dataclass(frozen=True)
class Decomposed:
    """A corpus metric as per-sample statistics plus the function of their sums.

    Attributes:
        stats: float64 (N, k) per-sample statistics.
        aggregate: maps (B, k) sums and N to (B,) corpus values.
        exact: False when the aggregate only approximates the metric's corpus value
            (METEOR: the jar's aggregate is approximated by the mean of per-sample values).
    """

    stats: np.ndarray
    aggregate: Aggregate = _mean_aggregate
    exact: bool = True

    @classmethod
    def from_mean(cls, per_sample: np.ndarray, exact: bool = True) -> "Decomposed":
        """For metrics whose corpus value is the mean of per-sample values (ROUGE-L, CIDEr)."""
        return cls(np.asarray(per_sample, dtype=np.float64).reshape(-1, 1), _mean_aggregate, exact)

    def value(self) -> float:
        return float(self.aggregate(self.stats.sum(axis=0, keepdims=True), len(self.stats))[0])


@dataclass(frozen=True)
class Interval:
    """A bootstrap confidence interval (percentile method)."""

    low: float
    high: float
    mean: float
    confidence: float
    n_resamples: int
    seed: int


@dataclass(frozen=True)
class PairedTest:
    """Result of a paired approximate-randomization test of system A against system B."""

    delta: float  # value(A) - value(B)
    p_value: float
    n_trials: int
    seed: int


def _chunk_rows(n_rows: int, per_row: int) -> int:
    return max(1, min(n_rows, _CHUNK_ELEMENTS // max(1, per_row)))


def bootstrap_interval(metric: Decomposed, n_resamples: int = 1000, seed: int = 12345,
                       confidence: float = 0.95) -> Interval:
    """Percentile bootstrap interval of the corpus value, resampling samples with replacement.

    Raises:
        RewardsError: n_resamples < 1 or confidence outside (0, 1).
    """
    if n_resamples < 1:
        raise RewardsError(f"bootstrap needs at least 1 resample, got {n_resamples}")
    if not 0.0 < confidence < 1.0:
        raise RewardsError(f"confidence must be in (0, 1), got {confidence}")
    stats = metric.stats
    n, k = stats.shape
    rng = np.random.default_rng(seed)
    values = np.empty(n_resamples, dtype=np.float64)
    step = _chunk_rows(n_resamples, n * k)
    for start in range(0, n_resamples, step):
        b = min(step, n_resamples - start)
        idx = rng.integers(0, n, size=(b, n))
        sums = stats[idx].sum(axis=1)  # (b, k)
        values[start:start + b] = metric.aggregate(sums, n)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(values, [alpha, 1.0 - alpha])
    return Interval(float(low), float(high), float(values.mean()), confidence, n_resamples, seed)


def paired_randomization(a: Decomposed, b: Decomposed, n_trials: int = 1000,
                         seed: int = 12345) -> PairedTest:
    """Two-sided paired approximate randomization (Riezler & Maxwell 2005), as sacrebleu's ``paired-ar``.

    Each trial swaps the two systems' statistics on a random half of the samples and
    recomputes both corpus values; p = (1 + #{|delta_trial| >= |delta|}) / (1 + trials).

    Raises:
        RewardsError: the systems have different numbers of samples or statistics.
    """
    if a.stats.shape != b.stats.shape:
        raise RewardsError(
            f"paired test needs the same samples for both systems, got {a.stats.shape[0]} and {b.stats.shape[0]}")
    if n_trials < 1:
        raise RewardsError(f"randomization test needs at least 1 trial, got {n_trials}")
    n, k = a.stats.shape
    diff = b.stats - a.stats  # swapping sample i moves diff[i] from B's sums into A's
    total_a = a.stats.sum(axis=0)
    total_b = b.stats.sum(axis=0)
    observed = float(a.aggregate(total_a[None], n)[0] - b.aggregate(total_b[None], n)[0])
    rng = np.random.default_rng(seed)
    hits = 0
    step = _chunk_rows(n_trials, n)
    for start in range(0, n_trials, step):
        t = min(step, n_trials - start)
        swap = rng.random((t, n)) < 0.5
        moved = swap.astype(np.float64) @ diff  # (t, k)
        deltas = a.aggregate(total_a + moved, n) - b.aggregate(total_b - moved, n)
        # a tiny tolerance so exact ties (e.g. identical systems) count as hits
        hits += int(np.count_nonzero(np.abs(deltas) >= abs(observed) - 1e-12))
    return PairedTest(observed, (hits + 1) / (n_trials + 1), n_trials, seed)

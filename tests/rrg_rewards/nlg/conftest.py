"""Shared checks for the metric tests."""
import random
from typing import Callable

import numpy as np
import pytest

from rrg_rewards.nlg.base import Metric


def _check_streaming(make: Callable[[], Metric], preds: list[str], refs: list[list[str]], step: int) -> None:
    """`update` in chunks of `step`, then `compute`, gives exactly one call's values (every key)."""
    metric = make()
    for lo in range(0, len(preds), step):
        metric.update(preds[lo:lo + step], refs[lo:lo + step])
    streamed, once = metric.compute(), make()(preds, refs)
    assert list(streamed) == list(once)
    for name in once:
        assert streamed[name].value == once[name].value
        np.testing.assert_array_equal(streamed[name].per_sample, once[name].per_sample)


@pytest.fixture(scope="session")
def check_streaming() -> Callable[..., None]:
    """The streaming-equals-one-call check (session scope: usable inside hypothesis tests)."""
    return _check_streaming


def _check_shuffle(make: Callable[[], Metric], preds: list[str], refs: list[list[str]],
                   rnd: random.Random, value_atol: float = 0.0, sample_atol: float = 0.0) -> dict:
    """Shuffling samples jointly permutes per-sample values and keeps corpus values (every key).

    The tolerances are 0 (exact) by default; returns the unshuffled call's scores.
    """
    order = list(range(len(preds)))
    rnd.shuffle(order)
    a = make()(preds, refs)
    b = make()([preds[i] for i in order], [refs[i] for i in order])
    assert list(b) == list(a)
    for name in a:
        assert b[name].value == pytest.approx(a[name].value, rel=0, abs=value_atol)
        np.testing.assert_allclose(b[name].per_sample, a[name].per_sample[order], rtol=0, atol=sample_atol)
    return a


@pytest.fixture(scope="session")
def check_shuffle() -> Callable[..., dict]:
    """The joint-shuffle-invariance check (session scope: usable inside hypothesis tests)."""
    return _check_shuffle

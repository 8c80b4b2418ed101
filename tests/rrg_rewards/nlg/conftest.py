"""Shared checks for the metric tests."""
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

"""Baselines: hand-computed advantages for each kind."""
from __future__ import annotations

import numpy as np
import pytest

from rrg_rewards.errors import RewardsError
from rrg_rewards.rl import (ComparativeBaseline, ConstantBaseline, EMABaseline, GreedyBaseline,
                            GroupNormalizedBaseline, RLOOBaseline, make_reward)

R = np.array([1.0, 2.0, 3.0, 6.0, 0.0, 0.0])


def test_constant():
    np.testing.assert_array_equal(ConstantBaseline(1.0).advantages(R), R - 1)


def test_rloo_is_mean_of_the_other_samples():
    a = RLOOBaseline(k=3).advantages(R)
    np.testing.assert_allclose(a, [1 - 2.5, 2 - 2, 3 - 1.5, 6 - 0, 0 - 3, 0 - 3])
    # group sum of RLOO advantages is 0 times k/(k-1) of the centred rewards
    np.testing.assert_allclose(a.reshape(2, 3).sum(1), 0.0, atol=1e-12)
    with pytest.raises(RewardsError, match="groups of k=4"):
        RLOOBaseline(k=4).advantages(R)
    with pytest.raises(RewardsError, match="k >= 2"):
        RLOOBaseline(k=1)


def test_group_normalized_as_grpo():
    a = GroupNormalizedBaseline(k=3).advantages(R)
    g1 = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(a[:3], (g1 - 2.0) / (np.std(g1, ddof=1) + 1e-4))
    # a group whose samples all score the same gets zero advantage, not NaN
    np.testing.assert_array_equal(GroupNormalizedBaseline(k=2).advantages([0.5, 0.5]), [0.0, 0.0])


def test_greedy_baseline_with_rewards_and_with_decode():
    np.testing.assert_array_equal(GreedyBaseline().advantages(R, greedy_rewards=[1.0, 2.0]),
                                  R - [1, 1, 1, 2, 2, 2])
    reward = make_reward("bleu1")
    refs = ["a b c d", "e f g h"]
    gb = GreedyBaseline(reward, decode=lambda: ["a b c d", "x y z w"])
    a = gb.advantages([0.5, 0.5], references=refs)
    greedy = reward(["a b c d", "x y z w"], refs)
    np.testing.assert_allclose(a, 0.5 - greedy)
    np.testing.assert_array_equal(gb.last_baseline_rewards, greedy)
    with pytest.raises(RewardsError, match="greedy_rewards"):
        GreedyBaseline().advantages(R)
    with pytest.raises(RewardsError, match="does not divide"):
        GreedyBaseline().advantages(R, greedy_rewards=[1.0] * 4)


def test_comparative_baseline():
    a = ComparativeBaseline().advantages([0.3, 0.9], reference_rewards=[0.5, 0.5])
    np.testing.assert_allclose(a, [-0.2, 0.4])


def test_ema_tracks_batch_means():
    ema = EMABaseline(decay=0.5)
    np.testing.assert_allclose(ema.advantages([1.0, 3.0]), [-1.0, 1.0])  # first: own mean
    np.testing.assert_allclose(ema.advantages([5.0, 5.0]), [3.0, 3.0])   # baseline 2
    assert ema.value == pytest.approx(3.5)


def test_normalized_advantages_are_whitened():
    a = ConstantBaseline().advantages(R, normalize=True)
    assert a.mean() == pytest.approx(0.0, abs=1e-12) and a.std() == pytest.approx(1.0, abs=1e-6)


def test_zero_advantage_when_reward_equals_baseline():
    np.testing.assert_array_equal(GreedyBaseline().advantages(R, greedy_rewards=R), 0.0)


def test_bad_rewards():
    with pytest.raises(RewardsError, match="1-D"):
        ConstantBaseline().advantages(np.ones((2, 2)))
    with pytest.raises(RewardsError, match="NaN"):
        ConstantBaseline().advantages([np.nan])

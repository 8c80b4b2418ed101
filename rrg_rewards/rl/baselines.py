"""Baselines for policy-gradient training: advantage = reward - baseline.

All work on float64 numpy arrays. When K samples are drawn per input, the rewards of one
input's samples are contiguous: ``rewards[i * K:(i + 1) * K]`` (as ``repeat_interleave``
lays them out).

* `GreedyBaseline`: self-critical sequence training (Rennie et al. 2017; R2GenRL): the
  reward of the greedy decode of the same input.
* `ComparativeBaseline`: the reward of a frozen reference model's output for the same
  input (CXRL's comparative feedback).
* `RLOOBaseline`: leave-one-out mean of the other K - 1 samples of the same input.
* `GroupNormalizedBaseline`: GRPO's ``(r - mean) / (std + eps)`` within each group.
* `EMABaseline`: exponential moving average of past batch means.
* `ConstantBaseline`: a fixed value.

``advantages(rewards, normalize=True)`` also whitens the advantages over the batch.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from ..errors import RewardsError


def _as_rewards(rewards: Sequence[float] | np.ndarray) -> np.ndarray:
    r = np.asarray(rewards, dtype=np.float64)
    if r.ndim != 1:
        raise RewardsError(f"rewards must be a 1-D array, got shape {r.shape}")
    if not np.all(np.isfinite(r)):
        raise RewardsError("rewards contain NaN or infinite values")
    return r


def normalize_advantages(advantages: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    """Whiten over the batch: ``(a - mean) / (std + eps)`` (population std)."""
    a = np.asarray(advantages, dtype=np.float64)
    return (a - a.mean()) / (a.std() + eps) if a.size else a.copy()


class Baseline:
    """A baseline b; `advantages` returns ``reward - b`` (optionally whitened).

    Subclasses implement `baseline(rewards, **context) -> (N,)`.
    """

    def baseline(self, rewards: np.ndarray, **context: object) -> np.ndarray:
        raise NotImplementedError

    def advantages(self, rewards: Sequence[float] | np.ndarray, *, normalize: bool = False,
                   eps: float = 1e-8, **context: object) -> np.ndarray:
        """float64 (N,) advantages.

        Args:
            rewards: (N,) rewards of the sampled candidates.
            normalize: whiten the advantages over the batch (`normalize_advantages`).
            eps: added to the standard deviation when whitening.
            **context: what the baseline needs (e.g. ``greedy_rewards=``).
        """
        r = _as_rewards(rewards)
        a = r - self.baseline(r, **context)
        return normalize_advantages(a, eps) if normalize else a


class ConstantBaseline(Baseline):
    """b = `value` for every sample (0 gives plain REINFORCE)."""

    def __init__(self, value: float = 0.0) -> None:
        self.value = float(value)

    def baseline(self, rewards: np.ndarray, **context: object) -> np.ndarray:
        return np.full(rewards.shape, self.value)


class EMABaseline(Baseline):
    """b = exponential moving average of previous batches' mean rewards.

    The first batch uses its own mean (so its advantages are centred); after computing the
    baseline for a batch, the average moves: ``m = decay * m + (1 - decay) * mean(r)``.
    Call `advantages` once per training step.
    """

    def __init__(self, decay: float = 0.9) -> None:
        if not 0.0 <= decay < 1.0:
            raise RewardsError(f"EMA decay must be in [0, 1), got {decay}")
        self.decay = float(decay)
        self.value: float | None = None

    def baseline(self, rewards: np.ndarray, **context: object) -> np.ndarray:
        if rewards.size == 0:
            return rewards.copy()
        mean = float(rewards.mean())
        b = mean if self.value is None else self.value
        self.value = mean if self.value is None else self.decay * self.value + (1 - self.decay) * mean
        return np.full(rewards.shape, b)


def _expand(values: np.ndarray, n: int, what: str) -> np.ndarray:
    """Per-input values (B,) -> per-sample (B*K,), or check they are already per sample."""
    if values.ndim != 1 or values.size == 0 or n % values.size:
        raise RewardsError(f"{what} has {values.size} values, which does not divide {n} samples")
    return np.repeat(values, n // values.size)


class GreedyBaseline(Baseline):
    """Self-critical baseline: the reward of the greedy decode of the same input.

    Either pass the greedy decodes' rewards, ``advantages(r, greedy_rewards=g)``, or build
    it with a reward and a decode callable and pass the references:
    ``GreedyBaseline(reward, decode).advantages(r, references=refs)``, where
    ``decode() -> list[str]`` returns one greedy report per input. With K samples per
    input, give one greedy reward per input (B,); it is repeated over that input's samples.

    Args:
        reward: scores the greedy decodes (used with `decode`).
        decode: returns the greedy reports of the current batch's inputs.
    """

    context_name = "greedy_rewards"

    def __init__(self, reward: Callable | None = None,
                 decode: Callable[[], Sequence[str]] | None = None) -> None:
        if (reward is None) != (decode is None):
            raise RewardsError("pass both reward and decode, or neither")
        self.reward = reward
        self.decode = decode
        self.last_baseline_rewards: np.ndarray | None = None

    def baseline(self, rewards: np.ndarray, **context: object) -> np.ndarray:
        given = context.get(self.context_name)
        if given is None:
            if self.decode is None or self.reward is None:
                raise RewardsError(f"{type(self).__name__} needs {self.context_name}= "
                                   "or a reward and a decode callable")
            refs = context.get("references")
            if refs is None:
                raise RewardsError("references= is needed to score the decoded baseline reports")
            given = self.reward(list(self.decode()), refs)
        b = np.asarray(given, dtype=np.float64)
        self.last_baseline_rewards = b
        return _expand(b, rewards.size, self.context_name)


class ComparativeBaseline(GreedyBaseline):
    """Baseline = the reward of a frozen reference model's output for the same input (CXRL).

    Same use as `GreedyBaseline`, with ``reference_rewards=`` (or a reward and a
    callable that decodes with the frozen model).
    """

    context_name = "reference_rewards"


class RLOOBaseline(Baseline):
    """Leave-one-out: b_i = mean of the other K - 1 samples' rewards of the same input.

    Args:
        k: samples per input (>= 2); rewards are grouped contiguously.
    """

    def __init__(self, k: int) -> None:
        if not isinstance(k, int) or k < 2:
            raise RewardsError(f"RLOO needs k >= 2 samples per input, got {k!r}")
        self.k = k

    def _groups(self, rewards: np.ndarray) -> np.ndarray:
        if rewards.size % self.k:
            raise RewardsError(f"{rewards.size} rewards do not split into groups of k={self.k}")
        return rewards.reshape(-1, self.k)

    def baseline(self, rewards: np.ndarray, **context: object) -> np.ndarray:
        g = self._groups(rewards)
        return ((g.sum(axis=1, keepdims=True) - g) / (self.k - 1)).reshape(-1)


class GroupNormalizedBaseline(RLOOBaseline):
    """GRPO: advantage = (r - group mean) / (group std + eps), per input's K samples.

    Args:
        k: samples per input (>= 2).
        eps: added to the std; 1e-4 as TRL's GRPOTrainer.
        ddof: 1 (default) for the sample std as ``torch.std`` (TRL); 0 for population std.
    """

    def __init__(self, k: int, eps: float = 1e-4, ddof: int = 1) -> None:
        super().__init__(k)
        self.eps = float(eps)
        self.ddof = int(ddof)

    def baseline(self, rewards: np.ndarray, **context: object) -> np.ndarray:
        g = self._groups(rewards)
        return np.repeat(g.mean(axis=1), self.k)

    def advantages(self, rewards: Sequence[float] | np.ndarray, *, normalize: bool = False,
                   eps: float = 1e-8, **context: object) -> np.ndarray:
        r = _as_rewards(rewards)
        g = self._groups(r)
        a = (g - g.mean(axis=1, keepdims=True)) / (g.std(axis=1, ddof=self.ddof, keepdims=True)
                                                   + self.eps)
        a = a.reshape(-1)
        return normalize_advantages(a, eps) if normalize else a

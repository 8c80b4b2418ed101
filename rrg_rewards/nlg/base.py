"""Shared types of the NLG metrics: the `Score` result and the `Metric` protocol.

Every metric takes already-cleaned text (see `rrg_rewards.text`) and splits it
exactly as its pycocoevalcap counterpart does, so that values match to 1e-9.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from itertools import chain
from typing import Sequence

import numpy as np

from ..errors import RewardsError


@dataclass(frozen=True)
class Score:
    """One metric's result.

    Attributes:
        name: pycocoevalcap's key, e.g. ``"Bleu_4"``, ``"METEOR"``, ``"ROUGE_L"``, ``"CIDEr"``.
        value: the corpus value, as pycocoevalcap's ``compute_score`` returns it.
        per_sample: float64 array of shape (N,), the per-sample values pycocoevalcap returns.
        signature: reproducibility string, e.g. ``"Bleu_4|nrefs:1|tok:none|version:0.1.0"``.
    """

    name: str
    value: float
    per_sample: np.ndarray = field(repr=False)
    signature: str = ""

    def __float__(self) -> float:
        return float(self.value)


References = Sequence[Sequence[str]]


def check_pairs(predictions: Sequence[str], references: References) -> None:
    """Raise RewardsError unless predictions/references are aligned lists of strings."""
    if isinstance(predictions, str):
        raise RewardsError("predictions must be a list of strings, not a single string")
    if len(predictions) != len(references):
        raise RewardsError(
            f"got {len(predictions)} predictions but {len(references)} references")
    # fast path in C (type sets); the loop below runs only to name the offending sample
    if (set(map(type, predictions)) <= {str} and set(map(type, references)) <= {list, tuple}
            and all(map(len, references))
            and set(map(type, chain.from_iterable(references))) <= {str}):
        return
    for i, (p, refs) in enumerate(zip(predictions, references)):
        if not isinstance(p, str):
            raise RewardsError(f"prediction {i} is {type(p).__name__}, expected str")
        if isinstance(refs, str):
            raise RewardsError(f"the references of sample {i} are one string; metric classes take a list "
                               "of reference strings per sample ([[ref], ...]; rrg_rewards.score "
                               "takes plain strings too)")
        if len(refs) == 0:
            raise RewardsError(f"sample {i} needs a non-empty list of reference strings")
        for r in refs:
            if not isinstance(r, str):
                raise RewardsError(f"a reference of sample {i} is {type(r).__name__}, expected str")


class Metric(ABC):
    """A corpus metric with per-sample values; streaming via update/compute/reset.

    Subclasses implement `_compute`, which receives every pair seen since the
    last reset (CIDEr's document frequencies need the whole set, so state is the
    pairs themselves, not sufficient statistics).
    """

    #: the keys `compute` returns, in order
    names: tuple[str, ...] = ()

    def __init__(self) -> None:
        self._predictions: list[str] = []
        self._references: list[list[str]] = []

    def update(self, predictions: Sequence[str], references: References) -> None:
        check_pairs(predictions, references)
        self._predictions.extend(predictions)
        self._references.extend(list(r) for r in references)

    def compute(self) -> dict[str, Score]:
        if not self._predictions:
            raise RewardsError("no samples to score")
        return self._signed(self._compute(self._predictions, self._references), self._references)

    def reset(self) -> None:
        self._predictions, self._references = [], []

    def __call__(self, predictions: Sequence[str], references: References) -> dict[str, Score]:
        """Score one batch without touching the streaming state."""
        check_pairs(predictions, references)
        if not predictions:
            raise RewardsError("no samples to score")
        refs = [list(r) for r in references]
        return self._signed(self._compute(list(predictions), refs), refs)

    def _signed(self, scores: dict[str, Score], references: list[list[str]]) -> dict[str, Score]:
        """The scores with their signature (text taken as given: ``tok:none``), as `score` gives."""
        from ..signature import format_signature, nrefs_field, package_version

        fields = {"nrefs": nrefs_field([len(r) for r in references]), "tok": "none",
                  **self.signature_fields(), "version": package_version()}
        return {k: s if s.signature else Score(s.name, s.value, s.per_sample, format_signature(k, fields))
                for k, s in scores.items()}

    @abstractmethod
    def _compute(self, predictions: list[str], references: list[list[str]]) -> dict[str, Score]:
        ...

    def signature_fields(self) -> dict[str, str]:
        """Settings that change this metric's values; merged into the score signature."""
        return {}

"""ROUGE-1, ROUGE-2 and ROUGE-L as Google's `rouge-score` package computes them, with stemming.

Papers and RadEval report these (``rouge1``, ``rouge2``, ``rougeL``), not pycocoevalcap's
``ROUGE_L``: rouge-score lower-cases, replaces every non-alphanumeric character by a space,
Porter-stems words longer than 3 characters (``use_stemmer=True``, as RadEval and Hugging
Face ``evaluate`` use it) and reports the F-measure with beta 1. pycocoevalcap splits on
spaces only, does not stem and weights recall (beta 1.2), so the two ROUGE-Ls differ; both
are offered, each under its own name.

This module calls rouge-score itself (imported on first use, so `import rrg_rewards` stays
numpy only): the values *are* rouge-score's. Per sample with several references, rouge-score's
``score_multi`` keeps, per ROUGE type, the reference of highest F. The corpus value is the
mean of the per-sample F; rouge-score's ``BootstrapAggregator`` estimates the same mean by
unseeded resampling, which we do not repeat (seeded intervals come from ``rrg score
--bootstrap``).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import RewardsError
from .base import Metric, Score

#: rouge-score's names for the types computed, in report order
ROUGE_TYPES: tuple[str, ...] = ("rouge1", "rouge2", "rougeL")


def _scorer(types: tuple[str, ...], stem: bool) -> Any:
    try:
        from rouge_score import rouge_scorer
    except ImportError:  # pragma: no cover - a runtime dependency, absent only in odd setups
        raise RewardsError("metric 'rouge_score' needs Google's rouge-score package: "
                           "pip install rouge-score") from None
    return rouge_scorer.RougeScorer(list(types), use_stemmer=stem)


def rouge_score_version() -> str:
    """The installed rouge-score version, for signatures ('unknown' when not recorded)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("rouge-score")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


class GoogleRouge(Metric):
    """rouge-score's ``rouge1``/``rouge2``/``rougeL`` F-measures, stemmed by default.

    Args:
        types: rouge-score type names (default `ROUGE_TYPES`).
        stem: Porter stemming (rouge-score's ``use_stemmer``).
    """

    def __init__(self, types: tuple[str, ...] = ROUGE_TYPES, stem: bool = True) -> None:
        super().__init__()
        self.names = tuple(types)
        self.stem = stem
        self._rouge = _scorer(self.names, stem)

    def signature_fields(self) -> dict[str, str]:
        return {"impl": f"rouge-score-{rouge_score_version()}",
                "stem": "yes" if self.stem else "no", "stat": "f"}

    def _compute(self, predictions: list[str], references: list[list[str]]) -> dict[str, Score]:
        per = {t: np.empty(len(predictions), dtype=np.float64) for t in self.names}
        for i, (pred, refs) in enumerate(zip(predictions, references)):
            # rouge-score takes the reference first
            result = self._rouge.score_multi(refs, pred)
            for t in self.names:
                per[t][i] = result[t].fmeasure
        return {t: Score(t, float(np.mean(v)), v) for t, v in per.items()}

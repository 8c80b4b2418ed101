"""Clinical rewards beyond label F1: rarity-weighted CE-F1, clinical-error, repetition and length penalties.

All four are `Reward`s (``reward(candidates, references) -> float64 (N,)``) that reward specs
name (`rrg_rewards.rl.make_reward`): ``ce_f1_weighted``, ``clinical_errors``, ``repetition``,
``length_ratio``. Labels come from the report labeler (`rrg_rewards.labeler.label`), whose
caches make labeling the same text for two rewards cheap.

Penalties are rewards <= 0 whose best value, 0, the reference itself gets, so that positive
weights in a sum (``"ce_f1_weighted+0.5*clinical_errors"``) subtract them. With several
references per sample each reward takes its best value over them (as ``ce_f1`` does).
docs/rewards.md ("Clinical rewards") gives the costs and the reasons for them.
"""
from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import RewardsError
from .rewards import Reward, best_over_references

__all__ = ["WeightedClinicalF1Reward", "ClinicalErrorPenalty", "RepetitionPenalty",
           "LengthRatioPenalty", "prevalence_weights", "repeated_share",
           "PREVALENCE_FLOOR", "ERROR_COSTS", "CONTRADICTION_COST", "OMISSION_COST",
           "HEDGE_COST"]

#: a prevalence below this counts as this (caps a never-seen finding's weight at 100x)
PREVALENCE_FLOOR = 0.01

#: candidate says the opposite of the reference (present vs absent), either way
CONTRADICTION_COST = 1.0
#: a finding one side asserts and the other does not mention (omission or unsupported assertion)
OMISSION_COST = 0.5
#: uncertain on one side, asserted on the other, or uncertain vs not mentioned
HEDGE_COST = 0.25

# label values of `rrg_rewards.labeler`: 1 positive, 0 negative, -1 uncertain, -2 not mentioned
_STATES = (1, 0, -1, -2)
#: cost[candidate state][reference state], states in `_STATES` order (P, N, U, M)
ERROR_COSTS: np.ndarray = np.array([
    #  ref: P                   N                   U            M
    [0.0, CONTRADICTION_COST, HEDGE_COST, OMISSION_COST],          # cand P
    [CONTRADICTION_COST, 0.0, OMISSION_COST, 0.0],                 # cand N
    [HEDGE_COST, OMISSION_COST, 0.0, HEDGE_COST],                  # cand U
    [OMISSION_COST, 0.0, HEDGE_COST, 0.0],                         # cand M
], dtype=np.float64)
ERROR_COSTS.setflags(write=False)
#: label value + 2 (-2..1 -> 0..3) -> its row/column in `ERROR_COSTS`
_STATE_OF = np.array([_STATES.index(v) for v in (-2, -1, 0, 1)], dtype=np.intp)


def _labels(texts: Sequence[str]) -> np.ndarray:
    from ..labeler import label
    return label(list(texts))


def prevalence_weights(train_labels: np.ndarray, floor: float = PREVALENCE_FLOOR) -> np.ndarray:
    """Per-observation weights ``1 / max(prevalence, floor)``, scaled to mean 1.

    Args:
        train_labels: int (N, 14) labels of the training reports (`rrg_rewards.labeler.label`);
            prevalence is the share labeled positive (1).
        floor: the smallest prevalence used (a finding absent from training gets ``1/floor``).

    Returns:
        float64 (14,) in `OBSERVATIONS` order.
    """
    arr = np.asarray(train_labels)
    if arr.ndim != 2 or arr.shape[1] != 14 or len(arr) == 0:
        raise RewardsError(f"training labels must have shape (N, 14) with N >= 1, got {arr.shape}")
    if not 0.0 < floor <= 1.0:
        raise RewardsError(f"prevalence floor must be in (0, 1], got {floor}")
    w = 1.0 / np.maximum((arr == 1).mean(axis=0), floor)
    return w / w.mean()


class WeightedClinicalF1Reward(Reward):
    """Per-report CE-F1 with per-observation weights: rare findings count more.

    ``F1_w = 2 sum_k w_k TP_k / (2 sum_k w_k TP_k + sum_k w_k FP_k + sum_k w_k FN_k)`` over the
    14 columns (positive = labeled 1; uncertain and not mentioned count as negative, the CE
    default), 1.0 when neither report has a positive label (as ``ce_f1``). Uniform weights give
    exactly ``ce_f1``.

    Args:
        weights: float (14,) or {observation: weight} (missing ones 1.0); overrides the rest.
        train_labels: (N, 14) training labels: weights from their prevalence (`prevalence_weights`).
        train_references: training reports, labeled here, for the same.
        clean: text handling applied before labeling.

    With none of them the weights are uniform (documented default: no prevalence, no rarity).
    """

    name = "ce_f1_weighted"

    def __init__(self, weights: Sequence[float] | Mapping[str, float] | None = None, *,
                 train_labels: np.ndarray | None = None,
                 train_references: Sequence[str] | None = None, clean: str = "none") -> None:
        super().__init__(clean)
        from ..labeler import OBSERVATIONS
        if weights is not None:
            if isinstance(weights, Mapping):
                unknown = [k for k in weights if k not in OBSERVATIONS]
                if unknown:
                    raise RewardsError(f"unknown observations in weights: {', '.join(map(repr, unknown))}")
                weights = [float(weights.get(o, 1.0)) for o in OBSERVATIONS]
            w = np.asarray(weights, dtype=np.float64)
            if w.shape != (14,) or not np.all(np.isfinite(w)) or np.any(w < 0) or not w.any():
                raise RewardsError("weights must be 14 finite non-negative numbers, not all 0")
            self.weights, self.weight_source = w, "given"
        elif train_labels is not None:
            self.weights = prevalence_weights(train_labels)
            self.weight_source = f"train:{len(train_labels)}"
        elif train_references is not None:
            if isinstance(train_references, str) or len(train_references) == 0:
                raise RewardsError("train_references must be a non-empty list of reports")
            docs = [d if isinstance(d, str) else d[0] for d in train_references]
            if clean != "none":
                from ..text import clean_texts
                docs = clean_texts(docs, clean)
            self.weights = prevalence_weights(_labels(docs))
            self.weight_source = f"train:{len(docs)}"
        else:
            self.weights, self.weight_source = np.ones(14, dtype=np.float64), "uniform"

    def metric_key(self) -> str:
        return "CE_F1_weighted"

    def signature_fields(self) -> dict[str, str]:
        return {"w": self.weight_source, "floor": f"{PREVALENCE_FLOOR:g}", "unc": "neg"}

    def _pair(self, candidates: list[str], references: list[str]) -> np.ndarray:
        from ..clinical import clinical_scores
        return clinical_scores(candidates, references, weights=self.weights)

    def _score(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        return best_over_references(self._pair, candidates, references)


class ClinicalErrorPenalty(Reward):
    """Minus the cost of the clinically significant errors against the reference's labels.

    Over the 13 findings (No Finding is derived from them, so it would count errors twice),
    each (candidate label, reference label) pair costs `ERROR_COSTS`: a contradiction
    (present vs absent, either way) 1.0; an omission of a present finding or an assertion the
    reference does not make 0.5; uncertainty against a definite or missing statement 0.25 (and
    uncertain vs absent 0.5); a negative the other side leaves unsaid 0. The reward is minus the
    sum: 0 for the reference itself, -1 per contradiction.
    """

    name = "clinical_errors"

    def metric_key(self) -> str:
        return "ClinicalErrors"

    def signature_fields(self) -> dict[str, str]:
        return {"contra": f"{CONTRADICTION_COST:g}", "omit": f"{OMISSION_COST:g}",
                "hedge": f"{HEDGE_COST:g}", "obs": "13"}

    @staticmethod
    def costs(candidate_labels: np.ndarray, reference_labels: np.ndarray) -> np.ndarray:
        """float64 (N,) summed costs of label arrays (N, 14) (No Finding column ignored)."""
        c = _STATE_OF[np.asarray(candidate_labels, dtype=np.intp)[:, 1:] + 2]
        r = _STATE_OF[np.asarray(reference_labels, dtype=np.intp)[:, 1:] + 2]
        return ERROR_COSTS[c, r].sum(axis=1)

    def _pair(self, candidates: list[str], references: list[str]) -> np.ndarray:
        return 0.0 - self.costs(_labels(candidates), _labels(references))

    def _score(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        return best_over_references(self._pair, candidates, references)


def repeated_share(tokens: Sequence[str], n: int) -> float:
    """Share of a text's n-grams that repeat an earlier one: 1 - distinct / total (0 if none)."""
    grams = [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    if not grams:
        return 0.0
    return 1.0 - len(set(grams)) / len(grams)


class RepetitionPenalty(Reward):
    """Minus the share of repeated n-grams beyond the reference's own: ``-max(0, rep(c) - rep(r))``.

    ``rep`` is `repeated_share` on whitespace tokens. Measured against the reference, so that
    a style that repeats by design (templates: "Heart: ... Lungs: ...") is not penalized and
    the reference itself scores 0. In [-1, 0].

    Args:
        n: n-gram order (default 3: R2Gen blocks repeated trigrams at decoding for this reason).
        clean: text handling applied first.
    """

    name = "repetition"

    def __init__(self, n: int = 3, clean: str = "none") -> None:
        super().__init__(clean)
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise RewardsError(f"repetition n-gram order must be an integer >= 1, got {n!r}")
        self.n = n

    def metric_key(self) -> str:
        return "Repetition"

    def signature_fields(self) -> dict[str, str]:
        return {"n": str(self.n)}

    def _pair(self, candidates: list[str], references: list[str]) -> np.ndarray:
        return np.array([0.0 - max(0.0, repeated_share(c.split(), self.n) - repeated_share(r.split(), self.n))
                         for c, r in zip(candidates, references)], dtype=np.float64)

    def _score(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        return best_over_references(self._pair, candidates, references)


class LengthRatioPenalty(Reward):
    """``-min(1, |log2(len(c) / len(r))|)`` in whitespace tokens: 0 at the reference's length.

    Symmetric in the ratio: half or twice the reference's length costs 1 (the cap), 1.41x or
    0.71x costs 0.5; an empty candidate costs 1 (an empty reference: 0 if the candidate is
    empty too, else 1). With several references, the closest length counts (BLEU's choice).
    """

    name = "length_ratio"

    def metric_key(self) -> str:
        return "LengthRatio"

    def signature_fields(self) -> dict[str, str]:
        return {"cap": "1", "log": "2"}

    @staticmethod
    def penalty(candidate_len: int, reference_len: int) -> float:
        if reference_len == 0 or candidate_len == 0:
            return 0.0 if candidate_len == reference_len else -1.0
        return 0.0 - min(1.0, abs(math.log2(candidate_len / reference_len)))

    def _pair(self, candidates: list[str], references: list[str]) -> np.ndarray:
        return np.array([self.penalty(len(c.split()), len(r.split()))
                         for c, r in zip(candidates, references)], dtype=np.float64)

    def _score(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        return best_over_references(self._pair, candidates, references)


def build_clinical(name: str, *, clean: str, train_references: Any = None,
                   train_labels: np.ndarray | None = None) -> Reward:
    """The reward a spec names (``ce_f1_weighted``, ``clinical_errors``, ``repetition``, ``length_ratio``)."""
    if name == "ce_f1_weighted":
        return WeightedClinicalF1Reward(train_labels=train_labels,
                                        train_references=None if train_labels is not None else train_references,
                                        clean=clean)
    if name == "clinical_errors":
        return ClinicalErrorPenalty(clean=clean)
    if name == "repetition":
        return RepetitionPenalty(clean=clean)
    if name == "length_ratio":
        return LengthRatioPenalty(clean=clean)
    raise RewardsError(f"not a clinical reward: {name!r}")

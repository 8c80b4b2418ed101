"""Per-sample rewards for RL fine-tuning: every rrg metric, weighted sums, user callables.

A `Reward` maps candidate reports and their references to a float64 array of shape (N,):

    reward = make_reward("0.5*bleu4+0.5*ce_f1")
    r = reward(samples, references)          # (N,) float64
    reward.last_components                   # {"bleu4": (N,), "ce_f1": (N,)} for logging

BLEU, ROUGE-L and CIDEr-D rewards compute their values with the very functions that
`rrg_rewards.score` uses (`rrg_rewards.nlg.bleu.bleu_per_sample`, `rouge.rouge_l_per_sample`,
`cider.cider_per_sample`): one engine, so a reward equals the matching per-sample score by
construction, on every CPU (and pycocoevalcap 1.2 to 1e-9, tested live). The incremental
per-token rewards (`rrg_rewards.rl.prefix`) are a separate, incremental algorithm; this
module does not import it.

CIDEr-D as a reward always uses *fixed* document frequencies (from the training
references, `DocumentFrequencies`), never the per-batch ones pycocoevalcap computes: with
per-batch frequencies one sample's reward would depend on the rest of the batch, and a
single-sample batch would score 0.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence, Union

import numpy as np

from ..errors import RewardsError

#: A candidate: a report string, or its tokens (joined with single spaces).
Candidate = Union[str, Sequence[str]]
#: A sample's references: one string or a list of strings.
ReferenceSet = Union[str, Sequence[str]]

#: how samples form groups (see `Reward.__call__`): None, a group size, or one id per sample
Groups = Union[None, int, Sequence[Any], np.ndarray]
#: how a weighted sum combines its components (TRL's `multi_objective_aggregation` names)
AGGREGATIONS: tuple[str, ...] = ("sum_then_normalize", "normalize_then_sum")

#: reference sets whose statistics the prefix tables of a reward keep (`rrg_rewards.rl.prefix`)
DEFAULT_CACHE_SIZE = 50_000


def normalize_candidates(candidates: Sequence[Candidate]) -> list[str]:
    """Strings stay as they are; token lists are joined with single spaces."""
    if isinstance(candidates, str):
        raise RewardsError("candidates must be a list of reports, not a single string")
    out = []
    for i, c in enumerate(candidates):
        if isinstance(c, str):
            out.append(c)
        elif isinstance(c, (list, tuple)) and all(isinstance(t, str) for t in c):
            out.append(" ".join(c))
        else:
            raise RewardsError(
                f"candidate {i} is {type(c).__name__}, expected a string or a list of tokens")
    return out


def normalize_reference_sets(references: Sequence[ReferenceSet], n: int) -> list[list[str]]:
    """One string per sample becomes a one-element list; lists are checked and copied."""
    if isinstance(references, str):
        raise RewardsError("references must be a list (one entry per candidate), not a string")
    if len(references) != n:
        raise RewardsError(f"got {n} candidates but {len(references)} references")
    out = []
    for i, r in enumerate(references):
        if isinstance(r, str):
            out.append([r])
        elif isinstance(r, (list, tuple)) and r and all(isinstance(x, str) for x in r):
            out.append(list(r))
        else:
            raise RewardsError(
                f"references of sample {i} must be a string or a non-empty list of strings")
    return out


def group_index(groups: Groups, n: int) -> np.ndarray | None:
    """int64 (N,) dense group ids (0, 1, ...) from `Groups`; None when there are no groups given.

    Raises:
        RewardsError: a group size that does not divide N, or a wrong number of ids.
    """
    if groups is None:
        return None
    if isinstance(groups, (int, np.integer)) and not isinstance(groups, bool):
        g = int(groups)
        if g < 1 or n % g:
            raise RewardsError(f"group size {g} does not divide the {n} samples into whole groups")
        return np.arange(n, dtype=np.int64) // g
    if isinstance(groups, (str, bytes, bool)):
        raise RewardsError(f"groups must be a group size or one group id per sample, got {groups!r}")
    ids = list(groups)
    if len(ids) != n:
        raise RewardsError(f"got {len(ids)} group ids for {n} samples")
    try:
        index = {g: i for i, g in enumerate(dict.fromkeys(ids))}
    except TypeError:
        raise RewardsError("group ids must be hashable (numbers or strings)") from None
    return np.array([index[g] for g in ids], dtype=np.int64)


def normalize_within_groups(values: np.ndarray, groups: np.ndarray | None) -> np.ndarray:
    """``(x - group mean) / group std`` (population std); 0 where a group's values are all equal.

    Args:
        values: float64 (N,).
        groups: int (N,) dense group ids, or None for one group of all N.

    Returns:
        float64 (N,).
    """
    x = np.asarray(values, dtype=np.float64)
    g = np.zeros(len(x), dtype=np.int64) if groups is None else np.asarray(groups)
    if not len(x):
        return x.copy()
    k = int(g.max()) + 1
    count = np.bincount(g, minlength=k).astype(np.float64)
    mean = np.bincount(g, weights=x, minlength=k) / count
    centered = x - mean[g]
    std = np.sqrt(np.bincount(g, weights=centered ** 2, minlength=k) / count)
    # a group whose values agree (to rounding) carries no preference: 0, not 0/0
    scale = np.maximum(np.abs(mean), 1.0) * 1e-12
    flat = std <= scale
    return np.where(flat[g], 0.0, centered / np.where(flat, 1.0, std)[g])


@dataclass(frozen=True)
class RewardResult:
    """A reward's values with the unweighted values of each component.

    Attributes:
        total: float64 (N,), the reward.
        components: name -> float64 (N,), each component's own value (before weighting).
        weights: name -> weight in the sum (1.0 for a plain reward).
    """

    total: np.ndarray
    components: dict[str, np.ndarray] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)


class Reward:
    """Base class: ``reward(candidates, references) -> float64 (N,)``.

    Subclasses implement `_score` on normalized input (candidate strings, lists of
    reference strings). `__call__` validates, applies the text handling `clean`, and keeps
    the last values per component in `last_components` for logging.

    Attributes:
        name: short name, e.g. ``"bleu4"``; composites read ``"0.5*bleu4+0.5*ce_f1"``.
        signature: what fixes the numbers (metric, settings, df source, version).
        prefix_metric: the `prefix_scores` kernel that computes this reward for all
            prefixes in one pass, or None (the generic fallback scores every prefix).
    """

    name: str = "reward"
    prefix_metric: str | None = None

    def __init__(self, clean: str = "none") -> None:
        from ..text import MODES
        if clean not in MODES:
            raise RewardsError(f"unknown text handling {clean!r}; choose from {', '.join(MODES)}")
        self.clean = clean
        self.last_components: dict[str, np.ndarray] = {}

    # -- public API -------------------------------------------------------------------
    def __call__(self, candidates: Sequence[Candidate],
                 references: Sequence[ReferenceSet], groups: Groups = None) -> np.ndarray:
        """Per-sample rewards, float64 of shape (N,).

        `groups` matters only to a normalize-then-sum composite (`WeightedReward`), which
        normalizes each component within each group: None (the whole batch), an int G (each
        G consecutive samples, e.g. the G samples of one prompt) or N group ids.
        """
        return self.score(candidates, references, groups).total

    #: whether a sample's reward depends on the other samples of its group (normalize-then-sum)
    groupwise: bool = False

    def score(self, candidates: Sequence[Candidate],
              references: Sequence[ReferenceSet], groups: Groups = None) -> RewardResult:
        """Like `__call__`, but also returns each component's values."""
        cands = normalize_candidates(candidates)
        refs = normalize_reference_sets(references, len(cands))
        group_ids = group_index(groups, len(cands))
        if not cands:
            empty = np.zeros(0, dtype=np.float64)
            result = RewardResult(empty, {n: empty for n in self.component_names()},
                                  self.component_weights())
        else:
            if self.clean != "none":
                from ..text import clean_texts
                cands = clean_texts(cands, self.clean)
                refs = [clean_texts(r, self.clean) for r in refs]
            result = self._result(cands, refs, group_ids)
        self.last_components = dict(result.components)
        return result

    @property
    def signature(self) -> str:
        from ..signature import format_signature, package_version
        return format_signature(self.metric_key(), {
            **self.signature_fields(), "tok": self.clean, "version": package_version()})

    def component_names(self) -> list[str]:
        return [self.name]

    def component_weights(self) -> dict[str, float]:
        return {self.name: 1.0}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"

    # weighted sums: 0.5 * bleu4 + 0.5 * ce_f1
    def __mul__(self, weight: float) -> "WeightedReward":
        return WeightedReward([(float(weight), self)])

    __rmul__ = __mul__

    def __add__(self, other: "Reward") -> "WeightedReward":
        if not isinstance(other, Reward):
            return NotImplemented
        return WeightedReward(_terms(self) + _terms(other))

    # -- for subclasses -------------------------------------------------------------------
    def metric_key(self) -> str:
        return self.name

    def signature_fields(self) -> dict[str, str]:
        return {}

    def _result(self, candidates: list[str], references: list[list[str]],
                groups: np.ndarray | None = None) -> RewardResult:
        values = _check_values(self._score(candidates, references), len(candidates), self.name)
        return RewardResult(values, {self.name: values}, {self.name: 1.0})

    def _score(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        raise NotImplementedError


def _terms(r: Reward) -> list[tuple[float, Reward]]:
    return list(r.terms) if isinstance(r, WeightedReward) else [(1.0, r)]


def _check_values(values: Any, n: int, name: str) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise RewardsError(f"reward {name!r} returned values that are not numbers") from None
    if arr.shape != (n,):
        raise RewardsError(f"reward {name!r} returned shape {arr.shape}, expected ({n},)")
    if not np.all(np.isfinite(arr)):
        raise RewardsError(f"reward {name!r} returned NaN or infinite values")
    return arr


# ---------------------------------------------------------------------------------------
# Built-in metric rewards
# ---------------------------------------------------------------------------------------
class BleuReward(Reward):
    """Sentence BLEU-n as pycocoevalcap's per-sample ``Bleu_n`` (closest reference length).

    Args:
        n: order 1..4 (the cumulative Bleu_n, as pycocoevalcap reports it).
        clean: text handling applied to both sides (`rrg_rewards.text`).
        cache_size: reference sets whose statistics `prefix_scores` keeps for this reward.
    """

    def __init__(self, n: int = 4, clean: str = "none",
                 cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        super().__init__(clean)
        if n not in (1, 2, 3, 4):
            raise RewardsError(f"BLEU order must be 1..4, got {n!r}")
        self.n = n
        self.name = f"bleu{n}"
        self.prefix_metric = self.name
        self.cache_size = cache_size

    def metric_key(self) -> str:
        return f"Bleu_{self.n}"

    def signature_fields(self) -> dict[str, str]:
        return {"eff": "closest"}

    def _score(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        from ..nlg.bleu import bleu_per_sample
        return bleu_per_sample(candidates, references, self.n)[:, self.n - 1]


class RougeLReward(Reward):
    """ROUGE-L F (beta 1.2) as pycocoevalcap's per-sample ``ROUGE_L``.

    Args:
        clean: text handling applied to both sides.
        cache_size: reference sets whose bit masks `prefix_scores` keeps for this reward.
    """

    name = "rouge_l"
    prefix_metric = "rouge_l"

    def __init__(self, clean: str = "none", cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        super().__init__(clean)
        self.cache_size = cache_size

    def metric_key(self) -> str:
        return "ROUGE_L"

    def signature_fields(self) -> dict[str, str]:
        from ..nlg.rouge import BETA
        return {"beta": str(BETA)}

    def _score(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        from ..nlg.rouge import rouge_l_per_sample
        return rouge_l_per_sample(candidates, references)


class CiderDReward(Reward):
    """CIDEr-D with fixed document frequencies (pycocoevalcap's formula, sigma 6).

    Args:
        df: a `rrg_rewards.nlg.cider.DocumentFrequencies` or the path of a saved one.
        df_source: how the frequencies were obtained, for the signature (``"train"``).
        clean: text handling applied to both sides.
        cache_size: reference sets whose weights `prefix_scores` keeps for this reward.
    """

    name = "cider"
    prefix_metric = "cider"

    def __init__(self, df: Any, df_source: str = "given", clean: str = "none",
                 cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        super().__init__(clean)
        from ..nlg.cider import SIGMA, DocumentFrequencies
        if isinstance(df, (str, os.PathLike)):
            df = DocumentFrequencies.load(df)
        if not isinstance(df, DocumentFrequencies):
            raise RewardsError(
                f"cider needs a DocumentFrequencies or its path, got {type(df).__name__}")
        if df.n != 4:
            raise RewardsError(f"cider reward needs 4-gram document frequencies, got n={df.n}")
        self.df = df
        self.df_source = df_source
        self.sigma = SIGMA
        self.cache_size = cache_size

    def metric_key(self) -> str:
        return "CIDEr-D"

    def signature_fields(self) -> dict[str, str]:
        return {"df": f"{self.df_source}:{self.df.name}", "docs": str(self.df.num_docs),
                "sigma": f"{self.sigma:g}"}

    def _score(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        from ..nlg.cider import cider_per_sample
        return cider_per_sample(candidates, references, sigma=self.sigma, df=self.df)


class MeteorReward(Reward):
    """METEOR 1.5 per sample, through `rrg_rewards.nlg.meteor.Meteor` (needs Java)."""

    name = "meteor"

    def metric_key(self) -> str:
        return "METEOR"

    def _score(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        from ..nlg.meteor import Meteor
        return Meteor()(candidates, references)["METEOR"].per_sample


class ClinicalF1Reward(Reward):
    """Per-report clinical-efficacy F1 (`rrg_rewards.clinical.clinical_scores`).

    With several references per sample the reward is the best F1 over them.
    """

    name = "ce_f1"

    def metric_key(self) -> str:
        return "CE_F1"

    def _score(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        from ..clinical import clinical_scores
        return best_over_references(clinical_scores, candidates, references)


def best_over_references(fn: Callable[[list[str], list[str]], Any],
                         candidates: list[str], references: list[list[str]]) -> np.ndarray:
    """``fn(candidates, one reference each) -> (N,)``, maximized over each sample's references."""
    if all(len(r) == 1 for r in references):
        return np.asarray(fn(candidates, [r[0] for r in references]), dtype=np.float64)
    flat_c = [c for c, refs in zip(candidates, references) for _ in refs]
    flat_r = [r for refs in references for r in refs]
    flat = np.asarray(fn(flat_c, flat_r), dtype=np.float64)
    bounds = np.cumsum([0] + [len(r) for r in references])
    return np.maximum.reduceat(flat, bounds[:-1])


class CallableReward(Reward):
    """Any function ``fn(candidates: list[str], references: list[list[str]]) -> (N,)``."""

    def __init__(self, fn: Callable[[list[str], list[list[str]]], Any],
                 name: str | None = None, clean: str = "none") -> None:
        super().__init__(clean)
        if not callable(fn):
            raise RewardsError(f"a custom reward must be callable, got {type(fn).__name__}")
        self.fn = fn
        self.name = name or getattr(fn, "__name__", None) or "custom"
        if self.name == "<lambda>":
            self.name = "custom"

    def signature_fields(self) -> dict[str, str]:
        mod = getattr(self.fn, "__module__", None) or "?"
        qual = getattr(self.fn, "__qualname__", type(self.fn).__name__)
        return {"fn": f"{mod}.{qual}"}

    def _score(self, candidates: list[str], references: list[list[str]]) -> np.ndarray:
        return self.fn(candidates, references)


class WeightedReward(Reward):
    """``sum_i w_i * reward_i``; each component's unweighted values land in `last_components`.

    Two aggregations, named as TRL's ``multi_objective_aggregation``:

    * ``sum_then_normalize`` (default): the plain weighted sum; any normalization (a GRPO
      group baseline, advantage whitening) happens afterwards, to the sum. A component with a
      wide range (a penalty summing several errors) then outweighs one in [0, 1].
    * ``normalize_then_sum``: each component is first normalized within its group
      (`normalize_within_groups`: z-score over the G samples of one prompt, or the batch when
      no groups are given), then weighted and summed (GDPO; CXRMate-2), so the weights alone
      set each component's share whatever its scale. A sample's reward then depends on the
      other samples of its group (`groupwise` is True): score all candidates that will be
      compared (a prompt's samples and its baseline decode) in one call.

    Args:
        terms: (weight, reward) pairs; component names must be distinct.
        aggregation: one of `AGGREGATIONS`.
    """

    def __init__(self, terms: Sequence[tuple[float, Reward]],
                 aggregation: str = "sum_then_normalize") -> None:
        super().__init__("none")  # each component applies its own text handling
        if aggregation not in AGGREGATIONS:
            raise RewardsError(f"unknown reward aggregation {aggregation!r}; "
                               f"choose from {', '.join(AGGREGATIONS)}")
        self.aggregation = aggregation
        self.groupwise = aggregation == "normalize_then_sum"
        if not terms:
            raise RewardsError("a weighted reward needs at least one term")
        names = [r.name for _, r in terms]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise RewardsError(f"reward components must be distinct, {sorted(dup)} repeats")
        for w, r in terms:
            if not isinstance(r, Reward):
                raise RewardsError(f"term {r!r} is not a Reward")
            if not math.isfinite(w):
                raise RewardsError(f"weight of {r.name!r} is not finite")
        self.terms = [(float(w), r) for w, r in terms]
        self.name = "+".join(f"{_fmt_weight(w)}*{r.name}" for w, r in self.terms)
        if self.groupwise:
            self.name = f"{NORMALIZE_PREFIX}{self.name}"

    @property
    def signature(self) -> str:
        body = "+".join(f"{_fmt_weight(w)}*[{r.signature}]" for w, r in self.terms)
        return f"{NORMALIZE_PREFIX}{body}" if self.groupwise else body

    def __mul__(self, weight: float) -> "WeightedReward":
        return WeightedReward([(float(weight) * w, r) for w, r in self.terms], self.aggregation)

    __rmul__ = __mul__

    def component_names(self) -> list[str]:
        return [r.name for _, r in self.terms]

    def component_weights(self) -> dict[str, float]:
        return {r.name: w for w, r in self.terms}

    def _result(self, candidates: list[str], references: list[list[str]],
                groups: np.ndarray | None = None) -> RewardResult:
        total = np.zeros(len(candidates), dtype=np.float64)
        comps: dict[str, np.ndarray] = {}
        for w, r in self.terms:
            values = r.score(candidates, references, groups).total
            comps[r.name] = values
            total += w * (normalize_within_groups(values, groups) if self.groupwise else values)
        return RewardResult(total, comps, self.component_weights())


def _fmt_weight(w: float) -> str:
    return f"{w:g}"


# ---------------------------------------------------------------------------------------
# make_reward
# ---------------------------------------------------------------------------------------
_ALIASES = {
    "bleu": "bleu4", "bleu_1": "bleu1", "bleu_2": "bleu2", "bleu_3": "bleu3", "bleu_4": "bleu4",
    "rouge": "rouge_l", "rougel": "rouge_l", "cider_d": "cider", "ciderd": "cider",
    "ce": "ce_f1", "cef1": "ce_f1", "ce_weighted": "ce_f1_weighted", "errors": "clinical_errors",
    "repeat": "repetition", "length": "length_ratio",
}
#: names `make_reward` understands
REWARD_NAMES: tuple[str, ...] = (
    "bleu1", "bleu2", "bleu3", "bleu4", "meteor", "rouge_l", "cider", "ce_f1",
    "ce_f1_weighted", "clinical_errors", "repetition", "length_ratio")
#: the clinical rewards (`rrg_rewards.rl.clinical_rewards`)
CLINICAL_NAMES: tuple[str, ...] = ("ce_f1_weighted", "clinical_errors", "repetition", "length_ratio")

#: a spec starting with this composes its terms by normalize-then-sum
NORMALIZE_PREFIX = "normalize:"
#: named composite rewards: a spec name that stands for a whole spec (docs/rewards.md)
COMPOSITES: dict[str, str] = {
    # rarity-weighted label agreement, clinically significant errors, small style penalties;
    # normalized per group so that the weights, not the components' ranges, set the shares
    "clinical": NORMALIZE_PREFIX + "1*ce_f1_weighted+0.5*clinical_errors+0.1*repetition+0.1*length_ratio",
}

_TERM = re.compile(r"^\s*(?:([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*\*\s*)?([A-Za-z_][\w-]*)\s*$")


def canonical_name(name: str) -> str:
    """Lower-case, '-' to '_', aliases resolved; RewardsError for an unknown name."""
    key = name.strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    if key not in REWARD_NAMES:
        raise RewardsError(f"unknown reward {name!r}; choose from {', '.join(REWARD_NAMES)}, "
                           f"{', '.join(COMPOSITES)} or a weighted sum such as '0.5*bleu4+0.5*ce_f1'")
    return key


def make_reward(spec: str | Callable | Reward, *,
                train_references: Sequence[str] | Sequence[Sequence[str]] | None = None,
                cider_df: Any = None, clean: str = "none", aggregation: str | None = None,
                train_labels: np.ndarray | None = None) -> Reward:
    """Build a reward from a name, a weighted sum, a callable, or a `Reward`.

    Args:
        spec: ``"bleu4"``, ``"cider"``, ``"ce_f1"``, ``"ce_f1_weighted"``, ... (see
            `REWARD_NAMES`), a weighted sum ``"0.5*bleu4+0.5*ce_f1"``, the same prefixed
            ``"normalize:"`` for normalize-then-sum, a named composite (`COMPOSITES`:
            ``"clinical"``), a function ``fn(candidates, references) -> (N,)``, or a
            `Reward` (returned as is).
        train_references: the training reports; CIDEr-D's document frequencies and
            ``ce_f1_weighted``'s prevalence weights are computed from them once, fixed for the run.
        cider_df: fixed document frequencies instead (`DocumentFrequencies` or a path).
        clean: text handling of both sides before scoring (`rrg_rewards.text` modes).
        aggregation: ``"sum_then_normalize"`` or ``"normalize_then_sum"`` for a sum of
            several terms, overriding the spec's own (its prefix or the composite's); None
            keeps the spec's (plain sums: sum_then_normalize).
        train_labels: (N, 14) training labels for ``ce_f1_weighted`` instead of labeling
            `train_references`.

    Returns:
        A `Reward`: ``reward(candidates, references) -> float64 (N,)``.

    Raises:
        RewardsError: unknown name or aggregation, malformed sum, or ``cider`` without frequencies.
    """
    if aggregation is not None and aggregation not in AGGREGATIONS:
        raise RewardsError(f"unknown reward aggregation {aggregation!r}; "
                           f"choose from {', '.join(AGGREGATIONS)}")
    if isinstance(spec, Reward):
        return spec
    if callable(spec):
        return CallableReward(spec, clean=clean)
    if not isinstance(spec, str) or not spec.strip():
        raise RewardsError(f"reward spec must be a name, a weighted sum or a callable, got {spec!r}")
    spec = COMPOSITES.get(spec.strip().lower().replace("-", "_"), spec)
    own = "sum_then_normalize"
    if spec.strip().lower().startswith(NORMALIZE_PREFIX):
        spec, own = spec.strip()[len(NORMALIZE_PREFIX):], "normalize_then_sum"
        if not spec.strip():
            raise RewardsError(f"nothing to normalize after {NORMALIZE_PREFIX!r}")
    df_cache: list[Any] = []

    def build(name: str) -> Reward:
        if name.startswith("bleu"):
            return BleuReward(int(name[-1]), clean=clean)
        if name == "rouge_l":
            return RougeLReward(clean=clean)
        if name == "meteor":
            return MeteorReward(clean=clean)
        if name == "ce_f1":
            return ClinicalF1Reward(clean=clean)
        if name in CLINICAL_NAMES:
            from .clinical_rewards import build_clinical
            return build_clinical(name, clean=clean, train_references=train_references,
                                  train_labels=train_labels)
        # cider
        if not df_cache:
            df_cache.append(_resolve_df(cider_df, train_references, clean))
        df, source = df_cache[0]
        return CiderDReward(df, df_source=source, clean=clean)

    parts = spec.split("+")
    terms: list[tuple[float | None, str]] = []
    for part in parts:
        m = _TERM.match(part)
        if not m:
            raise RewardsError(f"cannot read reward term {part.strip()!r} in {spec!r}; "
                               "write terms as 'name' or 'weight*name' joined by '+'")
        terms.append((None if m.group(1) is None else float(m.group(1)), canonical_name(m.group(2))))
    if len(terms) == 1 and terms[0][0] is None and own == "sum_then_normalize":
        return build(terms[0][1])
    return WeightedReward([(1.0 if w is None else w, build(n)) for w, n in terms],
                          aggregation or own)


def _resolve_df(cider_df: Any, train_references: Any, clean: str) -> tuple[Any, str]:
    from ..nlg.cider import DocumentFrequencies
    if cider_df is not None:
        if isinstance(cider_df, (str, os.PathLike)):
            return DocumentFrequencies.load(cider_df), "file"
        return cider_df, "given"
    if train_references is None:
        raise RewardsError(
            "the cider reward needs fixed document frequencies: pass train_references= "
            "(the training reports) or cider_df= (a DocumentFrequencies or its saved path)")
    if isinstance(train_references, str) or len(train_references) == 0:
        raise RewardsError("train_references must be a non-empty list of reports")
    docs = list(train_references)
    if clean != "none":
        from ..text import clean_texts
        docs = [clean_texts([d], clean)[0] if isinstance(d, str) else clean_texts(d, clean)
                for d in docs]
    return DocumentFrequencies.from_corpus(docs), "train"

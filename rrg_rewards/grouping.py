"""Evaluation by group (institution, scanner, patient group, ...): every metric per group and overall.

`evaluate_by_group` runs `rrg_rewards.evaluation.evaluate` on all samples and on each group's
samples, with the same settings (metrics, text handling, bootstrap resamples and seed, paired
test), and names the worst group per metric::

    from rrg_rewards.grouping import evaluate_by_group

    g = evaluate_by_group(preds, refs, institutions, "bleu,cider,ce", bootstrap=1000)
    g.overall["Bleu_4"].value        # == evaluate(preds, refs, ...)["Bleu_4"].value
    g.groups["site-b"]["CIDEr"]      # MetricResult of site-b's samples, with its interval
    g.worst["CE_F1_micro"]           # ("site-b", 0.41): the lowest group
    g.to_frame()                     # pandas, one row per (group, metric), if pandas is installed

CIDEr-D's document frequencies: pycocoevalcap computes them from the references being scored,
so scoring a group alone would weigh its n-grams by that group's own (smaller, different)
corpus, and the group values would not add up to the overall one. Here every group is scored
with the frequencies of the whole input (or the fixed `cider_df`, when given): a group's CIDEr
equals `evaluate` on its samples with ``cider_df`` = the whole input's frequencies, and the
overall CIDEr is the size-weighted mean of the group values (docs/metrics.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Sequence

import numpy as np

from .errors import RewardsError
from .evaluation import Evaluation, require_pandas

__all__ = ["evaluate_by_group", "GroupedEvaluation", "MIN_BOOTSTRAP_GROUP"]

#: fewest samples a group needs for a bootstrap interval: with fewer, the resamples repeat
#: a handful of reports and the interval says nothing
MIN_BOOTSTRAP_GROUP = 10
#: how many group names an error message lists
_SHOW = 5


@dataclass(frozen=True)
class GroupedEvaluation:
    """What `evaluate_by_group` returns.

    Attributes:
        overall: the `Evaluation` of all samples.
        groups: group name -> `Evaluation` of that group's samples, groups in sorted order.
        sizes: group name -> number of samples.
        worst: metric key -> (group, value): the group with the lowest value (every rrg
            metric is higher-is-better); ties go to the first group in sorted order.
    """

    overall: Evaluation
    groups: dict[str, Evaluation]
    sizes: dict[str, int]
    worst: dict[str, tuple[str, float]] = field(default_factory=dict)

    def __getitem__(self, group: str) -> Evaluation:
        return self.groups[group]

    def to_dict(self) -> dict[str, Any]:
        """The overall report of `Evaluation.to_dict`, plus ``groups`` {name: {"samples",
        "scores", "notes"?}} and ``worst`` {key: {"group", "value"}} (``rrg score -f json``)."""
        out = self.overall.to_dict()
        out["groups"] = {}
        for name, ev in self.groups.items():
            d = ev.to_dict()
            entry: dict[str, Any] = {"samples": self.sizes[name], "scores": d["scores"]}
            if "notes" in d:
                entry["notes"] = d["notes"]
            out["groups"][name] = entry
        out["worst"] = {k: {"group": g, "value": v} for k, (g, v) in self.worst.items()}
        return out

    def to_frame(self):
        """pandas DataFrame, one row per (group, metric): ``group`` (``"overall"`` first),
        ``metric``, ``samples``, ``value``, ``ci_low``, ``ci_high``, ``worst``.

        Raises:
            RewardsError: pandas is not installed (rrg_rewards itself needs only numpy).
        """
        pd = require_pandas()
        rows = []
        for name, ev, n in [("overall", self.overall, sum(self.sizes.values())),
                            *((g, e, self.sizes[g]) for g, e in self.groups.items())]:
            for key, m in ev.metrics.items():
                rows.append({"group": name, "metric": key, "samples": n, "value": m.value,
                             "ci_low": m.interval.low if m.interval else np.nan,
                             "ci_high": m.interval.high if m.interval else np.nan,
                             "worst": name != "overall" and self.worst.get(key, ("",))[0] == name})
        return pd.DataFrame(rows)


def _group_names(groups: Sequence[Any], n: int) -> list[str]:
    if isinstance(groups, (str, bytes)):
        raise RewardsError("groups must hold one group per sample, not a single string")
    names = list(groups)
    if len(names) != n:
        raise RewardsError(f"got {len(names)} group labels for {n} samples")
    out = []
    for i, g in enumerate(names):
        if g is None or (isinstance(g, float) and np.isnan(g)):
            raise RewardsError(f"sample {i} has no group")
        s = str(g)
        if not s.strip():
            raise RewardsError(f"sample {i} has a blank group")
        out.append(s)
    return out


def evaluate_by_group(
    predictions: Sequence[str],
    references: Sequence[str] | Sequence[Sequence[str]],
    groups: Sequence[Any],
    metrics: str | Sequence[str] | None = None,
    *,
    clean: str = "none",
    cider_df: object = None,
    bootstrap: int = 0,
    seed: int = 12345,
    compare: Sequence[str] | None = None,
    trials: int = 1000,
    pred_labels: Any = None,
    ref_labels: Any = None,
    ce_uncertain: str = "negative",
    ce_observations: int = 14,
    skip_unavailable: bool = True,
    on_metric: Callable[[str], None] | None = None,
) -> GroupedEvaluation:
    """`evaluate` on all samples and on each group's, with the worst group per metric.

    Args:
        groups: one group label per sample (strings or numbers; compared as strings).
        everything else: as `rrg_rewards.evaluation.evaluate`, applied to every group alike
            (label CSVs are read once and split by group; `compare` is split the same way).

    Returns:
        `GroupedEvaluation`.

    Raises:
        RewardsError: as `evaluate`; a sample without a group; with `bootstrap`, a group of
            fewer than `MIN_BOOTSTRAP_GROUP` samples.
    """
    from .clinical import label_sources
    from .evaluation import evaluate, plan_metrics
    from .scoring import clean_references, normalize_references

    names = _group_names(groups, len(predictions))
    if not names:
        raise RewardsError("no samples to score")
    order = sorted(set(names))
    members = {g: np.flatnonzero(np.asarray(names, dtype=object) == g) for g in order}
    sizes = {g: int(len(ix)) for g, ix in members.items()}
    if bootstrap:
        small = [g for g in order if sizes[g] < MIN_BOOTSTRAP_GROUP]
        if small:
            listed = ", ".join(f"{g!r} ({sizes[g]})" for g in small[:_SHOW])
            raise RewardsError(
                f"bootstrap intervals need at least {MIN_BOOTSTRAP_GROUP} samples per group; "
                f"too small: {listed}{', ...' if len(small) > _SHOW else ''} (merge groups or drop bootstrap)")
    if compare is not None and (isinstance(compare, str) or len(compare) != len(predictions)):
        raise RewardsError(f"compare needs one prediction per sample ({len(predictions)})")

    pred_arr, ref_arr, label_notes = label_sources(pred_labels, ref_labels, list(predictions),
                                                   [r[0] for r in normalize_references(references)])
    common = dict(metrics=metrics, clean=clean, bootstrap=bootstrap, seed=seed, trials=trials,
                  ce_uncertain=ce_uncertain, ce_observations=ce_observations,
                  skip_unavailable=skip_unavailable, on_metric=on_metric)
    overall = evaluate(predictions, references, cider_df=cider_df, compare=compare,
                       pred_labels=pred_arr, ref_labels=ref_arr, **common)
    if label_notes:
        overall = replace(overall, notes=tuple(label_notes) + overall.notes)

    group_df = cider_df
    nlg, _, _ = plan_metrics(metrics, skip_unavailable)
    if group_df is None and "cider" in nlg:
        from .nlg.cider import DocumentFrequencies
        # the whole input's frequencies, computed as CIDEr computes them from the references
        group_df = DocumentFrequencies.from_corpus(
            clean_references(normalize_references(references), clean), name="all-references")
    preds, refs = list(predictions), list(references)
    per_group: dict[str, Evaluation] = {}
    for g in order:
        ix = members[g]
        per_group[g] = evaluate(
            [preds[i] for i in ix], [refs[i] for i in ix], cider_df=group_df,
            compare=None if compare is None else [compare[i] for i in ix],
            pred_labels=None if pred_arr is None else pred_arr[ix],
            ref_labels=None if ref_arr is None else ref_arr[ix], **common)

    worst: dict[str, tuple[str, float]] = {}
    for key in overall.metrics:
        values = [(per_group[g][key].value, i, g) for i, g in enumerate(order) if key in per_group[g].metrics]
        if values:
            v, _, g = min(values)
            worst[key] = (g, float(v))
    return GroupedEvaluation(overall, per_group, sizes, worst)

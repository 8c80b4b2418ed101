"""`evaluate()`: everything `rrg score` reports, as one library call.

`rrg_rewards.score` gives the metric values; `evaluate` adds what a results table needs around
them: clinical efficacy (CE) next to the NLG metrics, seeded bootstrap intervals, a paired
approximate-randomization test against a second system, and a run signature naming every
setting and version. `rrg score` is a thin layer over it (reading files, printing, writing)::

    from rrg_rewards.evaluation import evaluate

    ev = evaluate(preds, refs, "bleu,cider,ce", bootstrap=1000, compare=baseline_preds)
    ev["Bleu_4"].value            # == rrg_rewards.score(preds, refs)["Bleu_4"].value
    ev["Bleu_4"].interval         # significance.Interval (low, high, mean, ...)
    ev["CIDEr"].comparison        # Comparison (other, delta, p_value, ...)
    ev["CE_F1_micro"].per_sample  # float64 (N,)
    ev.to_dict()                  # the JSON report of `rrg score -f json`

Metric names: ``bleu``, ``meteor``, ``rouge_l``, ``cider`` (as `rrg_rewards.score`), ``ce``
(CE precision/recall/F1, micro and macro, as `rrg_rewards.clinical.ce_scores`) and ``all``
(all five; unlike `rrg_rewards.scoring.resolve_metrics`, whose ``all`` is the four NLG metrics:
here it would otherwise equal the default).
"""
from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence, Union

import numpy as np

from .errors import RewardsError
from .nlg.base import Score
from .significance import Interval

__all__ = ["evaluate", "Evaluation", "MetricResult", "Comparison", "parse_metrics",
           "available_metrics", "DEFAULT_METRICS", "CONFIDENCE", "COMPARE_TEST"]

#: what `evaluate` scores when no metrics are named (CE is asked for explicitly, or with ``all``)
DEFAULT_METRICS: tuple[str, ...] = ("bleu", "meteor", "rouge_l", "cider")
#: confidence of the bootstrap intervals
CONFIDENCE = 0.95
#: the paired test's name, as sacrebleu calls it
COMPARE_TEST = "paired-ar"

#: a label CSV (`rrg_rewards.clinical.read_label_csv`) or an (N, 14) label array
LabelSource = Union[str, "os.PathLike[str]", np.ndarray]


@dataclass(frozen=True)
class Comparison:
    """A paired approximate-randomization test of the evaluated system against another one.

    Attributes:
        other: the other system's corpus value.
        delta: evaluated value minus `other`.
        p_value: two-sided p-value, (1 + hits) / (1 + n_trials).
    """

    other: float
    delta: float
    p_value: float
    n_trials: int
    seed: int
    test: str = COMPARE_TEST


@dataclass(frozen=True)
class MetricResult:
    """One reported number with everything `evaluate` computed around it.

    Attributes:
        name: the key: ``Bleu_1`` .. ``Bleu_4``, ``METEOR``, ``ROUGE_L``, ``CIDEr``,
            ``CE_P_micro`` .. ``CE_F1_macro``.
        value: the corpus value (equal to `rrg_rewards.score`'s, or `clinical_efficacy`'s).
        per_sample: float64 (N,) per-sample values (CE: per-report example-based F1).
        signature: the number's reproducibility signature.
        interval: the bootstrap interval, when `bootstrap` was asked for.
        comparison: the paired test, when another system was given.
        exact: False when intervals and tests resample an approximation of the corpus value
            (METEOR: the mean of per-sample values stands in for the jar's aggregate).
    """

    name: str
    value: float
    per_sample: np.ndarray = field(repr=False)
    signature: str
    interval: Interval | None = None
    comparison: Comparison | None = None
    exact: bool = True


@dataclass(frozen=True)
class Evaluation:
    """What `evaluate` returns: per-metric results, the run's signature and notes.

    Attributes:
        metrics: key -> `MetricResult`, in report order (NLG metrics, then CE).
        signature: every setting and version that changes a number (``rrg``, ``reference``,
            ``python``, ``numpy``, ``samples``, ``nrefs``, ``metrics``, ``clean``, and
            ``ce``, ``bootstrap``, ``compare`` when used).
        notes: one-line caveats (a metric left out, approximate intervals).
        other: the compared system's scores (key -> `Score`), or None.
    """

    metrics: dict[str, MetricResult]
    signature: dict[str, Any]
    notes: tuple[str, ...] = ()
    other: dict[str, Score] | None = field(default=None, repr=False)

    def __getitem__(self, key: str) -> MetricResult:
        return self.metrics[key]

    def __iter__(self):
        return iter(self.metrics)

    def __len__(self) -> int:
        return len(self.metrics)

    @property
    def values(self) -> dict[str, float]:
        """key -> corpus value."""
        return {k: m.value for k, m in self.metrics.items()}

    @property
    def per_sample(self) -> dict[str, np.ndarray]:
        """key -> float64 (N,) per-sample values."""
        return {k: m.per_sample for k, m in self.metrics.items()}

    @property
    def signatures(self) -> dict[str, str]:
        """key -> the number's signature."""
        return {k: m.signature for k, m in self.metrics.items()}

    def to_frame(self):
        """pandas DataFrame of the per-sample values: one row per sample, one column per
        metric key (pandas is imported here only: `import rrg_rewards` needs numpy alone)."""
        return require_pandas().DataFrame(self.per_sample)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report: ``{"signature", "scores": {key: {"value", "signature", "ci"?,
        "compare"?}}, "notes"?}`` (the format of ``rrg score -f json``); a fresh copy each call."""
        import copy

        scores: dict[str, Any] = {}
        for key, m in self.metrics.items():
            entry: dict[str, Any] = {"value": m.value, "signature": m.signature}
            if m.interval is not None:
                entry["ci"] = {"low": m.interval.low, "high": m.interval.high, "mean": m.interval.mean}
            if m.comparison is not None:
                c = m.comparison
                entry["compare"] = {"other": c.other, "delta": c.delta, "p_value": c.p_value}
            scores[key] = entry
        out: dict[str, Any] = {"signature": copy.deepcopy(self.signature), "scores": scores}
        if self.notes:
            out["notes"] = list(self.notes)
        return out


def require_pandas():
    """The pandas module, or one clear error (a runtime dependency, imported lazily)."""
    try:
        import pandas
    except ImportError:
        raise RewardsError("to_frame needs pandas (pip install pandas)") from None
    return pandas


def parse_metrics(metrics: str | Sequence[str] | None) -> tuple[list[str], bool]:
    """Metric names -> (`rrg_rewards.score` metric names, whether CE was asked for).

    Accepts a comma list or a sequence; ``ce`` and ``all`` (the four NLG metrics and CE) besides
    `rrg_rewards.scoring.resolve_metrics`' names and aliases; None means `DEFAULT_METRICS`.

    Raises:
        RewardsError: an unknown name (the message lists every choice), or none at all.
    """
    from .scoring import METRIC_FACTORIES, resolve_metrics

    if metrics is None:
        return list(DEFAULT_METRICS), False
    if isinstance(metrics, str):
        metrics = metrics.split(",")
    want_ce = False
    names: list[str] = []
    for m in (x.strip() for x in metrics):
        if not m:
            continue
        key = m.lower()
        if key in ("ce", "all"):
            want_ce = True
            if key == "ce":
                continue
        try:
            names.extend(resolve_metrics([m]))
        except RewardsError:
            # resolve_metrics knows only the NLG metrics: name ours too
            choices = ", ".join([*METRIC_FACTORIES, "ce", "all"])
            raise RewardsError(f"unknown metric {m!r}; choose from {choices}") from None
    if not names and not want_ce:
        raise RewardsError("no metrics requested")
    return list(dict.fromkeys(names)), want_ce


def available_metrics(names: Sequence[str]) -> tuple[list[str], str | None]:
    """`names` without METEOR when Java or its jar is missing, and the one-line reason (else None).

    Starts nothing (no JVM).
    """
    names = list(names)
    if "meteor" not in names:
        return names, None
    try:
        from .nlg.meteor import meteor_unavailable_reason
    except ImportError:
        reason: str | None = "METEOR unavailable: not built in this version"
    else:
        reason = meteor_unavailable_reason()
    if reason is None:
        return names, None
    return [n for n in names if n != "meteor"], reason


def plan_metrics(metrics: str | Sequence[str] | None,
                 skip_unavailable: bool = True) -> tuple[list[str], bool, str | None]:
    """`parse_metrics`, then (with `skip_unavailable`) `available_metrics`.

    Returns:
        (NLG metric names to score, whether CE is scored, why METEOR was left out or None).

    Raises:
        RewardsError: as `parse_metrics`; or nothing is left once METEOR is left out.
    """
    names, want_ce = parse_metrics(metrics)
    note = None
    if skip_unavailable:
        names, note = available_metrics(names)
        if note is not None and not names and not want_ce:
            raise RewardsError(f"{note}; no other metric requested")
    return names, want_ce, note


def _run_signature(settings: dict[str, Any], n: int, nrefs: str) -> dict[str, Any]:
    from .signature import package_version, reference_field

    return {
        "rrg": package_version(),
        "reference": reference_field(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "samples": n,
        "nrefs": nrefs,
        **settings,
    }


def evaluate(
    predictions: Sequence[str],
    references: Sequence[str] | Sequence[Sequence[str]],
    metrics: str | Sequence[str] | None = None,
    *,
    clean: str = "none",
    cider_df: object = None,
    bootstrap: int = 0,
    seed: int = 12345,
    compare: Sequence[str] | None = None,
    trials: int = 1000,
    pred_labels: LabelSource | None = None,
    ref_labels: LabelSource | None = None,
    ce_uncertain: str = "negative",
    ce_observations: int = 14,
    skip_unavailable: bool = True,
    on_metric: Callable[[str], None] | None = None,
) -> Evaluation:
    """Score predictions against references, with CE, bootstrap intervals and a paired test.

    Args:
        predictions: one generated report per sample.
        references: per sample, one reference string or a list of them (CE uses the first).
        metrics: comma list or sequence of ``bleu``, ``meteor``, ``rouge_l``, ``cider``, ``ce``,
            ``all`` (see `parse_metrics`); default: the four NLG metrics.
        clean: text handling for the NLG metrics (``none``, ``iu_xray``, ``mimic_cxr``, ``ptb``);
            CE labels the raw text.
        cider_df: fixed CIDEr document frequencies (a `DocumentFrequencies` or a path);
            default: from the references, as pycocoevalcap.
        bootstrap: resamples of the seeded 95% percentile bootstrap (0: no intervals).
        seed: seed of the bootstrap and of the paired test.
        compare: another system's predictions, aligned with `predictions`: each metric gets a
            paired approximate-randomization test (`significance.paired_randomization`).
        trials: trials of that test.
        pred_labels, ref_labels: precomputed CheXpert labels for CE (a label CSV path or an
            (N, 14) array) instead of labeling the text; `compare` is always labeled here.
        ce_uncertain: CE: count uncertain labels as ``negative`` or ``positive``.
        ce_observations: CE: 14 or 5 observations.
        skip_unavailable: leave METEOR out, with a note, when Java or its jar is missing
            (False: METEOR's own error is raised).
        on_metric: called with a metric's name each time one finishes (for progress bars; with
            `compare`, twice per NLG metric).

    Returns:
        `Evaluation`: values equal to `rrg_rewards.score(predictions, references, ...)` and to
        `rrg_rewards.clinical.ce_scores`, plus intervals, comparisons and signatures.

    Raises:
        RewardsError: malformed or misaligned input, unknown metric or option, nothing to score.
    """
    from .nlg.base import check_pairs
    from .scoring import clean_references, decompose, normalize_references, score_cleaned
    from .signature import nrefs_field
    from .significance import bootstrap_interval, paired_randomization
    from .text import clean_texts

    names, want_ce, meteor_note = plan_metrics(metrics, skip_unavailable)
    refs = normalize_references(references)
    check_pairs(predictions, refs)
    if not predictions:
        raise RewardsError("no samples to score")
    if compare is not None:
        if isinstance(compare, str) or len(compare) != len(predictions):
            raise RewardsError(f"compare needs one prediction per sample ({len(predictions)}), "
                               f"got {'a single string' if isinstance(compare, str) else len(compare)}")
        check_pairs(compare, refs)
    if isinstance(bootstrap, bool) or not isinstance(bootstrap, (int, np.integer)) or bootstrap < 0:
        raise RewardsError(f"bootstrap must be a whole number >= 0, got {bootstrap!r}")

    pred_raw = list(predictions)
    pred_c = clean_texts(pred_raw, clean)
    ref_c = clean_references(refs, clean)
    other_c = clean_texts(list(compare), clean) if compare is not None else None

    results = score_cleaned(pred_c, ref_c, names, clean=clean, cider_df=cider_df, on_metric=on_metric)
    other = (score_cleaned(other_c, ref_c, names, clean=clean, cider_df=cider_df, on_metric=on_metric)
             if other_c is not None else None)

    settings: dict[str, Any] = {"metrics": names + (["ce"] if want_ce else []), "clean": clean}
    label_notes: list[str] = []
    if want_ce:
        from .clinical import ce_scores, label_sources

        # label CSVs are matched by row position: one whose reports are not these texts gets a note
        ref_texts = [r[0] for r in refs]
        pred_labels, ref_labels, label_notes = label_sources(pred_labels, ref_labels, pred_raw, ref_texts)
        ce, other_ce, settings["ce"] = ce_scores(
            pred_raw, ref_texts, list(compare) if compare is not None else None,
            pred_labels=pred_labels, ref_labels=ref_labels, uncertain=ce_uncertain,
            observations=int(ce_observations))
        results.update(ce)
        if other is not None and other_ce is not None:
            other.update(other_ce)
    if bootstrap:
        settings["bootstrap"] = {"resamples": int(bootstrap), "seed": seed, "confidence": CONFIDENCE}
    if other is not None:
        settings["compare"] = {"test": COMPARE_TEST, "trials": trials, "seed": seed}

    notes: list[str] = label_notes
    out: dict[str, MetricResult] = {}
    for key, s in results.items():
        interval = comparison = None
        exact = True
        if bootstrap or other is not None:
            dec = decompose(key, s, pred_c, ref_c)
            exact = dec.exact
            if not exact:
                notes.append(f"{key}: intervals and tests use the mean of per-sample values")
            if bootstrap:
                interval = bootstrap_interval(dec, int(bootstrap), seed, CONFIDENCE)
            if other is not None and key in other:
                t = paired_randomization(dec, decompose(key, other[key], other_c, ref_c), trials, seed)
                comparison = Comparison(float(other[key].value), t.delta, t.p_value, t.n_trials, t.seed)
        out[key] = MetricResult(key, float(s.value), s.per_sample, s.signature, interval, comparison,
                                exact)
    if meteor_note:
        notes.append(meteor_note)
    return Evaluation(out, _run_signature(settings, len(pred_raw), nrefs_field([len(r) for r in ref_c])),
                      tuple(dict.fromkeys(notes)), other)

"""`score()`: one call from raw strings to every metric, corpus and per-sample, with signatures."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from .errors import RewardsError
from .nlg.base import Metric, Score, check_pairs
from .signature import format_signature, nrefs_field, package_version

#: metric names accepted by `score`, in the order results are reported
DEFAULT_METRICS: tuple[str, ...] = ("bleu", "meteor", "rouge_l", "cider")


def _bleu(**_: object) -> Metric:
    from .nlg.bleu import BLEU
    return BLEU()


def _meteor(**kw: object) -> Metric:
    from .nlg.meteor import Meteor
    return Meteor()


def _rouge(**_: object) -> Metric:
    from .nlg.rouge import RougeL
    return RougeL()


def _cider(cider_df: object = None, **_: object) -> Metric:
    from .nlg.cider import CIDErD
    return CIDErD(df=cider_df)


METRIC_FACTORIES: dict[str, Callable[..., Metric]] = {
    "bleu": _bleu,
    "meteor": _meteor,
    "rouge_l": _rouge,
    "cider": _cider,
}


def normalize_references(references: Sequence[str] | Sequence[Sequence[str]]) -> list[list[str]]:
    """Accept one reference string per sample or a list of them; return lists."""
    out: list[list[str]] = []
    for i, r in enumerate(references):
        if isinstance(r, str):
            out.append([r])
        elif isinstance(r, (list, tuple)):
            out.append(list(r))
        else:
            raise RewardsError(f"reference {i} is {type(r).__name__}, expected str or list of str")
    return out


def clean_references(references: Sequence[Sequence[str]], mode: str) -> list[list[str]]:
    """Clean every sample's references in one stream, as pycocoevalcap tokenizes its ``gts``.

    The PTB lexer can look across text boundaries, so cleaning all references in one call
    (rather than per sample) is what keeps ``ptb`` identical to pycocoevalcap's tokenizer.
    """
    from .text import clean_texts

    if mode == "none":
        return [list(r) for r in references]
    flat = clean_texts([t for r in references for t in r], mode)
    out, pos = [], 0
    for r in references:
        out.append(flat[pos:pos + len(r)])
        pos += len(r)
    return out


def resolve_metrics(metrics: Sequence[str] | str | None) -> list[str]:
    """Validate metric names (``"all"`` or a comma list also accepted)."""
    if metrics is None:
        return list(DEFAULT_METRICS)
    if isinstance(metrics, str):
        metrics = [m.strip() for m in metrics.split(",") if m.strip()]
    names = []
    for m in metrics:
        key = m.lower().replace("-", "_")
        key = {"rouge": "rouge_l", "ciderd": "cider", "cider_d": "cider"}.get(key, key)
        if key == "all":
            names.extend(DEFAULT_METRICS)
        elif key in METRIC_FACTORIES:
            names.append(key)
        else:
            raise RewardsError(
                f"unknown metric {m!r}; choose from {', '.join(METRIC_FACTORIES)}")
    if not names:
        raise RewardsError("no metrics requested")
    return list(dict.fromkeys(names))


def score(
    predictions: Sequence[str],
    references: Sequence[str] | Sequence[Sequence[str]],
    metrics: Sequence[str] | str | None = None,
    clean: str = "none",
    cider_df: object = None,
    group_by: Sequence[Any] | None = None,
    **group_options: Any,
) -> dict[str, Score] | Any:
    """Score predictions against references with pycocoevalcap-identical metrics.

    Args:
        predictions: one generated report per sample.
        references: per sample, one reference string or a list of them.
        metrics: any of ``bleu``, ``meteor``, ``rouge_l``, ``cider`` (default all four).
        clean: text handling applied to both sides first: ``none`` (whitespace split,
            as pycocoevalcap on pre-tokenized text), ``iu_xray``, ``mimic_cxr``, ``ptb``.
        cider_df: fixed CIDEr document frequencies (a `DocumentFrequencies` or a path);
            default: computed from the references being scored, as pycocoevalcap does.
        group_by: one group label per sample (institution, scanner, ...): then the result is
            `rrg_rewards.grouping.evaluate_by_group`'s `GroupedEvaluation` (every metric per
            group and overall, the worst group), `metrics` takes `evaluate`'s names (``ce``
            too) and `group_options` its keywords (``bootstrap=1000``, ``seed``, ``compare``...).

    Returns:
        ``{"Bleu_1": Score, ..., "METEOR": Score, "ROUGE_L": Score, "CIDEr": Score}``
        with corpus value, float64 per-sample values of shape (N,), and a signature;
        with `group_by`, a `GroupedEvaluation`.

    Raises:
        RewardsError: misaligned or malformed input, unknown metric or text mode.
    """
    from .text import clean_texts

    if group_by is not None:
        from .grouping import evaluate_by_group
        group_options.setdefault("skip_unavailable", False)  # as without groups: METEOR's error
        return evaluate_by_group(predictions, references, group_by, metrics, clean=clean,
                                 cider_df=cider_df, **group_options)
    if group_options:
        raise RewardsError(f"{', '.join(sorted(group_options))}: only with group_by= "
                           "(else see rrg_rewards.evaluate)")

    refs = normalize_references(references)
    check_pairs(predictions, refs)
    if not predictions:
        raise RewardsError("no samples to score")
    names = resolve_metrics(metrics)
    if "meteor" in names:  # the JVM loads while the text is cleaned and the rest is scored
        _start_meteor()
    preds = clean_texts(list(predictions), clean)
    refs = clean_references(refs, clean)
    return score_cleaned(preds, refs, names, clean=clean, cider_df=cider_df)


def score_cleaned(
    predictions: list[str],
    references: list[list[str]],
    names: Sequence[str],
    clean: str = "none",
    cider_df: object = None,
    on_metric: Callable[[str], None] | None = None,
) -> dict[str, Score]:
    """`score` on text that is already cleaned; `clean` only names the mode in signatures.

    With METEOR requested, its JVM starts loading in a background thread first and METEOR
    is scored last, after the other metrics (results keep the order of `names`).
    `on_metric(name)` is called after each metric finishes (the CLI's progress bar).
    """
    from .nlg._ngrams import shared_ngram_tables

    if "meteor" in names:
        _start_meteor()
    # Build every metric first (a missing java fails here, before any work); run METEOR
    # last, so that its JVM loads in the background while the others compute.
    metrics = {name: METRIC_FACTORIES[name](cider_df=cider_df) for name in names}
    common = {"nrefs": nrefs_field([len(r) for r in references]), "tok": clean}
    done: dict[str, dict[str, Score]] = {}
    with shared_ngram_tables():  # BLEU and CIDEr build one n-gram table of these pairs
        for name in sorted(names, key=lambda m: m == "meteor"):
            metric = metrics[name]
            fields = {**common, **metric.signature_fields(), "version": package_version()}
            done[name] = {key: Score(key, s.value, s.per_sample, format_signature(key, fields))
                          for key, s in metric(predictions, references).items()}
            if on_metric is not None:
                on_metric(name)
    return {key: s for name in names for key, s in done[name].items()}


def _start_meteor() -> None:
    """Start the METEOR JVM in the background now (see `meteor.start_in_background`)."""
    from .nlg import meteor

    meteor.start_in_background()


def decompose(key: str, result: Score, predictions: list[str], references: list[list[str]]):
    """Per-sample statistics of one score for bootstrap intervals and paired tests.

    BLEU's corpus value is a function of summed lengths and n-gram counts, so it is
    resampled through those (exact); ROUGE-L and CIDEr are means of per-sample values
    (exact); METEOR's corpus value is the jar's aggregate, approximated by the mean
    of per-sample values (flagged ``exact=False``). CIDEr's document frequencies stay
    those of the full set, as sacrebleu keeps its tokenization fixed.

    Args:
        key: the score's name (``Bleu_4``, ``ROUGE_L``, ...).
        result: the `Score` computed on these samples.
        predictions, references: the cleaned text the score was computed on.
    """
    from .significance import Decomposed

    own = getattr(result, "decomposed", None)
    if callable(own):  # scores that know their own statistics (CE's label counts)
        return own()
    if key.startswith("Bleu_"):
        order = int(key.split("_")[1])
        return Decomposed(bleu_sample_stats(predictions, references), BleuAggregate(order))
    return Decomposed.from_mean(result.per_sample, exact=key != "METEOR")


def bleu_sample_stats(predictions: list[str], references: list[list[str]], n: int = 4,
                      chunk: int = 5000) -> np.ndarray:
    """float64 (N, 2 + 2n): candidate length, closest reference length, guesses, clipped matches."""
    from .nlg.bleu import batch_bleu_stats

    parts = []
    for lo in range(0, len(predictions), chunk):
        testlen, reflen, guess, correct = batch_bleu_stats(
            predictions[lo:lo + chunk], references[lo:lo + chunk], n)
        parts.append(np.column_stack([testlen, reflen, guess, correct]).astype(np.float64))
    return np.concatenate(parts)


class BleuAggregate:
    """Corpus Bleu_order from summed sample statistics (pycocoevalcap's corpus formula)."""

    def __init__(self, order: int, n: int = 4) -> None:
        self.order, self.n = order, n

    def __call__(self, sums: np.ndarray, _n_samples: int) -> np.ndarray:
        from .nlg.bleu import _bleu_from_counts

        n = self.n
        return np.array([_bleu_from_counts(row[0], row[1], row[2:2 + n], row[2 + n:2 + 2 * n], n)
                         [self.order - 1] for row in sums.tolist()])

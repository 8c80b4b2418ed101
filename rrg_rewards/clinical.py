"""Clinical efficacy (CE): precision/recall/F1 of CheXpert labels of predictions vs references.

The default reproduces the convention behind R2Gen/R2GenCMN's published CE numbers: labels from
the report labeler, *not mentioned* and *uncertain* both count as negative, all 14 columns
(No Finding included), micro and macro averages, zero_division=0 — the values equal
scikit-learn's ``precision_recall_fscore_support`` on the binarised labels. Options make the
other conventions in the literature explicit: uncertain as positive, the 5-observation subset
(Atelectasis, Cardiomegaly, Consolidation, Edema, Pleural Effusion), example-based averaging,
and a per-label table. The convention is in every score's signature, e.g.
``CE|labeler:rrg-v8|unc:neg|obs:14|avg:micro``.

`clinical_scores` is the per-report score used as a reward: the F1 between one prediction's
and its reference's positive labels.
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass, field
from typing import Sequence, Union

import numpy as np

from .errors import RewardsError
from .inputs import read_text
from .nlg.base import Score

__all__ = ["CEScore", "PRF", "CEEntry", "OBSERVATIONS_5", "clinical_efficacy", "clinical_scores",
           "binarize", "read_label_csv", "read_label_table", "label_source", "label_sources", "ce_scores"]

#: The 5-observation subset of several papers (CheXpert competition tasks), in column order.
OBSERVATIONS_5: tuple[str, ...] = ("Cardiomegaly", "Edema", "Consolidation", "Atelectasis",
                                   "Pleural Effusion")
AVERAGES: tuple[str, ...] = ("micro", "macro", "example")
UNCERTAIN_AS: tuple[str, ...] = ("negative", "positive")

Labels = Union[Sequence[str], np.ndarray]


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 under one averaging."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class CEScore:
    """CE scores of one prediction set against its references.

    Attributes:
        precision, recall, f1: the headline values, under `average`.
        average: ``micro``, ``macro`` or ``example``: which of the three the headline uses.
        micro, macro, example: all three averagings.
        per_label: {observation: {"precision", "recall", "f1", "support"}} (support = reference
            positives), for the observations scored.
        per_sample: float64 (N,) per-report F1 (example-based, zero_division=0).
        signature: ``CE|labeler:rrg-v8|unc:neg|obs:14|avg:micro``.
        counts: int64 (N, K, 3) per report and observation: TP, FP, FN (for resampling).
    """

    precision: float
    recall: float
    f1: float
    average: str
    micro: PRF
    macro: PRF
    example: PRF
    per_label: dict[str, dict[str, float]]
    per_sample: np.ndarray = field(repr=False)
    signature: str = ""
    counts: np.ndarray = field(default=None, repr=False)  # type: ignore[assignment]

    def __float__(self) -> float:
        return float(self.f1)


def _columns(observations: int | Sequence[str]) -> list[int]:
    from .labeler import OBSERVATIONS

    if isinstance(observations, (int, np.integer)) or (isinstance(observations, str) and observations.isdigit()):
        n = int(observations)
        if n == 14:
            return list(range(len(OBSERVATIONS)))
        if n == 5:
            return [OBSERVATIONS.index(o) for o in OBSERVATIONS_5]
        raise RewardsError(f"observations must be 14, 5 or a list of names, got {n}")
    if isinstance(observations, str):
        raise RewardsError("observations must be 14, 5 or a list of observation names")
    unknown = [o for o in observations if o not in OBSERVATIONS]
    if unknown or not observations:
        raise RewardsError(f"unknown observations: {', '.join(map(repr, unknown)) or 'none given'}")
    return [OBSERVATIONS.index(o) for o in observations]


def _obs_field(cols: list[int]) -> str:
    if len(cols) == 14:
        return "14"
    from .labeler import OBSERVATIONS
    if sorted(cols) == sorted(OBSERVATIONS.index(o) for o in OBSERVATIONS_5):
        return "5"
    return ",".join(OBSERVATIONS[c] for c in cols)


def _as_labels(x: Labels, what: str) -> tuple[np.ndarray, bool]:
    """Label array (N, 14) from report strings (labeled here) or a given label array."""
    if isinstance(x, str):
        raise RewardsError(f"{what} must be a list of reports or a label array, not a single string")
    if isinstance(x, np.ndarray) and x.dtype.kind in "iuf":
        if x.ndim != 2 or x.shape[1] != 14:
            raise RewardsError(f"{what} label array must have shape (N, 14), got {x.shape}")
        if x.dtype.kind == "f":
            x = np.where(np.isnan(x), -2, x)
        bad = ~np.isin(x, (1, 0, -1, -2))
        if bad.any():
            i, j = map(int, np.argwhere(bad)[0])
            raise RewardsError(f"{what} label [{i}, {j}] is {x[i, j].item()!r}; labels are 1, 0, -1 or -2 (NaN)")
        return x.astype(np.int8), False
    from .labeler import label
    items = list(x)
    for i, item in enumerate(items):
        if isinstance(item, (list, tuple)):  # several references per sample (as `score` takes)
            raise RewardsError(f"{what}: sample {i} is a list; CE labels one report per sample "
                               "(pass the first reference of each, as `evaluate` does)")
    return label(items), True


def binarize(labels: np.ndarray, uncertain: str = "negative") -> np.ndarray:
    """bool array: POSITIVE -> True; UNCERTAIN -> `uncertain`; NEGATIVE / NOT_MENTIONED -> False."""
    if uncertain not in UNCERTAIN_AS:
        raise RewardsError(f"uncertain must be 'negative' or 'positive', got {uncertain!r}")
    pos = labels == 1
    if uncertain == "positive":
        pos = pos | (labels == -1)
    return pos


def _prf(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Elementwise P/R/F1 with zero_division=0 (scikit-learn's convention)."""
    tp, fp, fn = (np.asarray(a, dtype=np.float64) for a in (tp, fp, fn))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
        r = np.where(tp + fn > 0, tp / (tp + fn), 0.0)
        f = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
    return p, r, f


def aggregate_counts(sums: np.ndarray, average: str, metric: str) -> np.ndarray:
    """Corpus P, R or F1 from summed counts: (B, K*3) sums of (TP, FP, FN) per label -> (B,).

    For bootstrap resampling (micro and macro are functions of summed counts).
    """
    s = np.asarray(sums, dtype=np.float64).reshape(len(sums), -1, 3)
    tp, fp, fn = s[..., 0], s[..., 1], s[..., 2]
    if average == "micro":
        p, r, f = _prf(tp.sum(1), fp.sum(1), fn.sum(1))
    elif average == "macro":
        p, r, f = (v.mean(1) for v in _prf(tp, fp, fn))
    else:
        raise RewardsError(f"average {average!r} is not a function of summed counts")
    return {"precision": p, "recall": r, "f1": f}[metric]


def clinical_efficacy(predictions: Labels, references: Labels, *, uncertain: str = "negative",
                      observations: int | Sequence[str] = 14, average: str = "micro",
                      labeler_name: str | None = None) -> CEScore:
    """CE precision/recall/F1 between predictions' and references' CheXpert labels.

    Args:
        predictions: report strings (labeled with `rrg_rewards.labeler.label`) or an int8/float
            label array (N, 14) in `OBSERVATIONS` order (e.g. from `read_label_csv`; NaN = blank).
        references: the same for the references, aligned with predictions.
        uncertain: ``"negative"`` (default, R2Gen) or ``"positive"``: how -1 counts.
        observations: 14 (default), 5 (`OBSERVATIONS_5`) or a list of observation names.
        average: headline averaging: ``micro`` (default), ``macro`` or ``example``.
        labeler_name: name for the signature when labels were given (default ``given``).

    Returns:
        CEScore with all three averagings, the per-label table and the signature.

    Raises:
        RewardsError: mismatched lengths, bad shapes or unknown options.
    """
    if average not in AVERAGES:
        raise RewardsError(f"average must be one of {', '.join(AVERAGES)}, got {average!r}")
    cols = _columns(observations)
    pred, pred_labeled = _as_labels(predictions, "predictions")
    ref, ref_labeled = _as_labels(references, "references")
    if len(pred) != len(ref):
        raise RewardsError(f"got {len(pred)} predictions but {len(ref)} references")
    if len(pred) == 0:
        raise RewardsError("no samples to score")
    p = binarize(pred, uncertain)[:, cols]
    r = binarize(ref, uncertain)[:, cols]
    counts = np.stack([p & r, p & ~r, ~p & r], axis=-1).astype(np.int64)  # (N, K, 3)
    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]

    micro = PRF(*(float(v) for v in _prf(tp.sum(), fp.sum(), fn.sum())))
    lp, lr, lf = _prf(tp.sum(0), fp.sum(0), fn.sum(0))
    macro = PRF(float(lp.mean()), float(lr.mean()), float(lf.mean()))
    sp, sr, sf = _prf(tp.sum(1), fp.sum(1), fn.sum(1))
    example = PRF(float(sp.mean()), float(sr.mean()), float(sf.mean()))

    from .labeler import LABELER_VERSION, OBSERVATIONS
    per_label = {OBSERVATIONS[c]: {"precision": float(lp[k]), "recall": float(lr[k]),
                                   "f1": float(lf[k]), "support": int(r[:, k].sum())}
                 for k, c in enumerate(cols)}
    if pred_labeled and ref_labeled:
        name = LABELER_VERSION
    elif not pred_labeled and not ref_labeled:
        name = labeler_name or "given"
    else:
        name = f"{labeler_name or 'given'}+{LABELER_VERSION}"
    head = {"micro": micro, "macro": macro, "example": example}[average]
    from .signature import format_signature
    sig = format_signature("CE", {"labeler": name, "unc": "pos" if uncertain == "positive" else "neg",
                                  "obs": _obs_field(cols), "avg": average})
    return CEScore(head.precision, head.recall, head.f1, average, micro, macro, example, per_label,
                   sf.astype(np.float64), sig, counts)


def clinical_scores(predictions: Sequence[str], references: Sequence[str],
                    weights: np.ndarray | None = None) -> np.ndarray:
    """Per-report clinical score for rewards: F1 of the prediction's positive labels vs its reference's.

    Over all 14 columns (No Finding included), uncertain and not mentioned count as negative
    (the CE default). When neither report has a positive label the score is 1.0 (they agree);
    since No Finding is one of the columns this only happens when both describe some other
    abnormality and none of the 13 findings.

    Args:
        predictions: generated reports.
        references: one reference report per prediction.
        weights: float (14,) per-observation weights for true/false positives and negatives
            (``ce_f1_weighted``); None counts every column once.

    Returns:
        float64 array (N,) in [0, 1].

    Raises:
        RewardsError: mismatched lengths or non-string items.
    """
    if isinstance(predictions, str) or isinstance(references, str):
        raise RewardsError("predictions and references must be lists of strings")
    if len(predictions) != len(references):
        raise RewardsError(f"got {len(predictions)} predictions but {len(references)} references")
    from .labeler import label
    p = label(list(predictions)) == 1
    r = label(list(references)) == 1
    if weights is None:
        tp = (p & r).sum(1).astype(np.float64)
        wrong = (p ^ r).sum(1).astype(np.float64)
    else:
        tp = (p & r) @ weights
        wrong = (p ^ r) @ weights
    denom = 2 * tp + wrong
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denom > 0, 2 * tp / denom, 1.0)


# ---- precomputed label files -------------------------------------------------------------

#: alternative column names in label CSVs of other labeler versions
_ALIASES = {"Airspace Opacity": "Lung Opacity"}
_TEXT_COLUMNS = ("Reports", "Report Impression")  # the labeled text, as the labelers copy it
_WORD = re.compile(r"[a-z0-9]+")


def _cell(value: str, path: str, line: int, column: str) -> int:
    v = value.strip()
    if v == "" or v.lower() == "nan":
        return -2
    try:
        x = float(v)
    except ValueError:
        raise RewardsError(f"{path}: line {line} column {column!r}: {value!r} is not a label") from None
    if math.isnan(x):
        return -2
    if x not in (1.0, 0.0, -1.0):
        raise RewardsError(f"{path}: line {line} column {column!r}: {value!r} is not 1, 0, -1 or blank")
    return int(x)


def read_label_csv(path: str | os.PathLike[str]) -> np.ndarray:
    """Labels from a CSV written by the Stanford CheXpert labeler, CheXbert or `rrg label`.

    Columns are found by name (CheXbert orders them differently; ``Airspace Opacity`` is
    accepted for Lung Opacity); other columns (``Reports``, ``Report Impression``, ids) are
    ignored. Cells: 1 / 0 / -1 (as ints or floats) or blank / NaN for not mentioned.

    Returns:
        int8 array (N, 14) in `OBSERVATIONS` order, NOT_MENTIONED (-2) for blanks.

    Raises:
        RewardsError: missing file or columns, or a cell that is not a label.
    """
    return read_label_table(path)[0]


def read_label_table(path: str | os.PathLike[str]) -> tuple[np.ndarray, list[str] | None]:
    """`read_label_csv`'s labels and the labeled report texts, when the CSV has a report column
    (``Reports``: Stanford labeler and `rrg label`; ``Report Impression``: CheXbert), else None."""
    from .labeler import OBSERVATIONS

    spath = str(path)
    text = read_text(path, allow_empty=True)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header:
            raise RewardsError(f"{spath}: empty file, expected a label CSV header")
        names = [_ALIASES.get(h.strip(), h.strip()) for h in header]
        missing = [o for o in OBSERVATIONS if o not in names]
        if missing:
            raise RewardsError(f"{spath}: not a CheXpert label CSV, missing columns: {', '.join(missing)}")
        idx = [names.index(o) for o in OBSERVATIONS]
        text_col = next((names.index(c) for c in _TEXT_COLUMNS if c in names), None)
        texts: list[str] = []
        rows: list[list[int]] = []
        for row in reader:
            if not row:
                continue
            if len(row) < len(header):
                raise RewardsError(f"{spath}: line {reader.line_num} has {len(row)} fields, expected {len(header)}")
            rows.append([_cell(row[i], spath, reader.line_num, OBSERVATIONS[k]) for k, i in enumerate(idx)])
            if text_col is not None:
                texts.append(row[text_col])
    except csv.Error as exc:
        raise RewardsError(f"{spath}: malformed CSV ({exc})") from None
    if not rows:
        raise RewardsError(f"{spath}: no label rows")
    return np.array(rows, dtype=np.int8), (texts if text_col is not None else None)


def _comparable(text: str) -> str:
    """Lower-case words and numbers only: labelers re-space and re-punctuate what they copy."""
    return " ".join(_WORD.findall(text.lower()))


def label_source(labels: str | os.PathLike[str] | np.ndarray, texts: Sequence[str],
                 what: str) -> tuple[np.ndarray, str | None]:
    """Precomputed labels for ``texts`` (matched by row position) and a note when they look
    misaligned.

    ``labels``: a label CSV (`read_label_table`) or an (N, 14) array. A CSV that carries the
    labeled reports is checked against ``texts``: a row whose report is neither the sample's text
    nor contained in it (labels of the impression alone), after lower-casing and dropping
    punctuation and spacing, is counted, and the note names how many rows differ and the first.

    Raises:
        RewardsError: a CSV error, or a row count other than ``len(texts)``.
    """
    if isinstance(labels, np.ndarray):
        arr, copied, name = labels, None, what
    else:
        (arr, copied), name = read_label_table(labels), str(labels)
    if len(arr) != len(texts):
        raise RewardsError(f"{name} has {len(arr)} label rows but there are {len(texts)} samples")
    if copied is None:
        return arr, None
    differ = [i for i, (a, b) in enumerate(zip(copied, texts))
              if (ca := _comparable(a)) != (cb := _comparable(b)) and not (ca and f" {ca} " in f" {cb} ")]
    if not differ:
        return arr, None
    return arr, (f"{name}: the report in {len(differ)} of {len(texts)} rows is not the sample's text "
                 f"(first: row {differ[0] + 1}); labels are matched to samples by row position")


def label_sources(pred_labels: str | os.PathLike[str] | np.ndarray | None,
                  ref_labels: str | os.PathLike[str] | np.ndarray | None,
                  predictions: Sequence[str], references: Sequence[str]
                  ) -> tuple[np.ndarray | None, np.ndarray | None, list[str]]:
    """Both sides' precomputed labels through `label_source` (None stays None) and its notes."""
    arrays, notes = [], []
    for given, texts, what in ((pred_labels, predictions, "pred_labels"), (ref_labels, references, "ref_labels")):
        arr, note = (None, None) if given is None else label_source(given, texts, what)
        arrays.append(arr)
        notes += [note] if note else []
    return arrays[0], arrays[1], notes


# ---- `rrg score --metrics ce` -------------------------------------------------------------

@dataclass(frozen=True)
class CEEntry(Score):
    """A CE value as a `Score` for `rrg score`, with the counts that bootstrap resampling needs.

    ``per_sample`` holds per-report example-based F1; micro/macro values are not means of it,
    so resample through `decomposed()` instead.
    """

    counts: np.ndarray = field(default=None, repr=False)  # type: ignore[assignment]
    average: str = "micro"
    metric: str = "f1"

    def decomposed(self):
        """`significance.Decomposed` whose aggregate recomputes this value from summed counts."""
        from .significance import Decomposed

        stats = self.counts.reshape(len(self.counts), -1).astype(np.float64)
        return Decomposed(stats, lambda sums, n, a=self.average, m=self.metric: aggregate_counts(sums, a, m))


def ce_scores(predictions: Sequence[str], references: Sequence[str],
              other: Sequence[str] | None = None, *,
              pred_labels: str | os.PathLike[str] | np.ndarray | None = None,
              ref_labels: str | os.PathLike[str] | np.ndarray | None = None, uncertain: str = "negative",
              observations: int = 14) -> tuple[dict[str, CEEntry], dict[str, CEEntry] | None, str]:
    """CE micro and macro P/R/F1 entries for `rrg score` (and for a second system to compare).

    Args:
        predictions, references: report texts (labeled unless label CSVs are given).
        other: a second system's predictions (labeled with our labeler), or None.
        pred_labels, ref_labels: label CSVs (`read_label_csv`) or (N, 14) label arrays used
            instead of labeling.
        uncertain, observations: as in `clinical_efficacy`.

    Returns:
        (entries keyed ``CE_P_micro``, ``CE_R_micro``, ``CE_F1_micro``, ``CE_P_macro``, ...,
        the same for `other` or None, the signature with ``avg:micro+macro``).
    """

    def given(labels: str | os.PathLike[str] | np.ndarray | None, texts: Sequence[str],
              what: str) -> Labels:
        if labels is None:
            return list(texts)
        return label_source(labels, texts, what)[0]

    pred = given(pred_labels, predictions, "pred_labels")
    ref = given(ref_labels, references, "ref_labels")

    def entries(p: Labels) -> tuple[dict[str, CEEntry], str]:
        ce = clinical_efficacy(p, ref, uncertain=uncertain, observations=observations,
                               labeler_name="csv")
        sig = ce.signature.replace("avg:micro", "avg:micro+macro")
        out: dict[str, CEEntry] = {}
        for avg in ("micro", "macro"):
            prf = getattr(ce, avg)
            for short, metric in (("P", "precision"), ("R", "recall"), ("F1", "f1")):
                key = f"CE_{short}_{avg}"
                out[key] = CEEntry(key, getattr(prf, metric), ce.per_sample,
                                   sig.replace("avg:micro+macro", f"avg:{avg}"), ce.counts, avg, metric)
        return out, sig

    results, sig = entries(pred)
    other_results = entries(list(other))[0] if other is not None else None
    return results, other_results, sig

"""Text handling before scoring: the one place reports are cleaned or tokenized.

Modes:
    none       leave text as is; metrics split it as pycocoevalcap does.
    iu_xray    R2Gen/R2GenRL's ``clean_report_iu_xray``: same output on the same input.
    mimic_cxr  R2Gen/R2GenRL's ``clean_report_mimic_cxr``: same output on the same input.
    ptb        a Java-free equivalent of pycocoevalcap's PTBTokenizer on English report text.

The two R2Gen modes reproduce ``modules/tokenizers.py`` of R2Gen / R2GenCMN / R2GenRL, quirks
included, because published IU X-Ray and MIMIC-CXR numbers are computed on text cleaned that way:

* ``..`` is collapsed by a fixed number of ``str.replace`` passes (3 for IU X-Ray, 8 for
  MIMIC-CXR), so very long runs of dots survive as two or more dots;
* every ``"1. "`` is deleted (also inside ``"11. "`` or ``"T1. "``) and ``" 2. "`` ... ``" 5. "``
  become ``". "``, which strips list numbering 1-5 but not 6 or more;
* the report is lowercased and split on ``". "`` only (not on ``".\\n"`` or a final ``"."``);
* each sentence loses ``" / \\ '`` and is stripped, then loses every character of the upstream
  class ``[.,?;*!%^&_+():-\\[\\]{}]``. In that class ``:-\\[`` is a *range* (``:`` to ``[``), so
  ``< = > @`` (and upper case, already lowered) are removed too while ``-`` is kept;
* sentences are joined with ``" . "`` and ``" ."`` is appended; empty sentences are kept, so
  ``""`` becomes ``" ."``.

MIMIC-CXR additionally turns newlines into spaces and collapses runs of ``_`` (7 passes) and of
spaces (6 passes) before the steps above. All steps are plain string operations, so a report
is cleaned in a few microseconds.
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

from .errors import RewardsError

MODES: tuple[str, ...] = ("none", "iu_xray", "mimic_cxr", "ptb")

# List numbering as R2Gen strips it: "1. " anywhere, then " N. " (N = 2..5) after a sentence
# end or on its own.
_NUMBERING: tuple[tuple[str, str], ...] = (
    ("1. ", ""),
    *((f". {n}. ", ". ") for n in range(2, 6)),
    *((f" {n}. ", ". ") for n in range(2, 6)),
)
_IU_XRAY_STEPS: tuple[tuple[str, str], ...] = (("..", "."),) * 3 + _NUMBERING
_MIMIC_CXR_STEPS: tuple[tuple[str, str], ...] = (
    (("\n", " "),) + (("__", "_"),) * 7 + (("  ", " "),) * 6 + (("..", "."),) * 8 + _NUMBERING
)

# Characters deleted from each sentence before it is stripped.
_SENTENCE_QUOTES = str.maketrans("", "", "\"/\\'")
# The upstream class '[.,?;*!%^&_+():-\[\]{}]' spelled out: ':-\[' is the range ':' .. '['.
_SENTENCE_PUNCT = re.compile(r"[.,?;*!%^&_+()\[\]{}:;<=>?@A-Z]")


def _r2gen_clean(report: str, steps: tuple[tuple[str, str], ...]) -> str:
    """Apply R2Gen's report-level replacements, sentence split and sentence cleaning."""
    for old, new in steps:
        report = report.replace(old, new)
    sentences = report.strip().lower().split(". ")
    sub = _SENTENCE_PUNCT.sub
    cleaned = [sub("", s.translate(_SENTENCE_QUOTES).strip().lower()) for s in sentences]
    return " . ".join(cleaned) + " ."


def clean_report_iu_xray(report: str) -> str:
    """Clean one report exactly as R2Gen's ``Tokenizer.clean_report_iu_xray`` does."""
    return _r2gen_clean(report, _IU_XRAY_STEPS)


def clean_report_mimic_cxr(report: str) -> str:
    """Clean one report exactly as R2Gen's ``Tokenizer.clean_report_mimic_cxr`` does."""
    return _r2gen_clean(report, _MIMIC_CXR_STEPS)


def _ptb(texts: Sequence[str]) -> list[str]:
    raise RewardsError("text handling 'ptb' is not implemented yet")


_PER_TEXT: dict[str, Callable[[str], str]] = {
    "iu_xray": clean_report_iu_xray,
    "mimic_cxr": clean_report_mimic_cxr,
}


def clean_texts(texts: Sequence[str], mode: str = "none") -> list[str]:
    """Apply text handling `mode` to every text (see module docstring).

    Args:
        texts: reports, one string each.
        mode: one of `MODES`.

    Returns:
        One cleaned string per input, in order.

    Raises:
        RewardsError: unknown mode, or an element that is not a string.
    """
    if mode not in MODES:
        raise RewardsError(f"unknown text handling {mode!r}; choose from {', '.join(MODES)}")
    if isinstance(texts, str):
        raise RewardsError("texts must be a sequence of strings, not one string")
    texts = list(texts)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise RewardsError(f"text {i} is {type(t).__name__}, expected str")
    if mode == "none":
        return texts
    if mode == "ptb":
        return _ptb(texts)
    fn = _PER_TEXT[mode]
    return [fn(t) for t in texts]

"""ROUGE-L = pycocoevalcap 1.2 (``rouge/rouge.py``), bit for bit.

What is reproduced, quirks included (all tested live against pycocoevalcap):

* Text is split on single spaces (``str.split(" ")``), not on any whitespace: an empty
  string is one empty token (empty vs empty scores 1.0), a double space makes an empty
  token, and tabs/newlines stay inside tokens.
* Per sample, the best precision and the best recall over the references are taken
  independently (possibly from different references), then combined as
  ``F = (1 + beta^2) P R / (R + beta^2 P)`` with ``beta = 1.2``; 0 when either is 0.
* The corpus value is ``np.mean`` of the per-sample values.

The longest common subsequence is computed with the bit-parallel algorithm of
Allison & Dix (1986) / Hyyrö (2004) on Python integers: one row of the dynamic
programme is an integer's bits, so a reference costs a few integer operations per
token instead of a Python loop over the whole table. `lcs_length` and `rouge_l_sample`
are public for prefix scoring.
"""
from __future__ import annotations

from itertools import repeat
from typing import Hashable, Sequence

import numpy as np

from .base import Metric, Score

#: pycocoevalcap's recall weight
BETA = 1.2


def match_masks(tokens: Sequence[Hashable]) -> dict[Hashable, int]:
    """For each distinct token, an integer whose bit i is set where ``tokens[i]`` is that token."""
    masks: dict[Hashable, int] = {}
    get = masks.get
    bit = 1
    for t in tokens:
        masks[t] = get(t, 0) | bit
        bit <<= 1
    return masks


def lcs_from_masks(masks: dict[Hashable, int], length: int, other: Sequence[Hashable]) -> int:
    """LCS length of the sequence behind `masks` (of `length` tokens) and `other`.

    Bit-parallel LCS (Hyyrö's formulation of Allison-Dix): ``V`` starts all ones; for each
    token of `other`, ``U = V & M[token]; V = (V + U) | (V - U)``. The LCS is the number of
    zero bits among the low `length` bits. Carries above bit `length` never flow down, so
    one final mask suffices.
    """
    v = (1 << length) - 1
    for m in map(masks.get, other, repeat(0)):
        if m:
            u = v & m
            v = (v + u) | (v - u)
    return length - (v & ((1 << length) - 1)).bit_count()


def lcs_length(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """Length of the longest common subsequence of two token sequences."""
    if len(a) < len(b):
        a, b = b, a
    return lcs_from_masks(match_masks(b), len(b), a)


def rouge_l_sample(candidate: str, references: Sequence[str], beta: float = BETA) -> float:
    """pycocoevalcap's ``Rouge.calc_score`` for one candidate string and its references."""
    cand = candidate.split(" ")
    n_c = len(cand)
    masks = match_masks(cand)
    prec_max = rec_max = 0.0
    for ref in references:
        toks = ref.split(" ")
        lcs = lcs_from_masks(masks, n_c, toks)
        prec = lcs / float(n_c)
        rec = lcs / float(len(toks))
        if prec > prec_max:
            prec_max = prec
        if rec > rec_max:
            rec_max = rec
    if prec_max != 0 and rec_max != 0:
        return ((1 + beta ** 2) * prec_max * rec_max) / float(rec_max + beta ** 2 * prec_max)
    return 0.0


class RougeL(Metric):
    """ROUGE-L F-measure (beta 1.2) with pycocoevalcap 1.2's numbers, see module doc."""

    names = ("ROUGE_L",)

    def signature_fields(self) -> dict[str, str]:
        return {"beta": str(BETA)}

    def _compute(self, predictions: list[str], references: list[list[str]]) -> dict[str, Score]:
        per_sample = np.fromiter(
            (rouge_l_sample(p, refs) for p, refs in zip(predictions, references)),
            dtype=np.float64, count=len(predictions))
        return {"ROUGE_L": Score("ROUGE_L", float(np.mean(per_sample)), per_sample)}

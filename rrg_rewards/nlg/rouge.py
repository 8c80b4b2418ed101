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
Allison & Dix (1986) / Hyyrö (2004): one row of the dynamic programme is an integer's
bits, so a reference costs a few integer operations per token instead of a Python loop
over the whole table. `RougeL` runs it for all (candidate, reference) rows at once on
uint64 numpy arrays (`batch_rouge_l`, candidates up to 64 tokens) and on Python integers
otherwise (`lcs_from_masks`). `rouge_l_per_sample` is the per-sample engine shared by
`RougeL` and the ROUGE-L reward; `lcs_length`, `match_masks`, `lcs_from_masks` and
`rouge_l_sample` are public for prefix scoring.
"""
from __future__ import annotations

from itertools import repeat
from typing import Hashable, Sequence

import numpy as np

from ._ngrams import sample_layout, shared_tokens
from .base import Metric, Score

#: pycocoevalcap's recall weight
BETA = 1.2
#: samples per vectorized batch (bounds memory on huge inputs)
_CHUNK = 5000


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


_POPCOUNT8 = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)
#: candidates up to this many tokens take the vectorized path (one uint64 word per row)
_WORD = 64


def _popcount(x: np.ndarray) -> np.ndarray:
    if hasattr(np, "bitwise_count"):  # numpy >= 2.0
        return np.bitwise_count(x).astype(np.int64)
    return _POPCOUNT8[x.reshape(-1, 1).view(np.uint8)].sum(axis=1)


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(start, start + length)`` for each pair."""
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))


def batch_rouge_l(predictions: Sequence[str], references: Sequence[Sequence[str]],
                  beta: float = BETA) -> np.ndarray:
    """Per-sample ROUGE-L of a batch: float64 (N,), equal to `rouge_l_sample` on each pair.

    The bit-parallel LCS runs over all (candidate, reference) rows at once in uint64
    arrays, one step per reference token; rows whose candidate is longer than 64
    tokens use `lcs_from_masks` (Python integers) instead.
    """
    num = len(predictions)
    ref_count = np.fromiter(map(len, references), dtype=np.int64, count=num)
    # pycocoevalcap splits on single spaces; equal tokens get equal ids. The layout
    # [hyp0, refs0..., hyp1, ...] lets BLEU/CIDEr's numbering be reused when it is the same.
    texts, _, is_hyp = sample_layout(predictions, references)
    lengths, ids, bound, _ = shared_tokens(texts, " ")
    text_start = np.cumsum(lengths) - lengths
    hyp_text, ref_text = np.flatnonzero(is_hyp), np.flatnonzero(~is_hyp)
    cand_len, ref_len = lengths[hyp_text], lengths[ref_text]
    cand_ids = ids[_ranges(text_start[hyp_text], cand_len)]
    ref_ids = ids[_ranges(text_start[ref_text], ref_len)]
    row_sample = np.repeat(np.arange(num), ref_count)
    lcs = np.zeros(len(ref_len), dtype=np.int64)
    vector = cand_len[row_sample] <= _WORD
    # candidate masks: per (sample, token), OR of 1 << position (positions < 64)
    cand_sample = np.repeat(np.arange(num), cand_len)
    cand_pos = np.arange(len(cand_ids)) - np.repeat(np.cumsum(cand_len) - cand_len, cand_len)
    short = cand_len[cand_sample] <= _WORD
    key = cand_sample[short] * bound + cand_ids[short]
    order = np.argsort(key, kind="stable")
    key = key[order]
    bits = np.left_shift(np.uint64(1), cand_pos[short][order].astype(np.uint64))
    if len(key):
        first = np.flatnonzero(np.diff(key, prepend=key[0] - 1))
        mask_key, mask = key[first], np.bitwise_or.reduceat(bits, first)
    else:
        mask_key, mask = key, bits
    # rows longest reference first: at step j the rows still running are a prefix
    rows = np.flatnonzero(vector)
    rows = rows[np.argsort(-ref_len[rows], kind="stable")]
    if len(rows):
        lens = ref_len[rows]
        row_start = np.cumsum(ref_len) - ref_len
        step = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
        tok = np.repeat(row_start[rows], lens) + step
        tok_key = np.repeat(row_sample[rows], lens) * bound + ref_ids[tok]
        where = np.searchsorted(mask_key, tok_key)
        where[where == len(mask_key)] = 0
        found = mask_key[where] == tok_key if len(mask_key) else np.zeros(len(tok_key), bool)
        # step-major flat layout without padding: step j holds its `active[j]` rows
        active = np.bincount(lens, minlength=int(lens.max()) + 1)[::-1].cumsum()[::-1][1:]
        offset = np.cumsum(active) - active
        flat = np.zeros(len(tok), dtype=np.uint64)
        rank = np.repeat(np.arange(len(rows)), lens)
        flat[(offset[step] + rank)[found]] = mask[where[found]]
        m = cand_len[row_sample[rows]].astype(np.uint64)
        full = np.where(m >= 64, np.uint64(2 ** 64 - 1),
                        (np.uint64(1) << np.minimum(m, 63)) - np.uint64(1))
        v = full.copy()
        u, w = np.empty_like(v), np.empty_like(v)
        with np.errstate(over="ignore"):
            for j, (o, a) in enumerate(zip(offset.tolist(), active.tolist())):
                # V = (V + U) | (V - U), U = V & M; uint64 drops carries out of bit 63
                vj, uj, wj = v[:a], u[:a], w[:a]
                np.bitwise_and(vj, flat[o:o + a], out=uj)
                np.subtract(vj, uj, out=wj)
                np.add(vj, uj, out=vj)
                np.bitwise_or(vj, wj, out=vj)
        lcs[rows] = cand_len[row_sample[rows]] - _popcount(v & full)
    cand_start = np.cumsum(cand_len) - cand_len
    ref_start = np.cumsum(ref_len) - ref_len
    for r in np.flatnonzero(~vector).tolist():  # long texts: Python big-integer rows
        s = int(row_sample[r])
        cand = cand_ids[cand_start[s]:cand_start[s] + cand_len[s]].tolist()
        ref = ref_ids[ref_start[r]:ref_start[r] + ref_len[r]].tolist()
        lcs[r] = lcs_length(cand, ref)  # masks of the shorter side: a huge candidate stays linear
    prec = lcs / cand_len[row_sample].astype(np.float64)
    rec = lcs / ref_len.astype(np.float64)
    first_row = np.cumsum(ref_count) - ref_count
    prec_max = np.maximum.reduceat(prec, first_row)
    rec_max = np.maximum.reduceat(rec, first_row)
    ok = (prec_max != 0) & (rec_max != 0)
    b2 = beta ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        score = ((1 + b2) * prec_max * rec_max) / (rec_max + b2 * prec_max)
    return np.where(ok, score, 0.0)


def rouge_l_per_sample(predictions: Sequence[str], references: Sequence[Sequence[str]]
                       ) -> np.ndarray:
    """Per-sample ROUGE-L, float64 (N,): pycocoevalcap's per-image values.

    The one ROUGE-L engine: `RougeL` (and so `rrg_rewards.score`) and the ROUGE-L reward
    of `rrg_rewards.rl` both compute their per-sample values here (`batch_rouge_l` in
    chunks, so memory stays flat).
    """
    if not len(predictions):
        return np.zeros(0, dtype=np.float64)
    return np.concatenate([
        batch_rouge_l(predictions[lo:lo + _CHUNK], references[lo:lo + _CHUNK])
        for lo in range(0, len(predictions), _CHUNK)])


class RougeL(Metric):
    """ROUGE-L F-measure (beta 1.2) with pycocoevalcap 1.2's numbers, see module doc."""

    names = ("ROUGE_L",)

    def signature_fields(self) -> dict[str, str]:
        return {"beta": str(BETA)}

    def _compute(self, predictions: list[str], references: list[list[str]]) -> dict[str, Score]:
        per_sample = rouge_l_per_sample(predictions, references)
        return {"ROUGE_L": Score("ROUGE_L", float(np.mean(per_sample)), per_sample)}

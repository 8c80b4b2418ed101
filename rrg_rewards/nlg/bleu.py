"""BLEU-1..4 = pycocoevalcap 1.2 (``bleu/bleu_scorer.py``, ``option='closest'``), bit for bit.

What is reproduced, quirks included (all tested live against pycocoevalcap):

* Text is split on any whitespace (``str.split()``).
* Modified n-gram precision per order is ``(correct + 1e-15) / (guess + 1e-9)``, so an
  order with no n-grams at all (a candidate shorter than n) gets 1e-6, not 0, and a
  perfect match scores slightly below 1 (about ``1 - 2e-9 / length``: 1 - 5e-11 at 36 tokens).
* The brevity penalty uses ``ratio = (c + 1e-15) / (r + 1e-9)``: it is applied whenever
  ``ratio < 1``, which includes equal lengths (a factor of ``exp(-1e-9 / r)``).
* ``r`` is the *closest* reference length, ties broken toward the shorter reference; the
  corpus ``r`` is the sum of those per-sentence choices.
* Per-sentence values are cumulative: Bleu_k multiplies the precisions of orders 1..k
  and takes the k-th root, exactly in pycocoevalcap's evaluation order.

`bleu_per_sample` is the per-sample engine shared by `BLEU` and the BLEU rewards of
``rrg_rewards.rl``; the single-text building blocks (`reference_stats`, `bleu_stats`,
`sentence_bleu`, `corpus_bleu`) are public too.
"""
from __future__ import annotations

import math
from collections import Counter
from itertools import repeat
from typing import NamedTuple, Sequence

import numpy as np

from ..errors import RewardsError
from ._ngrams import (clipped_ngram_counts, ngram_counts, sample_batch, sample_layout, sample_runs,
                      shared_tokens, sharing_ngram_tables)
from .base import Metric, Score

#: pycocoevalcap's ``tiny``: added to every numerator (clipped counts, candidate length)
TINY = 1e-15
#: pycocoevalcap's ``small``: added to every denominator (n-gram counts, reference length)
SMALL = 1e-9
#: samples per vectorized batch (bounds memory on huge inputs)
_CHUNK = 5000


class BleuStats(NamedTuple):
    """Sufficient statistics of one candidate (pycocoevalcap's ``cook_test`` output).

    Attributes:
        testlen: candidate length in tokens.
        reflen: the closest reference length (ties toward the shorter one).
        guess: per order k=1..n, the number of candidate k-grams, ``max(0, testlen - k + 1)``.
        correct: per order, candidate k-grams clipped by their maximum count in any reference.
    """

    testlen: int
    reflen: int
    guess: tuple[int, ...]
    correct: tuple[int, ...]


def reference_stats(references: Sequence[Sequence[str]], n: int = 4) -> tuple[list[int], list[dict]]:
    """Lengths of tokenized references and, per order, each n-gram's maximum count over them.

    Args:
        references: the references of one sample, each a token list.
        n: highest order.

    Returns:
        ``(lengths, max_counts)`` with ``max_counts[k]`` a dict from (k+1)-gram to count.
    """
    lengths = [len(r) for r in references]
    counts = [ngram_counts(r, n) for r in references]
    if len(counts) == 1:
        return lengths, counts[0]
    merged: list[dict] = []
    for k in range(n):
        m: Counter = Counter()
        for c in counts:
            m |= c[k]  # Counter union keeps the maximum count
        merged.append(m)
    return lengths, merged


def closest_length(testlen: int, ref_lengths: Sequence[int]) -> int:
    """The reference length closest to `testlen`; on a tie the shorter one (pycocoevalcap)."""
    return min((abs(r - testlen), r) for r in ref_lengths)[1]


def bleu_stats(words: Sequence[str], ref_lengths: Sequence[int], ref_max_counts: Sequence[dict],
               n: int = 4) -> BleuStats:
    """Statistics of one tokenized candidate against `reference_stats` output."""
    testlen = len(words)
    hyp = ngram_counts(words, n)
    correct = []
    for k in range(n):
        h, r = hyp[k], ref_max_counts[k]
        common = h.keys() & r.keys()
        correct.append(sum(map(min, map(h.__getitem__, common), map(r.__getitem__, common))))
    guess = tuple(max(0, testlen - k) for k in range(n))
    return BleuStats(testlen, closest_length(testlen, ref_lengths), guess, tuple(correct))


def _bleu_from_counts(testlen: float, reflen: float, guess: Sequence[int], correct: Sequence[int],
                      n: int) -> list[float]:
    """Cumulative Bleu_1..n with pycocoevalcap's constants and evaluation order."""
    out = []
    bleu = 1.0
    for k in range(n):
        bleu *= (float(correct[k]) + TINY) / (float(guess[k]) + SMALL)
        out.append(bleu ** (1.0 / (k + 1)))
    ratio = (testlen + TINY) / (reflen + SMALL)
    if ratio < 1:
        bp = math.exp(1 - 1 / ratio)
        out = [b * bp for b in out]
    return out


def sentence_bleu(stats: BleuStats, n: int = 4) -> list[float]:
    """Per-sentence Bleu_1..n exactly as pycocoevalcap's second return value."""
    return _bleu_from_counts(stats.testlen, stats.reflen, stats.guess, stats.correct, n)


def corpus_bleu(stats: Sequence[BleuStats], n: int = 4) -> list[float]:
    """Corpus Bleu_1..n: summed statistics, summed closest reference lengths."""
    guess = [0] * n
    correct = [0] * n
    testlen = reflen = 0
    for s in stats:
        testlen += s.testlen
        reflen += s.reflen
        for k in range(n):
            guess[k] += s.guess[k]
            correct[k] += s.correct[k]
    return _bleu_from_counts(testlen, reflen, guess, correct, n)


def batch_bleu_stats(predictions: list[str], references: list[list[str]], n: int = 4
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Vectorized `bleu_stats` for many samples.

    Returns:
        ``(testlen, reflen, guess, correct)``: int64 arrays of shapes (N,), (N,), (N, n), (N, n).
    """
    texts, sample, is_hyp = sample_layout(predictions, references)
    tokens = shared_tokens(texts)
    lengths = tokens[0]
    num = len(predictions)
    hyp_idx = np.flatnonzero(is_hyp)
    testlen = lengths[hyp_idx]
    # closest reference length, ties toward the shorter: min over (|r - c|, r)
    ref_idx = np.flatnonzero(~is_hyp)
    rl = lengths[ref_idx]
    span = int(rl.max()) + 1 if len(rl) else 1
    key = np.abs(rl - testlen[sample[ref_idx]]) * span + rl
    first_ref = np.searchsorted(sample[ref_idx], np.arange(num))
    reflen = np.minimum.reduceat(key, first_ref) % span
    guess = np.maximum(0, testlen[:, None] - np.arange(n)[None, :])
    # Inside `shared_ngram_tables` (``rrg_rewards.score``) CIDEr-D will build the per-order
    # tables of these pairs anyway: count from them. Alone, one sort is cheaper.
    correct = None if sharing_ngram_tables() else clipped_ngram_counts(tokens, sample, is_hyp, n)
    if correct is None:  # (also when the one-sort key does not fit)
        correct = _table_clipped_counts(predictions, references, n)
    return testlen, reflen, guess, correct


def _table_clipped_counts(predictions: list[str], references: list[list[str]], n: int
                          ) -> np.ndarray:
    """`clipped_ngram_counts` from an `NgramBatch` (any vocabulary and batch size)."""
    sample, is_hyp, batch = sample_batch(predictions, references, n)
    num = len(predictions)
    correct = np.zeros((num, n), dtype=np.int64)
    one_ref = int(is_hyp.size - is_hyp.sum()) == num
    for k, t in enumerate(batch.orders):
        # runs of entries with the same (n-gram, sample); the hypothesis comes first
        starts, size, has_hyp = sample_runs(t, sample, is_hyp)
        if not len(starts):
            continue
        if one_ref:  # a run is [hyp], [ref] or [hyp, ref]
            both = starts[has_hyp & (size == 2)]
            clipped = np.minimum(t.tf[both], t.tf[both + 1])
            run_sample = sample[t.text[both]]
        else:
            hyp_tf = np.where(has_hyp, t.tf[starts], 0)
            ref_tf = t.tf.copy()
            ref_tf[starts[has_hyp]] = 0  # drop the hypothesis' own count from the run maximum
            clipped = np.minimum(hyp_tf, np.maximum.reduceat(ref_tf, starts))
            run_sample = sample[t.text[starts]]
        correct[:, k] = np.bincount(run_sample, weights=clipped, minlength=num).astype(np.int64)
    return correct


def _chunked_stats(predictions: list[str], references: list[list[str]], n: int):
    """`batch_bleu_stats` chunk by chunk (memory stays flat): yields ``(first index, stats)``."""
    for lo in range(0, len(predictions), _CHUNK):
        yield lo, batch_bleu_stats(predictions[lo:lo + _CHUNK], references[lo:lo + _CHUNK], n)


def sentence_values(testlen: np.ndarray, reflen: np.ndarray, guess: np.ndarray,
                    correct: np.ndarray, n: int) -> np.ndarray:
    """Per-sentence Bleu_1..n of `batch_bleu_stats` output (or of summed statistics),
    float64 (N, n), the same bits as `_bleu_from_counts` row by row.

    Sums, products and quotients run in numpy (IEEE-exact, in `_bleu_from_counts`' order:
    ``np.cumprod`` multiplies left to right); ``pow`` and ``exp`` stay Python's (libm) calls,
    as pycocoevalcap's, so no numpy SIMD approximation can change a bit on any CPU.
    """
    precision = (np.asarray(correct, dtype=np.float64) + TINY) / (
        np.asarray(guess, dtype=np.float64) + SMALL)
    out = np.cumprod(precision[:, :n], axis=1)
    for k in range(n):
        out[:, k] = list(map(pow, out[:, k].tolist(), repeat(1.0 / (k + 1))))
    ratio = (np.asarray(testlen, dtype=np.float64) + TINY) / (
        np.asarray(reflen, dtype=np.float64) + SMALL)
    short = np.flatnonzero(ratio < 1)
    if len(short):
        bp = np.fromiter(map(math.exp, (1 - 1 / ratio[short]).tolist()), dtype=np.float64,
                         count=len(short))
        out[short] *= bp[:, None]
    return out


def bleu_per_sample(predictions: list[str], references: list[list[str]], n: int = 4
                    ) -> np.ndarray:
    """Per-sample Bleu_1..n, float64 (N, n): pycocoevalcap's second return value.

    The one BLEU engine: `BLEU` (and so `rrg_rewards.score`) and the BLEU rewards of
    `rrg_rewards.rl` both compute their per-sample values here.
    """
    out = np.empty((len(predictions), n), dtype=np.float64)
    for lo, stats in _chunked_stats(predictions, references, n):
        out[lo:lo + len(stats[0])] = sentence_values(*stats, n)
    return out


class BLEU(Metric):
    """BLEU-1..n with pycocoevalcap 1.2's numbers (corpus and per-sentence), see module doc.

    Args:
        n: highest n-gram order (pycocoevalcap's default, 4).
    """

    def __init__(self, n: int = 4) -> None:
        super().__init__()
        if not isinstance(n, int) or n < 1:
            raise RewardsError(f"BLEU order n must be a positive integer, got {n!r}")
        self.n = n
        self.names = tuple(f"Bleu_{k}" for k in range(1, n + 1))

    def signature_fields(self) -> dict[str, str]:
        return {"eff": "closest"}

    def _compute(self, predictions: list[str], references: list[list[str]]) -> dict[str, Score]:
        n = self.n
        per_sample = np.empty((len(predictions), n), dtype=np.float64)
        guess_sum = [0] * n
        correct_sum = [0] * n
        testlen_sum = reflen_sum = 0
        for lo, (testlen, reflen, guess, correct) in _chunked_stats(predictions, references, n):
            per_sample[lo:lo + len(testlen)] = sentence_values(testlen, reflen, guess, correct, n)
            testlen_sum += int(testlen.sum())
            reflen_sum += int(reflen.sum())
            for k in range(n):
                guess_sum[k] += int(guess[:, k].sum())
                correct_sum[k] += int(correct[:, k].sum())
        corpus = _bleu_from_counts(testlen_sum, reflen_sum, guess_sum, correct_sum, n)
        return {name: Score(name, float(corpus[k]), per_sample[:, k].copy())
                for k, name in enumerate(self.names)}

"""N-gram counting shared by BLEU and CIDEr (both split on any whitespace, as pycocoevalcap).

Two forms:

* `ngram_counts(words)`: per-text Counters, one per order, in first-occurrence order
  (the order pycocoevalcap's ``precook`` visits n-grams). Unigram keys are the token
  itself, longer n-grams are tuples. Used for single texts (prefix scoring, fixed
  document frequencies).
* `NgramBatch`: every distinct (text, n-gram) pair of a batch of samples as numpy
  arrays, built with one stable sort per order and no Python loop over tokens. The
  batch metrics (`BLEU`, `CIDErD`) use it; the n-gram ids are dense ranks, exact (no
  hashing), so nothing can collide.
"""
from __future__ import annotations

from collections import Counter
from itertools import chain
from typing import Hashable, Sequence

import numpy as np

#: an n-gram key: the token for unigrams, a tuple of tokens for longer n-grams
NGram = Hashable


def ngram_counts(words: Sequence[str], n: int = 4) -> list[Counter]:
    """Count the 1..n-grams of a token list.

    Args:
        words: tokens, e.g. ``text.split()``.
        n: highest order.

    Returns:
        ``n`` Counters; entry ``k`` maps each (k+1)-gram to its count, in order
        of first occurrence.
    """
    if n == 4:  # the common case, unrolled: Counter over zip runs in C
        w1, w2, w3 = words[1:], words[2:], words[3:]
        return [Counter(words), Counter(zip(words, w1)),
                Counter(zip(words, w1, w2)), Counter(zip(words, w1, w2, w3))]
    out = [Counter(words)]
    for k in range(2, n + 1):
        out.append(Counter(zip(*(words[i:] for i in range(k)))))
    return out


def ngram_to_text(gram: NGram) -> str:
    """Space-joined form of an n-gram key (used as a JSON key)."""
    return gram if isinstance(gram, str) else " ".join(gram)


def text_to_ngram(text: str) -> NGram:
    """Inverse of `ngram_to_text` (tokens never contain whitespace)."""
    parts = text.split(" ")
    return parts[0] if len(parts) == 1 else tuple(parts)


class OrderTable:
    """The distinct (text, n-gram) pairs of one order, sorted by (n-gram id, text).

    Attributes:
        code: int64 (E,), dense n-gram id in ``[0, num_codes)``.
        text: int64 (E,), text index.
        tf: int64 (E,), count of the n-gram in the text.
        first: int64 (E,), token position (global) where the n-gram first starts in the text.
        num_codes: number of distinct n-grams of this order in the batch.
    """

    __slots__ = ("code", "text", "tf", "first", "num_codes")

    def __init__(self, code: np.ndarray, text: np.ndarray, tf: np.ndarray, first: np.ndarray,
                 num_codes: int) -> None:
        self.code, self.text, self.tf, self.first, self.num_codes = code, text, tf, first, num_codes


class NgramBatch:
    """N-gram statistics of many whitespace-split texts at once.

    Texts are grouped into samples: ``group[t]`` is the sample of text ``t`` and texts
    of one sample must be contiguous and in sample order (e.g. ``[hyp0, ref0a, ref0b,
    hyp1, ref1a, ...]``), so that entries sorted by (n-gram, text) are also sorted by
    (n-gram, sample).

    Attributes:
        n: highest order.
        lengths: int64 (T,), tokens per text.
        tokens: the flattened tokens (to turn n-gram ids back into n-grams).
        orders: one `OrderTable` per order (index 0 = unigrams).
    """

    def __init__(self, texts: Sequence[str], n: int = 4) -> None:
        self.n = n
        splits = list(map(str.split, texts))
        num_texts = len(splits)
        self.lengths = np.fromiter(map(len, splits), dtype=np.int64, count=num_texts)
        self.tokens: list[str] = list(chain.from_iterable(splits))
        del splits
        total = len(self.tokens)
        vocab = dict(zip(dict.fromkeys(self.tokens), range(total)))
        num_words = max(len(vocab), 1)
        ids = np.fromiter(map(vocab.__getitem__, self.tokens), dtype=np.int64, count=total)
        del vocab
        text_of_pos = np.repeat(np.arange(num_texts, dtype=np.int64), self.lengths)
        end_of_pos = np.repeat(np.cumsum(self.lengths), self.lengths)
        self.orders: list[OrderTable] = []
        prev = ids  # n-gram id of the (k-1)-gram starting at each position
        for k in range(1, n + 1):
            pos = np.flatnonzero(np.arange(total) + k <= end_of_pos) if k > 1 else np.arange(total)
            if k == 1:
                combined = ids
            else:
                combined = prev[pos] * num_words + ids[pos + (k - 1)]
            # Sort (n-gram, position) pairs packed into one int64 when they fit: a plain
            # sort of values is several times faster than a stable argsort. Equal
            # n-grams then come in position order, so texts ascend inside a run.
            limit = int(combined.max()) if len(combined) else 0
            if (limit + 1) * max(total, 1) < 2 ** 62:
                packed = np.sort(combined * total + pos)
                sorted_code = packed // total
                sorted_pos = packed - sorted_code * total
                del packed
            else:  # astronomically many distinct n-grams: fall back to a stable argsort
                perm = np.argsort(combined, kind="stable")
                sorted_code, sorted_pos = combined[perm], pos[perm]
                del perm
            del combined
            new_code = np.empty(len(sorted_code), dtype=bool)
            new_code[:1] = True
            np.not_equal(sorted_code[1:], sorted_code[:-1], out=new_code[1:])
            rank = np.cumsum(new_code) - 1
            num_codes = int(rank[-1]) + 1 if len(rank) else 0
            sorted_text = text_of_pos[sorted_pos]
            new_entry = new_code.copy()
            new_entry[1:] |= sorted_text[1:] != sorted_text[:-1]
            starts = np.flatnonzero(new_entry)
            tf = np.diff(np.append(starts, len(sorted_code)))
            self.orders.append(OrderTable(rank[starts], sorted_text[starts], tf,
                                          sorted_pos[starts], num_codes))
            if k < n:
                nxt = np.zeros(total, dtype=np.int64)
                nxt[sorted_pos] = rank
                prev = nxt

    def ngrams(self, k: int, codes: np.ndarray | None = None) -> list[NGram]:
        """The n-gram keys (as `ngram_counts` makes them) of order index `k` for `codes`.

        Args:
            k: 0-based order.
            codes: n-gram ids; default all ids ``0..num_codes-1`` in order.
        """
        table = self.orders[k]
        run_start = np.ones(len(table.code), dtype=bool)
        run_start[1:] = table.code[1:] != table.code[:-1]
        rep = table.first[run_start]  # a start position for every id, in id order
        if codes is not None:
            rep = rep[codes]
        toks = self.tokens
        if k == 0:
            return [toks[p] for p in rep.tolist()]
        return [tuple(toks[p:p + k + 1]) for p in rep.tolist()]


def group_starts(table: OrderTable, group_of_text: np.ndarray) -> np.ndarray:
    """Indices where a new (n-gram, group) run starts in `table` (entries sorted by n-gram, text).

    With texts of a group contiguous and groups in order, each run holds every entry of
    one n-gram within one group (e.g. one sample's hypothesis and references).
    """
    g = group_of_text[table.text]
    new = np.ones(len(table.code), dtype=bool)
    new[1:] = (table.code[1:] != table.code[:-1]) | (g[1:] != g[:-1])
    return np.flatnonzero(new)


def sample_layout(predictions: Sequence[str], references: Sequence[Sequence[str]]
                  ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts as ``[hyp0, refs0..., hyp1, refs1...]`` with each text's sample and a hyp flag.

    Returns:
        ``(texts, sample, is_hyp)``: the texts, int64 (T,) sample index, bool (T,).
    """
    texts: list[str] = []
    for p, refs in zip(predictions, references):
        texts.append(p)
        texts.extend(refs)
    per_sample = np.fromiter((1 + len(r) for r in references), dtype=np.int64,
                             count=len(references))
    sample = np.repeat(np.arange(len(references), dtype=np.int64), per_sample)
    is_hyp = np.zeros(len(texts), dtype=bool)
    is_hyp[np.cumsum(per_sample) - per_sample] = True
    return texts, sample, is_hyp

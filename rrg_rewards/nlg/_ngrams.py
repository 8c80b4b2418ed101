"""N-gram counting shared by BLEU and CIDEr (both split on any whitespace, as pycocoevalcap).

Two forms:

* `ngram_counts(words)`: per-text Counters, one per order, in first-occurrence order
  (the order pycocoevalcap's ``precook`` visits n-grams). Unigram keys are the token
  itself, longer n-grams are tuples. Used for single texts (prefix scoring, fixed
  document frequencies).
* `NgramBatch`: every distinct (text, n-gram) pair of a batch of texts as numpy
  arrays, built with one numpy sort per order and no Python-level loop over tokens.
  The batch metrics (`BLEU`, `CIDErD`) use it; the n-gram ids are dense ranks, exact
  (no hashing), so nothing can collide. `shared_ngram_tables` lets BLEU and CIDEr
  scoring the same pairs build it once.
"""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import chain, count, repeat
from typing import Callable, Hashable, Iterator, Sequence

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


Tokenized = tuple[np.ndarray, np.ndarray, int, Callable[[np.ndarray], list[str]]]


def number_tokens(texts: Sequence[str], sep: str | None = None) -> Tokenized:
    """``text.split(sep)`` every text and number its tokens.

    Returns:
        ``(lengths, ids, bound, tokens_at)``: int64 (texts,) token counts; int64 (tokens,)
        ids, equal for equal tokens (the index of the token's first occurrence, so
        ``ids < bound``); and a function from global token positions to the tokens.
    """
    index = dict(zip(dict.fromkeys(texts), count()))
    if len(index) < len(texts):  # repeated texts (common in generated reports): split once
        which = np.fromiter(map(index.__getitem__, texts), dtype=np.int64, count=len(texts))
        u_lengths, u_ids, bound, u_tokens_at = number_tokens(list(index), sep)
        lengths = u_lengths[which]
        u_start = np.cumsum(u_lengths) - u_lengths
        gather = (np.repeat(u_start[which] - (np.cumsum(lengths) - lengths), lengths)
                  + np.arange(int(lengths.sum())))
        return lengths, u_ids[gather], bound, lambda pos: u_tokens_at(gather[pos])
    del index
    splits = list(map(str.split, texts, repeat(sep)))
    lengths = np.fromiter(map(len, splits), dtype=np.int64, count=len(splits))
    total = int(lengths.sum())
    first_seen: dict[str, int] = {}
    # one dict operation per token: setdefault returns the id of the first occurrence
    ids = np.fromiter(map(first_seen.setdefault, chain.from_iterable(splits), count()),
                      dtype=np.int64, count=total)
    del first_seen
    flat: list[list[str]] = []  # the flattened tokens, built on first use

    def tokens_at(pos: np.ndarray) -> list[str]:
        if not flat:
            flat.append(list(chain.from_iterable(splits)))
        return list(map(flat[0].__getitem__, pos.tolist()))

    return lengths, ids, max(total, 1), tokens_at


class OrderTable:
    """The distinct (text, n-gram) pairs of one order, sorted by (n-gram id, text).

    Attributes:
        code: int64 (E,), dense n-gram id in ``[0, num_codes)``.
        text: int64 (E,), text index.
        tf: int64 (E,), count of the n-gram in the text.
        first: int64 (E,), token position (global) where the n-gram first starts in the text.
        num_codes: number of distinct n-grams of this order in the batch.
    """

    __slots__ = ("code", "text", "tf", "first", "num_codes", "_runs")

    def __init__(self, code: np.ndarray, text: np.ndarray, tf: np.ndarray, first: np.ndarray,
                 num_codes: int) -> None:
        self.code, self.text, self.tf, self.first, self.num_codes = code, text, tf, first, num_codes
        self._runs: tuple | None = None


def _empty_table() -> OrderTable:
    empty = np.zeros(0, dtype=np.int64)
    return OrderTable(empty, empty, empty, empty, 0)


class NgramBatch:
    """N-gram statistics of many whitespace-split texts at once.

    Callers that group texts into samples keep each sample's texts contiguous and in
    sample order (e.g. ``[hyp0, ref0a, ref0b, hyp1, ref1a, ...]``, see `sample_layout`),
    so that entries sorted by (n-gram, text) are also sorted by (n-gram, sample) and
    `group_starts` can cut them into runs.

    Attributes:
        n: highest order.
        lengths: int64 (T,), tokens per text.
        text_of_pos: int64 (tokens,), the text of each global token position.
        orders: one `OrderTable` per order (index 0 = unigrams).
    """

    def __init__(self, texts: Sequence[str], n: int = 4, tokens: Tokenized | None = None) -> None:
        self.n = n
        if tokens is None:
            tokens = number_tokens(texts)
        self.lengths, ids, num_words_bound, self._tokens_at = tokens
        num_texts = len(self.lengths)
        total = len(ids)
        self.text_of_pos = text_of_pos = np.repeat(np.arange(num_texts, dtype=np.int64),
                                                   self.lengths)
        # how many tokens are left in its text from each position on (an n-gram of order
        # k can start at p iff room[p] >= k)
        positions = np.arange(total)
        room = np.repeat(np.cumsum(self.lengths), self.lengths) - positions
        shift = max(total - 1, 1).bit_length()
        self.orders: list[OrderTable] = []
        prev = ids  # id of the (k-1)-gram at each position; after order 1, dense word ids
        words = ids
        num_words = num_words_bound
        for k in range(1, n + 1):
            size = total - k + 1
            if size <= 0:
                self.orders.append(_empty_table())
                continue
            if k == 1:
                combined = ids.copy()
            else:
                combined = prev[:size] * num_words + words[k - 1:]
            valid = int(np.maximum(self.lengths - (k - 1), 0).sum())  # k-grams in the batch
            limit = int(combined.max())
            if valid < size:  # n-grams that would cross a text boundary sort last, then drop
                combined[room[:size] < k] = limit + 1
                limit += 1
            # Sort (n-gram, position) packed into one int64: a plain value sort is several
            # times faster than a stable argsort, and equal n-grams come out in position
            # order, so texts ascend inside a run.
            if limit < 2 ** (62 - shift):
                combined <<= shift
                combined |= positions[:size]
                combined.sort()
                packed = combined[:valid]
                sorted_code = packed >> shift
                sorted_pos = packed & ((1 << shift) - 1)
            else:  # too many distinct n-grams to pack: stable argsort instead
                perm = np.argsort(combined, kind="stable")[:valid]
                sorted_code, sorted_pos = combined[perm], perm
            del combined
            new_code = np.empty(valid, dtype=bool)
            new_code[:1] = True
            np.not_equal(sorted_code[1:], sorted_code[:-1], out=new_code[1:])
            rank = np.cumsum(new_code)
            rank -= 1
            num_codes = int(rank[-1]) + 1 if valid else 0
            sorted_text = text_of_pos[sorted_pos]
            new_entry = new_code
            new_entry[1:] |= sorted_text[1:] != sorted_text[:-1]
            starts = np.flatnonzero(new_entry)
            tf = np.diff(starts, append=valid)
            self.orders.append(OrderTable(rank[starts], sorted_text[starts], tf,
                                          sorted_pos[starts], num_codes))
            if k < n:
                prev = np.zeros(total, dtype=np.int64)
                prev[sorted_pos] = rank
                if k == 1:  # dense word ids keep later packed codes small
                    words, num_words = prev, max(num_codes, 1)

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
        columns = [self._tokens_at(rep + i) for i in range(k + 1)]
        return columns[0] if k == 0 else list(zip(*columns))


def group_starts(table: OrderTable, group_of_text: np.ndarray) -> np.ndarray:
    """Indices where a new (n-gram, group) run starts in `table` (entries sorted by n-gram, text).

    With texts of a group contiguous and groups in order, each run holds every entry of
    one n-gram within one group (e.g. one sample's hypothesis and references).
    """
    g = group_of_text[table.text]
    new = np.ones(len(table.code), dtype=bool)
    new[1:] = (table.code[1:] != table.code[:-1]) | (g[1:] != g[:-1])
    return np.flatnonzero(new)


def sample_runs(table: OrderTable, sample: np.ndarray, is_hyp: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of one (n-gram, sample) in a `sample_layout` batch: ``(starts, size, has_hyp)``.

    A run's first entry is the hypothesis' when ``has_hyp``; the rest are references.
    Cached on the table, so BLEU and CIDEr sharing a batch compute it once.
    """
    if table._runs is None or table._runs[0] is not sample:
        starts = group_starts(table, sample)
        size = np.diff(starts, append=len(table.code))
        table._runs = (sample, (starts, size, is_hyp[table.text[starts]]))
    return table._runs[1]


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


#: inside `shared_ngram_tables`: a list holding at most one entry, for the latest texts:
#: ``{"texts": [...], "tokens": {sep: Tokenized}, "batches": {n: (sample, is_hyp, batch)}}``
_SHARED: ContextVar[list | None] = ContextVar("rrg_shared_ngram_tables", default=None)


@contextmanager
def shared_ngram_tables() -> Iterator[None]:
    """Let metrics that score the same pairs share their tokenization and n-gram tables.

    BLEU and CIDEr build one `NgramBatch`; ROUGE-L reuses its token numbering when every
    text is single-spaced (then ``split(" ")`` and ``split()`` give the same tokens).
    ``rrg_rewards.score`` scores inside this block. Only the latest pairs are kept, and
    they are dropped when the block ends, so no memory outlives the call.
    """
    token = _SHARED.set([])
    try:
        yield
    finally:
        _SHARED.reset(token)


def _shared_entry(texts: list[str]) -> dict | None:
    slot = _SHARED.get()
    if slot is None:
        return None
    if not slot or slot[0]["texts"] != texts:
        slot[:] = [{"texts": texts, "tokens": {}, "batches": {}}]
    return slot[0]


def _single_spaced(texts: Sequence[str]) -> bool:
    """True when ``t.split(" ") == t.split()`` for every text: no empty text, no leading,
    trailing or double space, and no whitespace other than " " (nor other unprintables)."""
    if not texts or not all(texts):
        return False
    if any(map(str.startswith, texts, repeat(" "))) or any(map(str.endswith, texts, repeat(" "))):
        return False
    joined = "".join(texts)
    return "  " not in joined and joined.isprintable()


def shared_tokens(texts: list[str], sep: str | None = None) -> Tokenized:
    """`number_tokens`, reused inside `shared_ngram_tables` (also across ``sep`` None/" ")."""
    entry = _shared_entry(texts)
    if entry is None:
        return number_tokens(texts, sep)
    done = entry["tokens"]
    if sep not in done:
        other = {None: " ", " ": None}.get(sep, sep)
        if other in done and _single_spaced(texts):
            done[sep] = done[other]
        else:
            done[sep] = number_tokens(texts, sep)
    return done[sep]


def sample_batch(predictions: Sequence[str], references: Sequence[Sequence[str]], n: int
                 ) -> tuple[np.ndarray, np.ndarray, NgramBatch]:
    """`sample_layout` plus its `NgramBatch`: ``(sample, is_hyp, batch)``, shared if possible."""
    texts, sample, is_hyp = sample_layout(predictions, references)
    entry = _shared_entry(texts)
    if entry is not None and n in entry["batches"]:
        return entry["batches"][n]
    result = (sample, is_hyp, NgramBatch(texts, n, tokens=shared_tokens(texts)))
    if entry is not None:
        entry["batches"][n] = result
    return result

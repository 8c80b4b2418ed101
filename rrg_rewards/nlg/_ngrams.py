"""N-gram counting shared by BLEU and CIDEr (both split on any whitespace, as pycocoevalcap).

Two forms:

* `ngram_counts(words)`: per-text Counters, one per order, in first-occurrence order
  (the order pycocoevalcap's ``precook`` visits n-grams). Unigram keys are the token
  itself, longer n-grams are tuples. Used for single texts (prefix scoring, fixed
  document frequencies).
* `NgramBatch`: every distinct (text, n-gram) pair of a batch of texts as numpy
  arrays, built with one radix pass per order (each k-gram extends a sorted (k-1)-gram
  one word to the left) and no Python-level loop over tokens.
  The batch metrics (`BLEU`, `CIDErD`) use it; the n-gram ids are dense ranks, exact
  (no hashing), so nothing can collide. `shared_ngram_tables` lets BLEU and CIDEr
  scoring the same pairs build it once.
* `clipped_ngram_counts`: BLEU's clipped counts alone, from one sort of exact packed
  (sample, n words, slot) keys: what BLEU uses outside `shared_ngram_tables`.
"""
from __future__ import annotations

import threading
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


class _Numbering(dict):
    """token -> id, a new token getting the next id (``len`` so far): dense ids."""

    __slots__ = ()

    def __missing__(self, token: str) -> int:
        value = self[token] = len(self)
        return value


def number_tokens(texts: Sequence[str], sep: str | None = None) -> Tokenized:
    """``text.split(sep)`` every text and number its tokens.

    Returns:
        ``(lengths, ids, bound, tokens_at)``: int64 (texts,) token counts; int64 (tokens,)
        ids, equal for equal tokens: dense, ``0..V-1`` in order of first occurrence, so
        ``ids < bound = max(V, 1)``; and a function from global token positions to the tokens.
    """
    index = dict(zip(dict.fromkeys(texts), count()))
    if len(index) < len(texts):  # repeated texts (common in generated reports): split once
        which = np.fromiter(map(index.__getitem__, texts), dtype=np.int64, count=len(texts))
        u_lengths, u_ids, bound, u_tokens_at = number_tokens(list(index), sep)
        lengths = u_lengths[which]
        u_start = np.cumsum(u_lengths) - u_lengths
        # gather[p]: position p's token in the unique texts' numbering, as a running sum of
        # steps: 1 inside a text, a jump to the text's unique copy at its start (one array
        # built: fresh large arrays cost page faults)
        nonempty = lengths > 0
        first = u_start[which][nonempty]  # gather at each text's first position
        last = first + lengths[nonempty] - 1  # ... and at its last
        gather = np.ones(int(lengths.sum()), dtype=np.int64)
        gather[(np.cumsum(lengths) - lengths)[nonempty]] = first - np.append(0, last[:-1])
        np.cumsum(gather, out=gather)
        return lengths, u_ids[gather], bound, lambda pos: u_tokens_at(gather[pos])
    del index
    splits = list(map(str.split, texts, repeat(sep)))
    lengths = np.fromiter(map(len, splits), dtype=np.int64, count=len(splits))
    total = int(lengths.sum())
    numbering = _Numbering()
    # one C-level dict lookup per token; only a new token calls back into Python
    ids = np.fromiter(map(numbering.__getitem__, chain.from_iterable(splits)),
                      dtype=np.int64, count=total)
    vocab = len(numbering)
    del numbering
    flat: list[list[str]] = []  # the flattened tokens, built on first use

    def tokens_at(pos: np.ndarray) -> list[str]:
        if not flat:
            flat.append(list(chain.from_iterable(splits)))
        return list(map(flat[0].__getitem__, pos.tolist()))

    return lengths, ids, max(vocab, 1), tokens_at


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
        self.lengths, words, vocab, self._tokens_at = tokens
        self.words = words  # dense word id per global token position
        num_texts = len(self.lengths)
        total = len(words)
        self.text_of_pos = text_of_pos = np.repeat(np.arange(num_texts, dtype=np.int64),
                                                   self.lengths)
        # a word as the sort key: 16 bits (numpy's stable sort is then a radix sort) if it fits
        keys = words.astype(np.uint16) if vocab < 2 ** 16 else words
        # positions that start a text: an n-gram starting just before them would cross texts
        text_start = np.zeros(total + 1, dtype=bool)
        text_start[(np.cumsum(self.lengths) - self.lengths)[self.lengths > 0]] = True
        self.orders: list[OrderTable] = []
        # working arrays reused between orders and calls (the tables themselves are fresh)
        perm_buf, tail_buf, rank_buf, text_buf, prev_rank = _scratch_arrays(5, total + 1)
        perm = None
        for k in range(1, n + 1):
            if k == 1:  # positions sorted by (word, position)
                perm = np.argsort(keys, kind="stable")
                differs = None
            else:
                # Extend each (k-1)-gram one word to the left: the (k-1)-gram at q is the
                # tail of the k-gram at q - 1. Positions q come sorted by ((k-1)-gram, q),
                # so a stable sort of q - 1 by its word sorts by (k-gram, position): one
                # radix pass per order, no comparison sort.
                inner = ~text_start[perm]
                before = np.compress(inner, perm, out=tail_buf[:int(np.count_nonzero(inner))])
                before -= 1
                perm = np.take(before, np.argsort(keys[before], kind="stable"),
                               out=perm_buf[:len(before)])
                np.add(perm, 1, out=tail_buf[:len(perm)])
                tail = np.take(prev_rank, tail_buf[:len(perm)], out=rank_buf[:len(perm)])
                differs = tail[1:] != tail[:-1]
            valid = len(perm)
            if valid == 0:  # no k-grams, so no longer ones either
                self.orders.extend(_empty_table() for _ in range(k, n + 1))
                break
            sorted_word = keys[perm]
            new_code = np.empty(valid, dtype=bool)
            new_code[:1] = True
            np.not_equal(sorted_word[1:], sorted_word[:-1], out=new_code[1:])
            if differs is not None:
                new_code[1:] |= differs
            rank = np.cumsum(new_code, out=rank_buf[:valid])
            rank -= 1
            num_codes = int(rank[-1]) + 1
            sorted_text = np.take(text_of_pos, perm, out=text_buf[:valid])
            new_entry = new_code
            new_entry[1:] |= sorted_text[1:] != sorted_text[:-1]
            starts = np.flatnonzero(new_entry)
            tf = np.diff(starts, append=valid)
            self.orders.append(OrderTable(rank[starts], sorted_text[starts], tf,
                                          perm[starts], num_codes))
            if k < n:  # (only the positions in perm are read back)
                prev_rank[perm] = rank

    def ngram_words(self, k: int) -> np.ndarray:
        """int64 (num_codes, k + 1): the word ids (`number_tokens`' numbering, which is also
        the unigram ids) of every n-gram id of order index `k`, in id order."""
        rep = self._representatives(k)
        return self.words[rep[:, None] + np.arange(k + 1)]

    def _representatives(self, k: int) -> np.ndarray:
        """A start position for every n-gram id of order index `k`, in id order."""
        table = self.orders[k]
        run_start = np.ones(len(table.code), dtype=bool)
        run_start[1:] = table.code[1:] != table.code[:-1]
        return table.first[run_start]

    def ngrams(self, k: int, codes: np.ndarray | None = None) -> list[NGram]:
        """The n-gram keys (as `ngram_counts` makes them) of order index `k` for `codes`.

        Args:
            k: 0-based order.
            codes: n-gram ids; default all ids ``0..num_codes-1`` in order.
        """
        rep = self._representatives(k)
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


#: per thread, int64 scratch arrays kept between calls (see `_scratch_arrays`)
_SCRATCH = threading.local()
#: longest scratch array kept between calls, in int64 elements (4 MiB each, so at most
#: 32 MiB per thread for BLEU's 8); longer ones are allocated per call
_SCRATCH_KEEP = 1 << 19


def _scratch_arrays(count: int, size: int) -> list[np.ndarray]:
    """`count` uninitialized int64 arrays of length `size`, reused by later calls in this thread.

    A fresh large numpy array costs a page fault per 4 KiB on first touch; on the test
    machine that was ~40% of BLEU's time. Callers must not let the arrays escape.
    """
    if size > _SCRATCH_KEEP:
        return [np.empty(size, dtype=np.int64) for _ in range(count)]
    kept = getattr(_SCRATCH, "arrays", [])
    if len(kept) < count or len(kept[0]) < size:
        length = max(size, len(kept[0]) if kept else 0)
        kept = [np.empty(length, dtype=np.int64) for _ in range(max(count, len(kept)))]
        _SCRATCH.arrays = kept
    return [a[:size] for a in kept[:count]]


def clipped_ngram_counts(tokens: Tokenized, sample: np.ndarray, is_hyp: np.ndarray, n: int
                         ) -> np.ndarray | None:
    """BLEU's clipped counts of a `sample_layout` batch with one value sort for all orders.

    Every token position gets one int64 key ``(sample, w[p], ..., w[p+n-1], slot)``:
    its sample, the n words from p on (0 past the text's end) and its text's slot in the
    sample (0 = hypothesis, 1.. = references). After one ``np.sort`` the positions of every
    (sample, k-gram) are contiguous for *every* order k (a k-gram is a key prefix), so each
    order is a few linear passes: run lengths per slot, the hypothesis count clipped by the
    largest reference count, summed per sample. Counts are integers: exact.

    Returns:
        int64 (N, n) clipped counts (``correct`` of `bleu_stats`), or None when the key
        does not fit in 63 bits (very large vocabulary or batch) or a sample has more than
        64 texts; callers then use `NgramBatch`.
    """
    lengths = tokens[0]
    num = int(sample[-1]) + 1 if len(sample) else 0
    correct = np.zeros((num, n), dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return correct
    vocab = tokens[2]  # word ids become 1..V: 0 pads n-grams that run past a text's end
    first_text = np.flatnonzero(is_hyp)
    slot = np.arange(len(sample), dtype=np.int64) - first_text[sample]
    slots = int(slot.max()) + 1
    if slots < 2:  # no references at all
        return None
    wbits, sbits, lbits = vocab.bit_length(), max(num - 1, 1).bit_length(), \
        max(slots - 1, 1).bit_length()
    if slots > 64 or sbits + n * wbits + lbits > 63:
        return None
    word_mask = (1 << wbits) - 1
    sample_shift = n * wbits + lbits
    ends = np.cumsum(lengths)
    padded, key, scratch, starts_a, starts_b, head, size, ref = _scratch_arrays(8, total + n + 1)
    padded[total:] = 0
    np.add(tokens[1], 1, out=padded[:total])
    gram = scratch[:total]  # the n words from each position on, w[p] highest
    gram[:] = padded[:total]
    for j in range(1, n):
        gram <<= wbits
        gram |= padded[j:j + total]
        # the last j positions of each text: the word is past its end, 0
        past = np.concatenate([ends[lengths >= i] - i for i in range(1, j + 1)])
        gram[past] &= ~word_mask
    gram <<= lbits
    # each position's (sample, slot) bits: a running sum of their changes at text starts
    key = key[:total]
    key[:] = 0
    nonempty = lengths > 0
    text_bits = ((sample << sample_shift) | slot)[nonempty]
    key[(ends - lengths)[nonempty]] = np.diff(text_bits, prepend=0)
    np.cumsum(key, out=key)
    key |= gram
    # keys already ascend by sample (texts are in sample order): numpy's stable sort
    # (timsort) merges those runs, several times faster here than its quicksort
    key.sort(kind="stable")
    # adjacent keys agree on the top bits of their first difference: a new (sample,
    # k-gram) run starts where the xor reaches the bits of the first k words
    scratch = scratch[:total]
    scratch[0] = -1  # (as unsigned: all bits) the first entry starts every run
    np.bitwise_xor(key[1:], key[:-1], out=scratch[1:])
    change = scratch.view(np.uint64)
    starts = np.flatnonzero(change >= np.uint64(1 << lbits))  # runs of (sample, n-gram)
    # the lowest order whose runs a run also starts (its first k words differ)
    first_diff = np.take(change, starts, out=head[:len(starts)].view(np.uint64))
    level = np.full(len(starts), n, dtype=np.int8)
    for k in range(n - 1, 0, -1):
        level[first_diff >= np.uint64(1 << (lbits + (n - k) * wbits))] = k
    refs_before = None
    if slots == 2:  # reference entries (slot 1) before each index
        refs_before = padded[:total + 1]
        refs_before[0] = 0
        np.bitwise_and(key, 1, out=scratch)
        np.cumsum(scratch, out=refs_before[1:])
    spare = starts_a
    for k in range(n, 0, -1):
        if k < n:  # runs of shorter prefixes: a subset of the longer ones' starts
            keep = level <= k
            kept = int(np.count_nonzero(keep))
            starts = np.compress(keep, starts, out=spare[:kept])
            spare = starts_a if spare is starts_b else starts_b
            level = level[keep]
        runs = len(starts)
        run_head = np.take(key, starts, out=head[:runs])
        real = np.bitwise_and(run_head, word_mask << (lbits + (n - k) * wbits),
                              out=scratch[:runs]) != 0  # else the k-gram passes its text's end
        run_head >>= sample_shift  # the run's sample
        run_size = size[:runs]
        np.subtract(starts[1:], starts[:-1], out=run_size[:-1])
        run_size[-1] = total - starts[-1]
        if slots == 2:  # one reference per sample: a run is hypothesis and reference tokens
            before = np.take(refs_before, starts, out=scratch[:runs])
            clipped = ref[:runs]
            np.subtract(before[1:], before[:-1], out=clipped[:-1])
            clipped[-1] = refs_before[total] - before[-1]
            run_size -= clipped  # hypothesis tokens
            np.minimum(run_size, clipped, out=clipped)
        else:
            new = np.zeros(total, dtype=np.int64)
            new[starts] = 1
            run = np.cumsum(new)
            run -= 1
            slot_sorted = key & ((1 << lbits) - 1)
            tf = np.bincount(run * slots + slot_sorted, minlength=runs * slots)
            tf = tf.reshape(runs, slots)
            clipped = np.minimum(tf[:, 0], tf[:, 1:].max(axis=1))
        clipped *= real
        # runs ascend by sample: per-sample sums are differences of a running sum
        np.cumsum(clipped, out=clipped)
        upto = np.searchsorted(run_head, np.arange(1, num + 1))  # runs of samples < s + 1
        summed = np.where(upto > 0, clipped[np.maximum(upto - 1, 0)], 0)
        correct[:, k - 1] = np.diff(summed, prepend=0)
    return correct


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


def sharing_ngram_tables() -> bool:
    """True inside a `shared_ngram_tables` block."""
    return _SHARED.get() is not None


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

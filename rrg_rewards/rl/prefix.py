"""Incremental rewards: a metric's value for every prefix of a candidate, in one pass.

R2GenRL (Qin & Song 2022, Eq. 7-8) rewards step t with ``r_t = r(Y_t) - r(Y_{t-1})``, whose
sum telescopes to ``r(Y)``. `prefix_scores` gives ``s_t = r(Y_t)`` for every t:

* BLEU-1..4: the k-th occurrence of an n-gram in the candidate is "correct" when k is
  within the n-gram's (maximum) reference count; running sums of these hits over the
  positions where each n-gram ends give every prefix's clipped counts, and all prefixes'
  BLEU values are evaluated at once with pycocoevalcap's constants and closest reference
  length.
* ROUGE-L: one bit-parallel LCS row per reference (`rrg_rewards.nlg.rouge`), advanced one
  candidate token at a time; after token t the row holds LCS(prefix, reference).
* CIDEr-D (fixed document frequencies only): the candidate's tf-idf norms and its clipped
  dot products with each reference change only in the n-grams ending at the new token.
* Weighted sums: the weighted sum of each component's prefix scores.
* Anything else: the generic fallback scores every prefix with the reward itself.

This is a second, incremental algorithm next to the one engine of `rrg_rewards.nlg` (which
`rrg_rewards.score` and the full-sequence rewards use): its integer statistics (clipped
counts, LCS lengths) are exact, but its floating-point evaluation (numpy running sums,
vectorized exp/pow) may round differently, so every value agrees with the per-sample value
`rrg_rewards.score` gives that prefix to a relative 1e-12 (tested), not bit for bit.

BLEU and CIDEr-D run on the whole batch at once (`prefix_bleu`, `prefix_cider`): with one
reference per sample every n-gram gets an exact int64 code (sample, order, token ids) and
one sort per batch does the counting (`_Codes`); otherwise n-grams are ranked order by
order (`Layout`). What depends only on the references (token ids, CIDEr weights, ROUGE-L
bit masks) is cached per reward (`prefix_state`), as the same references come back every
epoch and for each of the K samples drawn per input.

Conventions (decided here, used by `token_rewards` and `reward_to_go`):

* Candidates are split on whitespace; prefix t is ``" ".join(tokens[:t + 1])``.
* ``s_{-1}``, the score before any token, is 0. That is the value pycocoevalcap gives the
  empty candidate for BLEU (the brevity penalty underflows to 0), CIDEr-D (no n-grams) and
  ROUGE-L (unless a reference itself contains an empty token); we use 0 for every reward
  so that ``sum_t r_t == r(Y)`` (up to rounding) for all of them.
* An empty candidate has no prefixes: an array of length 0.
"""
from __future__ import annotations

import weakref
from collections import OrderedDict
from itertools import chain
from typing import Any, Callable, Hashable, Sequence

import numpy as np

from ..errors import RewardsError
from .rewards import (DEFAULT_CACHE_SIZE, Reward, WeightedReward, make_reward,
                      normalize_candidates, normalize_reference_sets)

_TINY, _SMALL = 1e-15, 1e-9
#: metrics with a one-pass incremental kernel
INCREMENTAL_METRICS: tuple[str, ...] = ("bleu1", "bleu2", "bleu3", "bleu4", "rouge_l", "cider")


def prefix_scores(candidates: Sequence[str | Sequence[str]],
                  references: Sequence[str | Sequence[str]],
                  metric: Any = "bleu4", *,
                  train_references: Sequence[str] | None = None,
                  cider_df: Any = None) -> list[np.ndarray]:
    """The metric of each candidate's first t+1 tokens, for every t.

    Args:
        candidates: whitespace-tokenized strings (or token lists).
        references: per candidate, a reference string or a list of them.
        metric: a reward name (``bleu1..4``, ``rouge_l``, ``cider`` run incrementally; any
            other name, a callable or a `Reward` uses the generic fallback), or a `Reward`.
            In a training loop pass the `Reward` object itself: it keeps its caches (and
            CIDEr's frequencies) across calls, a name builds a new one each time.
        train_references, cider_df: fixed CIDEr document frequencies (see `make_reward`).

    Returns:
        One float64 array per candidate, of length = its number of tokens; element t is the
        per-sample metric of the prefix ending at token t.

    Raises:
        RewardsError: misaligned input, unknown metric, or CIDEr without fixed frequencies.
    """
    reward = make_reward(metric, train_references=train_references, cider_df=cider_df)
    if getattr(reward, "groupwise", False):
        raise RewardsError(f"per-token rewards of {reward.name!r} are not defined: a normalize-then-sum "
                           "reward depends on the other samples of its group, not on one prefix")
    if isinstance(reward, WeightedReward):  # each component with its own kernel
        total: list[np.ndarray] | None = None
        for w, component in reward.terms:
            part = prefix_scores(candidates, references, component)
            total = [w * p for p in part] if total is None else \
                [t + w * p for t, p in zip(total, part)]
        return total if total is not None else []
    cands = normalize_candidates(candidates)
    refs = normalize_reference_sets(references, len(cands))
    if reward.clean != "none":
        from ..text import clean_texts
        cands = clean_texts(cands, reward.clean)
        refs = [clean_texts(r, reward.clean) for r in refs]
    words = [c.split() for c in cands]
    kind = reward.prefix_metric
    if kind is not None and kind.startswith("bleu"):
        return _bleu_prefixes(words, refs, prefix_state(reward), int(kind[-1]))
    if kind == "rouge_l":
        return _rouge_prefixes(words, refs, prefix_state(reward))
    if kind == "cider":
        return _cider_prefixes(words, refs, reward)
    return _generic_prefixes(words, refs, reward)


class _LRU:
    """A small least-recently-used cache of per-reference-set statistics."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._d: OrderedDict = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        d = self._d
        v = d.get(key)
        if v is None:
            v = make()
            if self.maxsize > 0:
                d[key] = v
                if len(d) > self.maxsize:
                    d.popitem(last=False)
        elif len(d) > 64:  # recency bookkeeping only matters once eviction can happen
            d.move_to_end(key)
        return v

    def __len__(self) -> int:
        return len(self._d)


class PrefixState:
    """What the prefix tables keep for one reward between calls (see `prefix_state`).

    Attributes:
        vocab: token ids, stable for the reward's lifetime (BLEU, CIDEr-D).
        cache_size: reference sets whose statistics are kept.
    """

    def __init__(self, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        self.cache_size = cache_size
        self.vocab = TokenIds(cache_size)
        self._masks = _LRU(cache_size)
        self._df_index: DfIndex | None = None

    def reference_masks(self, refs: list[str]) -> list[tuple[dict, int]]:
        """ROUGE-L: per reference, bit masks of its tokens (split on " ") and its length."""
        from ..nlg.rouge import match_masks

        def make() -> list[tuple[dict, int]]:
            toks = [r.split(" ") for r in refs]
            return [(match_masks(t), len(t)) for t in toks]
        return self._masks.get(tuple(refs), make)

    def df_index(self, df: Any) -> "DfIndex":
        """CIDEr-D: the reward's fixed document frequencies indexed by token id (built once)."""
        if self._df_index is None:
            self._df_index = DfIndex(df, self.vocab, self.cache_size)
        return self._df_index


_STATES: "weakref.WeakKeyDictionary[Reward, PrefixState]" = weakref.WeakKeyDictionary()


def prefix_state(reward: Reward) -> PrefixState:
    """The caches `prefix_scores` keeps for `reward` (made on first use, dropped with it)."""
    state = _STATES.get(reward)
    if state is None:
        state = _STATES[reward] = PrefixState(getattr(reward, "cache_size", DEFAULT_CACHE_SIZE))
    return state


def token_rewards(prefix_values: Sequence[np.ndarray], initial: float = 0.0) -> list[np.ndarray]:
    """Per-token rewards ``r_t = s_t - s_{t-1}`` with ``s_{-1} = initial`` (0 by convention).

    Args:
        prefix_values: `prefix_scores` output.
        initial: the score before the first token.

    Returns:
        One float64 array per candidate, same lengths; each sums to ``s_T - initial``.
    """
    out = []
    for s in prefix_values:
        s = np.asarray(s, dtype=np.float64)
        out.append(np.diff(s, prepend=initial) if s.size else s.copy())
    return out


def reward_to_go(rewards: Sequence[np.ndarray] | np.ndarray, gamma: float = 1.0
                 ) -> list[np.ndarray] | np.ndarray:
    """``G_t = sum_{u >= t} gamma^(u - t) r_u`` for each sequence.

    Args:
        rewards: per-token rewards, a list of 1-D arrays or a padded 2-D array (N, T)
            (padding must be 0).
        gamma: discount in [0, 1].

    Returns:
        The same structure as `rewards`: float64 arrays of reward-to-go. With gamma = 1
        and rewards from `token_rewards`, ``G_t = s_T - s_{t-1}``.
    """
    if not 0.0 <= gamma <= 1.0:
        raise RewardsError(f"gamma must be in [0, 1], got {gamma}")
    if isinstance(rewards, np.ndarray) and rewards.ndim == 2:
        return _rtg_2d(rewards.astype(np.float64), gamma)
    return [_rtg_2d(np.asarray(r, dtype=np.float64)[None, :], gamma)[0] for r in rewards]


def _rtg_2d(r: np.ndarray, gamma: float) -> np.ndarray:
    if gamma == 1.0:
        return np.flip(np.cumsum(np.flip(r, axis=1), axis=1), axis=1).copy()
    out = np.empty_like(r)
    acc = np.zeros(r.shape[0])
    for t in range(r.shape[1] - 1, -1, -1):
        acc = r[:, t] + gamma * acc
        out[:, t] = acc
    return out


def pad(arrays: Sequence[np.ndarray], length: int | None = None, value: float = 0.0) -> np.ndarray:
    """Stack ragged 1-D arrays into float64 (N, length), right-padded with `value`.

    Use it to line per-token rewards up with a model's (B, T) log-probabilities; the
    EOS step (which adds no token to the text) gets `value`, i.e. reward 0.
    """
    length = max((len(a) for a in arrays), default=0) if length is None else length
    out = np.full((len(arrays), length), value, dtype=np.float64)
    for i, a in enumerate(arrays):
        if len(a) > length:
            raise RewardsError(f"sequence {i} has {len(a)} steps, more than length={length}")
        out[i, :len(a)] = a
    return out


# ---------------------------------------------------------------------------------------
# kernels
# ---------------------------------------------------------------------------------------
def _split(flat: np.ndarray, lengths: list[int]) -> list[np.ndarray]:
    return np.split(flat, np.cumsum(lengths)[:-1]) if lengths else []


def _bleu_prefixes(words: list[list[str]], refs: list[list[str]], state: PrefixState,
                   n: int) -> list[np.ndarray]:
    """BLEU-n of all prefixes: running clipped counts, then one vectorized evaluation."""
    lengths = [len(w) for w in words]
    if not sum(lengths):
        return [np.zeros(0) for _ in words]
    return _split(prefix_bleu(state.vocab, words, refs, n), lengths)


def _rouge_prefixes(words: list[list[str]], refs: list[list[str]], state: PrefixState
                    ) -> list[np.ndarray]:
    """ROUGE-L of all prefixes: one bit-parallel LCS row per reference, one step per token.

    The row ``v`` (`rrg_rewards.nlg.rouge.lcs_from_masks`) after candidate token t encodes
    LCS(prefix_t, reference) as the number of zero bits among the reference's m bits.
    """
    from ..nlg.rouge import BETA
    b2 = BETA ** 2
    lengths = [len(w) for w in words]
    Pc = sum(lengths)
    if not Pc:
        return [np.zeros(0) for _ in words]
    ref_masks = [state.reference_masks(r) for r in refs]
    J = max(len(r) for r in ref_masks)
    # per reference slot, flat over all prefixes: the row's popcount and the reference
    # length; LCS = length - popcount. A missing slot is (1, 1): LCS 0, never the best.
    pcs: list[list[int]] = [[] for _ in range(J)]
    ms: list[list[int]] = [[] for _ in range(J)]
    for w, rm in zip(words, ref_masks):
        L = len(w)
        for j in range(J):
            if j >= len(rm):
                pcs[j] += [1] * L
                ms[j] += [1] * L
                continue
            masks, m = rm[j]
            full = (1 << m) - 1
            v = full
            append = pcs[j].append
            for bits in map(masks.get, w):
                if bits:
                    u = v & bits
                    v = (v + u) | (v - u)
                append((v & full).bit_count())
            ms[j] += [m] * L
    ref_len = np.array(ms, dtype=np.float64)
    lcs = ref_len - np.array(pcs, dtype=np.float64)
    testlen = np.concatenate([np.arange(1, L + 1, dtype=np.float64) for L in lengths])
    prec = (lcs / testlen).max(axis=0)
    rec = (lcs / ref_len).max(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        f = ((1 + b2) * prec * rec) / (rec + b2 * prec)
    return _split(np.where((prec != 0) & (rec != 0), f, 0.0), lengths)


def _cider_prefixes(words: list[list[str]], refs: list[list[str]], reward: Any
                    ) -> list[np.ndarray]:
    """CIDEr-D of all prefixes with fixed document frequencies.

    Adding token t changes the candidate's count of the (at most 4) n-grams ending at t;
    for each one the squared norm and the clipped dot product ``min(h, r) * r`` with each
    reference change by the new term minus the old one; running sums give every prefix.
    """
    lengths = [len(w) for w in words]
    if not sum(lengths):
        return [np.zeros(0) for _ in words]
    state = prefix_state(reward)
    values = prefix_cider(state.df_index(reward.df), state.vocab, words, refs, reward.sigma)
    return _split(values, lengths)


def _generic_prefixes(words: list[list[str]], refs: list[list[str]],
                      reward: Any) -> list[np.ndarray]:
    """Score every prefix with the reward itself (one batched call)."""
    flat_c = [" ".join(w[:t + 1]) for w in words for t in range(len(w))]
    flat_r = [r for w, r in zip(words, refs) for _ in range(len(w))]
    lengths = [len(w) for w in words]
    if not flat_c:
        return [np.zeros(0) for _ in words]
    # already split and cleaned: bypass the reward's own text handling
    values = reward._result(flat_c, flat_r).total
    return _split(np.asarray(values, dtype=np.float64), lengths)


# ---------------------------------------------------------------------------------------
# vectorized batch kernels (BLEU and CIDEr-D, all candidates and references at once)
# ---------------------------------------------------------------------------------------


def segment_cumsum(x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Cumulative sums along axis 0 that restart at each segment (segments of `lengths` rows).

    Rows of all candidates lie end to end; this gives each candidate's running totals, i.e.
    the statistic of every prefix, in one numpy pass.
    """
    cs = np.cumsum(x, axis=0)
    starts = np.cumsum(lengths) - lengths
    before = np.zeros((len(lengths),) + x.shape[1:], dtype=cs.dtype)
    nz = starts > 0
    before[nz] = cs[starts[nz] - 1]
    return cs - np.repeat(before, lengths, axis=0)

def running_occurrence(codes: np.ndarray) -> np.ndarray:
    """1-based running count of each value among equal values, in position order.

    ``[7, 3, 7, 7] -> [1, 1, 2, 3]``: how many times a candidate n-gram has occurred up to
    and including each position, which is what clipping needs prefix by prefix.
    """
    m = len(codes)
    order = np.argsort(codes, kind="stable")
    sc = codes[order]
    new = np.empty(m, dtype=bool)
    new[:1] = True
    np.not_equal(sc[1:], sc[:-1], out=new[1:])
    start = np.maximum.accumulate(np.where(new, np.arange(m), 0))
    occ = np.empty(m, dtype=np.int64)
    occ[order] = np.arange(m) - start + 1
    return occ

class TokenIds:
    """A growing vocabulary: token -> int id, shared by every batch a reward scores.

    Ids are stable for the reward's lifetime, so reference token ids can be cached and
    CIDEr's document-frequency table can be indexed by id once.
    """

    def __init__(self, cache_size: int = 50_000) -> None:
        self.ids: dict[str, int] = {}
        self._seq_cache: dict[str, list[int]] = {}
        self._cache_size = cache_size

    def encode(self, words: Sequence[str]) -> list[int]:
        ids = self.ids
        out = list(map(ids.get, words))
        if None in out:
            for i, x in enumerate(out):
                if x is None:
                    w = words[i]
                    x = ids.get(w)
                    if x is None:
                        x = ids[w] = len(ids)
                    out[i] = x
        return out

    def encode_reference(self, text: str) -> list[int]:
        """Ids of a reference's tokens, cached (references repeat across epochs and samples)."""
        ids = self._seq_cache.get(text)
        if ids is None:
            ids = self.encode(text.split())
            if self._cache_size > 0:
                if len(self._seq_cache) >= self._cache_size:
                    self._seq_cache.clear()
                self._seq_cache[text] = ids
        return ids


def _dense_ranks(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_inverse=True)``, faster for small int64 arrays.

    Sorting ``key * m + position`` (one plain sort of values) replaces an argsort; it is
    exact while that product fits in int64, else np.unique is used.
    """
    m = len(key)
    if m == 0:
        return key[:0], key[:0]
    top = int(key.max())
    if top >= 0 and int(key.min()) >= 0 and (top + 1) * m < 2 ** 62:
        packed = np.sort(key * m + np.arange(m))
        skey = packed // m
        new = np.empty(m, dtype=bool)
        new[0] = True
        np.not_equal(skey[1:], skey[:-1], out=new[1:])
        inv = np.empty(m, dtype=np.int64)
        inv[packed - skey * m] = np.cumsum(new) - 1
        return skey[new], inv
    uniq, inv = np.unique(key, return_inverse=True)
    return uniq, inv.reshape(-1)


class Layout:
    """Candidates and references of a batch as one array of token ids, with n-gram ranks.

    Positions ``[0, Pc)`` hold the candidates' tokens (in order), then the references'.
    For order k (0-based), the n-gram starting at position p gets a dense rank that is
    equal for equal (sample, n-gram) pairs: ranks of order k are the sorted distinct
    values of ``rank_{k-1}[p] * V + id[p + k]`` (order 0: ``sample * V + id``), so they
    stay exact for any vocabulary size.
    """

    def __init__(self, vocab: TokenIds, cand_words: list[list[str]], refs: list[list[str]],
                 n: int) -> None:
        B = len(cand_words)
        self.B, self.n = B, n
        self._vocab = vocab
        cand_ids = [vocab.encode(w) for w in cand_words]
        self.ref_texts = [r for rs in refs for r in rs]
        ref_ids = [vocab.encode_reference(r) for r in self.ref_texts]
        self.ref_ids = ref_ids
        self.nrefs = np.fromiter(map(len, refs), dtype=np.int64, count=B)
        self.J = int(self.nrefs.max()) if B else 1
        c_len = np.fromiter(map(len, cand_ids), dtype=np.int64, count=B)
        r_len = np.fromiter(map(len, ref_ids), dtype=np.int64, count=len(ref_ids))
        self.c_len, self.Pc = c_len, int(c_len.sum())
        ref_sample = np.repeat(np.arange(B), self.nrefs)
        ref_slot = np.arange(len(ref_ids)) - np.repeat(np.cumsum(self.nrefs) - self.nrefs,
                                                       self.nrefs)
        # ref lengths as a (B, J) table, -1 where a sample has fewer than J references
        self.ref_len = np.full((B, self.J), -1, dtype=np.int64)
        self.ref_len[ref_sample, ref_slot] = r_len
        seq_len = np.concatenate([c_len, r_len])
        seq_sample = np.concatenate([np.arange(B), ref_sample])
        self.seq_slot = np.concatenate([np.full(B, -1), ref_slot])
        P = int(seq_len.sum())
        tok = np.fromiter(chain.from_iterable(chain(cand_ids, ref_ids)), dtype=np.int64, count=P)
        seq_start = np.cumsum(seq_len) - seq_len
        self.seq_of_pos = np.repeat(np.arange(len(seq_len)), seq_len)
        self.pos_in_seq = np.arange(P) - seq_start[self.seq_of_pos]
        remaining = (seq_len[self.seq_of_pos] - self.pos_in_seq)  # tokens from p to the end
        self.sample_of_pos = seq_sample[self.seq_of_pos]
        V = max(len(vocab.ids), 1)
        self.tok = tok
        self.remaining = remaining
        #: per order: (start positions, their ranks, number of ranks, sample of each rank)
        self.orders: list[tuple[np.ndarray, np.ndarray, int, np.ndarray]] = []
        rank_full = np.empty(P, dtype=np.int64)
        for k in range(n):
            if k == 0:
                idx = np.arange(P)
                key = self.sample_of_pos * V + tok
            else:
                idx = np.flatnonzero(remaining > k)
                key = rank_full[idx] * V + tok[idx + k]
            uniq, inv = _dense_ranks(key)
            if k == 0:
                sample_of_rank = uniq // V
            else:
                sample_of_rank = self.orders[-1][3][uniq // V]
            self.orders.append((idx, inv, len(uniq), sample_of_rank))
            rank_full[idx] = inv

    def vocab_ids(self, text: str) -> list[int]:
        return self._vocab.encode_reference(text)

    def split(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Order k: candidate start positions and ranks, reference ranks and slots, #ranks."""
        idx, inv, U, _ = self.orders[k]
        nc = int(np.searchsorted(idx, self.Pc))
        return idx[:nc], inv[:nc], inv[nc:], self.seq_slot[self.seq_of_pos[idx[nc:]]], U

    def ref_tf(self, r_rank: np.ndarray, r_slot: np.ndarray, U: int) -> np.ndarray:
        """(U, J) counts of each ranked n-gram in each reference slot."""
        J = self.J
        if J == 1:
            return np.bincount(r_rank, minlength=U).reshape(U, 1)
        return np.bincount(r_rank * J + r_slot, minlength=U * J).reshape(U, J)

    def occurrence(self, c_rank: np.ndarray) -> np.ndarray:
        """1-based running count of each candidate n-gram occurrence (in position order)."""
        return running_occurrence(c_rank)

    def segment_cumsum(self, x: np.ndarray) -> np.ndarray:
        """Cumulative sums along candidate positions (axis 0), restarting at each candidate."""
        return segment_cumsum(x, self.c_len)

    def closest_ref_len(self, testlen: np.ndarray, sample: np.ndarray) -> np.ndarray:
        """pycocoevalcap's closest reference length (ties toward the shorter)."""
        if self.J == 1:
            return self.ref_len[sample, 0].astype(np.float64)
        rl = self.ref_len[sample]  # (M, J)
        span = int(self.ref_len.max()) + 2
        key = np.where(rl >= 0, np.abs(rl - testlen[:, None]) * span + rl, np.iinfo(np.int64).max)
        return (key.min(axis=1) % span).astype(np.float64)


def _bleu_values(correct: np.ndarray, testlen: np.ndarray, reflen: np.ndarray,
                 n: int) -> np.ndarray:
    """Cumulative BLEU-n from (M, n) clipped counts, pycocoevalcap's constants and order."""
    bleu = np.ones(len(testlen), dtype=np.float64)
    for k in range(n):
        guess = np.maximum(0.0, testlen - k)
        bleu = bleu * ((correct[:, k] + _TINY) / (guess + _SMALL))
    value = bleu ** (1.0 / n)  # only the last order's root is returned
    ratio = (testlen + _TINY) / (reflen + _SMALL)
    short = ratio < 1
    if short.any():
        value = np.where(short, value * np.exp(1 - 1 / np.where(short, ratio, 1.0)), value)
    return value


def prefix_bleu(vocab: TokenIds, cand_words: list[list[str]], refs: list[list[str]], n: int
                ) -> np.ndarray:
    """BLEU-n of every candidate prefix, flat over all candidates: float64 (Pc,)."""
    co = _Codes.build(vocab, cand_words, refs, n)
    if co is not None:
        return _fast_bleu(co)
    lay = Layout(vocab, cand_words, refs, n)
    Pc = lay.Pc
    hits = np.zeros((Pc, n))
    for k in range(n):
        c_pos, c_rank, r_rank, r_slot, U = lay.split(k)
        ref_max = lay.ref_tf(r_rank, r_slot, U).max(axis=1)
        hits[c_pos + k, k] = lay.occurrence(c_rank) <= ref_max[c_rank]
    correct = lay.segment_cumsum(hits)
    testlen = (lay.pos_in_seq[:Pc] + 1)
    reflen = lay.closest_ref_len(testlen, lay.sample_of_pos[:Pc])
    return _bleu_values(correct, testlen.astype(np.float64), reflen, n)


class DfIndex:
    """CIDEr document-frequency weights indexed by token ids (built once per reward).

    Order k's table holds, sorted, ``rank_{k-1}(prefix) * 2**31 + id(last token)`` for each
    n-gram with a frequency (every prefix of such an n-gram has one too), and its weight
    ``log(num_docs) - log(max(1, df))`` as `DocumentFrequencies.weights` gives it.
    """

    _BASE = 1 << 31

    def __init__(self, df: Any, vocab: TokenIds, cache_size: int = 50_000) -> None:
        weights = df.weights()
        self.ref_len = df.ref_len
        self.codes: list[np.ndarray] = []
        self.values: list[np.ndarray] = []
        rank_of: dict = {}
        for k, wk in enumerate(weights):
            grams = list(wk)
            if k == 0:
                codes = np.array(vocab.encode(grams), dtype=np.int64)
            else:
                last = vocab.encode([g[-1] for g in grams])
                prev = [rank_of[g[:-1] if k > 1 else g[0]] for g in grams]
                codes = np.array(prev, dtype=np.int64) * self._BASE + np.array(last, dtype=np.int64)
            order = np.argsort(codes, kind="stable")
            self.codes.append(codes[order])
            self.values.append(np.array(list(wk.values()), dtype=np.float64)[order])
            rank_of = dict(zip([grams[i] for i in order.tolist()], range(len(grams))))
        # unigrams by id: weight, and rank in the sorted unigram table (-1: no frequency)
        size = int(self.codes[0].max()) + 1 if len(self.codes[0]) else 1
        self._unigram = np.full(size, self.ref_len)
        self._unigram[self.codes[0]] = self.values[0]
        self._unigram_rank = np.full(size, -1, dtype=np.int64)
        self._unigram_rank[self.codes[0]] = np.arange(len(self.codes[0]))
        self._ref_cache: dict[str, list] = {}
        self._cache_size = max(int(cache_size), 0)

    def _lookup(self, tok: np.ndarray, remaining: np.ndarray, n: int) -> list[np.ndarray]:
        """Per order k, the weights of the n-grams starting where ``remaining > k``, in order."""
        out = []
        ref_len = self.ref_len
        # order 0: a dense table by token id (ids added after the build have no frequency)
        uni = self._unigram
        inside = tok < len(uni)
        w = np.where(inside, uni[np.where(inside, tok, 0)], ref_len)
        out.append(w)
        rank = np.where(inside, self._unigram_rank[np.where(inside, tok, 0)], -1)
        pos = np.arange(len(tok))  # start positions of the previous order's n-grams
        for k in range(1, n):
            keep = remaining[pos] > k
            pos, prev = pos[keep], rank[keep]
            codes, values = self.codes[k], self.values[k]
            w = np.full(len(pos), ref_len)
            rank = np.full(len(pos), -1, dtype=np.int64)
            hit = np.flatnonzero(prev >= 0)
            if len(codes) and len(hit):
                key = prev[hit] * self._BASE + tok[pos[hit] + k]
                j = np.minimum(np.searchsorted(codes, key), len(codes) - 1)
                found = codes[j] == key
                w[hit[found]] = values[j[found]]
                rank[hit[found]] = j[found]
            out.append(w)
        return out

    def weights(self, lay: Layout) -> list[np.ndarray]:
        """Per order, the weight of the n-gram starting at each start position of `lay`.

        Candidates are looked up every time; each reference's weights are cached.
        """
        n, Pc = lay.n, lay.Pc
        cand = self._lookup(lay.tok[:Pc], lay.remaining[:Pc], n)
        rw = self.reference_weights(lay.ref_texts, lay.ref_ids, n)
        return [np.concatenate([cand[k]] + [r[k] for r in rw]) for k in range(n)]

    def reference_weights(self, texts: list[str], ids: list[list[int]], n: int
                          ) -> list[list[np.ndarray]]:
        """Per reference, per order, its n-grams' weights (cached by reference text)."""
        cache = self._ref_cache
        missing = {t: i for t, i in zip(texts, ids) if t not in cache}
        if missing:
            if len(cache) + len(missing) > self._cache_size:
                cache.clear()
            lens = np.array([len(x) for x in missing.values()], dtype=np.int64)
            tok = np.fromiter(chain.from_iterable(missing.values()), dtype=np.int64,
                              count=int(lens.sum()))
            rem = np.repeat(np.cumsum(lens), lens) - np.arange(len(tok))
            found = self._lookup(tok, rem, n)
            per_ref: list[list] = [[None] * n for _ in missing]
            for k in range(n):
                for slot, part in zip(per_ref, _split(found[k], [max(int(L) - k, 0) for L in lens])):
                    slot[k] = part
            cache.update(zip(missing, per_ref))
            if self._cache_size == 0:
                out = [cache[t] for t in texts]
                cache.clear()
                return out
        return [cache[t] for t in texts]


def prefix_cider(index: DfIndex, vocab: TokenIds, cand_words: list[list[str]],
                 refs: list[list[str]], sigma: float) -> np.ndarray:
    """CIDEr-D (fixed document frequencies) of every candidate prefix: float64 (Pc,)."""
    n = 4
    co = _Codes.build(vocab, cand_words, refs, n, index)
    if co is not None:
        return _fast_cider(co, sigma)
    lay = Layout(vocab, cand_words, refs, n)
    B, J, Pc = lay.B, lay.J, lay.Pc
    w_pos = index.weights(lay)
    valid = lay.ref_len >= 0                                    # (B, J)
    ref_bigrams = np.maximum(lay.ref_len - 1, 0).astype(np.float64)
    d_norm2 = np.zeros((Pc, n))
    d_dot = np.zeros((Pc, J, n))
    norm_r2 = np.zeros((B, J, n))
    for k in range(n):
        c_pos, c_rank, r_rank, r_slot, U = lay.split(k)
        idx, inv, _, sample_of_rank = lay.orders[k]
        w_u = np.empty(U)
        w_u[inv] = w_pos[k]
        vr = lay.ref_tf(r_rank, r_slot, U) * w_u[:, None]          # (U, J)
        for j in range(J):
            norm_r2[:, j, k] = np.bincount(sample_of_rank, weights=vr[:, j] ** 2, minlength=B)
        c = lay.occurrence(c_rank).astype(np.float64)
        wc = w_u[c_rank]
        new, old = c * wc, (c - 1.0) * wc
        end = c_pos + k
        d_norm2[end, k] = new ** 2 - old ** 2
        x = vr[c_rank]                                              # (m, J)
        d_dot[end, :, k] = (np.minimum(new[:, None], x) - np.minimum(old[:, None], x)) * x
    norm_h2 = lay.segment_cumsum(d_norm2)                           # (Pc, n)
    dot = lay.segment_cumsum(d_dot)                                 # (Pc, J, n)
    sample = lay.sample_of_pos[:Pc]
    hyp_bigrams = lay.pos_in_seq[:Pc].astype(np.float64)
    norm_h = np.sqrt(norm_h2)[:, None, :]                           # (Pc, 1, n)
    norm_r = np.sqrt(norm_r2)[sample]                               # (Pc, J, n)
    denom = norm_h * norm_r
    val = np.where((norm_h != 0) & (norm_r != 0), dot / np.where(denom == 0, 1.0, denom), dot)
    delta = hyp_bigrams[:, None] - ref_bigrams[sample]              # (Pc, J)
    pen = np.e ** (-(delta ** 2) / (2 * sigma ** 2))
    pen = np.where(valid[sample], pen, 0.0)
    score = (val * pen[:, :, None]).sum(axis=1)                     # (Pc, n)
    return score.mean(axis=1) / lay.nrefs[sample] * 10.0


# ---------------------------------------------------------------------------------------
# single-reference fast path: every order's n-grams coded directly, one sort per side
# ---------------------------------------------------------------------------------------
class _Codes:
    """Candidates and single references of a batch with exact integer n-gram codes.

    The (k+1)-gram starting at position p of sample s gets the code
    ``(s * n + k) * V**n + (id_p * V + id_{p+1}) * V ... + id_{p+k}``: equal codes mean
    equal (sample, order, n-gram) and ``code // V**n`` is ``s * n + k``. Token ids are the
    reward's (or, when those are too large to fit, the batch's own dense ids). `build`
    returns None when the codes cannot fit in int64; the general `Layout` is used then.

    Attributes:
        c_code, r_code: codes of the candidates' / references' n-grams, orders concatenated.
        c_end, c_order: for each candidate n-gram, the position of its last token
            (0-based, over all candidates) and its order.
        c_w, r_w: CIDEr weights of each n-gram (only when a `DfIndex` is given).
    """

    @classmethod
    def build(cls, vocab: TokenIds, cand_words: list[list[str]], refs: list[list[str]], n: int,
              index: "DfIndex | None" = None) -> "_Codes | None":
        if any(len(r) != 1 for r in refs):
            return None
        B = len(cand_words)
        cand_ids = [vocab.encode(w) for w in cand_words]
        ref_texts = [r[0] for r in refs]
        ref_ids = [vocab.encode_reference(r) for r in ref_texts]
        c_len = np.fromiter(map(len, cand_ids), dtype=np.int64, count=B)
        r_len = np.fromiter(map(len, ref_ids), dtype=np.int64, count=B)
        Pc, Pr = int(c_len.sum()), int(r_len.sum())
        c_tok = np.fromiter(chain.from_iterable(cand_ids), dtype=np.int64, count=Pc)
        r_tok = np.fromiter(chain.from_iterable(ref_ids), dtype=np.int64, count=Pr)
        c_end_seq = np.repeat(np.cumsum(c_len), c_len)
        r_end_seq = np.repeat(np.cumsum(r_len), r_len)
        c_rem = c_end_seq - np.arange(Pc)  # tokens from each position to its text's end
        r_rem = r_end_seq - np.arange(Pr)
        self = cls()
        if index is not None:  # document frequencies are indexed by the reward's ids
            self.c_w = np.concatenate(index._lookup(c_tok, c_rem, n))
            rw = index.reference_weights(ref_texts, ref_ids, n)
        V = max(len(vocab.ids), 1)
        limit = 2 ** 61 // max(B * n, 1)
        if V ** n >= limit:  # renumber with the batch's own dense ids
            uniq, inv = np.unique(np.concatenate([c_tok, r_tok]), return_inverse=True)
            V = max(len(uniq), 1)
            if V ** n >= limit:
                return None
            inv = inv.reshape(-1)
            c_tok, r_tok = inv[:Pc], inv[Pc:]
        M = V ** n
        self.B, self.n, self.V, self.M = B, n, V, M
        self.c_len, self.r_len, self.Pc = c_len, r_len, Pc
        self.c_pos_in_seq = np.arange(Pc) - (c_end_seq - np.repeat(c_len, c_len))
        self.c_sample_of_pos = np.repeat(np.arange(B), c_len)
        c_base = self.c_sample_of_pos * (n * M)
        r_base = np.repeat(np.arange(B) * (n * M), r_len)
        c_codes, r_codes, c_ends, c_orders = [], [], [], []
        cc, rc = c_tok, r_tok
        for k in range(n):
            if k:
                cc = cc[:-1] * V + c_tok[k:]
                rc = rc[:-1] * V + r_tok[k:]
            c_sel = np.flatnonzero(c_rem[:Pc - k] > k)
            r_sel = np.flatnonzero(r_rem[:Pr - k] > k)
            c_codes.append(cc[c_sel] + c_base[c_sel] + k * M)
            r_codes.append(rc[r_sel] + r_base[r_sel] + k * M)
            c_ends.append(c_sel + k)
            c_orders.append(np.full(len(c_sel), k, dtype=np.int64))
        self.c_code = np.concatenate(c_codes)
        self.r_code = np.concatenate(r_codes)
        self.c_end = np.concatenate(c_ends)
        self.c_order = np.concatenate(c_orders)
        if index is not None:
            self.r_w = np.concatenate([np.concatenate([w[k] for w in rw]) for k in range(n)])
        return self

    def occurrence(self, codes: np.ndarray | None = None) -> np.ndarray:
        """1-based running count of each n-gram among equal codes (position order).

        Args:
            codes: candidate n-gram codes in position order (default: all of them).
        """
        return running_occurrence(self.c_code if codes is None else codes)

    def ref_counts(self, codes: np.ndarray) -> np.ndarray:
        """How often each code occurs among the reference n-grams."""
        rs = np.sort(self.r_code)
        return np.searchsorted(rs, codes, side="right") - np.searchsorted(rs, codes, side="left")

    def segment_cumsum(self, x: np.ndarray) -> np.ndarray:
        """Cumulative sums along candidate positions (axis 0), restarting at each candidate."""
        return segment_cumsum(x, self.c_len)


def _runs(sorted_keys: np.ndarray) -> np.ndarray:
    """Start index of each run of equal values."""
    m = len(sorted_keys)
    new = np.empty(m, dtype=bool)
    new[:1] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=new[1:])
    return np.flatnonzero(new)


def _fast_bleu(co: _Codes) -> np.ndarray:
    """`prefix_bleu` on the single-reference fast path."""
    n = co.n
    rc = co.ref_counts(co.c_code)
    matched = np.flatnonzero(rc)  # only n-grams that occur in the reference can hit
    hit = np.zeros(len(rc), dtype=bool)
    hit[matched] = co.occurrence(co.c_code[matched]) <= rc[matched]
    hits = np.zeros((co.Pc, n))
    hits[co.c_end, co.c_order] = hit
    correct = co.segment_cumsum(hits)
    testlen = (co.c_pos_in_seq + 1).astype(np.float64)
    return _bleu_values(correct, testlen, co.r_len[co.c_sample_of_pos].astype(np.float64), n)


def _fast_cider(co: _Codes, sigma: float) -> np.ndarray:
    """`prefix_cider` on the single-reference fast path."""
    n, B = co.n, co.B
    ref_bigrams = np.maximum(co.r_len - 1, 0).astype(np.float64)
    order = np.argsort(co.r_code)
    rs = co.r_code[order]
    starts = _runs(rs)
    r_cnt = np.diff(np.append(starts, len(rs)))
    vr_u = r_cnt * co.r_w[order][starts]
    norm_r = np.sqrt(np.bincount(rs[starts] // co.M, weights=vr_u ** 2,
                                 minlength=B * n)).reshape(B, n)[co.c_sample_of_pos]
    x = co.ref_counts(co.c_code) * co.c_w  # the reference's tf-idf of each n-gram
    c = co.occurrence().astype(np.float64)
    new, old = c * co.c_w, (c - 1.0) * co.c_w
    d_norm2 = np.zeros((co.Pc, n))
    d_dot = np.zeros((co.Pc, n))
    d_norm2[co.c_end, co.c_order] = new ** 2 - old ** 2
    d_dot[co.c_end, co.c_order] = (np.minimum(new, x) - np.minimum(old, x)) * x
    norm_h = np.sqrt(co.segment_cumsum(d_norm2))
    dot = co.segment_cumsum(d_dot)
    hyp_bigrams = co.c_pos_in_seq.astype(np.float64)
    denom = norm_h * norm_r
    val = np.where((norm_h != 0) & (norm_r != 0), dot / np.where(denom == 0, 1.0, denom), dot)
    delta = hyp_bigrams - ref_bigrams[co.c_sample_of_pos]
    pen = np.e ** (-(delta ** 2) / (2 * sigma ** 2))
    return (val * pen[:, None]).mean(axis=1) * 10.0

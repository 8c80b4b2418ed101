"""Incremental rewards: a metric's value for every prefix of a candidate, in one pass.

R2GenRL (Qin & Song 2022, Eq. 7-8) rewards step t with ``r_t = r(Y_t) - r(Y_{t-1})``, whose
sum telescopes to ``r(Y)``. `prefix_scores` gives ``s_t = r(Y_t)`` for every t:

* BLEU-1..4: n-gram counts are updated as each token arrives (an n-gram is "correct" when
  its running count is within its maximum reference count), then all prefixes' BLEU values
  are evaluated at once with pycocoevalcap's constants and closest reference length.
* ROUGE-L: one bit-parallel LCS row per reference (`rrg_rewards.nlg.rouge`), advanced one
  candidate token at a time; after token t the row holds LCS(prefix, reference).
* CIDEr-D (fixed document frequencies only): the candidate's tf-idf norms and its clipped
  dot products with each reference change only in the n-grams ending at the new token.
* Anything else: the generic fallback scores every prefix with the reward itself.

Every value equals the per-sample value `rrg_rewards.score` gives for that prefix (to 1e-9).

Conventions (decided here, used by `token_rewards` and `reward_to_go`):

* Candidates are split on whitespace; prefix t is ``" ".join(tokens[:t + 1])``.
* ``s_{-1}``, the score before any token, is 0. That is the value pycocoevalcap gives the
  empty candidate for BLEU (the brevity penalty underflows to 0), CIDEr-D (no n-grams) and
  ROUGE-L (unless a reference itself contains an empty token); we use 0 for every reward
  so that ``sum_t r_t == r(Y)`` holds exactly for all of them.
* An empty candidate has no prefixes: an array of length 0.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..errors import RewardsError

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
        train_references, cider_df: fixed CIDEr document frequencies (see `make_reward`).

    Returns:
        One float64 array per candidate, of length = its number of tokens; element t is the
        per-sample metric of the prefix ending at token t.

    Raises:
        RewardsError: misaligned input, unknown metric, or CIDEr without fixed frequencies.
    """
    from .rewards import make_reward, normalize_candidates, normalize_reference_sets

    reward = make_reward(metric, train_references=train_references, cider_df=cider_df)
    cands = normalize_candidates(candidates)
    refs = normalize_reference_sets(references, len(cands))
    if reward.clean != "none":
        from ..text import clean_texts
        cands = clean_texts(cands, reward.clean)
        refs = [clean_texts(r, reward.clean) for r in refs]
    words = [c.split() for c in cands]
    kind = reward.prefix_metric
    if kind is not None and kind.startswith("bleu"):
        return _bleu_prefixes(words, refs, reward, int(kind[-1]))
    if kind == "rouge_l":
        return _rouge_prefixes(words, refs, reward)
    if kind == "cider":
        return _cider_prefixes(words, refs, reward)
    return _generic_prefixes(words, refs, reward)


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


def _bleu_prefixes(words: list[list[str]], refs: list[list[str]], reward: Any,
                   n: int) -> list[np.ndarray]:
    """BLEU-n of all prefixes; statistics per prefix, then one vectorized evaluation."""
    lengths = [len(w) for w in words]
    total = sum(lengths)
    correct = np.zeros((n, total), dtype=np.float64)
    reflen = np.empty(total, dtype=np.float64)
    pos = 0
    for w, r in zip(words, refs):
        L = len(w)
        if L == 0:
            continue
        ref_lengths, maxc = reward.reference_stats(r)
        grams: list[Sequence] = [w, list(zip(w, w[1:])), list(zip(w, w[1:], w[2:])),
                                 list(zip(w, w[1:], w[2:], w[3:]))]
        for k in range(n):
            g_k = grams[k]
            if not g_k:
                continue
            hits = _clipped_hits(g_k, maxc[k])
            # the k-gram starting at j ends at token j + k: it counts for prefixes t >= j + k
            correct[k, pos + k:pos + L] = np.cumsum(hits)
        if len(ref_lengths) == 1:
            reflen[pos:pos + L] = ref_lengths[0]
        else:  # closest reference length, ties toward the shorter one (pycocoevalcap)
            srt = np.sort(np.asarray(ref_lengths, dtype=np.float64))
            t_len = np.arange(1, L + 1, dtype=np.float64)
            reflen[pos:pos + L] = srt[np.argmin(np.abs(srt[None, :] - t_len[:, None]), axis=1)]
        pos += L
    testlen = np.concatenate([np.arange(1, L + 1, dtype=np.float64) for L in lengths]) \
        if total else np.zeros(0)
    bleu = np.ones(total, dtype=np.float64)
    value = bleu
    for k in range(n):
        guess = np.maximum(0.0, testlen - k)
        bleu = bleu * ((correct[k] + _TINY) / (guess + _SMALL))
        value = bleu ** (1.0 / (k + 1))
    ratio = (testlen + _TINY) / (reflen + _SMALL)
    short = ratio < 1
    value = np.where(short, value * np.exp(1 - 1 / np.where(short, ratio, 1.0)), value)
    return _split(value, lengths)


def _clipped_hits(grams: Sequence, maxc: dict) -> np.ndarray:
    """1 where the n-gram's running count is within its maximum reference count."""
    hits = np.zeros(len(grams), dtype=np.float64)
    get = maxc.get
    seen: dict = {}
    for j, g in enumerate(grams):
        m = get(g)
        if m:
            c = seen.get(g, 0) + 1
            seen[g] = c
            if c <= m:
                hits[j] = 1.0
    return hits


def _rouge_prefixes(words: list[list[str]], refs: list[list[str]], reward: Any
                    ) -> list[np.ndarray]:
    """ROUGE-L of all prefixes: one bit-parallel LCS row per reference, one step per token."""
    from ..nlg.rouge import BETA
    b2 = BETA ** 2
    out = []
    for w, r in zip(words, refs):
        L = len(w)
        if L == 0:
            out.append(np.zeros(0))
            continue
        best_lcs_p = np.zeros(L)
        best_rec = np.zeros(L)
        for masks, m in reward.reference_masks(r):
            full = (1 << m) - 1
            v = full
            lcs = np.empty(L)
            for t, tok in enumerate(w):
                bits = masks.get(tok)
                if bits:
                    u = v & bits
                    v = (v + u) | (v - u)
                lcs[t] = m - (v & full).bit_count()
            best_lcs_p = np.maximum(best_lcs_p, lcs)
            best_rec = np.maximum(best_rec, lcs / float(m))
        prec = best_lcs_p / np.arange(1, L + 1, dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            f = ((1 + b2) * prec * best_rec) / (best_rec + b2 * prec)
        out.append(np.where((prec != 0) & (best_rec != 0), f, 0.0))
    return out


def _cider_prefixes(words: list[list[str]], refs: list[list[str]], reward: Any
                    ) -> list[np.ndarray]:
    """CIDEr-D of all prefixes with fixed document frequencies.

    Adding token t changes the candidate's count of the (at most 4) n-grams ending at t;
    for each one the squared norm and the clipped dot product ``min(h, r) * r`` with each
    reference change by the difference between the new and the old term.
    """
    weights, ref_len, sigma = reward.weights, reward.ref_len, reward.sigma
    out = []
    for w, r in zip(words, refs):
        L = len(w)
        if L == 0:
            out.append(np.zeros(0))
            continue
        rvecs = reward.reference_vectors(r)
        R = len(rvecs)
        d_norm2 = np.zeros((L, 4))
        d_dot = np.zeros((R, L, 4))
        grams: list[Sequence] = [w, list(zip(w, w[1:])), list(zip(w, w[1:], w[2:])),
                                 list(zip(w, w[1:], w[2:], w[3:]))]
        for k in range(4):
            wk = weights[k]
            counts: dict = {}
            rv_k = [rv.vecs[k] for rv in rvecs]
            for j, g in enumerate(grams[k]):
                t = j + k  # the n-gram ends at token t
                c = counts.get(g, 0) + 1
                counts[g] = c
                wt = wk.get(g, ref_len)
                new = float(c) * wt
                old = float(c - 1) * wt
                d_norm2[t, k] = new ** 2 - old ** 2
                for ri, vr in enumerate(rv_k):
                    x = vr.get(g)
                    if x is not None:
                        d_dot[ri, t, k] = (min(new, x) - min(old, x)) * x
        norm_h = np.sqrt(np.cumsum(d_norm2, axis=0))           # (L, 4)
        dot = np.cumsum(d_dot, axis=1)                          # (R, L, 4)
        norm_r = np.array([rv.norms for rv in rvecs], dtype=np.float64)[:, None, :]  # (R, 1, 4)
        denom = norm_h[None, :, :] * norm_r
        val = np.where((norm_h[None, :, :] != 0) & (norm_r != 0),
                       dot / np.where(denom == 0, 1.0, denom), dot)
        hyp_len = np.arange(L, dtype=np.float64)               # bigrams of t + 1 tokens
        delta = hyp_len[None, :] - np.array([rv.length for rv in rvecs], dtype=np.float64)[:, None]
        pen = np.e ** (-(delta ** 2) / (2 * sigma ** 2))        # (R, L)
        score = (val * pen[:, :, None]).sum(axis=0)             # (L, 4)
        out.append(score.mean(axis=1) / R * 10.0)
    return out


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

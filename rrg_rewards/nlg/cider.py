"""CIDEr-D = pycocoevalcap 1.2 (``cider/cider_scorer.py``), bit for bit; plus fixed document frequencies.

What is reproduced, quirks included (all tested live against pycocoevalcap):

* Text is split on any whitespace; n-grams of orders 1..4, ``sigma = 6``.
* By default the document frequencies and ``log(number of documents)`` come from the
  references of the *current call only* (one document per sample: the set of n-grams
  of all its references). A single sample therefore scores 0 (``log(1) = 0``).
* An n-gram's weight is ``log(N) - log(max(1, df))``: n-grams that occur in no reference
  still get weight ``log(N)`` and enlarge the candidate's norm.
* Clipping: each order's similarity sums ``min(h, r) * r`` over the candidate's n-grams,
  divided by both norms when neither is 0.
* The Gaussian length penalty is ``np.e ** (-(delta ** 2) / (2 * sigma ** 2))`` where
  ``delta`` is the difference in *bigram* counts (pycocoevalcap counts the length with
  ``if n == 1`` on a 0-based order index), i.e. ``max(0, len - 1)`` per side.
* Per sample: mean over orders, divided by the number of references, times 10; the
  corpus value is ``np.mean`` of the per-sample values.

Sums run in pycocoevalcap's order (first occurrence of each n-gram), so values are
equal bit for bit on the same platform, not just to 1e-9.

`DocumentFrequencies` fixes the document frequencies instead (e.g. from training
reports, as a CIDEr reward should): ``DocumentFrequencies.from_corpus(train_refs)``,
``.save(path)``, ``CIDErD(df=path)``. With fixed frequencies a single sample gets a
meaningful score. `cider_per_sample` is the per-sample engine shared by `CIDErD` and the
CIDEr-D reward; the single-text building blocks `cider_vector` and `cider_sample` are public.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
from collections import Counter
from functools import reduce
from itertools import chain, repeat
from operator import add, mul
from typing import NamedTuple, Sequence

import numpy as np

from ..errors import RewardsError
from ..inputs import read_text
from ._ngrams import (NgramBatch, _scratch_arrays, group_starts, ngram_to_text,
                      sample_batch, sample_runs, text_to_ngram)
from .base import Metric, Score

#: pycocoevalcap's default Gaussian length-penalty width
SIGMA = 6.0
#: samples per vectorized batch; larger calls first count document frequencies over
#: all references in chunks, then score chunk by chunk, so memory stays flat
_CHUNK = 5000
_DF_FORMAT = "rrg-cider-df"


class DocumentFrequencies:
    """CIDEr document frequencies: per n-gram, the number of documents containing it.

    A document is one sample's set of references (pycocoevalcap's notion), so
    ``from_corpus([["a b", "a c"], ["b"]])`` has 2 documents and ``df("a") == 1``.

    Attributes:
        counts: per order k (0-based), a dict from (k+1)-gram key to document count.
        num_docs: number of documents; ``ref_len = log(num_docs)``.
        n: highest n-gram order.
        name: short label used in signatures (default: the first 12 hex digits of `digest`).
    """

    def __init__(self, counts: Sequence[dict], num_docs: int, name: str | None = None) -> None:
        if num_docs < 1:
            raise RewardsError("document frequencies need at least one document")
        self.counts = [dict(c) for c in counts]
        self.num_docs = int(num_docs)
        self.n = len(self.counts)
        self._name = name
        self._digest: str | None = None
        self._weights: list[dict] | None = None
        self._tables: list[tuple[dict, np.ndarray, np.ndarray]] | None = None

    @classmethod
    def from_corpus(cls, references: Sequence[Sequence[str]] | Sequence[str], n: int = 4,
                    name: str | None = None) -> "DocumentFrequencies":
        """Count document frequencies once, e.g. over the training reports.

        Args:
            references: one entry per document: a reference string, or a list of
                reference strings (their n-grams are pooled, as pycocoevalcap does).
            n: highest n-gram order.
            name: label for signatures, e.g. ``"iu_xray-train"``.
        """
        if isinstance(references, str):
            raise RewardsError("references must be a list of documents, not a single string")
        docs: list[list[str]] = []
        for i, doc in enumerate(references):
            texts = [doc] if isinstance(doc, str) else list(doc)
            if not all(isinstance(t, str) for t in texts):
                raise RewardsError(f"document {i} must be a string or a list of strings")
            docs.append(texts)
        if not docs:
            raise RewardsError("cannot compute document frequencies from zero documents")
        counts = _chunked_document_frequencies(docs, n)
        num_docs = len(docs)
        return cls(counts, num_docs, name)

    @property
    def ref_len(self) -> float:
        """pycocoevalcap's ``ref_len``: ``np.log(float(num_docs))``."""
        return float(np.log(float(self.num_docs)))

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical content (orders, counts, number of documents)."""
        if self._digest is None:
            h = hashlib.sha256(f"{_DF_FORMAT}|n={self.n}|docs={self.num_docs}".encode())
            for k, c in enumerate(self.counts):
                for key, v in sorted((ngram_to_text(g), v) for g, v in c.items()):
                    h.update(f"\n{k}\t{key}\t{v}".encode())
            self._digest = h.hexdigest()
        return self._digest

    @property
    def name(self) -> str:
        return self._name or self.digest[:12]

    def weights(self) -> list[dict]:
        """Per order, n-gram -> ``log(num_docs) - log(max(1, df))`` (cached)."""
        if self._weights is None:
            self._weights = _idf_weights(self.counts, self.ref_len)
        return self._weights

    def weight_tables(self) -> tuple[dict, int, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] | None:
        """The weights as sorted arrays of exact packed n-gram codes, for batch scoring (cached).

        Returns:
            ``(vocab, bits, orders)``: ``vocab`` maps a token to an id ``1..V``; an n-gram's
            code packs its tokens' ids, ``bits`` each, first token highest; per order,
            ``(codes, weight, square)`` with ``codes`` sorted, ``weight`` the `weights`
            values in that order and ``square`` those squared with ``pow`` (as pycocoevalcap
            squares them), each with one more last entry for an n-gram without entry
            (``ref_len`` and its square). So a batch looks up each distinct *word* once,
            finds its n-grams with ``np.searchsorted`` and squares nothing. None when the
            codes would not fit in 63 bits (a vocabulary over 2**15 words for n = 4).
        """
        if self._tables is None:
            vocab: dict[str, int] = {}
            for c in self.counts:
                for g in c:
                    for token in ((g,) if isinstance(g, str) else g):
                        vocab.setdefault(token, len(vocab) + 1)
            bits = len(vocab).bit_length()
            if bits * self.n > 63:
                self._tables = (None,)
                return None
            orders = []
            for k, w in enumerate(self.weights()):
                ids = np.fromiter(map(vocab.__getitem__, (chain.from_iterable(w) if k else w)),
                                  dtype=np.int64, count=len(w) * (k + 1)).reshape(len(w), k + 1)
                codes = _pack(ids, bits)
                order = np.argsort(codes)
                weight = np.fromiter(w.values(), dtype=np.float64, count=len(w))[order]
                weight = np.append(weight, self.ref_len)
                orders.append((codes[order], weight, _squares(weight)))
            self._tables = (vocab, bits, orders)
        return None if len(self._tables) == 1 else self._tables

    def signature_fields(self) -> dict[str, str]:
        return {"df": f"corpus:{self.name}"}

    def to_json(self) -> dict:
        return {"format": _DF_FORMAT, "version": 1, "n": self.n, "num_docs": self.num_docs,
                "name": self._name, "sha256": self.digest,
                "df": [{ngram_to_text(g): v for g, v in c.items()} for c in self.counts]}

    def save(self, path: str | os.PathLike) -> None:
        """Write JSON through the project's one atomic write (`rrg_rewards.atomic`)."""
        from ..atomic import atomic_write_text
        atomic_write_text(path, json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")))

    @classmethod
    def load(cls, path: str | os.PathLike) -> "DocumentFrequencies":
        """Read a file written by `save`; RewardsError if it is missing or not such a file."""
        if not os.path.exists(path):
            raise RewardsError(f"{path}: no such document-frequency file")
        try:
            data = json.loads(read_text(path, allow_empty=True))
        except json.JSONDecodeError as e:
            raise RewardsError(f"{path}: cannot read as a document-frequency file ({e})") from None
        if not isinstance(data, dict) or data.get("format") != _DF_FORMAT:
            raise RewardsError(f"{path} is not a CIDEr document-frequency file ({_DF_FORMAT})")
        try:
            counts = []
            for k, c in enumerate(data["df"]):
                order = {}
                for key, v in c.items():
                    g = text_to_ngram(key)
                    if (1 if isinstance(g, str) else len(g)) != k + 1 or not isinstance(v, int):
                        raise ValueError(f"bad entry {key!r} for order {k + 1}")
                    order[g] = v
                counts.append(order)
            df = cls(counts, int(data["num_docs"]), data.get("name"))
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise RewardsError(f"malformed document-frequency file {path}: {e}") from None
        if data.get("sha256") and data["sha256"] != df.digest:
            raise RewardsError(f"document-frequency file {path} fails its sha256 check")
        return df

    def __repr__(self) -> str:
        return f"DocumentFrequencies(name={self.name!r}, num_docs={self.num_docs}, n={self.n})"


def _chunked_document_frequencies(references: Sequence[Sequence[str]], n: int) -> list[Counter]:
    counts: list[Counter] = [Counter() for _ in range(n)]
    for lo in range(0, len(references), _CHUNK):
        for total, part in zip(counts, _batch_document_frequencies(references[lo:lo + _CHUNK], n)):
            total.update(part)  # dict.update fast path while `total` is empty
    return counts


def _idf_weights(counts: Sequence[dict], ref_len: float) -> list[dict]:
    # np.log on an array gives the same bits as pycocoevalcap's scalar np.log calls.
    out = []
    for c in counts:
        dfs = np.fromiter(c.values(), dtype=np.float64, count=len(c))
        w = (ref_len - np.log(np.maximum(1.0, dfs))).tolist()
        out.append(dict(zip(c, w)))
    return out


class CiderVector(NamedTuple):
    """One text's tf-idf vectors (pycocoevalcap's ``counts2vec`` output).

    Attributes:
        vecs: per order, n-gram -> ``tf * weight`` in first-occurrence order.
        norms: per order, the Euclidean norm of that vector.
        length: number of bigrams, ``max(0, tokens - 1)`` (pycocoevalcap's length).
    """

    vecs: list[dict]
    norms: list[float]
    length: int


def cider_vector(counts: Sequence[dict], weights: Sequence[dict], ref_len: float) -> CiderVector:
    """tf-idf vectors of one text from its `ngram_counts`.

    Args:
        counts: ``ngram_counts(text.split(), n)``.
        weights: `DocumentFrequencies.weights()` (or the per-call equivalent).
        ref_len: ``log(number of documents)``, the weight of an n-gram with no entry.
    """
    vecs, norms = [], []
    for c, w in zip(counts, weights):
        vals = list(map(mul, c.values(), map(w.get, c, repeat(ref_len))))
        vecs.append(dict(zip(c, vals)))
        # pow(x, 2), not x * x: libm's pow differs from x * x in the last bit now and then
        norms.append(math.sqrt(reduce(add, map(pow, vals, repeat(2)), 0.0)))
    length = sum(counts[1].values()) if len(counts) > 1 else 0
    return CiderVector(vecs, norms, length)


def _clipped_dot(h: dict, r: dict) -> float:
    """sum over the candidate's n-grams, in order, of min(h, r) * r (absent r adds 0)."""
    common = list(filter(r.__contains__, h))
    if not common:
        return 0.0
    ys = list(map(r.__getitem__, common))
    return reduce(add, map(mul, map(min, map(h.__getitem__, common), ys), ys), 0.0)


_PENALTY: dict[tuple[int, float], float] = {}


def _length_penalty(delta: int, sigma: float) -> float:
    key = (delta, sigma)
    p = _PENALTY.get(key)
    if p is None:
        d = float(delta)
        p = _PENALTY[key] = np.e ** (-(d ** 2) / (2 * sigma ** 2))
    return p


def cider_sample(hyp: CiderVector, refs: Sequence[CiderVector], sigma: float = SIGMA) -> float:
    """CIDEr-D of one candidate against its references' vectors (pycocoevalcap's per-image value)."""
    n = len(hyp.vecs)
    acc = [0.0] * n
    for ref in refs:
        pen = _length_penalty(hyp.length - ref.length, sigma)
        for k in range(n):
            s = _clipped_dot(hyp.vecs[k], ref.vecs[k])
            if hyp.norms[k] != 0 and ref.norms[k] != 0:
                s /= hyp.norms[k] * ref.norms[k]
            acc[k] += s * pen
    # np.mean of n < 8 values is a left-to-right sum (numpy's pairwise sum starts there)
    mean = (reduce(add, acc) if n < 8 else float(np.sum(acc))) / n
    mean /= len(refs)
    return mean * 10.0


def _squares(values: np.ndarray) -> np.ndarray:
    """``pow(x, 2)`` per element with libm's pow, as pycocoevalcap squares (x * x differs
    from it in the last bit for ~0.1% of values)."""
    return np.fromiter(map(pow, values.tolist(), repeat(2)), dtype=np.float64, count=len(values))


def _pack(ids: np.ndarray, bits: int) -> np.ndarray:
    """int64 (rows,) codes of int64 (rows, k) word ids: ``bits`` per id, the first highest."""
    code = ids[:, 0].copy()
    for j in range(1, ids.shape[1]):
        code <<= bits
        code |= ids[:, j]
    return code


def _fixed_weights(batch: NgramBatch, k: int, df: DocumentFrequencies, word_ids: np.ndarray | None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Per n-gram id of order index `k` in `batch`, its fixed weight and that weight squared.

    `word_ids` maps the batch's word ids to `df.weight_tables` ids (0: not in df); None
    when `df` has no tables: then every n-gram is looked up in `df.weights` by key.
    """
    if word_ids is None:
        weights = df.weights()[k]
        weight = np.fromiter(map(weights.get, batch.ngrams(k), repeat(df.ref_len)),
                             dtype=np.float64, count=batch.orders[k].num_codes)
        return weight, _squares(weight)
    _, bits, orders = df.weight_tables()
    codes, weight, square = orders[k]
    ids = word_ids[batch.ngram_words(k)]
    packed = _pack(ids, bits)
    at = np.searchsorted(codes, packed)
    at[at == len(codes)] = 0
    found = (codes[at] == packed) if len(codes) else np.zeros(len(packed), dtype=bool)
    found &= (ids != 0).all(axis=1)
    row = np.where(found, at, -1)  # -1: the n-gram has no entry
    return weight[row], square[row]


def _order_by_position(positions: np.ndarray, slot: np.ndarray) -> np.ndarray:
    """argsort of distinct token positions, by scattering into `slot` (no sort)."""
    slot[positions] = np.arange(len(positions))
    mark = np.zeros(len(slot), dtype=bool)
    mark[positions] = True
    return slot[mark]


def _batch_document_frequencies(references: Sequence[Sequence[str]], n: int) -> list[Counter]:
    """Per order, n-gram -> number of documents (samples) whose references contain it."""
    texts: list[str] = []
    counts = np.fromiter(map(len, references), dtype=np.int64, count=len(references))
    for refs in references:
        texts.extend(refs)
    doc = np.repeat(np.arange(len(references), dtype=np.int64), counts)
    batch = NgramBatch(texts, n)
    out = []
    for k, t in enumerate(batch.orders):
        df = np.bincount(t.code[group_starts(t, doc)], minlength=t.num_codes)
        out.append(Counter(dict(zip(batch.ngrams(k), df.tolist()))))
    return out


def batch_cider(predictions: Sequence[str], references: Sequence[Sequence[str]], n: int = 4,
                sigma: float = SIGMA, df: DocumentFrequencies | None = None) -> np.ndarray:
    """Per-sample CIDEr-D of a batch, vectorized.

    Args:
        predictions: candidate strings.
        references: per sample, its reference strings.
        n: highest order.
        sigma: Gaussian length-penalty width.
        df: fixed document frequencies; None: from these references (pycocoevalcap).

    Returns:
        float64 (N,): pycocoevalcap's per-image values.
    """
    sample, is_hyp, batch = sample_batch(predictions, references, n)
    num, num_texts = len(predictions), len(sample)
    total = int(batch.lengths.sum())
    if df is None:
        ref_len = float(np.log(float(num)))
    else:
        ref_len, tables = df.ref_len, df.weight_tables()
        word_ids = None if tables is None else np.fromiter(
            map(tables[0].get, batch.ngrams(0), repeat(0)), dtype=np.int64,
            count=batch.orders[0].num_codes)
    hyp_text = np.flatnonzero(is_hyp)
    ref_text = np.flatnonzero(~is_hyp)
    ref_sample = sample[ref_text]
    ref_hyp = hyp_text[ref_sample]  # the candidate each reference is compared with
    bigrams = np.maximum(batch.lengths - 1, 0)  # pycocoevalcap's "length"
    delta, inverse = np.unique(bigrams[ref_hyp] - bigrams[ref_text], return_inverse=True)
    penalty = np.array([_length_penalty(d, sigma) for d in delta.tolist()])[inverse]
    acc = []
    # per-position working arrays, reused between calls (see `_scratch_arrays`)
    slot, at_pos = _scratch_arrays(2, total)  # slot: position -> index, to order by position
    at_pos = at_pos.view(np.float64)
    for k, t in enumerate(batch.orders):
        starts, size, run_has_hyp = sample_runs(t, sample, is_hyp)
        if df is None:
            has_ref = size > run_has_hyp  # some reference of the sample has the n-gram
            counts = np.bincount(t.code[starts[has_ref]], minlength=t.num_codes)
            # weights and their squares per document count: few distinct values
            table = ref_len - np.log(np.maximum(1.0, np.arange(int(counts.max(initial=0)) + 1,
                                                              dtype=np.float64)))
            weight, square = table[counts], _squares(table)[counts]
        else:
            weight, square = _fixed_weights(batch, k, df, word_ids)
        value = t.tf * weight[t.code]  # float(tf) * weight, as pycocoevalcap
        square = square[t.code]
        multi = np.flatnonzero(t.tf != 1)
        if len(multi):  # few distinct values: pow once per value
            distinct, inverse_m = np.unique(value[multi], return_inverse=True)
            square[multi] = _squares(distinct)[inverse_m]
        # norms: sums in first-occurrence order per text. Squares sit at their n-gram's
        # first position, zeros elsewhere (adding 0.0 changes nothing), and bincount adds
        # in array order, i.e. position order.
        at_pos[:] = 0.0
        at_pos[t.first] = square
        norm = np.sqrt(np.bincount(batch.text_of_pos, weights=at_pos, minlength=num_texts))
        # clipped dot products: a run that starts with the candidate's entry continues with
        # the references' entries of that n-gram. Taking runs in the order of the
        # candidate's first occurrence makes bincount add in pycocoevalcap's order.
        runs = np.flatnonzero(run_has_hyp & (size > 1))
        runs = runs[_order_by_position(t.first[starts[runs]], slot)]
        hyp_ent = starts[runs]
        per_run = size[runs] - 1
        offsets = np.cumsum(per_run) - per_run
        ref_ent = np.repeat(hyp_ent + 1 - offsets, per_run) + np.arange(int(per_run.sum()))
        hyp_ent = np.repeat(hyp_ent, per_run)
        vr = value[ref_ent]
        term = np.minimum(value[hyp_ent], vr) * vr
        dot = np.bincount(t.text[ref_ent], weights=term, minlength=num_texts)
        sim = dot[ref_text]
        denom = norm[ref_hyp] * norm[ref_text]
        nonzero = (norm[ref_hyp] != 0) & (norm[ref_text] != 0)
        sim = np.where(nonzero, sim / np.where(nonzero, denom, 1.0), sim) * penalty
        acc.append(np.bincount(ref_sample, weights=sim, minlength=num))
    if n < 8:  # np.mean over n < 8 orders is a left-to-right sum
        mean = acc[0]
        for a in acc[1:]:
            mean = mean + a
        mean = mean / n
    else:
        mean = np.array([np.mean(row) for row in np.stack(acc, axis=1)])
    per_ref = np.fromiter(map(len, references), dtype=np.float64, count=num)
    return mean / per_ref * 10.0


def cider_per_sample(predictions: Sequence[str], references: Sequence[Sequence[str]],
                     n: int = 4, sigma: float = SIGMA, df: DocumentFrequencies | None = None
                     ) -> np.ndarray:
    """Per-sample CIDEr-D, float64 (N,): pycocoevalcap's per-image values.

    The one CIDEr-D engine: `CIDErD` (and so `rrg_rewards.score`) and the CIDEr-D reward
    of `rrg_rewards.rl` both compute their per-sample values here.

    Args:
        df: fixed document frequencies; None: from these references (pycocoevalcap). Larger
            inputs are scored in chunks either way (with per-call frequencies counted over
            every sample's references first, so the numbers are those of one batch).
    """
    if df is None and len(predictions) > _CHUNK:
        df = DocumentFrequencies(_chunked_document_frequencies(references, n), len(references))
    if df is None:
        return batch_cider(predictions, references, n, sigma)
    if not len(predictions):
        return np.zeros(0, dtype=np.float64)
    return np.concatenate([
        batch_cider(predictions[lo:lo + _CHUNK], references[lo:lo + _CHUNK], n, sigma, df)
        for lo in range(0, len(predictions), _CHUNK)])


class CIDErD(Metric):
    """CIDEr-D with pycocoevalcap 1.2's numbers, or with fixed document frequencies.

    Args:
        df: None (default) for frequencies from the references being scored, exactly as
            pycocoevalcap; or a `DocumentFrequencies`, or the path of one saved with `save`.
        n: highest n-gram order.
        sigma: width of the Gaussian length penalty.
    """

    names = ("CIDEr",)

    def __init__(self, df: DocumentFrequencies | str | os.PathLike | None = None, n: int = 4,
                 sigma: float = SIGMA) -> None:
        super().__init__()
        if not isinstance(n, int) or n < 1:
            raise RewardsError(f"CIDEr order n must be a positive integer, got {n!r}")
        if not sigma > 0:
            raise RewardsError(f"CIDEr sigma must be positive, got {sigma!r}")
        if df is not None and not isinstance(df, DocumentFrequencies):
            if not isinstance(df, (str, os.PathLike)):
                raise RewardsError(
                    f"df must be a DocumentFrequencies or a path, got {type(df).__name__}")
            df = DocumentFrequencies.load(df)
        if df is not None and df.n != n:
            raise RewardsError(f"document frequencies have n={df.n}, CIDEr needs n={n}")
        self.df = df
        self.n = n
        self.sigma = float(sigma)

    def signature_fields(self) -> dict[str, str]:
        df = self.df.signature_fields()["df"] if self.df is not None else "refs"
        return {"df": df, "sigma": f"{self.sigma:g}"}

    def _compute(self, predictions: list[str], references: list[list[str]]) -> dict[str, Score]:
        per_sample = cider_per_sample(predictions, references, self.n, self.sigma, self.df)
        return {"CIDEr": Score("CIDEr", float(np.mean(per_sample)), per_sample)}

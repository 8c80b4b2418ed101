"""Word tokenizer with R2Gen's semantics, stored as plain JSON inside checkpoints.

R2Gen behaviour reproduced: reports are cleaned with the dataset's cleaner
(`rrg_rewards.text.clean_texts(texts, "iu_xray" | "mimic_cxr")`) and split on spaces; the
vocabulary is every training-report word seen at least ``threshold`` times, plus ``<unk>``,
sorted, with ids from 1; id 0 is BOS, EOS and padding at once. Encoding gives
``[0] + ids + [0]`` cut to ``max_seq_length``; decoding stops at the first 0.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Sequence

from .errors import ModelError

UNK = "<unk>"
PAD_ID = 0  # also BOS and EOS (R2Gen)


def clean_reports(texts: Sequence[str], mode: str) -> list[str]:
    """Clean reports with the shared cleaner (`rrg_rewards.text`): ``none``, ``iu_xray``, ``mimic_cxr``."""
    from rrg_rewards.errors import RewardsError
    from rrg_rewards.text import clean_texts

    if mode == "none":
        return [" ".join(t.split()) for t in texts]
    try:
        return clean_texts(list(texts), mode)
    except RewardsError as exc:
        raise ModelError(str(exc)) from None


class Tokenizer:
    """Report <-> token ids (see module docstring)."""

    def __init__(self, vocab: Sequence[str], clean: str = "iu_xray", max_seq_length: int = 60):
        """Build from a vocabulary (``<unk>`` included, any order: it is sorted)."""
        words = sorted(set(vocab) | {UNK})
        self.idx2token: dict[int, str] = {i + 1: w for i, w in enumerate(words)}
        self.token2idx: dict[str, int] = {w: i for i, w in self.idx2token.items()}
        self.clean = clean
        self.max_seq_length = max_seq_length

    @classmethod
    def from_reports(cls, reports: Iterable[str], threshold: int, clean: str,
                     max_seq_length: int) -> "Tokenizer":
        """Vocabulary from training reports: words with count >= threshold."""
        counter: Counter[str] = Counter()
        for text in clean_reports(list(reports), clean):
            counter.update(text.split())
        vocab = [w for w, c in counter.items() if c >= threshold]
        return cls(vocab, clean=clean, max_seq_length=max_seq_length)

    @property
    def vocab_size(self) -> int:
        """Number of output classes: the words, ``<unk>`` and id 0."""
        return len(self.idx2token) + 1

    def clean_text(self, text: str) -> str:
        """The cleaned form of one report (what references are compared as)."""
        return clean_reports([text], self.clean)[0]

    def encode(self, text: str) -> list[int]:
        """``[0] + ids + [0]`` cut to ``max_seq_length`` (R2Gen: the cut may drop the EOS)."""
        unk = self.token2idx[UNK]
        ids = [self.token2idx.get(w, unk) for w in self.clean_text(text).split()]
        return ([PAD_ID] + ids + [PAD_ID])[: self.max_seq_length]

    def decode(self, ids: Iterable[int]) -> str:
        """Words up to the first 0 (EOS), joined by spaces; a leading BOS must be stripped first."""
        words = []
        for i in ids:
            i = int(i)
            if i == PAD_ID:
                break
            words.append(self.idx2token.get(i, UNK))
        return " ".join(words)

    def decode_batch(self, rows: Iterable[Iterable[int]]) -> list[str]:
        """`decode` for every row."""
        return [self.decode(r) for r in rows]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (stored inside checkpoints)."""
        return {"vocab": [self.idx2token[i] for i in range(1, len(self.idx2token) + 1)],
                "clean": self.clean, "max_seq_length": self.max_seq_length}

    @classmethod
    def from_dict(cls, d: Any) -> "Tokenizer":
        """Inverse of `to_dict`; ids are preserved because the vocabulary is stored sorted."""
        if not isinstance(d, dict) or not isinstance(d.get("vocab"), list):
            raise ModelError("checkpoint tokenizer is malformed")
        if not all(isinstance(w, str) for w in d["vocab"]):
            raise ModelError("checkpoint tokenizer vocabulary must be strings")
        tok = cls(d["vocab"], clean=str(d.get("clean", "none")),
                  max_seq_length=int(d.get("max_seq_length", 60)))
        if [tok.idx2token[i] for i in range(1, len(tok.idx2token) + 1)] != d["vocab"]:
            raise ModelError("checkpoint tokenizer vocabulary is not sorted and unique")
        return tok

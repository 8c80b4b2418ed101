"""Text handling before scoring: the one place reports are cleaned or tokenized.

Modes:
    none       leave text as is; metrics split it as pycocoevalcap does.
    iu_xray    R2Gen/R2GenRL's ``clean_report_iu_xray``: same output on the same input.
    mimic_cxr  R2Gen/R2GenRL's ``clean_report_mimic_cxr``: same output on the same input.
    ptb        a Java-free equivalent of pycocoevalcap's PTBTokenizer on English report text.
"""
from __future__ import annotations

from typing import Sequence

from .errors import RewardsError

MODES: tuple[str, ...] = ("none", "iu_xray", "mimic_cxr", "ptb")


def clean_texts(texts: Sequence[str], mode: str = "none") -> list[str]:
    """Apply text handling `mode` to every text (see module docstring)."""
    if mode not in MODES:
        raise RewardsError(f"unknown text handling {mode!r}; choose from {', '.join(MODES)}")
    if mode == "none":
        return list(texts)
    raise RewardsError(f"text handling {mode!r} is not implemented yet")

"""Which side each positively stated finding is on (left / right / bilateral), read per sentence.

Used by the bench's side accuracy (does a generated report name the reference's side?) and by
the reference model's optional side-aware auxiliary loss (``model.side_loss_weight``). A
sentence that states a finding positively and names a side gives that finding its side; both
sides named, "bilateral", "bilaterally" or "both" make it bilateral; the first sentence wins.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

SIDES = ("left", "right", "bilateral")
_SIDE_WORDS = re.compile(r"\b(left|right|bilateral|bilaterally|both)\b")


def sides_by_observation(reports: Sequence[str]) -> list[dict[int, str]]:
    """Per report: {observation column: side} for each finding a sentence states positively
    together with a side."""
    from . import label

    sentences, owner = [], []
    for i, rep in enumerate(reports):
        for s in re.split(r"[.;\n]", rep.lower()):
            if _SIDE_WORDS.search(s):
                sentences.append(s)
                owner.append(i)
    out: list[dict[int, str]] = [{} for _ in reports]
    if not sentences:
        return out
    labels = np.asarray(label(sentences))
    for s, i, row in zip(sentences, owner, labels):
        words = set(_SIDE_WORDS.findall(s))
        side = ("bilateral" if words & {"bilateral", "bilaterally", "both"} or {"left", "right"} <= words
                else "left" if "left" in words else "right")
        for col in np.flatnonzero(row == 1):
            out[i].setdefault(int(col), side)
    return out


__all__ = ["SIDES", "sides_by_observation"]

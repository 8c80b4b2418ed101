"""Real report text for the speed benchmarks: IU X-Ray from ../shared/data when present.

One loader so every benchmark measures on the same text, tokenized the same way.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Sequence

#: ../shared/data beside the checkout (RRG_SHARED_DATA overrides)
SHARED_DATA = Path(os.environ.get(
    "RRG_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
ANNOTATION = SHARED_DATA / "iu_xray" / "annotation.json"

_PUNCT = re.compile(r"([.,;:!?()])")


def normalize(text: str) -> str:
    """Lower-case, punctuation split off, single spaces: pre-tokenized text as metrics expect."""
    return " ".join(_PUNCT.sub(r" \1 ", text.lower()).split())


def iu_reports(splits: Sequence[str] = ("train", "val", "test")) -> list[str] | None:
    """Normalized non-empty IU X-Ray reports of `splits`, or None when the shared data is absent."""
    if not ANNOTATION.is_file():
        return None
    data = json.loads(ANNOTATION.read_text())
    reports = (normalize(x["report"]) for split in splits for x in data.get(split, []))
    return [r for r in reports if r]

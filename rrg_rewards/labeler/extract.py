"""Stage 2: find mentions of each observation in a sentence, with our own phrase lists.

Phrases live in ``phrases/observations.json`` as regular-expression fragments. Each observation
gets one precompiled alternation for its mentions, one for "normal structure" statements (always
negative, e.g. "heart size is normal") and one for exclusions (a mention inside an excluded
phrase, e.g. "pericardial effusion" for Pleural Effusion, does not count).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

#: The 14 CheXpert observations in the Stanford labeler's output column order.
OBSERVATIONS: tuple[str, ...] = (
    "No Finding", "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Lesion", "Lung Opacity",
    "Edema", "Consolidation", "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion",
    "Pleural Other", "Fracture", "Support Devices",
)

#: Internal column of abnormal findings outside the 14 (emphysema, hernia, ...): labeled, never
#: output, but a positive or uncertain one keeps No Finding unset.
OTHER_KEY = "_other"
OTHER_COLUMN = len(OBSERVATIONS)
N_COLUMNS = len(OBSERVATIONS) + 1


def wrap(fragment: str) -> str:
    """A fragment that only matches whole words: no letter or digit may touch either end."""
    left = "" if fragment[:2] in ("\\?", "[;", ", ") or fragment[:1] in "[,;" else r"(?<![a-z0-9])"
    return f"{left}(?:{fragment})(?![a-z0-9])"


def load_phrases(name: str) -> dict:
    """One JSON file of ``phrases/`` (package data)."""
    path = resources.files(__package__) / "phrases" / name
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Mention:
    """One mention: the observation's column, the judged span, and whether it states normality."""

    column: int
    start: int
    end: int
    normal: bool


class _ObservationPatterns:
    """Compiled patterns of one observation."""

    def __init__(self, column: int, spec: dict[str, list[str]]) -> None:
        self.column = column
        self.focus: list[str] = []  # renamed (?P<m>...) groups: m0, m1, ...
        parts = []
        for frag in spec.get("mention", []):
            if "(?P<m>" in frag:
                name = f"m{len(self.focus)}"
                frag = frag.replace("(?P<m>", f"(?P<{name}>")
                self.focus.append(name)
            parts.append(wrap(frag))
        self.mention = re.compile("|".join(parts)) if parts else None
        normal = spec.get("normal", [])
        self.normal = re.compile("|".join(map(wrap, normal))) if normal else None
        exclude = spec.get("exclude", [])
        self.exclude = re.compile("|".join(map(wrap, exclude))) if exclude else None

    def find(self, sentence: str) -> list[Mention]:
        found: list[Mention] = []
        if self.mention is not None:
            excluded = ([m.span() for m in self.exclude.finditer(sentence)]
                        if self.exclude is not None else [])
            for m in self.mention.finditer(sentence):
                start, end = m.span()
                for name in self.focus:
                    if m.start(name) >= 0:
                        start, end = m.span(name)
                        break
                if any(a <= start and end <= b for a, b in excluded):
                    continue
                found.append(Mention(self.column, start, end, False))
        if self.normal is not None:
            for m in self.normal.finditer(sentence):
                found.append(Mention(self.column, m.start(), m.end(), True))
        return found


class MentionExtractor:
    """All observations' patterns; `find(sentence)` lists every mention in it."""

    def __init__(self, spec: dict | None = None) -> None:
        spec = spec if spec is not None else load_phrases("observations.json")
        missing = [o for o in OBSERVATIONS if o not in spec]
        if missing:
            from ..errors import RewardsError
            raise RewardsError(f"phrase file lacks observations: {', '.join(missing)}")
        self.patterns = [_ObservationPatterns(i, spec[o]) for i, o in enumerate(OBSERVATIONS)
                         if spec[o].get("mention") or spec[o].get("normal")]
        if OTHER_KEY in spec:
            self.patterns.append(_ObservationPatterns(OTHER_COLUMN, spec[OTHER_KEY]))

    def find(self, sentence: str) -> list[Mention]:
        out: list[Mention] = []
        for p in self.patterns:
            out.extend(p.find(sentence))
        return out

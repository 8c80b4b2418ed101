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


def alternation(fragments: list[str]) -> str:
    """One whole-word alternation of fragments: ``\\b(?:a|b|...)(?![a-z0-9])``.

    A fragment only matches whole words: no letter or digit may touch either end. One shared
    leading ``\\b`` (rather than one per fragment, or a lookbehind) lets Python's regex engine skip
    positions inside words, which makes large alternations tens of times faster. Fragments
    starting with punctuation (``\\?``, ``[;:]``, ``, ``) are added after it.
    """
    words = [f for f in fragments if not f.startswith(("\\?", "[", ","))]
    other = [f for f in fragments if f.startswith(("\\?", "[", ","))]
    parts = []
    if words:
        parts.append(r"\b(?:" + "|".join(f"(?:{f})" for f in words) + r")(?![a-z0-9])")
    parts.extend(f"(?:{f})(?![a-z0-9])" for f in other)
    return "|".join(parts) if parts else "(?!)"


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
        triggers = spec.get("triggers", [])
        self.trigger = (re.compile("|".join(map(re.escape, sorted(triggers, key=len, reverse=True))))
                        if triggers else None)
        self.focus: list[str] = []  # renamed (?P<m>...) groups: m0, m1, ...
        parts = []
        for frag in spec.get("mention", []):
            if "(?P<m>" in frag:
                name = f"m{len(self.focus)}"
                frag = frag.replace("(?P<m>", f"(?P<{name}>")
                self.focus.append(name)
            parts.append(frag)
        self.mention = re.compile(alternation(parts)) if parts else None
        normal = spec.get("normal", [])
        self.normal = re.compile(alternation(normal)) if normal else None
        exclude = spec.get("exclude", [])
        self.exclude = re.compile(alternation(exclude)) if exclude else None

    def find(self, sentence: str) -> list[Mention]:
        found: list[Mention] = []
        if self.mention is not None:
            excluded: list[tuple[int, int]] | None = None  # scanned only once a mention is found
            for m in self.mention.finditer(sentence):
                start, end = m.span()
                for name in self.focus:
                    if m.start(name) >= 0:
                        start, end = m.span(name)
                        break
                if self.exclude is not None:
                    if excluded is None:
                        excluded = [x.span() for x in self.exclude.finditer(sentence)]
                    if any(a <= start and end <= b for a, b in excluded):
                        continue
                found.append(Mention(self.column, start, end, False))
        if self.normal is not None:
            for m in self.normal.finditer(sentence):
                found.append(Mention(self.column, m.start(), m.end(), True))
        return found


_WORD_RE = re.compile(r"[a-z0-9]+")


class MentionExtractor:
    """All observations' patterns; `find(sentence)` lists every mention in it.

    Args:
        spec: the observation phrase spec (default: ``phrases/observations.json``).
        gate: only try an observation's patterns on sentences holding one of its trigger words
            (same labels, several times faster); False tries every pattern on every sentence.
    """

    def __init__(self, spec: dict | None = None, gate: bool = True) -> None:
        spec = spec if spec is not None else load_phrases("observations.json")
        missing = [o for o in OBSERVATIONS if o not in spec]
        if missing:
            from ..errors import RewardsError
            raise RewardsError(f"phrase file lacks observations: {', '.join(missing)}")
        self.patterns = [_ObservationPatterns(i, spec[o]) for i, o in enumerate(OBSERVATIONS)
                         if spec[o].get("mention") or spec[o].get("normal")]
        if OTHER_KEY in spec:
            self.patterns.append(_ObservationPatterns(OTHER_COLUMN, spec[OTHER_KEY]))
        self.gate = gate
        self._word_patterns: dict[str, tuple[int, ...]] = {}
        self._untriggered = frozenset(i for i, p in enumerate(self.patterns) if p.trigger is None)

    def _patterns_of(self, word: str) -> tuple[int, ...]:
        hit = self._word_patterns.get(word)
        if hit is None:
            hit = tuple(i for i, p in enumerate(self.patterns)
                        if p.trigger is None or p.trigger.match(word))
            if len(self._word_patterns) < 500_000:
                self._word_patterns[word] = hit
        return hit

    def find(self, sentence: str, columns: str = "all") -> list[Mention]:
        """Mentions in one sentence.

        Args:
            sentence: a normalised sentence.
            columns: ``"all"``, ``"main"`` (the 14 observations) or ``"other"`` (the internal
                other-abnormality column, only needed to decide No Finding).
        """
        out: list[Mention] = []
        if self.gate:
            todo: set[int] = set(self._untriggered)
            cache = self._word_patterns
            for word in set(_WORD_RE.findall(sentence)):
                hit = cache.get(word)
                if hit is None:
                    hit = self._patterns_of(word)
                if hit:
                    todo.update(hit)
            if not todo:
                return out
            patterns = [self.patterns[i] for i in sorted(todo)]
        else:
            patterns = self.patterns
        for p in patterns:
            if columns == "all" or (p.column == OTHER_COLUMN) == (columns == "other"):
                out.extend(p.find(sentence))
        return out

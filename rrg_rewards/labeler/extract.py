"""Stage 2: find mentions of each observation in a sentence, with our own phrase lists.

Phrases live in ``phrases/observations.json`` as regular-expression fragments. Each observation
gets one precompiled alternation for its mentions, one for "normal structure" statements (always
negative, e.g. "heart size is normal") and one for exclusions (a mention inside an excluded
phrase, e.g. "pericardial effusion" for Pleural Effusion, does not count).
"""
from __future__ import annotations

import json
import re
from functools import reduce
from importlib import resources
from operator import or_
from re import _constants as _sre, _parser as _sre_parse
from typing import NamedTuple

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


_WORD_CODES = frozenset(map(ord, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"))
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT))


def _first_of(items) -> tuple[bool, bool]:
    """(every first consumed character is a word character, the sequence can match empty)."""
    for op, arg in items:
        if op is _sre.LITERAL:
            return arg in _WORD_CODES, False
        if op is _sre.IN:
            ok = all((o is _sre.LITERAL and a in _WORD_CODES)
                     or (o is _sre.RANGE and all(c in _WORD_CODES for c in range(a[0], a[1] + 1)))
                     or (o is _sre.CATEGORY and a in (_sre.CATEGORY_WORD, _sre.CATEGORY_DIGIT))
                     for o, a in arg)
            return ok, False
        if op in _ZERO_WIDTH:
            continue
        if op is _sre.SUBPATTERN or op is getattr(_sre, "ATOMIC_GROUP", None):
            ok, empty = _first_of(arg[-1])
        elif op is _sre.BRANCH:
            results = [_first_of(alt) for alt in arg[1]]
            ok, empty = all(r[0] for r in results), any(r[1] for r in results)
        elif op in _REPEATS:
            ok, empty = _first_of(arg[2])
            empty = empty or arg[0] == 0
        else:  # ANY, NOT_LITERAL, group references, ...: not provably a word character
            return False, False
        if not ok:
            return False, False
        if not empty:
            return True, False
    return True, True


def starts_with_word_char(fragment: str) -> bool:
    """Whether every match of `fragment` provably begins by consuming a word character.

    Then ``\\b(?=\\w)`` may replace a leading ``\\b`` without changing any match: the look-ahead
    lets the engine drop word ends (half of all boundaries) before trying each alternative.
    """
    try:
        ok, empty = _first_of(_sre_parse.parse(fragment))
    except Exception:  # pragma: no cover - an unusual construct: keep the plain boundary
        return False
    return ok and not empty


_TOKEN_CODES = frozenset(map(ord, "abcdefghijklmnopqrstuvwxyz0123456789"))


def _starts(items: list, cont: bool = False) -> set[tuple[str, str]] | None:
    """How every match of a parsed sequence begins: ("w", p) = its first consumed character starts
    a word (a run of a-z0-9) that begins with the literal p; ("e", w) = that word is exactly w;
    ("c", c) = it is the character c.
    None when that cannot be shown. `cont`: the sequence continues a word already begun (a space
    then ends it rather than being skipped)."""
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1
    if i == len(items):
        return None
    op, arg = items[i]
    rest = items[i + 1:]
    if op is _sre.LITERAL:
        if arg not in _TOKEN_CODES:
            if arg == 32 and not cont:  # a match may begin at the space before its first word
                return _starts(rest)
            return {("c", chr(arg))}
        run = []
        while i < len(items) and items[i][0] is _sre.LITERAL and items[i][1] in _TOKEN_CODES:
            run.append(chr(items[i][1]))
            i += 1
        word = "".join(run)
        more = _starts(items[i:], cont=True) if i < len(items) else None
        if more is None:
            return {("w", word)}
        # a word character continues the word; any other character ends it: then it is exact
        return {(k, word + v) if k in "we" else ("e", word) for k, v in more}
    if op is _sre.IN:
        if all(o is _sre.LITERAL and a not in _TOKEN_CODES and a != 32 for o, a in arg):
            return {("c", chr(a)) for _, a in arg}
        return None
    if op is _sre.SUBPATTERN or op is getattr(_sre, "ATOMIC_GROUP", None):
        return _starts(list(arg[-1]) + rest, cont)
    if op is _sre.BRANCH:
        out: set[tuple[str, str]] = set()
        for alt in arg[1]:
            got = _starts(list(alt) + rest, cont)
            if got is None:
                return None
            out |= got
        return out
    if op in _REPEATS:
        lo, hi, item = arg
        # one pass of the item then the rest; for longer repeats only the item's own start
        got = _starts(list(item) + rest, cont) if hi == 1 else _starts(list(item), cont)
        if got is not None and lo == 0:
            skip = _starts(rest, cont)
            got = None if skip is None else got | skip
        return got
    return None



def _analyse_each(fragments: list[str], analyse) -> list | None:
    """`analyse` applied to each fragment's parsed pattern; None as soon as one gives no answer
    (or uses a construct the parser helpers do not know): then no gate is built."""
    results = []
    for fragment in fragments:
        try:
            got = analyse(list(_sre_parse.parse(fragment)))
        except Exception:  # pragma: no cover - an unusual construct: no gate
            return None
        if got is None:
            return None
        results.append(got)
    return results


def match_starts(fragments: list[str]) -> tuple[list[str], list[str], list[str]] | None:
    """(word prefixes, exact words, characters): every match of any of `fragments` starts a word
    (a run of a-z0-9) beginning with one of the prefixes or equal to one of the words, or starts
    at one of the characters; None when that cannot be shown.

    A sentence with none of them cannot match, so the regex need not run: a gate that changes
    nothing. A leading space is skipped (a match may begin at the space before its first word).
    """
    per_fragment = _analyse_each(fragments, _starts)
    if per_fragment is None:
        return None
    found: dict[str, set[str]] = {"w": set(), "e": set(), "c": set()}
    for got in per_fragment:
        for kind, value in got:
            found[kind].add(value)
    if "" in found["w"] or "" in found["e"]:  # pragma: no cover - defensive
        return None
    return sorted(found["w"]), sorted(found["e"]), sorted(found["c"])


def _lead(items: list) -> str:
    """The literal characters a parsed sequence always begins with (may be empty)."""
    out = []
    for op, arg in items:
        if op is not _sre.LITERAL:
            break
        out.append(chr(arg))
    return "".join(out)


def _required(items: list) -> set[str] | None:
    """Literal strings one of which every match of a parsed sequence contains (the most telling
    such set found: longest shortest member), or None when none is found."""
    best: set[str] | None = None

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and all(candidate) and (best is None or min(map(len, candidate)) > min(map(len, best))):
            best = candidate

    run: list[str] = []
    for op, arg in items:
        if op is _sre.LITERAL:
            run.append(chr(arg))
            continue
        if op is _sre.BRANCH and run:
            # "versus|vs" parses as "v" then (ersus|s): the run plus each alternative's lead
            consider({"".join(run) + _lead(list(alt)) for alt in arg[1]})
        consider({"".join(run)} if run else None)
        run = []
        if op is _sre.SUBPATTERN or op is getattr(_sre, "ATOMIC_GROUP", None):
            consider(_required(list(arg[-1])))
        elif op is _sre.BRANCH:
            alternatives = [_required(list(alt)) for alt in arg[1]]
            if all(alternatives):
                consider(set().union(*alternatives))
        elif op in _REPEATS and arg[0] >= 1:
            consider(_required(list(arg[2])))
        # anything else (classes, optional parts, look-arounds) adds no requirement
    consider({"".join(run)} if run else None)
    return best


def required_literals(fragments: list[str]) -> list[str] | None:
    """Strings one of which every match of any of `fragments` contains; None when some fragment
    has none. A text containing none of them cannot match: the regex need not run."""
    per_fragment = _analyse_each(fragments, _required)
    return None if per_fragment is None else sorted(set().union(*per_fragment))


def word_boundary(fragments: list[str]) -> str:
    """The leading boundary for an alternation of `fragments` (see `starts_with_word_char`)."""
    return r"\b(?=\w)" if all(starts_with_word_char(f) for f in fragments) else r"\b"


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
        parts.append(word_boundary(words) + r"(?:" + "|".join(f"(?:{f})" for f in words) + r")(?![a-z0-9])")
    parts.extend(f"(?:{f})(?![a-z0-9])" for f in other)
    return "|".join(parts) if parts else "(?!)"


def load_phrases(name: str) -> dict:
    """One JSON file of ``phrases/`` (package data)."""
    path = resources.files(__package__) / "phrases" / name
    return json.loads(path.read_text(encoding="utf-8"))


class Mention(NamedTuple):
    """One mention: the observation's column, the judged span, and whether it states normality.

    A named tuple rather than a dataclass: thousands are made per second on new text.
    """

    column: int
    start: int
    end: int
    normal: bool


class _ObservationPatterns:
    """Compiled patterns of one observation."""

    def __init__(self, column: int, spec: dict[str, list[str]]) -> None:
        self.column = column
        triggers = spec.get("triggers", [])
        # a trigger ending in "$" is a whole word ("air$": not "airspace"); the others are prefixes
        self.triggers: list[str] = [t for t in triggers if not t.endswith("$")]
        self.exact_triggers: list[str] = [t[:-1] for t in triggers if t.endswith("$")]
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
        # group numbers of the focus groups (faster to look up than their names)
        self.focus_groups = [self.mention.groupindex[name] for name in self.focus] if parts else []
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
                for group in self.focus_groups:
                    if m.start(group) >= 0:
                        start, end = m.span(group)
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
_WORD_CACHE_LIMIT = 500_000


class _WordMasks(dict):
    """word -> bit mask of the patterns whose trigger prefixes start it (filled on first look-up).

    A dict with ``__missing__`` so that a whole sentence's words are looked up at C speed
    (``map(masks.__getitem__, words)``); a word never seen before is resolved by looking up each
    of its prefixes in a prefix -> mask table (triggers are plain prefixes).
    """

    def __init__(self, triggers: list[tuple[int, list[str]]],
                 exact: list[tuple[int, list[str]]] = ()) -> None:
        super().__init__()
        self.prefixes: dict[str, int] = {}
        self.exact: dict[str, int] = {}
        self.every = 0  # an empty trigger starts every word
        self.add(triggers, exact)

    def add(self, triggers: list[tuple[int, list[str]]], exact: list[tuple[int, list[str]]] = ()) -> None:
        """More (bit, word prefixes) and (bit, exact words); forgets the words looked up so far."""
        self.clear()
        for bit, words in triggers:
            for w in words:
                if w:
                    self.prefixes[w] = self.prefixes.get(w, 0) | bit
                else:
                    self.every |= bit
        for bit, words in exact:
            for w in words:
                self.exact[w] = self.exact.get(w, 0) | bit
        self.longest = max(map(len, self.prefixes), default=0)

    def __missing__(self, word: str) -> int:
        get = self.prefixes.get
        mask = self.every | self.exact.get(word, 0)
        for k in range(1, min(len(word), self.longest) + 1):
            mask |= get(word[:k], 0)
        if len(self) < _WORD_CACHE_LIMIT:
            self[word] = mask
        return mask


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
        # pattern i owns bit 1 << i; untriggered patterns are always on
        self._masks = _WordMasks([(1 << i, p.triggers) for i, p in enumerate(self.patterns)
                                  if p.trigger is not None],
                                 [(1 << i, p.exact_triggers) for i, p in enumerate(self.patterns)
                                  if p.trigger is not None])
        self._always = sum(1 << i for i, p in enumerate(self.patterns) if p.trigger is None)
        self._group_bits = {
            "all": (1 << len(self.patterns)) - 1,
            "main": sum(1 << i for i, p in enumerate(self.patterns) if p.column != OTHER_COLUMN),
            "other": sum(1 << i for i, p in enumerate(self.patterns) if p.column == OTHER_COLUMN),
        }
        self._selected: dict[int, tuple[_ObservationPatterns, ...]] = {}

    def _patterns(self, mask: int) -> tuple[_ObservationPatterns, ...]:
        hit = self._selected.get(mask)
        if hit is None:
            hit = self._selected[mask] = tuple(p for i, p in enumerate(self.patterns) if mask >> i & 1)
        return hit

    def add_word_gates(self, prefixes: list[tuple[int, list[str]]],
                       exact: list[tuple[int, list[str]]]) -> int:
        """Let `mask` also answer other gates (bits shifted above the patterns' own bits), so that
        one pass over a sentence's words serves them all. Returns the shift."""
        shift = len(self.patterns)
        self._masks.add([(bit << shift, w) for bit, w in prefixes], [(bit << shift, w) for bit, w in exact])
        return shift

    def mask(self, sentence: str) -> int:
        """Bit mask of the patterns to try on `sentence` (all of them when the gate is off)."""
        if not self.gate:
            return self._group_bits["all"]
        return reduce(or_, map(self._masks.__getitem__, _WORD_RE.findall(sentence)), self._always)

    def only(self, mask: int, columns: str) -> int:
        """The part of `mask` selecting patterns of `columns` (``"all"``, ``"main"``, ``"other"``)."""
        return mask & self._group_bits[columns]

    def find(self, sentence: str, columns: str = "all", mask: int | None = None) -> list[Mention]:
        """Mentions in one sentence.

        Args:
            sentence: a normalised sentence.
            columns: ``"all"``, ``"main"`` (the 14 observations) or ``"other"`` (the internal
                other-abnormality column, only needed to decide No Finding).
            mask: `mask(sentence)` when the caller already has it.
        """
        if mask is None:
            mask = self.mask(sentence)
        mask &= self._group_bits[columns]
        out: list[Mention] = []
        if mask:
            for p in self._patterns(mask):
                out.extend(p.find(sentence))
        return out

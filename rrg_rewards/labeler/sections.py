"""Stage 1: keep the sections that describe this study and split them into sentences.

MIMIC-CXR reports carry headers (``INDICATION:``, ``COMPARISON:``, ``FINDINGS:``,
``IMPRESSION:``); the indication and history ask questions ("eval for edema") and the
comparison names old findings, so their text is dropped before mention extraction. IU X-Ray
findings/impressions, and reports cleaned the R2Gen way (``"the heart is normal . no effusion ."``),
have no headers and are kept whole.

Sentences end at ``. ? !`` followed by space or the end, at blank lines and at list numbers
(``1.``, ``2)``); a single line break is a soft wrap inside a sentence, as in MIMIC-CXR. The
de-identification blanks ``___`` (MIMIC-CXR) and ``XXXX`` (IU X-Ray) become one token ``___``.
"""
from __future__ import annotations

import json
import re
from importlib import resources

_PHRASES = resources.files(__package__) / "phrases"


def _load_json(name: str) -> dict:
    return json.loads((_PHRASES / name).read_text(encoding="utf-8"))


_SECTIONS = _load_json("sections.json")
_HEADER_RE = re.compile(
    r"(?P<name>\b(?:" + "|".join(_SECTIONS["skip"] + _SECTIONS["keep"]) + r"))[ \t]*:",
    re.IGNORECASE)
_SKIP_RE = re.compile(r"(?:" + "|".join(_SECTIONS["skip"]) + r")", re.IGNORECASE)

# Abbreviations whose period is not a sentence end.
_ABBREV_RE = re.compile(r"\b(vs|e\.g|i\.e|approx|dr|mr|mrs|ms|st|cm|mm|resp)\.(?=\s+[a-z0-9(])")
_BLANK_RE = re.compile(r"_{2,}|\bx{4,}\b", re.IGNORECASE)
_SPLIT_RE = re.compile(
    r"\n[ \t]*\n"                          # blank line
    r"|(?<=[.?!])[ \t\n]+"                  # sentence end
    r"|(?<=[a-z]{2}\.)(?=[a-z]{2})"          # missing space: "apex.there"
    r"|(?:^|(?<=\s))\(?\d{1,2}[.)](?=\s)"  # list number "1." / "2)" / "(3)"
    r"|\n[ \t]*[-*\u2022][ \t]+"            # bullet at a line start
)
_SPACE_RE = re.compile(r"\s+")
_NOT_RE = re.compile(r"n't\b")
_PUNCT_END_RE = re.compile(r"[\s.!]+$")


def drop_sections(report: str) -> str:
    """Remove the text of indication/history/comparison/technique sections.

    A header counts when it starts a line or is written in capitals; text before the first
    header is kept (IU X-Ray style reports have none).
    """
    if ":" not in report:
        return report
    pieces: list[str] = []
    pos = 0
    keep = True
    for m in _HEADER_RE.finditer(report):
        start = m.start()
        line_start = report.rfind("\n", 0, start) + 1
        at_line_start = not report[line_start:start].strip()
        if not (at_line_start or m.group("name").isupper()):
            continue
        if keep:
            pieces.append(report[pos:start])
        keep = _SKIP_RE.fullmatch(m.group("name")) is None
        pos = m.end()
        pieces.append("\n\n")  # a header always ends the sentence before it
    if keep:
        pieces.append(report[pos:])
    return "".join(pieces)


def split_sentences(report: str) -> list[str]:
    """Lower-cased, whitespace-normalised sentences of the labeled sections of `report`.

    A final ``.`` or ``!`` is stripped; a ``?`` is kept because it marks uncertainty.
    """
    text = drop_sections(report)
    text = _BLANK_RE.sub(" ___ ", text).lower()
    text = _NOT_RE.sub(" not", text).replace("can not", "cannot")
    text = _ABBREV_RE.sub(r"\1", text)
    out: list[str] = []
    for piece in _SPLIT_RE.split(text):
        if not piece:
            continue
        s = _PUNCT_END_RE.sub("", _SPACE_RE.sub(" ", piece)).strip(" ,")
        if s:
            out.append(s)
    return out

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
# A header is a known name right before a colon; searched backwards from each colon, since
# colons are rare and a forward scan of a long alternation is slow.
_HEADER_TAIL_RE = re.compile(
    r"(?:^|[^a-z])(?P<name>" + "|".join(_SECTIONS["skip"] + _SECTIONS["keep"]) + r")[ \t]*$",
    re.IGNORECASE)
_SKIP_RE = re.compile(r"(?:" + "|".join(_SECTIONS["skip"]) + r")", re.IGNORECASE)
_HEADER_MAX = 45

# Abbreviations whose period is not a sentence end (on lower-cased text).
_ABBREVIATIONS = (("vs.", "vs"), ("e.g.", "eg"), ("i.e.", "ie"), ("approx.", "approx"), ("dr.", "dr"))
_BREAK = "\x00"
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
_GLUED_RE = re.compile(r"\.(?=[a-z]{2})")              # "apex.there": a missing space
_NUMBER_RE = re.compile(r"\d{1,2}[.)](?=\s)")          # list numbers "1." "2)"
_TRAILING_NUMBER_RE = re.compile(r"(?:^|\s)\(?\d{1,2}$")
_BULLET_RE = re.compile(r"\n[ \t]*[-*\u2022][ \t]+")
_UNDERSCORES_RE = re.compile(r"_{2,}")
_XXXX_RE = re.compile(r"x{4,}")


def _glued(m: re.Match) -> str:
    s = m.string
    i = m.start()
    return _BREAK if i >= 2 and s[i - 1].isalpha() and s[i - 2].isalpha() else "."


def _number(m: re.Match) -> str:
    i = m.start()
    prev = m.string[i - 1] if i else " "
    if prev == "(":  # "(3)"
        prev = m.string[i - 2] if i > 1 else " "
    return _BREAK if prev.isspace() or prev == _BREAK else m.group(0)


def drop_sections(report: str) -> str:
    """Remove the text of indication/history/comparison/technique sections.

    A header counts when it starts a line, follows a sentence end or is written in capitals;
    text before the first header is kept (IU X-Ray style reports have none).
    """
    colon = report.find(":")
    if colon < 0:
        return report
    pieces: list[str] = []
    pos = 0
    keep = True
    while colon >= 0:
        window_start = max(pos, colon - _HEADER_MAX)
        m = _HEADER_TAIL_RE.search(report, window_start, colon)
        if m is not None:
            start = m.start("name")
            name = m.group("name")
            before = report[max(0, start - 40):start].rstrip(" \t")
            # a header starts a line or follows a sentence end, or is written in capitals
            if not before or before[-1] in ".;:\n" or name.isupper():
                if keep:
                    pieces.append(report[pos:start])
                keep = _SKIP_RE.fullmatch(name) is None
                pos = colon + 1
                pieces.append("\n\n")  # a header always ends the sentence before it
        colon = report.find(":", colon + 1)
    if keep:
        pieces.append(report[pos:])
    return "".join(pieces)


def split_sentences(report: str) -> list[str]:
    """Lower-cased, whitespace-normalised sentences of the labeled sections of `report`.

    A final ``.`` or ``!`` is stripped; a ``?`` is kept because it marks uncertainty.
    """
    text = drop_sections(report)
    if "\n" in text:
        text = _BLANK_LINE_RE.sub(_BREAK, _BULLET_RE.sub(_BREAK, text)).replace("\n", " ")
    text = " ".join(text.lower().split())  # one space between words (the break mark is no space)
    if "__" in text:
        text = _UNDERSCORES_RE.sub("___", text)
    if "xxxx" in text:
        text = _XXXX_RE.sub("___", text)
    if "'" in text:
        text = text.replace("n't", " not")
    if "can not" in text:
        text = text.replace("can not", "cannot")
    for a, b in _ABBREVIATIONS:
        if a in text:
            text = text.replace(a, b)
    if ")" in text:
        text = _NUMBER_RE.sub(_number, text)  # "2) lines removed"; "1. " ends up alone below
    text = text.replace(". ", "." + _BREAK).replace("? ", "?" + _BREAK).replace("! ", "!" + _BREAK)
    if "." in text:
        text = _GLUED_RE.sub(_glued, text)
    out: list[str] = []
    for piece in text.split(_BREAK):
        s = piece.rstrip(" .!,").lstrip(" ,")
        if s and s[-1].isdigit():
            m = _TRAILING_NUMBER_RE.search(s)  # "... atelectasis 2." before the next list item
            if m is not None:
                s = s[:m.start()].rstrip(" .!,")
        if s and s != "(" and not s.isdigit():
            out.append(s)
    return out

"""Stage 1: keep the sections that describe this study and split them into sentences.

MIMIC-CXR reports carry headers (``INDICATION:``, ``COMPARISON:``, ``FINDINGS:``,
``IMPRESSION:``); the indication and history ask questions ("eval for edema") and the
comparison names old findings, so their text is dropped before mention extraction. IU X-Ray
findings/impressions, and reports cleaned the R2Gen way (``"the heart is normal . no effusion ."``),
have no headers and are kept whole.

Sentences end at ``. ? !`` followed by space or the end, at blank lines and at list numbers
(``1.``, ``2)``); a single line break is a soft wrap inside a sentence, as in MIMIC-CXR, unless a
short unpunctuated line is followed by a capitalised one (a list, one finding per line). An organ
header inside a section (``HEART: Mildly enlarged.``) stays as the subject of its text. The
de-identification blanks ``___`` (MIMIC-CXR) and ``XXXX`` (IU X-Ray) become one token ``___``.

Before the sections are found, `cleanup.unpackage` undoes what exports and pipelines did to the text and
`cleanup.form_fields` reads checkbox and field rows; after splitting, `rewording.reword` puts each new
sentence into the words the phrase lists read.
"""
from __future__ import annotations

import re

from .cleanup import LIST_CUES, form_fields, undictate, unpackage
from .extract import load_phrases
from .rewording import _ABSENT_VALUE_RE

_SECTIONS = load_phrases("sections.json")
#: section kinds `drop_sections` can keep on request (the ``--sections`` names)
SECTION_NAMES = ("findings", "impression")
_KINDS = ("skip", "findings", "impression", "subsections", "other")
_VIEW_TOKEN = r"\(?(?:" + "|".join(_SECTIONS["view_words"]) + r")\.?\)?,?"
# A header is a known name (or an exam/view title) right before a colon; searched backwards
# from each colon, since colons are rare and a forward scan of a long alternation is slow.
_HEADER_TAIL_RE = re.compile(
    r"(?:^|[^a-z])(?:" + "|".join(f"(?P<{k}>" + "|".join(_SECTIONS[k]) + ")" for k in _KINDS)
    + rf"|(?P<view>{_VIEW_TOKEN}(?:[ \t/-]+{_VIEW_TOKEN}){{0,8}}))[ \t]*$",
    re.IGNORECASE)
_VIEW_REQUIRED_RE = re.compile(r"\b(?:" + "|".join(_SECTIONS["view_required"]) + r")\b", re.IGNORECASE)
_INDICATION_LIKE_RE = re.compile(r"\b(?:" + "|".join(_SECTIONS["indication_like"]) + r")(?![a-z])|\?",
                                 re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"(?<![Dd]r)(?<![Vv]s)\.(?=\s|$)|!(?=\s|$)|(?<!\s)\?(?=\s|$)")
_HEADER_MAX = 45
_BULLETS = "-*\u2022"
# an unpunctuated indication joined to the next text by two or more spaces (a line end or blank line
# of the original, lost when cells are whitespace-joined) before a capitalised word: "HISTORY:
# pneumonia  Bibasilar atelectasis." (round ni; not an acronym, which may continue a wrapped line)
_JOINED_GAP_RE = re.compile(r"(?<=[A-Za-z0-9)])[ \t]{2,}(?=[A-Z][a-z])")
_TITLE_RE = re.compile(r"[ \t]*[A-Z0-9_(][A-Z0-9 ,()/.&'_#-]*?(?=[ \t]*\n|[ \t]+[A-Z][a-z])")

# Abbreviations whose period is not a sentence end (on lower-cased text).
_ABBREVIATIONS = (("vs.", "vs"), ("e.g.", "eg"), ("i.e.", "ie"), ("approx.", "approx"), ("dr.", "dr"))
# "&" is "and" ("heart & mediastinum", "infection &/or edema") (round pa)
_AMPERSAND_RE = re.compile(r"[ \t]*&[ \t]*")
_BREAK = "\x00"
# marks a sentence that a bullet or list number opened: an item of the list above it (round pn)
_ITEM = "\x03"
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
_GLUED_RE = re.compile(r"\.(?=[a-z]{2})")              # "apex.there": a missing space
_NUMBER_RE = re.compile(r"\d{1,2}[.)](?=\s)")          # list numbers "1." "2)"
_TRAILING_NUMBER_RE = re.compile(r"(?:^|\s)\(?\d{1,2}$")
# a line opened by a bare number and a capital: "1  Left PICC in the SVC", "2 NO PNEUMOTHORAX"
_BARE_NUMBER_LINE_RE = re.compile(r"(?:^|(?<=\n))[ \t]*(\d{1,2})[ \t]+(?=[A-Z])")
# ... and the same list whitespace-joined ("IMPRESSION: 1 Left PICC in the SVC 2 No pneumothorax 3 Mild
# edema", a CSV cell of a numbered impression): a number after a space, before a capital (in a report written
# all in lower case, before any letter), the word after it no unit or count ("1 Left PICC", not "1 CM" or
# "2 views")
_NOT_AN_ITEM = (r"(?!(?i:cm|mm|x|in|of|to|and|or|views?|films?|images?|hours?|days?|weeks?|months?|years?|times"
                r"|levels?|ribs?|lobes?|leads?|tubes?|lines?|drains?|wires?|clips?|mg|ml|l|am|pm)\b)")
_BARE_NUMBER_INLINE_RE = re.compile(r"(?:^|(?<=[ \t\n]))[ \t]*(\d{1,2})[ \t]+(?=[A-Z])" + _NOT_AN_ITEM)
_BARE_NUMBER_INLINE_LOWER_RE = re.compile(r"(?:^|(?<=[ \t\n]))[ \t]*(\d{1,2})[ \t]+(?=[A-Za-z])" + _NOT_AN_ITEM)
# A report written all in lower case (a pipeline lower-cased it) lost the capitals by which the list rules
# tell a new line's statement from a soft wrap. A line opened by a bullet or list number ("1  left picc in
# the svc", "- no effusion"), or one under a field line ("pneumothorax: no" over "pleural effusion: no"), gets
# its first letter's capital back; any other line may be a wrapped sentence's next line and stays as it is.
_LOWER_LINE_START_RE = re.compile(r"([ \t]*(?:[-*\u2022][ \t]+|\d{1,2}[.)]?[ \t]+)?)([a-z])")
# ... and so does a line under a short bulleted one with no sentence end ("- pneumothorax" over "definite:" or
# "trace left effusion", in a report written all in capitals): a full line may wrap, a short item ended where it
# stopped (not a numbered item: "1. support devices as described above. no" may go on "pneumothorax.")
_LOWER_ITEM_LINE_RE = re.compile(r"[ \t]*[-*\u2022][ \t]+[^.!?\n]*$")
# ... and a lead-in of a few words between two lists ("2. effusion" / "yes:" / "1. small nodular opacity"):
# a list item does not wrap onto a line that ends in a colon over another list
_LOWER_LEAD_LINE_RE = re.compile(r"[ \t]*[a-z][a-z']*(?: [a-z][a-z']*){0,3}:[ \t]*")
_LOWER_LIST_LINE_RE = re.compile(r"[ \t]*(?:[-*\u2022]|\d{1,2}[.)])[ \t]+\S")
_LOWER_FIELD_LINE_RE = re.compile(r"[ \t]*[a-z][a-z0-9 /()-]{0,40}:[ \t]*[a-z0-9+-]")
_BULLET_RE = re.compile(r"\n[ \t]*(?:[-*\u2022]|[a-h][.)])[ \t]+")
# a bulleted line ends its item where the next line opens a sentence of its own, also with "A" or a
# "?" ("- pleural effusion\nA rounded density ...", "- consolidation\n?subtle opacity") (round pn)
_BULLET_LINE_END_RE = re.compile(r"(\n[ \t]*(?:[-*\u2022]|[a-h][.)])[ \t]+[^\n]*)\n(?=[ \t]*(?:[A-Z]|\?[ \t]*[A-Za-z]))")
_UNDERSCORES_RE = re.compile(r"_{2,}")
# Tokenized text spaces its hyphens as it spaces its periods ("port - a - cath", "left - sided"): a compound
# is joined again only in such text, where " ." or " ," shows the tokenizer was at work, and not across a dash
# that sets a value or an explanation off: after an organ or finding name and before its
# value ("heart - normal size", "cardiomegaly - no", "opacity - atelectasis vs aspiration"), which the dash
# rules read; a compound's halves are a prefix, a combining form or a short word ("left - sided", "ill - defined",
# "hydro - pneumothorax", "x - ray", "port - a - cath") or end in a suffix word ("mass - like", "ground - glass")
_SPACED_COMPOUND_RE = re.compile(
    r"\b(?:left|right|post|pre|non|semi|ill|well|x|air|re|co|mid|sub|peri|para|intra|extra|anti|bi|multi|ground|plate"
    r"|band|port|a|tip|end|self|up|follow|short|long|low|high|full|half|two|three|four|one|t|l|c|e|s"
    r"|hydro|hemo|haemo|pyo|chylo|pneumo|broncho|cardio|costo|gastro|thoraco|pleuro|vaso|veno|retro|infra|supra|inter"
    r"|trans|hyper|hypo) - (?=[a-z])"
    r"|(?<=[a-z]) - (?=(?:like|sided|defined|glass|ray|rays|operative|operatively|space|a|cath|appearing|shaped|filled"
    r"|up|based|density|dependent|type|term|grade|line|lines|tube|tubes|wise|free|related|induced)\b)")
# a tokenizer's spaced abbreviation period ("vs .", "e.g .", "approx ."): no sentence end
_SPACED_ABBREVIATION_RE = re.compile(r"\b(vs|approx|e\.g|i\.e|eg|ie|dr|cf) \.(?= )")
# a tokenizer's question mark after a word ("atelectasis ? effusion ?"): the word's question, as "atelectasis?"
_SPACED_QUESTION_RE = re.compile(r"(?<=[a-z0-9)]) \?(?= |$)")
# Tokenized "and / or" (spaces round the slash) is "and/or": two findings offered as alternatives (round pg).
_SPACED_AND_OR_RE = re.compile(r"\band ?/ ?or\b")
# a short line without end punctuation, then a line starting with a capitalised word: a list
# written one finding per line ("No pneumothorax\nModerate cardiomegaly"), not a soft wrap (wrapped
# MIMIC-CXR lines run to about 70-80 characters, and a wrapped sentence rarely goes on capitalised)
# (round pe: also a line ending in a field's "-" or "+" value, "Cardiomegaly: -", "Effusion (R/L): -/+")
_LIST_LINE_RE = re.compile(r"(?:^|(?<=\n)|(?<=\x00))([^\n\x00]{1,48}(?:[A-Za-z0-9)]|(?<=[:/ ])[-+]))[ \t]*\n(?=[ \t]*[A-Z][a-z])")
_PREFIX_QUESTION_RE = re.compile(r"(?:(?<=[\s(\[])|^)\? (?=[a-z])")
_XXXX_RE = re.compile(r"x{4,}")
_LEAD_IN_MAX = 100


def _list_line(m: re.Match) -> str:
    return m.group(1) + _BREAK


def _glued(m: re.Match) -> str:
    s = m.string
    i = m.start()
    return _BREAK if i >= 2 and s[i - 1].isalpha() and s[i - 2].isalpha() else "."


def _number(m: re.Match) -> str:
    i = m.start()
    s = m.string
    prev = s[i - 1] if i else " "
    if prev == "(":  # "(3)"
        prev = s[i - 2] if i > 1 else " "
    elif m.group(0)[-1] == ")":
        # the number closes an aside opened before it ("(series 2, image 45) is not seen"): no list
        opened = s.rfind("(", max(0, i - 80), i)
        if opened != -1 and s.find(")", opened, i) == -1:
            return m.group(0)
    return _BREAK + _ITEM if prev.isspace() or prev == _BREAK else m.group(0)


def _recased_lines(text: str) -> str:
    """`text` (all in lower case) with the first letter of each list or field line capitalised
    (`_LOWER_LINE_START_RE`)."""
    lines = text.split("\n")
    out = []
    for prev, line, nxt in zip([""] + lines, lines, lines[1:] + [""]):
        m = _LOWER_LINE_START_RE.match(line)
        if m is not None and (m.group(1).strip() or _LOWER_FIELD_LINE_RE.match(prev) is not None
                              or len(prev.strip()) <= 48 and _LOWER_ITEM_LINE_RE.match(prev) is not None
                              or line.endswith(":") and _LOWER_LEAD_LINE_RE.fullmatch(line) is not None
                              and _LOWER_LIST_LINE_RE.match(prev) is not None and _LOWER_LIST_LINE_RE.match(nxt) is not None):
            line = m.group(1) + m.group(2).upper() + line[m.end():]
        out.append(line)
    return "\n".join(out)


def _bare_numbers(text: str, numbers: re.Pattern = _BARE_NUMBER_LINE_RE) -> str:
    """Lines numbered 1, 2, 3 with no period or bracket ("1  No pneumothorax\n2  Mild edema") are a
    list: each number ends the sentence before it. Only a run counted up from 1 at line starts, each
    number followed by a capital, is read so (a wrapped line may start with "2 cm"); `numbers` finds
    the numbers (`_BARE_NUMBER_INLINE_RE` in a whitespace-joined report)."""
    marks = [(m.start(1), m.end(), int(m.group(1))) for m in numbers.finditer(text)]
    keep: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    expect = 1
    for a, b, n in marks:
        if n == expect:
            run.append((a, b))
            expect += 1
            continue
        if len(run) >= 2:
            keep.extend(run)
        run, expect = ([(a, b)], 2) if n == 1 else ([], 1)
    if len(run) >= 2:
        keep.extend(run)
    for a, b in reversed(keep):
        text = text[:a] + _BREAK + _ITEM + text[b:]
    return text


_NEXT_FIELD_RE = re.compile(r"(?<=[A-Za-z0-9)])[ \t]+(?=[A-Z][a-z]+(?:[ \t][A-Za-z]+){0,2}:[ \t])")


def _skip_end(report: str, start: int, stop: int, preamble: bool = False) -> int:
    """Where a skipped section's text ends when no header closes it first (at `stop`).

    It ends at a blank line, or after its first sentence at the first sentence that does not
    read like indication, history or comparison text (no patient words, questions or symptoms):
    "INDICATION: Cough. Eval for pneumonia. The lungs are clear." keeps the last sentence.
    `preamble`: the next header opens another skipped section or the findings, so the report's
    body has not begun: the whole section is skipped up to that header or a blank line
    ("INDICATION: Breast cancer. Known right effusion. FINDINGS: ...": the effusion is history).
    """
    blank = _BLANK_LINE_RE.search(report, start, stop)
    limit = blank.start() if blank is not None else stop
    if preamble:
        return limit
    m = _SENTENCE_END_RE.search(report, start, limit)
    pos = m.end() if m is not None else limit
    # a title in capitals ends before a line break or a mixed-case word: "EXAMINATION: CHEST (PA
    # AND LAT) The lungs are clear." (not in a report written all in capitals)
    t = _TITLE_RE.match(report, start, limit)
    if t is not None and t.end() < pos and any(c.islower() for c in report[t.end():limit]):
        pos = t.end()
    gap = _JOINED_GAP_RE.search(report, start, pos)
    if gap is not None:
        pos = gap.end()
    if ": " in report[start:pos]:  # the next field of a joined row ("Reason: r/o PNA Result: * Infiltrate: None")
        f = _NEXT_FIELD_RE.search(report, start, pos)
        if f is not None:
            pos = f.end()
    if pos >= limit:
        return limit
    while pos < limit:
        m = _SENTENCE_END_RE.search(report, pos, limit)
        end = m.end() if m is not None else limit
        sentence = report[pos:end]
        if any(c.isalpha() for c in sentence.replace("___", "")) and _INDICATION_LIKE_RE.search(sentence) is None:
            return pos
        pos = end
    return limit



_LIST_BELOW_RE = re.compile(r"[ \t]*\n[ \t]*(?:[-*\u2022]|\d{1,2}[.)]|[a-h][.)])[ \t]")


def _subsection(report: str, name_start: int, text_start: int, stop: int) -> str:
    """An organ subsection's text with its header kept as the subject: "HEART: Mildly enlarged."
    reads "HEART Mildly enlarged." (the heart is what is enlarged; the colon would end the clause).
    Two organs joined by "/" or "&" read as joined by "and" ("Heart/mediastinum: Normal." reads
    "Heart and mediastinum Normal.")."""
    name = report[name_start:text_start - 1]
    if "/" in name or "&" in name:
        name = " ".join(name.replace("/", " and ").replace("&", " and ").split())
    if _ABSENT_VALUE_RE.match(report, text_start, stop) is not None or _LIST_BELOW_RE.match(report, text_start, stop):
        # (over a bulleted or numbered list the colon stays: the header is the lead-in of each item, round pn)
        return name + ":" + report[text_start:stop]
    return name + " " + report[text_start:stop]


# a word that needs a noun after it ("resolved since prior:", "no evidence of the following on today's exam:"):
# the name after it is that noun, no header, in a lower-cased report where no capitals tell
_NO_HEADER_AFTER_RE = re.compile(r"(?:\b(?:since|than|to|of|on|in|at|with|from|for|by|the|a|an|this|these|any)|'s)$")


# a capitalised name right after another field's short value on its line ("Order: XR CHEST 2V Reason: r/o PNA",
# a joined cell), or after a bracketed value ("Clip # [**Clip Number (Radiology) 70388**] Reason: eval for chf"
# where the banner is cut): the next field, a header as it was at its line start
# ... or after an exam title in capitals ("CHEST RADIOGRAPH, PA AND LATERAL Indication: Chest pain")
_TITLE_END_RE = re.compile(r"(?:^|\n)[ \t]*[A-Z][A-Z0-9 ,()/&'-]*[A-Z]{2}[)]?$")
_FIELD_BEFORE_RE = re.compile(r"(?:^|(?<=[\s(]))[A-Z][A-Za-z/()]*(?:[ \t][A-Za-z/()]+){0,2}:[ \t]*[^\s.:!?][^.:!?\n]{0,40}[ \t]$")


def _headers(report: str) -> list[tuple[int, int, str]]:
    """(name start, text start, kind) of each section header, in order."""
    found: list[tuple[int, int, str]] = []
    lower = report.islower()  # a report a pipeline lower-cased: its headers lost their capitals
    colon = report.find(":")
    pos = 0
    while colon >= 0:
        m = _HEADER_TAIL_RE.search(report, max(pos, colon - _HEADER_MAX), colon)
        if m is not None:
            kind = m.lastgroup
            start = m.start(kind)
            name = m.group(kind)
            before = report[max(0, start - 40):start].rstrip(" \t")
            if before and before[-1] in _BULLETS and before[:-1].rstrip(" \t")[-1:] in ("", "\n", ".", ";", ":"):
                # a bullet at a line start or after a sentence end: "- Heart size: normal."
                before = before[:-1].rstrip(" \t")
            # a header starts a line or follows a sentence end, or is written in capitals, or names a main
            # section of a report written all in lower case ("examination: chest (pa and lat) indication:
            # ___ year old man with cough comparison: ___ findings: ...", a joined cell lower-cased)
            if ((not before or before[-1] in ".;:\n" or name.isupper()
                 or lower and kind in ("skip", "findings", "impression") and _NO_HEADER_AFTER_RE.search(before) is None
                 or kind == "skip" and name[:1].isupper() and not lower
                 and (before[-1] == "]" or _TITLE_END_RE.search(before) is not None
                      or _FIELD_BEFORE_RE.search(report, max(0, start - 60), start) is not None))
                    and (kind != "view" or _VIEW_REQUIRED_RE.search(name) is not None)):
                found.append((start, colon + 1, "findings" if kind == "view" else kind))
                pos = colon + 1
        colon = report.find(":", colon + 1)
    return found


# A header written in capitals without its colon ("HISTORY" alone on its line, "FINDINGS The heart
# is normal." after a title or a sentence end): read as if the colon were there. Only the names
# that open a report's main sections, and only before a line end or a word in lower case, so a
# report written all in capitals ("FINDINGS THE HEART IS NORMAL") is read as before.
_BARE_HEADER_RE = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?] )|(?<=[A-Z)_] ))([ \t]*(?:CLINICAL )?(?:HISTORY|INDICATIONS?|COMPARISONS?"
    r"|TECHNIQUE|FINDINGS|IMPRESSIONS?|CONCLUSIONS?|REASON FOR (?:THE )?(?:EXAM|EXAMINATION|STUDY)))"
    r"(?=[ \t]*\n|[ \t]+(?:___[ \t]+)?[A-Z]?[a-z])")


# a speed gate: every name `_BARE_HEADER_RE` reads holds one of these (HISTORY, INDICATION,
# COMPARISON, TECHNIQUE, FINDINGS, IMPRESSION, CONCLUSION, REASON FOR ...)
_BARE_HEADER_PARTS = ("ION", "NGS", "ORY", "QUE", "SON")
_BARE_HEADER_LOWER_PARTS = ("ion\n", "ngs\n", "ory\n", "que\n", "son\n", "ion \n", "ngs \n", "ory \n", "que \n", "son \n",
                            "udy\n", "xam\n", "ons\n")


# the same names in a report a pipeline lower-cased, only alone on their line ("history" over the indication):
# a line of one such word is no wrapped sentence's end, which would carry its period (mid-line, "... pneumonia.
# findings there is no ...", a sentence may open with the word: "findings are consistent with ...")
_BARE_HEADER_LOWER_RE = re.compile(
    r"(?m)^([ \t]*(?:clinical )?(?:history|indications?|comparisons?|technique|findings|impressions?|conclusions?"
    r"|reason for (?:the )?(?:exam|examination|study)))(?=[ \t]*\n)")


def _bare_headers(report: str) -> str:
    """`report` with a colon after each capitals header written without one (`_BARE_HEADER_RE`)."""
    return _BARE_HEADER_RE.sub(r"\1:", report)


def drop_sections(report: str, sections: frozenset[str] | None = None) -> str:
    """The text of the sections that describe this study, headers removed.

    Args:
        report: one report.
        sections: None (default, mode ``all``): every section except indication, history,
            reason, comparison, technique and exam lines (`_skip_end` says where such a section
            ends when no header follows); text before the first header is kept (IU X-Ray style
            reports have none). Or a set of `SECTION_NAMES`: only those sections (an exam/view
            title such as ``CHEST (PORTABLE AP):`` opens findings; organ headers continue the
            section they are in); a report that has none of them is read as in mode ``all``.
    """
    if any(part in report for part in _BARE_HEADER_PARTS):
        report = _bare_headers(report)
    colon = report.find(":")
    if colon < 0:
        return report
    headers = _headers(report)
    if not headers:
        return report
    if sections is not None:
        picked = _pick(report, headers, sections)
        if picked is not None:
            return picked
    pieces: list[str] = [report[:headers[0][0]]]
    for i, (name_start, text_start, kind) in enumerate(headers):
        stop = headers[i + 1][0] if i + 1 < len(headers) else len(report)
        pieces.append("\n\n")  # a header always ends the sentence before it
        if kind == "subsections":
            pieces.append(_subsection(report, name_start, text_start, stop))
            continue
        if kind == "skip":
            after = headers[i + 1][2] if i + 1 < len(headers) else None
            text_start = _skip_end(report, text_start, stop, preamble=after in ("skip", "findings"))
        pieces.append(report[text_start:stop])
    return "".join(pieces)


def _pick(report: str, headers: list[tuple[int, int, str]], sections: frozenset[str]) -> str | None:
    """Text of the `sections` kinds only (organ subsections continue the section they are in);
    None when the report has no header of those kinds."""
    pieces: list[str] = []
    current = "other"
    hit = False
    for i, (name_start, text_start, kind) in enumerate(headers):
        organ = kind == "subsections"
        if organ:
            kind = current if current in SECTION_NAMES else "findings"
        current = kind
        if kind in sections:
            hit = True
            stop = headers[i + 1][0] if i + 1 < len(headers) else len(report)
            pieces.append("\n\n")
            pieces.append(_subsection(report, name_start, text_start, stop) if organ else report[text_start:stop])
    return "".join(pieces) if hit else None


# A run of "name: value" fields whose line breaks are gone ("Pneumothorax: no Pleural effusion: no Consolidation:
# yes (RUL)", a CSV cell of a structured report): a known field name (an observation, one of its common variants and
# abbreviations, or an organ header of sections.json "subsections") right before a colon, after a previous field's
# value on the same line (a colon at most 80 characters back, no sentence end or line break between), starts a
# statement of its own, so "no" is the value of "pneumothorax" and does not negate "pleural effusion". Prose with a
# colon ("Comparison: ___. Findings: the heart ...") names no such field after a value and reads as before.
_FIELD_NAMES = (
    r"no (?:acute )?findings?|(?:enlarged )?cardiomediastin(?:um|al(?: silhouette| contours?)?)|cardiomegaly"
    r"|lung (?:lesions?|opacit(?:y|ies)|nodules?|masse?s?)|(?:focal )?(?:air ?space )?opacit(?:y|ies)|infiltrates?"
    r"|(?:pulmonary |interstitial )?edema|(?:focal )?consolidation|pneumonia|infection|atelectasis|pneumothora(?:x|ces)"
    r"|ptx|(?:pleural )?effusions?|pleural (?:other|thickening|abnormalit(?:y|ies))|fractures?|(?:rib |bony )?fractures?"
    r"|(?:support |medical |monitoring )?devices|lines?(?: ?(?:/|and|&) ?tubes?)?(?: malposition| position| placement)?"
    r"|tubes?(?: ?(?:/|and|&) ?lines?)?(?: malposition| position| placement)?|hardware|nodules?(?: ?(?:/|and|&|or) ?masse?s?)?"
    r"|masse?s?|(?:right |left )?lungs?|(?:right |left )?(?:hemi)?diaphragms?|costophrenic angles?|hilar? (?:adenopathy|enlargement)"
    r"|emphysema|trachea|osseous|" + "|".join(_SECTIONS["subsections"] + _SECTIONS["findings"] + _SECTIONS["impression"]))
_ORGAN_FIELD_RE = re.compile("(?:" + "|".join(_SECTIONS["subsections"]) + ")", re.IGNORECASE)
_FIELD_RUN_RE = re.compile(r"(?:(?<=[^\s:])[ \t]+[*\u2022-][ \t]+|(?<=\S)[ \t]+)(?=(?P<name>" + _FIELD_NAMES
                           + r")(?:[ \t]*\([^()\n]{1,12}\))?[ \t]*:(?!//))", re.IGNORECASE)
_FIELD_VALUE_MAX = 80
# ... and a field of any short name after a previous field's one-word value ("Active TB findings: none Cavitation:
# none", "Cardiomegaly: no Radiologist comment: ..."; a bare "no" only before a capitalised name, as "no" also opens
# a statement: "Impression: no acute findings: ...")
_FIELD_VALUE_END_RE = re.compile(
    r"(:[ \t]*(?:(?i:none|absent|present|yes|normal|negative|positive|clear|nl|wnl|unremarkable|n/a)"
    r"(?=[ \t]+[A-Za-z][A-Za-z /()-]{1,30}:)|no(?=[ \t]+[A-Z][a-z][A-Za-z /()-]{0,30}:)))(?=[ \t])")


def _field_runs(text: str) -> str:
    """`text` with a break before each field of a run of "name: value" fields on one line (`_FIELD_RUN_RE`; a
    bullet before the name goes); an organ header so found keeps its name as the subject of its value, as
    `_subsection` does ("... Heart: mildly enlarged" reads "heart mildly enlarged")."""
    cuts = []
    name_end = 0
    for m in _FIELD_RUN_RE.finditer(text):
        i = m.start()
        if i < name_end:  # "effusion" inside "pleural effusion"
            continue
        name_end = m.end("name")
        j = m.end()
        if text[j].isupper() and text[j + 1:j + 2].islower():
            # a capitalised field name in a mixed-case line ("CHEST PA/LAT Heart: normal", "... contour -
            # Mediastinum: not widened"): a field starts there, also with no field before it
            cuts.append((i, j, name_end))
            continue
        colon = text.rfind(":", max(0, i - _FIELD_VALUE_MAX), i)
        if colon < 0:
            continue
        value = text[colon + 1:i]
        if "\n" not in value and _BREAK not in value and _SENTENCE_END_RE.search(value) is None:
            cuts.append((i, j, name_end))
    for i, j, k in reversed(cuts):
        if _ORGAN_FIELD_RE.fullmatch(text, j, k) is not None:
            c = text.index(":", k)
            if _ABSENT_VALUE_RE.match(text, c + 1) is None:
                text = text[:c] + " " + text[c + 1:]
            name = text[j:k]
            if "/" in name or "&" in name:  # "Lines/tubes" reads "lines and tubes", as `_subsection` reads it
                text = text[:j] + " ".join(name.replace("/", " and ").replace("&", " and ").split()) + text[k:]
        text = text[:i] + " " + _BREAK + text[j:]
    if ": " in text:  # a field of a name not known after a one-word value: "Cavitation: none Fibrosis/scarring: ..."
        text = _FIELD_VALUE_END_RE.sub("\\1" + _BREAK, text)
    return text


# "Question:" over a question its "Answer:" / "A:" / "Response:" line answers (round qf): an exchange, not the
# referrer's clinical question that a QUESTION header holds; whitespace-joined, a pair after the one before
# it starts after that one's sentence end
_QA_QUESTION_RE = re.compile(r"(?im)(?:^|(?<=[.!?]))([ \t]*(?:\*\*)?[ \t]*)(?:patient |user )?question(\d?(?:\*\*)?[ \t]*:(?:\*\*)?[^\n?]{1,120}\?)"
                             r"(?=[ \t]*\n?[ \t]*(?:\*\*)?[ \t]*(?:a|answer|response)\d?(?:\*\*)?[ \t]*:)")


# a short capitalised lead-in over a list numbered from 1 again, mid-line after the last item of a list before
# it ("No: 1. pneumothorax 2. effusion Yes: 1. Small nodular opacity ...", a joined cell): it starts a line
_LEAD_OVER_LIST_RE = re.compile(r"(?<=[a-z0-9)])[ \t]+(?=[A-Z][a-z']*(?:[ \t][A-Za-z']+){0,3}:[ \t]+1[.)][ \t])")
# ... in a report without capitals, only a cue such lists are headed by ("... 2. effusion yes: 1. small nodule")
_LEAD_OVER_LIST_LOWER_RE = re.compile(r"(?<=[a-z0-9)])[ \t]+(?=(?:" + LIST_CUES + r"):[ \t]+1[.)][ \t])")


def split_sentences(report: str, sections: frozenset[str] | None = None) -> list[str]:
    """Lower-cased, whitespace-normalised sentences of the labeled sections of `report`.

    A final ``.`` or ``!`` is stripped; a ``?`` is kept because it marks uncertainty.
    `sections`: as in `drop_sections`.
    """
    if report.isupper():
        # a report written all in capitals: its capitals tell no line's statement from a soft wrap, nor a header
        # from a word, so it is read as a lower-cased one (its field and list lines too), its bare headers
        # ("HISTORY" alone on its line) read first
        if any(part in report for part in _BARE_HEADER_PARTS):
            report = _bare_headers(report)
        report = report.lower()
    elif "\n" in report and report.islower() and any(part in report for part in _BARE_HEADER_LOWER_PARTS):
        report = _BARE_HEADER_LOWER_RE.sub(r"\1:", report)
    text = unpackage(report)
    if "uestion" in text or "UESTION" in text:
        text = _QA_QUESTION_RE.sub(r"\1Q\2", text)  # "Question: ...? Answer: ...": no clinical question (round qf)
    text = form_fields(drop_sections(text, sections))
    lower = text.islower()
    if text.count(":") >= 2:  # fields run together on one line: one statement per field
        text = _field_runs(text)
    if ": 1" in text:  # a lead-in over a list renumbered from 1, whitespace-joined: its own line
        text = (_LEAD_OVER_LIST_LOWER_RE if lower else _LEAD_OVER_LIST_RE).sub(_BREAK, text)
    # a numbered list that may be whitespace-joined: its numbers are looked for anywhere, not only at line starts
    inline_numbers = (_BARE_NUMBER_INLINE_LOWER_RE if lower else _BARE_NUMBER_INLINE_RE) \
        if " 2 " in text and "1 " in text else None
    if "\n" in text:
        if lower:  # a lower-cased report: its list lines' capitals back (round qg's lead review)
            text = _recased_lines(text)
        if "1" in text:
            text = _bare_numbers(text, inline_numbers or _BARE_NUMBER_LINE_RE)
        if "- " in text or ". " in text or ") " in text:
            text = _BULLET_LINE_END_RE.sub(lambda m: m.group(1) + _BREAK, text)
        text = _BLANK_LINE_RE.sub(_BREAK, _BULLET_RE.sub(_BREAK + _ITEM, text))
        text = _LIST_LINE_RE.sub(_list_line, text).replace("\n", " ")
    elif inline_numbers is not None:
        text = _bare_numbers(text, inline_numbers)
    if ";" in text:
        text = text.replace(";", "; ")  # "pneumothorax;small effusion": the clause still ends
    if "&" in text:  # "heart & mediastinum", "&/or": "and" (round pa)
        text = _AMPERSAND_RE.sub(lambda m: " and" if m.string.startswith("/", m.end()) else " and ", text)
    text = " ".join(text.lower().split())  # one space between words (the break mark is no space)
    if " : " in text:  # tokenized text spaces its colons ("left lung : clear", "findings : ..."): a field's colon
        text = text.replace(" : ", ": ")
    text = undictate(text)
    if " ." in text or " ," in text:  # tokenized text: its spaced compounds, abbreviations and question marks
        if " - " in text:
            text = _SPACED_COMPOUND_RE.sub(lambda m: m.group(0).replace(" - ", "-"), text)
        if " ." in text:
            text = _SPACED_ABBREVIATION_RE.sub(r"\1", text)
        if " ?" in text:
            text = _SPACED_QUESTION_RE.sub("?", text)
    if " ," in text:  # a tokenizer's comma ("the heart , mediastinum and hila are normal") is a comma (round pg)
        text = text.replace(" ,", ",")
    if "/ or" in text or "and /" in text:  # tokenized "and / or" (round pg)
        text = _SPACED_AND_OR_RE.sub("and/or", text)
    if "__" in text:
        text = _UNDERSCORES_RE.sub("___", text)
    if "xxxx" in text:
        text = _XXXX_RE.sub("___", text)
    if "'" in text:
        if "an't" in text or "won't" in text:  # "can't exclude" is "cannot exclude", not "ca not exclude" (round ps)
            text = text.replace("can't", "cannot").replace("won't", "will not")
        text = text.replace("n't", " not")
    if "w/in" in text:
        text = text.replace("w/in", "within")  # "w/in normal limits"
    if "can not" in text:
        text = text.replace("can not", "cannot")
    for a, b in _ABBREVIATIONS:
        if a in text:
            text = text.replace(a, b)
    if ")" in text:
        text = _NUMBER_RE.sub(_number, text)  # "2) lines removed"; "1. " ends up alone below
    if "? " in text:
        text = _PREFIX_QUESTION_RE.sub("?", text)  # "? pneumonia": a question about the next word
    text = text.replace(". ", "." + _BREAK).replace("? ", "?" + _BREAK).replace("! ", "!" + _BREAK)
    if "." in text:
        text = _GLUED_RE.sub(_glued, text)
    out: list[str] = []
    items: list[bool] = []
    numbered = False  # the piece before ended in a list number ("... includes: 1", "atelectasis 2")
    for piece in text.split(_BREAK):
        item = numbered or piece.startswith(_ITEM)
        numbered = False
        if _ITEM in piece:
            piece = piece.replace(_ITEM, "")
        s = piece.rstrip(" .!,").lstrip(" ,")
        if s and s[-1].isdigit():
            m = _TRAILING_NUMBER_RE.search(s)  # "... atelectasis 2." before the next list item
            if m is not None:
                s = s[:m.start()].rstrip(" .!,")
                numbered = True
        if s.isdigit():
            numbered = True
        if s and s != "(" and not s.isdigit():
            out.append(s)
            items.append(item)
    if any(items):
        out = _lead_ins(out, items)
    elif ": " in text:
        out = [_inline_lead(s) if ": " in s else s for s in out]
    if "?" in text:
        out = _questions(out)
    return out


# Questions and their answers (round qf): chat assistants and question-answering models write "Is there a
# pneumothorax? No.", "Q: Any effusion? A: None seen.", "Question: Is the heart enlarged? Answer: Yes.". A
# question asks, it says nothing of the film; a bare yes / no answer says the question's words as a statement
# ("no pneumothorax", "the heart is enlarged"), an answer in a sentence of its own is read as it stands, and
# the question is then dropped. A question read as one (a labelled one, or one answered) is never a hedge.
_QUESTION_LABEL_RE = re.compile(r"^(?:(?:patient|user|clinical|your) )?(?:q|question)\d?: ?")
_ANSWER_LABEL_RE = re.compile(r"^(?:a|answer|response|reply)\d?: ?")
_ASKED_RE = re.compile(
    r"^(?:(?P<there>(?:is|are) there (?:(?:a|an|any) )?)|(?P<the>(?:is|are) (?:the|his|her|your|their|my) )|(?P<any>any )"
    r"|(?P<show>(?:does|do|did) (?:this|the|my|his|her) (?:chest )?(?:x-ray|xray|radiograph|film|image|study|exam|cxr|scan)"
    r" (?:show|demonstrate|reveal|have|suggest)s? (?:(?:a|an|any) )?)|(?P<could>(?:could|can|might|may) (?:this|it|that) be (?:(?:a|an) )?)"
    r"|(?P<what>(?:what|where|why|how) ))(?P<subject>[^?]{2,80}?) ?\?+$")
_ANSWER_RE = re.compile(r"^(?P<a>yes|no|none(?: (?:seen|identified|visible|present|noted))?|absent|present|negative|positive)"
                        r"(?:$|[ ]?[,;:.-]+ ?)(?P<rest>.*)$")
_PREDICATE_RE = re.compile(r"^(?P<subject>.+) (?P<p>[a-z]+ed|normal|abnormal|clear|present|visible|intact|large)$")


def _asked(question: str, answer: str | None) -> str | None:
    """The statement a yes / no `answer` makes of `question` (a regex match of `_ASKED_RE`), or None."""
    m = _ASKED_RE.match(question)
    if m is None or answer is None or m.group("what"):
        return None
    subject = m.group("subject")
    no = answer in ("no", "absent", "negative") or answer.startswith("none")
    if m.group("the"):
        p = _PREDICATE_RE.match(subject)
        if p is None:
            return None
        return m.group("the").split()[1] + " " + p.group("subject") + (" is not " if no else " is ") + p.group("p")
    if m.group("could"):
        return ("no " if no else "possible ") + subject
    return ("no " if no else "there is ") + subject


def _questions(out: list[str]) -> list[str]:
    """`out` with questions and their answers read as statements (`_ASKED_RE`; round qf)."""
    res: list[str] = []
    i = 0
    while i < len(out):
        s = out[i]
        if not s.endswith("?"):
            res.append(s)
            i += 1
            continue
        label = _QUESTION_LABEL_RE.match(s)
        question = s[label.end():] if label is not None else s
        m = _ASKED_RE.match(question)
        nxt = out[i + 1] if i + 1 < len(out) else None
        answer_label = _ANSWER_LABEL_RE.match(nxt) if nxt is not None else None
        answer = nxt[answer_label.end():] if answer_label is not None else nxt
        a = _ANSWER_RE.match(answer) if answer is not None else None
        asked = m is not None and (m.group("any") is None and m.group("could") is None)
        if m is None or not (asked or label is not None or answer_label is not None or a is not None):
            res.append(s)  # a radiologist's "? pneumonia", "Pneumonia?": a hedge, read as written
            i += 1
            continue
        statement = _asked(question, a.group("a")) if a is not None else None
        if statement is not None:
            res.append(statement)
            if a.group("rest"):
                res.append(a.group("rest"))
            i += 2
            continue
        if answer_label is not None:  # an answer of its own: read as it stands, without its label
            res.append(answer)
            i += 2
            continue
        i += 1  # the question alone says nothing
    return res


# a lead-in whose cue follows what it says of ("Resolved since prior:", "The following are not seen:",
# "No longer seen:"): the item goes before it ("right effusion resolved since prior")
_POST_LEAD_RE = re.compile(
    r"(?:(?:the following|these)(?: findings?)? (?:is|are|has|have|has been|have been) )?((?:now |interval(?:ly)? |completely )?"
    r"(?:resolved|cleared|removed|absent|excluded|ruled out|not (?:seen|identified|present|visuali[sz]ed|demonstrated|evident)"
    r"|no longer (?:seen|present|visuali[sz]ed|identified|evident|visible|demonstrated))\b[^:]*)")
_FOLLOWING_RE = re.compile(r"\bthe following(?: findings?| abnormalit(?:y|ies))?\b")


def _with_lead(lead: str, item: str) -> str:
    """`item` of a list read with its lead-in `lead` (round pn): after a cue that follows what it says
    of, in the place of "the following", else after the lead-in."""
    m = _POST_LEAD_RE.fullmatch(lead)
    if m is not None:
        return item + " " + m.group(1)
    if "the following" in lead:
        return _FOLLOWING_RE.sub(lambda _: item, lead, count=1)
    return lead + " " + item


def _inline_lead(s: str) -> str:
    """"Resolved: left pleural effusion" on one line: "left pleural effusion resolved" (round pn)."""
    head, _, tail = s.partition(": ")
    if tail and len(head) <= 40 and _POST_LEAD_RE.fullmatch(head) is not None:
        return tail + " " + head
    return s


def _lead_ins(out: list[str], items: list[bool]) -> list[str]:
    """A line ending in a colon over a bulleted or numbered list ("No evidence of:\n- pneumothorax\n-
    effusion", "Differential diagnosis includes:\n1. Atelectasis\n2. Aspiration", "Resolved since prior:")
    says its words of each item: each item is read with the lead-in before it ("no evidence of
    pneumothorax"), up to the first sentence that no bullet or number opens (round pn). An organ or
    device header ("Lungs:", "Lines/tubes:") only names the item's subject."""
    res: list[str] = []
    lead = None
    for s, item in zip(out, items):
        if ": " in s:
            s = _inline_lead(s)
        if item and lead is not None:
            res.append(_with_lead(lead, s))
            continue
        lead = s[:-1].rstrip() if s.endswith(":") and len(s) <= _LEAD_IN_MAX else None
        res.append(s)
    return res

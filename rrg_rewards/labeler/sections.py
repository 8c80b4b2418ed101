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
"""
from __future__ import annotations

import functools
import html
import json
import re
from importlib import resources

_PHRASES = resources.files(__package__) / "phrases"


def _load_json(name: str) -> dict:
    return json.loads((_PHRASES / name).read_text(encoding="utf-8"))


_SECTIONS = _load_json("sections.json")
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
_SINUSES = (("costophrenic sinuses", "costophrenic angles"), ("costophrenic sinus", "costophrenic angle"),
            ("pleural sinuses", "costophrenic angles"), ("pleural sinus", "costophrenic angle"))
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
# "has since resolved": an adverb of time, not the conjunction "since" that ends a clause
_SINCE_ADVERB_RE = re.compile(r"\b(has|have|had)( now)? since\b")
_GLUED_RE = re.compile(r"\.(?=[a-z]{2})")              # "apex.there": a missing space
_NUMBER_RE = re.compile(r"\d{1,2}[.)](?=\s)")          # list numbers "1." "2)"
_TRAILING_NUMBER_RE = re.compile(r"(?:^|\s)\(?\d{1,2}$")
# a line opened by a bare number and a capital: "1  Left PICC in the SVC", "2 NO PNEUMOTHORAX"
_BARE_NUMBER_LINE_RE = re.compile(r"(?:^|(?<=\n))[ \t]*(\d{1,2})[ \t]+(?=[A-Z])")
_BULLET_RE = re.compile(r"\n[ \t]*(?:[-*\u2022]|[a-h][.)])[ \t]+")
# a bulleted line ends its item where the next line opens a sentence of its own, also with "A" or a
# "?" ("- pleural effusion\nA rounded density ...", "- consolidation\n?subtle opacity") (round pn)
_BULLET_LINE_END_RE = re.compile(r"(\n[ \t]*(?:[-*\u2022]|[a-h][.)])[ \t]+[^\n]*)\n(?=[ \t]*(?:[A-Z]|\?[ \t]*[A-Za-z]))")
# a whitespace-joined dash list after a colon ("No evidence of:  - pneumothorax  - effusion  Stable heart",
# "Cannot exclude: - small pneumothorax - rib fracture Heart size is normal"): each " - " opens an item; two
# spaces, a period or a "?" or capitalised word after a lower-case one, with no dash after it, end the list
# (round pn). A row of fields ("PTX: - Effusion: +") is no list: its first item holds a colon.
_COLON_DASH_RE = re.compile(r":[ \t]+-[ \t]+")
_JOINED_ITEM_END_RE = re.compile(r"[ \t]+-[ \t]+|\.?[ \t]{2,}|\.[ \t]+|\n|$|(?<=[a-z,])[ \t]+(?=[A-Z][a-z]|\?)")
_UNDERSCORES_RE = re.compile(r"_{2,}")
# Tokenized text spaces its hyphens as it spaces its periods ("port - a - cath", "left - sided"):
# joined again only in such text, where " ." or " ," shows the tokenizer was at work.
_SPACED_HYPHEN_RE = re.compile(r"(?<=[a-z]) - (?=[a-z])")
# Tokenized "and / or" (spaces round the slash) is "and/or": two findings offered as alternatives (round pg).
_SPACED_AND_OR_RE = re.compile(r"\band ?/ ?or\b")
# a short line without end punctuation, then a line starting with a capitalised word: a list
# written one finding per line ("No pneumothorax\nModerate cardiomegaly"), not a soft wrap (wrapped
# MIMIC-CXR lines run to about 70-80 characters, and a wrapped sentence rarely goes on capitalised)
# (round pe: also a line ending in a field's "-" or "+" value, "Cardiomegaly: -", "Effusion (R/L): -/+")
_LIST_LINE_RE = re.compile(r"(?:^|(?<=\n)|(?<=\x00))([^\n\x00]{1,48}(?:[A-Za-z0-9)]|(?<=[:/ ])[-+]))[ \t]*\n(?=[ \t]*[A-Z][a-z])")
# British spellings read as American ones, so that one phrase list serves both (plain substring
# replacements: a regular expression here cost more than the rest of sentence splitting)
_BRITISH = (("oedem", "edem"), ("haem", "hem"), ("tumour", "tumor"),
            ("favour", "favor"), ("centred", "centered"), ("centring", "centering"), ("centre", "center"),
            ("calibre", "caliber"), ("fibre", "fiber"), ("colour", "color"))
# "oesophag" only where it starts the word or follows a compound's linking "o" ("gastro-oesophageal",
# "gastrooesophageal"): the American compounds "gastroesophageal", "neoesophagus" and
# "tracheoesophageal" hold the same letters and must keep their "o"
_OESOPHAG_RE = re.compile(r"(?<![a-np-z])oesophag")
# "cardiac mediastinal" / "cardio mediastinal" silhouette or contours, written as two words: the
# cardiomediastinal silhouette (read as one word, also when enlarged)
_CARDIAC_MEDIASTINAL_RE = re.compile(r"\bcardi(?:ac|o) mediastinal(?= (?:silhouettes?|contours?|shadow|borders?|structures?))")
_ITSELF_RE = re.compile(r"\b(heart|cardiac silhouette|cardiomediastinal silhouette|mediastinum|hilum|aorta|lung) itself\b")
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


def _bare_numbers(text: str) -> str:
    """Lines numbered 1, 2, 3 with no period or bracket ("1  No pneumothorax\n2  Mild edema") are a
    list: each number ends the sentence before it. Only a run counted up from 1 at line starts, each
    number followed by a capital, is read so (a wrapped line may start with "2 cm")."""
    marks = [(m.start(1), m.end(), int(m.group(1))) for m in _BARE_NUMBER_LINE_RE.finditer(text)]
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


# an organ header's value that says nothing is there ("SUPPORT DEVICES: None"): the header and
# its colon stay, so that the templated-field rule reads the value as a negation
_ABSENT_VALUE_RE = re.compile(r"[ \t]*(?:none|no|absent|negative|nil|n/a)\b", re.IGNORECASE)


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


def _headers(report: str) -> list[tuple[int, int, str]]:
    """(name start, text start, kind) of each section header, in order."""
    found: list[tuple[int, int, str]] = []
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
            # a header starts a line or follows a sentence end, or is written in capitals
            if ((not before or before[-1] in ".;:\n" or name.isupper())
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


def american(sentence: str) -> str:
    """`sentence` (lower-cased) with British spellings made American: "oedema" -> "edema",
    "haemothorax" -> "hemothorax", "centre" -> "center". Applied to each new sentence before its
    mentions are read (not while splitting: sentences seen before cost nothing more)."""
    if "oed" in sentence or "oes" in sentence or "haem" in sentence or "our" in sentence or "ntr" in sentence \
            or "bre" in sentence:
        for british, us in _BRITISH:
            if british in sentence:
                sentence = sentence.replace(british, us)
        if "oesophag" in sentence:
            sentence = _OESOPHAG_RE.sub("esophag", sentence)
    return sentence


# A predicate put before its subject ("not excluded is a small effusion", "normal is the cardiac
# size", "less likely is pneumonia"): said again in the order the cue lists read.
_FRONTED_RE = re.compile(
    r"^(?:(?P<neg>not (?:seen|identified|visualized|present|demonstrated|appreciated|evident)|no longer seen)"
    r"|(?P<normal>normal|unremarkable)"
    r"|(?P<hedge>(?:also )?(?:not (?:entirely |definitely )?(?:excluded|ruled out)"
    r"|cannot be (?:entirely |completely )?(?:excluded|ruled out)|(?:difficult|hard|impossible|not possible) to "
    r"(?:exclude|rule out)|suspected|questioned|questionable|possible|probable|(?:less |more |most )?likely))"
    r") (?:is|are) (?:(?:the|a|an|any) )?")
_GLUED_WITHOUT_RE = re.compile(r"\bwithout(?=[a-z]{3})")  # "withoutfocal": a missing space
# Misspelt finding words, one letter inserted, dropped or two swapped ("pnuemonia", "efusion",
# "nodlue", "atelectsis"); a word that starts with the finding word (plurals) is left as it is.
_SPELLED = ("pneumonia", "pneumothorax", "effusion", "effusions", "atelectasis", "consolidation",
            "mediastinum", "mediastinal", "cardiomegaly", "nodule", "nodules", "collapse", "collapsed",
            "opacity", "opacities", "infiltrate", "infiltrates", "heart", "edema", "fracture", "silhouette",
            "pulmonary", "consolidations")
_SPELLED_SET = frozenset(_SPELLED)
_DROPPED = {w[:i] + w[i + 1:]: w for w in _SPELLED if len(w) >= 7 for i in range(len(w))}
# one letter heard or typed wrong in a long finding word ("consolodation", "atelectasys", "pneumothorex"):
# words of 10 letters or more, so that no English word is one letter from them, the last letter kept
# ("infiltrated" is no "infiltrates") (round nx)
_SWAPPED = {w[:i] + "?" + w[i + 1:]: w for w in _SPELLED if len(w) >= 10 for i in range(len(w) - 1)}
# a wrong letter leaves the first three or the last four letters as they were
_SWAPPED_GATE = frozenset([(len(w), w[:3]) for w in _SPELLED if len(w) >= 10]
                          + [(len(w), w[-4:]) for w in _SPELLED if len(w) >= 10])
_WORD_RE = re.compile(r"[a-z]{5,}")
# Finding words that speech recognition splits in two ("pneumo thorax", "cardio megaly", "at lectasis",
# "medial stinum", "new monia", "pic line"); the second half is no English word, so the pair is the
# finding word. The substrings gate the search.
_DICTATED = {"pneumo thora": "pneumothora", "cardio megal": "cardiomegal", "at lectas": "atelectas",
             "a lectas": "atelectas", "medial stinum": "mediastinum", "new monia": "pneumonia",
             "pic line": "picc line", "pick line": "picc line", "hemo thora": "hemothora",
             "hydro thora": "hydrothora", "hydro pneumo": "hydropneumo", "a spirat": "aspirat",
             "dob hoff": "dobhoff", "pleural infusion": "pleural effusion", "plural infusion": "pleural effusion"}
_DICTATED_RE = re.compile(r"\b(?:pneumo thora|cardio megal|at? lectas|medial stinum|new monia(?=s?\b)|pick? line"
                          r"|(?:hemo|hydro) thora|hydro pneumo|a spirat|dob hoff|pl(?:e?)ural infusion)")
_DICTATED_HINTS = ("o thora", "o megal", " lectas", " stinum", " monia", "pic line", "pick line", "hydro pneumo",
                   " spirat", "dob hoff", "ural infusion")
# A finding word split in two anywhere else, each half three letters or more ("consoli dation", "atelect
# asis", "effu sion"): no half of these words is an English word that stands before the other, so the
# pair is the word (round nx)
_SPLIT_WORDS = ("pneumothorax", "effusion", "effusions", "atelectasis", "consolidation", "mediastinum",
                "mediastinal", "cardiomegaly", "opacity", "opacities", "infiltrate", "infiltrates", "nodule",
                "nodules", "pneumonia", "fracture", "fractures", "hemothorax")
_SPLIT = {w[:i] + " " + w[i:]: w for w in _SPLIT_WORDS for i in range(3, len(w) - 2)}
# ... and split by a line-wrap hyphen, the line break become a space or lost ("atelec-\ntasis",
# "pneumo- thorax", "effu-sion"): the same pairs with a hyphen (round pa)
_SPLIT.update({w[:i] + j + w[i:]: w for w in _SPLIT_WORDS for i in range(3, len(w) - 2) for j in ("- ", "-")})
# ... and so are more finding words of the hardest labels, and the words that hedge, negate or date a
# finding, cut by a line wrap (round ps: "ef-\nfusion", "ede-\nma", "cardiomedi-\nastinal", "lympha-\ndenopathy",
# "con-\ncerning for pneumonia", "cannot be ex-\ncluded", "concer\nning", "sugges- tive"): halves of three
# letters or more without a hyphen, of two or more with one (a wrap's hyphen falls after a syllable or a prefix:
# "ef-", "ex-", "un-", "re-"); and "no", "not" and "nor" cut after their "n" ("There is n\no pleural effusion")
_MORE_SPLIT_WORDS = ("edema", "cardiomediastinal", "silhouette", "lymphadenopathy", "adenopathy", "bronchopneumonia",
                     "collapse", "collapsed", "carcinoma", "widening", "opacification", "neoplasm", "malignancy",
                     "metastases", "metastasis", "aspiration", "pneumonitis", "infection", "enlargement",
                     "congestion", "thickening", "consolidative", "cardiac", "pleural", "pulmonary", "masses",
                     "granuloma", "cavitation", "cavitary", "hilar", "airspace", "interstitial")
_CUE_SPLIT_WORDS = ("concerning", "suspicious", "suggestive", "suggesting", "consistent", "compatible", "excluded",
                    "exclude", "possible", "possibly", "probable", "probably", "unlikely", "questionable",
                    "represent", "represents", "representing", "reflects", "reflecting", "suspected", "evidence",
                    "identified", "visualized", "demonstrated", "appreciated", "resolved", "resolution",
                    "removed", "unchanged", "improved", "improving", "increased", "decreased", "enlarged",
                    "widened", "unremarkable", "differential", "considered", "worrisome", "definite",
                    "definitely", "apparent", "negative", "without", "cannot")
_SPLIT.update({w[:i] + " " + w[i:]: w for w in _MORE_SPLIT_WORDS + _CUE_SPLIT_WORDS for i in range(3, len(w) - 2)
               if w[:i] != "with"})  # "with out" may be two words
_SPLIT.update({w[:i] + j + w[i:]: w for w in _SPLIT_WORDS + _MORE_SPLIT_WORDS + _CUE_SPLIT_WORDS
               for i in range(2, len(w) - 1) for j in ("- ", "-") if w[:i] + j + w[i:] not in _SPLIT})
_SPLIT.update({"n o": "no", "n ot": "not", "n or": "nor"})
# ... and a finding word in three pieces, as a report generator's subword tokens leave it once their marks
# are gone ("cardio mega ly", "pneu mo thorax", "atel ect asis"; round py): a first piece of three letters
# or more, the others of two or more
_SPLIT.update({w[:i] + " " + w[i:j] + " " + w[j:]: w for w in _SPLIT_WORDS + _MORE_SPLIT_WORDS
               for i in range(3, len(w) - 3) for j in range(i + 2, len(w) - 1)})


def _trie_pattern(keys) -> str:
    """An alternation of `keys` written as a trie (a shared prefix written once, the longer key tried first),
    which the regular-expression engine walks a character at a time instead of trying every key in turn."""
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body
    return build(trie)


_SPLIT_RE = re.compile(r"\b" + _trie_pattern(_SPLIT) + r"\b")
# "no" glued to the next word by dictation ("nopleural effusion", "nofocal consolidation"): split off
# before the finding and adjective words a negated list starts with (round nx)
_GLUED_NO_RE = re.compile(
    r"\bno(?=(?:pleural|pneumo|effusion|focal|acute|evidence|consolidation|edema|definite|new|large|significant|"
    r"obvious|signs?\b|cardio|mediastinal|infiltrat|opacit|atelecta|fracture|displaced|active|gross|frank|overt)"
    r"[a-z]*\b)")
# a modifier glued to the finding word after it, the space lost in a scan or a copy (round qc:
# "focalconsolidation", "pleuraleffusion", "smallleft"): the finding words start no English word that a
# modifier ends, so the two are split
_GLUED_MODIFIER_RE = re.compile(
    r"\b(focal|pleural|small|large|mild|moderate|minimal|trace|tiny|left|right|bilateral|basilar|basal|apical|"
    r"new|acute|lobe|lung|interstitial|pulmonary|airspace|residual|persistent)"
    r"(?=(?:consolidation|effusion|pneumothora|edema|opacit|atelecta|pneumonia|nodule|cardiomegaly|infiltrat)[a-z]*\b)")
# Misheard "nodular" (round nx)
_MISHEARD = {"nodual": "nodular"}
# "neither A nor B is P" said as two clauses ("A is not P, B is not P"); "neither lung shows X" as "no X"
_NEITHER_NOR_RE = re.compile(
    r"\bneither (?P<a>(?:the )?[a-z]+(?: [a-z]+)?) nor (?P<b>(?:the )?[a-z]+(?: [a-z]+)?) (?P<v>is|are|appears?) "
    r"(?P<p>(?:(?:[a-z]+ly) )?(?:enlarged|widened|prominent|abnormal|seen|present|identified|evident))\b")
_NEITHER_SHOWS_RE = re.compile(r"\bneither (?:the )?[a-z]+ (?:shows?|has|demonstrates?|contains?|reveals?) (?:any )?")
# "X is possible(,) as is Y": Y shares the hedge, said again before it (round oi); not "as is the case"
_HEDGED_AS_IS_RE = re.compile(r"\b(possible|possibly|likely|probable|suspected|(?:not|cannot) (?:be )?(?:excluded|ruled out)),? as (is|are)\b(?! the case\b)")
# an adverb set off by commas between a subject and its verb ("the mediastinum, however, is widened")
_ASIDE_ADVERB_RE = re.compile(
    r", (?:however|though|moreover|nonetheless|nevertheless|in addition|additionally|also), "
    r"(?=(?:is|are|was|were|has|have|remains?|appears?|seems?)\b)")
# an aside between commas that gives the finding's state on an earlier film ("the heart, which was
# enlarged before, is now normal"; "heart size, previously enlarged, is now normal"): only today's film is
# labeled, so the aside goes and the subject meets its present predicate
_PAST_ASIDE_RE = re.compile(
    r", (?:(?:which|that) (?:was|were|had been|has been|have been) (?:[a-z-]+ ){0,6}?(?:previously|before|earlier|"
    r"formerly|in the past|on the (?:prior|previous|earlier) (?:study|studies|exam|examination|films?|radiographs?))"
    r"(?: [a-z-]+){0,4}?|(?:previously|formerly) (?:[a-z-]+ ){0,3}?[a-z-]+), "
    r"(?=(?:is|are|has|have|now|appears?|remains?|looks?|seems?)\b)")
# a present-tense relative clause between commas before a course predicate ("the heart, which is
# enlarged, is unchanged"): the commas cut the subject off its adjective, so it is said as two predicates
# ("the heart is enlarged and is unchanged"); before any other predicate the clause stays, as a hedge
# after it ("a nodule, which is new, is suspected") reaches the subject across it
_PRESENT_ASIDE_RE = re.compile(
    r", (?:which|that) (is|are|appears?|remains?) ((?:[a-z-]+ ){0,4}?[a-z-]+), "
    r"(?=(?:(?:is|are|remains?|appears?|looks?|seems?) (?:(?:essentially|grossly|largely|overall|again|otherwise|"
    r"relatively) )?(?:unchanged|stable|similar|not (?:significantly )?changed)|(?:has|have) not (?:significantly )?"
    r"changed|measures?)\b)")
# a hedge word after the finding at the end of the sentence: "+/-" there is "possible"; a comma before
# "possibly / probably / questionable" does not end the finding's clause ("small effusion,
# possibly")
_TRAILING_PLUS_MINUS_RE = re.compile(r"\s*\+/-\s*$")
_TRAILING_HEDGE_RE = re.compile(r", (possibly|probably|questionable)$")
# a clause that already has its verb before such a contrast adverb ("heart size is difficult to assess,
# however, is likely enlarged"): the adverb joins a second predicate of the same subject, so it reads
# as "but" (round ol); dropping it would run the two predicates together
_CLAUSE_VERB_RE = re.compile(r"\b(?:is|are|was|were|has|have|remains?|appears?|seems?)\b")
_CONTRAST_ADVERBS = frozenset(("however", "though", "nonetheless", "nevertheless"))


# Second-language and hurried dictation (round pc): an organ header set off by a dash at the start of a
# sentence ("Heart - normal size.", "Lungs - low volumes, bibasilar atx.") is read as one set off by a colon
# (`_subsection`: the organ stays the subject; a value that says nothing is there keeps its colon); a
# clipped "within normal" / "within normal limit" is said in full; an adjective "widen" ("mediastinum is
# widen") is "widened"; a double negative "not unlikely" keeps the finding in play ("possible").
_ORGAN_DASH_RE = re.compile(r"^(" + "|".join(_SECTIONS["subsections"]) + r")(?: +[-\u2013]{1,2} *| *[-\u2013]{1,2} +)")
_WITHIN_NORMAL_RE = re.compile(r"\bwithin normal(?: limit\b|(?= *(?:$|[,;)]| and\b| but\b)))")
_WIDEN_RE = re.compile(r"\b(is|are|was|were|be|not|mildly|slightly|minimally|remains?|appears?|looks?) widen\b")
_NOT_UNLIKELY_RE = re.compile(r"\bnot (?:entirely |completely |totally |so |that )?(?:unlikely|improbable)\b")
# Probability words at the negative end (round pu): "improbable" is "unlikely" (the reader's call that the
# finding is absent; "not improbable" was already "possible"); "the suspicion / likelihood / probability
# for X is low" is "low suspicion for X", which negates as "unlikely" does (cues.json)
_IMPROBABLE_RE = re.compile(r"\bimprobable\b")
_SUSPICION_IS_LOW_RE = re.compile(
    r"\b(?:the |a )?((?:clinical |radiographic |overall )?(?:suspicion|likelihood|probability)) (for|of) "
    r"((?:[a-z-]+ ){0,6}?[a-z-]+) (?:is|remains|was|seems|appears) (?:(?:very|quite|relatively|felt to be|thought to be|considered) )?low\b")
# a reason set off by commas between a finding and its predicate ("pneumonia, given the new fever, is
# suspected"; round pu): the predicate is the finding's, so the reason goes after it, as its own clause
# ("pneumonia is suspected; given the new fever"), where the predicate's hedge does not reach its words
_REASON_ASIDE_RE = re.compile(
    r", ((?:given|in view of|in light of|considering|particularly|especially|(?:best|better|most clearly) (?:seen|appreciated|visuali[sz]ed)"
    r"|(?:although|though)(?= (?:[a-z-]+ ){1,8}?(?:is|are|was|were|would|could|may|might|can)\b)) [^,;:()]{1,90}?), "
    r"((?:is|are|was|were|remains?|appears?|seems?|may|might|could|would|should|cannot|can not|can)\b[^,;:]*)(?=;|$)")

# Progress-note and ICU shorthand (round ph): change arrows are the words ("\u2191 interstitial markings" is
# "increased interstitial markings"); a minus sign after a finding that ends its clause is the absent value
# of a one-word field ("PTX -", "eff -; PNA -") as "PTX: -" is; "vs" before an earlier study or time is
# "compared with" ("widened mediastinum vs AM film", "consolidation vs yesterday"), not a differential;
# "X > Y" between two findings ranks them ("ATX > PNA": atelectasis more likely than pneumonia; sides and
# lobes, "L>R", "RLL>LLL", are not findings); "lg" is "large", "prob" "probably", "nml" "normal"; "CM" with a
# degree or course word is cardiomegaly (a number or blank before it is centimeters).
_ARROWS = (("\u2191", " increased "), ("\u2193", " decreased "))
# a verdict on a flagged finding in its own clause: "CAD flagged nodule RUL - not confirmed on review",
# "AI: fracture detected; not confirmed": the denial belongs to the finding before the break (round qa)
_UNCONFIRMED_RE = re.compile(
    r"(?<=[a-z0-9)])(?: *[;,]| +-+) +(?:not|never) (?:been )?(?:confirmed|verified|corroborated|substantiated)\b")
# a structured COVID-19 line whose value is the RSNA category alone: "COVID-19 reporting category:
# Typical", "RSNA COVID-19 classification: indeterminate appearance": the category names the
# pneumonia it grades, as its spelled-out form does (round qa)
_COVID_CATEGORY_RE = re.compile(
    r"\b(?:rsna )?covid(?:-?19)? (?:(?:reporting|imaging|radiographic|rsna) )?(?:category|classification|class|appearance)"
    r"(?: is)?:? +(typical|indeterminate|atypical|negative)(?: appearance)?(?= *(?:$|[,;.(]))")

# a finding's score or grade field at zero: "edema score: 0/4", "effusion grade 0": the finding is
# graded absent (round qa); a score field naming no finding ("Brixia score 0") names nothing still
_ZERO_SCORE_RE = re.compile(
    r"\b([a-z]+) (?:severity )?(?:score|grade)(?: is)?:? *(?:0|zero|none)(?: ?(?:/|of|out of) ?\d+)?(?![\d/]|[.,-] ?\d| ?(?:to|-) ?\d)")

def _covid_category(m: re.Match) -> str:
    value = m.group(1)
    if value == "negative":
        return "negative for covid-19 pneumonia"
    return value + " appearance for covid-19 pneumonia"

_MINUS_SIGN_RE = re.compile(r"(?:^|(?<=[;,] )|(?<=[;,]))([a-z][a-z/ ]{0,24}?[a-z]) -(?=[ .]*(?:$|[;,]))")
_VS_STUDY_RE = re.compile(r"\b(?:vs\.?|versus) (?=(?:the |this |that |today's |yesterday's )?(?:(?:am|pm|morning|evening|overnight|earlier|prior"
                          r"|previous|last|recent|initial|admission|___|\d{3,4}h?|\d{1,2}(?::\d\d)? ?(?:am|pm)?) )?"
                          r"(?:film|films|study|studies|exam|radiograph|cxr|x-ray|image|one)\b|(?:yesterday|prior|earlier|before|baseline)\b(?! [a-z]))")
_NOT_FINDING_WORDS = r"(?:left|right|bilat|bilateral|upper|lower|middle|mid|base|bases|apex|apices|lingula|rll|lll|rul|lul|rml|lobe|lobes|zone|zones)"
_RANKED_RE = re.compile(r"(?<![<a-z])(?!" + _NOT_FINDING_WORDS + r"\b)([a-z]{3,}) ?> ?(?!" + _NOT_FINDING_WORDS + r"\b)([a-z]{3,})\b")
# "opacities, ATX likely;": a bare "likely" after a finding that ends its clause hedges it, as "likely ATX" does
# (a verb or degree word before "likely" keeps the documented readings: "effusion is likely", "less likely")
_TRAILING_LIKELY_RE = re.compile(r"(^|[,;:] ?)((?:[a-z/-]+ ){0,3}?[a-z/-]{3,}) ((?:most |more )?likely)(?=[ ]*(?:$|[;,.]))")
# (nor a degree word opening the clause: "most likely, there is ..." is not "likely most"; round pu)
_CLAUSE_VERB_OR_ADVERB_RE = re.compile(r"\b(?:is|are|was|were|be|been|seems?|appears?|remains?|makes?|less|more|most|very|highly|not|the|this|that"
                                       r"|its|and|but|[a-z]+ly|[a-z]+ed)\b")


def _trailing_likely(m: re.Match) -> str:
    """"opacities, ATX likely" -> "opacities, likely ATX": only for a verbless clause of up to four words."""
    if _CLAUSE_VERB_OR_ADVERB_RE.search(m.group(2)) is not None:
        return m.group(0)
    return m.group(1) + m.group(3) + " " + m.group(2)

# "Heart/mediastinum normal": the heart and the mediastinum (round ph)
_HEART_SLASH_RE = re.compile(r"\b(heart|cardiac)/(?=mediastin)")
# Busy readers' shorthand read as the words the lists know (rounds pa, ph): "neg for PTX" (negative for),
# "heart sz nl" (size), "nl" / "nml" anywhere ("nl heart and mediastinum", "heart top nl": normal), "lg"
# (large), "prob" (probably)
_SHORTHAND = {"neg": "negative", "sz": "size", "nl": "normal", "nml": "normal", "lg": "large", "prob": "probably"}
_SHORTHAND_RE = re.compile(r"\b(?:neg(?= for\b)|sz|nl|nml|lg|prob)\b")
_CM_RE = re.compile(r"(?<![\d_] )(?<![\d_])(?<!few )(?<!several )(?<!\bx )\b(?:(?<=mild )|(?<=mod )|(?<=moderate )|(?<=severe )|(?<=marked )"
                    r"|(?<=massive )|(?<=stable )|(?<=known )|(?<=borderline )|(?<=no )|(?<=sm )|(?<=small )|^)cm\b"
                    r"|\bcm(?= (?:unchg|unchanged|stable|\+|\+\+|-|increased|decreased|improved|worse|worsened)(?:[ .,;]|$))(?<![\d_] cm)")


def _organ_dash(m: re.Match) -> str:
    if _ABSENT_VALUE_RE.match(m.string, m.end()) is not None:
        return m.group(1) + ": "
    return m.group(1) + " "


def _aside_adverb(m: re.Match) -> str:
    if m.group(0)[2:-2] in _CONTRAST_ADVERBS:
        before = m.string[:m.start()]
        start = max(before.rfind(","), before.rfind(";"), before.rfind(":")) + 1
        if _CLAUSE_VERB_RE.search(before, start) is not None:
            return " but "
    return " "


@functools.lru_cache(maxsize=1 << 16)
def _respelled(w: str) -> str:
    """`w` spelled right if it is a misspelt finding word (else `w`); cached, as report words repeat."""
    if w in _SPELLED_SET:
        return w
    hit = _DROPPED.get(w) or _MISHEARD.get(w)
    if hit is None and len(w) >= 10 and ((len(w), w[:3]) in _SWAPPED_GATE or (len(w), w[-4:]) in _SWAPPED_GATE):
        for i in range(len(w)):
            hit = _SWAPPED.get(w[:i] + "?" + w[i + 1:])
            if hit is not None:
                break
    if hit is None:
        for i in range(len(w) - 1):
            c = w[:i] + w[i + 1] + w[i] + w[i + 2:]
            if c in _SPELLED_SET:
                hit = c
                break
    if hit is None:
        for i in range(len(w)):
            c = w[:i] + w[i + 1:]
            if c in _SPELLED_SET:
                hit = c
                break
    if hit is None or w.startswith(hit):
        return w
    return hit


# Letters that optical character recognition of a scanned or faxed report confuses (round qc): "rn" read
# for "m" ("pneurnothorax", "ederna"), "vv" for "w", "0" for "o", "5" for "s", "1", "|", "I" (lower-cased
# "i") and "l" for one another ("effusi0n", "nodu1e", "atelectasi5", "consoIidation", "smal|"), and a word
# cut by a line-end hyphen ("pneurno- thorax"). A word is read as the report word whose OCR skeleton (the
# confusable letters collapsed) it shares, when it is not itself that word and the skeleton names one word
# only; the words are the finding, cue and device words a label turns on (five letters or more, or shorter
# ones only with a digit or "|" in them), so an English word ("learn", "clear", "modern") is never one.
_OCR_WORDS = tuple(sorted(set(_SPELLED + _SPLIT_WORDS + _MORE_SPLIT_WORDS + _CUE_SPLIT_WORDS + (
    "pneumothoraces", "atelectatic", "atelectases", "cardiomegaly", "cardiopulmonary", "cardiomediastinum",
    "mediastinal", "mediastinum", "consolidations", "pleural", "effusions", "edema", "edematous", "opacity",
    "opacities", "opacification", "nodular", "nodules", "nodule", "mass", "masses", "lesion", "lesions",
    "tumor", "granuloma", "granulomas", "infiltrate", "pneumonia", "pneumonias", "pneumonitis", "infectious",
    "infection", "aspiration", "collapse", "collapsed", "fracture", "fractures", "fractured", "pacemaker",
    "sternotomy", "tracheostomy", "catheter", "stomach", "removal", "removed", "normal", "improved",
    "improving", "enlarged", "enlargement", "lymphadenopathy", "pericardial", "nipple", "likely", "unlikely",
    "could", "would", "may", "might", "excluded", "without", "which", "with", "interval", "small",
    "smaller", "large", "larger", "lower", "low", "upper", "mild", "minimal", "moderate", "focal",
    "multifocal", "residual", "developing", "subtle", "early", "angle", "angles", "place", "pulmonary",
    "bronchograms", "atrium", "suspicious", "process", "possible", "possibly", "probable", "concerning",
    "evidence", "no", "not", "clear", "lungs", "lung", "lobe", "tube", "tubes", "line", "lines",
    "silhouette", "cardiac", "heart", "congestion", "interstitial", "airspace", "thickening", "hydropneumothorax",
    "hemothorax", "emphysema", "atelectasis", "consolidation", "pneumothorax", "effusion",
))))
_OCR_CONFUSED = (("rn", "m"), ("vv", "w"), ("0", "o"), ("5", "s"), ("1", "l"), ("|", "l"), ("i", "l"))


def _ocr_skeleton(w: str) -> str:
    for a, b in _OCR_CONFUSED:
        w = w.replace(a, b)
    return w


_OCR_BY_SKELETON: dict[str, str | None] = {}
for _w in _OCR_WORDS:
    _k = _ocr_skeleton(_w)
    _OCR_BY_SKELETON[_k] = _w if _OCR_BY_SKELETON.get(_k, _w) == _w else None
_OCR_SHORT = frozenset(w for w in _OCR_WORDS if len(w) < 5)
_OCR_TOKEN_RE = re.compile(r"(?<![a-z0-9|])[a-z0-9|]*[a-z][a-z0-9|]*(?:- ?[a-z0-9|]+)?(?![a-z0-9|])")
_OCR_WORD_SET = frozenset(_OCR_WORDS)


@functools.lru_cache(maxsize=1 << 16)
def _ocr_read(w: str) -> str:
    """`w` as the report word an OCR misreading of it names (else `w`); cached."""
    if w in _OCR_WORD_SET:
        return w
    joined = w.replace("- ", "").replace("-", "") if "-" in w else w
    hit = _OCR_BY_SKELETON.get(_ocr_skeleton(joined))
    if hit is None or hit == w:
        return w
    if hit in _OCR_SHORT and not any(c in joined for c in "015|") and "rn" not in joined and "vv" not in joined:
        return w
    if joined == hit:  # a plain line-wrap hyphen: left to the split-word pairs
        return w if "-" not in w else hit
    return hit


def _respell_words(sentence: str, token_re: re.Pattern, read) -> str:
    """`sentence` with each token of `token_re` replaced by `read(token)` (a cached per-word reading: the
    misspelt-word check, `_respelled`, and the OCR one, `_ocr_read`). Most sentences have no word to
    change, so they are only scanned, and the per-token substitution runs for the few that do."""
    if all(read(w) == w for w in token_re.findall(sentence)):
        return sentence
    return token_re.sub(lambda m: read(m.group(0)), sentence)


# a differential's subject (round pn): "the differential diagnosis for the left basilar opacity includes
# atelectasis", "differential considerations for the reticular opacities:", "ddx: atelectasis, aspiration
# for the new right lower lobe opacity" name a finding that is there and hedge its causes: the subject
# is said first, as its own clause ("left basilar opacity; differential diagnosis includes atelectasis");
# also a bare noun after the article ("the differential diagnosis for the opacity includes", round pu)
_DIFFERENTIAL_FOR_RE = re.compile(
    r"\b(?:the )?((?:differential|ddx)(?: diagnos[ie]s| considerations?)?) (?:for|of) (?:the |this |these )"
    r"([^.;:,]{0,60}?(?:opacit(?:y|ies)|densit(?:y|ies)|consolidation|infiltrates?|findings?|abnormalit(?:y|ies)|nodules?|mass(?:es)?|lesions?)) ?"
    r"(includes?|would include|could include|is|are|(?=:))")
_DIFFERENTIAL_TAIL_RE = re.compile(
    r"^(.*\b(?:differential|ddx)\b.*?) for (?:the |this |these )"
    r"((?:new |persistent |recurrent |increasing )?[^.;:,]{0,60}?(?:opacit(?:y|ies)|densit(?:y|ies)|consolidation|infiltrates?|nodules?|mass(?:es)?|lesions?))$")


# A definition of a finding's term (round qf): patient-friendly text and chat assistants explain the words
# they use ("A pneumothorax is air in the space around the lung.", "(atelectasis is a partial collapse of
# the lung)"); the definition says nothing of the film, so it is dropped (a sentence, or an aside in brackets)
_DEFINITION = (
    r"(?:an? )?(?:[a-z-]+ )?(?:pneumothora(?:x|ces)|atelectasis|(?:pleural )?effusions?|pneumonias?|consolidation|"
    r"(?:pulmonary )?edema|cardiomegaly|(?:lung |pulmonary )?nodules?|fractures?|infiltrates?)(?: \([a-z ]{2,30}\))? "
    r"(?:is|are|means|refers to) (?:when |an? |the )?(?:(?:partial|complete|abnormal|medical|general) )?(?:collapse|buildup|build-up|"
    r"collection|accumulation|condition|term|word|air|fluid|infection|inflammation|swelling|enlargement|break)\b")
_DEFINITION_RE = re.compile(_DEFINITION + r"[^()]*$")  # matched at the sentence start (a speed anchor)
_DEFINITION_ASIDE_RE = re.compile(r"\(" + _DEFINITION + r"[^()]*\)")
# a limit of the modality, said of any film ("a chest x-ray cannot completely exclude early pneumonia",
# "x-rays may not show small fractures"): no statement of this film, as the supine-film sentence is not;
# a film of this study ("this film cannot exclude ...") stays as written (round qf)
_MODALITY_LIMIT_RE = re.compile(
    r"(?:^|(?<=: )|(?<=; ))(?:an? |plain |standard )?(?:chest )?(?:x-rays?|xrays?|radiographs?|radiography|plain films?|films?|cxrs?)"
    r"(?: alone)? (?:cannot|does not|do not|may not|will not|might not|is not able to|are not able to)"
    r"(?: (?:always|completely|fully|entirely|reliably|definitively|necessarily))? (?:exclude|rule out|detect|show|diagnose|identify|see)\b[^;]*")
# a hedge on a "that there is" clause (round qf): "it is possible that there is X", "it is likely that there are
# X": the hedge is on X (the clause's "there is" is no new statement)
_HEDGE_THAT_THERE_RE = re.compile(r"\b(?:it is|it's|it seems|it appears) (?:also )?(possible|likely|probable|conceivable|unlikely) that there "
                                  r"(?:is|are|may be|might be|could be) ")
# a lay description before the term it pairs with: "not fully open (atelectasis)" describes the collapse, it
# does not deny it (round qf)
_NOT_FULLY_OPEN_RE = re.compile(r"\bnot (?:fully|completely) (?:open|opened|expanded|inflated|aerated)(?= \()")


def reword(sentence: str) -> str:
    """`sentence` (lower-cased, normalised) as the phrase and cue lists read it: "has since" read
    as "has", a child's cardiothymic silhouette, a two-word "cardiac mediastinal" silhouette, a dictated
    "and or", European costophrenic sinuses and cardiothoracic index said as elsewhere, British spellings made American (`american`), a fronted predicate put
    back ("not excluded is a small effusion" -> "not excluded small effusion"), "without" glued to
    the next word split off, misspelt finding words spelled right, finding words split by dictation
    joined, "neither A nor B is P" said as two clauses, an adverb between commas before a verb
    dropped and an aside with the state on an earlier film dropped (a present-tense one joined), an organ
    header set off by a dash read as one set off by a colon, a clipped "within normal" said in full, "is
    widen" read as "is widened" and "not unlikely" as "possible" (round pc). Applied to each new sentence (after the sentence cache) before its mentions are read."""
    if " is " in sentence or " are " in sentence or " mean" in sentence or " refers " in sentence:
        if _DEFINITION_RE.match(sentence) is not None:  # "a pneumothorax is air around the lung" (round qf)
            sentence = ""
        elif "(" in sentence:
            sentence = " ".join(_DEFINITION_ASIDE_RE.sub(" ", sentence).split())
    if "not " in sentence and (" x-ray" in sentence or "radiogra" in sentence or "film" in sentence
                                or "cxr" in sentence or "xray" in sentence):
        sentence = _MODALITY_LIMIT_RE.sub("", sentence).strip()  # "a chest x-ray cannot exclude ..." (round qf)
    if "that there" in sentence:  # "it is possible that there is a small pneumothorax": "possible small ..." (round qf)
        sentence = _HEDGE_THAT_THERE_RE.sub(r"\1 ", sentence)
    if "not fully" in sentence or "not completely" in sentence:
        sentence = _NOT_FULLY_OPEN_RE.sub("incompletely expanded", sentence)  # "not fully open (atelectasis)"
    if "\u2191" in sentence or "\u2193" in sentence:  # change arrows (round ph)
        for arrow, word in _ARROWS:
            sentence = sentence.replace(arrow, word)
        sentence = " ".join(sentence.split())
    if "confirm" in sentence or "verifi" in sentence or "corroborat" in sentence or "substantiat" in sentence:
        sentence = _UNCONFIRMED_RE.sub(" not confirmed", sentence)  # "nodule flagged; not confirmed" (round qa)
    if "score" in sentence or "grade" in sentence:  # "edema score: 0/4" (round qa)
        sentence = _ZERO_SCORE_RE.sub(r"\1 not seen", sentence)
    if "covid" in sentence:  # "COVID-19 category: typical" (round qa)
        sentence = _COVID_CATEGORY_RE.sub(_covid_category, sentence)
    if " -" in sentence:  # "PTX -", "eff -; PNA -": a one-word field's absent value (round ph)
        sentence = _MINUS_SIGN_RE.sub(r"\1: -", sentence)
    if "vs" in sentence:  # "vs AM film", "vs yesterday": a comparison, not a differential (round ph)
        sentence = _VS_STUDY_RE.sub("compared with ", sentence)
    if ">" in sentence:  # "ATX > PNA": the first is more likely than the second (round ph)
        sentence = _RANKED_RE.sub(r"\1 more likely than \2", sentence)
    if ("nl" in sentence or "nml" in sentence or "lg" in sentence or "prob" in sentence or "sz" in sentence
            or "neg " in sentence):  # shorthand (rounds pa, ph)
        sentence = _SHORTHAND_RE.sub(lambda m: _SHORTHAND[m.group(0)], sentence)
    if " likely" in sentence:  # "ATX likely;": "likely ATX" (round ph)
        sentence = _TRAILING_LIKELY_RE.sub(_trailing_likely, sentence)
    if "/mediastin" in sentence:  # "heart/mediastinum nml" (round ph)
        sentence = _HEART_SLASH_RE.sub(r"\1 and ", sentence)
    if "cm" in sentence:  # "mild CM", "CM unchg": cardiomegaly, not centimeters (round ph)
        sentence = _CM_RE.sub("cardiomegaly", sentence)
    if "since" in sentence:
        sentence = _SINCE_ADVERB_RE.sub(r"\1\2", sentence)  # "the effusion has since resolved": "has resolved"
    if "itself" in sentence:  # "the heart itself does not appear enlarged": the heart (round nr)
        sentence = _ITSELF_RE.sub(r"\1", sentence)
    if "thymic" in sentence:
        sentence = sentence.replace("cardiothymic", "cardiomediastinal")  # a child's cardiomediastinal silhouette
    if "cardi" in sentence and " mediastinal" in sentence:  # "cardiac mediastinal silhouette"
        sentence = _CARDIAC_MEDIASTINAL_RE.sub("cardiomediastinal", sentence)
    if "+/-" in sentence:  # "plus or minus": equivocal ("+/- small left effusion", "small effusion +/-")
        sentence = _TRAILING_PLUS_MINUS_RE.sub(" possible", sentence).replace("+/-", "possibly")
    if sentence.endswith(("ly", "able")) and ", " in sentence:  # "small effusion, possibly": one clause
        sentence = _TRAILING_HEDGE_RE.sub(r" \1", sentence)
    if " and or " in sentence:  # dictated "and/or" ("atelectasis and or consolidation")
        sentence = sentence.replace(" and or ", " and/or ")
    if "sinus" in sentence:  # European wording: the costophrenic (pleural) sinuses are the costophrenic angles
        for a, b in _SINUSES:
            if a in sentence:
                sentence = sentence.replace(a, b)
    if "index" in sentence:  # "cardiothoracic index" (European) is the cardiothoracic ratio
        sentence = sentence.replace("cardiothoracic index", "cardiothoracic ratio")
    if sentence[:1] in "acdhilmnpqsu":  # the first letters the fronted predicates start with
        m = _FRONTED_RE.match(sentence)
        if m is not None:
            head = "no " if m.group("neg") else "normal " if m.group("normal") else m.group("hedge") + " "
            sentence = head + sentence[m.end():]
    if "-" in sentence or "\u2013" in sentence:
        sentence = _ORGAN_DASH_RE.sub(_organ_dash, sentence, count=1)
    if "within normal" in sentence:
        sentence = _WITHIN_NORMAL_RE.sub("within normal limits", sentence)
    if "widen" in sentence:
        sentence = _WIDEN_RE.sub(r"\1 widened", sentence)
    if "not " in sentence and ("unlikely" in sentence or "improbable" in sentence):
        sentence = _NOT_UNLIKELY_RE.sub("possible", sentence)
    if "improbable" in sentence:
        sentence = _IMPROBABLE_RE.sub("unlikely", sentence)
    if " low" in sentence and ("suspicion" in sentence or "likelihood" in sentence or "probability" in sentence):
        sentence = _SUSPICION_IS_LOW_RE.sub(r"low \1 \2 \3", sentence)
    if (", given " in sentence or ", in view of " in sentence or ", in light of " in sentence
            or ", considering " in sentence or ", particularly " in sentence or ", especially " in sentence
            or ", best " in sentence or ", better " in sentence or ", most clearly " in sentence
            or ", although " in sentence or ", though " in sentence):
        sentence = _REASON_ASIDE_RE.sub(r" \2; \1", sentence)
    if " as is " in sentence or " as are " in sentence:  # "pneumonia is possible, as is edema" (round oi)
        sentence = _HEDGED_AS_IS_RE.sub(r"\1, as \2 possibly", sentence)
    if "in large part" in sentence:  # "the heart is in large part obscured": "largely", no large heart
        sentence = sentence.replace("in large part", "largely")
    if "in particular " in sentence:  # "infection, in particular at the left base, ..." (round oi)
        sentence = sentence.replace("in particular ", "particularly ")
    if "without" in sentence:
        sentence = _GLUED_WITHOUT_RE.sub("without ", sentence)
    sentence = _GLUED_NO_RE.sub("no ", sentence)
    sentence = _GLUED_MODIFIER_RE.sub(r"\1 ", sentence)  # "focalconsolidation" (round qc)
    if any(h in sentence for h in _DICTATED_HINTS):
        sentence = _DICTATED_RE.sub(lambda m: _DICTATED[m.group(0)], sentence)
    sentence = _respell_words(sentence, _OCR_TOKEN_RE, _ocr_read)  # letters misread by OCR (round qc)
    sentence = _SPLIT_RE.sub(lambda m: _SPLIT[m.group(0)], sentence)
    if "neither" in sentence:
        sentence = _NEITHER_NOR_RE.sub(r"\g<a> \g<v> not \g<p>, \g<b> \g<v> not \g<p>", sentence)
        sentence = _NEITHER_SHOWS_RE.sub("no ", sentence)
    if ", " in sentence and "," in sentence[sentence.find(", ") + 2:]:
        sentence = _ASIDE_ADVERB_RE.sub(_aside_adverb, sentence)
        if "previous" in sentence or "before" in sentence or "earlier" in sentence or "formerly" in sentence \
                or "in the past" in sentence:
            sentence = _PAST_ASIDE_RE.sub(" ", sentence)
        if "which" in sentence or "that" in sentence:
            sentence = _PRESENT_ASIDE_RE.sub(r" \1 \2 and ", sentence)
    if "differential" in sentence or "ddx" in sentence:  # the subject of a differential (round pn)
        sentence = _DIFFERENTIAL_FOR_RE.sub(lambda m: m.group(2) + "; " + m.group(1) + (" " + m.group(3) if m.group(3) else ""),
                                            sentence)
        sentence = _DIFFERENTIAL_TAIL_RE.sub(r"\2; \1", sentence)
    sentence = _respell_words(sentence, _WORD_RE, _respelled)  # misspelt finding words
    return american(sentence)


# Checkbox fields (round pe): "Pneumothorax: [ ] yes [x] no", "Edema: ( ) none (x) mild ( ) moderate",
# "Effusion: \u2610 Yes \u2612 No". The ticked option is the field's value; an unticked option is no
# statement, so its words are dropped (up to the next box, or, for the last one, up to a dash, comma,
# semicolon, colon or the line end, so that "[ ] no - right PICC" keeps the PICC).
_UNTICKED_RE = re.compile(r"(?:\[ ?\]|\( ?\)|\u2610)[ \t]*(?:[^\[(\u2610\u2611\u2612\n,;:]*?(?=[ \t]*(?:\[[ xX]?\]|\([ xX]?\)|[\u2610\u2611\u2612])"
                          r"|[ \t]+[-\u2013][ \t]|[,;:\n]|$)|[^\[(\u2610\u2611\u2612\n,;:]*)")
_TICKED_RE = re.compile(r"(?:\[[xX\u2713\u2714]\]|\([xX\u2713\u2714]\)|[\u2611\u2612])[ \t]*")
# "Consolidation: Y / N: N", "(Y/N): Y": a yes/no field's answer (round pe)
_YES_NO_RE = re.compile(r":?[ \t]*\(?\bY[ \t]*/[ \t]*N\b\)?[ \t]*:?[ \t]*\b([YN])\b")
# a finding's field split by side (round pe): "Pneumothorax: Right: none. Left: none." or one side a line
# reads "Pneumothorax: right none, left none", one statement the field rule can read whole (a
# side's own sentence, "Left: small.", named no finding, and "Right: none" was never the field's value)
_SIDE_SPLIT_RE = re.compile(r"(?i)(?<=:)[ \t]*\n?[ \t]*(right|left)[ \t]*:[ \t]*([^\n.:]*?)[ \t]*(?:\.[ \t]*\n?|\n|[ \t](?=[ \t]*(?i:left|right)[ \t]*:))[ \t]*"
                            r"(left|right)[ \t]*:[ \t]*([^\n]*?)(?=[ \t]+[a-z][a-z /()]{1,30}:|[ \t]*(?:\n|$))")


def _side_split(m: re.Match) -> str:
    """"Pneumothorax: Right: none. Left: none." read "Pneumothorax: right none, left none." (the end
    mark stops the statement at the line's end, where a long field line would run into the next)."""
    last = m.group(4).rstrip(" \t")
    return " " + m.group(1) + " " + m.group(2) + ", " + m.group(3) + " " + last + ("" if last.endswith(".") else ".")


def _checkboxes(text: str) -> str:
    """`text` with each checkbox group read as its ticked option (`_TICKED_RE`, `_UNTICKED_RE`)."""
    text = _UNTICKED_RE.sub("", text)
    return _TICKED_RE.sub("", text)


# Text as hospital systems export it (round pd). HL7 formatted-text escapes: "\.br\" (and a hex CR / LF,
# "\X0D\\X0A\") is a line break, "\.sp\" ("\.sp 2\") skips a line: a blank line.
_HL7_BREAK_RE = re.compile(r"\\\.br\\|(?:\\X0D\\)?\\X0A\\|\\X0D\\")
_HL7_SKIP_RE = re.compile(r"\\\.sp(?: ?\d+)?\\")
# Page furniture a PDF or print export puts between lines, also in the middle of a sentence: a line
# that is only "Page 1 of 2", a patient banner ("Patient: ___  MRN: ___  DOB: ___", fields and values
# only, with an MRN or date of birth) or a running title "CHEST PORTABLE AP (continued)". The line is
# dropped, so the sentence it cut joins again ("There is no / Page 1 of 2 / Patient: ___ / pleural
# effusion": no effusion).
_PAGE_LINE_RE = re.compile(
    r"^[ \t]*(?:page \d+(?: of \d+)?"
    r"|(?:(?:patient(?: name)?|name|mrn|dob|date of birth|acc(?:ession)?(?: ?(?:#|no\.?|number))?|acc#|exam date"
    r"|date|sex|age|location)[ \t]*:[ \t]*(?:___|[^\s:]*)[ \t]*)+"
    r"|(?-i:[A-Z][A-Z0-9 ,/()-]*)\((?:continued|cont'd|cont\.)\))[ \t]*(?:\n|$)",
    re.IGNORECASE | re.MULTILINE)
# the same furniture inside whitespace-joined text ("There is no Page 1 of 2 Patient: ___ MRN: ___
# pleural effusion"): "page N of M" and a run of banner fields holding an MRN or date of birth
_PAGE_INLINE_RE = re.compile(
    r"\bpage \d+ of \d+\b[ \t]*|(?:\b(?:patient(?: name)?|mrn|dob|date of birth|acc(?:ession)?(?: ?(?:#|no\.?|number))?"
    r"|acc#|exam date)[ \t]*:[ \t]*(?:___|[^\s:]+)[ \t]*)+", re.IGNORECASE)
_PAGE_HINTS = ("Page ", "PAGE ", "page ", "MRN", "DOB", "ontinued", "ONTINUED", "cont'd")
# A sign-off stamp on a line of its own ("Electronically signed by: ___, MD on ___", "Dictated by: ___",
# "Transcribed: ___", "Radiologist: ___"), which a print export repeats at a page end, also in the middle of a
# sentence: the line is dropped, so the sentence it cut joins again ("possibly / Electronically signed by ___ /
# pneumonia": possibly pneumonia) (round ps). Not a line that goes on past a sentence end ("Signed by ___.
# Findings discussed with ...").
_SIGNOFF_LINE_RE = re.compile(
    r"^[ \t]*(?:(?:report )?(?:(?:electronically|digitally) (?:signed|approved|finalized|verified)(?: and (?:signed|approved|finalized))?"
    r"(?:[ \t]*(?:by\b|:))?"
    r"|(?:signed|dictated|transcribed|reviewed|verified|approved|finalized|signed out)(?: and (?:signed|approved|finalized))?"
    r"[ \t]*(?:by\b|:))"
    r"|(?:attending |staff |dictating |reading )?(?:radiologist|attending|resident|fellow|physician|transcriptionist)s?[ \t]*:)"
    r"(?:[^\n.]|\.(?![ \t]+[A-Za-z]{2})|(?<=\b[Dd]r)\.|(?<=\b[A-Z]\.[A-Z])\.)*?[ \t]*(?:\n|$)",
    re.IGNORECASE | re.MULTILINE)
# what may follow the stamp on its line: names (capitalised or "___"), credentials, dates and times; a word of
# four or more lower-case letters outside these is a sentence ("Images were / reviewed by Dr. ___ and there is no /
# pneumothorax" keeps its middle line)
_SIGNOFF_WORD_RE = re.compile(r"\b[a-z]{4,}\b")
_SIGNOFF_WORDS = frozenset(("signed", "electronically", "digitally", "dictated", "transcribed", "reviewed", "verified",
                            "approved", "finalized", "radiologist", "radiology", "attending", "resident", "fellow",
                            "physician", "transcriptionist", "staff", "reading", "dictating", "date", "time", "report",
                            "this", "final", "preliminary", "department", "imaging"))


def _signoff_line(m: re.Match) -> str:
    line = m.group(0)
    if not line.lstrip()[:1].isupper():
        return line  # a stamp starts with a capital; a wrapped sentence's line may start "reviewed by"
    if any(w not in _SIGNOFF_WORDS for w in _SIGNOFF_WORD_RE.findall(line)):
        return line
    return ""


_SIGNOFF_HINTS = ("igned", "IGNED", "ictated", "ICTATED", "ranscri", "RANSCRI", "adiologist", "ADIOLOGIST", "ttending",
                  "TTENDING", "esident", "ESIDENT", "eviewed", "EVIEWED", "erified", "ERIFIED", "pproved", "PPROVED",
                  "inalized", "INALIZED", "ellow", "ELLOW", "hysician", "HYSICIAN")


def _page_line(m: re.Match) -> str:
    line = m.group(0)
    if line.lstrip()[:4].lower() == "page" or "(" in line:
        return ""
    upper = line.upper()
    return "" if "MRN" in upper or "DOB" in upper or "DATE OF BIRTH" in upper else line


def _page_inline(m: re.Match) -> str:
    span = m.group(0)
    if span[:4].lower() == "page":
        return " "
    upper = span.upper()
    return " " if "MRN" in upper or "DOB" in upper or "DATE OF BIRTH" in upper else span


# Text as pipelines store it (round ps). A CSV or JSON cell written without decoding its escapes keeps
# them as text: a literal backslash-n ("FINDINGS:\\nNo focal consolidation.\\n") is a line break, "\\r\\n"
# and "\\r" too, "\\t" a tab and "\\u2019" its character (one or more backslashes: a cell escaped twice;
# not after an HL7 escape such as "\\E\\", whose closing backslash may meet a word starting with n, r or t).
_LITERAL_ESCAPE_RE = re.compile(r"(?<!\\[A-Z])\\+(?:r\\+n|[nrt]|u[0-9A-Fa-f]{4})")
_LITERAL_ESCAPES = {"n": "\n", "r": "\n", "t": "\t"}


def _literal_escape(m: re.Match) -> str:
    """A literal escape's character: a line break, a tab, or a "\\u2019" JSON escape's character."""
    esc = m.group(0).lstrip("\\")
    if esc[0] == "u":
        return chr(int(esc[1:], 16))
    return _LITERAL_ESCAPES[esc[-1]]
# Line ends as other systems write them (carriage returns, Unicode line and paragraph separators, form and
# line feeds) are line breaks, and invisible characters (zero-width spaces and joiners, word joiners, a
# byte-order mark, soft hyphens) are nothing: "pneumo\u200bthorax" is read as a reader sees it, "pneumothorax".
# Typographic apostrophes (word processors' "can\u2019t", "isn\u2019t", "there\u2019s") are the apostrophe, so a
# contraction's "not" is read ("pneumonia can\u2019t be excluded" hedges, it does not negate); curly double
# quotes are the straight one, and Unicode hyphens and the minus sign are the hyphen-minus ("mass\u2011like").
_ODD_CHARS_RE = re.compile("[\r\u200b-\u200d\u2060\ufeff\u00ad\u2028\u2029\x85\x0b\x0c"
                           "\u2018\u2019\u02bc\u2032\u00b4`\u201c\u201d\u201e\u2033\u2010\u2011\u2212]")
_ODD_CHARS = str.maketrans({"\r": "\n", "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None,
                            "\ufeff": None, "\u00ad": None, "\u2028": "\n", "\u2029": "\n\n", "\x85": "\n",
                            "\x0b": "\n", "\x0c": "\n", "\u2018": "'", "\u2019": "'", "\u02bc": "'",
                            "\u2032": "'", "\u00b4": "'", "`": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
                            "\u2033": '"', "\u2010": "-", "\u2011": "-", "\u2212": "-"})
# HTML remnants of a web or rich-text export: character entities ("&amp;", "&gt;", "&nbsp;", "&#8217;", also
# escaped twice, "&amp;gt;") are their characters; tags are layout: a line break ("<br>", "<br/>", a paragraph,
# a row or block), a blank line (a list, a heading, a table), a bullet ("<li>"); inline tags ("<b>", "<span
# ...>") and comments are nothing. Only known tag names count, so "<5 mm" and "L<R" stay text.
_HTML_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
                             r"|&nbsp(?!;)|&(?:amp|lt|gt|quot)(?![a-z0-9;])")  # the common ones also without ";"
_HTML_TAG_RE = re.compile(
    r"<!--.*?-->|<(/?)(br|p|div|li|ul|ol|dl|dt|dd|tr|td|th|table|tbody|thead|tfoot|caption|h[1-6]|hr|pre|blockquote"
    r"|html|head|body|title|b|i|u|s|em|strong|span|font|sup|sub|small|big|tt|code|center|mark|a)\b[^<>]{0,300}?/?>",
    re.IGNORECASE | re.DOTALL)
# a paragraph is a line: converters write each line of a wrapped report as one ("There is no</p><p>pleural
# effusion"), and a paragraph that ends a sentence ends it anyway
_HTML_LINE = frozenset(("br", "p", "div", "tr", "dt", "dd", "html", "head", "body", "title", "caption"))
_HTML_PARAGRAPH = frozenset(("ul", "ol", "dl", "table", "tbody", "thead", "tfoot", "h1", "h2", "h3", "h4",
                             "h5", "h6", "hr", "pre", "blockquote"))
_HTML_CELL = frozenset(("td", "th"))


# a run of layout tags (and the whitespace between them) is one break: "</div><div>" one line end, a blank
# line where a paragraph, list or heading is among them
_HTML_BREAKS_RE = re.compile(r"[\x01\x02](?:\s*[\x01\x02])*")


def _html_tag(m: re.Match) -> str:
    name = m.group(2)
    if name is None:  # a comment
        return ""
    name = name.lower()
    if name in _HTML_LINE:
        return "\x01"
    if name in _HTML_PARAGRAPH:
        return "\x02"
    if name == "li":
        return "\x01" if m.group(1) else "\x01- "
    return "  " if name in _HTML_CELL else ""


# A report cut into lines at a fixed column, as a fixed-width field or a terminal buffer stores it: every
# line but the last is the same length (30 characters or more) and the cuts fall anywhere, inside words too
# ("consoli" / "dation", "There is n" / "o pleural effusion"). The lines are the text cut, so they are
# joined as they were, with nothing between them. Word-wrapped lines of one length by chance, and lines
# padded with spaces to a width, do not qualify: most of their breaks are at a space.
_COLUMN_MIN = 30


def _column_cut(report: str) -> str:
    first = report.find("\n")
    if first < _COLUMN_MIN or report.find("\n", first + 1) != 2 * first + 1:
        return report
    lines = report.split("\n")
    if len(lines[-1]) > first or any(len(line) != first for line in lines[:-1]):
        return report
    spaced = sum(1 for a, b in zip(lines, lines[1:]) if a.endswith((" ", "\t")) or b.startswith((" ", "\t")))
    if 2 * spaced >= len(lines) - 1:
        return report
    return "".join(lines)


# Section headers set off by other punctuation than a colon (round ps): wrapped in brackets, angle brackets,
# asterisks, underscores, equals signs or dashes ("[FINDINGS]", "<INDICATION>", "** IMPRESSION **", "__FINDINGS__",
# "== HISTORY ==", also with the colon inside) or after a Markdown "#", in any case; or followed by "=", "-",
# "--", an en or em dash, ";", ">" or "::" ("IMPRESSION -", "Impression=", "FINDINGS>>", "History;") where a
# header may stand: at a line start, after a sentence end, or capitalised; or alone on its line with a
# period ("FINDINGS."). Each is read as the name and a colon, so an indication before it ends there and its
# text is read as the section it names. Only the names that open a report's main sections.
_ODD_HEADER_NAMES = _trie_pattern(
    [p + n for p in ("", "clinical ") for n in ("history", "indication", "indications")]
    + ["comparison", "comparisons", "technique", "findings", "impression", "impressions", "conclusion", "conclusions"]
    + ["reason for " + t + n for t in ("", "the ") for n in ("exam", "examination", "study")])
_WRAPPED_HEADER_RE = re.compile(
    r"(?:\[|<|(?<![*])\*{1,3}|(?<![_])_{2}|(?<![=])={1,3}|(?<![-])-{2,3})[ \t]*(" + _ODD_HEADER_NAMES + r")[ \t]*:?[ \t]*"
    r"(?:\]|>|\*{1,3}(?![*])|_{2}(?![_])|={1,3}(?![=])|-{2,3}(?![-]))"
    r"|(?:^|(?<=\s))#{1,3}[ \t]*(" + _ODD_HEADER_NAMES + r")[ \t]*:?",
    re.IGNORECASE)
_ODD_SEPARATOR_HEADER_RE = re.compile(
    r"(" + _ODD_HEADER_NAMES + r")(?:[ \t]*(?:=+|-{1,2}|[\u2013\u2014]|;|>{1,2}|::)(?=[ \t]|$|\n)|(\.)(?=[ \t]*(?:\n|$)))",
    re.IGNORECASE)
_HEADER_NOUN_BEFORE_RE = re.compile(r"\b(?:for|of|in|the|no|prior|with|a|an|and|or|on|to|these|this|those|that|any|by|at|from"
                                    r"|recent|previous|old|new|known|similar|other|such|are|is|were|was)$", re.IGNORECASE)


def _wrapped_header(m: re.Match) -> str:
    return "\n" + (m.group(1) or m.group(2)) + ": "


def _odd_separator_header(m: re.Match) -> str:
    name = m.group(1)
    start = m.start()
    text = m.string
    if start and not (text[start - 1].isspace() or text[start - 1] in ".!?"):
        return m.group(0)  # inside a word
    line_start = text.rfind("\n", 0, start) + 1
    if m.group(2) is not None:  # "FINDINGS." alone on its line, capitalised, not the last word of a wrapped sentence
        if text[line_start:start].strip() or not name[0].isupper():
            return m.group(0)
        prev = text[:max(0, line_start - 1)].rstrip()
        return name + ":" if not prev or prev[-1] in ".:!?" else m.group(0)
    before = text[max(0, start - 40):start].rstrip(" \t")
    # at a line start or after a sentence end in any case, elsewhere only capitalised ("FINDINGS -", "Findings -"
    # in a whitespace-joined cell) and not as a noun of the sentence ("NO PRIOR FOR COMPARISON; THE LUNGS ARE
    # CLEAR", "These Findings - ")
    if before and before[-1] not in ".!?\n":
        if not name[0].isupper() or _HEADER_NOUN_BEFORE_RE.search(before) is not None:
            return m.group(0)
        return "\n" + name + ":"  # on a line of its own, where a header is read in any case
    return name + ":"


# a speed gate, on the lower-cased report: a name with odd punctuation before or after it
_ODD_HEADER_BEFORE_RE = re.compile(r"[\[<*_=#-][ \t]*(?:" + _ODD_HEADER_NAMES + r")")
_ODD_HEADER_AFTER_RE = re.compile(r"(?:" + _ODD_HEADER_NAMES + r")[ \t]*(?:[=;>\u2013\u2014-]|::|\.[ \t]*(?:\n|$))")


def _odd_headers(report: str) -> str:
    """`report` with its headers set off by odd punctuation written with a colon (round ps)."""
    low = report.lower()
    if _ODD_HEADER_BEFORE_RE.search(low) is None and _ODD_HEADER_AFTER_RE.search(low) is None:
        return report
    return _ODD_SEPARATOR_HEADER_RE.sub(_odd_separator_header, _WRAPPED_HEADER_RE.sub(_wrapped_header, report))


# Report generators' subword tokens left in the text (round py): a WordPiece continuation ("pneu ##mothorax",
# "con ##solid ##ation") joins the piece before it, a subword-nmt BPE piece ("pneumo@@ thorax") the piece after
# it, and SentencePiece's word mark ("\u2581the\u2581lungs") is a space. Only between letters: a Markdown
# heading ("## Findings") and a "#" number keep their marks.
_SUBWORD_RE = re.compile(r"(?<=[A-Za-z]) ?##(?=[A-Za-z])|(?<=[A-Za-z])@@ ?(?=[A-Za-z])")

# ... and their special tokens (round py): an end of sequence or a separator ("[SEP]", "</s>", "<eos>",
# "<|endoftext|>", "<|im_end|>") ends a sentence, as a blank line does, so "no pneumothorax [SEP] small left
# effusion" does not negate the effusion; a start or padding token ("[CLS]", "<pad>", "<bos>") is nothing;
# GPT-2's byte-level marks for a space and a line break ("\u0120the \u0120lungs", "\u010a") are those characters
_END_TOKEN_RE = re.compile(r"\[(?:SEP|EOS)\]|</s>|<(?:eos|sep|end|/?endoftext)>|<\|(?:endoftext|im_end|eot_id|end|eos)\|>",
                           re.IGNORECASE)
_START_TOKEN_RE = re.compile(r"\[(?:CLS|PAD|BOS)\]|<(?:pad|bos|start)>|<\|(?:im_start|begin_of_text|startoftext|pad)\|>"
                             r"(?:(?:assistant|user|system)\b:?)?", re.IGNORECASE)


# A section header read wrong by OCR from a scanned or faxed report (round qc): "FlNDINGS:", "IMPRESS1ON:",
# "lNDlCATION:", "H1STORY:", "C0MPARISON:", or spaced out letter by letter ("F I N D I N G S:"). The word
# before a colon whose OCR skeleton (`_ocr_skeleton`) is a main header's is that header, so that an
# indication read wrong is still dropped and the findings still open.
_OCR_HEADER_NAMES = ("findings", "impression", "impressions", "indication", "indications", "history",
                     "comparison", "comparisons", "technique", "examination", "conclusion", "conclusions")
_OCR_HEADER_BY_SKELETON = {_ocr_skeleton(n): n for n in _OCR_HEADER_NAMES}
_OCR_HEADER_RE = re.compile(r"(?<![A-Za-z0-9|])((?:[A-Za-z0-9|] ){4,}[A-Za-z0-9|]|[A-Za-z0-9|]{6,})(?=[ \t]?:)")


def _ocr_header(m: re.Match) -> str:
    word = m.group(1)
    joined = word.replace(" ", "")
    low = joined.lower()
    name = _OCR_HEADER_BY_SKELETON.get(_ocr_skeleton(low))
    if name is None or (low == name and joined == word):
        return word
    return name.upper() if sum(c.isupper() for c in joined) >= 2 else name.capitalize()


def _ocr_headers(report: str) -> str:
    """`report` with its OCR-misread headers written as the header names (round qc)."""
    if ":" not in report:
        return report
    return _OCR_HEADER_RE.sub(_ocr_header, report)


def _packaged(report: str) -> str:
    """`report` with the packaging of exports and pipelines undone (round ps): literal escapes, HTML entities,
    carriage returns and invisible characters, a fixed-column cut, HTML tags and headers set off by odd
    punctuation; and a report generator's subword marks and special tokens (round py)."""
    if "##" in report or "@@" in report:
        report = _SUBWORD_RE.sub("", report)
    if "\u2581" in report:
        report = report.replace("\u2581", " ")
    if "\u0120" in report or "\u010a" in report:
        report = report.replace("\u0120", " ").replace("\u010a", "\n")
    if ("[" in report or "<" in report) and ("]" in report or ">" in report):
        report = _START_TOKEN_RE.sub(" ", _END_TOKEN_RE.sub("\n\n", report))
    if "\\" in report and _LITERAL_ESCAPE_RE.search(report) is not None:
        report = _LITERAL_ESCAPE_RE.sub(_literal_escape, report)
    if "&" in report:  # before the characters below: "can&rsquo;t", "&#8203;"
        for _ in range(2):  # "&amp;gt;" escaped twice
            decoded = _HTML_ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), report)
            if decoded == report:
                break
            report = decoded
    if _ODD_CHARS_RE.search(report) is not None:
        report = report.replace("\r\n", "\n").translate(_ODD_CHARS)
    if "\n" in report:
        report = _column_cut(report)
    if "<" in report and ">" in report:
        report = _HTML_TAG_RE.sub(_html_tag, report)
        if "\x01" in report or "\x02" in report:
            report = _HTML_BREAKS_RE.sub(lambda m: "\n\n" if "\x02" in m.group(0) else "\n", report)
    report = _odd_headers(_ocr_headers(report))
    return report


def _exported(report: str) -> str:
    """`report` without HL7 escapes, pipeline packaging (round ps) and page furniture (round pd)."""
    if "\\" in report:
        report = _HL7_SKIP_RE.sub("\n\n", _HL7_BREAK_RE.sub("\n", report))
    report = _packaged(report)
    if "\n" in report and _SIGNOFF_GATE_RE.search(report) is not None:
        report = _SIGNOFF_LINE_RE.sub(_signoff_line, report)
    if _PAGE_GATE_RE.search(report) is not None:
        if "\n" in report:
            report = _PAGE_LINE_RE.sub(_page_line, report)
        report = _PAGE_INLINE_RE.sub(_page_inline, report)
    if _TABULAR_GATE_RE.search(report) is not None:
        report = _tabular(report)
    return report


# Reports as tables and unfilled templates (round px). A dictation template sent with a choice left in
# names nothing definite: "Heart size is [normal/enlarged]", "[atelectasis/pneumonia] at the left base",
# "{{finding}}" read as a blank ("___"); a single bracketed word or phrase is read as written ("[No]
# pleural effusion"); "***" and "XXX" are blanks. A checkbox ("[ ]", "[x]") and an old de-identification
# mark ("[** ... **]") are left to their own readers.
_TEMPLATE_CHOICE_RE = re.compile(r"\{\{[^{}\n]*\}\}|\[([^\[\]\n]*)\]")
_TEMPLATE_STARS_RE = re.compile(r"\*{3,}|(?<![A-Za-z])XXX(?![A-Za-z])")
_MD_BOLD_RE = re.compile(r"\*\*([^*\n]{1,80}?)\*\*")
_MD_HEADING_RE = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+")
# JSON-like fragments ({"lungs": "clear", "pleural_effusion": false}): each pair a field line
_JSON_PAIR_RE = re.compile(r"""(["'])([A-Za-z][A-Za-z _/-]{0,40})\1[ \t]*:[ \t]*(?:(["'])((?:(?!\3)[^\n])*)\3|(true|false|null|True|False|None)\b|(\{))[ \t]*,?[ \t]*""")
# a line opening with a quoted field ('"Pneumothorax": "not present"'): JSON-like pairs one a line, without
# the braces of an object (round qf)
_QUOTED_FIELD_LINE_RE = re.compile(r"""(?:^|\n)[ \t]*(["'])[A-Za-z][A-Za-z _/-]{0,40}\1[ \t]*:[ \t]*(?:["']|true|false|null)""")
# key=value fields ("Lungs=clear; Heart=enlarged"): a field and its value, as "Lungs: clear"
_KEY_EQUALS_RE = re.compile(r"([A-Za-z)])[ \t]*=[ \t]*(?=[A-Za-z0-9\"'(\[{_*-])")
# check marks: a mark closing a field's line is its value ("Pneumothorax \u2717": absent), a mark opening a
# statement is a bullet ("\u2713 No pneumothorax \u2713 No effusion"); a legend ("\u2713 = present") is dropped
_YES_MARKS = "\u2713\u2714"
_NO_MARKS = "\u2717\u2718"
_MARK_LEGEND_RE = re.compile(r"(?m)^[^\n]*[\u2713\u2714\u2717\u2718][ \t]*[=:][ \t]*[A-Za-z][^\n]*(?:\n|$)")
_TRAILING_MARK_RE = re.compile(r"(?<=[A-Za-z)])[ \t]*([\u2713\u2714\u2717\u2718])(?=[ \t]*(?:\(|\n|$|[|;]))")
_LEADING_MARK_RE = re.compile(r"[ \t]*[\u2713\u2714\u2717\u2718][ \t]*")
# a one-letter yes / no answer of a field ("PTX: N | Consolidation: Y (RUL)")
_FIELD_YN_RE = re.compile(r":[ \t]*([YN])(?=[ \t]*(?:\(|[|;,.]|\n|$))")
_FIELD_YN_HINTS = tuple(":" + sp + yn for sp in ("", " ", "  ", "\t") for yn in "YN")
_TAB_ROW_RE = re.compile(r"\S\t+\S")
# a plain-text column of fields aligned by spaces or dot leaders ("Pneumothorax      No", "Effusion.....Yes"):
# a short field name alone at a line start, its one-word answer alone at the line end
_SPACED_FIELD_RE = re.compile(r"(?im)^([ \t]*(?!(?:[A-Za-z/()-]+ )*(?:is|are|was|were|be|been|of|at|to|the|a|an|with|without|and|or|in|on|for|not|no)\b)"
                              r"[A-Za-z][A-Za-z/()-]*(?: [A-Za-z/()-]+){0,3}?)(?:[ \t]{2,}|[ \t]*\.{3,}[ \t]*)"
                              r"(yes|no|none|absent|present|negative|positive|normal|y|n)\.?[ \t]*$")
_SPACED_ANSWERS = tuple(sep + w for sep in " \t." for w in ("yes", "no", "none", "absent", "present", "negative", "positive",
                                                             "normal", "y", "n"))
# a severity field at zero ("Edema: 0/3", "| Edema | 0/4 |"): none (round px; a score or grade word before the colon,
# "edema score: 0/4", is round qa's `_ZERO_SCORE_RE`, read per sentence)
_ZERO_FIELD_RE = re.compile(r":[ \t]*0[ \t]*/[ \t]*[1-9](?![\d/])")
_SEPARATOR_CELL_RE = re.compile(r"^:?-{2,}:?$")
# a field name: up to five words, none a verb, function word or hedge
_FIELD_NAME_RE = re.compile(
    r"(?i)^(?!(?:[A-Za-z/()-]+ )*(?:is|are|was|were|be|been|has|have|of|at|to|the|a|an|with|without|and|or|in|on|for|not|no"
    r"|there|possible|possibly|probable|probably|likely|suspected|questionable|may|might|could|cannot|concerning|suggestive"
    r"|consistent|compatible|new|small|mild|moderate|large)\b)[A-Za-z][A-Za-z/()-]*(?: [A-Za-z/()-]+){0,4}:?$")
# header cells of a table (a row of them names the columns: "Finding | Present | Side")
_TABLE_HEADER_WORDS = frozenset((
    "finding", "findings", "structure", "region", "observation", "observations", "status", "present", "absent",
    "yes", "no", "yes/no", "y/n", "present/absent", "side", "severity", "location", "comment", "comments", "result",
    "value", "field", "organ", "system", "grade", "size", "laterality", "details", "description", "notes", "item",
    "category", "answer", "normal", "abnormal", "assessment", "anatomy", "parameter", "feature"))
_TABULAR_HINTS = ("[", "{", "\":", "**", "XXX", "#", "=", "|", "\t", ":Y", ":N", ": Y", ": N", ":  ", ":\t", "0/", "0 /", "  ", "...") + tuple(_YES_MARKS + _NO_MARKS)
_MARK_CELLS = frozenset(("x", "\u2713", "\u2714", "\u2717", "\u2718", "\u2022", "*", "+"))


def _template_choice(m: re.Match) -> str:
    inner = m.group(1)
    if inner is None:  # "{{finding}}"
        return "___"
    bare = inner.strip()
    if bare.lower() in ("", "x") or bare[:1] in "*\u2713\u2714" or not any(c.isalpha() for c in bare):
        return m.group(0)  # a checkbox, a de-identification mark, "[1]"
    if any(c.isdigit() for c in bare):
        return m.group(0)  # a reference ("[series 2, image 45]"), not a template's word
    if "/" in bare or " or " in bare.lower() or "|" in bare:
        return "___"  # a choice of several options left in: nothing definite
    return bare


def _json_pair(m: re.Match) -> str:
    key = m.group(2).replace("_", " ").strip()
    if m.group(6):  # "findings": { ... }: the object's own fields follow
        return "\n"
    value = m.group(4)
    if value is None:
        value = {"true": "yes", "false": "no", "null": "___"}[m.group(5).lower().replace("none", "null")]
    value = value.strip().rstrip(".")
    return "\n" + key + ": " + (value or "___") + ".\n"


def _cells(line: str) -> list[str] | None:
    """The cells of a table row (pipes or tabs), or None when `line` is no row."""
    bare = line.strip()
    if "|" in bare and (bare.startswith("|") or " | " in bare or "\t|" in bare or "|\t" in bare):
        return [c.strip() for c in bare.strip("|").split("|")]
    if "\t" in bare and _TAB_ROW_RE.search(bare) is not None:
        cells = [c.strip() for c in bare.split("\t")]  # an empty cell keeps its column
        # a tab inside a sentence ("Possible\tpneumonia", "There is no\tpneumothorax") is whitespace: a row's
        # first cell is a field name and no cell holds a sentence end
        if _FIELD_NAME_RE.match(cells[0]) is not None and not any(". " in c for c in cells):
            return cells
        return None
    if "|" in bare and ":" in bare:
        cells = [c.strip() for c in bare.split("|")]
        if all(":" in c for c in cells if c):
            return cells
    return None


def _table_rows(text: str) -> str:
    """Each row of a pipe or tab table read as a field line ("| Heart | Normal size |" -> "Heart: Normal size."),
    a mark under a named column read as that column's name ("| Effusion | X | |" under "Present | Absent" ->
    "Effusion: present."), header and separator rows dropped, a row of "key: value" cells read as that many
    statements."""
    out: list[str] = []
    cols: list[str] | None = None
    lines = text.split("\n")
    for i, line in enumerate(lines):
        cells = _cells(line)
        if cells is None:
            cols = None
            out.append(line)
            continue
        full = [c for c in cells if c]
        if not full:
            continue
        if all(_SEPARATOR_CELL_RE.match(c) for c in full):
            continue
        nxt = _cells(lines[i + 1]) if i + 1 < len(lines) else None
        if (all(c.lower().rstrip(":") in _TABLE_HEADER_WORDS for c in full)
                or (nxt and all(_SEPARATOR_CELL_RE.match(c) for c in nxt if c) and any(nxt))):
            cols = [c.lower() for c in cells]
            continue
        if all(":" in c for c in full) or (cells[0] and _FIELD_NAME_RE.match(cells[0]) is None):
            # "key: value" cells, or cells that are statements ("There is no pneumothorax | Small effusion"):
            # each its own sentence
            out.append(" ".join(c.rstrip(" .;") + "." for c in full))
            continue
        values: list[str] = []
        for j, c in enumerate(cells[1:], 1):
            if c in ("", "-", "\u2013", "\u2014", "n/a", "N/A"):
                continue
            if c.lower() in _MARK_CELLS and cols is not None and j < len(cols) and cols[j]:
                values.append(cols[j])
            elif c in _YES_MARKS:
                values.append("yes")
            elif c in _NO_MARKS:
                values.append("no")
            else:
                values.append(c.rstrip(" ."))
        head = cells[0].rstrip(" :")
        if not head:
            out.append(", ".join(values) + ".")
        else:
            out.append(head + (": " + ", ".join(values) if values else "") + ".")
    return "\n".join(out)


def _tabular(text: str) -> str:
    """`text` with tables, field rows and unfilled template parts read as field lines (round px)."""
    if "[" in text or "{{" in text:
        text = _TEMPLATE_CHOICE_RE.sub(_template_choice, text)
    if "**" in text or "XXX" in text:
        text = _MD_BOLD_RE.sub(r"\1", text)
        text = _TEMPLATE_STARS_RE.sub("___", text)
    if "#" in text:
        text = _MD_HEADING_RE.sub("", text)
    if ('":' in text or "':" in text) and ("{" in text or _QUOTED_FIELD_LINE_RE.search(text) is not None):
        text = _JSON_PAIR_RE.sub(_json_pair, text)
        text = text.replace("{", " ").replace("}", " ")
    if "=" in text:
        if any(c in text for c in _YES_MARKS + _NO_MARKS):
            text = _MARK_LEGEND_RE.sub("", text)
        text = _KEY_EQUALS_RE.sub(r"\1: ", text)
    if "|" in text or ("\t" in text and sum(_cells(line) is not None for line in text.split("\n")) >= 2):
        text = _table_rows(text)
    if ("  " in text or "..." in text) and any(
            line.rstrip(" \t.").lower().endswith(_SPACED_ANSWERS) for line in text.split("\n") if "  " in line or "..." in line):
        text = _SPACED_FIELD_RE.sub(lambda m: m.group(1) + ": " + m.group(2) + ".", text)
    if "0/" in text or "0 /" in text:
        text = _ZERO_FIELD_RE.sub(": none", text)
    if any(c in text for c in _YES_MARKS + _NO_MARKS):
        text = _TRAILING_MARK_RE.sub(lambda m: ": yes" if m.group(1) in _YES_MARKS else ": no", text)
        text = _LEADING_MARK_RE.sub(". ", text)
    if any(h in text for h in _FIELD_YN_HINTS):
        if "Y/" in text or "Y /" in text:  # "Consolidation: Y / N: N" first, as split_sentences reads it (round pe)
            text = _YES_NO_RE.sub(lambda m: ": yes" if m.group(1) == "Y" else ": no", text)
        text = _FIELD_YN_RE.sub(lambda m: ": yes" if m.group(1) == "Y" else ": no", text)
    return text


def _joined_dashes(text: str) -> str:
    """Whitespace-joined dash lists after a colon laid out one item a line (`_COLON_DASH_RE`)."""
    out: list[str] = []
    pos = 0
    for m in _COLON_DASH_RE.finditer(text):
        if m.start() < pos:
            continue
        run: list[str] = [":\n- "]
        i = m.end()
        while True:
            e = _JOINED_ITEM_END_RE.search(text, i)
            run.append(text[i:e.start()])
            sep = e.group(0)
            if "-" in sep:
                run.append("\n- ")
                i = e.end()
                continue
            if sep and sep[-1] in " \t" and text.startswith("- ", e.end()):
                run.append(".\n- " if sep[0] == "." else "\n- ")
                i = e.end() + 2
                continue
            run.append(("." if sep[:1] == "." else "") + ("\n" if sep else ""))
            break
        if ":" in run[1]:  # a row of fields, not a list
            continue
        out.append(text[pos:m.start()])
        out.extend(run)
        pos = e.end()
    out.append(text[pos:])
    return "".join(out)


# Dictation left as speech recognition typed it (round pz). Spoken punctuation and commands: "no
# pneumothorax period", "comma", "new paragraph", "next line", "open paren ... close paren", "findings
# colon"; "period" is no sentence end after words that make it a span of time ("the postoperative period",
# "over a two-day period")
# or before "of" ("a period of"), "colon" only after a header word (the bowel is a colon too).
_SPOKEN_HINTS = ("period", "comma", "paragraph", "next line", "paren", "colon", "semicolon",
                 "full stop")
_SPOKEN_PERIOD_RE = re.compile(
    r"(?<![a-z])(?<!\bthe )(?<!\ba )(?<!\bthis )(?<!\bthat )(?<!operative )(?<!interim )(?<!\bshort )"
    r"(?<!\bbrief )(?<!\bsame )(?<!\btime )(?<!\bearly )(?<!\blate )(?<!\bneonatal )(?<!\bwaiting )"
    r"(?<!\bintervening )(?<!\bobservation )(?<!\bimmediate )(?<!\bgiven )(?<!\bwhole )(?<!\bentire )"
    r"(?<!day )(?<!week )(?<!month )(?<!year )(?<!hour )(?<!\binterval )(?<!\bany )(?<!\blatent )(?<!\bincubation )(?<!\brecovery )(?<!\bfollow-up )(?<!\bfollowup )"
    r"(?:\s*[,.]?\s*)\b(?:period|full stop)\b(?!\s*(?:of|when|during|after|before|in which)\b)\s*[.,]?")
_SPOKEN_COMMA_RE = re.compile(r"\s*[,.]?\s*\bcomma\b\s*,?")
_SPOKEN_SEMICOLON_RE = re.compile(r"\s*\bsemicolon\b\s*;?")
_SPOKEN_BREAK_RE = re.compile(r"\s*[,.]?\s*\b(?:new paragraph|next line)\b\s*[.,]?")
_SPOKEN_PAREN_RE = re.compile(r"\b(open|close) paren(?:thesis|theses)?\b")
_SPOKEN_COLON_RE = re.compile(r"\b(findings|impression|indication|history|comparison|technique|examination|"
                              r"conclusion|recommendation|recommendations|addendum) colon\b")
# A self-correction: "left, I mean right, lower lobe", "mild edema, scratch that, mild vascular congestion",
# "the heart is enlarged, no, I mean the heart is normal": the words said since the last sentence end or
# comma are taken back. A correction of the place only ("atelectasis at the left base scratch that at both
# bases": what follows starts with a preposition) keeps the finding said before it. "correction" is the
# command only before a comma or colon ("scoliosis correction" is surgery); "what I mean" is no command.
_SELF_CORRECTION_RE = re.compile(
    r"(?:^|(?<=[.,;:?!\x00(])|(?<=\bno\b))(?P<said>[^.,;:?!\x00(]*?)(?:,\s*)?\b(?P<cue>(?:no,? )?(?:scratch that|"
    r"delete that|strike that|(?<!what )i mean|correction(?=\s*[,:]))),?:?\s*(?P<next>\S*)")
_PLACE_WORDS = frozenset(("at", "in", "on", "of", "within", "over", "along", "above", "below", "into", "to",
                          "near", "involving", "at the", "posteriorly", "anteriorly", "laterally", "medially"))
# Sound-alike finding and device words ("a lecture sis", "Atlanta sis" for atelectasis, "new Mona" for
# pneumonia, "new Mo thorax" for pneumothorax, "a Dema" for edema, "noodle" for nodule, "mess" for mass,
# "lions" for lines, "hi lum" for hilum, "in large" for enlarged, "E.T. tube" for ET tube); "consultation"
# for consolidation only where a place, a size, a negation or a hedge makes it a finding (a consultation
# is also a visit: "surgical consultation is recommended").
# each with the strings one of which it needs, so that a report runs only the patterns it can meet
_NEW_MO = ("new mo", "nu mo", "knew mo", "newmo", "numo", "knewmo")
_SOUNDALIKES: tuple = (
    ((" sis", " ses", " cis", " sys"), re.compile(r"\b(?:a|at|atl)\s?(?:lecture|lectur|lecta|lekta|lekt|electa|elect|anta|lanta|telecta)\s?"
                r"(?:sis|ses|cis|sys)\b"), "atelectasis"),
    (_NEW_MO, re.compile(r"\b(?:new|nu|knew)\s?mo\s?thora"), "pneumothora"),
    (_NEW_MO, re.compile(r"\b(?:new|nu|knew)\s?mo(?:n(?:i|e|y)?a|ania|nya)(?=s?\b)"), "pneumonia"),
    ((" dema", " demma"), re.compile(r"\b(?:a|uh|e)\s(?:dema|demma)\b"), "edema"),
    (("noodle",), re.compile(r"\bnoodle(?=s?\b)"), "nodule"),
    # only where a mass would stand: after a size, shape, place or side word, or before its place ("a 3 cm
    # mess", "spiculated mess", "mess in the right upper lobe"); "the room was a mess" is no mass
    (("mess",), re.compile(r"\b((?:\d+(?:\.\d+)? ?(?:cm|mm)|large|small|spiculated|lobulated|apical|hilar|lung|pulmonary|mediastinal"
                r"|cavitary|lobe|lobar|right|left|new|known) )mess(?=(?:es)?\b)(?! of\b)"
                r"|\b()mess(?=(?:es)? (?:in|at|within|involving|projecting|along|abutting) (?:the )?(?:right|left|lung|lobe|upper"
                r"|lower|middle|hil|mediastin|apex|apical|base|basilar|lingula|perihilar|retrocardiac|paratracheal))"),
     lambda m: (m.group(1) or "") + "mass"),
    (("lion",), re.compile(r"\blion(?=s?\b)"), "line"),
    (("hi l",), re.compile(r"\bhi (lum|lar|la)\b"), r"hi\1"),
    (("in larg",), re.compile(r"\b(is|are|was|were|be|been|mildly|moderately|markedly|severely|slightly|minimally|appears|"
                r"appear|remains|remain|not|now|more|less|somewhat|massively|borderline) in larg(ed?|ement)\b"
                r"(?! (?:part|measure|amounts?|numbers?|quantit)\b)"),
     lambda m: m.group(1) + " enlarg" + ("ement" if m.group(2) == "ement" else "ed")),
    # ("the heart is in large part obscured" is the English phrase)
    (("in large",), re.compile(r"\b(?:the )?heart (?:is )?in large\b(?! (?:part|measure|amounts?|numbers?|quantit)\b)"), "heart is enlarged"),
    ((".t.", ".g."), re.compile(r"\b([a-z])\.([a-z])\.(?:([a-z])\.)?(?= (?:tube|catheter|line|tip)\b)"),
     lambda m: m.group(1) + m.group(2) + (m.group(3) or "")),
    (("consultation",), re.compile(r"\b(no|know|of|lobe|lobar|focal|dense|patchy|airspace|basilar|basal|lingular|bibasilar|"
                r"retrocardiac|bilateral|multifocal|perihilar|residual|confluent|segmental|apical|small|large|"
                r"extensive|mild|new|worsening|increased|increasing|persistent|any|or|and|versus|vs) consultation(?=s?\b)"),
     r"\1 consolidation"),
    (("consultation",), re.compile(r"(^|[,\x00] ?)consultation(?=s?\b)"), r"\1consolidation"),
    (("consultation",), re.compile(r"\bconsultation(?=s? (?:versus|vs|or|in the (?:right|left|lung|lower|upper|middle|lingula)|"
                r"at the|with air|is (?:not excluded|possible|present|seen|likely)|cannot|concerning|worse)\b)"),
     "consolidation"),
)


def _gate(hints) -> re.Pattern:
    """One regex that finds any of `hints` (one C-level scan instead of a Python loop over them)."""
    return re.compile("|".join(map(re.escape, sorted(set(hints), key=len, reverse=True))))


_SOUNDALIKE_GATE_RE = _gate([h for hints, _, _ in _SOUNDALIKES for h in hints])
_SPOKEN_GATE_RE = _gate(_SPOKEN_HINTS)
_SIGNOFF_GATE_RE = _gate(_SIGNOFF_HINTS)
_PAGE_GATE_RE = _gate(_PAGE_HINTS)
_TABULAR_GATE_RE = _gate(_TABULAR_HINTS)


# ... and so does a replacement that is a side, a place or a degree alone ("effusion at the right base, I mean
# the left base", "left, I mean right, lower lobe", "enlarged heart, I mean mildly")
_PLACE_ONLY_RE = re.compile(
    r"(?:(?:at|in|on|over|of|within|along|involving) )?(?:the )?(?:(?:left|right|both|bilateral|upper|lower|"
    r"middle|mid|basilar|apical|retrocardiac|lingular|mild|mildly|moderate|moderately|severe|severely|small|"
    r"large|minimal|minimally|tiny|trace|slightly)\b ?)+(?:(?:base|bases|lobe|lobes|apex|apices|lung|lungs|"
    r"side|sides|hemithorax|hilum|zone|zones|lingula)\b)?\s*(?=[.,;:?!\x00)]|$)")


def _self_correction(m: re.Match) -> str:
    nxt = m.group("next")
    rest = m.string[m.start("next"):]
    if nxt in _PLACE_WORDS or _PLACE_ONLY_RE.match(rest):  # only the place is corrected: the finding stands
        return m.group("said") + " " + nxt
    return " " + nxt


def _spoken(text: str) -> str:
    """Lower-cased `text` with spoken punctuation, dictation commands, self-corrections and sound-alike
    finding words undone (round pz)."""
    if _SPOKEN_GATE_RE.search(text) is not None:
        if "period" in text or "full stop" in text:
            text = _SPOKEN_PERIOD_RE.sub(". ", text)
        if "comma" in text:
            text = _SPOKEN_COMMA_RE.sub(", ", text)
        if "semicolon" in text:
            text = _SPOKEN_SEMICOLON_RE.sub("; ", text)
        if "paragraph" in text or "line" in text:
            text = _SPOKEN_BREAK_RE.sub(". ", text)
        if "paren" in text:
            text = _SPOKEN_PAREN_RE.sub(lambda m: "(" if m.group(1) == "open" else ")", text)
            text = text.replace("( ", "(").replace(" )", ")")
        if "colon" in text:
            text = _SPOKEN_COLON_RE.sub(r"\1:", text)
        text = " ".join(text.replace(" .", ".").replace(" ,", ",").split())
    if _SOUNDALIKE_GATE_RE.search(text) is not None:
        for hints, rx, rep in _SOUNDALIKES:
            if any(h in text for h in hints):
                text = rx.sub(rep, text)
    if "i mean" in text or "correction" in text or " that" in text and ("scratch" in text or "delete" in text or "strike" in text):
        text = _SELF_CORRECTION_RE.sub(_self_correction, text)
        text = " ".join(text.split())
    return text


# "Question:" over a question its "Answer:" / "A:" / "Response:" line answers (round qf): an exchange, not the
# referrer's clinical question that a QUESTION header holds
_QA_QUESTION_RE = re.compile(r"(?im)^([ \t]*(?:\*\*)?[ \t]*)(?:patient |user )?question(\d?(?:\*\*)?[ \t]*:(?:\*\*)?[^\n?]{1,120}\?)"
                             r"(?=[ \t]*\n?[ \t]*(?:\*\*)?[ \t]*(?:a|answer|response)\d?(?:\*\*)?[ \t]*:)")


def split_sentences(report: str, sections: frozenset[str] | None = None) -> list[str]:
    """Lower-cased, whitespace-normalised sentences of the labeled sections of `report`.

    A final ``.`` or ``!`` is stripped; a ``?`` is kept because it marks uncertainty.
    `sections`: as in `drop_sections`.
    """
    text = _exported(report)
    if "uestion" in text or "UESTION" in text:
        text = _QA_QUESTION_RE.sub(r"\1Q\2", text)  # "Question: ...? Answer: ...": no clinical question (round qf)
    text = drop_sections(text, sections)
    if "[" in text or "( )" in text or "(x)" in text or "(X)" in text or "\u2610" in text or "\u2612" in text or "\u2611" in text:
        text = _checkboxes(text)
    if "N" in text and "/" in text:
        text = _YES_NO_RE.sub(lambda m: ": yes" if m.group(1) == "Y" else ": no", text)
    if ("ight" in text or "IGHT" in text) and ("eft" in text or "EFT" in text):
        text = _SIDE_SPLIT_RE.sub(_side_split, text)
    if ":" in text and "- " in text:
        text = _joined_dashes(text)
    if "\n" in text:
        if "1" in text:
            text = _bare_numbers(text)
        if "- " in text or ". " in text or ") " in text:
            text = _BULLET_LINE_END_RE.sub(lambda m: m.group(1) + _BREAK, text)
        text = _BLANK_LINE_RE.sub(_BREAK, _BULLET_RE.sub(_BREAK + _ITEM, text))
        text = _LIST_LINE_RE.sub(_list_line, text).replace("\n", " ")
    if ";" in text:
        text = text.replace(";", "; ")  # "pneumothorax;small effusion": the clause still ends
    if "&" in text:  # "heart & mediastinum", "&/or": "and" (round pa)
        text = _AMPERSAND_RE.sub(lambda m: " and" if m.string.startswith("/", m.end()) else " and ", text)
    text = " ".join(text.lower().split())  # one space between words (the break mark is no space)
    text = _spoken(text)
    if " - " in text and (" ." in text or " ," in text):
        text = _SPACED_HYPHEN_RE.sub("-", text)
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

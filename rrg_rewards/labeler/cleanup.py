"""Stage 0: the report as its reader sees it, before sections are found and sentences split.

Reports reach the labeler through exports, pipelines, forms and dictation systems, each of which
leaves marks a radiologist never wrote: HL7 escapes, literal "\\n", HTML, page furniture and sign-off
stamps, a fixed-column cut, headers set off by odd punctuation or misread by OCR, report generators'
subword tokens, tables, checkboxes and key-value fields, and spoken punctuation and self-corrections.
`unpackage` undoes the packaging of a whole report, `form_fields` reads its checkbox and field rows as
statements, and `undictate` undoes dictation on the lower-cased text. Each pass is gated by a cheap test
for its rare characters or words, so plain reports pay a few substring tests.
"""
from __future__ import annotations

import html
import re

from .rewording import _ocr_skeleton, _trie_pattern

# a whitespace-joined dash list after a colon ("No evidence of:  - pneumothorax  - effusion  Stable heart",
# "Cannot exclude: - small pneumothorax - rib fracture Heart size is normal"): each " - " opens an item; two
# spaces, a period or a "?" or capitalised word after a lower-case one, with no dash after it, end the list
# (round pn). A row of fields ("PTX: - Effusion: +") is no list: its first item holds a colon.
# A capitalised "A" opening a sentence ends it too ("- pleural effusion A rounded density ..."). Items that
# each say "cue: finding" ("As compared to ___: - Resolved: left pleural effusion. - Improved: ...") are a
# list, not a row of fields: two or more of them, each with one colon and two words or more after it
# ("Opacity: LLL, +" is a field's value). A lettered
# list so joined ("No evidence of: a. empyema b. cavitation 3. Right hilar ...") is read the same way: its
# letters counted up from "a", its last item ended as a dash list's is or by the next list number. A line
# opened by a dash and holding two more (" - "), no period or colon among the first three items, is such a
# list whose lead-in a header was ("CXR AP SUPINE: - ETT 4CM ABOVE CARINA - NGT IN STOMACH - NO PTX").
_COLON_DASH_RE = re.compile(r":[ \t]+(?:-|(a)[.)])[ \t]+|(?:^|(?<=\n))[ \t]*-[ \t]+(?=[^\n.:]{1,60}[ \t]-[ \t][^\n.:]{1,60}[ \t]-[ \t])")
_JOINED_ITEM_END_RE = re.compile(r"[ \t]+-[ \t]+|\.?[ \t]{2,}|\.[ \t]+|\n|$|(?<=[a-z,])[ \t]+(?=[A-Z][a-z]|A[ \t]+[a-z]|\?)")
_LETTER_ITEM_RES = {c: re.compile(r"[ \t]+" + c + r"[.)][ \t]+") for c in "bcdefghijklmnopqrstuvwxyz"}
_LETTER_ITEM_END_RE = re.compile(r"\.?[ \t]{2,}|\.[ \t]+|\n|$|(?<=[a-z,])[ \t]+(?=[A-Z][a-z]|A[ \t]+[a-z]|\?)"
                                 r"|[ \t]+(?=\d{1,2}[.)][ \t])")
# In a report without capitals the next list's lead-in runs into the last item before it ("absent: - pleural
# effusion - pneumothorax present: - plate-like atelectasis"): an item ending in one of the cues such lists are
# headed by, then a colon, ends before the cue, which leads the next list
LIST_CUES = (r"present|absent|yes|no|definite(?:ly)?|suspected|probable|possible|(?:less |more |most )?likely|unlikely"
             r"|new|resolved|improved|unchanged|stable|persistent|worse(?:ned)?|not (?:seen|identified|present)")
_ITEM_THEN_CUE_RE = re.compile(r"(.*?[a-z0-9)])[ \t]+(" + LIST_CUES + r"):")
_CUE_ITEM_RE = re.compile(r"[^:]{1,40}:[ \t]*[A-Za-z][^\s:]*[ \t]+[^:]*[A-Za-z][^:]*")

# Checkbox fields (round pe): "Pneumothorax: [ ] yes [x] no", "Edema: ( ) none (x) mild ( ) moderate",
# "Effusion: \u2610 Yes \u2612 No". The ticked option is the field's value; an unticked option is no
# statement, so its words are dropped (up to the next box, or, for the last one, up to a dash, comma,
# semicolon, colon or the line end, so that "[ ] no - right PICC" keeps the PICC, or, rows whitespace-joined,
# up to the next field's name: a capitalised one before its colon, or any before a colon and a box,
# "( ) severe Effusion: (x) none").
_UNTICKED_RE = re.compile(r"(?:\[ ?\]|\( ?\)|\u2610)[ \t]*(?:[^\[(\u2610\u2611\u2612\n,;:]*?(?=[ \t]*(?:\[[ xX]?\]|\([ xX]?\)|[\u2610\u2611\u2612])"
                          r"|[ \t]+[-\u2013][ \t]|[,;:\n]|$|[ \t]+(?=[A-Z][A-Za-z/()]*(?:[ \t][A-Za-z/()]+){0,3}[ \t]*:"
                          r"|[a-z][a-z/()]*(?:[ \t][a-z/()]+){0,3}[ \t]*:[ \t]*(?:\[[ xX]?\]|\([ xX]?\)|[\u2610\u2611\u2612])))"
                          r"|[^\[(\u2610\u2611\u2612\n,;:]*)")
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


# The MIMIC-III (NOTEEVENTS) radiology banner (round qg): a date stamp, the exam title and "Clip # [**Clip Number
# (Radiology) 12345**]", then the order's "Reason:" and "Admitting Diagnosis:" fields and a row of underscores;
# after the first banner the order box ("[**Hospital 93**] MEDICAL CONDITION: ... REASON FOR THIS EXAMINATION: ...
# No contraindications for IV contrast") and a second row, then "FINAL REPORT". A page end repeats the banner
# ("(Over)" ... "FINAL REPORT (Cont)"). The fields are the referrer's ("Reason: r/o pneumonia", "Admitting
# Diagnosis: PNEUMONIA;TELEMETRY") and name nothing on the film; on their own lines the skip headers drop them,
# but in a whitespace-joined cell "Reason:" follows the clip number mid-line and is no header. The banner is
# dropped whole, anchored on its clip number; a repeated page banner joins the sentence it cut, as other page
# furniture does (round pd).
_CLIP_BANNER_RE = re.compile(
    r"(?:\s*\(over\)\s*)?"
    r"(?:\[\*\*[^*\]\n]{1,40}\*\*\][ \t]+\d{1,2}:\d{2}[ \t]*[ap]\.?m\.?[ \t]*\n?[^\n_]{0,100}?)?"
    r"\bclip[ \t]*#[ \t]*(?:\[\*\*[^*\]\n]{0,60}\*\*\]|clip number \(radiology\)[ \t]*\d*)"
    r"[^_]{0,400}?(?:_{10,}|(?=\s*final report\b))"
    r"(?:(?=[^_]{0,800}?(?:medical condition|reason for this examination))[^_]{0,800}?_{10,})?"
    r"(?:\s*final report\b)?(?:\s*\(cont\)\s*)?",
    re.IGNORECASE)


def _clip_banner(m: re.Match) -> str:
    span = m.group(0)
    # a page banner ("(Over)" ... "(Cont)") joins the sentence it cut; the first one ends the text before it
    return " " if span.lstrip()[:1] == "(" or span.rstrip()[-1:] == ")" else "\n\n"


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


# A summary line's triage code (the Stanford / CheXpert Plus "SUMMARY: 1-NORMAL", "2-ABNORMAL, PREVIOUSLY
# REPORTED", "3-POSSIBLE SIGNIFICANT ABNORMALITY, ATTN NEEDED", "4-SIGNIFICANT ABNORMALITY, ATTN NEEDED") flags
# the study for the referrer; it names no observation and describes no abnormality, so it is dropped and the
# report's own words decide, No Finding included (round qh). Only after a SUMMARY header.
_SUMMARY_CODE_RE = re.compile(
    r"(?i)(\bsummary[ \t]*:?[ \t]*(?:\n[ \t]*)?)[1-5][ \t]*-[ \t]*(?:possible[ \t]+)?(?:significant[ \t]+|critical[ \t]+)?"
    r"(?:abnormal(?:ity|ities)?|normal)\b(?:[ \t]*,[ \t]*(?:previously reported|attn needed|attention needed|"
    r"expected|no attention needed)\b)?")


def unpackage(report: str) -> str:
    """`report` without HL7 escapes, pipeline packaging (round ps), page furniture (round pd) and a
    summary line's triage code (round qh)."""
    if "\\" in report:
        report = _HL7_SKIP_RE.sub("\n\n", _HL7_BREAK_RE.sub("\n", report))
    report = _packaged(report)
    if ("lip" in report or "LIP" in report) and "#" in report:
        report = _CLIP_BANNER_RE.sub(_clip_banner, report)
    if "UMMARY" in report or "ummary" in report:
        report = _SUMMARY_CODE_RE.sub(r"\1", report)
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
# ... and in a report written all in lower case, whose one-letter answers lost their capitals ("ptx (y/n): n"):
# the same patterns with the letters lowered (no other capital Y or N stands in them)
_YES_NO_LOWER_RE = re.compile(_YES_NO_RE.pattern.replace("Y", "y").replace("N", "n"))
_FIELD_YN_LOWER_RE = re.compile(_FIELD_YN_RE.pattern.replace("Y", "y").replace("N", "n"))


def _yes_no(m: re.Match) -> str:
    """A one-letter answer (`_YES_NO_RE`, `_FIELD_YN_RE` and their lower-case forms) said as a word."""
    return ": yes" if m.group(1) in "Yy" else ": no"
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


# a pipe table whitespace-joined ("| Region | Finding | |---|---| | Heart | Normal size | | Lungs | Clear |
# IMPRESSION: ...", a CSV cell): its separator row counts its columns, and a row of that many cells between
# outer pipes closes where the next opens ("| |"); each row goes back on a line of its own, up to the first
# place that is no row boundary (the text after the table)
_JOINED_SEPARATOR_RE = re.compile(r"\|(?:[ \t]*:?-{2,}:?[ \t]*\|)+")


def _joined_table(line: str) -> str:
    """`line` with a whitespace-joined pipe table (`_JOINED_SEPARATOR_RE`) one row a line."""
    sep = _JOINED_SEPARATOR_RE.search(line)
    start = line.find("|")
    if sep is None or start == sep.start():  # no header row before the separator: left as it is
        return line
    n = sep.group(0).count("|") - 1
    toks = line[start + 1:].split("|")
    rows: list[list[str]] = []
    i = 0
    while i + n <= len(toks):
        rows.append(toks[i:i + n])
        i += n
        if i + 1 < len(toks) and not toks[i].strip():  # "| |": one row closes, the next opens
            i += 1
            continue
        break
    if len(rows) < 3 or "".join(rows[1]).replace("-", "").replace(":", "").strip():
        return line  # no header row, separator row and a row of cells
    rest = "|".join(toks[i:]).strip()
    return (line[:start] + "\n" + "\n".join("| " + " | ".join(c.strip() for c in r) + " |" for r in rows)
            + ("\n" + rest if rest else ""))


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
    if "|" in text and "--|" in text:
        text = "\n".join(_joined_table(line) if line.count("|") > 6 and "--|" in line else line for line in text.split("\n"))
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
            text = _YES_NO_RE.sub(_yes_no, text)
        text = _FIELD_YN_RE.sub(_yes_no, text)
    return text


def _joined_dashes(text: str) -> str:
    """Whitespace-joined dash lists after a colon laid out one item a line (`_COLON_DASH_RE`)."""
    out: list[str] = []
    pos = 0
    for m in _COLON_DASH_RE.finditer(text):
        if m.start() < pos:
            continue
        run: list[str] = [":\n- " if text[m.start()] == ":" else "\n- "]
        i = m.end()
        if m.group(1):  # a lettered list: "b. " must follow
            letter = "b"
            while True:
                n = _LETTER_ITEM_RES[letter].search(text, i) if letter in _LETTER_ITEM_RES else None
                e = _LETTER_ITEM_END_RE.search(text, i)
                if n is not None and n.start() <= e.start():
                    run.extend((text[i:n.start()], "\n- "))
                    i = n.end()
                    letter = chr(ord(letter) + 1)
                    continue
                run.extend((text[i:e.start()], ("." if e.group(0)[:1] == "." else "") + ("\n" if e.group(0) else "")))
                break
            if len(run) < 5 or any(":" in it for it in run[1::2]):
                continue
            out.append(text[pos:m.start()])
            out.extend(run)
            pos = e.end()
            continue
        while True:
            e = _JOINED_ITEM_END_RE.search(text, i)
            run.append(text[i:e.start()])
            sep = e.group(0)
            if "-" in sep:
                c = _ITEM_THEN_CUE_RE.fullmatch(run[-1]) if run[-1].endswith(":") else None
                if c is not None:  # "pneumothorax present:": the item, then the next list's lead-in
                    run[-1] = c.group(1)
                    run.append("\n" + c.group(2) + ":\n- ")
                    i = e.end()
                    continue
                run.append("\n- ")
                i = e.end()
                continue
            if sep and sep[-1] in " \t" and text.startswith("- ", e.end()):
                run.append(".\n- " if sep[0] == "." else "\n- ")
                i = e.end() + 2
                continue
            run.append(("." if sep[:1] == "." else "") + ("\n" if sep else ""))
            break
        if ":" in run[1] and (len(run) < 5 or not all(_CUE_ITEM_RE.fullmatch(it) for it in run[1::2])):
            continue  # a row of fields, not a list
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
    """One regex that finds any of `hints`: one C-level scan instead of a Python loop over them, written as
    a trie (`_trie_pattern`), which the engine walks a character at a time instead of trying each hint in turn
    (the plain alternation of the 29 sound-alike hints took about twice as long a report)."""
    return re.compile(_trie_pattern(set(hints)))


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


def undictate(text: str) -> str:
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




def form_fields(text: str) -> str:
    """`text` (a report's kept sections) with its form fields read as statements: ticked and unticked
    checkboxes (round pe), "Y/N: Y" answers (also lower-cased, "ptx: n", in a report written all in lower
    case), a field split by side, and a whitespace-joined dash list after a colon (round pn)."""
    if "[" in text or "( )" in text or "(x)" in text or "(X)" in text or "\u2610" in text or "\u2612" in text or "\u2611" in text:
        text = _checkboxes(text)
    if "N" in text and "/" in text:
        text = _YES_NO_RE.sub(_yes_no, text)
    elif ": y" in text or ": n" in text or ":y" in text or ":n" in text or "y/n" in text or "y / n" in text:
        if text.islower():  # "ptx (y/n): n", "effusion: y" in a lower-cased report
            if "/" in text:
                text = _YES_NO_LOWER_RE.sub(_yes_no, text)
            text = _FIELD_YN_LOWER_RE.sub(_yes_no, text)
    if ("ight" in text or "IGHT" in text) and ("eft" in text or "EFT" in text):
        text = _SIDE_SPLIT_RE.sub(_side_split, text)
    if ":" in text and ("- " in text or ": a" in text) or text.count(" - ") >= 2:
        text = _joined_dashes(text)
    return text

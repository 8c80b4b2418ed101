"""Text handling before scoring: the one place reports are cleaned or tokenized.

Modes:
    none       leave text as is; metrics split it as pycocoevalcap does.
    iu_xray    R2Gen/R2GenRL's ``clean_report_iu_xray``: same output on the same input.
    mimic_cxr  R2Gen/R2GenRL's ``clean_report_mimic_cxr``: same output on the same input.
    ptb        a Java-free equivalent of pycocoevalcap's PTBTokenizer on English report text.

The two R2Gen modes reproduce ``modules/tokenizers.py`` of R2Gen / R2GenCMN / R2GenRL, quirks
included, because published IU X-Ray and MIMIC-CXR numbers are computed on text cleaned that way:

* ``..`` is collapsed by a fixed number of ``str.replace`` passes (3 for IU X-Ray, 8 for
  MIMIC-CXR), so very long runs of dots survive as two or more dots;
* every ``"1. "`` is deleted (also inside ``"11. "`` or ``"T1. "``) and ``" 2. "`` ... ``" 5. "``
  become ``". "``, which strips list numbering 1-5 but not 6 or more;
* the report is lowercased and split on ``". "`` only (not on ``".\\n"`` or a final ``"."``);
* each sentence loses ``" / \\ '`` and is stripped, then loses every character of the upstream
  class ``[.,?;*!%^&_+():-\\[\\]{}]``. In that class ``:-\\[`` is a *range* (``:`` to ``[``), so
  ``< = > @`` (and upper case, already lowered) are removed too while ``-`` is kept;
* sentences are joined with ``" . "`` and ``" ."`` is appended; empty sentences are kept, so
  ``""`` becomes ``" ."``.

MIMIC-CXR additionally turns newlines into spaces and collapses runs of ``_`` (7 passes) and of
spaces (6 passes) before the steps above. All steps are plain string operations, so a report
is cleaned in a few microseconds.

``ptb`` (`ptb_tokenize`) ports the JFlex lexer of the Stanford CoreNLP 3.4.1 PTBTokenizer that
pycocoevalcap 1.2 runs with ``-preserveLines -lowerCase``, and then drops the same punctuation
tokens (`PTB_PUNCTUATIONS`). Its output equals pycocoevalcap's on every IU X-Ray report, on
generated MIMIC-style reports and on large random probes of report fragments (see
docs/text.md). Known differences are outside report English: letters added to Unicode after
the jar's tables, Greek final sigma, and ``\r``/form-feed/U+2028 inside a text, which Java
treats as line breaks (misaligning pycocoevalcap's captions) and this port as spaces.
"""
from __future__ import annotations

import functools
import re
from typing import Callable, Sequence

from .errors import RewardsError

MODES: tuple[str, ...] = ("none", "iu_xray", "mimic_cxr", "ptb")

# List numbering as R2Gen strips it: "1. " anywhere, then " N. " (N = 2..5) after a sentence
# end or on its own.
_NUMBERING: tuple[tuple[str, str], ...] = (
    ("1. ", ""),
    *((f". {n}. ", ". ") for n in range(2, 6)),
    *((f" {n}. ", ". ") for n in range(2, 6)),
)
_IU_XRAY_STEPS: tuple[tuple[str, str], ...] = (("..", "."),) * 3 + _NUMBERING
_MIMIC_CXR_STEPS: tuple[tuple[str, str], ...] = (
    (("\n", " "),) + (("__", "_"),) * 7 + (("  ", " "),) * 6 + (("..", "."),) * 8 + _NUMBERING
)

# Characters deleted from each sentence before it is stripped.
_SENTENCE_QUOTES = str.maketrans("", "", "\"/\\'")
# The upstream class '[.,?;*!%^&_+():-\[\]{}]' spelled out: ':-\[' is the range ':' .. '['.
_SENTENCE_PUNCT = re.compile(r"[.,?;*!%^&_+()\[\]{}:;<=>?@A-Z]")


def _r2gen_clean(report: str, steps: tuple[tuple[str, str], ...]) -> str:
    """Apply R2Gen's report-level replacements, sentence split and sentence cleaning."""
    for old, new in steps:
        report = report.replace(old, new)
    sentences = report.strip().lower().split(". ")
    sub = _SENTENCE_PUNCT.sub
    cleaned = [sub("", s.translate(_SENTENCE_QUOTES).strip().lower()) for s in sentences]
    return " . ".join(cleaned) + " ."


def clean_report_iu_xray(report: str) -> str:
    """Clean one report exactly as R2Gen's ``Tokenizer.clean_report_iu_xray`` does."""
    return _r2gen_clean(report, _IU_XRAY_STEPS)


def clean_report_mimic_cxr(report: str) -> str:
    """Clean one report exactly as R2Gen's ``Tokenizer.clean_report_mimic_cxr`` does."""
    return _r2gen_clean(report, _MIMIC_CXR_STEPS)


# --------------------------------------------------------------------------------------------
# ptb: pycocoevalcap's PTBTokenizer without Java
# --------------------------------------------------------------------------------------------
# pycocoevalcap 1.2 runs `java edu.stanford.nlp.process.PTBTokenizer -preserveLines -lowerCase`
# from stanford-corenlp-3.4.1.jar on all captions joined by "\n" (each caption's "\n" replaced
# by " "), then drops the tokens in PUNCTUATIONS. That tokenizer is a JFlex lexer: at each
# position the rule with the longest match wins (trailing context counts towards the length,
# ties go to the earlier rule). The rules below restate its 3.4.1 rules as Python regexes, in
# its order; `(?P<t>...)` marks the token when the rest is trailing context. JFlex's %caseless
# applies to literals but not to character classes, hence the scoped (?i:...) groups. The rule
# set was fixed by comparing with the jar on real reports, exhaustive abbreviation probes and
# random strings (tests/rrg_rewards/test_text.py repeats the comparison live).

#: tokens pycocoevalcap removes after tokenizing (its ``PUNCTUATIONS``; note "-lrb-" stays)
PTB_PUNCTUATIONS = frozenset(
    ["''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-", ".", "?", "!", ",", ":", "-",
     "--", "...", ";"]
)

# Python's \w counts these numerals (Unicode No/Nl) as word characters; Java's isLetter does not.
_NUMERIC_NOT_LETTER = (
    "\u00b2-\u00b3\u00b9\u00bc-\u00be\u09f4-\u09f9\u0b72-\u0b77\u0bf0-\u0bf2\u0c78-\u0c7e"
    "\u0d58-\u0d5e\u0d70-\u0d78\u0f2a-\u0f33\u1369-\u137c\u16ee-\u16f0\u17f0-\u17f9\u19da"
    "\u2070\u2074-\u2079\u2080-\u2089\u2150-\u2182\u2185-\u2189\u2460-\u249b\u24ea-\u24ff"
    "\u2776-\u2793\u2cfd\u3007\u3021-\u3029\u3038-\u303a\u3192-\u3195\u3220-\u3229"
    "\u3248-\u324f\u3251-\u325f\u3280-\u3289\u32b1-\u32bf\ua6e6-\ua6ef\ua830-\ua835"
    "\U00010107-\U00010133\U00010140-\U00010178\U0001018a-\U0001018b\U000102e1-\U000102fb"
    "\U00010320-\U00010323\U00010341\U0001034a\U000103d1-\U000103d5\U00010858-\U0001085f"
    "\U00010879-\U0001087f\U000108a7-\U000108af\U000108fb-\U000108ff\U00010916-\U0001091b"
    "\U000109bc-\U000109bd\U000109c0-\U000109cf\U000109d2-\U000109ff\U00010a40-\U00010a48"
    "\U00010a7d-\U00010a7e\U00010a9d-\U00010a9f\U00010aeb-\U00010aef\U00010b58-\U00010b5f"
    "\U00010b78-\U00010b7f\U00010ba9-\U00010baf\U00010cfa-\U00010cff\U00010e60-\U00010e7e"
    "\U00010f1d-\U00010f26\U00010f51-\U00010f54\U00010fc5-\U00010fcb\U00011052-\U00011065"
    "\U000111e1-\U000111f4\U0001173a-\U0001173b\U000118ea-\U000118f2\U00011c5a-\U00011c6c"
    "\U00011fc0-\U00011fd4\U00012400-\U0001246e\U00016b5b-\U00016b61\U00016e80-\U00016e96"
    "\U0001d2e0-\U0001d2f3\U0001d360-\U0001d378\U0001e8c7-\U0001e8cf\U0001ec71-\U0001ecab"
    "\U0001ecad-\U0001ecaf\U0001ecb1-\U0001ecb4\U0001ed01-\U0001ed2d\U0001ed2f-\U0001ed3d"
    "\U0001f100-\U0001f10c"
)
L = "[^\\W\\d_" + _NUMERIC_NOT_LETTER + "]"
D = r"\d"
AN = "[^\\W_" + _NUMERIC_NOT_LETTER + "]"
_L = "[^\\W\\d_" + _NUMERIC_NOT_LETTER + "]"  # [:letter:]
_AN = "[^\\W_" + _NUMERIC_NOT_LETTER + "]"  # [:letter:] or [:digit:]
_NOT_ALPHA = "[\\W\\d_" + _NUMERIC_NOT_LETTER + "]"
_NOT_ALNUM = "[\\W_" + _NUMERIC_NOT_LETTER + "]"
_D = r"\d"
# [:uppercase:] restricted to Latin-1, Greek and Cyrillic capitals (only decides whether a
# duplicated sentence-final "." is emitted, and "." is removed afterwards anyway)
_UPPER = "[A-Z\xc0-\xd6\xd8-\xde\u0391-\u03a9\u0410-\u042f]"
_SPACE = r"[ \t\u00a0\u2000-\u200a\u3000]"
_NL = r"(?:\r\n|[\r\n\u2028\u2029\x0b\x0c\x85])"
_SPACENL = rf"(?:{_SPACE}|{_NL})"
_APOS = r"(?:['\x92\u2019\xb4]|&apos;)"
_APOSETC = rf"(?:{_APOS}|[`\x91\u2018\u201b])"
_SGML = (
    r"<(?:[!?][A-Za-z\-][^>\r\n]*|/?[A-Za-z][A-Za-z0-9_:.\-]*(?:[ ]+(?:[A-Za-z][A-Za-z0-9_:.\-]*"
    r"|[A-Za-z][A-Za-z0-9_:.\-]*[ ]*=[ ]*(?:'[^'\r\n]*'|\"[^\"\r\n]*\"|[A-Za-z][A-Za-z0-9_:.\-]*)))*"
    r"[ ]*/?)[ ]*>"
)
_NUM = rf"(?:{_D}*(?:[.:,\u00ad\u066b\u066c]{_D}+)+|{_D}+)"
_NUMBER = rf"[\-+]?{_NUM}"
_WORD_EXTRAS = (
    "\u00ad\u0237-\u024f\u02c2-\u02c5\u02d2-\u02df\u02e5-\u02ff\u0300-\u036f\u0370-\u037d"
    "\u0384\u0385\u03cf\u03f6\u03fc-\u03ff\u0483-\u0487\u04cf\u04f6-\u04ff\u0510-\u0525"
    "\u055a-\u055f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0615-\u061a\u063b-\u063f"
    "\u064b-\u065e\u0670\u06d6-\u06ef\u06fa-\u06ff\u070f\u0711\u0730-\u074f\u0750-\u077f"
    "\u07a6-\u07b1\u07ca-\u07f5\u07fa\u0900-\u0903\u093c\u093e-\u094e\u0951-\u0955\u0962-\u0963"
    "\u0981-\u0983\u09bc-\u09c4\u09c7\u09c8\u09cb-\u09cd\u09d7\u09e2\u09e3\u0a01-\u0a03"
    "\u0a3c\u0a3e-\u0a4f\u0a81-\u0a83\u0abc-\u0acf\u0b82\u0bbe-\u0bc2\u0bc6-\u0bc8\u0bca-\u0bcd"
    "\u0c01-\u0c03\u0c3e-\u0c56\u0d3e-\u0d44\u0d46-\u0d48\u0e30-\u0e3a\u0e47-\u0e4e"
    "\u0eb1-\u0ebc\u0ec8-\u0ecd"
)
_LX = "(?:" + _L + "|[" + _WORD_EXTRAS + "])"
_WORD = rf"(?:{_LX}(?:{_LX}|{_D})*(?:[.!?]{_LX}(?:{_LX}|{_D})*)*)"
_REDAUX = rf"{_APOS}(?:[msdMSD]|(?i:re|ve|ll))"
_ACRO_SPECIAL = r"(?i:canada|sino|korean|eu|japan|non)-(?i:u\.s)|(?i:u\.s\.-(?:u\.k|u\.s\.s\.r))"
_ACRO = rf"(?:[A-Za-z](?:\.[A-Za-z])*|{_ACRO_SPECIAL})"
_ACRO2 = rf"(?:[A-Za-z](?:\.[A-Za-z])+|{_ACRO_SPECIAL})"
_HYPHEN = r"[\-_\u058a\u2010\u2011]"
_HTHING = rf"[A-Za-z0-9][A-Za-z0-9.,\u00ad]*(?:-(?:{_ACRO2}\.|[A-Za-z0-9\u00ad]+))+"
_THING = rf"(?:[dDoOlL]{_APOSETC}{_AN})?{_AN}+(?:{_HYPHEN}(?:[dDoOlL]{_APOSETC}{_AN})?{_AN}+)*"
# Abbreviations. ABBREV1 keeps its "." and repeats it as a sentence end before a capital;
# ABBREV2 (= ABBREV4 + ".") always keeps it; ABBREV3 keeps it only before a number.
_ABBREV1 = (
    r"(?:(?i:pp?t)[ye](?i:s)?"
    r"|(?i:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thurs|fri"
    r"|ala|ariz|calif|colo|conn|ct|dak|fla|ga|ind|kans?|ky|md|mich|minn|mo|mont|neb|nev|okla"
    r"|penn|tenn|va|vt|wisc?|wyo|inc|cos?|corp|ltd|plc|rt|bancorp|bhd|assn|univ|intl|sys"
    r"|tel|est|ext|sq|jr|sr|bros|(?:ed|ph)\.d|blvd|rd|esq|etc|al|seq|bldg)"
    r"|A(?i:z|rk)|D(?i:el)|I(?i:ll)|L(?i:a)|M(?i:ass|iss)|O(?i:re)|P(?i:a)|T(?i:ex)|W(?i:ash))\."
)
_ABBREV4 = (
    r"(?:(?i:mr|mrs|ms|drs?|profs?|sens?|reps?|attys?|lt|col|gen|messrs|govs?|adm|rev|maj|sgt"
    r"|cpl|pvt|capt|ste?|ave|pres|lieut|rt|hon|brig|co?mdr|pfc|spc|supts?|det|mt|ft|adj|adv"
    r"|asst|assoc|ens|insp|mlle|mme|msgr|sfc|vs|alex|wm|jos|cie|a\.k\.a|cf|treas|ph|invt|elec"
    rf"|natl|dept)|(?i:m)[ft](?i:g)|M(?i:iss)|v|{_ACRO})"
)
_ABBREV3 = r"(?:(?i:ca|figs?|prop|nos?|art|bldg|pp|op)\.)"
_SENTEND = rf"{_SPACENL}(?:{_SPACENL}|{_UPPER}|{_SGML})"
# words after which "U.S." / "A." count as a sentence end (first letter case-sensitive)
_ACRONYM_FOLLOW = "|".join(
    w[0] + (f"(?i:{w[1:]})" if len(w) > 1 else "")
    for w in (
        "About According Additionally After An A As At But Did During Earlier He Her Here How "
        "However If In It Last Many More Mr\\. Ms\\. Now Once One Other Our She Since So Some "
        "Such That The Their Then There These They This We When While What Who Why Yet You"
    ).split()
)
_FILENAME_EXT = (
    "bat|bmp|bz2|c|class|cgi|cpp|dll|doc|docx|exe|gif|gz|h|htm|html|jar|java|jpeg|jpg|mov|mp3|"
    "pdf|php|pl|png|ppt|ps|py|sql|tar|txt|wav|x|xml|zip|3gp|wm[va]|avi|flv|mp[34g]"
)
_PHONE = (
    r"(?:\([0-9]{2,3}\)[ \u00a0]?|(?:\+\+?)?(?:[0-9]{2,4}[\- \u00a0])?[0-9]{2,4}[\- \u00a0])"
    r"[0-9]{3,4}[\- \u00a0]?[0-9]{3,5}|(?:(?:\+\+?)?[0-9]{2,4}\.)?[0-9]{2,4}\.[0-9]{3,4}\.[0-9]{3,5}"
)
_QUOTES = (
    "(?:''|[`\u2018\u2019\u201a\u201b\u201c\u201d\x91\x92\x93\x94\u201e\u201f\u2039\u203a\xab\xbb]"
    "{1,2}|" + _APOS + ")"
)
_MISCSYMBOL = (
    "[+%&~^|\\\\\xa6\xa7\xa8\xa9\xac\xae\xaf\xb0-\xb3\xb4-\xba\xd7\xf7\u0387\u05be\u05c0"
    "\u05c3\u05c6\u05f3\u05f4\u0600-\u0603\u0606-\u060a\u060c\u0614\u061b\u061e\u066a"
    "\u066d\u0703-\u070d\u07f6\u07f7\u07f8\u0964\u0965\u0e4f\u1fbd\u2016\u2017\u2020-\u2023"
    "\u2030-\u2038\u203b\u203e-\u2042\u2044\u207a-\u207f\u208a-\u208e\u2100-\u214f\u2190-\u21ff"
    "\u2200-\u2bff\u3012\u30fb\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]"
)
_INSENTP = r"[,;:\u3001]"

# what a rule does with its token
(_KEEP, _CONST, _PUSHBACK, _ABBREV_END, _ACRONYM_END, _QUOTE_LEFT, _QUOTE_RIGHT, _DROP, _NBSP,
 _PHONE_TOK, _ELLIPSIS, _DASHES, _FRACTION, _CURRENCY, _PARENS, _AMP, _SOFT_HYPHEN) = range(17)

_RULE_SPECS: tuple[tuple[str, int, str | int | None], ...] = (
    (r"(?i:c\+\+|[cf]#)", _KEEP, None),
    (rf"(?i:cannot|{_APOS}twas)", _PUSHBACK, 3),  # can not, 't was
    (rf"(?i:{_APOS}tis|gonna|gotta|lemme|gimme|wanna)", _PUSHBACK, 2),  # gon na
    (_SGML, _NBSP, None),
    (r"(?i:&(?:md|mdash|ndash);)|[\x96\x97\u2013\u2014\u2015]", _CONST, "--"),
    (r"(?i:&amp;)", _CONST, "&"),
    (r"(?i:&(?:ht|tl|ur|lr|qc|ql|qr|odq|cdq|#[0-9]+);)", _KEEP, None),
    (rf"(?P<t>{_WORD}){_REDAUX}", _SOFT_HYPHEN, None),  # it|'s
    (rf"(?P<t>[A-Za-z\u00ad]*[A-MO-Za-mo-z]\u00ad*)(?i:n){_APOSETC}(?i:t)", _KEEP, None),  # do|n't
    (_WORD, _SOFT_HYPHEN, None),
    (rf"{_APOS}(?i:n){_APOS}?", _KEEP, None),
    (rf"[lLdDjJ]{_APOS}", _KEEP, None),
    (rf"(?i:dunkin|somethin|ol){_APOS}", _KEEP, None),
    (rf"{_APOS}(?i:em)", _KEEP, None),
    (rf"(?i:diff){_APOSETC}(?i:rent)", _KEEP, None),
    (rf"[A-HJ-XZn]{_APOSETC}{_L}{{2}}{_L}*", _KEEP, None),
    (rf"{_APOS}[2-9]0(?i:s)", _KEEP, None),
    (rf"{_APOS}(?i:till?)", _KEEP, None),
    (rf"{_L}{_L}*[aeiouyAEIOUY]{_APOSETC}[aeiouA-Z]{_L}*", _KEEP, None),
    (rf"{_APOS}(?i:cause)", _KEEP, None),
    (r"(?i:cont'd\.?|nor'easter|c'mon|e'er|s'mores|ev'ry|li'l|nat'l)", _KEEP, None),
    (rf"(?i:o){_APOSETC}(?i:o)", _KEEP, None),
    (rf"(?P<t>(?i:y){_APOS}){_L}", _KEEP, None),
    (r"(?i:https?)://[^ \t\n\f\r\"<>|(){}]+[^ \t\n\f\r\"<>|.!?(){},\-]", _KEEP, None),
    # ",-_" in the second class is a range (as in the original), so labels are lower case
    (r"(?:(?i:www)\.(?:[^ \t\n\f\r\"<>|.!?(){},]+\.)+[a-zA-Z]{2,4}"
     r"|(?:[^ \t\n\f\r\"`'<>|.!?(){},-_$]+\.)+(?i:com|net|org|edu))"
     r"(?:/[^ \t\n\f\r\"<>|()]+[^ \t\n\f\r\"<>|.!?(){},\-])?", _KEEP, None),
    ("(?:(?i:&lt;)|<)?[a-zA-Z0-9][^ \t\n\f\r\"<>|()\u00a0{}]*@"
     "(?:[^ \t\n\f\r\"<>|(){}.\u00a0]+\\.)*[^ \t\n\f\r\"<>|(){}.\u00a0]+(?:(?i:&gt;)|>)?", _KEEP, None),
    (r"[@\uff20][a-zA-Z_][a-zA-Z_0-9]*", _KEEP, None),
    (rf"#{_L}+", _KEEP, None),
    (rf"(?P<t>{_REDAUX}){_NOT_ALPHA}", _QUOTE_RIGHT, None),
    (rf"(?P<t>(?i:n){_APOSETC}(?i:t)){_NOT_ALPHA}", _QUOTE_RIGHT, None),
    (rf"{_D}{{1,2}}[\-/]{_D}{{1,2}}[\-/]{_D}{{2,4}}", _KEEP, None),  # dates
    (_NUMBER, _SOFT_HYPHEN, None),
    (r"[\u207a\u207b\u208a\u208b]?(?:[\u2070\xb9\xb2\xb3\u2074-\u2079]+|[\u2080-\u2089]+)", _KEEP, None),
    (rf"(?:{_D}{{1,4}}[\- \u00a0])?{_D}{{1,4}}(?:\\?/|\u2044){_D}{{1,4}}", _NBSP, None),  # 2 1/2
    (r"[\xbc\xbd\xbe\u2153-\u215e]", _FRACTION, None),
    (rf"(?i:-(?:rrb|lrb|rcb|lcb|rsb|lsb)-|c\.d\.s|pro-|anti-|s(?:&|&amp;)p-500|s(?:&|&amp;)ls"
     rf"|cap{_APOS}n|c{_APOS}est)", _AMP, None),
    (r"[A-Za-z0-9]+(?:-[A-Za-z]+){0,2}(?:\\?/[A-Za-z0-9]+(?:-[A-Za-z]+){0,2}){1,2}", _KEEP, None),  # AP/PA
    (r"[A-Z]*\$|#", _KEEP, None),
    (r"[\xa2\xa3\xa4\xa5\x80\u20a0\u20aa\u20ac\u20b9\u060b\u0e3f\u20a4\uffe0\uffe1\uffe5\uffe6]",
     _CURRENCY, None),
    (rf"(?P<t>{_ACRO}\.){_SPACENL}+(?:{_ACRONYM_FOLLOW}|{_SGML}){_SPACENL}", _ACRONYM_END, None),
    (rf"(?P<t>{_ABBREV3}){_SPACENL}?{_D}", _KEEP, None),
    (rf"(?P<t>(?i:so|no)\.){_SPACENL}+(?i:africa|korea|cal)", _KEEP, None),
    (rf"(?P<t>(?:(?i:pt)[eyEY]|(?i:co))\.){_SPACE}(?i:ltd|lim)", _KEEP, None),
    (rf"(?P<t>{_ABBREV1}){_SENTEND}", _ABBREV_END, None),
    (rf"(?P<t>{_ABBREV1})[\s\S][\s\S]", _KEEP, None),
    (_ABBREV1, _ABBREV_END, None),
    (rf"{_ABBREV4}\.", _KEEP, None),
    (rf"(?P<t>{_ABBREV4}){_SPACE}", _KEEP, None),
    (rf"(?P<t>{_ACRO}){_SPACENL}", _KEEP, None),
    (rf"(?P<t>{_APOS}[0-9][0-9]){_SPACENL}", _KEEP, None),
    (rf"(?P<t>{_AN}+(?:\.{_AN}+)*\.(?i:{_FILENAME_EXT}))(?:{_SPACENL}|[.?!,])", _KEEP, None),
    (rf"(?P<t>{_WORD}\.){_INSENTP}", _SOFT_HYPHEN, None),
    (_PHONE, _PHONE_TOK, None),
    (r"(?P<t>\"|(?i:&quot;))[A-Za-z0-9$]", _QUOTE_LEFT, None),
    (r"\"|(?i:&quot;)", _QUOTE_RIGHT, None),
    (r"\x7f", _DROP, None),
    (r"<|(?i:&lt;)", _CONST, "<"),
    (r">|(?i:&gt;)", _CONST, ">"),
    (rf"(?P<t>[<>]?[:;=][\-o*']?[()DPdpO\\{{@|\[\]]){_NOT_ALNUM}", _PARENS, None),  # :)
    (r"[\^x=~<>]\.\[\^x=~<>]|[\-\^x=~<>']_[\-\^x=~<>']|\([\-\^x=~<>'][_.]?[\-\^x=~<>']\)"
     r"|\([\^x=~<>']-[\^x=~<>'`]\)", _PARENS, None),  # ^_^
    (r"\{", _CONST, "-LCB-"),
    (r"\}", _CONST, "-RCB-"),
    (r"\[", _CONST, "-LSB-"),
    (r"\]", _CONST, "-RSB-"),
    (r"\(", _CONST, "-LRB-"),
    (r"\)", _CONST, "-RRB-"),
    (r"-+", _DASHES, None),
    (r"\.{3,5}|(?:\.[ \u00a0]){2,4}\.|[\x85\u2026]", _ELLIPSIS, None),
    (r"@+|#+|_+", _KEEP, None),
    (r"\*+|(?:\\\*){1,3}", _KEEP, None),
    (_INSENTP, _KEEP, None),
    (r"[?!]+", _KEEP, None),
    ("[.\xa1\xbf\u037e\u0589\u061f\u06d4\u0700-\u0702\u07fa\u3002]", _KEEP, None),
    (r"=", _KEEP, None),
    (r"/", _KEEP, None),
    (_HTHING, _SOFT_HYPHEN, None),  # x-ray, T4-T5
    (rf"(?P<t>{_HTHING}\.){_INSENTP}", _SOFT_HYPHEN, None),
    (rf"(?P<t>{_THING}\.){_INSENTP}", _KEEP, None),
    (_THING, _KEEP, None),
    (rf"(?P<t>[A-Z]+(?:(?:[+&]|(?i:&amp;))[A-Z]+)+\.){_INSENTP}", _AMP, None),
    (r"[A-Z]+(?:(?:[+&]|(?i:&amp;))[A-Z]+)+", _AMP, None),
    (r"(?P<t>')[A-Za-z][^ \t\n\r\u00a0]", _QUOTE_LEFT, None),
    (_REDAUX, _QUOTE_RIGHT, None),
    (rf"(?i:n){_APOSETC}(?i:t)", _QUOTE_RIGHT, None),
    (_QUOTES, _QUOTE_RIGHT, None),
    (r"<<|>>", _KEEP, None),
    (_MISCSYMBOL, _KEEP, None),
    (r"\x00|[ \t\u00a0\u2000-\u200a\u3000]+|[\u200b\u200e\u200f\ufeff]", _DROP, None),
    (r"(?i:&nbsp;)", _DROP, None),
)

# Shortcuts for the commonest tokens, where no other rule can match longer: a plain ASCII word
# before a space or line end (the others need an apostrophe, dot, hyphen, slash, ... inside it;
# the words in _SPLIT_WORDS excepted), "." "," ";" ":" before a space that does not start a
# spaced ellipsis ". . .", and runs of spaces.
_FAST = re.compile(
    r"(?P<word>[A-Za-z]+(?=[ \t\n]|\Z))"
    r"|(?P<punct>[.,;:](?=[ \t]+[^ \t.\u00a0]|[ \t]*(?:\n|\Z)))"
    r"|(?P<space>[ \t]+)"
)
_SPLIT_WORDS = frozenset(["cannot", "gonna", "gotta", "lemme", "gimme", "wanna"])
# Java would start a new output line at these; pycocoevalcap then misaligns every later caption.
_LINE_BREAKS = str.maketrans({c: " " for c in "\r\x0b\x0c\u2028\u2029"})
_FRACTIONS = {"\xbc": "1/4", "\xbd": "1/2", "\xbe": "3/4", "\u2153": "1/3", "\u2154": "2/3"}
_AMP_RX = re.compile("(?i)&amp;")
_NEWLINE = re.compile(_NL)
_QUOTE_MAPS = (
    (re.compile("[\x91\u2018\u201b\u2039]"), "`"),
    (re.compile("[\x92\u2019\u203a]"), "'"),
    (re.compile("[\x93\u201c\xab]"), "``"),
    (re.compile("[\x94\u201d\xbb]"), "''"),
)
_SINGLE_QUOTE_RX = re.compile("&apos;|'")
_DOUBLE_QUOTE_RX = re.compile('"|&quot;')


_Rule = tuple[re.Pattern[str], int, "str | int | None", bool]
_ANY_CHAR = "(?s:.)"


def _first_chars(pattern: str) -> str:
    """A regex matching every character a match of `pattern` can start with (a superset).

    Lets the lexer try only the few rules that can start at the current character. Built from
    the parse tree of `re` (a private module); any surprise falls back to "any character".
    """
    try:
        from re import _constants as c, _parser as p  # type: ignore[attr-defined]

        categories = {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D", c.CATEGORY_WORD: r"\w",
                      c.CATEGORY_NOT_WORD: r"\W", c.CATEGORY_SPACE: r"\s",
                      c.CATEGORY_NOT_SPACE: r"\S"}

        def item(op: object, av: object, icase: bool) -> str:
            if op is c.LITERAL:
                lit = re.escape(chr(av))  # type: ignore[arg-type]
                return f"(?i:{lit})" if icase else lit
            if op is c.RANGE:
                lo, hi = av  # type: ignore[misc]
                cls = f"[{re.escape(chr(lo))}-{re.escape(chr(hi))}]"
                return f"(?i:{cls})" if icase else cls
            if op is c.CATEGORY:
                return categories[av]
            return _ANY_CHAR  # NOT_LITERAL, ANY, negated sets, anything unexpected

        def member(op: object, av: object) -> str:
            """The same item written inside a character class."""
            if op is c.LITERAL:
                return re.escape(chr(av))  # type: ignore[arg-type]
            if op is c.RANGE:
                return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"  # type: ignore[index]
            return categories[av]  # KeyError (unexpected item) falls back to any character

        def seq(items: list, icase: bool) -> tuple[list[str], bool]:
            """First-character snippets of a sequence, and whether it can match empty."""
            firsts: list[str] = []
            for op, av in items:
                if op is c.IN:
                    if av and av[0][0] is c.NEGATE:  # ignoring case only shrinks [^...]
                        firsts.append("[^" + "".join(member(o, a) for o, a in av[1:]) + "]")
                    else:
                        firsts.extend(item(o, a, icase) for o, a in av)
                    return firsts, False
                if op in (c.LITERAL, c.NOT_LITERAL, c.ANY):
                    firsts.append(item(op, av, icase))
                    return firsts, False
                if op is c.SUBPATTERN:
                    _, add, delete, sub = av
                    flags_icase = (icase or bool(add & re.IGNORECASE)) and not delete & re.IGNORECASE
                    f, nullable = seq(sub.data, flags_icase)
                elif op is c.BRANCH:
                    f, nullable = [], False
                    for alt in av[1]:
                        fa, na = seq(alt.data, icase)
                        f += fa
                        nullable = nullable or na
                elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                    lo, _, sub = av
                    f, nullable = seq(sub.data, icase)
                    nullable = nullable or lo == 0
                elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                    continue  # zero width
                else:
                    return firsts + [_ANY_CHAR], True
                firsts += f
                if not nullable:
                    return firsts, False
            return firsts, True

        parsed = p.parse(pattern)
        firsts, nullable = seq(parsed.data, bool(parsed.state.flags & re.IGNORECASE))
        if nullable or not firsts:
            return _ANY_CHAR
        return "|".join(dict.fromkeys(firsts))
    except Exception:  # noqa: BLE001 - an optimisation only; never worth failing for
        return _ANY_CHAR


@functools.lru_cache(maxsize=1)
def _ptb_rules() -> tuple[tuple[_Rule, ...], re.Pattern[str]]:
    """Compile the lexer rules once, on first use (keeps ``import rrg_rewards`` fast).

    Returns the rules and, per rule, a first-character filter (see `_candidates`).
    """
    compiled = []
    firsts = []
    for pattern, action, arg in _RULE_SPECS:
        rx = re.compile(pattern)
        compiled.append((rx, action, arg, "t" in rx.groupindex))
        firsts.append(re.compile(_first_chars(pattern)))
    return tuple(compiled), tuple(firsts)  # type: ignore[return-value]


@functools.lru_cache(maxsize=4096)
def _candidates(char: str) -> tuple[_Rule, ...]:
    """The rules, in order, that can match at a position holding `char`."""
    rules, firsts = _ptb_rules()
    return tuple(rule for rule, first in zip(rules, firsts) if first.match(char))  # type: ignore[arg-type]


def _latex_quotes(token: str, left: bool) -> str:
    """PTB quote normalization: ' and " become ` `` (opening) or ' '' (closing)."""
    token = _SINGLE_QUOTE_RX.sub("`" if left else "'", token)
    token = _DOUBLE_QUOTE_RX.sub("``" if left else "''", token)
    for rx, repl in _QUOTE_MAPS:
        token = rx.sub(repl, token)
    return token


def _ptb_lex(stream: str) -> list[list[str]]:
    """Tokenize `stream` like PTBTokenizer -preserveLines; return the tokens of each line."""
    lines: list[list[str]] = [[]]
    out = lines[0]
    pos, end = 0, len(stream)
    while pos < end:
        m = _FAST.match(stream, pos)
        if m is not None:
            if m.lastgroup == "space":
                pos = m.end()
                continue
            if m.lastgroup == "punct" or m.group().lower() not in _SPLIT_WORDS:
                out.append(m.group())
                pos = m.end()
                continue
        best, best_len = None, 0
        for rule in _candidates(stream[pos]):
            m = rule[0].match(stream, pos)
            if m is not None and m.end() - pos > best_len:
                best, best_len = (m, rule), m.end() - pos
        m_nl = _NEWLINE.match(stream, pos)
        if m_nl is not None and m_nl.end() - pos > best_len:  # NEWLINE is one of the last rules
            out = []
            lines.append(out)
            pos = m_nl.end()
            continue
        if best is None:
            pos += 1  # untokenizable: PTBTokenizer deletes it (and warns once)
            continue
        m, (_, action, arg, has_t) = best
        tok_end = m.end("t") if has_t else m.end()
        text = stream[pos:tok_end]
        pos = tok_end
        if action == _KEEP:
            out.append(text)
        elif action == _SOFT_HYPHEN:
            out.append(text.replace("\xad", "") or "-")
        elif action == _CONST:
            out.append(str(arg))
        elif action == _PUSHBACK:
            pos = tok_end - int(arg)  # type: ignore[arg-type]
            out.append(stream[m.start():pos])
        elif action == _ABBREV_END:  # "etc." now, and "." again next as the sentence end
            out.append(text)
            pos = tok_end - 1
        elif action == _ACRONYM_END:  # "U.S." + "."; a single letter "A." gives "A" + "."
            out.append(text[0] if len(text) == 2 else text)
            pos = tok_end - 1
        elif action == _QUOTE_LEFT:
            out.append(_latex_quotes(text, True))
        elif action == _QUOTE_RIGHT:
            out.append(_latex_quotes(text, False))
        elif action == _NBSP:
            out.append(text.replace(" ", "\xa0"))
        elif action == _PHONE_TOK:
            out.append(text.replace(" ", "\xa0").replace("(", "-LRB-").replace(")", "-RRB-"))
        elif action == _PARENS:
            out.append(text.replace("(", "-LRB-").replace(")", "-RRB-"))
        elif action == _ELLIPSIS:
            out.append("...")
        elif action == _DASHES:
            out.append("--" if 3 <= len(text) <= 4 else text)
        elif action == _FRACTION:
            out.append(_FRACTIONS.get(text, text))
        elif action == _CURRENCY:
            out.append(text.replace("\xa2", "cents").replace("\xa3", "#")
                       .translate({0x80: "$", 0xA4: "$", 0x20A0: "$", 0x20AC: "$"}))
        elif action == _AMP:
            out.append(_AMP_RX.sub("&", text))
        # _DROP: nothing
    return lines


def ptb_tokenize(texts: Sequence[str]) -> list[str]:
    """Tokenize like pycocoevalcap's ``PTBTokenizer`` and drop its punctuation tokens.

    The texts are lexed as one stream joined by newlines, as pycocoevalcap does, so the token
    context crosses text boundaries exactly as there (it only decides rare cases such as an
    abbreviation at the very end of the last text).

    Args:
        texts: one caption/report per element.

    Returns:
        One space-joined, lower-cased token string per text.
    """
    stream = "\n".join(t.replace("\n", " ").translate(_LINE_BREAKS) for t in texts)
    lines = _ptb_lex(stream)
    return [
        " ".join(w for w in (tok.lower() for tok in lines[i]) if w not in PTB_PUNCTUATIONS)
        for i in range(len(texts))
    ]


_PER_TEXT: dict[str, Callable[[str], str]] = {
    "iu_xray": clean_report_iu_xray,
    "mimic_cxr": clean_report_mimic_cxr,
}


def clean_texts(texts: Sequence[str], mode: str = "none") -> list[str]:
    """Apply text handling `mode` to every text (see module docstring).

    Args:
        texts: reports, one string each.
        mode: one of `MODES`.

    Returns:
        One cleaned string per input, in order.

    Raises:
        RewardsError: unknown mode, or an element that is not a string.
    """
    if mode not in MODES:
        raise RewardsError(f"unknown text handling {mode!r}; choose from {', '.join(MODES)}")
    if isinstance(texts, str):
        raise RewardsError("texts must be a sequence of strings, not one string")
    texts = list(texts)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise RewardsError(f"text {i} is {type(t).__name__}, expected str")
    if mode == "none":
        return texts
    if mode == "ptb":
        return ptb_tokenize(texts)
    fn = _PER_TEXT[mode]
    return [fn(t) for t in texts]

"""Stage 1b: each new sentence said again in the words the phrase and cue lists read.

`split_sentences` (sections.py) gives lower-cased sentences as the report wrote them; `reword` puts a
new sentence (one the sentence cache has not seen) into the forms the mention and cue lists know:
British spellings made American, misspelt, dictated, split or OCR-misread finding words spelled right,
shorthand and change arrows said in words, fronted predicates and asides put back in order, template
and score fields read as statements. Every rule here is one a round of hand-labeled reports prompted;
docs/labeler-rules.md names the round and its examples.
"""
from __future__ import annotations

import functools
import re

from .extract import load_phrases

_SECTIONS = load_phrases("sections.json")
_SINUSES = (("costophrenic sinuses", "costophrenic angles"), ("costophrenic sinus", "costophrenic angle"),
            ("pleural sinuses", "costophrenic angles"), ("pleural sinus", "costophrenic angle"))
# "has since resolved": an adverb of time, not the conjunction "since" that ends a clause
_SINCE_ADVERB_RE = re.compile(r"\b(has|have|had)( now)? since\b")
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
# an organ header's value that says nothing is there ("SUPPORT DEVICES: None"): the header and
# its colon stay, so that the templated-field rule reads the value as a negation
_ABSENT_VALUE_RE = re.compile(r"[ \t]*(?:none|no|absent|negative|nil|n/a)\b", re.IGNORECASE)


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
# a measurement of the heart or mediastinum set between the organ and its normal predicate (round qi): "the
# mediastinum measures 6 cm at the level of the aortic knob, within normal limits", "mediastinal width 7 cm, normal",
# "the heart measures 13 cm in transverse diameter, within normal limits", "mediastinal width 8 cm, upper limits of normal",
# "transverse cardiac diameter 16 cm, enlarged": the organ "is" that predicate
# the organ opens the clause ("the mass in the mediastinum measures 6 cm" is the mass's size)
_ORGAN_OPENS = r"(?:^|(?<=[,;:] )|(?<=\band ))"
_MEDIASTINAL_WIDTH = r"mediastinum|mediastinal width|(?:transverse )?width of the (?:superior )?mediastinum"
_MEASURES = r"(?: (?:measures|measuring|is|of|=))?"
_MEASURED_ORGAN = (r"(?P<s>(?:the )?(?:(?P<h>heart(?: size)?|(?:transverse )?cardiac (?:diameter|width|size))|" + _MEDIASTINAL_WIDTH
                   + r"))" + _MEASURES + r" (?:approximately |about |roughly )?(?P<n>\d+(?:\.\d+)?) ?cm\b")
_MEASURED_NORMAL_RE = re.compile(
    _ORGAN_OPENS + _MEASURED_ORGAN + r"(?: (?:at|in|across|on)(?: (?:the|level|of|aortic|knob|arch|carina|transverse|diameter|width|pa|ap"
    r"|frontal|view|film|radiograph))*)?,? (?:which is |and |\()?(?:(?P<u>(?:at |within )?(?:the )?)(?=upper limits? of normal\b)"
    r"|(?=(?:normal|within normal limits|within (?:the )?normal (?:limits|range)"
    r"|(?:(?:not|possibly|probably|likely|borderline|mildly|moderately|markedly|slightly|minimally) ){0,2}(?:enlarged|widened))\b))")
# a mediastinal width under 8 cm given as a bare number ("Mediastinum 5.5 cm.", "mediastinal width 7 cm at the aortic
# knob"): normal in width, as a bare cardiothoracic ratio under 0.5 is a normal heart (round qi); a larger width, or
# one compared with an earlier one ("7 cm, previously 5 cm"), is left as written
_BARE_WIDTH_RE = re.compile(
    _ORGAN_OPENS + r"(?:the )?(?:" + _MEDIASTINAL_WIDTH + r")" + _MEASURES
    + r" (?:approximately |about )?(?P<n>\d+(?:\.\d+)?) ?cm\b(?: at the (?:level of the )?(?:aortic (?:knob|arch)|carina))?(?= *(?:$|[.;,)]))"
    r"(?![^.;]{0,60}\b(?:increas|widen|enlarg|previous|prior|from|grow|progress|interval|change|compared|up to|now)\w*)")
# a size set off by commas after a finding ("the nodule seen on CT, 7 mm, is not visible", "pneumothorax, 2 cm, is
# unchanged"): an aside, dropped so the cue after it reaches the finding (round qi)
_SIZE_ASIDE_RE = re.compile(r", (?:(?:approximately|about|roughly|measuring|now|up to) )?\d+(?:\.\d+)?(?: ?x ?\d+(?:\.\d+)?){0,2} ?(?:mm|cm)"
                            r"(?: in (?:diameter|size|length|width|greatest dimension))?,(?= (?:is|are|was|were|has|have|remains?|appears?)\b)")


def _measured_normal(m: re.Match) -> str:
    return ("heart size" if m.group("h") else m.group("s")) + (" is within the " if m.group("u") is not None else " is ")


def _bare_width(m: re.Match) -> str:
    return "mediastinum is normal in width" if float(m.group("n")) < 8 else m.group(0)


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
    if "cm" in sentence and ("mediastin" in sentence or "heart" in sentence or "cardiac" in sentence):  # round qi
        sentence = _MEASURED_NORMAL_RE.sub(_measured_normal, sentence)
        if "mediastin" in sentence:
            sentence = _BARE_WIDTH_RE.sub(_bare_width, sentence)
    if "mm," in sentence or "cm," in sentence:  # "the nodule seen on CT, 7 mm, is not visible" (round qi)
        sentence = _SIZE_ASIDE_RE.sub("", sentence)
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



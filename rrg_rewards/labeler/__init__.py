"""An offline CheXpert-style report labeler: 14 observations per report, no models, no downloads.

Stages follow stanfordmlgroup/chexpert-labeler (sentence split -> mention extraction ->
negation/uncertainty -> aggregation), with our own phrase and cue lists under ``phrases/``:

* `cleanup` undoes what exports, forms and dictation did to the text (escapes, HTML, page furniture,
  banners, tables, checkboxes, spoken punctuation);
* `sections` drops indication/history/comparison sections (or keeps only findings and
  impression, ``sections="findings,impression"``) and splits sentences;
* `rewording` says each new sentence again in the words the lists read (spelling, shorthand, order);
* `extract` finds mentions of each observation (with exclusions);
* `classify` reads negation and uncertainty cues before and after each mention, within its clause;
* `aggregate` combines mentions (positive > uncertain > negative) and sets No Finding.

Label values (int8): ``POSITIVE = 1``, ``NEGATIVE = 0``, ``UNCERTAIN = -1`` and
``NOT_MENTIONED = -2`` (the blank cell of the Stanford CSV). Columns follow `OBSERVATIONS`,
the Stanford output order. Results are cached per sentence and per report: text that repeats
sentences (generated reports, or real ones) labels at 10,000 reports/s or more in one process,
all-new text at about 65-140 microseconds of CPU per new sentence, by CPU (see docs/labeler.md).
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from ..errors import RewardsError
from .aggregate import NOT_MENTIONED, PATHOLOGY_SLICE, RANK, aggregate_ranks
from .classify import NEGATIVE, POSITIVE, UNCERTAIN, CueClassifier
from .extract import N_COLUMNS, OBSERVATIONS, OTHER_COLUMN, MentionExtractor
from .rewording import reword
from .sections import SECTION_NAMES, split_sentences

__all__ = ["OBSERVATIONS", "POSITIVE", "NEGATIVE", "UNCERTAIN", "NOT_MENTIONED", "LABELER_VERSION",
           "SECTION_NAMES", "Labeler", "default_labeler", "label", "label_sentence", "parse_sections"]

#: Names the rule set in signatures (``CE|labeler:rrg-v8|...``); bump when labels can change.
LABELER_VERSION = "rrg-v8"

_N = len(OBSERVATIONS)
_CACHE_LIMIT = 200_000
_UNCERTAIN_RANK = RANK[UNCERTAIN]
_POSITIVE_RANK = RANK[POSITIVE]
_NEGATIVE_RANK = RANK[NEGATIVE]
_LESION = OBSERVATIONS.index("Lung Lesion")
# a sentence that only says the finding(s) of the sentence before are gone: "It is no longer
# seen.", "These have resolved since ___.", "It is not seen on the current study." (round pk)
_GONE_SENTENCE_RE = re.compile(
    r"(?:it|this|these|they|the latter|th(?:is|ese|e) (?:findings?|abnormalit(?:y|ies)|opacit(?:y|ies)))"
    r" (?:(?:is|are) (?:now )?no longer (?:seen|visible|present|evident|apparent|identified|appreciated"
    r"|demonstrated|visualized)"
    r"|(?:has|have) (?:(?:since|now|completely|entirely|fully|subsequently) )?(?:resolved|cleared|disappeared)"
    r"|(?:is|are) (?:now )?not (?:seen|visible|identified|present|evident|appreciated|visualized)"
    r"(?= (?:today|on (?:the |this )?(?:current|present|today's|new) (?:study|exam|examination|radiograph|film)s?)\b))"
    r"(?: (?:today|on (?:the |this )?(?:current|present|today's|new) (?:study|exam|examination|radiograph|film)s?"
    r"|in the interval|since ___|(?:since|compared (?:to|with)|from) (?:the )?(?:prior|previous|earlier|last)"
    r"(?: [a-z]+){0,2}))?[ .]*")
# a sentence that asks whether the shape just described is a nodule at all (round ne)
_TRUE_NODULE_RE = re.compile(r"\btrue (?:(?:solitary|pulmonary|lung|parenchymal) ){0,2}nodul", re.IGNORECASE)
# a sentence opening on the shape just described that explains it as a nipple, overlap or bone (round pk)
_SHAPE_EXPLAINED_RE = re.compile(
    r"(?:it|this|these|they|th(?:is|ese) (?:findings?|densit(?:y|ies)|opacit(?:y|ies)|focus|foci|areas?))\b"
    r"[^.;]{0,80}?\b(?:represents?|reflects?|is|are"
    r"|corresponds? to|due to|secondary to|related to|compatible with|consistent with)\b[^.;]{0,40}?"
    r"\b(?:nipple(?: shadow)?s?|overlapping|overlap|superimposed|superimposition|summation|costochondral"
    r"|bone island)\b")
_EXPLANATION_DENIED_RE = re.compile(r"\b(?:true|rather than|versus|vs|or a (?:true |pulmonary |lung )?nodule"
                                    r"|not (?:(?:likely|felt|thought) (?:to )?)?(?:be |represent|reflect|due|related"
                                    r"|consistent|compatible|an? |the ))")
_EXPLANATION_HEDGED_RE = re.compile(r"\b(?:possible|possibly|may|might|could|perhaps|questionabl\w*|cannot|can't)\b")
_NODULAR_SHAPE_RE = re.compile(r"\bnodular(?:ity|(?: [a-z-]+)? (?:opacit|densit|focus|foci|shadow|area|lucenc))",
                               re.IGNORECASE)
_NAMED_LESION_RE = re.compile(r"\b(?:nodules?|mass(?:es)?|mass-?like|tumou?rs?|neoplasms?|cancers?|carcinomas?"
                              r"|malignan\w*|metasta\w*|lesions?|cavit\w*|granulomas?)\b", re.IGNORECASE)


class Labeler:
    """Compiled phrase lists plus sentence and report caches.

    Args:
        observations: observation phrase spec (default: ``phrases/observations.json``).
        cues: cue spec (default: ``phrases/cues.json``).
        gate: skip an observation's patterns on sentences without its trigger words (a speed
            gate that changes no label; False is for checking that).
        no_finding: ``"strict"`` (default): No Finding needs no positive or uncertain pathology
            and no other abnormality (emphysema, scoliosis, ...); ``"pathologies"``: only the
            12 pathology columns count (the bare CheXpert rule).
        sections: ``"all"`` (default): every section that describes this study (indication,
            history, comparison and technique are dropped); ``"findings,impression"``,
            ``"findings"`` or ``"impression"``: only those sections, when the report has them
            (see docs/labeler.md).

    Raises:
        RewardsError: an unknown `no_finding` or `sections` choice, or a phrase spec without all
            observations.
    """

    def __init__(self, observations: dict | None = None, cues: dict | None = None,
                 gate: bool = True, no_finding: str = "strict", sections: str | Sequence[str] = "all") -> None:
        if no_finding not in ("strict", "pathologies"):
            raise RewardsError(f"no_finding must be 'strict' or 'pathologies', got {no_finding!r}")
        self.sections = parse_sections(sections)
        self.strict_no_finding = no_finding == "strict"
        self.extractor = MentionExtractor(observations, gate=gate)
        self.classifier = CueClassifier(cues)
        # one pass over a sentence's words answers the trigger gate and the cue gates
        self._cue_shift = self.extractor.add_word_gates(*self.classifier.word_gates())
        # sentence -> (its (column, rank) pairs, its gate mask if other-abnormality patterns fire, else 0)
        self._sentences: dict[str, tuple[tuple[tuple[int, int], ...], int]] = {}
        self._other: dict[str, int] = {}
        self._reports: dict[str, np.ndarray] = {}

    def _ranks(self, sentence: str, columns: str, mask: int | None = None) -> tuple[tuple[int, int], ...]:
        if mask is None:
            mask = self.extractor.mask(sentence)
        mentions = self.extractor.find(sentence, columns, mask)
        if not mentions:
            return ()
        best: dict[int, int] = {}
        words = mask >> self._cue_shift if self.extractor.gate else None  # no word table without the gate
        values = self.classifier.classify(sentence, mentions, words)
        for mention, value in zip(mentions, values):
            r = RANK[value]
            if r > best.get(mention.column, 0):
                best[mention.column] = r
        return tuple(sorted(best.items()))

    def _sentence(self, sentence: str) -> tuple[tuple[tuple[int, int], ...], int]:
        hit = self._sentences.get(sentence)
        if hit is None:
            text = reword(sentence)
            mask = self.extractor.mask(text)  # one gate for both column groups
            # the whole mask (cue bits included) when the other-abnormality gate fires, else 0
            hit = (self._ranks(text, "main", mask), mask if self.extractor.only(mask, "other") else 0)
            if len(self._sentences) >= _CACHE_LIMIT:
                self._sentences.clear()
            self._sentences[sentence] = hit
        return hit

    def sentence_ranks(self, sentence: str) -> tuple[tuple[int, int], ...]:
        """(column, rank) of the best value per observation mentioned in one normalised sentence.

        The other-abnormality column is left out: it is only looked at (`other_rank`) when a
        report has no positive or uncertain finding, which saves scanning for it elsewhere.
        """
        return self._sentence(sentence)[0]

    def other_rank(self, sentence: str, mask: int | None = None) -> int:
        """Rank of the best other-abnormality mention (emphysema, hernia, ...) in one sentence.

        `mask` is the sentence's gate mask when the caller already has it.
        """
        hit = self._other.get(sentence)
        if hit is None:
            ranks = self._ranks(reword(sentence), "other", mask)
            hit = ranks[0][1] if ranks else 0
            if len(self._other) >= _CACHE_LIMIT:
                self._other.clear()
            self._other[sentence] = hit
        return hit

    def label_one(self, report: str) -> np.ndarray:
        """int8 (14,) labels of one report (a cached array: copy before changing it)."""
        hit = self._reports.get(report)
        if hit is not None:
            return hit
        ranks = [0] * N_COLUMNS
        sentences = split_sentences(report, self.sections)
        other_candidates = []
        shape_only = False  # the last sentence's lesion was only a nodular shape, asserted
        lesion_before = 0  # the lesion rank before that sentence
        last_pairs: tuple[tuple[int, int], ...] = ()  # the last sentence's (column, rank) pairs
        last_before: tuple[int, ...] = ()  # the ranks of those columns before it
        for sentence in sentences:
            pairs, other = self._sentence(sentence)
            if (not pairs and last_pairs and sentence[:1] in "it"
                    and _GONE_SENTENCE_RE.fullmatch(sentence) is not None
                    and not (sentence.startswith("the latter") and len(last_pairs) > 1)):
                # "An opacity was questioned on the prior study. It is no longer seen.": the
                # findings of the sentence before are gone (round pk)
                for (col, _), was in zip(last_pairs, last_before):
                    ranks[col] = max(was, _NEGATIVE_RANK)
                last_pairs = ()
                shape_only = False
                continue
            last_pairs = pairs
            last_before = tuple(ranks[col] for col, _ in pairs)
            lesion_was = ranks[_LESION]
            lesion_here = 0
            for col, r in pairs:
                if col == _LESION:
                    lesion_here = r
                if r > ranks[col]:
                    ranks[col] = r
            if (shape_only and lesion_here == _UNCERTAIN_RANK and "true" in sentence
                    and _TRUE_NODULE_RE.search(sentence) is not None):
                # "a nodular opacity ... . This may represent a true nodule versus a nipple
                # shadow.": the next sentence leaves open whether the shape is a nodule (round ne)
                ranks[_LESION] = max(lesion_before, _UNCERTAIN_RANK)
            elif (shape_only and lesion_here == 0 and sentence[:1] in "it"
                  and _SHAPE_EXPLAINED_RE.match(sentence) is not None
                  and _EXPLANATION_DENIED_RE.search(sentence) is None):
                # "a nodular opacity ... . This most likely represents a nipple shadow.": the next
                # sentence explains the shape away, as the same words in its own sentence do (round pk)
                # a hedged explanation ("it is possible that this represents superimposition")
                # leaves the nodule open: uncertain
                ranks[_LESION] = (max(lesion_before, _UNCERTAIN_RANK)
                                  if _EXPLANATION_HEDGED_RE.search(sentence) is not None else lesion_before)
            shape_only = (lesion_here == _POSITIVE_RANK and _NODULAR_SHAPE_RE.search(sentence) is not None
                          and _NAMED_LESION_RE.search(sentence) is None)
            lesion_before = lesion_was
            if other:
                other_candidates.append((sentence, other))
        if (other_candidates and self.strict_no_finding
                and max(ranks[PATHOLOGY_SLICE]) < _UNCERTAIN_RANK):
            # No Finding still possible: does the report describe another abnormality?
            # stop at the first positive or uncertain one: that alone rules No Finding out
            other = 0
            for s, m in other_candidates:
                r = self.other_rank(s, m)
                if r > other:
                    other = r
                    if r >= _UNCERTAIN_RANK:
                        break
            ranks[OTHER_COLUMN] = other
        row = aggregate_ranks(ranks)
        if len(self._reports) >= _CACHE_LIMIT:
            self._reports.clear()
        self._reports[report] = row
        return row

    def __call__(self, reports: Sequence[str]) -> np.ndarray:
        """int8 array (N, 14) of labels, columns in `OBSERVATIONS` order."""
        if isinstance(reports, str):
            raise RewardsError("reports must be a list of strings, not a single string")
        out = np.empty((len(reports), _N), dtype=np.int8)
        for i, report in enumerate(reports):
            if not isinstance(report, str):
                raise RewardsError(f"report {i} is {type(report).__name__}, expected str")
            out[i] = self.label_one(report)
        return out


def parse_sections(sections: str | Sequence[str]) -> frozenset[str] | None:
    """``"all"`` -> None; ``"findings,impression"`` (or a list of `SECTION_NAMES`) -> that set.

    Raises:
        RewardsError: an empty choice or a name other than ``all`` and `SECTION_NAMES`.
    """
    names = [n.strip().lower() for n in (sections.split(",") if isinstance(sections, str) else sections)]
    names = [n for n in names if n]
    if names == ["all"]:
        return None
    bad = [n for n in names if n not in SECTION_NAMES]
    if bad or not names:
        raise RewardsError(f"sections must be 'all' or a comma list of {', '.join(SECTION_NAMES)}, "
                           f"got {sections if isinstance(sections, str) else ','.join(sections)!r}")
    return frozenset(names)


_DEFAULT: Labeler | None = None


def default_labeler() -> Labeler:
    """The shared labeler with the packaged phrase lists (built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Labeler()
    return _DEFAULT


def label(reports: Sequence[str]) -> np.ndarray:
    """Label reports with the 14 CheXpert observations.

    Args:
        reports: report texts (IU X-Ray findings/impressions, full MIMIC-CXR reports with
            headers, or R2Gen-cleaned text).

    Returns:
        int8 array of shape (N, 14), columns in `OBSERVATIONS` order, values ``POSITIVE`` (1),
        ``NEGATIVE`` (0), ``UNCERTAIN`` (-1) or ``NOT_MENTIONED`` (-2).

    Raises:
        RewardsError: `reports` is a single string or holds a non-string.
    """
    return default_labeler()(reports)


def label_sentence(sentence: str) -> dict[str, int]:
    """Labels of one sentence as {observation: value}, to explain a label.

    No Finding is left out (it is a report-level decision); the internal other-abnormality
    column appears as ``"Other Finding"``.
    """
    lab = default_labeler()
    out: dict[str, int] = {}
    for s in split_sentences(sentence):
        for col, r in lab.sentence_ranks(s) + ((OTHER_COLUMN, lab.other_rank(s)),):
            if r == 0:
                continue
            value = (NEGATIVE, UNCERTAIN, POSITIVE)[r - 1]
            name = OBSERVATIONS[col] if col < _N else "Other Finding"
            prev = out.get(name)
            if prev is None or RANK[value] > RANK[prev]:
                out[name] = value
    return out

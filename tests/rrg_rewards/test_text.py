"""Tests for `rrg_rewards.text`: R2Gen report cleaning and the PTB tokenizer mode.

The R2Gen expectations below were derived by tracing R2Gen's ``clean_report_*`` by hand (and
checked once against the original functions outside this repository); the PTB mode is compared
live against pycocoevalcap's Java PTBTokenizer (`test_ptb_equals_pycocoevalcap`, one Java run
per session).
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rrg_rewards.errors import RewardsError
from rrg_rewards.text import (
    MODES,
    PTB_PUNCTUATIONS,
    clean_report_iu_xray,
    clean_report_mimic_cxr,
    clean_texts,
)

IU_XRAY_CASES = [
    ("The heart is normal. The lungs are clear.", "the heart is normal . the lungs are clear ."),
    ("", " ."),
    ("No effusion..", "no effusion ."),
    ("...", " ."),
    # numbering 1-5 is stripped; " 2. " inside a sentence becomes a sentence break
    ("1. Normal heart. 2. Clear lungs.", "normal heart . clear lungs ."),
    ("Grade 2. Stable. 3. Unchanged 4. x", "grade . stable . unchanged . x ."),
    ("6. Six items.", "6 . six items ."),
    # "1. " is deleted even inside a token
    ("T11. Normal", "t1normal ."),
    # numbers lose their dot, the split is on ". " only
    ("Size 3.5 cm, stable.", "size 35 cm stable ."),
    ("e.g. the heart", "eg . the heart ."),
    ("A. B. C.", "a . b . c ."),
    ("a . b", "a . b ."),
    ("XXXX XXXX is normal.", "xxxx xxxx is normal ."),
    ("Normal chest x-XXXX.", "normal chest x-xxxx ."),
    # iu_xray keeps newlines: no split on ".\n"
    ("Heart size normal.\nLungs clear.", "heart size normal\nlungs clear ."),
    ("Stable.  Unchanged.", "stable . unchanged ."),
    ("  Trailing space.  ", "trailing space ."),
    # quotes and slashes vanish; the class range ':'..'[' also removes < = > @; '-' ~ # $ | ` stay
    ("Opacity (left) at 50%; see ___ / AP's <3>", "opacity left at 50 see   aps 3 ."),
    ("Ratio 1:2 @ 3=4 ~x #y $z |w `q", "ratio 12  34 ~x #y $z |w `q ."),
]

MIMIC_CXR_CASES = [
    (
        "FINDINGS:\n\n1. Tubes ___ ___ in place.  2. No  pneumothorax...\n",
        "findings tubes   in place . no pneumothorax .",
    ),
    ("___________", " ."),
    ("", " ."),
    ("Heart size normal.\nLungs clear.", "heart size normal . lungs clear ."),
    ("A . . B", "a .  . b ."),
    (
        "1. ET tube 5 cm above the carina.\n2. NG tube in stomach.\n3. No acute process.",
        "et tube 5 cm above the carina . ng tube in stomach . no acute process .",
    ),
    (
        "Compared to ___, the 2.5 cm nodule (RUL) is unchanged; 5 mm at 10:30.",
        "compared to  the 25 cm nodule rul is unchanged 5 mm at 1030 .",
    ),
    ("It's \"stable\" on AP/PA views.", "its stable on appa views ."),
]


@pytest.mark.parametrize(("report", "expected"), IU_XRAY_CASES)
def test_iu_xray_matches_r2gen(report: str, expected: str) -> None:
    assert clean_report_iu_xray(report) == expected
    assert clean_texts([report], "iu_xray") == [expected]


@pytest.mark.parametrize(("report", "expected"), MIMIC_CXR_CASES)
def test_mimic_cxr_matches_r2gen(report: str, expected: str) -> None:
    assert clean_report_mimic_cxr(report) == expected
    assert clean_texts([report], "mimic_cxr") == [expected]


# Idempotence, as far as it holds: on R2Gen-style text (words, digits, single spaces, ". "
# sentence ends) the output body has no punctuation but the " . " separators, which split back
# the same way. The appended " ." is not split off again ("x ." -> "x  ."), hence [:-2].
_words = st.text(alphabet="abcxyzXYZ0123-", min_size=1, max_size=8)
_sentences = st.lists(_words, min_size=1, max_size=6).map(" ".join)
_reports = st.lists(_sentences, min_size=1, max_size=5).map(lambda s: ". ".join(s) + ".")


@settings(max_examples=200, deadline=None)
@given(_reports)
def test_r2gen_cleaning_is_idempotent(report: str) -> None:
    for fn in (clean_report_iu_xray, clean_report_mimic_cxr):
        once = fn(report)
        assert fn(once[:-2]) == once
        assert fn(once) == once[:-2] + "  ."


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_r2gen_output_shape(report: str) -> None:
    """Any input: lower case, ends with ' .', no character of the deleted classes is left."""
    for fn in (clean_report_iu_xray, clean_report_mimic_cxr):
        out = fn(report)
        assert out.endswith(" .")
        body = out[:-2].replace(" . ", " ")
        assert not set(body) & set("\"/\\',?;*!%^&_+()[]{}:<=>@")


def test_none_is_identity_and_copies() -> None:
    texts = ["A  b.\n", ""]
    out = clean_texts(texts, "none")
    assert out == texts and out is not texts


def test_modes_listed() -> None:
    assert MODES == ("none", "iu_xray", "mimic_cxr", "ptb")


def test_accepts_tuple_and_generator() -> None:
    assert clean_texts(("A.",), "iu_xray") == ["a ."]
    assert clean_texts((t for t in ["A."]), "mimic_cxr") == ["a ."]


@pytest.mark.parametrize(
    ("texts", "mode", "message"),
    [
        (["a"], "bogus", "unknown text handling 'bogus'; choose from none, iu_xray, mimic_cxr, ptb"),
        ("a report", "none", "texts must be a sequence of strings, not one string"),
        (["a", None], "iu_xray", "text 1 is NoneType, expected str"),
        ([b"a"], "ptb", "text 0 is bytes, expected str"),
    ],
)
def test_bad_input(texts: object, mode: str, message: str) -> None:
    with pytest.raises(RewardsError) as err:
        clean_texts(texts, mode)  # type: ignore[arg-type]
    assert str(err.value) == message


# --------------------------------------------------------------------------------------------
# ptb
# --------------------------------------------------------------------------------------------

# Expected strings as pycocoevalcap's PTBTokenizer (CoreNLP 3.4.1 jar) prints them for these
# inputs, then minus its punctuation list; they also run where Java is absent.
PTB_CASES = [
    ("The heart is normal. (AP/PA)", "the heart is normal -lrb- ap/pa -rrb-"),
    ("Size 2.5 cm, 1,000 and 10:30; 50%.", "size 2.5 cm 1,000 and 10:30 50 %"),
    ("don't can't won't it's patient's patients'", "do n't ca n't wo n't it 's patient 's patients"),
    ("\"Quoted\" and 'single' text", "quoted and single text"),
    ("e.g. Dr. Smith, No. 5 vs. approx. 3 cm. etc.", "e.g. dr. smith no. 5 vs. approx 3 cm etc."),
    ("x-ray XXXX-XXXX x-XXXX. T4-T5 7-8 mm", "x-ray xxxx-xxxx x-xxxx t4-t5 7-8 mm"),
    ("measures 2 1/2 cm and 1-1/2 cm", "measures 2\xa01/2 cm and 1-1/2 cm"),
    ("1. Normal heart. 2. No effusion.", "1 normal heart 2 no effusion"),
    ("... -- --- ; : ! ? , .", ""),
    ("[a] {b} <c> (d)", "-lsb- a -rsb- -lcb- b -rcb- <c> -lrb- d -rrb-"),
    ("cannot gonna 'tis", "can not gon na 't is"),
    ("The U.S. The A. The mass. The", "the u.s. the a the mass the"),
    ("3.5x4.5 cm ___ __ @ # & * + = ~ |", "3.5 x4 .5 cm ___ __ @ # & * + = ~ |"),
    ("\u201cquoted\u201d \u2018single\u2019 \u2013 \u2014 \u2026 \xbd \xb0", "quoted single 1/2 \xb0"),
    ("!! ?! a!b", "!! ?! a!b"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), PTB_CASES)
def test_ptb_known_outputs(text: str, expected: str) -> None:
    assert clean_texts([text], "ptb") == [expected]


def test_ptb_batch_keeps_alignment() -> None:
    """One output per input, empty texts included; a newline inside a text is a space."""
    texts = ["A.", "", "heart\nnormal", "\n", "x\ry"]
    assert clean_texts(texts, "ptb") == ["a.", "", "heart normal", "", "x y"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=5))
def test_ptb_output_shape(texts: list[str]) -> None:
    """Any input: one lower-case line per text, single-space separated, no removed token left."""
    out = clean_texts(texts, "ptb")
    assert len(out) == len(texts)
    for line in out:
        assert line == line.lower()
        assert "\n" not in line
        tokens = line.split(" ")
        assert line == "" or all(tokens)
        assert not set(tokens) & PTB_PUNCTUATIONS  # "-lrb-" stays: the list has "-LRB-"


_FINDINGS = [
    "The heart size is normal", "Lungs are clear",
    "No focal consolidation, pleural effusion, or pneumothorax", "There is mild cardiomegaly",
    "Mediastinal contours are within normal limits", "Osseous structures are intact",
    "Right IJ catheter tip terminates in the mid SVC", "ET tube is ___ cm above the carina",
    "NG tube courses below the diaphragm", "Stable 2.5 cm nodule in the right upper lobe",
    "Small left pleural effusion (unchanged)", "Patient's chin obscures the apices",
    "Compared to prior study from ___ at 10:30", "Degenerative changes of the T-spine",
    "AP/PA and lateral views of the chest", "Heart size is top-normal; no edema",
    "Bibasilar atelectasis, left greater than right", "Normal chest x-XXXX", "XXXX XXXX are intact",
    "Left base opacity may reflect atelectasis/pneumonia", "No \"acute\" process",
    "The 5 mm nodule is 'stable'", "Approximately 50% collapse of the L1 vertebral body",
    "Sternotomy wires are intact (x7)", "Dr. ___ was notified on ___ at 9:45 a.m.",
    "e.g. atelectasis vs. consolidation", "Findings are c/w mild pulmonary edema",
    "Low lung volumes, i.e. poor inspiration", "S/P CABG with median sternotomy",
    "Tip of the left PICC projects over the cavoatrial junction", "No change since ___",
    "Moderate-to-large hiatal hernia", "Right-sided Port-A-Cath in place",
    "Lungs are hyperinflated: COPD", "Opacity measures 1.2 x 3.4 cm",
    "Findings were discussed with Dr. ___ by telephone on ___",
    "There is no pneumothorax; there is no effusion", "Rib fractures (6th-8th) on the right",
    "IMPRESSION: No acute cardiopulmonary process", "Heart: normal. Lungs: clear",
]


def _mimic_style_reports(n: int) -> list[str]:
    """Deterministic MIMIC-CXR-like reports: numbered lists, blanks, measurements, quotes."""
    import random

    rng = random.Random(0)
    reports = []
    for i in range(n):
        k = rng.randint(1, 5)
        sentences = [rng.choice(_FINDINGS) for _ in range(k)]
        if i % 3 == 0:  # numbered impression list
            text = " ".join(f"{j}. {s}." for j, s in enumerate(sentences, 1))
        elif i % 3 == 1:
            text = ". ".join(sentences) + "."
        else:
            text = "FINDINGS:  " + ".  ".join(sentences) + ".\n IMPRESSION: " + rng.choice(_FINDINGS) + "."
        reports.append(text)
    return reports


@pytest.fixture(scope="session")
def ptb_reference(java: str, shared_data) -> tuple[list[str], list[str]]:  # noqa: ANN001
    """Reports and pycocoevalcap's PTBTokenizer output for them, from ONE Java run."""
    import csv
    import json

    ptbtokenizer = pytest.importorskip("pycocoevalcap.tokenizer.ptbtokenizer")
    ann = json.loads((shared_data / "iu_xray" / "annotation.json").read_text())
    texts = [ex["report"] for split in ann.values() for ex in split]
    with open(shared_data / "iu_xray" / "mesh_dev.csv", newline="") as f:
        for row in csv.DictReader(f):
            texts += [row["findings"] or "", row["impression"] or ""]
    texts += _mimic_style_reports(1500)
    captions = {i: [{"caption": t}] for i, t in enumerate(texts)}
    tokenized = ptbtokenizer.PTBTokenizer().tokenize(captions)
    return texts, [tokenized[i][0] for i in range(len(texts))]


def test_ptb_equals_pycocoevalcap(ptb_reference: tuple[list[str], list[str]]) -> None:
    texts, expected = ptb_reference
    assert len(texts) >= 2000
    got = clean_texts(texts, "ptb")
    mismatches = [(t, g, e) for t, g, e in zip(texts, got, expected) if g != e]
    assert mismatches == []


def test_first_char_filter_is_sound() -> None:
    """Each rule's first-character filter accepts the first character of its matches."""
    import random

    from rrg_rewards import text as text_mod

    rules, firsts = text_mod._ptb_rules()
    rng = random.Random(1)
    alphabet = "aAzZ09 .,;:'\"-_/\\()[]{}<>=+*&^%$#@!?~`|\t\xa0\xbd\u2019\u201c\u2026\xe9"
    samples = ["".join(rng.choice(alphabet) for _ in range(12)) for _ in range(1500)]
    samples += [t for t, _ in PTB_CASES] + _FINDINGS
    for s in samples:
        for pos in range(len(s)):
            for (rx, *_), first in zip(rules, firsts):
                if rx.match(s, pos):
                    assert first.match(s[pos]), (rx.pattern, s, pos)

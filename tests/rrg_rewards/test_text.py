"""Tests for `rrg_rewards.text`: R2Gen report cleaning and the PTB tokenizer mode.

The R2Gen expectations below were derived by tracing R2Gen's ``clean_report_*`` by hand (and
checked once against the original functions outside this repository); the PTB mode is compared
live against pycocoevalcap's Java PTBTokenizer (see test_ptb.py).
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rrg_rewards.errors import RewardsError
from rrg_rewards.text import MODES, clean_report_iu_xray, clean_report_mimic_cxr, clean_texts

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

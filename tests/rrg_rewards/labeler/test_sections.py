"""Section handling and sentence splitting of the labeler's first stage."""
import pytest

from rrg_rewards.labeler.sections import drop_sections, split_sentences


@pytest.mark.parametrize("text,sentences", [
    ("Heart size normal and lungs are clear. No edema or pneumonia. No effusion",
     ["heart size normal and lungs are clear", "no edema or pneumonia", "no effusion"]),
    ("1. Stable mild cardiomegaly. 2. Hyperexpanded but clear lungs.",
     ["stable mild cardiomegaly", "hyperexpanded but clear lungs"]),
    ("Heart size is\nnormal.  No focal\nconsolidation.", ["heart size is normal", "no focal consolidation"]),
    ("Nodule measures 1.5 cm. No effusion.", ["nodule measures 1.5 cm", "no effusion"]),
    ("Effusion vs. atelectasis? Clear apex.There is none.",
     ["effusion vs atelectasis?", "clear apex", "there is none"]),
    ("the heart is normal . no effusion .", ["the heart is normal", "no effusion"]),
    ("IMPRESSION:\n\n1. No acute process.\n2) Lines removed.\n\n- bullet", ["no acute process", "lines removed", "bullet"]),
    ("There are no XXXX of effusion. No ___ pneumothorax.", ["there are no ___ of effusion", "no ___ pneumothorax"]),
    ("It isn't enlarged.", ["it is not enlarged"]),
    ("", []),
])
def test_split(text, sentences):
    assert split_sentences(text) == sentences


def test_skip_sections_and_keep_findings():
    text = ("EXAMINATION: CHEST\nINDICATION: eval for edema\nHISTORY: CHF\nCOMPARISON: ___\n"
            "FINDINGS: No edema.\nIMPRESSION: Normal.")
    assert split_sentences(text) == ["no edema", "normal"]


def test_inline_mixed_case_headers():
    assert split_sentences("Indication: eval for edema. History: CHF. Findings: no edema.") == ["no edema"]


def test_colon_inside_a_sentence_is_not_a_header():
    assert drop_sections("The lungs are clear: no effusion.") == "The lungs are clear: no effusion."


def test_text_before_first_header_is_kept():
    assert split_sentences("Small effusion.\nCOMPARISON: none") == ["small effusion"]

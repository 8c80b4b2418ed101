"""The labeler on MIMIC-CXR-style reports: every defect pattern of issue 11, each in a report with
line breaks and in the same report whitespace-joined (as CSV cells hold it), plus the dev set."""
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rrg_rewards.clinical import clinical_efficacy
from rrg_rewards.labeler import NOT_MENTIONED, OBSERVATIONS, Labeler, label

P, N, U, M = 1, 0, -1, -2
DATA = Path(__file__).parent / "data"


def joined(text: str) -> str:
    """The report as a whitespace-joined CSV cell."""
    return " ".join(text.split())


def got(report: str, names) -> dict[str, int]:
    row = label([report])[0]
    return {k: int(row[OBSERVATIONS.index(k)]) for k in names}


def both_forms(cases):
    """Each (report, expected) case once with line breaks and once whitespace-joined."""
    out = []
    for text, want in cases:
        out.append(pytest.param(text, want, id=f"lines:{joined(text)[:50]}"))
        out.append(pytest.param(joined(text), want, id=f"joined:{joined(text)[:50]}"))
    return out


# ---- sections: what follows an indication, history, comparison or view line is read -------------

SECTION_CASES = [
    # an indication with no known header after it: the findings that follow still count
    ("INDICATION: Dyspnea. Evaluate for effusion.\nModerate right pleural effusion. Heart size is normal.",
     {"Pleural Effusion": P, "Cardiomegaly": N}),
    ("HISTORY: ___-year-old woman with cough, question pneumonia.\n\nThe left lower lobe is consolidated.\n"
     "No pneumothorax.", {"Pneumonia": M, "Consolidation": P, "Pneumothorax": N}),
    ("REASON FOR EXAMINATION: Fever.\nRight basilar atelectasis.", {"Atelectasis": P}),
    ("CLINICAL HISTORY: Status post line placement, r/o pneumothorax.\nThere is a small left apical "
     "pneumothorax.", {"Pneumothorax": P}),
    # a question mark before a word belongs to the indication sentence
    ("INDICATION: ___M with lung cancer, ? pneumonia.\nHeart size is normal.", {"Pneumonia": M, "Cardiomegaly": N}),
    ("COMPARISON: Radiograph of ___, which showed a left effusion.\nNew right upper lobe opacity.",
     {"Pleural Effusion": M, "Lung Opacity": P}),
    # exam / view lines ending in a colon open the findings
    ("INDICATION: Chest pain.\nCHEST (PORTABLE AP): Mild cardiomegaly. No edema.", {"Cardiomegaly": P, "Edema": N}),
    ("HISTORY: Fall.\nPA AND LATERAL VIEWS OF THE CHEST: Left rib fracture.\nIMPRESSION: Fracture as above.",
     {"Fracture": P}),
    ("Indication: Sepsis. Frontal and lateral chest radiographs: Bibasilar opacities.", {"Lung Opacity": P}),
    # numbered impressions and wet-read lines
    ("INDICATION: Hypoxia.\nIMPRESSION:\n1. Small bilateral effusions.\n2. No pneumothorax.\n3. Stable cardiomegaly.",
     {"Pleural Effusion": P, "Pneumothorax": N, "Cardiomegaly": P}),
    ("WET READ: ___ ___ 3:42 AM\n  Right lower lobe pneumonia.\n___________________\nFINAL REPORT\n"
     "INDICATION: Fever.\nFINDINGS: Right lower lobe consolidation.", {"Pneumonia": P, "Consolidation": P}),
    # an old layout with no headers at all
    ("PORTABLE CHEST ___\n\nComparison is made to the prior study.\n\nThe heart is enlarged. Small left "
     "effusion.", {"Cardiomegaly": P, "Pleural Effusion": P}),
    # an exam title in capitals with no colon or period after it, and headers with longer names
    ("EXAMINATION: CHEST (PA AND LAT)\nThe lungs are clear. Small left effusion.", {"Pleural Effusion": P}),
    ("HISTORY: HTN, DM, SOB\nModerate cardiomegaly.", {"Cardiomegaly": P}),
    ("COMPARISON STUDY: ___, which showed pneumonia.\n\nLungs clear.", {"Pneumonia": M, "No Finding": P}),
    ("HISTORY OF PRESENT ILLNESS: Eval for pneumonia.\nFINDINGS: No effusion.", {"Pneumonia": M, "Pleural Effusion": N}),
    # a header names the indication; its question never counts
    ("EXAMINATION: CHEST (PA AND LAT)\nINDICATION: Evaluate for edema and pneumothorax.\nTECHNIQUE: Chest PA "
     "and lateral\nCOMPARISON: None.\nFINDINGS: Lungs are clear.\nIMPRESSION: No acute process.",
     {"Edema": M, "Pneumothorax": M, "No Finding": P}),
]


@pytest.mark.parametrize("report,want", both_forms(SECTION_CASES))
def test_sections(report, want):
    assert got(report, want) == want


# ---- sentence patterns, each inside a MIMIC-style report -------------------------------------------

def in_report(sentence: str) -> str:
    return (f"INDICATION: Shortness of breath.\n\nFINDINGS:\n\nThe mediastinal contours are normal. {sentence}\n"
            f"\nIMPRESSION:\n\nAs above.")


PATTERNS = [
    # boilerplate about pneumothorax is not a pneumothorax
    ("No pneumothorax, though a supine film is less sensitive for detecting one. A supine study is "
     "insensitive for small pneumothoraces.", {"Pneumothorax": N}),
    ("Lucency along the left chest wall is a skin fold simulating pneumothorax.", {"Pneumothorax": M}),
    ("Overlying air in the axilla mimicking a pneumothorax.", {"Pneumothorax": M}),
    ("A small anterior pneumothorax could be missed on this supine radiograph.", {"Pneumothorax": M}),
    ("The skin fold should not be mistaken for a pneumothorax.", {"Pneumothorax": M}),
    # hedge cues
    ("Trace, if any, left pleural effusion.", {"Pleural Effusion": U}),
    ("Presumed right lower lobe pneumonia.", {"Pneumonia": U}),
    ("The basilar opacity represents either aspiration or atelectasis.", {"Pneumonia": U, "Atelectasis": U}),
    ("It is impossible to say whether there is underlying consolidation.", {"Consolidation": U}),
    ("Difficult to say whether a small effusion is present.", {"Pleural Effusion": U}),
    ("Early edema should be considered.", {"Edema": U}),
    ("Left basilar atelectasis/pneumonia.", {"Atelectasis": U, "Pneumonia": U}),
    ("Right basilar edema and/or pneumonia.", {"Edema": U, "Pneumonia": U}),
    ("The opacity could also represent pneumonia.", {"Pneumonia": U, "Lung Opacity": P}),
    # the hedge belongs to the explanation, or to the change
    ("The hazy opacities are most likely due to pulmonary edema.", {"Lung Opacity": P, "Edema": U}),
    ("The left apical pneumothorax is likely unchanged.", {"Pneumothorax": P}),
    ("The effusion is probably slightly larger.", {"Pleural Effusion": P}),
    # degree ranges and other phrasing
    ("The heart is at least mildly enlarged.", {"Cardiomegaly": P}),
    ("Cardiac silhouette remains moderately to severely enlarged.", {"Cardiomegaly": P}),
    ("The heart is mildly-to-moderately enlarged.", {"Cardiomegaly": P}),
    ("The cardiac and mediastinal silhouettes are enlarged.", {"Cardiomegaly": P, "Enlarged Cardiomediastinum": P}),
    ("The heart and mediastinum are enlarged.", {"Cardiomegaly": P, "Enlarged Cardiomediastinum": P}),
    ("A lesion in the right upper lobe. Lytic lesion of a left rib.", {"Lung Lesion": P}),
    ("Widened superior mediastinum.", {"Enlarged Cardiomediastinum": P}),
    ("Enlargement of the cardiac and mediastinal silhouettes.", {"Cardiomegaly": P, "Enlarged Cardiomediastinum": P}),
    ("Persistent collapse at the right base.", {"Atelectasis": P}),
    ("The left lung is collapsed.", {"Atelectasis": P}),
    ("Compression collapse of a thoracic vertebral body.", {"Atelectasis": M, "Fracture": P}),
    ("A sliver of pleural air at the left apex.", {"Pneumothorax": P}),
    ("Right lower lobe volume loss. Low lung volumes.", {"Atelectasis": P}),
    ("The CTR is increased.", {"Cardiomegaly": P}),
    ("Cavitation in the right upper lobe.", {"Lung Lesion": P}),
    ("A cavitary lesion in the left apex.", {"Lung Lesion": P}),
    ("Ill-defined, rounded, nodular opacity in the left midlung.", {"Lung Lesion": P, "Lung Opacity": P}),
    ("Nodular and patchy opacities in both upper lobes.", {"Lung Lesion": P, "Lung Opacity": P}),
    ("ETT terminates 5 cm above the carina.", {"Support Devices": P}),
    ("Left IJ CVC tip in the SVC. NGT in the stomach. OGT coiled in the stomach.", {"Support Devices": P}),
    ("Known CHF.", {"Edema": P}),
    # polarity
    ("Left lower lobe consolidation has not cleared.", {"Consolidation": P}),
    ("The right effusion has not yet resolved.", {"Pleural Effusion": P}),
    ("Right lower lobe pneumonia has not completely cleared.", {"Pneumonia": P}),
    ("The endotracheal tube has been withdrawn by 2 cm.", {"Support Devices": P}),
    ("The enteric tube was pulled back and ends in the stomach.", {"Support Devices": P}),
    ("The feeding tube has been removed.", {"Support Devices": N}),
    # a limit of the film mentions no fracture (as the supine-film sentence mentions no pneumothorax)
    ("Assessment for rib fractures is limited.", {"Fracture": M, "No Finding": P}),
    ("Portable technique limits evaluation for subtle rib fractures.", {"Fracture": M}),
    ("Detection of a nondisplaced fracture is difficult on this film.", {"Fracture": M}),
    ("Healed left rib fractures. Evaluation for acute fracture is limited.", {"Fracture": P}),
    ("Large anterior mediastinal mass.", {"Lung Lesion": M, "Enlarged Cardiomediastinum": P}),
    ("Left hilar mass.", {"Lung Lesion": M, "Enlarged Cardiomediastinum": P}),
    ("Soft tissue infiltration along the right chest wall.", {"Lung Opacity": M}),
    # long sentences: the hedge reaches past "with", long gaps and "including" lists
    ("Patchy opacities may represent atelectasis with superimposed aspiration.", {"Atelectasis": U, "Pneumonia": U}),
    ("Bilateral lower lobe opacities could, in the setting of recent fevers and a rising white count, "
     "represent pneumonia.", {"Pneumonia": U, "Lung Opacity": P}),
    ("The opacity may reflect several processes including atelectasis, aspiration or edema.",
     {"Atelectasis": U, "Pneumonia": U, "Edema": U}),
    ("Atelectasis is likely, but infection, including aspiration, cannot be excluded.",
     {"Atelectasis": U, "Pneumonia": U}),
    # abbreviations and British spelling
    ("No PTX. ETT in place. NAD.", {"Pneumothorax": N, "Support Devices": P, "No Finding": P}),
    ("Mild pulmonary oedema. Small right haemothorax.", {"Edema": P, "Pleural Effusion": P}),
    ("No acute cardiopulmonary process.", {"No Finding": P}),
    # the British "oesophag" is read only at a word start or after a compound's "o": American
    # compounds ("gastroesophageal", "neoesophagus") hold the same letters and keep their "o"
    ("A gastro-oesophageal stent is seen.", {"Support Devices": M}),
    ("A gastroesophageal stent is seen.", {"Support Devices": M}),
    ("The oesophageal stent is unchanged. A right chest tube is in place.", {"Support Devices": P}),
]


@pytest.mark.parametrize("british,american", [
    ("gastroesophageal junction", "gastroesophageal junction"),
    ("gastro-oesophageal junction", "gastro-esophageal junction"),
    ("gastrooesophageal reflux", "gastroesophageal reflux"),
    ("neoesophagus and tracheoesophageal fistula", "neoesophagus and tracheoesophageal fistula"),
    ("the oesophagus; mid-oesophagus; (oesophageal)", "the esophagus; mid-esophagus; (esophageal)"),
    ("oedema, haemothorax, tumour, centre", "edema, hemothorax, tumor, center"),
])
def test_british_spellings_read_as_american(british, american):
    from rrg_rewards.labeler.rewording import american as to_american
    assert to_american(british) == american


@pytest.mark.parametrize("report,want", both_forms([(in_report(s), w) for s, w in PATTERNS]))
def test_patterns(report, want):
    assert got(report, want) == want


# ---- a report with findings text is never left unlabeled -------------------------------------------

HEADS = ["INDICATION:", "HISTORY:", "COMPARISON:", "REASON FOR EXAMINATION:", "Clinical history:"]
FIRSTS = ["Cough.", "___ year old man with fever.", "Prior study ___.", "Hypoxia, eval for pneumonia."]
FINDINGS = ["Small left pleural effusion.", "The heart is enlarged.", "No pneumothorax.",
            "Right lower lobe consolidation.", "Mild pulmonary edema.", "Bibasilar atelectasis."]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(HEADS), st.sampled_from(FIRSTS), st.lists(st.sampled_from(FINDINGS), min_size=1, max_size=3),
       st.sampled_from([" ", "\n", "\n\n"]), st.sampled_from(["", "CHEST (PORTABLE AP): ", "PA AND LATERAL CHEST: "]))
def test_findings_after_a_skipped_section_are_labeled(head, first, findings, sep, view):
    report = f"{head} {first}{sep}{view}{' '.join(findings)}"
    row = label([report])[0]
    assert (row[1:] != NOT_MENTIONED).any(), report


def test_no_dev_report_with_findings_comes_out_empty():
    records = [json.loads(x) for x in (DATA / "mimic_style_dev.jsonl").read_text().splitlines()]
    rows = label([r["report"] for r in records])
    for r, row in zip(records, rows):
        if any(v != M for v in r["labels"][1:]):
            assert (row[1:] != NOT_MENTIONED).any(), r["id"]


# ---- the MIMIC-style development set -------------------------------------------------------------

def _generator():
    spec = importlib.util.spec_from_file_location("make_mimic_style", DATA / "make_mimic_style.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_data_files_are_what_the_generator_writes(tmp_path):
    _generator().main(tmp_path)
    for name in ("mimic_style_dev.jsonl", "mimic_style_holdout.jsonl"):
        assert (tmp_path / name).read_text() == (DATA / name).read_text(), name


@pytest.mark.parametrize("name", ["mimic_style_dev.jsonl", "mimic_style_holdout.jsonl"])
def test_dev_sets_score_high(name):
    """A regression guard: the issue's targets on the hidden set are micro >= .84 / macro >= .82
    (positive = 1) and >= .90 / .88 (uncertain as positive); our own sets must stay well above."""
    records = [json.loads(x) for x in (DATA / name).read_text().splitlines()]
    gold = np.array([r["labels"] for r in records], dtype=np.int8)
    assert len(records) >= 200 and len({r["layout"] for r in records}) >= 14
    pred = label([r["report"] for r in records])
    for unc in ("negative", "positive"):
        ce = clinical_efficacy(pred, gold, uncertain=unc)
        assert ce.micro.f1 >= 0.97 and ce.macro.f1 >= 0.97, (unc, ce.micro, ce.macro)


def test_sections_option_of_the_labeler():
    report = "INDICATION: Cough.\nFINDINGS: Small left effusion.\nIMPRESSION: No pneumothorax.\nADDENDUM: Possible pneumonia."
    names = ["Pleural Effusion", "Pneumothorax", "Pneumonia"]
    pick = lambda lab: {k: int(lab([report])[0][OBSERVATIONS.index(k)]) for k in names}  # noqa: E731
    assert pick(Labeler()) == {"Pleural Effusion": P, "Pneumothorax": N, "Pneumonia": U}
    assert pick(Labeler(sections="findings,impression")) == {"Pleural Effusion": P, "Pneumothorax": N, "Pneumonia": M}
    assert pick(Labeler(sections=["impression"])) == {"Pleural Effusion": M, "Pneumothorax": N, "Pneumonia": M}
    # no findings/impression header: the whole report (minus the indication) is read
    plain = "INDICATION: Cough.\nSmall left effusion."
    assert Labeler(sections="impression")([plain])[0][OBSERVATIONS.index("Pleural Effusion")] == P


DOC_MIMIC = ("WET READ: ___ 3:10 AM  No pneumothorax.\nFINAL REPORT  INDICATION: Fever, eval for pneumonia.  "
             "COMPARISON: ___.\nFINDINGS: Small left effusion.  IMPRESSION: Left effusion, possibly a small "
             "pneumothorax.")
DOC_NO_FINDINGS_HEADER = "HISTORY: Cough. PA AND LATERAL CHEST: The heart is enlarged."
DOC_IU = "The heart is normal in size. No pleural effusion. No acute cardiopulmonary process."


@pytest.mark.parametrize("mode,report,sentences,labels", [
    ("all", DOC_MIMIC, ["___ 3:10 am no pneumothorax", "final report", "small left effusion",
                        "left effusion, possibly a small pneumothorax"], {"Pleural Effusion": P, "Pneumothorax": U}),
    ("findings,impression", DOC_MIMIC, ["small left effusion", "left effusion, possibly a small pneumothorax"],
     {"Pleural Effusion": P, "Pneumothorax": U}),
    ("impression", DOC_MIMIC, ["left effusion, possibly a small pneumothorax"], {"Pleural Effusion": P, "Pneumothorax": U}),
] + [(mode, DOC_NO_FINDINGS_HEADER, ["the heart is enlarged"], {"Cardiomegaly": P})
     for mode in ("all", "findings,impression", "impression")] + [
    (mode, DOC_IU, ["the heart is normal in size", "no pleural effusion", "no acute cardiopulmonary process"],
     {"No Finding": P, "Cardiomegaly": N, "Pleural Effusion": N}) for mode in ("all", "findings,impression", "impression")])
def test_docs_sections_examples(mode, report, sentences, labels):
    """The examples of docs/labeler.md, section 'Sections (--sections)'."""
    from rrg_rewards.labeler import parse_sections
    from rrg_rewards.labeler.sections import split_sentences

    assert split_sentences(report, parse_sections(mode)) == sentences
    row = Labeler(sections=mode)([report])[0]
    assert {o: int(v) for o, v in zip(OBSERVATIONS, row) if v != NOT_MENTIONED} == labels


def test_gate_changes_no_label_on_the_mimic_style_sets():
    reports = [json.loads(x)["report"] for name in ("mimic_style_dev.jsonl", "mimic_style_holdout.jsonl")
               for x in (DATA / name).read_text().splitlines()]
    reports += [in_report(s) for s, _ in PATTERNS] + [t for t, _ in SECTION_CASES]
    np.testing.assert_array_equal(Labeler(gate=True)(reports), Labeler(gate=False)(reports))

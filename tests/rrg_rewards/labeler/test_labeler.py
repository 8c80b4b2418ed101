"""The labeler on hand-written hard cases, the Stanford labeler's samples, and its API contract."""
import csv
import sys

import numpy as np
import pytest

from rrg_rewards import RewardsError
from rrg_rewards.labeler import (NEGATIVE, NOT_MENTIONED, OBSERVATIONS, POSITIVE, UNCERTAIN, Labeler,
                                 label, label_sentence)

P, N, U, M = POSITIVE, NEGATIVE, UNCERTAIN, NOT_MENTIONED


def labels_of(report: str) -> dict[str, int]:
    """{observation: value} of one report, leaving out not-mentioned ones."""
    row = label([report])[0]
    return {o: int(v) for o, v in zip(OBSERVATIONS, row) if v != NOT_MENTIONED}


# (text, expected values of the named observations; other observations are not checked)
HARD_CASES = [
    # negation with list scope
    ("No pneumothorax, pleural effusion, or focal consolidation.",
     {"Pneumothorax": N, "Pleural Effusion": N, "Consolidation": N}),
    ("There is no evidence of pneumothorax or pulmonary edema.", {"Pneumothorax": N, "Edema": N}),
    ("No visualized pneumothorax.", {"Pneumothorax": N}),
    ("No new consolidation.", {"Consolidation": N}),
    ("Lungs are clear without focal consolidation or effusion.", {"Consolidation": N, "Pleural Effusion": N}),
    ("Negative for pneumothorax.", {"Pneumothorax": N}),
    ("Pneumothorax is not seen.", {"Pneumothorax": N}),
    # scope ends at but / however / which / ;
    ("No pleural effusion, but there is a small right pneumothorax.",
     {"Pleural Effusion": N, "Pneumothorax": P}),
    ("No focal consolidation; small left effusion.", {"Consolidation": N, "Pleural Effusion": P}),
    ("No pneumothorax. However, a left basilar opacity is present.",
     {"Pneumothorax": N, "Lung Opacity": P}),
    ("There is no pneumothorax and the heart is enlarged.", {"Pneumothorax": N, "Cardiomegaly": P}),
    # 'no change' is not a negation
    ("No change in the moderate left pleural effusion.", {"Pleural Effusion": P}),
    ("No significant interval change in mild cardiomegaly.", {"Cardiomegaly": P}),
    # hedges
    ("Cannot exclude pneumonia.", {"Pneumonia": U}),
    ("Pneumonia cannot be excluded.", {"Pneumonia": U}),
    ("Possible small left pleural effusion.", {"Pleural Effusion": U}),
    ("Right basilar opacity which may represent atelectasis or pneumonia.",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    ("Atelectasis versus pneumonia.", {"Atelectasis": U, "Pneumonia": U}),
    ("Opacity concerning for pneumonia.", {"Lung Opacity": P, "Pneumonia": U}),
    ("No findings to suggest pneumonia.", {"Pneumonia": N}),
    ("Differential diagnosis includes edema, atypical infection, or hemorrhage.",
     {"Edema": U, "Pneumonia": U}),
    ("Pneumonia?", {"Pneumonia": U}),
    # resolved / removed
    ("The previously seen right pneumothorax has resolved.", {"Pneumothorax": N}),
    ("Interval resolution of the left pleural effusion.", {"Pleural Effusion": N}),
    ("The endotracheal tube has been removed.", {"Support Devices": N}),
    # unchanged / stable findings stay positive
    ("Stable mild cardiomegaly.", {"Cardiomegaly": P}),
    ("Unchanged bibasilar atelectasis.", {"Atelectasis": P}),
    # heart size statements
    ("Heart size is normal.", {"Cardiomegaly": N}),
    ("The heart is not enlarged.", {"Cardiomegaly": N}),
    ("The heart is mildly enlarged.", {"Cardiomegaly": P}),
    ("Borderline cardiomegaly.", {"Cardiomegaly": P}),
    ("Heart size is at the upper limits of normal.", {"Cardiomegaly": N}),
    ("The mediastinum is widened.", {"Enlarged Cardiomediastinum": P}),
    ("The cardiomediastinal silhouette is within normal limits.",
     {"Enlarged Cardiomediastinum": N, "Cardiomegaly": N}),
    # devices
    ("Right IJ central venous catheter tip in the SVC.", {"Support Devices": P}),
    ("Left chest wall pacemaker with leads in the right atrium and ventricle.", {"Support Devices": P}),
    ("Endotracheal tube terminates 4 cm above the carina. Enteric tube in the stomach.",
     {"Support Devices": P}),
    ("Enteric tube tip not visualized.", {"Support Devices": P}),
    ("The patient has been extubated.", {"Support Devices": N}),
    # fractures: old / healed still count, 'no acute' negates
    ("Old healed left rib fractures.", {"Fracture": P}),
    ("No acute fracture.", {"Fracture": N}),
    ("Resolution of the previously seen pulmonary edema.", {"Edema": N}),
    ("No pneumothorax following chest tube removal.", {"Pneumothorax": N, "Support Devices": N}),
    ("An age-indeterminate fracture of a lower thoracic vertebra.", {"Fracture": P}),
    ("Fractured sternotomy wire.", {"Fracture": M, "Support Devices": P}),
    ("Limited exam, for evaluation of rib fractures.", {"Fracture": U}),
    # congestion is not edema (but it is not a normal study either)
    ("Mild pulmonary vascular congestion.", {"Edema": M, "No Finding": M}),
    # exclusions: not a lung finding
    ("Small pericardial effusion.", {}),
    ("Soft tissue edema of the chest wall.", {}),
    ("Calcified granuloma in the right upper lobe.", {}),
    # lesions and opacities
    ("Nodular opacity likely represents a nipple shadow.", {"Lung Lesion": M, "Lung Opacity": P}),
    ("Nodule projecting over the right 5th rib.", {"Lung Lesion": P}),
    ("A 1.5 cm nodule in the left upper lobe.", {"Lung Lesion": P}),
    ("Patchy airspace disease in the right lower lobe.", {"Lung Opacity": P}),
    ("Left lower lobe collapse.", {"Atelectasis": P}),
    ("Pleural thickening at the right apex.", {"Pleural Other": P}),
    ("Blunting of the left costophrenic angle.", {"Pleural Effusion": P}),
]


@pytest.mark.parametrize("text,expected", HARD_CASES, ids=[c[0][:40] for c in HARD_CASES])
def test_hard_cases(text, expected):
    got = labels_of(text)
    assert {k: got.get(k, M) for k in expected} == expected
    if not expected:  # nothing among the 13 findings may be mentioned
        assert all(got.get(o, M) == M for o in OBSERVATIONS[1:])


def test_exclusions_leave_finding_unmentioned():
    assert "Pleural Effusion" not in labels_of("Small pericardial effusion.")
    assert "Edema" not in labels_of("Soft tissue edema of the chest wall.")


MIMIC = """                                 FINAL REPORT
 EXAMINATION:  CHEST (PA AND LAT)

 INDICATION:  ___ year old woman with cough and fever, eval for pneumonia and edema.

 TECHNIQUE:  Chest PA and lateral

 COMPARISON:  ___ showed a right pneumothorax.

 FINDINGS:

 The heart size is normal. There is no pleural effusion. Patchy opacity at the left
 base, possibly atelectasis.

 IMPRESSION:

 1. Left basilar opacity, possibly atelectasis; pneumonia is not excluded.
 2. No pleural effusion.
"""


def test_mimic_report_sections():
    got = labels_of(MIMIC)
    # indication ("eval for pneumonia and edema") and comparison ("right pneumothorax") add nothing
    assert "Edema" not in got and "Pneumothorax" not in got
    assert got == {"Cardiomegaly": N, "Lung Opacity": P, "Atelectasis": U, "Pneumonia": U,
                   "Pleural Effusion": N}


def test_numbered_impression_with_hedged_differential():
    # the report used to illustrate the CheXpert labeler in its paper
    got = labels_of("1. unremarkable cardiomediastinal silhouette 2. diffuse reticular pattern, which can "
                    "be seen with an atypical infection or chronic fibrotic change. no focal consolidation. "
                    "3. no pleural effusion or pneumothorax 4. mild degenerative changes in the lumbar spine "
                    "and old right rib fractures.")
    want = {"Enlarged Cardiomediastinum": N, "Lung Opacity": P, "Consolidation": N, "Pneumonia": U,
            "Pneumothorax": N, "Pleural Effusion": N, "Fracture": P, "No Finding": M}
    assert {k: got.get(k, M) for k in want} == want


def test_indication_question_alone_creates_no_mention():
    got = labels_of("INDICATION: Evaluate for pneumothorax.\nFINDINGS: Lungs are clear.")
    assert got == {"No Finding": P}


def test_r2gen_cleaned_text():
    got = labels_of("the heart is normal in size . the mediastinum is unremarkable . "
                    "no pleural effusion or pneumothorax . there is mild cardiomegaly .")
    assert got["Cardiomegaly"] == P and got["Pleural Effusion"] == N and got["Pneumothorax"] == N


def test_deid_blanks_keep_negation():
    assert labels_of("There are no XXXX of a pleural effusion.")["Pleural Effusion"] == N
    assert labels_of("No ___ pneumothorax.")["Pneumothorax"] == N


# ---- aggregation and No Finding ----------------------------------------------------------

def test_positive_beats_uncertain_beats_negative():
    assert labels_of("No effusion. Possible small effusion.")["Pleural Effusion"] == U
    assert labels_of("Possible effusion. Small left effusion.")["Pleural Effusion"] == P
    assert labels_of("No effusion on the right. Small left effusion.")["Pleural Effusion"] == P


@pytest.mark.parametrize("text,no_finding", [
    ("No acute cardiopulmonary process.", P),
    ("Heart size normal. No effusion or pneumothorax.", P),
    ("Endotracheal tube in place. Lungs are clear.", P),       # devices do not count
    ("Mild cardiomegaly.", M),
    ("Possible small effusion.", M),                           # uncertain counts
    ("Hyperexpanded lungs consistent with emphysema.", M),     # other abnormality
    ("No emphysema. Lungs are clear.", P),
])
def test_no_finding(text, no_finding):
    assert label([text])[0, 0] == no_finding


def test_no_finding_pathologies_mode_ignores_other_abnormalities():
    text = "Hyperexpanded lungs consistent with emphysema. No effusion."
    assert Labeler(no_finding="pathologies")([text])[0, 0] == P
    assert Labeler()([text])[0, 0] == M
    with pytest.raises(RewardsError, match="no_finding must be"):
        Labeler(no_finding="loose")


def test_stanford_samples_exactly(shared_data):
    with open(shared_data / "chexpert_labeler" / "labeled_reports.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][1:] == list(OBSERVATIONS)
    got = label([r[0] for r in rows[1:]])
    want = np.array([[NOT_MENTIONED if c == "" else int(float(c)) for c in r[1:]] for r in rows[1:]])
    np.testing.assert_array_equal(got, want)


# ---- API contract ------------------------------------------------------------------------

def test_shape_dtype_and_constants():
    out = label(["No effusion.", "", "Cardiomegaly."])
    assert out.shape == (3, 14) and out.dtype == np.int8
    assert OBSERVATIONS[0] == "No Finding" and OBSERVATIONS[-1] == "Support Devices"
    assert len(set((POSITIVE, NEGATIVE, UNCERTAIN, NOT_MENTIONED))) == 4
    assert out[1].tolist() == [P] + [M] * 13  # an empty report: nothing found


def test_batch_equals_single_and_cache_is_consistent():
    reports = [t for t, _ in HARD_CASES] + [MIMIC]
    batch = label(reports)
    fresh = Labeler()
    for i, r in enumerate(reports):
        np.testing.assert_array_equal(fresh([r])[0], batch[i])
    np.testing.assert_array_equal(label(reports[::-1]), batch[::-1])
    batch[0, :] = 0  # the returned array is the caller's to change
    assert label([reports[0]])[0].tolist() != [0] * 14


def test_gate_changes_no_label():
    reports = [t for t, _ in HARD_CASES] + [MIMIC]
    np.testing.assert_array_equal(Labeler(gate=True)(reports), Labeler(gate=False)(reports))


def test_gate_changes_no_label_on_iu_xray(shared_data):
    import json
    data = json.loads((shared_data / "iu_xray" / "annotation.json").read_text())
    reports = [x["report"] for x in data["val"]]
    np.testing.assert_array_equal(Labeler(gate=True)(reports), Labeler(gate=False)(reports))


def test_bad_input():
    with pytest.raises(RewardsError, match="single string"):
        label("No effusion.")
    with pytest.raises(RewardsError, match="report 1 is int"):
        label(["ok", 3])


def test_label_sentence_explains():
    assert label_sentence("No effusion; possible atelectasis.") == {"Pleural Effusion": N, "Atelectasis": U}


def test_lazy_top_level_export_and_no_torch():
    import rrg_rewards
    assert rrg_rewards.label is label
    import subprocess
    code = "import rrg_rewards, sys; rrg_rewards.label(['x']); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---- invariants --------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TEXTS = [t for t, _ in HARD_CASES]
RANKS = {M: 0, N: 1, U: 2, P: 3}


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(TEXTS), st.sampled_from(TEXTS))
def test_joining_reports_takes_the_stronger_value(a, b):
    la, lb, lab = label([a, b, f"{a}\n\n{b}"])
    for k in range(1, 14):  # No Finding is recomputed from the whole report
        want = la[k] if RANKS[int(la[k])] >= RANKS[int(lb[k])] else lb[k]
        assert lab[k] == want, OBSERVATIONS[k]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(TEXTS), st.sampled_from(["upper", "spaces", "wrap"]))
def test_case_and_whitespace_do_not_matter(text, how):
    changed = {"upper": text.upper(), "spaces": text.replace(" ", "   "),
               "wrap": text.replace(" ", "\n", 2)}[how]
    np.testing.assert_array_equal(label([changed])[0], label([text])[0])

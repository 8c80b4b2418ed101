"""Rules written after reading the IU X-Ray disagreements with Open-i MeSH (labeler defects only,
not convention differences) and after rounds 10 and later of ``data/mimic_idiom.jsonl`` (see
docs/labeler.md). Each case is in our own words; every case is also run with its sentences one per
line."""
import pytest

from rrg_rewards.labeler import OBSERVATIONS, label

P, N, U, M = 1, 0, -1, -2

IU_RULES = [
    # "within (the) limits of normal" is "within normal limits"
    ("Heart size and pulmonary vascularity appear within limits of normal.",
     {"Cardiomegaly": N, "No Finding": P}),
    ("The cardiac silhouette is within the limits of normal. Lungs are clear.", {"Cardiomegaly": N, "No Finding": P}),
    ("Mediastinal contours are within limits of normal.", {"Enlarged Cardiomediastinum": N}),
    ("Vascular engorgement appears within limits of normal. Lungs are clear.", {"No Finding": P}),
    # low-normal lung volumes are normal volumes; low ones are not
    ("Lung volumes are low normal. The lungs are clear.", {"No Finding": P}),
    ("Lung volumes are low-normal. No effusion.", {"No Finding": P}),
    ("Lung volumes are low. The lungs are clear.", {"No Finding": M}),
    # "clear airspace disease": a dictation slip for "clear of"; the finding must follow at once
    ("The lungs are expanded and clear airspace disease.", {"Lung Opacity": N, "No Finding": P}),
    ("Lungs are clear focal consolidation.", {"Consolidation": N}),
    ("The lungs are clear, mild bibasilar atelectasis.", {"Atelectasis": P}),
    ("Clear lungs, cardiomegaly.", {"Cardiomegaly": P}),
    # a cue that looks ahead at its mention sees it also when no later mention follows
    ("Early pneumonia in the right lower lobe.", {"Pneumonia": U}),
    ("Early pneumonia in the right lower lobe and a left effusion.", {"Pneumonia": U}),
    # a blank standing for "size" between the heart and its predicate
    ("The heart ___ is mildly large.", {"Cardiomegaly": P}),
    ("The heart XXXX is large, unchanged.", {"Cardiomegaly": P}),
    # "upper limits (of) normal or mildly enlarged" is read as "top normal to mildly enlarged"
    ("Heart size is upper limits normal or mildly enlarged.", {"Cardiomegaly": P}),
    ("The heart is upper limits of normal to mildly enlarged.", {"Cardiomegaly": P}),
    ("Heart size is upper limits of normal.", {"Cardiomegaly": N}),
    # an age word after a comma starts a new asserted finding, as a degree word does
    ("Rounded densities in both axillae most suggestive of skin folds, healed left 7th rib fracture noted.",
     {"Fracture": P}),
    ("No pneumothorax, old left rib fractures.", {"Pneumothorax": N, "Fracture": P}),
    ("No acute fracture, old or new.", {"Fracture": N}),
    # broken ribs named by number
    ("There are broken left 4th and 5th-7th ribs.", {"Fracture": P}),
    ("Broken right 9th ___ ___.", {"Fracture": P}),
    ("Sternotomy wires are broken.", {"Fracture": M, "Support Devices": P}),
    # a calcified density is a calcification wherever it lies, not an airspace opacity
    ("Calcified density in the left lung apex, consistent with a granuloma.", {"Lung Opacity": M, "No Finding": M}),
    ("Round calcific densities in the right mid lung zone.", {"Lung Opacity": M}),
    ("Patchy density in the right lung base.", {"Lung Opacity": P}),
    # "almost / nearly (completely) resolved X" leaves X, as "X has nearly resolved" does
    ("Nearly resolved right pleural effusion.", {"Pleural Effusion": P}),
    ("Almost completely resolved left apical pneumothorax.", {"Pneumothorax": P}),
    ("Partially resolved left lower lobe consolidation.", {"Consolidation": P}),
    ("Resolved right pleural effusion.", {"Pleural Effusion": N}),
    # an opaque lobe or lung is an opacity ("radio-opaque" markers are not)
    ("The left lower lobe is completely opaque.", {"Lung Opacity": P}),
    ("The right lung is nearly opaque.", {"Lung Opacity": P}),
    ("Radio-opaque skin marker at the right nipple. Lungs are clear.", {"Lung Opacity": M}),
    # "not well-seen" hyphenated hedges as "not well seen" does
    ("The previously noted nodule is not well-seen on this study.", {"Lung Lesion": U}),
    ("The pneumothorax is not well-visualized.", {"Pneumothorax": U}),
    # "not" before a participle and a comma negates the participle, not the finding after it
    ("The right apex is not well visualized, pneumothorax not excluded.", {"Pneumothorax": U}),
    ("The left base is not included, effusion cannot be excluded.", {"Pleural Effusion": U}),
    ("No consolidation, pleural effusion, or pneumothorax is identified.",
     {"Consolidation": N, "Pleural Effusion": N, "Pneumothorax": N}),
    ("Small effusion is poorly-evaluated.", {"Pleural Effusion": U}),
    # a cue after an explanation judges the explanation: the finding itself is there
    ("Opacities left lung base may represent atelectasis versus scarring.", {"Lung Opacity": P, "Atelectasis": U}),
    ("Streaky opacity right base likely reflecting atelectasis versus early pneumonia.",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    ("Atelectasis versus pneumonia at the left base.", {"Atelectasis": U, "Pneumonia": U}),
    ("Opacity at the right base versus overlapping soft tissue.", {"Lung Opacity": U}),
]

ROUND_RULES = [
    # round 10: an aspiration named as the clinical event is history, not a finding of the film
    ("Bilateral lower lobe opacities after a witnessed aspiration are concerning for pneumonia.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("Left basilar opacity in the setting of known aspiration.", {"Lung Opacity": P, "Pneumonia": M}),
    ("Right lower lobe opacity following an aspiration episode.", {"Pneumonia": M}),
    ("Right lower lobe opacity, likely aspiration.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Findings are compatible with aspiration pneumonia after a witnessed aspiration.", {"Pneumonia": P}),
    # round 12: fluid named by the fissure, and a density named by where it lies
    ("Small amount of fissural fluid on the left.", {"Pleural Effusion": P}),
    ("No interlobar fluid.", {"Pleural Effusion": N}),
    ("Left retrocardiac density likely reflects atelectasis.", {"Lung Opacity": P, "Atelectasis": U}),
    ("Increasing perihilar densities.", {"Lung Opacity": P}),
    ("No retrocardiac density.", {"Lung Opacity": N}),
    # a density or opacity explained as a structure outside the lung is no lung opacity
    ("Retrocardiac density compatible with a moderate hiatal hernia.", {"Lung Opacity": M, "No Finding": M}),
    ("Right paratracheal opacity likely representing adenopathy.", {"Lung Opacity": M}),
    ("Opacity at the left cardiophrenic angle probably due to an epicardial fat pad.", {"Lung Opacity": M}),
    ("Retrocardiac opacity, likely atelectasis, with a small hiatal hernia.", {"Lung Opacity": P, "Atelectasis": U}),
    # round 13: the cardiopericardial silhouette is the heart's; pleural air named with its side
    ("The cardiopericardial silhouette is moderately enlarged.", {"Cardiomegaly": P}),
    ("Enlargement of the cardiopericardial silhouette, possibly from pericardial effusion.",
     {"Cardiomegaly": P, "Pleural Effusion": M}),
    ("The cardiopericardial silhouette is normal.", {"Cardiomegaly": N}),
    ("A small amount of air in the left pleural space.", {"Pneumothorax": P}),
    ("No air in the right pleural space.", {"Pneumothorax": N}),
    # round 14: "if present" / "if any" set off by commas still hedge; fixation hardware is a device
    ("Bilateral effusions, if present, are small.", {"Pleural Effusion": U}),
    ("Right apical pneumothorax, if any, is tiny.", {"Pneumothorax": U}),
    ("Healed left clavicle fracture with plate fixation.", {"Fracture": P, "Support Devices": P}),
    ("Status post ORIF of the right humerus. Lungs are clear.", {"Support Devices": P, "No Finding": P}),
    ("Intramedullary rod fixation of the left humerus.", {"Support Devices": P}),
    # round 18 (wet-read shorthand): "eff", "w/in normal limits", "nl", "c/f", a PTX explained as
    # a skin fold
    ("No eff/ptx.", {"Pleural Effusion": N, "Pneumothorax": N}),
    ("Small L eff.", {"Pleural Effusion": P}),
    ("Cardiomediastinal silhouette w/in normal limits.", {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Heart size nl. Mediastinum nl.", {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "No Finding": P}),
    ("Worsening perihilar opacities, c/f pulm edema.", {"Lung Opacity": P, "Edema": U}),
    ("?Small R apical PTX, likely skin fold.", {"Pneumothorax": M}),
    ("Small R apical PTX.", {"Pneumothorax": P}),
    # round 19: "mostly / largely / substantially resolved" leaves the finding; "may be developing"
    # hedges
    ("The left lower lobe consolidation is now mostly resolved.", {"Consolidation": P}),
    ("The right effusion has largely resolved.", {"Pleural Effusion": P}),
    ("Substantially resolved left pneumothorax.", {"Pneumothorax": P}),
    ("The left effusion has resolved.", {"Pleural Effusion": N}),
    ("A right lower lobe pneumonia may be developing.", {"Pneumonia": U}),
    ("Superimposed infection could also be developing.", {"Pneumonia": U}),
    # round 21: "pleural parenchymal" without a hyphen; a finding put forward as the cause of another
    # is uncertain, and the finding it would explain is asserted
    ("Biapical pleural parenchymal scarring.", {"Pleural Other": P}),
    ("Endobronchial lesion or mucus plug could be the cause.", {"Lung Lesion": U}),
    ("A mucus plug may be responsible for the left lower lobe collapse.", {"Atelectasis": P}),
    ("An obstructing lesion may be causing the right upper lobe collapse.", {"Atelectasis": P}),
    ("Aspiration could explain the right basilar opacity.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Atelectasis may account for the retrocardiac opacity.", {"Lung Opacity": P, "Atelectasis": U}),
    ("Possible left lower lobe atelectasis.", {"Atelectasis": U}),
    # round 22: metastatic disease that explains a bone lesion is no lung lesion (the bone lesion
    # is another abnormality, also with words between its kind and "lesion")
    ("Lytic right 6th rib lesion concerning for metastatic disease.", {"Lung Lesion": M, "No Finding": M}),
    ("Sclerotic lesion in the T8 vertebral body, likely metastatic disease.", {"Lung Lesion": M, "No Finding": M}),
    ("Multiple pulmonary nodules, consistent with metastatic disease.", {"Lung Lesion": P}),
    ("Right upper lobe lesion, concerning for metastatic disease.", {"Lung Lesion": P}),    # found while probing round 23: "haze" is haziness
    ("Mild perihilar haze.", {"Lung Opacity": P, "No Finding": M}),
    ("No perihilar haze.", {"Lung Opacity": N}),
    # asides between commas (session 12): the state on an earlier film goes, today's predicate reads the
    # subject; a present-tense "which is" clause is said as a second predicate
    ("The heart, which was enlarged before, is now normal in size.", {"Cardiomegaly": N, "No Finding": P}),
    ("Heart size, previously enlarged, is now normal.", {"Cardiomegaly": N, "No Finding": P}),
    ("The heart, previously normal, is now enlarged.", {"Cardiomegaly": P, "No Finding": M}),
    ("The left effusion, which had been large on the prior study, is now small.", {"Pleural Effusion": P}),
    ("The heart, which is mildly enlarged, is stable.", {"Cardiomegaly": P, "No Finding": M}),
    ("The mediastinum, which is widened, is unchanged.", {"Enlarged Cardiomediastinum": P}),
    ("The heart, which is not enlarged, is unchanged.", {"Cardiomegaly": N}),
    ("The opacity, which is likely atelectasis, is unchanged.", {"Lung Opacity": P, "Atelectasis": U}),
    # "paratracheal soft tissue fullness" is the paratracheal fullness already read
    ("Right paratracheal soft tissue fullness is again seen.", {"Enlarged Cardiomediastinum": P}),
    ("The right paratracheal soft-tissue fullness has resolved.", {"Enlarged Cardiomediastinum": N}),
    # a templated field whose value is a hedge is uncertain, as one whose value denies it is negative
    ("Consolidation: possible.", {"Consolidation": U}),
    ("Pneumonia: possible right lower lobe.", {"Pneumonia": U}),
    ("Effusion: cannot be excluded.", {"Pleural Effusion": U}),
    ("Effusion: small left.", {"Pleural Effusion": P}),
    ("Pneumothorax: none.", {"Pneumothorax": N}),
    # "+/-" is equivocal, before or after the finding; a bare hedge word closing the sentence reaches the
    # finding, also after a comma ("small effusion, possibly"); "likely" there is left alone, as it may be
    # about change ("the effusion is unchanged, likely")
    ("+/- small left effusion.", {"Pleural Effusion": U}),
    ("Small left effusion +/-.", {"Pleural Effusion": U}),
    ("Trace right effusion, +/- atelectasis.", {"Pleural Effusion": P, "Atelectasis": U}),
    ("Right lower lobe pneumonia, probably.", {"Pneumonia": U}),
    ("Small left effusion questionable.", {"Pleural Effusion": U}),
    ("No effusion, probably.", {"Pleural Effusion": N}),
    ("The effusion is unchanged, likely.", {"Pleural Effusion": P}),
    # a hedge before a verb that offers the mention as the explanation ("likely represents / reflects X")
    # hedges X even when X's own cause follows ("... due to low volumes"); a hedge before a subject that
    # is explained later still skips the subject
    ("Opacity likely represents atelectasis due to low lung volumes.", {"Lung Opacity": P, "Atelectasis": U}),
    ("Basilar opacities likely reflecting atelectasis related to the effusions.",
     {"Lung Opacity": P, "Atelectasis": U}),
    ("It is difficult to say whether the opacity represents aspiration.", {"Lung Opacity": P, "Pneumonia": U}),
    # "unclear whether the X is due to Y" questions the explanation Y, asserts X; "unclear whether the X has
    # increased" questions the change
    ("It is unclear whether the effusion is due to pneumonia.", {"Pleural Effusion": P, "Pneumonia": U}),
    ("It is unclear whether the effusion has increased.", {"Pleural Effusion": P}),
    ("It is unclear whether there is a small effusion.", {"Pleural Effusion": U}),
]

# round 16: organ headers written as bullets, and more organ header names ("Heart size:", "Cardiac
# silhouette:", "Pleural spaces:"), keep their organ as the subject of the value
HEADER_CASES = [
    ("FINDINGS:\n - Heart size: normal.\n - Mediastinum: normal.\n - Lungs: clear.\n",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "No Finding": P}),
    ("FINDINGS:\n* Cardiac silhouette: mildly enlarged.\n* Pleural spaces: no effusion.\n",
     {"Cardiomegaly": P, "Pleural Effusion": N}),
    ("FINDINGS:\nHeart size: Normal.\nHilar contours: Normal.\nLungs: Clear.\n", {"Cardiomegaly": N, "No Finding": P}),
    ("IMPRESSION:\n - Lines/tubes: none.\n - Lungs: small left effusion.\n", {"Support Devices": N, "Pleural Effusion": P}),
    # a dash inside a sentence is no bullet
    ("Mild cardiomegaly - heart size: stable.", {"Cardiomegaly": P}),
]


@pytest.mark.parametrize("report, want", [pytest.param(t, w, id=t[:50]) for t, w in HEADER_CASES]
                         + [pytest.param(" ".join(t.split()), w, id="joined:" + t[:44]) for t, w in HEADER_CASES])
def test_bulleted_and_named_organ_headers(report, want):
    row = label([report])[0]
    assert {k: int(row[OBSERVATIONS.index(k)]) for k in want} == want


def _lines(text: str) -> str:
    return " ".join(text.split()).replace(". ", ".\n")


@pytest.mark.parametrize("report, want", [pytest.param(t, w, id=t[:50]) for t, w in IU_RULES]
                         + [pytest.param(_lines(t), w, id="lines:" + t[:44]) for t, w in IU_RULES])
def test_rules_from_iu_xray_disagreements(report, want):
    row = label([report])[0]
    assert {k: int(row[OBSERVATIONS.index(k)]) for k in want} == want


def test_word_gates_change_no_label_here():
    """The new phrases' trigger words cover them: the same labels with the gate off."""
    import numpy as np

    from rrg_rewards.labeler import Labeler

    texts = [t for t, _ in IU_RULES + ROUND_RULES]
    np.testing.assert_array_equal(Labeler(gate=True)(texts), Labeler(gate=False)(texts))


@pytest.mark.parametrize("report, want", [pytest.param(t, w, id=t[:50]) for t, w in ROUND_RULES]
                         + [pytest.param(_lines(t), w, id="lines:" + t[:44]) for t, w in ROUND_RULES])
def test_rules_from_the_later_rounds(report, want):
    row = label([report])[0]
    assert {k: int(row[OBSERVATIONS.index(k)]) for k in want} == want

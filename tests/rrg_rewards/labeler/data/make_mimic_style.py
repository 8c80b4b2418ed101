"""Write ``mimic_style_dev.jsonl``: MIMIC-CXR-style reports with labels set by construction.

A development set for the labeler, written for rrg (no MIMIC-CXR text is copied). Each report
is composed from phrase banks: every finding sentence carries its own labels (``CM=1`` etc.),
and a report's labels are the aggregation the CheXpert definitions give (positive > uncertain >
negative per observation; No Finding positive when no pathology is positive or uncertain and no
other abnormality, marked ``OT``, is described). Indication, history and comparison text carries
distractor findings that must not count. The same study is written in one of several layouts:
MIMIC headers with line breaks or whitespace-joined (CSV cells), numbered impressions, wet-read
lines, an indication or comparison first with no known header after it, exam/view lines ending
in a colon, and old header-less layouts.

Run ``python tests/rrg_rewards/labeler/data/make_mimic_style.py`` to rewrite the file (seeded).
"""
from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path

OBS = ("No Finding", "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Lesion", "Lung Opacity",
       "Edema", "Consolidation", "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion",
       "Pleural Other", "Fracture", "Support Devices")
CODE = {"EC": 1, "CM": 2, "LL": 3, "LO": 4, "ED": 5, "CO": 6, "PN": 7, "AT": 8, "PX": 9, "PE": 10,
        "PO": 11, "FX": 12, "SD": 13}
RANK = {-2: 0, 0: 1, -1: 2, 1: 3}

# ---- phrase banks: "sentence |CODE=value ..." ------------------------------------------------
# Normal statements (one is drawn per organ system when that system has no abnormality).
NORMAL = {
    "heart": [
        "The heart size is normal. |CM=0",
        "Heart size is within normal limits. |CM=0",
        "The cardiac silhouette is normal in size. |CM=0",
        "Normal heart size. |CM=0",
        "The cardiomediastinal silhouette is within normal limits. |CM=0 EC=0",
        "Cardiomediastinal contours are normal. |CM=0 EC=0",
        "Heart and mediastinum are unremarkable. |CM=0 EC=0",
        "The heart is not enlarged. |CM=0",
        "Mediastinal and hilar contours are unremarkable. |EC=0",
        "The cardiac and mediastinal silhouettes are stable and unremarkable. |CM=0 EC=0",
        "Heart size is top normal. |CM=0",
    ],
    "lungs": [
        "No focal consolidation to suggest pneumonia. |CO=0 PN=0",
        "No evidence of pneumonia. |PN=0",
        "No definite pneumothorax. |PX=0",
        "The lungs are clear. |",
        "Lungs are clear without focal consolidation. |CO=0",
        "There is no focal consolidation. |CO=0",
        "No focal airspace opacity to suggest pneumonia. |LO=0 PN=0",
        "The lungs are well expanded and clear. |",
        "No pulmonary edema. |ED=0",
        "There is no pulmonary vascular congestion or edema. |ED=0",
        "No consolidation or edema. |CO=0 ED=0",
        "Lungs are clear, without consolidation or oedema. |CO=0 ED=0",
        "No new infiltrate. |LO=0",
    ],
    "pleura": [
        "There is no pleural effusion or pneumothorax. |PE=0 PX=0",
        "No pleural effusion. No pneumothorax. |PE=0 PX=0",
        "No effusion or pneumothorax is seen. |PE=0 PX=0",
        "No pneumothorax or sizable effusion. |PX=0 PE=0",
        "Costophrenic angles are sharp. No pneumothorax. |PE=0 PX=0",
        "No PTX or effusion. |PX=0 PE=0",
        "Pleural surfaces are clear. There is no pneumothorax. |PX=0",
    ],
    "bones": [
        "No acute osseous abnormality. |",
        "The visualized osseous structures are unremarkable. |",
        "No displaced rib fracture is identified. |FX=0",
        "Bony structures are intact. |",
        "",
    ],
}

# Abnormal findings: a kind has several wordings; findings and impression use different ones.
FINDINGS = {
    "cardiomegaly": [
        "Mild-to-moderate cardiomegaly. |CM=1",
        "The heart is mildly enlarged, but unchanged. |CM=1",
        "Cardiomegaly, at least moderate. |CM=1",
        "The cardiac silhouette is probably mildly enlarged. |CM=-1",
        "Moderate cardiomegaly is again seen. |CM=1",
        "The heart is at least mildly enlarged. |CM=1",
        "The heart remains moderately to severely enlarged. |CM=1",
        "Mild enlargement of the cardiac silhouette is unchanged. |CM=1",
        "The cardiac silhouette is markedly enlarged. |CM=1",
        "Stable cardiomegaly. |CM=1",
        "Heart size is mildly to moderately enlarged. |CM=1",
        "The heart is slightly larger than on the prior study. |CM=1",
        "Cardiac silhouette is severely enlarged, likely unchanged. |CM=1",
    ],
    "cardiomediastinal": [
        "Widening of the mediastinum is unchanged. |EC=1",
        "Mediastinal lymphadenopathy is again seen. |EC=1",
        "Enlargement of the cardiac and mediastinal silhouettes persists. |CM=1 EC=1",
        "Widened superior mediastinum is unchanged. |EC=1",
        "The superior mediastinum is widened, likely due to vascular engorgement. |EC=1 OT=1",
        "Mediastinal widening is again noted. |EC=1",
        "The mediastinal contour is prominent. |EC=1",
        "Large anterior mediastinal mass is again seen. |EC=1",
        "Right hilar mass is unchanged in size. |EC=1",
        "Bilateral hilar lymphadenopathy. |EC=1",
    ],
    "lesion": [
        "Pulmonary nodule in the right lower lobe is better seen on CT. |LL=1",
        "Right upper lobe mass with associated collapse. |LL=1 AT=1",
        "Large right upper lobe tumour. |LL=1",
        "A 2 cm nodule projects over the right upper lobe. |LL=1",
        "Spiculated mass in the left upper lobe. |LL=1",
        "There is a cavitary lesion in the right upper lobe. |LL=1",
        "Cavitation is seen within the left apical consolidation. |LL=1 CO=1",
        "Multiple pulmonary nodules are again noted. |LL=1",
        "Small, round, nodular opacity at the left base. |LL=1 LO=1",
        "A well-circumscribed, nodular density in the right mid lung. |LL=1 LO=1",
        "Known right lung cancer with a mass in the right upper lobe. |LL=1",
        "A rounded nodule in the lingula may represent a granuloma. |LL=1",
    ],
    "opacity": [
        "Patchy opacity at the right lung base. |LO=1",
        "Bibasilar opacities are present. |LO=1",
        "Hazy opacification of the left hemithorax. |LO=1",
        "Increased interstitial markings bilaterally. |LO=1",
        "There is a new retrocardiac opacity. |LO=1",
        "Streaky left basilar opacity has not cleared. |LO=1",
        "Ill-defined opacity in the right upper lobe persists. |LO=1",
        "Right perihilar airspace opacity. |LO=1",
    ],
    "opacity_hedged": [
        "Streaky retrocardiac opacity may reflect atelectasis, although infection is not excluded. |LO=1 AT=-1 PN=-1",
        "Left retrocardiac opacification, likely atelectasis. |LO=1 AT=-1",
        "Persistent left lower lobe opacity, concerning for pneumonia. |LO=1 PN=-1",
        "Increased right basilar opacity, which could be atelectasis but pneumonia is not excluded. |LO=1 AT=-1 PN=-1",
        "Left basilar opacity, either atelectasis or aspiration. |LO=1 AT=-1 PN=-1",
        "Mild interstitial opacities, possibly mild edema. |LO=1 ED=-1",
        "Left lower lobe opacity is most likely atelectasis. |LO=1 AT=-1",
        "The lower lung opacities may reflect a combination of atelectasis, aspiration, and developing pneumonia. |LO=1 AT=-1 PN=-1",
        "Patchy opacity at the left base, which, in the setting of fever and cough, could represent pneumonia. |LO=1 PN=-1",
        "Opacities in both lower lobes could be due to atelectasis, but superimposed infection, including aspiration, cannot be excluded. |LO=1 AT=-1 PN=-1",
        "Bibasilar opacities are most likely due to atelectasis. |LO=1 AT=-1",
        "The opacities are most likely due to edema. |LO=1 ED=-1",
        "Retrocardiac opacity likely reflects atelectasis, though pneumonia should be considered. |LO=1 AT=-1 PN=-1",
        "Right basilar opacity could reflect atelectasis and/or pneumonia. |LO=1 AT=-1 PN=-1",
        "Left lower lobe opacity, atelectasis/pneumonia. |LO=1 AT=-1 PN=-1",
        "Patchy right lower lobe opacity represents either atelectasis or pneumonia. |LO=1 AT=-1 PN=-1",
        "It is difficult to say whether the left basilar opacity reflects pneumonia. |LO=1 PN=-1",
        "Hard to say whether the new opacity represents aspiration. |LO=1 PN=-1",
        "Left basal opacity could also represent an early pneumonia. |LO=1 PN=-1",
        "Right lower lobe opacity with air bronchograms, presumed pneumonia. |LO=1 CO=1 PN=-1",
        "Opacity in the left lower lobe, which may represent a number of processes including atelectasis, aspiration, or pneumonia. |LO=1 AT=-1 PN=-1",
        "Patchy bibasilar opacities may represent atelectasis with superimposed aspiration. |LO=1 AT=-1 PN=-1",
        "Ill-defined opacity at the right base is concerning for developing pneumonia in the appropriate clinical setting. |LO=1 PN=-1",
    ],
    "edema": [
        "Moderate pulmonary edema is improved but persists. |ED=1",
        "Interval improvement in pulmonary edema, now mild. |ED=1",
        "Mild oedema, probably unchanged. |ED=1",
        "This could represent early edema or atypical infection. |ED=-1 PN=-1",
        "Mild pulmonary edema. |ED=1",
        "Moderate interstitial edema has not cleared. |ED=1",
        "There is mild interstitial pulmonary oedema. |ED=1",
        "Pulmonary edema has worsened since the prior study. |ED=1",
        "Findings are consistent with CHF. |ED=1",
        "Perihilar haziness and vascular indistinctness reflect moderate edema. |ED=1 LO=1",
        "Kerley B lines indicate interstitial edema. |ED=1",
        "Mild edema persists. |ED=1",
    ],
    "consolidation": [
        "Persistent left lower lobe consolidation has not improved. |CO=1",
        "Mild atelectasis at the left base without definite consolidation. |AT=1 CO=0",
        "Right lower lobe consolidation. |CO=1",
        "Dense consolidation in the left lower lobe with air bronchograms. |CO=1",
        "There is consolidation of the right middle lobe. |CO=1",
        "Focal consolidation at the left base is unchanged. |CO=1",
        "Left upper lobe consolidation has not cleared. |CO=1",
    ],
    "pneumonia": [
        "Findings may be due to aspiration or pneumonia. |PN=-1",
        "Right lower lobe pneumonia is not excluded. |PN=-1",
        "Right lower lobe pneumonia. |PN=1",
        "Consolidation in the left lower lobe consistent with pneumonia. |CO=1 PN=1",
        "Findings concerning for pneumonia. |PN=-1",
        "Pneumonia should be considered. |PN=-1",
        "Multifocal pneumonia is again seen. |PN=1",
        "Aspiration pneumonia in the right lower lobe. |PN=1",
        "Early pneumonia cannot be excluded. |PN=-1",
        "Right middle lobe pneumonia has not resolved. |PN=1",
    ],
    "atelectasis": [
        "Bibasilar atelectasis. |AT=1",
        "Mild left basilar atelectasis. |AT=1",
        "Left lower lobe collapse. |AT=1",
        "Collapse of the right middle lobe. |AT=1",
        "The right upper lobe is collapsed. |AT=1",
        "Plate-like atelectasis at the left base. |AT=1",
        "Subsegmental atelectasis in the lung bases. |AT=1",
        "Persistent collapse at the left base. |AT=1",
        "Complete collapse of the left lung. |AT=1",
    ],
    "pneumothorax": [
        "Right apical pneumothorax has decreased in size, now small. |PX=1",
        "The right chest tube remains in place with no residual pneumothorax. |SD=1 PX=0",
        "Right-sided pneumothorax has resolved following chest tube removal. |PX=0 SD=0",
        "Evaluation for pneumothorax is limited by patient rotation. |",  # a limitation, no mention (as the rib fracture line; round np)
        "Small right apical pneumothorax. |PX=1",
        "Tiny left pneumothorax is unchanged. |PX=1",
        "The right pneumothorax is likely unchanged. |PX=1",
        "Small amount of pleural air at the right apex. |PX=1",
        "There is a small, if any, right apical pneumothorax. |PX=-1",
        "Moderate left pneumothorax has increased. |PX=1",
        "Small PTX at the left apex. |PX=1",
        "A small pneumothorax is possible at the right apex. |PX=-1",
    ],
    "effusion": [
        "Small bilateral pleural effusions with adjacent atelectasis. |PE=1 AT=1",
        "Trace left pleural effusion. |PE=1",
        "Minimal, if any, left pleural effusion. |PE=-1",
        "Small right pleural effusion is likely present. |PE=-1",
        "Possible trace left effusion. |PE=-1",
        "The right effusion is likely unchanged in size. |PE=1",
        "The right pleural effusion has not resolved. |PE=1",
        "Small bilateral pleural effusions. |PE=1",
        "Moderate left pleural effusion has increased. |PE=1",
        "Layering right effusion. |PE=1",
        "There is a small left effusion. |PE=1",
        "Blunting of the right costophrenic angle may reflect a small effusion. |PE=1",
        "Large right pleural effusion with adjacent compressive atelectasis. |PE=1 AT=1",
        "Small left haemothorax. |PE=1",
        "Moderate right pleural effusion, unchanged. |PE=1",
    ],
    "pleural_other": [
        "Right apical pleural thickening. |PO=1",
        "Calcified pleural plaques. |PO=1",
        "Mild pleural thickening along the left lateral chest wall. |PO=1",
    ],
    "fracture": [
        "Rib fractures on the right are again seen. |FX=1",
        "No acute fracture is seen, though evaluation is limited. |FX=0",
        "Healed right rib fractures. |FX=1",
        "Acute displaced fracture of the left sixth rib. |FX=1",
        "Old left clavicle fracture. |FX=1",
        "Compression fracture of a mid thoracic vertebral body. |FX=1",
        "Assessment for rib fractures is limited on this study. |",  # a limitation, no fracture mention
    ],
    "devices": [
        "Unchanged position of the endotracheal tube. |SD=1",
        "Lines and tubes are unchanged in position. |SD=1",
        "Swan-Ganz catheter tip in the right pulmonary artery. |SD=1",
        "Tracheostomy tube in place. |SD=1",
        "The endotracheal tube has been pulled back, and now terminates 4 cm above the carina. |SD=1",
        "PICC was removed. |SD=0",
        "The nasogastric tube was withdrawn and now terminates in the distal esophagus. |SD=1",
        "The ETT has been retracted by 1 cm. |SD=1",
        "ET tube tip is 5 cm above the carina. NG tube tip is in the stomach. |SD=1",
        "ETT tip is 4 cm above the carina. |SD=1",
        "ET tube terminates in standard position. |SD=1",
        "NGT tip in the stomach. |SD=1",
        "The NG tube courses below the diaphragm. |SD=1",
        "OGT tip is in the stomach. |SD=1",
        "Right PICC line tip in the mid SVC. |SD=1",
        "Right IJ line terminates at the cavoatrial junction. |SD=1",
        "Left IJ CVC tip in the brachiocephalic vein. |SD=1",
        "The endotracheal tube has been withdrawn by 2 cm and now lies 3 cm above the carina. |SD=1",
        "The ETT was pulled back and terminates 5 cm above the carina. |SD=1",
        "Left chest wall pacemaker with leads in the right atrium and right ventricle. |SD=1",
        "Median sternotomy wires are intact. |SD=1",
        "Right chest tube in place. |SD=1",
        "The enteric tube has been removed. |SD=0",
        "ETT in place. |SD=1",
    ],
    "other": [
        "Several small calcified granulomas. |OT=1",
        "There is mild pulmonary vascular congestion without frank edema. |OT=1 ED=0",
        "Lungs are hyperinflated, compatible with emphysema. |OT=1",
        "Small hiatal hernia. |OT=1",
        "Mild degenerative changes of the thoracic spine. |OT=1",
        "Atherosclerotic calcification of the aortic knob. |OT=1",
        "Moderate levoscoliosis. |OT=1",
        "Low lung volumes. |OT=1",
    ],
}

# Sentences whose cue is boilerplate or about change: they accompany other statements.
BOILERPLATE = [
    "Note that a supine radiograph is less sensitive for detection of pneumothorax. |",
    "Skin fold along the right chest wall simulating pneumothorax. |",
    "Air in the soft tissues of the axilla simulating pneumothorax. |",
    "Mild soft tissue infiltration along the left chest wall. |",
]

# Question or history text: the findings it names must not be labeled.
INDICATIONS = [
    "___ year old man with fever and cough, eval for pneumonia.",
    "___ year old woman with history of CHF, now with dyspnea. Evaluate for edema.",
    "___F s/p right IJ line placement, assess for pneumothorax.",
    "Shortness of breath. Rule out effusion.",
    "___M with lung cancer, ? pneumonia.",
    "Trauma, evaluate for rib fracture and pneumothorax.",
    "Hypoxia. ?atelectasis vs pneumonia.",
    "History of pulmonary nodule, follow-up.",
    "___ y/o with chest pain, question widened mediastinum.",
    "Intubated patient, assess ETT position.",
]
COMPARISONS = [
    "___.",
    "Chest radiograph from ___, which showed a large right pneumothorax.",
    "Prior study of ___ demonstrating left lower lobe pneumonia.",
    "None.",
    "CT chest ___ with a left upper lobe mass.",
    "Multiple prior radiographs, most recently ___.",
]
EXAM_LINES = ["CHEST (PA AND LAT)", "CHEST (PORTABLE AP)", "CHEST PORT. LINE PLACEMENT",
              "Chest radiograph, two views", "Portable AP chest"]
VIEW_HEADERS = ["CHEST (PORTABLE AP):", "PORTABLE AP CHEST RADIOGRAPH:", "PA AND LATERAL VIEWS OF THE CHEST:",
                "CHEST, TWO VIEWS:", "AP UPRIGHT CHEST:", "Chest, single AP view:", "SUPINE AP CHEST:"]
NAD = ["No acute cardiopulmonary process. |", "No acute cardiopulmonary abnormality. |",
       "NAD. |", "No acute intrathoracic process. |", "Normal chest radiograph. |"]


# ---- holdout banks: written after the labeler fixes, in fresh wording; never tuned on ----------
HOLDOUT_NORMAL = {
    "heart": [
        "Heart is normal in size. |CM=0",
        "Cardiac size is within normal limits. |CM=0",
        "The mediastinal contours are unremarkable. |EC=0",
        "Normal cardiomediastinal silhouette. |CM=0 EC=0",
        "Cardiomediastinal and hilar contours are within normal limits. |CM=0 EC=0",
    ],
    "lungs": [
        "The lungs are clear bilaterally. |",
        "No airspace consolidation. |CO=0",
        "There is no evidence of pulmonary edema. |ED=0",
        "No focal opacity. |LO=0",
        "Clear lungs. |",
    ],
    "pleura": [
        "No pleural effusions or pneumothoraces. |PE=0 PX=0",
        "There is no effusion and no pneumothorax. |PE=0 PX=0",
        "No pneumothorax is present. No pleural effusion is seen. |PX=0 PE=0",
    ],
    "bones": ["No fractures are seen. |FX=0", "Osseous structures are intact. |", ""],
}
HOLDOUT_FINDINGS = {
    "cardiomegaly": [
        "The heart is moderately enlarged. |CM=1",
        "Marked cardiomegaly is unchanged. |CM=1",
        "The cardiac silhouette remains at least moderately enlarged. |CM=1",
        "Heart size is enlarged, similar to prior. |CM=1",
    ],
    "cardiomediastinal": [
        "Mediastinal contours are widened. |EC=1",
        "The upper mediastinum appears widened, unchanged. |EC=1",
        "Prominent mediastinal silhouette is stable. |EC=1",
    ],
    "lesion": [
        "A 1 cm nodular opacity overlies the left mid lung. |LL=1 LO=1",
        "Right lower lobe mass is again seen. |LL=1",
        "Left apical cavitary lesion is unchanged. |LL=1",
        "Numerous bilateral pulmonary nodules consistent with metastatic disease. |LL=1",
    ],
    "opacity": [
        "Hazy opacity in the right upper lobe. |LO=1",
        "Patchy bibasilar airspace opacities. |LO=1",
        "New left perihilar opacity. |LO=1",
        "Diffuse ground-glass opacities bilaterally. |LO=1",
    ],
    "opacity_hedged": [
        "Left basilar opacity is probably atelectasis. |LO=1 AT=-1",
        "The right basilar opacity most likely represents atelectasis, although early pneumonia cannot be entirely excluded. |LO=1 AT=-1 PN=-1",
        "Opacity at the right base may be due to aspiration. |LO=1 PN=-1",
        "Bibasilar opacities, likely a combination of atelectasis and effusion. |LO=1 AT=-1 PE=-1",
        "Ill-defined left lower lobe opacity, possibly infection. |LO=1 PN=-1",
        "The left lower lobe opacity could be atelectasis or pneumonia. |LO=1 AT=-1 PN=-1",
        "Retrocardiac opacity, atelectasis versus consolidation. |LO=1 AT=-1 CO=-1",
    ],
    "edema": [
        "Moderate pulmonary edema. |ED=1",
        "Interstitial edema is slightly worse. |ED=1",
        "Mild pulmonary vascular congestion and interstitial edema. |ED=1 OT=1",
        "Findings suggest mild fluid overload. |ED=-1",
        "Pulmonary oedema is again seen. |ED=1",
    ],
    "consolidation": [
        "Dense left lower lobe consolidation. |CO=1",
        "New consolidation in the right middle lobe. |CO=1",
        "There is consolidation at the left base, which may represent pneumonia. |CO=1 PN=-1",
    ],
    "pneumonia": [
        "Findings are compatible with right lower lobe pneumonia. |PN=1",
        "Pneumonia is not excluded in the left lower lobe. |PN=-1",
        "Right middle lobe pneumonia, improved. |PN=1",
        "Possible early left lower lobe pneumonia. |PN=-1",
    ],
    "atelectasis": [
        "Linear atelectasis in the left lower lobe. |AT=1",
        "Minimal bibasilar atelectasis. |AT=1",
        "The left lower lobe has collapsed. |AT=1",
        "Right middle lobe collapse is unchanged. |AT=1",
    ],
    "pneumothorax": [
        "Moderate right pneumothorax. |PX=1",
        "Small left apical pneumothorax, not significantly changed. |PX=1",
        "A tiny right pneumothorax is likely unchanged. |PX=1",
        "Trace left apical pneumothorax is questioned. |PX=-1",
        "No PTX. |PX=0",
    ],
    "effusion": [
        "Moderate bilateral pleural effusions. |PE=1",
        "Small right effusion is unchanged. |PE=1",
        "A trace right pleural effusion is possible. |PE=-1",
        "Small left pleural effusion has not changed. |PE=1",
    ],
    "pleural_other": [
        "Biapical pleural thickening. |PO=1",
        "Left pleural thickening is unchanged. |PO=1",
    ],
    "fracture": [
        "Old right rib fractures are noted. |FX=1",
        "There is a displaced fracture of the right clavicle. |FX=1",
        "Multiple healed left rib fractures. |FX=1",
    ],
    "devices": [
        "Endotracheal tube ends 3 cm above the carina. |SD=1",
        "Nasogastric tube tip is in the stomach. |SD=1",
        "Left PICC terminates in the lower SVC. |SD=1",
        "Right IJ central line in good position. |SD=1",
        "ETT and NGT are in standard position. |SD=1",
        "The endotracheal tube was advanced by 2 cm. |SD=1",
        "Dual-chamber pacemaker leads are unchanged. |SD=1",
        "The left chest tube has been removed. |SD=0",
    ],
    "other": [
        "Moderate emphysema. |OT=1",
        "Mild thoracic kyphosis. |OT=1",
        "Tortuous thoracic aorta. |OT=1",
    ],
}
HOLDOUT_INDICATIONS = [
    "___ man with chest pain and fever. Assess for infiltrate.",
    "Status post central line placement. Please evaluate for pneumothorax.",
    "___ year old with CHF exacerbation, r/o effusion.",
    "New oxygen requirement, ?aspiration.",
    "Cough for two weeks, history of lung nodule.",
]


def parse(entry: str) -> tuple[str, dict[str, int]]:
    text, _, codes = entry.partition("|")
    labels = {}
    for item in codes.split():
        k, v = item.split("=")
        labels[k] = int(v)
    return text.strip(), labels


def combine(items: list[dict[str, int]]) -> list[int]:
    row = [-2] * len(OBS)
    other = False
    for labels in items:
        for k, v in labels.items():
            if k == "OT":
                other = True
                continue
            col = CODE[k]
            if RANK[v] > RANK[row[col]]:
                row[col] = v
    blocked = other or any(row[c] in (1, -1) for c in range(1, 13))
    row[0] = -2 if blocked else 1
    return row


def wrap(text: str, rng: random.Random) -> str:
    return "\n".join(" " + line for line in textwrap.wrap(text, rng.choice((60, 70, 76))))


def study(rng: random.Random, normal: dict = NORMAL, banks: dict = FINDINGS
          ) -> tuple[list[str], list[str], list[dict[str, int]]]:
    """(findings sentences, impression sentences, label dicts of all of them)."""
    n_abn = rng.choice((0, 0, 1, 1, 2, 2, 3, 3, 4))
    kinds = rng.sample(sorted(banks), n_abn)
    findings: list[str] = []
    impression: list[str] = []
    labels: list[dict[str, int]] = []
    covered = {k for k in kinds}
    systems = {"heart": {"cardiomegaly", "cardiomediastinal"},
               "lungs": {"opacity", "opacity_hedged", "edema", "consolidation", "pneumonia", "atelectasis", "lesion"},
               "pleura": {"pneumothorax", "effusion"}, "bones": {"fracture"}}
    for system, bank in normal.items():
        if not (systems[system] & covered) and bank:
            t, lab = parse(rng.choice(bank))
            if t:
                findings.append(t)
                labels.append(lab)
    for kind in kinds:
        a, b = rng.sample(banks[kind], 2)
        ta, la = parse(a)
        findings.insert(rng.randrange(len(findings) + 1), ta)
        labels.append(la)
        if kind not in ("devices", "other") or rng.random() < 0.3:
            tb, lb = parse(b)
            impression.append(tb)
            labels.append(lb)
    if rng.random() < 0.25:
        t, lab = parse(rng.choice(BOILERPLATE))
        findings.append(t)
        labels.append(lab)
        if "pneumothorax" in t and not any("PX" in x for x in labels):
            findings.insert(0, "No pneumothorax.")
            labels.append({"PX": 0})
    if not impression:
        t, lab = parse(rng.choice(NAD))
        impression.append(t)
        labels.append(lab)
    return findings, impression, labels


def numbered(sentences: list[str]) -> list[str]:
    return [f"{i}. {s}" for i, s in enumerate(sentences, 1)]


def render(layout: str, findings: list[str], impression: list[str], rng: random.Random,
           indications: list[str] = INDICATIONS) -> str:
    ind = rng.choice(indications)
    comp = rng.choice(COMPARISONS)
    f_text = " ".join(findings)
    i_text = " ".join(impression)
    if layout == "mimic":
        imp = "\n".join(numbered(impression)) if rng.random() < 0.4 else wrap(i_text, rng)
        return (f"                                 FINAL REPORT\n EXAMINATION:  {rng.choice(EXAM_LINES)}\n\n"
                f" INDICATION:  {ind}\n\n TECHNIQUE:  Chest PA and lateral\n\n COMPARISON:  {comp}\n\n"
                f" FINDINGS:\n\n{wrap(f_text, rng)}\n\n IMPRESSION:\n\n{imp}\n")
    if layout == "numbered":
        return (f" INDICATION:  {ind}\n\n COMPARISON:  {comp}\n\n IMPRESSION:\n\n"
                + "\n".join(numbered(findings + impression)) + "\n")
    if layout == "wet_read":
        return (f" WET READ: ___ ___ {rng.randint(1, 12)}:{rng.randint(10, 59)} {rng.choice(('AM', 'PM'))}\n"
                f"  {impression[0]}\n ______________________________________________________________________________\n"
                f"                                 FINAL REPORT\n INDICATION:  {ind}\n\n"
                f" FINDINGS:  {wrap(f_text, rng).strip()}\n\n IMPRESSION:  {i_text}\n")
    if layout == "indication_first":
        head = rng.choice(("INDICATION", "HISTORY", "REASON FOR EXAMINATION", "CLINICAL HISTORY", "Indication"))
        sep = rng.choice(("\n\n", "\n", " "))
        return f"{head}: {ind}{sep}{f_text} {i_text}"
    if layout == "comparison_first":
        head = rng.choice(("COMPARISON", "Comparison", "COMPARISONS"))
        return f"{head}: {comp}{rng.choice((' ', chr(10)))}{f_text}\n\n{i_text}"
    if layout == "view_line":
        return (f"INDICATION: {ind}\n{rng.choice(VIEW_HEADERS)} {f_text}\n"
                f"{rng.choice(('IMPRESSION: ', 'Impression: ', ''))}{i_text}")
    if layout == "old_headerless":
        first = rng.choice(("PA AND LATERAL CHEST ___", "PORTABLE CHEST ___", "CHEST X-RAY, TWO VIEWS, ___"))
        return f"{first}\n\nComparison is made to the prior study of ___.\n\n{wrap(f_text, rng)}\n\n{wrap(i_text, rng)}\n"
    if layout == "terse":  # short phrases, abbreviations, British spelling
        return " ".join(findings + impression)
    raise ValueError(layout)


LAYOUTS = ("terse", "mimic", "numbered", "wet_read", "indication_first", "comparison_first", "view_line", "old_headerless")


def write(path: Path, n: int, seed: int, normal: dict, banks: dict, indications: list[str]) -> None:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        layout = LAYOUTS[i % len(LAYOUTS)]
        findings, impression, labels = study(rng, normal, banks)
        text = render(layout, findings, impression, rng, indications)
        joined = (i // len(LAYOUTS)) % 2 == 1  # every layout both ways: lines, and a whitespace-joined CSV cell
        if joined:
            text = " ".join(text.split())
        out.append({"id": f"m{i:04d}", "layout": layout + ("/joined" if joined else "/lines"),
                    "report": text, "labels": combine(labels)})
    path.write_text("".join(json.dumps(r) + "\n" for r in out), encoding="utf-8")
    if __name__ == "__main__":
        print(f"wrote {len(out)} reports to {path}")



def main(out_dir: Path | None = None) -> None:
    out_dir = Path(__file__).parent if out_dir is None else Path(out_dir)
    write(out_dir / "mimic_style_dev.jsonl", 640, 20261202, NORMAL, FINDINGS, INDICATIONS)
    write(out_dir / "mimic_style_holdout.jsonl", 240, 20261203, HOLDOUT_NORMAL, HOLDOUT_FINDINGS, HOLDOUT_INDICATIONS)


if __name__ == "__main__":
    main()

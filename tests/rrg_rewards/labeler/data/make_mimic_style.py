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
    ],
    "lungs": [
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
        "Right lower lobe consolidation. |CO=1",
        "Dense consolidation in the left lower lobe with air bronchograms. |CO=1",
        "There is consolidation of the right middle lobe. |CO=1",
        "Focal consolidation at the left base is unchanged. |CO=1",
        "Left upper lobe consolidation has not cleared. |CO=1",
    ],
    "pneumonia": [
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
        "Small bilateral pleural effusions. |PE=1",
        "Moderate left pleural effusion has increased. |PE=1",
        "Layering right effusion. |PE=1",
        "There is a small left effusion. |PE=1",
        "Blunting of the right costophrenic angle may reflect a small effusion. |PE=-1",
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
        "Healed right rib fractures. |FX=1",
        "Acute displaced fracture of the left sixth rib. |FX=1",
        "Old left clavicle fracture. |FX=1",
        "Compression fracture of a mid thoracic vertebral body. |FX=1",
        "Assessment for rib fractures is limited on this study. |FX=-1",
    ],
    "devices": [
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


def study(rng: random.Random) -> tuple[list[str], list[str], list[dict[str, int]]]:
    """(findings sentences, impression sentences, label dicts of all of them)."""
    n_abn = rng.choice((0, 0, 1, 1, 2, 2, 3, 3, 4))
    kinds = rng.sample(sorted(FINDINGS), n_abn)
    findings: list[str] = []
    impression: list[str] = []
    labels: list[dict[str, int]] = []
    covered = {k for k in kinds}
    systems = {"heart": {"cardiomegaly", "cardiomediastinal"},
               "lungs": {"opacity", "opacity_hedged", "edema", "consolidation", "pneumonia", "atelectasis", "lesion"},
               "pleura": {"pneumothorax", "effusion"}, "bones": {"fracture"}}
    for system, bank in NORMAL.items():
        if not (systems[system] & covered) and bank:
            t, lab = parse(rng.choice(bank))
            if t:
                findings.append(t)
                labels.append(lab)
    for kind in kinds:
        a, b = rng.sample(FINDINGS[kind], 2)
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


def render(layout: str, findings: list[str], impression: list[str], rng: random.Random) -> str:
    ind = rng.choice(INDICATIONS)
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
    raise ValueError(layout)


LAYOUTS = ("mimic", "numbered", "wet_read", "indication_first", "comparison_first", "view_line", "old_headerless")


def main() -> None:
    rng = random.Random(20261202)
    out = []
    for i in range(560):
        layout = LAYOUTS[i % len(LAYOUTS)]
        findings, impression, labels = study(rng)
        text = render(layout, findings, impression, rng)
        joined = i % 2 == 1  # every other report as a whitespace-joined CSV cell
        if joined:
            text = " ".join(text.split())
        out.append({"id": f"m{i:04d}", "layout": layout + ("/joined" if joined else "/lines"),
                    "report": text, "labels": combine(labels)})
    path = Path(__file__).with_name("mimic_style_dev.jsonl")
    path.write_text("".join(json.dumps(r) + "\n" for r in out), encoding="utf-8")
    print(f"wrote {len(out)} reports to {path}")


if __name__ == "__main__":
    main()

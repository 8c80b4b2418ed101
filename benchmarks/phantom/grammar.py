"""Report grammar: writes an IU X-Ray-like FINDINGS paragraph from a study's findings.

Several phrasings per finding, hedges ("possible ...", "... cannot be excluded"),
explicit negations of absent findings, and normal-report variants, about 35 words on
average. Every sentence declares the CheXpert labels it asserts, so the ground truth
written beside the report (labels.json) says exactly what the text says: 1 positive,
0 negated, -1 uncertain (hedged), None not mentioned, as the CheXpert labeler encodes.
"""
from __future__ import annotations

import numpy as np

from .findings import OBS_INDEX, OBSERVATIONS, PATHOLOGIES, Finding, PhantomDesign

Labels = dict[str, int]  # observation -> 1 / 0 / -1
_PRIORITY = {1: 3, -1: 2, 0: 1}  # CheXpert aggregation: positive > uncertain > negative

_ADV = {"mild": "mildly", "moderate": "moderately", "marked": "markedly"}


def _pick(rng: np.random.Generator, options: list[str]) -> str:
    return options[int(rng.integers(len(options)))]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _loc(f: Finding, rng: np.random.Generator, localized: bool) -> str:
    """A lung location phrase ("the right upper lobe", "the left lung base") or a generic one."""
    if not localized or f.side is None:
        return _pick(rng, ["the lungs", "the lung fields"]) if f.side is None else "the lung"
    side, zone = f.side, f.zone
    if zone == "lower":
        opts = [f"the {side} lower lobe", f"the {side} lung base", f"the {side} lower lung zone"]
        if side == "left":
            opts.append("the retrocardiac left lower lobe")
    else:
        opts = [f"the {side} upper lobe", f"the {side} upper lung", f"the {side} upper lung zone"]
        if side == "right":
            opts.append("the right apex")
    return _pick(rng, opts)


def _side_adj(f: Finding, localized: bool) -> str:
    return f"{f.side} " if localized and f.side else ""


def _size_adj(f: Finding, localized: bool) -> str:
    return f"{f.size} " if localized and f.size else ""


def _heart(f: Finding | None, rng: np.random.Generator, localized: bool) -> tuple[str, Labels]:
    if f is None:
        return _pick(rng, ["The heart is normal in size.", "Heart size is normal.", "Normal heart size.",
                           "The cardiac silhouette is within normal limits.",
                           "The heart size is within normal limits."]), {"Cardiomegaly": 0}
    if localized and f.size:
        adj, adv = f.size, _ADV[f.size]
        text = _pick(rng, [f"The heart is {adv} enlarged.", f"{_cap(adj)} cardiomegaly.",
                           f"There is {adj} cardiomegaly.", f"The cardiac silhouette is {adv} enlarged.",
                           f"{_cap(adj)} enlargement of the cardiac silhouette."])
    else:
        text = _pick(rng, ["The heart is enlarged.", "Cardiomegaly.", "There is cardiomegaly.",
                           "The cardiac silhouette is enlarged."])
    return text, {"Cardiomegaly": 1}


def _mediastinum(f: Finding | None, rng: np.random.Generator) -> tuple[str, Labels]:
    if f is None:
        return _pick(rng, ["The mediastinum is unremarkable.", "Normal mediastinal contour.",
                           "The mediastinal contours are within normal limits."]), \
            {"Enlarged Cardiomediastinum": 0}
    return _pick(rng, ["The mediastinum is widened.", "The mediastinal contour is widened.",
                       "There is widening of the superior mediastinum."]), {"Enlarged Cardiomediastinum": 1}


def _airspace(f: Finding, pneumonia: Finding | None, rng: np.random.Generator,
              localized: bool) -> tuple[str, Labels]:
    """Consolidation or lung opacity, with the pneumonia it is reported as, if any."""
    loc = _loc(f, rng, localized)
    cons = f.observation == "Consolidation"
    lab: Labels = {f.observation: 1 if f.certain else -1}
    if not f.certain:
        noun = "consolidation" if cons else "opacity"
        text = _pick(rng, [f"There is possible {noun} in {loc}.", f"Possible {noun} in {loc}.",
                           f"Subtle {noun} in {loc} cannot be excluded."])
        if pneumonia is not None:
            lab["Pneumonia"] = -1
            text = text[:-1] + ", which may represent pneumonia."
        return text, lab
    if cons:
        base = _pick(rng, [f"There is consolidation in {loc}", f"Focal consolidation is present in {loc}",
                           f"Dense consolidation in {loc}", f"There is focal consolidation in {loc}"])
    else:
        base = _pick(rng, [f"There is patchy opacity in {loc}", f"Hazy opacity is seen in {loc}",
                           f"Increased opacity in {loc}", f"There is an ill-defined opacity in {loc}"])
    if pneumonia is None:
        return base + ".", lab
    if pneumonia.certain:
        lab["Pneumonia"] = 1
        return base + _pick(rng, [", consistent with pneumonia.", ", compatible with pneumonia."]), lab
    lab["Pneumonia"] = -1
    return base + _pick(rng, [", which may represent pneumonia.", ", possibly pneumonia."]), lab


def _lesion(f: Finding, rng: np.random.Generator, localized: bool) -> tuple[str, Labels]:
    loc = _loc(f, rng, localized)
    noun = "mass" if (localized and f.size == "large") else "nodule"
    if not f.certain:
        return _pick(rng, [f"A {noun} in {loc} cannot be excluded.", f"Possible {noun} in {loc}."]), \
            {"Lung Lesion": -1}
    if noun == "mass":
        return _pick(rng, [f"There is a mass in {loc}.", f"A large mass is seen in {loc}.",
                           f"A rounded mass projects over {loc}."]), {"Lung Lesion": 1}
    small = "small " if localized else ""
    return _pick(rng, [f"There is a {small}nodule in {loc}.", f"A {small}nodule projects over {loc}.",
                       f"A {small}rounded nodule is noted in {loc}."]), {"Lung Lesion": 1}


def _edema(f: Finding, rng: np.random.Generator, localized: bool) -> tuple[str, Labels]:
    adj = f"{f.size} " if localized and f.size else ""
    if not f.certain:
        return _pick(rng, [f"Possible {adj}pulmonary edema.", "Mild interstitial edema cannot be excluded."]), \
            {"Edema": -1}
    return _pick(rng, [f"There is {adj}pulmonary edema.", f"{_cap(adj)}interstitial edema.",
                       f"{_cap(adj)}pulmonary edema with vascular congestion."]), {"Edema": 1}


def _atelectasis(f: Finding, rng: np.random.Generator, localized: bool) -> tuple[str, Labels]:
    lab = {"Atelectasis": 1 if f.certain else -1}
    if not localized:
        text = "Possible atelectasis." if not f.certain else _pick(
            rng, ["There is atelectasis.", "Subsegmental atelectasis.", "Linear atelectasis is noted."])
        return text, lab
    if f.side == "bilateral":
        if not f.certain:
            return "Possible bibasilar atelectasis.", lab
        return _pick(rng, ["Bibasilar atelectasis.", "There is mild bibasilar atelectasis.",
                           "Linear atelectasis at both lung bases."]), lab
    if not f.certain:
        return f"Possible {f.side} basilar atelectasis.", lab
    return _pick(rng, [f"There is {f.side} basilar atelectasis.", f"Subsegmental atelectasis at the {f.side} lung base.",
                       f"Linear atelectasis in the {f.side} lower lobe.",
                       f"Discoid atelectasis at the {f.side} base."]), lab


def _effusion(f: Finding, rng: np.random.Generator, localized: bool) -> tuple[str, Labels]:
    size, side = _size_adj(f, localized), _side_adj(f, localized)
    lab = {"Pleural Effusion": 1 if f.certain else -1}
    if not f.certain:
        return f"Possible {size}{side}pleural effusion.", lab
    if localized and f.side == "bilateral":
        return _pick(rng, [f"{_cap(size)}bilateral pleural effusions.", f"There are {size}bilateral pleural effusions.",
                           f"{_cap(size)}bilateral pleural effusions blunt the costophrenic angles."]), lab
    angle = f"the {f.side} costophrenic angle" if localized else "the costophrenic angle"
    return _pick(rng, [f"There is a {size}{side}pleural effusion.", f"{_cap(size)}{side}pleural effusion.",
                       f"A {size}{side}pleural effusion blunts {angle}.",
                       f"{_cap(size)}{side}pleural effusion with blunting of {angle}."]), lab


def _pneumothorax(f: Finding, rng: np.random.Generator, localized: bool) -> tuple[str, Labels]:
    size, side = _size_adj(f, localized), _side_adj(f, localized)
    return _pick(rng, [f"There is a {size}{side}pneumothorax.", f"{_cap(size)}{side}apical pneumothorax.",
                       f"A {size}{side}pneumothorax is present."]), {"Pneumothorax": 1}


def _pleural_other(f: Finding, rng: np.random.Generator, localized: bool) -> tuple[str, Labels]:
    side = _side_adj(f, localized)
    return _pick(rng, [f"There is {side}pleural thickening.", f"{_cap(side)}apical pleural thickening.",
                       f"Mild {side}pleural thickening is noted."]), {"Pleural Other": 1}


def _fracture(f: Finding, rng: np.random.Generator, localized: bool) -> tuple[str, Labels]:
    side = _side_adj(f, localized)
    return _pick(rng, [f"There is a healed {side}rib fracture.", f"A {side}lateral rib fracture is seen.",
                       f"Old fracture of a {side}rib is noted."]), {"Fracture": 1}


def _device(f: Finding, rng: np.random.Generator) -> tuple[str, Labels]:
    opts = {
        "pacemaker": ["A left-sided pacemaker is in place.", "There is a cardiac pacemaker with leads in the right ventricle.",
                      "Dual-chamber pacemaker in place."],
        "central_line": ["A right internal jugular central venous catheter terminates in the superior vena cava.",
                         "Right-sided central line with tip in the SVC.", "Central venous catheter in place."],
        "sternotomy_wires": ["Median sternotomy wires are present.", "Sternotomy wires are intact.",
                             "Median sternotomy wires are noted."],
        "endotracheal_tube": ["An endotracheal tube is in place.", "The endotracheal tube terminates above the carina.",
                              "Endotracheal tube in standard position."],
        "nasogastric_tube": ["A nasogastric tube is in place.", "A nasogastric tube courses below the diaphragm.",
                             "The nasogastric tube terminates in the stomach."],
        "picc": ["A right PICC terminates in the superior vena cava.", "Right-sided PICC line with tip in the SVC.",
                 "A PICC line is in place."],
    }[f.kind or "pacemaker"]
    return _pick(rng, opts), {"Support Devices": 1}


def write_report(findings: tuple[Finding, ...], rng: np.random.Generator,
                 design: PhantomDesign) -> tuple[str, list[int | None]]:
    """Write one report and the CheXpert labels it asserts.

    Args:
        findings: the study's findings (from :func:`sample_findings`).
        rng: the study's grammar generator.
        design: supplies ``localized`` (whether side / zone / size are named).

    Returns:
        (report, labels): labels is a list of 14 values in OBSERVATIONS order,
        each 1, 0, -1 or None (not mentioned); No Finding is 1 or None.
    """
    loc = design.localized
    by = {f.observation: f for f in findings}
    parts: list[tuple[str, Labels]] = []
    devices_first = "Support Devices" in by and rng.random() < 0.3
    if devices_first:
        parts.append(_device(by["Support Devices"], rng))
    # heart and mediastinum
    heart, med = by.get("Cardiomegaly"), by.get("Enlarged Cardiomediastinum")
    if heart is None and med is None and rng.random() < 0.35:
        parts.append((_pick(rng, ["Heart size and mediastinal contours are normal.",
                                  "The cardiomediastinal silhouette is normal.",
                                  "Normal heart size and mediastinal contour."]),
                      {"Cardiomegaly": 0, "Enlarged Cardiomediastinum": 0}))
    else:
        parts.append(_heart(heart, rng, loc))
        if med is not None or rng.random() < 0.5:
            parts.append(_mediastinum(med, rng))
    # lungs
    lung_parts: list[tuple[str, Labels]] = []
    pneumonia = by.get("Pneumonia")
    host = by.get("Consolidation") or by.get("Lung Opacity")
    for obs in ("Consolidation", "Lung Opacity"):
        if obs in by:
            lung_parts.append(_airspace(by[obs], pneumonia if by[obs] is host else None, rng, loc))
    if "Lung Lesion" in by:
        lung_parts.append(_lesion(by["Lung Lesion"], rng, loc))
    if "Edema" in by:
        lung_parts.append(_edema(by["Edema"], rng, loc))
    if "Atelectasis" in by:
        lung_parts.append(_atelectasis(by["Atelectasis"], rng, loc))
    if len(lung_parts) > 1 and rng.random() < 0.3:
        order = rng.permutation(len(lung_parts))
        lung_parts = [lung_parts[i] for i in order]
    parts.extend(lung_parts)
    if "Edema" not in by and rng.random() < 0.4:
        parts.append((_pick(rng, ["Pulmonary vascularity is within normal limits.", "Normal pulmonary vascularity.",
                                  "The pulmonary vasculature is normal."]), {}))
    if not lung_parts:
        parts.append(_pick_labeled(rng, [
            ("The lungs are clear.", {}), ("Lungs are clear bilaterally.", {}),
            ("The lungs are well expanded and clear.", {}),
            ("The lungs are free of focal airspace disease.", {"Lung Opacity": 0}),
            ("The lungs are clear without focal consolidation.", {"Consolidation": 0}),
        ]))
        if rng.random() < 0.5:
            parts.append(_pick_labeled(rng, [
                ("No focal airspace disease.", {"Lung Opacity": 0}),
                ("No focal consolidation.", {"Consolidation": 0}),
                ("There is no focal airspace consolidation.", {"Consolidation": 0}),
                ("No suspicious pulmonary nodules or masses.", {"Lung Lesion": 0}),
            ]))
    else:
        if "Consolidation" not in by and "Lung Opacity" not in by and rng.random() < 0.4:
            parts.append(("No focal consolidation.", {"Consolidation": 0}))
        if "Edema" not in by and rng.random() < 0.25:
            parts.append((_pick(rng, ["No pulmonary edema.", "There is no edema."]), {"Edema": 0}))
    # pleura
    eff, ptx = by.get("Pleural Effusion"), by.get("Pneumothorax")
    if eff is not None:
        parts.append(_effusion(eff, rng, loc))
    if ptx is not None:
        parts.append(_pneumothorax(ptx, rng, loc))
    if eff is None and ptx is None:
        parts.append(_pick_labeled(rng, [
            ("No pleural effusion or pneumothorax.", {"Pleural Effusion": 0, "Pneumothorax": 0}),
            ("There is no pneumothorax or pleural effusion.", {"Pleural Effusion": 0, "Pneumothorax": 0}),
            ("No pneumothorax or large pleural effusion.", {"Pleural Effusion": 0, "Pneumothorax": 0}),
            ("The pleural spaces are clear.", {}),
        ]))
    elif eff is None:
        if rng.random() < 0.6:
            parts.append((_pick(rng, ["No pleural effusion.", "There is no pleural effusion."]), {"Pleural Effusion": 0}))
    elif ptx is None:
        if rng.random() < 0.6:
            parts.append((_pick(rng, ["No pneumothorax.", "There is no pneumothorax."]), {"Pneumothorax": 0}))
    if "Pleural Other" in by:
        parts.append(_pleural_other(by["Pleural Other"], rng, loc))
    # bones
    if "Fracture" in by:
        parts.append(_fracture(by["Fracture"], rng, loc))
    elif rng.random() < 0.6:
        parts.append(_pick_labeled(rng, [
            ("The osseous structures are intact.", {}), ("No acute bony abnormality.", {}),
            ("No acute fracture.", {"Fracture": 0}), ("No displaced rib fractures.", {"Fracture": 0}),
            ("The visualized bony structures are unremarkable.", {}),
        ]))
    if "Support Devices" in by and not devices_first:
        parts.append(_device(by["Support Devices"], rng))
    if rng.random() < 0.2:
        parts.append((_pick(rng, ["The trachea is midline.", "The soft tissues are unremarkable.",
                                  "Visualized upper abdomen is unremarkable."]), {}))
    report = " ".join(text for text, _ in parts)
    return report, _merge([lab for _, lab in parts])


def _pick_labeled(rng: np.random.Generator, options: list[tuple[str, Labels]]) -> tuple[str, Labels]:
    return options[int(rng.integers(len(options)))]


def _merge(labels: list[Labels]) -> list[int | None]:
    """Combine per-sentence labels the CheXpert way and set No Finding."""
    out: list[int | None] = [None] * len(OBSERVATIONS)
    for lab in labels:
        for obs, val in lab.items():
            i = OBS_INDEX[obs]
            if out[i] is None or _PRIORITY[val] > _PRIORITY[out[i]]:
                out[i] = val
    if not any(out[OBS_INDEX[o]] in (1, -1) for o in PATHOLOGIES):
        out[OBS_INDEX["No Finding"]] = 1
    return out

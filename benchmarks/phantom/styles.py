"""Reporting styles of the phantom institutions: the same findings, written as different sites write.

* ``iu``: IU X-Ray-like prose, the original grammar (`grammar.write_report`).
* ``mimic``: MIMIC-CXR-like, with ``FINDINGS:`` and ``IMPRESSION:`` sections, comparison
  language ("unchanged from the prior study", "new since the prior study", "with interval
  improvement") and a numbered impression.
* ``structured``: a template, one line per organ ("Heart: ... Mediastinum: ... Lungs: ...
  Pleura: ... Bones: ... Devices: ...").
* ``terse``: an intensive-care shorthand with abbreviations and British spelling ("AP
  supine.", "ETT in place.", "Small L effusion.", "No PTX.", "Pulmonary oedema.", "NAD.").

A non-standard acquisition (AP, not upright, visibly rotated) is named where the style names
it (mimic, structured and terse do; the IU-like prose never did). Every sentence declares
the CheXpert labels it asserts, as in `grammar`, so labels.json says what the text says.
"""
from __future__ import annotations

import numpy as np

from .acquisition import Acquisition
from .findings import Finding, PhantomDesign
from .grammar import Labels, _cap, _merge, _pick, write_report

STYLES = ("iu", "mimic", "structured", "terse")

_SIDE_ABBR = {"left": "L", "right": "R"}
_DEVICE_FULL = {
    "pacemaker": ["a left-sided pacemaker", "a dual-chamber pacemaker"],
    "central_line": ["a right internal jugular central line", "a central venous catheter"],
    "sternotomy_wires": ["median sternotomy wires", "sternotomy wires"],
    "endotracheal_tube": ["an endotracheal tube", "the endotracheal tube"],
    "nasogastric_tube": ["a nasogastric tube", "an enteric tube"],
    "picc": ["a right PICC line", "a right-sided PICC"],
}
_DEVICE_TERSE = {
    "pacemaker": ["Pacemaker in situ.", "Pacemaker."],
    "central_line": ["Central line tip in SVC.", "R IJ central line in situ."],
    "sternotomy_wires": ["Sternotomy wires.", "Sternotomy wires in situ."],
    "endotracheal_tube": ["ETT in place.", "ETT in satisfactory position."],
    "nasogastric_tube": ["NGT in situ.", "NGT tip below diaphragm."],
    "picc": ["R PICC tip in SVC.", "R PICC in situ."],
}


def _where(f: Finding, terse: bool) -> str:
    """'right upper lobe' / 'left lung base' (American) or 'R upper zone' / 'L basal' (terse)."""
    side = f.side or "right"
    if terse:
        return f"{_SIDE_ABBR.get(side, side)} {'lower' if f.zone == 'lower' else 'upper'} zone"
    return f"{side} {'lower' if f.zone == 'lower' else 'upper'} lobe"


def _phrase(f: Finding, pneumonia: Finding | None, rng: np.random.Generator, terse: bool) -> tuple[str, Labels]:
    """A short noun phrase for one finding (no final period) and the labels it asserts."""
    o = f.observation
    lab: Labels = {o: 1 if f.certain else -1}
    side = f.side or "right"
    s_side = _SIDE_ABBR.get(side, side) if terse else side
    size = f"{f.size} " if f.size else ""
    if o == "Cardiomegaly":
        text = (_pick(rng, ["Cardiomegaly", "Heart enlarged"]) if terse
                else f"{size}cardiomegaly")
    elif o == "Enlarged Cardiomediastinum":
        text = "upper mediastinum widened" if terse else _pick(rng, ["widened mediastinum", "upper mediastinum widened"])
    elif o in ("Consolidation", "Lung Opacity"):
        noun = "consolidation" if o == "Consolidation" else ("opacification" if terse else "opacity")
        text = f"{_where(f, terse)} {noun}"
        if pneumonia is not None:
            lab["Pneumonia"] = 1 if (pneumonia.certain and f.certain) else -1
            if lab["Pneumonia"] == 1:
                text += " c/w pneumonia" if terse else ", consistent with pneumonia"
            else:
                text += ", which may represent pneumonia"
    elif o == "Lung Lesion":
        text = f"{_where(f, terse)} {'mass' if f.size == 'large' else 'nodule'}"
    elif o == "Edema":
        text = (_pick(rng, ["pulmonary oedema", "interstitial oedema"]) if terse
                else f"{size}pulmonary edema")
    elif o == "Atelectasis":
        if side == "bilateral":
            text = "bibasal atelectasis" if terse else "bibasilar atelectasis"
        else:
            text = f"{s_side} basal atelectasis" if terse else f"{side} basilar atelectasis"
    elif o == "Pleural Effusion":
        if side == "bilateral":
            text = f"{size}bilateral {'effusions' if terse else 'pleural effusions'}"
        else:
            text = f"{size}{s_side} {'effusion' if terse else 'pleural effusion'}"
    elif o == "Pneumothorax":
        text = f"{size}{s_side} {'PTX' if terse else 'pneumothorax'}"
    elif o == "Pleural Other":
        text = f"{s_side} apical pleural thickening"
    elif o == "Fracture":
        text = f"healed {s_side} rib fracture"
    else:  # Support Devices
        text = _pick(rng, _DEVICE_FULL[f.kind or "pacemaker"])
    if not f.certain:
        text = "possible " + text
    return text, lab


_COUNT_NOUNS = ("nodule", "mass", "effusion", "pneumothorax", "fracture", "mediastinum")


def _article(phrase: str) -> str:
    """'a ' before a singular count noun phrase ('a small left pleural effusion'), else ''."""
    words = phrase.split(",")[0].split()
    if words[0] in ("a", "an", "the", "possible") or words[-1] not in _COUNT_NOUNS:
        return ""
    return "an " if words[0][0] in "aeiou" else "a "


def _pose(acq: Acquisition | None, style: str) -> str | None:
    """The technique line a style writes for a non-standard acquisition (None: nothing to say)."""
    if acq is None or acq.is_standard_pose:
        return None
    rotated = abs(acq.rotation_deg) >= 5.0
    if style == "terse":
        pos = {"upright": "erect", "semi-upright": "semi-erect", "supine": "supine"}[acq.position]
        return f"{acq.projection} {pos}." + (" Rotated." if rotated else "")
    pos = {"upright": "upright", "semi-upright": "semi-upright", "supine": "supine"}[acq.position]
    view = f"Portable {acq.projection} {pos} view." if acq.projection == "AP" else f"PA {pos} view."
    if style == "structured":
        return f"Technique: {view[0].lower()}{view[1:-1]}{', patient rotated' if rotated else ''}."
    return view + (" The patient is rotated." if rotated else "")


def _split(findings: tuple[Finding, ...]) -> tuple[dict[str, Finding], Finding | None, Finding | None]:
    by = {f.observation: f for f in findings}
    host = by.get("Consolidation") or by.get("Lung Opacity")
    return by, by.get("Pneumonia"), host


def _phrases(by: dict[str, Finding], pneumonia: Finding | None, host: Finding | None,
             rng: np.random.Generator, terse: bool, order: tuple[str, ...]) -> list[tuple[str, Labels, Finding]]:
    out = []
    for obs in order:
        if obs in by:
            text, lab = _phrase(by[obs], pneumonia if by[obs] is host else None, rng, terse)
            out.append((text, lab, by[obs]))
    return out


_ORDER = ("Support Devices", "Cardiomegaly", "Enlarged Cardiomediastinum", "Consolidation", "Lung Opacity",
          "Lung Lesion", "Edema", "Atelectasis", "Pleural Effusion", "Pneumothorax", "Pleural Other", "Fracture")
_IMPORTANCE = ("Pneumothorax", "Consolidation", "Pleural Effusion", "Edema", "Lung Opacity", "Cardiomegaly",
               "Enlarged Cardiomediastinum", "Lung Lesion", "Atelectasis", "Fracture", "Pleural Other",
               "Support Devices")
_COMPARABLE = {"Consolidation", "Lung Opacity", "Edema", "Pleural Effusion", "Atelectasis"}


def _mimic(findings: tuple[Finding, ...], rng: np.random.Generator, acq: Acquisition | None
           ) -> tuple[str, list[Labels]]:
    by, pneumonia, host = _split(findings)
    parts: list[tuple[str, Labels]] = []
    pose = _pose(acq, "mimic")
    if pose:
        parts.append((pose, {}))
    if "Cardiomegaly" not in by and "Enlarged Cardiomediastinum" not in by:
        parts.append((_pick(rng, ["Heart size is normal.", "The cardiomediastinal silhouette is normal.",
                                  "Normal heart size and mediastinal contours."]), {"Cardiomegaly": 0}))
    phrases = _phrases(by, pneumonia, host, rng, False, _ORDER)
    for text, lab, f in phrases:
        certain = all(v == 1 for v in lab.values())
        roll = rng.random()
        if f.observation == "Support Devices":
            sentence = f"{_cap(text)} {'are' if text.endswith('s') else 'is'} in place."
        elif certain and roll < 0.3:
            sentence = f"{_cap(text)}, unchanged from the prior study."
        elif certain and roll < 0.5:
            sentence = f"New since the prior study, there is {_article(text)}{text}."
        elif certain and roll < 0.65 and f.observation in _COMPARABLE:
            sentence = f"{_cap(text)}, with interval improvement."
        else:
            sentence = _pick(rng, [f"There is {_article(text)}{text}.", f"{_cap(text)}."])
        parts.append((sentence, lab))
    if "Pneumothorax" not in by:
        parts.append(("No pneumothorax." if "Pleural Effusion" in by else
                      _pick(rng, ["No pleural effusion or pneumothorax.", "No pneumothorax or pleural effusion."]),
                      {"Pneumothorax": 0} if "Pleural Effusion" in by else {"Pneumothorax": 0, "Pleural Effusion": 0}))
    if host is None and phrases and rng.random() < 0.5:
        parts.append(("No focal consolidation.", {"Consolidation": 0}))
    if not phrases:
        parts.append((_pick(rng, ["The lungs are clear.", "Lungs are clear without focal consolidation."]), {}))
    # numbered impression: the most important positive findings, else a normal statement
    main = sorted(phrases, key=lambda p: _IMPORTANCE.index(p[2].observation))[:2]
    if "Support Devices" in by and len(main) > 1:
        main = [p for p in main if p[2].observation != "Support Devices"]
    pathologic = [p for p in main if p[2].observation != "Support Devices"]
    items = [(f"{_cap(t)}.", lab) for t, lab, _ in pathologic] or [
        (_pick(rng, ["No acute cardiopulmonary process.", "No acute cardiopulmonary abnormality."]), {})]
    impression = " ".join(f"{i}. {t}" for i, (t, _) in enumerate(items, 1))
    text = "FINDINGS: " + " ".join(t for t, _ in parts) + " IMPRESSION: " + impression
    return text, [lab for _, lab in parts] + [lab for _, lab in items]


def _structured(findings: tuple[Finding, ...], rng: np.random.Generator, acq: Acquisition | None
                ) -> tuple[str, list[Labels]]:
    by, pneumonia, host = _split(findings)
    lines: list[tuple[str, Labels]] = []
    pose = _pose(acq, "structured")
    if pose:
        lines.append((pose, {}))

    def organ(name: str, order: tuple[str, ...], normal: tuple[str, Labels]) -> None:
        got = _phrases(by, pneumonia, host, rng, False, order)
        if not got:
            lines.append((f"{name}: {normal[0]}.", normal[1]))
            return
        merged: Labels = {}
        for _, lab, _ in got:
            merged.update(lab)
        lines.append((f"{name}: " + "; ".join(t for t, _, _ in got) + ".", merged))

    organ("Heart", ("Cardiomegaly",), ("normal heart size", {"Cardiomegaly": 0}))
    organ("Mediastinum", ("Enlarged Cardiomediastinum",), ("normal mediastinal contour", {}))
    organ("Lungs", ("Consolidation", "Lung Opacity", "Lung Lesion", "Edema", "Atelectasis"), ("clear", {}))
    organ("Pleura", ("Pleural Effusion", "Pneumothorax", "Pleural Other"),
          ("no effusion or pneumothorax", {"Pleural Effusion": 0, "Pneumothorax": 0}))
    organ("Bones", ("Fracture",), ("no acute fracture", {"Fracture": 0}))
    if "Support Devices" in by:
        organ("Devices", ("Support Devices",), ("", {}))
    return " ".join(t for t, _ in lines), [lab for _, lab in lines]


def _terse(findings: tuple[Finding, ...], rng: np.random.Generator, acq: Acquisition | None
           ) -> tuple[str, list[Labels]]:
    by, pneumonia, host = _split(findings)
    parts: list[tuple[str, Labels]] = []
    pose = _pose(acq, "terse")
    if pose:
        parts.append((pose, {}))
    if "Support Devices" in by:
        dev = by["Support Devices"]
        parts.append((_pick(rng, _DEVICE_TERSE[dev.kind or "pacemaker"]), {"Support Devices": 1}))
    phrases = _phrases(by, pneumonia, host, rng, True, _ORDER[1:])
    if not phrases:
        parts.append(_pick(rng, [("NAD.", {}), ("Heart size normal. Lungs clear. No effusion. No PTX.",
                                                {"Cardiomegaly": 0, "Pleural Effusion": 0, "Pneumothorax": 0})]))
    else:
        if "Cardiomegaly" not in by and rng.random() < 0.5:
            parts.append(("Heart size normal.", {"Cardiomegaly": 0}))
        parts += [(f"{_cap(t)}.", lab) for t, lab, _ in phrases]
        if "Pneumothorax" not in by and rng.random() < 0.7:
            parts.append(("No PTX.", {"Pneumothorax": 0}))
    return " ".join(t for t, _ in parts), [lab for _, lab in parts]


def write_styled_report(findings: tuple[Finding, ...], rng: np.random.Generator, design: PhantomDesign,
                        style: str = "iu", acquisition: Acquisition | None = None
                        ) -> tuple[str, list[int | None]]:
    """Write one report in an institution's style, and the CheXpert labels it asserts.

    Args:
        findings: the study's findings (the same findings drive every style).
        rng: the study's grammar generator.
        design: the population design (the IU-like prose reads ``localized`` from it).
        style: one of `STYLES`.
        acquisition: the study's acquisition; a non-standard one is named where the style does.

    Returns:
        (report, labels) as `grammar.write_report`.
    """
    if style == "iu":
        return write_report(findings, rng, design)
    writers = {"mimic": _mimic, "structured": _structured, "terse": _terse}
    if style not in writers:
        from rrg_model.errors import ModelError
        raise ModelError(f"unknown report style {style!r}; choose from {', '.join(STYLES)}")
    text, labels = writers[style](findings, rng, acquisition)
    return text, _merge(labels)


__all__ = ["STYLES", "write_styled_report"]

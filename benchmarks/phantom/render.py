"""Image renderer: two grayscale views (frontal PA and lateral) of a phantom chest.

Pure numpy on a coordinate grid (anti-aliased soft shapes, so any image size works):
body, lungs with radial vascular markings, posterior ribs, clavicles, spine and
mediastinum, heart, domed diaphragm with sharp costophrenic angles. Each finding
changes what a radiologist would look at, at a severity and position that vary:

* cardiomegaly: cardiothoracic ratio (normal 0.40-0.49, mild ~0.53, marked ~0.67);
* enlarged cardiomediastinum: a wider upper mediastinum;
* effusion: fluid with a meniscus filling the costophrenic angle (height by size);
* atelectasis: a plate-like basal band with an elevated hemidiaphragm;
* consolidation / pneumonia: patchy clustered opacity in a lobe; lung opacity: a fainter haze;
* edema: perihilar (bat-wing) haze with Kerley lines when moderate;
* lesion: a round nodule or mass; pneumothorax: a pleural line with no lung markings
  beyond it; pleural thickening: a lateral pleural band; fracture: a cortical break in a rib;
* devices: pacemaker can with leads, a central line, sternotomy wires; in intensive-care
  populations also an endotracheal tube, a nasogastric tube and a PICC line.

Anatomy (position, thorax width, lung height, heart shape, exposure, rotation-free
shift) and noise vary per study so that a finding is never a fixed pixel pattern.
Radiological convention: the patient's right is on the image's left in the frontal view.

How the study was acquired (projection, position, rotation, centring, scale, exposure,
contrast, noise, detector resolution) is an :class:`~.acquisition.Acquisition`; without
one, the standard PA upright acquisition is drawn with per-study variation, as before
acquisitions existed (the same bytes for the same generator).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from PIL import Image

from .acquisition import AP_HEART_MAGNIFICATION, POSITION_EFFECTS, Acquisition
from .findings import Finding

_CTR = {None: (0.40, 0.49), "mild": (0.51, 0.56), "moderate": (0.56, 0.62), "marked": (0.62, 0.70)}


@dataclass
class _Anatomy:
    cx: float          # thorax centre x
    hw: float          # thorax half width
    top: float         # lung apex y
    dia: float         # diaphragm y (lateral costophrenic angle)
    dome: float        # diaphragm dome height
    med: float         # upper mediastinum half width
    ctr: float         # cardiothoracic ratio
    heart_h: float     # heart half height
    rib_gap: float     # rib spacing
    dia_r: float       # right hemidiaphragm offset (usually higher)
    dia_l: float
    tissue: float      # soft tissue brightness
    contrast: float
    gamma: float
    noise: float
    heart_mag: float = 1.0  # frontal heart magnification (AP projection)
    clav_lift: float = 0.0  # clavicles projected higher (AP, lordotic)
    layering: float = 0.0   # share of pleural fluid layering instead of forming a meniscus


def _sample_anatomy(rng: np.random.Generator, findings: dict[str, Finding]) -> _Anatomy:
    heart = findings.get("Cardiomegaly")
    lo, hi = _CTR[heart.size if heart is not None else None]
    if heart is not None and heart.size is None:  # non-localized designs: any enlarged heart
        lo, hi = 0.53, 0.68
    a = _Anatomy(
        cx=0.5 + rng.normal(0, 0.02), hw=float(np.clip(rng.normal(0.37, 0.025), 0.31, 0.43)),
        top=0.12 + rng.normal(0, 0.015), dia=0.80 + rng.normal(0, 0.025), dome=0.07 + rng.normal(0, 0.012),
        med=0.065 + rng.normal(0, 0.006), ctr=float(rng.uniform(lo, hi)), heart_h=0.14 + rng.normal(0, 0.012),
        rib_gap=0.075 + rng.normal(0, 0.005), dia_r=-0.025 + rng.normal(0, 0.01), dia_l=0.0,
        tissue=0.50 + rng.normal(0, 0.03), contrast=float(rng.uniform(0.85, 1.15)),
        gamma=float(rng.uniform(0.8, 1.25)), noise=float(rng.uniform(0.015, 0.04)),
    )
    if "Enlarged Cardiomediastinum" in findings:
        a.med *= 1.45 + 0.5 * findings["Enlarged Cardiomediastinum"].severity
    atel = findings.get("Atelectasis")
    if atel is not None:  # volume loss lifts the hemidiaphragm
        lift = 0.02 + 0.03 * atel.severity
        if atel.side in ("right", "bilateral"):
            a.dia_r -= lift
        if atel.side in ("left", "bilateral"):
            a.dia_l -= lift
    return a


def _apply_acquisition(a: _Anatomy, acq: Acquisition) -> None:
    """Replace the per-study defaults by an explicit acquisition (centring goes to the grid)."""
    a.cx = 0.5
    a.contrast, a.gamma, a.noise = float(acq.contrast), float(acq.exposure), float(acq.noise)
    if acq.projection == "AP":
        a.heart_mag, a.clav_lift = AP_HEART_MAGNIFICATION, 0.03
    rise, a.layering = POSITION_EFFECTS[acq.position]
    a.dia -= rise


def _standard_acquisition(a: _Anatomy, size: int) -> Acquisition:
    """The effective acquisition of a study drawn without one (PA, upright, per-study tone)."""
    return Acquisition(projection="PA", position="upright", rotation_deg=0.0, shift_x=float(a.cx - 0.5),
                       shift_y=0.0, scale=1.0, exposure=float(a.gamma), contrast=float(a.contrast),
                       noise=float(a.noise), resolution=int(size))


def _grid(size: int, acq: Acquisition | None) -> tuple[np.ndarray, np.ndarray, float]:
    """Anatomical coordinates (x, y) of each pixel centre and the blur width ``px``.

    The pose (rotation about the image centre, scale, shift) maps image points to anatomy:
    ``q = c + R(-theta) (p - c - shift) / scale`` with ``c`` the image centre.
    """
    s = (np.arange(size, dtype=np.float32) + 0.5) / size
    x, y = np.meshgrid(s, s)
    px = 1.2 / size
    if acq is None or (acq.rotation_deg == 0 and acq.shift_x == 0 and acq.shift_y == 0 and acq.scale == 1):
        return x, y, px
    th = np.deg2rad(acq.rotation_deg)
    # image y grows downwards, so a counter-clockwise turn as displayed is -theta in (x, y)
    dx, dy = (x - 0.5 - acq.shift_x) / acq.scale, (y - 0.5 - acq.shift_y) / acq.scale
    c, sn = np.float32(np.cos(th)), np.float32(np.sin(th))
    qx = 0.5 + c * dx - sn * dy
    qy = 0.5 + sn * dx + c * dy
    return qx.astype(np.float32), qy.astype(np.float32), px / acq.scale


def _sig(d: np.ndarray, px: float) -> np.ndarray:
    """Soft step of a signed distance (in image units) with about ``px`` units of blur."""
    return 1.0 / (1.0 + np.exp(-np.clip(d / px, -30, 30)))


def _blob(x: np.ndarray, y: np.ndarray, cx: float, cy: float, rx: float, ry: float) -> np.ndarray:
    return np.exp(-(((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2))


def _segment(x: np.ndarray, y: np.ndarray, p0: tuple[float, float], p1: tuple[float, float],
             width: float) -> np.ndarray:
    """Brightness of a line segment of given half width (gaussian profile)."""
    (x0, y0), (x1, y1) = p0, p1
    dx, dy = x1 - x0, y1 - y0
    t = np.clip(((x - x0) * dx + (y - y0) * dy) / max(dx * dx + dy * dy, 1e-9), 0.0, 1.0)
    d2 = (x - x0 - t * dx) ** 2 + (y - y0 - t * dy) ** 2
    return np.exp(-d2 / (width * width))


def _polyline(x: np.ndarray, y: np.ndarray, pts: list[tuple[float, float]], width: float) -> np.ndarray:
    out = np.zeros_like(x)
    for p0, p1 in zip(pts[:-1], pts[1:]):
        out = np.maximum(out, _segment(x, y, p0, p1, width))
    return out


def _lowfreq(rng: np.random.Generator, size: int, cells: int) -> np.ndarray:
    """Smooth noise in [-1, 1]: a small random grid upsampled bicubically."""
    grid = rng.uniform(-1, 1, (cells, cells)).astype(np.float32)
    return np.asarray(Image.fromarray(grid, mode="F").resize((size, size), Image.BICUBIC), dtype=np.float32)


def _finish(img: np.ndarray, a: _Anatomy, rng: np.random.Generator, out_size: int) -> np.ndarray:
    """Tone (contrast, exposure gamma), resize to the output side, noise, 8 bits."""
    img = (img - 0.45) * a.contrast + 0.45
    img = np.clip(img, 0.0, 1.0) ** a.gamma
    if img.shape[0] != out_size:  # drawn at the detector's resolution
        img = np.asarray(Image.fromarray(img.astype(np.float32), mode="F").resize((out_size, out_size),
                                                                                  Image.BICUBIC), dtype=np.float32)
    img = img + rng.normal(0.0, a.noise, img.shape)
    return np.clip(img * 255.0 + 0.5, 0, 255).astype(np.uint8)


def _layered_fluid(meniscus_fluid: np.ndarray, a: _Anatomy, y: np.ndarray, top: float, bottom: float,
                   severity: float, lateral: np.ndarray) -> np.ndarray:
    """Blend an upright meniscus with fluid layering over the dependent lung (semi-upright, supine)."""
    if a.layering <= 0:
        return meniscus_fluid
    depth = np.clip((y - (top + 0.15 * (bottom - top))) / max(bottom - top, 1e-3), 0.0, 1.0)
    haze = (0.45 + 0.45 * severity) * depth * lateral
    return (1.0 - a.layering) * meniscus_fluid + a.layering * haze


def _frontal(a: _Anatomy, findings: dict[str, Finding], rng: np.random.Generator, size: int,
             acq: Acquisition | None = None, out_size: int | None = None) -> np.ndarray:
    x, y, px = _grid(size, acq)
    img = np.full_like(x, 0.06)
    # body and soft tissue
    body = _sig(1.0 - np.sqrt(((x - a.cx) / (a.hw + 0.1)) ** 2 + ((y - 0.6) / 0.62) ** 2), 2 * px)
    img += (a.tissue - 0.06) * body
    # lungs: patient's right lung on the image's left
    lungs = np.zeros_like(x)
    side_mask: dict[str, np.ndarray] = {}
    side_geom: dict[str, tuple[float, float, float]] = {}
    for side, sign, doff in (("right", -1.0, a.dia_r), ("left", 1.0, a.dia_l)):
        inner = a.med + (0.03 if side == "left" else 0.0)
        lc = a.cx + sign * (inner + a.hw) / 2
        lw = (a.hw - inner) / 2
        u = (x - lc) / lw
        dia = a.dia + doff
        apex = a.top + 0.10 * u ** 2
        bottom = dia - a.dome * np.clip(1.0 - (u + sign * 0.3) ** 2, 0, None)
        m = _sig(1.0 - np.abs(u), px / lw) * _sig(y - apex, px) * _sig(bottom - y, px)
        side_mask[side] = m
        side_geom[side] = (lc, lw, dia)
        lungs = np.maximum(lungs, m)
    # heart: ellipse shifted to the patient's left, width set by the cardiothoracic ratio;
    # it lies in front of the lungs, so it hides them (a visible heart border)
    hwid = a.ctr * a.heart_mag * a.hw
    hcx = a.cx + 0.35 * hwid
    hcy = a.dia + a.dia_l * 0.5 - a.dome * 0.6 - a.heart_h * 0.85
    heart = _sig(1.0 - np.sqrt(((x - hcx) / hwid) ** 2 + ((y - hcy) / a.heart_h) ** 2), px / hwid)
    lungs = lungs * (1.0 - 0.8 * heart)
    # vascular markings: radial streaks from each hilum, fading to the periphery
    texture = np.zeros_like(x)
    wobble = _lowfreq(rng, size, 6)
    for side, (lc, lw, dia) in side_geom.items():
        hx, hy = a.cx + (0.5 if side == "left" else -0.5) * (a.med + 0.05), (a.top + dia) / 2 - 0.03
        theta = np.arctan2(y - hy, x - hx)
        r = np.sqrt((x - hx) ** 2 + (y - hy) ** 2)
        streak = (0.5 + 0.5 * np.cos(theta * 22 + wobble * 2.5)) ** 6
        texture += side_mask[side] * (1.0 - heart) * streak * np.exp(-r / 0.22) * 0.16
    ptx = findings.get("Pneumothorax")
    ptx_region = np.zeros_like(x)
    if ptx is not None:
        lc, lw, dia = side_geom[ptx.side or "right"]
        u = (x - lc) / lw
        sign = 1.0 if ptx.side == "left" else -1.0
        # distance inwards from the lateral and apical pleura, in lung-width units
        gap = 0.12 + 0.35 * ptx.severity
        lateral = 1.0 - sign * u  # 0 at the lateral wall, 2 at the medial wall
        height = (y - a.top) / max(dia - a.top, 1e-3)
        depth = np.minimum(lateral, height * 2.2)
        ptx_region = side_mask[ptx.side or "right"] * _sig(gap - depth, px / lw) * _sig(0.75 - height, px)
        line = side_mask[ptx.side or "right"] * np.exp(-((depth - gap) * lw / (0.9 * px)) ** 2) \
            * _sig(0.75 - height, px)
        texture *= 1.0 - ptx_region
        img += 0.22 * line
    img -= (a.tissue - 0.12) * lungs * (1.0 - 0.35 * ptx_region) + 0.05 * ptx_region * lungs
    img += texture
    # ribs: periodic bands that bow downwards laterally (posterior ribs)
    u_all = (x - a.cx) / a.hw
    phase = (y - a.top + 0.03 - 0.09 * u_all ** 2 + 0.02 * np.abs(u_all)) / a.rib_gap
    ribs = (0.5 + 0.5 * np.cos(2 * np.pi * phase)) ** 8 * _sig(1.0 - np.abs(u_all), px) \
        * _sig(np.abs(x - a.cx) - a.med * 0.6, px) * _sig(a.dia + 0.02 - y, px) * _sig(y - a.top + 0.04, px)
    fr = findings.get("Fracture")
    if fr is not None:
        sign = 1.0 if fr.side == "left" else -1.0
        k = int(rng.integers(3, 7))
        fx = a.cx + sign * a.hw * float(rng.uniform(0.6, 0.85))
        fu = (fx - a.cx) / a.hw
        fy = a.top - 0.03 + 0.09 * fu ** 2 - 0.02 * abs(fu) + k * a.rib_gap
        # cortical break: a gap through the rib, one end stepped
        ribs *= 1.0 - _blob(x, y, fx, fy, 0.012 + 0.01 * fr.severity, 0.03)
        img += 0.10 * _blob(x, y, fx + sign * 0.02, fy + 0.012, 0.012, 0.006)
    img += 0.13 * ribs
    # clavicles
    for sign in (-1.0, 1.0):
        img += 0.16 * _segment(x, y, (a.cx + sign * 0.04, a.top + 0.02 - a.clav_lift),
                               (a.cx + sign * a.hw * 0.95, a.top - 0.03 - a.clav_lift), 0.014)
    # spine and upper mediastinum
    img += 0.16 * _sig(a.med - np.abs(x - a.cx), px) * _sig(a.dia + 0.1 - y, px)
    img += 0.10 * _sig(0.035 - np.abs(x - a.cx), px) * (0.6 + 0.4 * np.cos(2 * np.pi * y / 0.05))
    # --- findings ---
    eff = findings.get("Pleural Effusion")
    if eff is not None:
        sides = ("left", "right") if eff.side == "bilateral" else (eff.side or "right",)
        for side in sides:
            lc, lw, dia = side_geom[side]
            sign = 1.0 if side == "left" else -1.0
            u = (x - lc) / lw
            level = dia - (0.04 + 0.30 * eff.severity) * (dia - a.top)
            meniscus = level - 0.05 * np.clip(sign * u, 0, None)  # climbs the lateral wall
            fluid = _sig(y - meniscus, 1.5 * px) * _sig(1.0 - np.abs(u), px / lw) * _sig(dia + 0.05 - y, px)
            fluid = _layered_fluid(fluid, a, y, a.top, dia, eff.severity,
                                   _sig(1.0 - np.abs(u), px / lw) * _sig(dia + 0.05 - y, px))
            img += (a.tissue - 0.1) * 0.85 * fluid * side_mask[side] + 0.05 * fluid
    atel = findings.get("Atelectasis")
    if atel is not None:
        sides = ("left", "right") if atel.side == "bilateral" else (atel.side or "right",)
        for side in sides:
            lc, lw, dia = side_geom[side]
            by = dia - a.dome - 0.03 - 0.05 * float(rng.uniform(0, 1))
            tilt = float(rng.normal(0, 0.03))
            band = _sig(0.012 + 0.008 * atel.severity - np.abs(y - by - tilt * (x - lc) / lw), px) \
                * _sig(0.65 - np.abs((x - lc) / lw), px / lw)
            img += (0.16 + 0.1 * atel.severity) * band * side_mask[side] * (0.5 if not atel.certain else 1.0)
    for obs, strength, n_blobs in (("Consolidation", 0.30, 6), ("Lung Opacity", 0.16, 3)):
        f = findings.get(obs)
        if f is None:
            continue
        lc, lw, dia = side_geom[f.side or "right"]
        zy0, zy1 = (a.top + 0.04, a.top + 0.4 * (dia - a.top)) if f.zone == "upper" else \
            (a.top + 0.55 * (dia - a.top), dia - a.dome - 0.02)
        cy = float(rng.uniform(zy0, zy1))
        cxx = lc + float(rng.uniform(-0.35, 0.35)) * lw
        pn = 1.3 if "Pneumonia" in findings and findings["Pneumonia"].zone == f.zone else 1.0
        patch = np.zeros_like(x)
        for _ in range(n_blobs):
            r = (0.03 + 0.04 * f.severity) * pn * float(rng.uniform(0.6, 1.2))
            patch = np.maximum(patch, _blob(x, y, cxx + float(rng.normal(0, 0.035)), cy + float(rng.normal(0, 0.03)), r, r * 0.9))
        patch *= 0.75 + 0.25 * _lowfreq(rng, size, 10)
        img += strength * (0.6 + 0.6 * f.severity) * patch * side_mask[f.side or "right"] \
            * (0.6 if not f.certain else 1.0)
    edema = findings.get("Edema")
    if edema is not None:
        amp = 0.08 + 0.16 * edema.severity
        for side, (lc, lw, dia) in side_geom.items():
            hx = a.cx + (1 if side == "left" else -1) * (a.med + 0.06)
            haze = _blob(x, y, hx, (a.top + dia) / 2, 0.13, 0.2)
            img += amp * haze * side_mask[side]
            if edema.size != "mild":  # Kerley B lines at the lateral bases
                for k in range(4):
                    yy = dia - 0.05 - 0.022 * k
                    xo = lc + (1 if side == "left" else -1) * lw * 0.92
                    img += 0.10 * _segment(x, y, (xo, yy), (xo - (1 if side == "left" else -1) * 0.04, yy), 0.004)
    les = findings.get("Lung Lesion")
    if les is not None:
        lc, lw, dia = side_geom[les.side or "right"]
        zy0, zy1 = (a.top + 0.06, a.top + 0.4 * (dia - a.top)) if les.zone == "upper" else \
            (a.top + 0.55 * (dia - a.top), dia - a.dome - 0.04)
        r = (0.014 + 0.012 * les.severity) if les.size != "large" else (0.04 + 0.035 * les.severity)
        r = max(r, 1.6 / size)
        ncx, ncy = lc + float(rng.uniform(-0.5, 0.5)) * lw, float(rng.uniform(zy0, zy1))
        nod = _sig(r - np.sqrt((x - ncx) ** 2 + (y - ncy) ** 2), px)
        img += 0.30 * nod * (0.6 if not les.certain else 1.0)
    po = findings.get("Pleural Other")
    if po is not None:
        lc, lw, dia = side_geom[po.side or "right"]
        sign = 1.0 if po.side == "left" else -1.0
        u = (x - lc) / lw
        band = _sig(0.10 + 0.08 * po.severity - (1.0 - sign * u), px / lw) * _sig(a.top + 0.45 * (dia - a.top) - y, px)
        img += 0.2 * band * side_mask[po.side or "right"]
    dev = findings.get("Support Devices")
    if dev is not None:
        wire = 1.0 / size * 0.9
        if dev.kind == "pacemaker":
            gx, gy = a.cx + a.hw * 0.75 + float(rng.normal(0, 0.02)), a.top + 0.06 + float(rng.normal(0, 0.015))
            can = _sig(0.035 - np.abs(x - gx), px) * _sig(0.025 - np.abs(y - gy), px)
            leads = _polyline(x, y, [(gx, gy), (a.cx + 0.06, a.top + 0.12), (a.cx + 0.02, hcy - 0.02),
                                     (hcx + 0.02, hcy + 0.06)], max(wire, 0.006))
            img = np.maximum(img, 0.95 * can)
            img += 0.35 * leads
        elif dev.kind == "central_line":
            tip = (a.cx - 0.025, a.top + 0.17 + float(rng.normal(0, 0.02)))
            img += 0.4 * _polyline(x, y, [(a.cx - 0.11, 0.0), (a.cx - 0.07, a.top + 0.03), tip], max(wire, 0.006))
        elif dev.kind == "endotracheal_tube":  # a wide tube down the trachea, tip above the carina
            tip_y = a.top + 0.10 + float(rng.normal(0, 0.015))
            img += 0.3 * _segment(x, y, (a.cx + 0.005, 0.0), (a.cx, tip_y), max(1.6 / size, 0.012))
        elif dev.kind == "nasogastric_tube":  # down the oesophagus, through the hiatus into the stomach
            img += 0.35 * _polyline(x, y, [(a.cx + 0.01, 0.0), (a.cx + 0.02, a.dia - 0.05),
                                           (a.cx + 0.13, a.dia + 0.06 + float(rng.normal(0, 0.01)))], max(wire, 0.006))
        elif dev.kind == "picc":  # from the right arm through the axilla to the superior vena cava
            img += 0.4 * _polyline(x, y, [(a.cx - a.hw - 0.12, a.top + 0.10), (a.cx - a.hw * 0.7, a.top + 0.01),
                                          (a.cx - 0.07, a.top + 0.05), (a.cx - 0.025, a.top + 0.16)], max(wire, 0.005))
        else:  # sternotomy wires: small bright loops along the midline
            for k in range(5):
                wy = a.top + 0.12 + k * 0.075
                ring = np.sqrt(((x - a.cx) / 0.022) ** 2 + ((y - wy) / 0.012) ** 2)
                img += 0.45 * np.exp(-((ring - 1.0) / 0.35) ** 2)
    return _finish(img, a, rng, out_size or size)


def _lateral(a: _Anatomy, findings: dict[str, Finding], rng: np.random.Generator, size: int,
             acq: Acquisition | None = None, out_size: int | None = None) -> np.ndarray:
    """Lateral view: anterior on the image's left, spine on the right.

    A sideways shift and an in-plane (coronal) tilt of the patient move along and about the
    lateral beam, so this view takes only the vertical shift and the scale of the pose.
    """
    if acq is not None:
        acq = dataclasses.replace(acq, shift_x=0.0, rotation_deg=0.0)
    x, y, px = _grid(size, acq)
    img = np.full_like(x, 0.06)
    ap = 0.36 + 0.1 * (a.hw - 0.37)  # chest depth
    body = _sig(1.0 - np.sqrt(((x - 0.5) / (ap + 0.05)) ** 2 + ((y - 0.6) / 0.62) ** 2), 2 * px)
    img += (a.tissue - 0.06) * body
    dia = a.dia + 0.5 * (a.dia_r + a.dia_l)
    u = (x - 0.48) / ap
    apex = a.top + 0.08 * u ** 2
    bottom = dia - a.dome * np.clip(1.0 - (u + 0.2) ** 2, 0, None) * 1.2
    lung = _sig(0.92 - np.abs(u), px / ap) * _sig(y - apex, px) * _sig(bottom - y, px)
    # heart: anterior, bulging backwards as it enlarges; hides the lung behind it
    hw = 0.10 + 0.45 * (a.ctr - 0.45)
    hcx, hcy = 0.48 - ap * 0.45 + hw * 0.6, dia - a.dome - a.heart_h * 0.7
    heart = _sig(1.0 - np.sqrt(((x - hcx) / hw) ** 2 + ((y - hcy) / a.heart_h) ** 2), px / hw)
    lung = lung * (1.0 - 0.8 * heart)
    img -= (a.tissue - 0.14) * lung
    img += 0.10 * lung * (0.5 + 0.5 * _lowfreq(rng, size, 12))
    # spine: vertebral bodies on the posterior side
    sx = 0.48 + ap * 0.78
    vert = _sig(0.045 - np.abs(x - sx), px) * (0.65 + 0.35 * (np.cos(2 * np.pi * y / 0.06) > -0.6))
    img += 0.2 * vert * _sig(0.97 - y, px)
    # sternum
    img += 0.12 * _sig(0.012 - np.abs(x - (0.48 - ap * 0.88) - 0.02 * (y - a.top)), px) * _sig(y - a.top, px) \
        * _sig(dia - 0.05 - y, px)
    # upper mediastinum / trachea band
    img += (0.08 + 0.6 * (a.med - 0.065)) * _sig(a.med * 0.9 - np.abs(x - 0.5), px) * _sig(hcy - a.heart_h - y, px) * _sig(y - a.top + 0.05, px)
    eff = findings.get("Pleural Effusion")
    if eff is not None:
        amount = eff.severity * (1.5 if eff.side == "bilateral" else 1.0)
        level = dia - (0.03 + 0.22 * min(amount, 1.3)) * (dia - a.top)
        meniscus = level - 0.08 * np.clip(u, 0, None)  # climbs posteriorly
        fluid = _sig(y - meniscus, 1.5 * px) * _sig(u - 0.1, px / ap)
        fluid = _layered_fluid(fluid, a, y, a.top, dia, min(amount, 1.0), _sig(u - 0.1, px / ap))
        img += (a.tissue - 0.1) * 0.8 * fluid * lung
    for obs, strength in (("Consolidation", 0.25), ("Lung Opacity", 0.13)):
        f = findings.get(obs)
        if f is None:
            continue
        cy = a.top + (0.25 if f.zone == "upper" else 0.7) * (dia - a.top) + float(rng.normal(0, 0.03))
        cxx = 0.48 + float(rng.uniform(-0.4, 0.5)) * ap
        r = 0.05 + 0.05 * f.severity
        img += strength * _blob(x, y, cxx, cy, r, r * 0.8) * lung * (0.6 if not f.certain else 1.0)
    les = findings.get("Lung Lesion")
    if les is not None:
        cy = a.top + (0.25 if les.zone == "upper" else 0.68) * (dia - a.top) + float(rng.normal(0, 0.03))
        r = (0.013 + 0.01 * les.severity) if les.size != "large" else (0.035 + 0.03 * les.severity)
        r = max(r, 1.6 / size)
        cxx = 0.48 + float(rng.uniform(-0.4, 0.5)) * ap
        img += 0.25 * _sig(r - np.sqrt((x - cxx) ** 2 + (y - cy) ** 2), px) * (0.6 if not les.certain else 1.0)
    edema = findings.get("Edema")
    if edema is not None:
        img += (0.06 + 0.12 * edema.severity) * _blob(x, y, 0.5, (a.top + dia) / 2, 0.2, 0.22) * lung
    atel = findings.get("Atelectasis")
    if atel is not None:
        by = dia - a.dome - 0.05
        img += 0.14 * _sig(0.01 - np.abs(y - by - 0.1 * (x - 0.5)), px) * _sig(0.6 - np.abs(u), px / ap) * lung
    dev = findings.get("Support Devices")
    if dev is not None:
        wire = max(0.9 / size, 0.006)
        if dev.kind == "pacemaker":
            gx, gy = 0.48 - ap * 0.75, a.top + 0.06
            img = np.maximum(img, 0.95 * _sig(0.02 - np.abs(x - gx), px) * _sig(0.03 - np.abs(y - gy), px))
            img += 0.35 * _polyline(x, y, [(gx, gy), (0.45, a.top + 0.15), (hcx, hcy + 0.05)], wire)
        elif dev.kind == "central_line":
            img += 0.4 * _polyline(x, y, [(0.52, 0.0), (0.5, a.top + 0.1), (0.46, a.top + 0.18)], wire)
        elif dev.kind == "endotracheal_tube":
            img += 0.3 * _segment(x, y, (0.47, 0.0), (0.49, a.top + 0.1), max(1.6 / size, 0.012))
        elif dev.kind == "nasogastric_tube":
            img += 0.35 * _polyline(x, y, [(0.53, 0.0), (0.56, dia - 0.05), (0.5, dia + 0.06)], wire)
        elif dev.kind == "picc":
            img += 0.4 * _polyline(x, y, [(0.5, 0.0), (0.49, a.top + 0.1), (0.46, a.top + 0.17)], wire)
        else:
            sx0 = 0.48 - ap * 0.88
            for k in range(5):
                wy = a.top + 0.1 + k * 0.07
                img += 0.45 * _blob(x, y, sx0 + 0.02 * (wy - a.top), wy, 0.012, 0.008)
    return _finish(img, a, rng, out_size or size)


def render_study(findings: tuple[Finding, ...], rng: np.random.Generator, size: int = 64,
                 acquisition: Acquisition | None = None, views: int = 2) -> tuple[list[np.ndarray], Acquisition]:
    """Render a study's views and return them with the acquisition they were drawn under.

    Without ``acquisition`` the returned one is the standard PA upright acquisition with
    this study's drawn centring, exposure, contrast and noise (what the writer records).
    """
    by = {f.observation: f for f in findings}
    anatomy = _sample_anatomy(rng, by)  # the same draws with or without an acquisition
    if acquisition is None:
        effective, res = _standard_acquisition(anatomy, size), size
    else:
        if not isinstance(acquisition, Acquisition):
            raise TypeError(f"acquisition must be an Acquisition or None, got {type(acquisition).__name__} "
                            "(pass views= by keyword)")
        acquisition.validate()
        _apply_acquisition(anatomy, acquisition)
        res = int(acquisition.resolution or size)
        effective = dataclasses.replace(acquisition, resolution=res)
    acq = None if acquisition is None else effective
    out = [_frontal(anatomy, by, rng, res, acq, size)]
    if views >= 2:
        out.append(_lateral(anatomy, by, rng, res, acq, size))
    return out, effective


def render_views(findings: tuple[Finding, ...], rng: np.random.Generator, size: int = 64,
                 acquisition: Acquisition | None = None, views: int = 2) -> list[np.ndarray]:
    """Render a study's views.

    Args:
        findings: what the study shows.
        rng: the study's render generator (anatomy, positions, noise).
        size: image side in pixels (square).
        acquisition: projection, position, pose, exposure and detector of the study; None =
            the standard PA upright acquisition with per-study variation (the images the
            generator wrote before acquisitions existed, byte for byte).
        views: 1 (frontal only, MIMIC-CXR style) or 2 (frontal and lateral, IU X-Ray style).

    Returns:
        ``views`` uint8 arrays of shape (size, size).
    """
    return render_study(findings, rng, size, acquisition, views)[0]

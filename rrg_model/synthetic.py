"""A small synthetic dataset in the R2Gen layout, for tests, demos and smoke runs.

Each study has two grayscale PNG "views" and a templated report; findings are drawn into
the images (a bright blob for an effusion side, a large central disc for cardiomegaly), so
a model can learn something real in a few CPU minutes. Not medical data.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

FINDINGS = {
    "heart": ["the heart size is normal .", "the heart is enlarged ."],
    "left": ["", "there is a small left pleural effusion ."],
    "right": ["", "there is a small right pleural effusion ."],
}
NORMAL = "the lungs are clear . no pneumothorax ."


def write_synthetic_dataset(out_dir: str | Path, n_train: int = 40, n_val: int = 8,
                            n_test: int = 8, image_size: int = 32, seed: int = 0) -> Path:
    """Write ``annotation.json`` and ``images/`` under `out_dir`; return `out_dir`."""
    from PIL import Image

    out = Path(out_dir)
    rng = np.random.default_rng(seed)
    ann: dict[str, list] = {"train": [], "val": [], "test": []}
    yy, xx = np.mgrid[0:image_size, 0:image_size] / image_size
    i = 0
    for split, n in (("train", n_train), ("val", n_val), ("test", n_test)):
        for _ in range(n):
            big, left, right = (int(v) for v in rng.integers(0, 2, size=3))
            sid = f"SYN{i:05d}"
            i += 1
            report = " ".join(s for s in (FINDINGS["heart"][big], NORMAL if not (left or right) else "",
                                          FINDINGS["left"][left], FINDINGS["right"][right]) if s)
            paths = []
            for view in range(2):
                img = 0.25 + 0.1 * rng.standard_normal((image_size, image_size))
                r = 0.28 if big else 0.16
                img += 0.5 * (((xx - 0.5) ** 2 + (yy - 0.55) ** 2) < r ** 2)
                if left:
                    img += 0.6 * (((xx - 0.8) ** 2 + (yy - 0.85) ** 2) < 0.02)
                if right:
                    img += 0.6 * (((xx - 0.2) ** 2 + (yy - 0.85) ** 2) < 0.02)
                rel = f"{sid}/{view}.png"
                (out / "images" / sid).mkdir(parents=True, exist_ok=True)
                Image.fromarray((np.clip(img, 0, 1) * 255).astype(np.uint8), "L").save(out / "images" / rel)
                paths.append(rel)
            ann[split].append({"id": sid, "report": report, "image_path": paths, "split": split})
    (out / "annotation.json").write_text(json.dumps(ann, indent=1), encoding="utf-8")
    return out

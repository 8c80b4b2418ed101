"""Linear probe: how much of each finding a phantom's pixels reveal, without any deep model.

A logistic regression on the standardized, downsampled pixels of both views, trained on
the train split and scored on test: ROC AUC per observation ("present" in labels.json),
and accuracy of left vs right for localized findings. It separates "the data carries the
finding" from "the report generator learned it": a model whose reports ignore the images
while this probe reaches AUC ~1 is under-trained, not facing an unsolvable data set.

    python -m rrg_benchmarks.phantom.probe DATA_DIR [--size 32]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from PIL import Image

from rrg_model.errors import ModelError

from .findings import OBSERVATIONS


def _features(data_dir: Path, entries: list[dict], size: int) -> np.ndarray:
    rows = []
    for e in entries:
        views = [np.asarray(Image.open(data_dir / "images" / p).convert("L").resize((size, size), Image.BILINEAR),
                            dtype=np.float32).ravel() / 255.0 for p in e["image_path"]]
        rows.append(np.concatenate(views))
    return np.stack(rows)


def linear_probe(data_dir: str | Path, size: int = 32, c: float = 0.01, min_positives: int = 20) -> dict:
    """Per-observation test AUC and per-finding side accuracy of a pixel-level logistic regression.

    Returns:
        ``{"auc": {observation: float}, "side_accuracy": {observation: (accuracy, n_test)}}``;
        observations with fewer than ``min_positives`` training positives are left out.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    root = Path(data_dir)
    if not (root / "labels.json").is_file():
        raise ModelError(f"{root} has no labels.json (not a phantom data set)")
    ann = json.loads((root / "annotation.json").read_text(encoding="utf-8"))
    studies = json.loads((root / "labels.json").read_text(encoding="utf-8"))["studies"]
    x_tr, x_te = _features(root, ann["train"], size), _features(root, ann["test"], size)
    mu, sd = x_tr.mean(0), x_tr.std(0) + 1e-6
    x_tr, x_te = (x_tr - mu) / sd, (x_te - mu) / sd
    y_tr = np.array([studies[e["id"]]["present"] for e in ann["train"]])
    y_te = np.array([studies[e["id"]]["present"] for e in ann["test"]])
    auc: dict[str, float] = {}
    for j, obs in enumerate(OBSERVATIONS):
        if y_tr[:, j].sum() < min_positives or len(set(y_te[:, j])) < 2:
            continue
        model = LogisticRegression(C=c, max_iter=300).fit(x_tr, y_tr[:, j])
        auc[obs] = float(roc_auc_score(y_te[:, j], model.predict_proba(x_te)[:, 1]))
    sides: dict[str, tuple[float, int]] = {}
    for obs in ("Pleural Effusion", "Atelectasis", "Consolidation", "Lung Opacity", "Lung Lesion"):
        def pick(split: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            idx, lab = [], []
            for i, e in enumerate(ann[split]):
                side = next((f["side"] for f in studies[e["id"]]["findings"] if f["observation"] == obs), None)
                if side in ("left", "right"):
                    idx.append(i)
                    lab.append(side == "left")
            return x[idx], np.array(lab)
        (a, b), (t, u) = pick("train", x_tr), pick("test", x_te)
        if len(b) >= min_positives and len(set(u)) == 2:
            model = LogisticRegression(C=c, max_iter=300).fit(a, b)
            sides[obs] = (float(model.score(t, u)), int(len(u)))
    return {"auc": auc, "side_accuracy": sides}


def main() -> None:
    """Print the probe's table for a phantom data folder."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--size", type=int, default=32, help="downsampled side in pixels")
    args = ap.parse_args()
    res = linear_probe(args.data_dir, args.size)
    for obs, v in res["auc"].items():
        print(f"{obs:28s} test AUC {v:.3f}")
    for obs, (acc, n) in res["side_accuracy"].items():
        print(f"side of {obs:20s} test accuracy {acc:.3f}  (n={n})")


if __name__ == "__main__":
    main()

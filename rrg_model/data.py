"""R2Gen data layout, image loading and transforms, and deterministic batching.

Layout (R2Gen): ``DATA/annotation.json`` = ``{"train": [...], "val": [...], "test": [...]}``,
each study ``{"id", "report", "image_path": [relative paths], "split"}``; images live under
``DATA/images/``. iu_xray uses the first 2 images of a study, mimic_cxr the first.
Image paths are resolved inside the data directory: one that escapes it is an error.

Transforms (R2Gen's, without torchvision): resize to ``resize`` x ``resize``; training takes
a random ``image_size`` crop and a random horizontal flip, evaluation the central crop;
then ImageNet mean/std normalisation. Randomness comes from a generator seeded by
(seed, epoch, study index), so an epoch is the same whatever the process count or resume point.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import torch

from .config import DataConfig
from .errors import ModelError
from .tokenizer import Tokenizer

log = logging.getLogger(__name__)

SPLITS = ("train", "val", "test")
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


@dataclass(frozen=True)
class Study:
    """One report with its image files (absolute, inside the data directory)."""

    id: str
    report: str
    images: tuple[Path, ...]
    split: str


def resolve_image(data_dir: Path, rel: str) -> Path:
    """``DATA/images/rel``, refusing absolute paths and ones that leave DATA.

    Raises:
        ModelError: the path escapes the data directory.
    """
    root = data_dir.resolve()
    if not isinstance(rel, str) or not rel or "\x00" in rel or Path(rel).is_absolute():
        raise ModelError(f"image path {rel!r} must be a relative path inside {data_dir}")
    path = (root / "images" / rel).resolve()
    if not path.is_relative_to(root):
        raise ModelError(f"image path {rel!r} escapes the data directory {data_dir}")
    return path


def load_annotation(data_dir: str | Path, images_per_study: int,
                    annotation: str | Path | None = None) -> dict[str, list[Study]]:
    """Read and validate ``annotation.json``.

    Args:
        data_dir: folder with ``annotation.json`` and ``images/``.
        images_per_study: images each study must have (only the first ones are used).
        annotation: another annotation file (default ``data_dir/annotation.json``).

    Returns:
        ``{"train": [Study], "val": [...], "test": [...]}`` (missing splits are empty).

    Raises:
        ModelError: missing file, malformed JSON or entries, escaping image paths.
    """
    data_dir = Path(data_dir)
    path = Path(annotation) if annotation else data_dir / "annotation.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"annotation file not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read annotation file {path}: {exc}") from None
    if not isinstance(raw, dict) or not any(s in raw for s in SPLITS):
        raise ModelError(f"{path}: expected an object with train/val/test lists")
    out: dict[str, list[Study]] = {}
    for split in SPLITS:
        items = raw.get(split, [])
        if not isinstance(items, list):
            raise ModelError(f"{path}: {split!r} must be a list")
        studies = []
        for i, it in enumerate(items):
            where = f"{path}: {split}[{i}]"
            if not isinstance(it, dict) or not all(k in it for k in ("id", "report", "image_path")):
                raise ModelError(f"{where} needs id, report and image_path")
            paths = it["image_path"]
            if isinstance(paths, str):
                paths = [paths]
            if not isinstance(paths, list) or len(paths) < images_per_study:
                raise ModelError(f"{where} has {len(paths) if isinstance(paths, list) else 0} "
                                 f"image(s), the model needs {images_per_study}")
            if not isinstance(it["report"], str):
                raise ModelError(f"{where}: report must be a string")
            imgs = tuple(resolve_image(data_dir, p) for p in paths[:images_per_study])
            studies.append(Study(str(it["id"]), it["report"], imgs, split))
        out[split] = studies
    return out


def load_image(path: Path, size: int, channels: int) -> np.ndarray:
    """Decode one image, resized to size x size: uint8 (C, size, size).

    Raises:
        ModelError: missing or unreadable file.
    """
    from PIL import Image

    try:
        with Image.open(path) as im:
            im = im.convert("RGB" if channels == 3 else "L")
            im = im.resize((size, size), Image.BILINEAR)
            arr = np.asarray(im, dtype=np.uint8)
    except FileNotFoundError:
        raise ModelError(f"image not found: {path}") from None
    except OSError as exc:
        raise ModelError(f"cannot read image {path}: {exc}") from None
    return arr[None] if arr.ndim == 2 else arr.transpose(2, 0, 1)


def pad_token_rows(rows: Sequence[Sequence[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Token id rows -> (tokens (B, T) long, zero-padded; mask (B, T) float, 1 on real tokens)."""
    T = max(len(r) for r in rows)
    tokens = torch.zeros(len(rows), T, dtype=torch.long)
    mask = torch.zeros(len(rows), T)
    for j, r in enumerate(rows):
        tokens[j, :len(r)] = torch.tensor(r)
        mask[j, :len(r)] = 1.0
    return tokens, mask


def transform(img: np.ndarray, image_size: int, rng: np.random.Generator | None) -> np.ndarray:
    """Crop (random if rng, else central), maybe flip, normalise: float32 (C, s, s)."""
    C, H, W = img.shape
    if rng is not None:
        top = int(rng.integers(0, H - image_size + 1))
        left = int(rng.integers(0, W - image_size + 1))
    else:
        top, left = (H - image_size) // 2, (W - image_size) // 2
    out = img[:, top:top + image_size, left:left + image_size].astype(np.float32) / 255.0
    if rng is not None and rng.random() < 0.5:
        out = out[:, :, ::-1]
    mean = MEAN[:, None, None] if C == 3 else MEAN.mean()
    std = STD[:, None, None] if C == 3 else STD.mean()
    return np.ascontiguousarray((out - mean) / std, dtype=np.float32)


@dataclass
class Batch:
    """A batch of studies."""

    ids: list[str]
    images: torch.Tensor  # (B, n_img, C, H, W) float32
    targets: torch.Tensor  # (B, T) long: 0 (BOS), ids, 0 (EOS), 0 padding
    mask: torch.Tensor  # (B, T) float: 1 from BOS to EOS
    references: list[str]  # cleaned reports (what predictions are scored against)


class ReportDataset:
    """Studies of one split with their tokenized, cleaned reports and (cached) images."""

    def __init__(self, studies: Sequence[Study], tokenizer: Tokenizer, cfg: DataConfig,
                 channels: int, train: bool):
        self.studies = list(studies)
        self.tokenizer, self.cfg, self.channels, self.train = tokenizer, cfg, channels, train
        from .tokenizer import clean_reports
        self.references = clean_reports([s.report for s in self.studies], tokenizer.clean)
        self.token_ids = [tokenizer.encode(s.report) for s in self.studies]
        self._cache: dict[Path, np.ndarray] = {}
        self._labels: np.ndarray | None = None
        self._sides: np.ndarray | None = None

    def report_labels(self) -> np.ndarray:
        """(N, 14) float32: 1 where the labeler finds the report states an observation positively.

        Computed once per dataset, from the report text only (`rrg_rewards.labeler`): what the
        optional auxiliary label loss (``model.label_loss_weight``) trains the encoder on.
        """
        if self._labels is None:
            from rrg_rewards.labeler import label
            self._labels = (np.asarray(label([s.report for s in self.studies])) == 1).astype(np.float32)
        return self._labels

    def report_sides(self) -> np.ndarray:
        """(N, 14, 2) float32 targets of the side-aware auxiliary loss (``model.side_loss_weight``):
        is each observation in the first image's left / right half? From the report text only
        (`rrg_rewards.labeler.sides`): a finding on the patient's right is on the image's left
        (radiographs are displayed so), bilateral on both; NaN where the report names no side."""
        if self._sides is None:
            from rrg_rewards.labeler import OBSERVATIONS
            from rrg_rewards.labeler.sides import sides_by_observation

            out = np.full((len(self.studies), len(OBSERVATIONS), 2), np.nan, dtype=np.float32)
            halves = {"right": (1.0, 0.0), "left": (0.0, 1.0), "bilateral": (1.0, 1.0)}
            for i, found in enumerate(sides_by_observation([s.report for s in self.studies])):
                for col, side in found.items():
                    out[i, col] = halves[side]
            self._sides = out
        return self._sides

    def __len__(self) -> int:
        return len(self.studies)

    def _raw(self, path: Path) -> np.ndarray:
        img = self._cache.get(path)
        if img is None:
            img = load_image(path, self.cfg.resize, self.channels)
            if self.cfg.cache_images:
                self._cache[path] = img
        return img

    def batch(self, indices: Sequence[int], seed: int = 0, epoch: int = 0) -> Batch:
        """Collate studies `indices`; training augmentations seeded by (seed, epoch, index)."""
        imgs, rows = [], []
        for i in indices:
            rng = (np.random.default_rng([seed, epoch, i])
                   if self.train and self.cfg.augment else None)
            imgs.append(np.stack([transform(self._raw(p), self.cfg.image_size, rng)
                                  for p in self.studies[i].images]))
            rows.append(self.token_ids[i])
        targets, mask = pad_token_rows(rows)
        return Batch([self.studies[i].id for i in indices], torch.from_numpy(np.stack(imgs)),
                     targets, mask, [self.references[i] for i in indices])

    def batches(self, batch_size: int, order: Sequence[int] | None = None, seed: int = 0,
                epoch: int = 0) -> Iterator[Batch]:
        """Consecutive batches over `order` (default: the split in file order)."""
        order = list(range(len(self))) if order is None else list(order)
        for s in range(0, len(order), batch_size):
            yield self.batch(order[s:s + batch_size], seed, epoch)


def epoch_order(n: int, seed: int, epoch: int, rank: int = 0, world: int = 1) -> list[int]:
    """This process's share of a seeded per-epoch shuffle; equal length on every rank."""
    g = torch.Generator().manual_seed(seed * 1_000_003 + epoch)
    perm = torch.randperm(n, generator=g).tolist()
    per_rank = n // world if world > 1 else n
    return perm[rank::world][:per_rank]


def images_from_files(paths: Sequence[str | Path], cfg: DataConfig, channels: int) -> torch.Tensor:
    """User-given image files of one study -> (1, n_img, C, s, s), evaluation transform."""
    arr = [transform(load_image(Path(p), cfg.resize, channels), cfg.image_size, None) for p in paths]
    return torch.from_numpy(np.stack(arr)).unsqueeze(0)

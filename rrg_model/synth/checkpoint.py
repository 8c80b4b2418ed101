"""Checkpoints of the generator and the reward models: plain data only, written atomically.

Same rules as `rrg_model.checkpoint`: JSON strings and tensors, ``torch.load(weights_only=True)``,
temp file + rename. One file per model: ``generator.pt`` (config, tokenizer, weights),
``classifier.pt`` and ``pose.pt`` (width and weights).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch

from ..checkpoint import atomic_write_bytes, read_torch_file
from ..errors import ModelError
from ..tokenizer import Tokenizer
from .config import SynthConfig
from .generator import ReportToImage
from .reward_models import DiagnosticClassifier, PoseRegressor

FORMAT = "rrg-synth/1"


def _save(path: Path, payload: dict[str, Any]) -> None:
    atomic_write_bytes(Path(path), lambda f: torch.save({"format": FORMAT, **payload}, f))


def _load(path: str | Path, kind: str) -> dict[str, Any]:
    ck = read_torch_file(path)
    if not isinstance(ck, dict) or ck.get("format") != FORMAT or ck.get("kind") != kind:
        raise ModelError(f"{path} is not an rrg synth {kind} checkpoint")
    return ck


def save_generator(path: str | Path, model: ReportToImage, tokenizer: Tokenizer, cfg: SynthConfig,
                   **extra: Any) -> None:
    """Write the generator with its config and tokenizer (extra: JSON-able metadata)."""
    _save(Path(path), {"kind": "generator", "config": cfg.to_json(), "tokenizer": json.dumps(tokenizer.to_dict()),
                       "model": {k: v.detach().cpu() for k, v in model.state_dict().items()},
                       "meta": json.dumps(extra)})


def load_generator(path: str | Path) -> tuple[ReportToImage, Tokenizer, SynthConfig, dict[str, Any]]:
    """(model in eval mode, tokenizer, config, metadata)."""
    ck = _load(path, "generator")
    cfg = SynthConfig.from_dict(json.loads(ck["config"]))
    tok = Tokenizer.from_dict(json.loads(ck["tokenizer"]))
    model = ReportToImage(cfg.generator, tok.vocab_size)
    try:
        model.load_state_dict(ck["model"])
    except RuntimeError as exc:
        raise ModelError(f"{path}: weights do not match the stored config ({' '.join(str(exc).split())[:200]})") \
            from None
    return model.eval(), tok, cfg, json.loads(ck.get("meta", "{}"))


def save_reward_model(path: str | Path, model: DiagnosticClassifier | PoseRegressor, **extra: Any) -> None:
    kind = "classifier" if isinstance(model, DiagnosticClassifier) else "pose"
    _save(Path(path), {"kind": kind, "width": model.width,
                       "model": {k: v.detach().cpu() for k, v in model.state_dict().items()},
                       "meta": json.dumps(extra)})


def load_classifier(path: str | Path) -> DiagnosticClassifier:
    ck = _load(path, "classifier")
    m = DiagnosticClassifier(int(ck["width"]))
    m.load_state_dict(ck["model"])
    return m.eval()


def load_pose(path: str | Path) -> PoseRegressor:
    ck = _load(path, "pose")
    m = PoseRegressor(int(ck["width"]))
    m.load_state_dict(ck["model"])
    return m.eval()

"""Checkpoints that are safe to load from strangers and written atomically.

A checkpoint is one ``torch.save`` file holding only tensors, numbers, strings, lists and
dicts: ``format``, ``config`` and ``tokenizer`` as JSON strings, ``model`` (state dict) and,
for resumable ones (``last.pt``), ``optimizer``, ``scheduler``, ``rng``, ``epoch``,
``history``, ``best``. Loading uses ``torch.load(weights_only=True)``, which unpickles
nothing but those types: loading a checkpoint never runs code. Writes go to a temporary
file in the same folder and are renamed into place, so a killed run leaves either the old
or the new file, never half of one.
"""
from __future__ import annotations

import json
import pickle
import random
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from rrg_rewards import atomic as _atomic

from .config import RunConfig
from .errors import ModelError
from .model import ReportGenerator
from .tokenizer import Tokenizer

FORMAT = "rrg-model/1"


def atomic_write_bytes(path: Path, write: Any) -> None:
    """`rrg_rewards.atomic.atomic_write_bytes`, creating missing folders (``write``: bytes or ``write(f)``)."""
    _atomic.atomic_write_bytes(path, write, make_dirs=True)


def atomic_write_text(path: Path, text: str) -> None:
    """`rrg_rewards.atomic.atomic_write_text` (UTF-8), creating missing folders."""
    _atomic.atomic_write_text(path, text, make_dirs=True)


def rng_state() -> dict[str, Any]:
    """Global RNG states as weights_only-loadable values."""
    np_state = np.random.get_state()
    return {
        "torch": torch.get_rng_state(),
        "numpy": [np_state[0], torch.from_numpy(np_state[1].astype(np.int64)), int(np_state[2]),
                  int(np_state[3]), float(np_state[4])],
        "python": json.dumps(random.getstate()),
    }


def set_rng_state(state: dict[str, Any]) -> None:
    """Restore `rng_state()`'s output."""
    torch.set_rng_state(state["torch"])
    n = state["numpy"]
    np.random.set_state((n[0], n[1].numpy().astype(np.uint32), n[2], n[3], n[4]))
    py = json.loads(state["python"])
    random.setstate((py[0], tuple(py[1]), py[2]))


def save(path: str | Path, model: ReportGenerator, tokenizer: Tokenizer, config: RunConfig,
         **extra: Any) -> None:
    """Write a checkpoint atomically. `extra` holds training state (optimizer, epoch, ...)."""
    payload = {"format": FORMAT, "config": json.dumps(config.to_dict()),
               "tokenizer": json.dumps(tokenizer.to_dict()),
               "model": {k: v.detach().cpu() for k, v in model.state_dict().items()}, **extra}
    atomic_write_bytes(Path(path), lambda f: torch.save(payload, f))


def read_torch_file(path: str | Path) -> Any:
    """``torch.load(weights_only=True)`` on CPU with one-line errors: what every checkpoint
    reader of the project (model, synth) calls.

    Raises:
        ModelError: missing, unreadable or unsafe file (anything that would run code is refused).
    """
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"checkpoint not found: {path}")
    if path.stat().st_size == 0:
        raise ModelError(f"cannot load checkpoint {path}: file is empty")
    with path.open("rb") as f:
        head = f.read(4)
    # torch.save writes a zip archive (PK\x03\x04); the legacy format starts with a pickle
    # protocol byte (0x80). Anything else is no torch file, whatever pickle would say about it.
    is_zip = head == b"PK\x03\x04"
    if not (is_zip or head[:1] == b"\x80"):
        raise ModelError(f"cannot load checkpoint {path}: not a torch file")
    try:
        with warnings.catch_warnings():  # a foreign pickle's protocol is reported as the error
            warnings.filterwarnings("ignore", message="Detected pickle protocol")
            return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        if "weights only" not in str(exc).lower():
            raise ModelError(f"cannot load checkpoint {path}: not a complete torch file"
                             " (truncated or corrupt)") from None
        raise ModelError(f"cannot load checkpoint {path}: not a plain-data torch file"
                         " (anything that would run code is refused)") from None
    except Exception:  # zip or pickle stream cut short or damaged
        reason = "not a complete torch file (truncated or corrupt)" if is_zip else "not a torch file"
        raise ModelError(f"cannot load checkpoint {path}: {reason}") from None


def load_raw(path: str | Path) -> dict[str, Any]:
    """Read a checkpoint with `read_torch_file`; check its format.

    Raises:
        ModelError: missing, unreadable, unsafe or foreign file.
    """
    ckpt = read_torch_file(path)
    if not isinstance(ckpt, dict) or ckpt.get("format") != FORMAT:
        raise ModelError(f"{path} is not an rrg model checkpoint")
    return ckpt


def load(path: str | Path) -> tuple[ReportGenerator, Tokenizer, RunConfig, dict[str, Any]]:
    """Model (eval mode, CPU), tokenizer and config from a checkpoint, plus the raw dict."""
    ckpt = load_raw(path)
    try:
        cfg = RunConfig.from_dict(_legacy_model_keys(json.loads(ckpt["config"])))
        tok = Tokenizer.from_dict(json.loads(ckpt["tokenizer"]))
    except ModelError as exc:
        raise ModelError(f"{path}: {_line(str(exc))}") from None
    except (KeyError, TypeError, ValueError, AttributeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: malformed checkpoint metadata ({_line(repr(exc))})") from None
    # the stored weights replace any pretrained backbone: never read that file again
    model = build_model(replace(cfg, model=replace(cfg.model, resnet_weights=None)), tok)
    try:
        model.load_state_dict(ckpt["model"])
    except (RuntimeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelError(f"{path}: weights do not match the stored config ({_line(str(exc))})") from None
    return model.eval(), tok, cfg, ckpt


#: what checkpoints written before these switches existed were built with
_LEGACY_MODEL = {"init": "torch", "visual_positions": False, "view_embedding": False,
                 "cmm_out_proj": False, "cmm_dropout": 0.0}


def _legacy_model_keys(cfg: Any) -> Any:
    """Fill model switches an older checkpoint lacks with the values it was trained with."""
    if isinstance(cfg, dict) and isinstance(cfg.get("model"), dict):
        for k, v in _LEGACY_MODEL.items():
            cfg["model"].setdefault(k, v)
    return cfg


def _line(text: str, limit: int = 200) -> str:
    """One line of at most `limit` characters (errors are printed as one line)."""
    return " ".join(text.split())[:limit]


def build_model(cfg: RunConfig, tokenizer: Tokenizer) -> ReportGenerator:
    """A fresh model for this config and vocabulary."""
    return ReportGenerator(replace(cfg.model, vocab_size=tokenizer.vocab_size))

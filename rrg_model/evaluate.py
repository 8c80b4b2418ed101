"""Decode a split with an explicit `DecodeConfig` and score it (NLG metrics and CE).

`evaluate(checkpoint, data_dir, split)` is what `rrg bench` and the trainers' final test
evaluation call. Decoding is the checkpoint's ``eval_decode`` (beam 3) unless the caller
passes another `DecodeConfig`; training-time sampling settings are never consulted.
References are the cleaned full reports (not R2Gen's truncated, ``<unk>``-ed token ids).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import numpy as np
import torch

from .config import DecodeConfig, RunConfig, resolve_num_threads
from .data import ReportDataset, load_annotation
from .decode import generate
from .errors import ModelError
from .model import ReportGenerator
from .tokenizer import Tokenizer



def score_reports(predictions: Sequence[str], references: Sequence[str],
                  metrics: Sequence[str]) -> dict[str, tuple[float, np.ndarray]]:
    """``{"Bleu_4": (corpus value, per-sample float64 (N,)), ...}`` via `rrg_rewards.score`."""
    from rrg_rewards import score
    from rrg_rewards.errors import RewardsError

    if not predictions:
        return {}
    try:
        res = score(list(predictions), list(references), metrics=list(metrics))
    except RewardsError as exc:
        raise ModelError(f"scoring failed: {exc}") from None
    return {k: (float(s.value), np.asarray(s.per_sample, dtype=np.float64)) for k, s in res.items()}


def ce_metrics(predictions: Sequence[str], references: Sequence[str]
               ) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """CE micro precision / recall / F1 and macro-F1 (`rrg_rewards.clinical.clinical_efficacy`,
    the project's one CE), plus per-report F1 as ``per_sample["CE_f1"]``."""
    from rrg_rewards.clinical import clinical_efficacy
    from rrg_rewards.errors import RewardsError

    try:
        ce = clinical_efficacy(list(predictions), list(references))
    except RewardsError as exc:
        raise ModelError(f"clinical efficacy failed: {exc}") from None
    return ce_columns(ce), {"CE_f1": np.asarray(ce.per_sample, dtype=np.float64)}


def ce_columns(ce: Any) -> dict[str, float]:
    """The CE values every table reports, from a `CEScore`: micro P / R / F1 and macro-F1."""
    return {"CE_precision": ce.micro.precision, "CE_recall": ce.micro.recall, "CE_f1": ce.micro.f1,
            "CE_macro_f1": ce.macro.f1}


def predict(model: ReportGenerator, tokenizer: Tokenizer, dataset: ReportDataset,
            decode: DecodeConfig, batch_size: int = 16, progress: bool = False) -> dict[str, str]:
    """``{study id: generated report}`` for every study of `dataset`, model in eval mode."""
    was_training = model.training
    model.eval()
    out: dict[str, str] = {}
    batches = dataset.batches(batch_size)
    if progress:
        from tqdm import tqdm
        batches = tqdm(batches, total=(len(dataset) + batch_size - 1) // batch_size,
                       desc="decode", leave=False, dynamic_ncols=True)
    device = next(model.parameters()).device
    try:
        for b in batches:
            tokens = generate(model, b.images.to(device), decode)
            for sid, text in zip(b.ids, tokenizer.decode_batch(tokens.tolist())):
                out[sid] = text
    finally:
        model.train(was_training)
    return out


def evaluate_model(model: ReportGenerator, tokenizer: Tokenizer, cfg: RunConfig,
                   dataset: ReportDataset, decode: DecodeConfig | None = None,
                   metrics: Sequence[str] | None = None, clinical: bool = False,
                   progress: bool = False) -> dict[str, Any]:
    """Decode and score one dataset split (see `evaluate` for the result)."""
    decode = decode if decode is not None else cfg.eval_decode
    metrics = list(metrics if metrics is not None else cfg.metrics)
    preds = predict(model, tokenizer, dataset, decode, batch_size=cfg.train.batch_size,
                    progress=progress)
    ids = [s.id for s in dataset.studies]
    refs = dict(zip(ids, dataset.references))
    p = [preds[i] for i in ids]
    r = [refs[i] for i in ids]
    scored = score_reports(p, r, metrics)
    values = {k: v for k, (v, _) in scored.items()}
    per_sample = {k: ps for k, (_, ps) in scored.items()}
    if clinical:
        ce_values, ce_per_sample = ce_metrics(p, r)
        values.update(ce_values)
        per_sample.update(ce_per_sample)
    return {"metrics": values, "per_sample": per_sample,
            "predictions": preds, "references": refs, "ids": ids,
            "decode": decode, "n": len(ids)}


def evaluate(checkpoint: str | Path, data_dir: str | Path, split: str = "test",
             decode: DecodeConfig | None = None, metrics: Sequence[str] | None = None,
             clinical: bool = True, annotation: str | Path | None = None) -> dict[str, Any]:
    """Decode a split with a checkpoint and score it.

    Args:
        checkpoint: a ``best.pt`` / ``last.pt`` written by the trainers.
        data_dir: the R2Gen data folder (``annotation.json``, ``images/``).
        split: ``train``, ``val`` or ``test``.
        decode: decoding settings; default the checkpoint's ``eval_decode`` (beam 3).
        metrics: `rrg_rewards.score` metric names; default the checkpoint config's.
        clinical: add CE precision/recall/F1 (micro), macro-F1 and per-report F1 (``CE_f1``).
        annotation: another annotation file in the same layout.

    Returns:
        ``{"metrics": {name: float}, "per_sample": {name: float64 (N,)},
        "predictions": {id: text}, "references": {id: text}, "ids": [id, ...] (order of
        per_sample), "decode": DecodeConfig, "n": N}``.

    Raises:
        ModelError: bad checkpoint, data or split.
    """
    from . import checkpoint as ckpt_mod

    if split not in ("train", "val", "test"):
        raise ModelError(f"unknown split {split!r}; choose train, val or test")
    model, tok, cfg, _ = ckpt_mod.load(checkpoint)
    n = resolve_num_threads(cfg)
    if n:
        torch.set_num_threads(n)
    studies = load_annotation(data_dir, cfg.model.images_per_study, annotation)[split]
    limit = {"train": cfg.data.max_train, "val": cfg.data.max_val, "test": cfg.data.max_test}[split]
    studies = studies[:limit] if limit else studies
    if not studies:
        raise ModelError(f"split {split!r} of {data_dir} is empty")
    ds = ReportDataset(studies, tok, cfg.data, cfg.model.in_channels, train=False)
    return evaluate_model(model, tok, cfg, ds, decode, metrics, clinical=clinical)

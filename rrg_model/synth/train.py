"""Denoising pre-training of the generator and its text encoder on (report, frontal image) pairs."""
from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from ..tokenizer import Tokenizer
from .config import SynthConfig
from .data import Split
from .generator import ReportToImage, make_scheduler, tokenize
from .reward_models import as_float_images


def build_tokenizer(reports: list[str], cfg: SynthConfig) -> Tokenizer:
    """Word vocabulary of the training reports (rrg_model's tokenizer, IU X-Ray cleaning)."""
    return Tokenizer.from_reports(reports, cfg.train.min_word_count, clean="iu_xray",
                                  max_seq_length=cfg.generator.max_tokens)


def train_generator(train: Split, cfg: SynthConfig, progress: bool = False,
                    log: Callable[[str], None] | None = None, raw_weights: dict | None = None
                    ) -> tuple[ReportToImage, Tokenizer, list[float]]:
    """Train text encoder + UNet with the epsilon-prediction loss for ``cfg.train.steps`` steps.

    A share ``cfg.train.cond_dropout`` of each batch is trained on the null condition
    (classifier-free guidance). With ``cfg.train.ema_decay`` > 0 the returned weights are the
    exponential moving average of the trained ones (diffusers' EMAModel), the usual practice
    for diffusion models since DDPM (not ablated against the last iterate here: docs/synth.md).

    Args:
        raw_weights: when given, receives a copy of the last iterate's state dict (to compare
            with the average; `benchmarks/cxrl_generator.py`).

    Returns:
        The model (eval mode; EMA weights when on), its tokenizer and the loss of every step.
    """
    from tqdm import tqdm

    torch.manual_seed(cfg.seed)
    tok = build_tokenizer(train.reports, cfg)
    model = ReportToImage(cfg.generator, tok.vocab_size)
    sched = make_scheduler(cfg.generator)
    params = [p for n, p in model.named_parameters() if not n.startswith("adaptive.")]
    opt = torch.optim.AdamW(params, lr=cfg.train.lr, weight_decay=1e-4)
    lr_at = lambda step: min(1.0, (step + 1) / 50)  # noqa: E731 (short warm-up)
    sched_lr = torch.optim.lr_scheduler.LambdaLR(opt, lr_at)
    ema = _ema(params, cfg.train.ema_decay)
    images = as_float_images(train.images)
    tokens, mask = tokenize(tok, train.reports, cfg.generator.max_tokens)
    g = torch.Generator().manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    losses: list[float] = []
    model.train()
    bar = tqdm(range(cfg.train.steps), desc="generator", disable=not progress, leave=False, dynamic_ncols=True)
    for step in bar:
        idx = torch.from_numpy(rng.choice(len(train), size=min(cfg.train.batch_size, len(train)), replace=False))
        T = int(mask[idx].sum(1).max())
        loss = model.denoising_loss(images[idx], tokens[idx, :T], mask[idx, :T], sched, g,
                                    cond_dropout=cfg.train.cond_dropout)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched_lr.step()
        if ema is not None:
            ema.step(params)
        losses.append(float(loss.detach()))
        bar.set_postfix(loss=f"{np.mean(losses[-20:]):.4f}")
        if log is not None and (step + 1) % max(1, cfg.train.steps // 5) == 0:
            log(f"generator step {step + 1}/{cfg.train.steps}: loss {np.mean(losses[-50:]):.4f}")
    if raw_weights is not None:
        raw_weights.update({k: v.detach().clone() for k, v in model.state_dict().items()})
    if ema is not None:
        ema.copy_to(params)
    model.eval()
    return model, tok, losses


def _ema(params: list[torch.nn.Parameter], decay: float):
    """diffusers' EMAModel over ``params`` (None when decay is 0)."""
    if decay <= 0:
        return None
    from diffusers.training_utils import EMAModel

    return EMAModel(params, decay=decay)

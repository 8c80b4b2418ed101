"""Drawing images from the generator with per-report seeds (paired across generators).

A report's seed fixes its starting noise x_T (stream 0) and, separately, the noise of each
DDIM step (``step_stream``): two generators given the same seed and stream draw with
identical noise, so their images differ only by what they learned (the evaluation pairs);
RL's comparative feedback gives the frozen model the same x_T but its own step noise.
"""
from __future__ import annotations

from typing import Sequence

import torch

from ..tokenizer import Tokenizer
from .ddim import sample_chain
from .generator import ReportToImage, make_scheduler, tokenize


def _normal(shape: tuple[int, ...], seed: int, stream: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(int(seed) * 1_000_003 + stream * 7_919 + 17)
    return torch.randn(shape, generator=g)


def start_noise(model: ReportToImage, seeds: Sequence[int]) -> torch.Tensor:
    """x_T (B, p^2, s, s), one draw per seed."""
    shape = model.latent_shape(1)[1:]
    return torch.stack([_normal(shape, s, 0) for s in seeds])


def step_noise(model: ReportToImage, seeds: Sequence[int], steps: int, step_stream: int = 1) -> list[torch.Tensor]:
    """One z (B, p^2, s, s) per DDIM step, from each seed's own stream."""
    shape = (steps,) + model.latent_shape(1)[1:]
    per = [_normal(shape, s, step_stream) for s in seeds]
    return [torch.stack([p[i] for p in per]) for i in range(steps)]


def draw(model: ReportToImage, tokenizer: Tokenizer, reports: Sequence[str], seeds: Sequence[int], steps: int,
         eta: float, adaptive: bool = True, step_stream: int = 1, scheduler=None, guidance: float = 1.0
         ) -> tuple[torch.Tensor, list[torch.Tensor], torch.Tensor, torch.Tensor, torch.Tensor]:
    """Sample a batch with the DDIM policy (no gradient), guided with scale ``guidance``
    (`ReportToImage.guided_eps`; the log-probabilities are those of the guided steps).

    Returns:
        images (B, 1, S, S) in [0, 1], the latent chain (steps + 1 tensors), log-probs (B, steps),
        and the text condition (B, T, d) without adaptive embeddings with its mask (B, T).
    """
    scheduler = scheduler or make_scheduler(model.cfg)
    scheduler.set_timesteps(steps)
    tokens, mask = tokenize(tokenizer, reports, model.cfg.max_tokens)
    with torch.no_grad():
        text = model.encode_text(tokens, mask)
        cond = model.condition(text, adaptive)
        zs = step_noise(model, seeds, steps, step_stream)
        x0, chain, lps = sample_chain(lambda x, t: model.guided_eps(x, t, cond, mask, guidance), scheduler,
                                      start_noise(model, seeds), eta, noise=lambda i: zs[i])
    return model.to_image(x0), chain, lps, text, mask


def generate(model: ReportToImage, tokenizer: Tokenizer, reports: Sequence[str], seeds: Sequence[int],
             steps: int, eta: float, adaptive: bool = True, batch: int = 32, guidance: float = 1.0) -> torch.Tensor:
    """Images (N, 1, S, S) in [0, 1] for many reports, in batches."""
    model.eval()
    out = []
    for s in range(0, len(reports), batch):
        out.append(draw(model, tokenizer, reports[s:s + batch], seeds[s:s + batch], steps, eta, adaptive,
                        guidance=guidance)[0])
    return torch.cat(out) if out else torch.zeros((0, 1, model.cfg.image_size, model.cfg.image_size))

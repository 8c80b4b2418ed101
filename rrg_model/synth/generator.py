"""The conditional diffusion generator: report text -> frontal phantom chest X-ray.

Text encoder (`text_encoder`) -> adaptive condition embeddings (`adaptive`) -> diffusers'
UNet2DConditionModel predicting the noise (epsilon) of pixel-unshuffled images in [-1, 1];
sampling with diffusers' DDIMScheduler through `ddim` (eta > 0 for RL).
"""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..data import pad_token_rows
from ..errors import ModelError
from ..tokenizer import Tokenizer
from .adaptive import AdaptiveConditionEmbedding
from .config import GeneratorConfig
from .text_encoder import TextEncoder


def _diffusers():
    try:
        import diffusers
    except ImportError as exc:
        raise ModelError(f"the report-to-image generator needs diffusers (pip install 'rrg-toolkit[synth]'): "
                         f"{exc}") from None
    return diffusers


def make_scheduler(cfg: GeneratorConfig):
    """A fresh DDIMScheduler (epsilon prediction, samples clipped to [-1, 1])."""
    d = _diffusers()
    return d.DDIMScheduler(num_train_timesteps=cfg.train_timesteps, beta_schedule=cfg.beta_schedule,
                           clip_sample=True, set_alpha_to_one=False, prediction_type="epsilon",
                           timestep_spacing="trailing")


class ReportToImage(nn.Module):
    """Text encoder + adaptive embeddings + UNet. Images are float (B, 1, S, S) in [0, 1]."""

    def __init__(self, cfg: GeneratorConfig, vocab_size: int):
        super().__init__()
        d = _diffusers()
        self.cfg = cfg
        self.text = TextEncoder(vocab_size, cfg.text_dim, cfg.text_layers, cfg.text_heads, cfg.max_tokens)
        self.adaptive = AdaptiveConditionEmbedding(cfg.max_tokens, cfg.text_dim)
        n = len(cfg.channels)
        side = cfg.image_size // cfg.pack
        self.unet = d.UNet2DConditionModel(
            sample_size=side, in_channels=cfg.pack ** 2, out_channels=cfg.pack ** 2,
            block_out_channels=tuple(cfg.channels), layers_per_block=cfg.layers_per_block,
            down_block_types=("DownBlock2D",) + ("CrossAttnDownBlock2D",) * (n - 1),
            up_block_types=("CrossAttnUpBlock2D",) * (n - 1) + ("UpBlock2D",),
            cross_attention_dim=cfg.text_dim, attention_head_dim=cfg.attention_head_dim,
            norm_num_groups=min(8, min(cfg.channels)))

    # --- images <-> the UNet's space -------------------------------------------------
    def to_latent(self, images: torch.Tensor) -> torch.Tensor:
        """[0, 1] (B, 1, S, S) -> [-1, 1] (B, p^2, S/p, S/p)."""
        x = images * 2.0 - 1.0
        return F.pixel_unshuffle(x, self.cfg.pack) if self.cfg.pack > 1 else x

    def to_image(self, latent: torch.Tensor) -> torch.Tensor:
        x = F.pixel_shuffle(latent, self.cfg.pack) if self.cfg.pack > 1 else latent
        return ((x + 1.0) / 2.0).clamp(0.0, 1.0)

    def latent_shape(self, batch: int) -> tuple[int, int, int, int]:
        side = self.cfg.image_size // self.cfg.pack
        return (batch, self.cfg.pack ** 2, side, side)

    # --- conditioning -------------------------------------------------------------------
    def encode_text(self, tokens: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Text condition without the adaptive embeddings (B, T, d)."""
        return self.text(tokens, mask)

    def condition(self, text: torch.Tensor, adaptive: bool = True) -> torch.Tensor:
        """Add the adaptive condition embeddings (or not, for the ablation)."""
        return self.adaptive(text) if adaptive else text

    def eps(self, x: torch.Tensor, t: int | torch.Tensor, cond: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Noise prediction for latents x (B, p^2, s, s) at timestep t."""
        # diffusers turns the 1/0 mask into an additive attention bias over the text tokens
        return self.unet(x, t, encoder_hidden_states=cond, encoder_attention_mask=mask.to(x.dtype)).sample

    def denoising_loss(self, images: torch.Tensor, tokens: torch.Tensor, mask: torch.Tensor,
                       scheduler, generator: torch.Generator | None = None) -> torch.Tensor:
        """Epsilon-prediction MSE at uniformly drawn timesteps (DDPM's simple loss)."""
        x0 = self.to_latent(images)
        t = torch.randint(0, scheduler.config.num_train_timesteps, (x0.shape[0],), generator=generator)
        noise = torch.randn(x0.shape, generator=generator)
        xt = scheduler.add_noise(x0, noise, t)
        cond = self.condition(self.encode_text(tokens, mask), adaptive=False)
        return F.mse_loss(self.eps(xt, t, cond, mask), noise)


def tokenize(tokenizer: Tokenizer, reports: Sequence[str], max_tokens: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Reports -> (tokens (B, T) long, mask (B, T) float), BOS/EOS included, cut to max_tokens."""
    return pad_token_rows([tokenizer.encode(r)[:max_tokens] for r in reports])

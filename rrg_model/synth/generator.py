"""The conditional diffusion generator: report text -> frontal phantom chest X-ray.

Text encoder (`text_encoder`) -> adaptive condition embeddings (`adaptive`) -> diffusers'
UNet2DConditionModel predicting the noise (epsilon) of pixel-unshuffled images in [-1, 1];
sampling with diffusers' DDIMScheduler through `ddim` (eta > 0 for RL).

Classifier-free guidance (Ho & Salimans 2022): pre-training replaces a share of the reports
by a learned null condition (one token), so one UNet predicts both eps(x, report) and
eps(x, null); `guided_eps` returns eps_null + w (eps_report - eps_null), which is the noise
prediction every draw and every RL log-probability uses (DDPO samples and scores the guided
step the same way).
"""
from __future__ import annotations

import math
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
    """A fresh DDIMScheduler (epsilon prediction, predicted samples clipped to the range of
    the UNet's space: [-1, 1] for pixels, [-pack, pack] for DCT coefficients of [-1, 1] pixels)."""
    d = _diffusers()
    bound = float(cfg.pack) if cfg.packing == "dct" else 1.0
    return d.DDIMScheduler(num_train_timesteps=cfg.train_timesteps, beta_schedule=cfg.beta_schedule,
                           clip_sample=True, clip_sample_range=bound, set_alpha_to_one=False,
                           prediction_type="epsilon", timestep_spacing="trailing")


def block_dct(p: int) -> torch.Tensor:
    """The orthonormal 2-D DCT-II of p x p blocks as a (p^2, p^2) matrix acting on
    `F.pixel_unshuffle`'s channel order (offset (i, j) is channel i*p + j); for p = 2 the Haar
    transform (row 0: block sum / 2). Its transpose is its inverse."""
    n = torch.arange(p, dtype=torch.float64)
    d = torch.cos(math.pi * (n[None, :] + 0.5) * n[:, None] / p) * math.sqrt(2.0 / p)
    d[0] /= math.sqrt(2.0)
    return torch.kron(d, d).float()


class ReportToImage(nn.Module):
    """Text encoder + adaptive embeddings + UNet. Images are float (B, 1, S, S) in [0, 1]."""

    def __init__(self, cfg: GeneratorConfig, vocab_size: int):
        super().__init__()
        d = _diffusers()
        self.cfg = cfg
        self.text = TextEncoder(vocab_size, cfg.text_dim, cfg.text_layers, cfg.text_heads, cfg.max_tokens)
        self.adaptive = AdaptiveConditionEmbedding(cfg.max_tokens, cfg.text_dim)
        # the unconditional ("no report") condition: one learned token, trained by condition dropout
        self.null_text = nn.Parameter(torch.randn(cfg.text_dim) * 0.02)
        n, plain = len(cfg.channels), cfg.plain_levels
        side = cfg.image_size // cfg.pack
        self.unet = d.UNet2DConditionModel(
            sample_size=side, in_channels=cfg.pack ** 2, out_channels=cfg.pack ** 2,
            block_out_channels=tuple(cfg.channels), layers_per_block=cfg.layers_per_block,
            down_block_types=("DownBlock2D",) * plain + ("CrossAttnDownBlock2D",) * (n - plain),
            up_block_types=("CrossAttnUpBlock2D",) * (n - plain) + ("UpBlock2D",) * plain,
            cross_attention_dim=cfg.text_dim, attention_head_dim=cfg.attention_head_dim,
            norm_num_groups=min(8, min(cfg.channels)))
        # fixed, not saved: rebuilt from the config (checkpoints before `packing` load unchanged)
        self.register_buffer("basis", block_dct(cfg.pack) if cfg.packing == "dct" else None, persistent=False)

    # --- images <-> the UNet's space -------------------------------------------------
    def to_latent(self, images: torch.Tensor) -> torch.Tensor:
        """[0, 1] (B, 1, S, S) -> (B, p^2, S/p, S/p): pixels in [-1, 1], or their block DCT."""
        x = images * 2.0 - 1.0
        x = F.pixel_unshuffle(x, self.cfg.pack) if self.cfg.pack > 1 else x
        return torch.einsum("kc,bchw->bkhw", self.basis, x) if self.basis is not None else x

    def to_image(self, latent: torch.Tensor) -> torch.Tensor:
        """Inverse of `to_latent`, clamped to [0, 1]."""
        if self.basis is not None:
            latent = torch.einsum("kc,bkhw->bchw", self.basis, latent)
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

    def null_condition(self, batch: int, length: int) -> tuple[torch.Tensor, torch.Tensor]:
        """The null condition padded to ``length`` tokens: states (B, T, d) and mask (B, T)
        (the learned null token first, masked-out zeros after it)."""
        d = self.cfg.text_dim
        cond = torch.cat([self.null_text.view(1, 1, d).expand(batch, 1, d),
                          self.null_text.new_zeros(batch, length - 1, d)], dim=1)
        mask = torch.zeros(batch, length)
        mask[:, 0] = 1.0
        return cond, mask

    def eps(self, x: torch.Tensor, t: int | torch.Tensor, cond: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Noise prediction for latents x (B, p^2, s, s) at timestep t."""
        # diffusers turns the 1/0 mask into an additive attention bias over the text tokens
        return self.unet(x, t, encoder_hidden_states=cond, encoder_attention_mask=mask.to(x.dtype)).sample

    def guided_eps(self, x: torch.Tensor, t: int | torch.Tensor, cond: torch.Tensor, mask: torch.Tensor,
                   guidance: float) -> torch.Tensor:
        """Classifier-free guided noise prediction eps_null + w (eps_cond - eps_null).

        w = 1 is `eps` alone (one UNet pass); otherwise the conditional and the null branch
        run as one batch of 2B. Gradients flow through both branches (RL trains the guided
        policy). The adaptive embeddings belong to ``cond`` only: the null branch is "no report".
        """
        if guidance == 1.0:
            return self.eps(x, t, cond, mask)
        null, null_mask = self.null_condition(x.shape[0], cond.shape[1])
        if guidance == 0.0:
            return self.eps(x, t, null, null_mask)
        both = self.eps(torch.cat([x, x]), t, torch.cat([cond, null]), torch.cat([mask, null_mask]))
        e_cond, e_null = both.chunk(2)
        return e_null + guidance * (e_cond - e_null)

    def drop_condition(self, cond: torch.Tensor, mask: torch.Tensor, drop: torch.Tensor
                       ) -> tuple[torch.Tensor, torch.Tensor]:
        """Replace the rows where ``drop`` (B,) bool is set by the null condition."""
        null, null_mask = self.null_condition(cond.shape[0], cond.shape[1])
        return torch.where(drop[:, None, None], null, cond), torch.where(drop[:, None], null_mask, mask)

    def denoising_loss(self, images: torch.Tensor, tokens: torch.Tensor, mask: torch.Tensor,
                       scheduler, generator: torch.Generator | None = None, cond_dropout: float = 0.0
                       ) -> torch.Tensor:
        """Epsilon-prediction MSE at uniformly drawn timesteps (DDPM's simple loss); a share
        ``cond_dropout`` of the pairs gets the null condition instead of its report."""
        x0 = self.to_latent(images)
        t = torch.randint(0, scheduler.config.num_train_timesteps, (x0.shape[0],), generator=generator)
        noise = torch.randn(x0.shape, generator=generator)
        drop = torch.rand(x0.shape[0], generator=generator) < cond_dropout
        xt = scheduler.add_noise(x0, noise, t)
        cond = self.condition(self.encode_text(tokens, mask), adaptive=False)
        if cond_dropout > 0:
            cond, mask = self.drop_condition(cond, mask, drop)
        return F.mse_loss(self.eps(xt, t, cond, mask), noise)


def tokenize(tokenizer: Tokenizer, reports: Sequence[str], max_tokens: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Reports -> (tokens (B, T) long, mask (B, T) float), BOS/EOS included, cut to max_tokens."""
    return pad_token_rows([tokenizer.encode(r)[:max_tokens] for r in reports])

"""A small Transformer text encoder trained with the generator (CXRL uses a frozen CLIP text
tower; nothing may be downloaded here, so the encoder learns from the denoising loss)."""
from __future__ import annotations

import math

import torch
import torch.nn as nn

from ..transformer import sinusoid_table


class TextEncoder(nn.Module):
    """Token ids (B, T) with 0 as padding -> hidden states (B, T, d) for UNet cross-attention."""

    def __init__(self, vocab_size: int, dim: int, layers: int, heads: int, max_tokens: int):
        super().__init__()
        self.dim = dim
        self.emb = nn.Embedding(vocab_size, dim)
        self.register_buffer("pos", sinusoid_table(max_tokens, dim), persistent=False)
        layer = nn.TransformerEncoderLayer(dim, heads, dim_feedforward=2 * dim, dropout=0.0,
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(dim)

    def forward(self, tokens: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """tokens (B, T) long, mask (B, T) 1 on real tokens -> (B, T, d)."""
        x = self.emb(tokens) * math.sqrt(self.dim) + self.pos[: tokens.shape[1]]
        x = self.encoder(x, src_key_padding_mask=mask == 0)
        return self.norm(x)

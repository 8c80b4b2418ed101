"""Pre-LayerNorm Transformer encoder/decoder with a KV cache for incremental decoding.

Attention uses `F.scaled_dot_product_attention`. During decoding each decoder layer keeps
its self-attention keys/values (`LayerCache`), and the cross-attention keys/values of the
encoder output are computed once per decode (`cross_kv`), never per step.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from .config import ModelConfig


class LayerCache:
    """Self-attention keys/values of one decoder layer, (B, h, t, dk).

    Without autograd a preallocated buffer is filled in place (no copying per step); with
    autograd (RL sampling) steps are concatenated, because in-place writes would invalidate
    tensors saved for backward.
    """

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.k: torch.Tensor | None = None
        self.v: torch.Tensor | None = None
        self.len = 0
        self._buffered = False

    def append(self, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Add this step's (B, h, 1, dk) keys/values; return all so far."""
        if self.k is None:
            self._buffered = not torch.is_grad_enabled()
            if self._buffered:
                B, h, _, dk = k.shape
                self.k = k.new_empty(B, h, self.capacity, dk)
                self.v = v.new_empty(B, h, self.capacity, dk)
        t = k.shape[2]
        if self._buffered:
            assert self.k is not None and self.v is not None
            self.k[:, :, self.len:self.len + t] = k
            self.v[:, :, self.len:self.len + t] = v
            self.len += t
            return self.k[:, :, :self.len], self.v[:, :, :self.len]
        self.k = k if self.k is None else torch.cat([self.k, k], dim=2)
        self.v = v if self.v is None else torch.cat([self.v, v], dim=2)
        self.len += t
        return self.k, self.v

    def reorder(self, index: torch.Tensor) -> None:
        """Keep rows `index` (beam search)."""
        if self.k is not None:
            self.k = self.k.index_select(0, index)
            self.v = self.v.index_select(0, index)  # type: ignore[union-attr]


class MultiHeadAttention(nn.Module):
    """Multi-head attention; self- or cross-attention."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.n_heads = cfg.n_heads
        self.d_k = cfg.d_model // cfg.n_heads
        self.q = nn.Linear(cfg.d_model, cfg.d_model)
        self.kv = nn.Linear(cfg.d_model, 2 * cfg.d_model)
        self.out = nn.Linear(cfg.d_model, cfg.d_model)
        self.dropout = cfg.dropout

    def _heads(self, x: torch.Tensor) -> torch.Tensor:
        B, T, _ = x.shape
        return x.view(B, T, self.n_heads, self.d_k).transpose(1, 2)  # (B, h, T, dk)

    def project_kv(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Keys and values of x (B, S, d) -> (B, h, S, dk) each."""
        k, v = self.kv(x).chunk(2, dim=-1)
        return self._heads(k), self._heads(v)

    def attention_weights(self, x: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        """Softmax weights of queries from x (B, T, d) over `keys` (B, h, S, dk): (B, h, T, S)."""
        q = self._heads(self.q(x))
        return torch.softmax(torch.matmul(q, keys.transpose(-1, -2)) * self.d_k ** -0.5, dim=-1)

    def forward(self, x: torch.Tensor, kv: tuple[torch.Tensor, torch.Tensor] | None = None,
                causal: bool = False, cache: LayerCache | None = None) -> torch.Tensor:
        """x (B, T, d) attends to kv (precomputed, cross-attention) or to itself."""
        B, T, D = x.shape
        q = self._heads(self.q(x))  # (B, h, T, dk)
        if kv is None:
            k, v = self.project_kv(x)
            if cache is not None:
                k, v = cache.append(k, v)
                causal = causal and T > 1  # one new query sees every cached step
        else:
            k, v = kv
        p = self.dropout if self.training else 0.0
        if T == 1 and p == 0.0:
            # one query (incremental decoding): plain matmuls beat the fused kernel's set-up
            att = torch.softmax(torch.matmul(q, k.transpose(-1, -2)) * self.d_k ** -0.5, dim=-1)
            y = torch.matmul(att, v)  # (B, h, 1, dk)
        else:
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=p, is_causal=causal)
        return self.out(y.transpose(1, 2).reshape(B, T, D))


class FeedForward(nn.Module):
    """Position-wise feed-forward, d_model -> d_ff -> d_model."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(cfg.d_model, cfg.d_ff), nn.ReLU(),
                                 nn.Dropout(cfg.dropout), nn.Linear(cfg.d_ff, cfg.d_model))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class EncoderLayer(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(cfg.d_model), nn.LayerNorm(cfg.d_model)
        self.attn, self.ff = MultiHeadAttention(cfg), FeedForward(cfg)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.drop(self.attn(self.ln1(x)))
        return x + self.drop(self.ff(self.ln2(x)))


class DecoderLayer(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.ln1, self.ln2, self.ln3 = (nn.LayerNorm(cfg.d_model) for _ in range(3))
        self.self_attn, self.cross_attn = MultiHeadAttention(cfg), MultiHeadAttention(cfg)
        self.ff = FeedForward(cfg)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x: torch.Tensor, cross_kv: tuple[torch.Tensor, torch.Tensor],
                cache: LayerCache | None = None) -> torch.Tensor:
        x = x + self.drop(self.self_attn(self.ln1(x), causal=True, cache=cache))
        x = x + self.drop(self.cross_attn(self.ln2(x), kv=cross_kv))
        return x + self.drop(self.ff(self.ln3(x)))


class Encoder(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.layers = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.n_enc_layers))
        self.ln = nn.LayerNorm(cfg.d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = layer(x)
        return self.ln(x)  # (B, S, d)


class Decoder(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.layers = nn.ModuleList(DecoderLayer(cfg) for _ in range(cfg.n_dec_layers))
        self.ln = nn.LayerNorm(cfg.d_model)

    def cross_kv(self, enc: torch.Tensor) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """Cross-attention keys/values of the encoder output, one pair per layer."""
        # contiguous once here, or every step's matmul would copy them again
        return [tuple(t.contiguous() for t in layer.cross_attn.project_kv(enc))  # type: ignore[misc]
                for layer in self.layers]

    def forward(self, y: torch.Tensor, cross_kv: list[tuple[torch.Tensor, torch.Tensor]],
                caches: list[LayerCache] | None = None) -> torch.Tensor:
        for i, layer in enumerate(self.layers):
            y = layer(y, cross_kv[i], None if caches is None else caches[i])
        return self.ln(y)  # (B, T, d)


def sinusoid_table(n_positions: int, d_model: int) -> torch.Tensor:
    """Vaswani et al.'s fixed positional encodings, (n_positions, d_model)."""
    pos = torch.arange(n_positions, dtype=torch.float32).unsqueeze(1)
    div = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model))
    pe = torch.zeros(n_positions, d_model)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div[: d_model // 2])
    return pe


@dataclass
class EncoderState:
    """What decoding needs from the images, computed once per decode."""

    cross_kv: list[tuple[torch.Tensor, torch.Tensor]]
    memory_kv: tuple[torch.Tensor, torch.Tensor] | None  # CMM keys/values, or None (BASE)

    def repeat_interleave(self, n: int) -> "EncoderState":
        """Each row repeated n times (beams / several samples per image)."""
        if n == 1:
            return self
        return EncoderState([(k.repeat_interleave(n, 0), v.repeat_interleave(n, 0))
                             for k, v in self.cross_kv], self.memory_kv)

    @property
    def batch_size(self) -> int:
        return self.cross_kv[0][0].shape[0]

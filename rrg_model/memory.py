"""Cross-modal memory (CMM), paper section 2.2, Eq. 4-6.

A memory matrix M (N x cmm_dim, random init, trained). In each of ``cmm_threads`` threads,
queries are mapped to the alignment space (x' = x W_x for visual features, y' = y W_y for
token embeddings), memory vectors to keys k_i = m_i W_k and values v_i = m_i W_v; each query
keeps the K memory keys with the largest dot product, softmax-weights them (Eq. 6, no
scaling unless ``cmm_scale``) and sums their values (Eq. 5). Threads are concatenated.
One memory (M, W_k, W_v) is shared by both modalities.

K = M W_k and V = M W_v do not depend on the input: `project()` computes them once and the
model passes them to every call in a forward pass or a whole decode.
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .config import ModelConfig

MemoryKV = tuple[torch.Tensor, torch.Tensor]  # keys, values: (h, N, dk) each


class CrossModalMemory(nn.Module):
    """The shared memory and its per-modality query projections."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.n_threads = cfg.cmm_threads
        self.d_k = cfg.d_model // cfg.cmm_threads
        self.topk = cfg.cmm_topk
        self.scale = 1.0 / math.sqrt(self.d_k) if cfg.cmm_scale else 1.0
        # R2GenCMN initialises the memory as N(0, 1/cmm_dim)
        self.memory = nn.Parameter(torch.randn(cfg.cmm_size, cfg.cmm_dim) / cfg.cmm_dim)
        self.w_x = nn.Linear(cfg.d_model, cfg.d_model, bias=False)  # Eq. 4, visual queries
        self.w_y = nn.Linear(cfg.d_model, cfg.d_model, bias=False)  # Eq. 4, textual queries
        self.w_k = nn.Linear(cfg.cmm_dim, cfg.d_model, bias=False)
        self.w_v = nn.Linear(cfg.cmm_dim, cfg.d_model, bias=False)

    def project(self) -> MemoryKV:
        """Keys and values of all memory vectors per thread, (h, N, dk) each."""
        N = self.memory.shape[0]
        k = self.w_k(self.memory).view(N, self.n_threads, self.d_k).transpose(0, 1)
        v = self.w_v(self.memory).view(N, self.n_threads, self.d_k).transpose(0, 1)
        return k, v

    def forward(self, x: torch.Tensor, modality: str, kv: MemoryKV) -> torch.Tensor:
        """Memory responses r for features x (B, T, d_model) -> (B, T, d_model).

        Args:
            x: visual features or token embeddings.
            modality: ``"visual"`` (W_x) or ``"text"`` (W_y).
            kv: `project()`'s output for this forward pass / decode.
        """
        B, T, D = x.shape
        keys, values = kv
        w_q = self.w_x if modality == "visual" else self.w_y
        q = w_q(x).view(B, T, self.n_threads, self.d_k).transpose(1, 2)  # (B, h, T, dk)
        scores = torch.matmul(q, keys.transpose(-1, -2))  # (B, h, T, N)
        if self.scale != 1.0:
            scores = scores * self.scale
        top, idx = scores.topk(self.topk, dim=-1)  # (B, h, T, K)
        weights = F.softmax(top, dim=-1)  # Eq. 6 over the K selected keys
        # Eq. 5 as a sparse-weight matmul: dense BLAS beats gathering K value vectors per query
        dense = torch.zeros_like(scores).scatter(-1, idx, weights)  # (B, h, T, N)
        r = torch.matmul(dense, values)  # (B, h, T, dk)
        return r.transpose(1, 2).reshape(B, T, D)  # threads concatenated

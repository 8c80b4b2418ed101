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
        self.memory = nn.Parameter(torch.empty(cfg.cmm_size, cfg.cmm_dim))
        self.reset_memory()
        self.w_x = nn.Linear(cfg.d_model, cfg.d_model, bias=False)  # Eq. 4, visual queries
        self.w_y = nn.Linear(cfg.d_model, cfg.d_model, bias=False)  # Eq. 4, textual queries
        self.w_k = nn.Linear(cfg.cmm_dim, cfg.d_model, bias=False)
        self.w_v = nn.Linear(cfg.cmm_dim, cfg.d_model, bias=False)
        # R2GenCMN's code: an output linear on the concatenated threads and dropout on the
        # top-K weights; the paper's equations have neither (both switchable)
        self.w_o = nn.Linear(cfg.d_model, cfg.d_model) if cfg.cmm_out_proj else None
        self.drop = nn.Dropout(cfg.cmm_dropout)

    def reset_memory(self) -> None:
        """R2GenCMN initialises the memory as N(0, 1/cmm_dim) (std, as its code)."""
        with torch.no_grad():
            self.memory.normal_(0.0, 1.0 / self.memory.shape[1])

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
        # threads first, queries of all rows together: (h, B*T, dk). A broadcast matmul
        # against (h, N, dk) would copy the memory once per row.
        q = w_q(x).view(B * T, self.n_threads, self.d_k).transpose(0, 1)
        scores = torch.bmm(q, keys.transpose(1, 2))  # (h, B*T, N) = x' . k_i
        if self.scale != 1.0:
            scores = scores * self.scale
        top, idx = scores.topk(self.topk, dim=-1)  # (h, B*T, K) the K closest keys
        weights = self.drop(F.softmax(top, dim=-1))  # Eq. 6 over the K selected keys
        # Eq. 5: weighted sum of the K selected values, as one embedding_bag over all threads'
        # value tables (no (h, B*T, K, dk) intermediate, no dense (h, B*T, N) weights)
        h, n = values.shape[0], values.shape[1]
        offsets = (torch.arange(h, device=x.device) * n).view(h, 1, 1)
        flat_idx = (idx + offsets).view(-1, self.topk)  # (h*B*T, K) rows of the (h*N, dk) table
        r = F.embedding_bag(flat_idx, values.reshape(h * n, self.d_k),
                            per_sample_weights=weights.reshape(-1, self.topk), mode="sum")  # (h*B*T, dk)
        r = r.view(h, B * T, self.d_k).transpose(0, 1).reshape(B, T, D)  # threads concatenated
        return self.w_o(r) if self.w_o is not None else r

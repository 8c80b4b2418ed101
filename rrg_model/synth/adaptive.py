"""Adaptive condition embeddings (CXRL section 3.3): learnable vectors added to the text
condition and optimized jointly with the generator during RL.

Zero-initialized, so before RL the conditioned generator is exactly the pre-RL one (the
first RL round is on-policy for the frozen model too). One vector per token position.
"""
from __future__ import annotations

import torch
import torch.nn as nn


class AdaptiveConditionEmbedding(nn.Module):
    """``condition + E[:T]`` for a condition (B, T, d); E is (max_tokens, d), zeros at start."""

    def __init__(self, max_tokens: int, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(max_tokens, dim))

    def forward(self, condition: torch.Tensor) -> torch.Tensor:
        return condition + self.weight[: condition.shape[1]]

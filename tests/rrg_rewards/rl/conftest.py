"""A bigram toy policy for the learning tests of the reward library (one sampler for all)."""
from __future__ import annotations

from typing import Callable

import pytest


@pytest.fixture
def bigram_sampler() -> Callable:
    """``sample(table, n, gen, vocab, steps)`` -> (tokens, mask, texts, logprobs).

    Row ``prev`` of ``table`` holds the logits of the next token (BOS = EOS = token 0);
    tokens are padded with EOS after the first EOS and the mask includes that EOS.
    """
    torch = pytest.importorskip("torch")
    from rrg_rewards.rl.losses import gather_logprobs, sequence_mask

    def sample(table, n: int, gen, vocab: list[str], steps: int):
        prev = torch.zeros(n, dtype=torch.long)
        drawn = []
        for _ in range(steps):
            prev = torch.multinomial(torch.softmax(table[prev].detach(), -1), 1, generator=gen)[:, 0]
            drawn.append(prev)
        tokens = torch.stack(drawn, 1)
        mask = sequence_mask(tokens)
        tokens = tokens * (mask > 0).long()
        prevs = torch.cat([torch.zeros(n, 1, dtype=torch.long), tokens[:, :-1]], 1)
        texts = [" ".join(vocab[t] for t in row).split(" <eos>")[0].replace("<eos>", "").strip()
                 for row in tokens.tolist()]
        return tokens, mask, texts, gather_logprobs(table[prevs], tokens)

    return sample

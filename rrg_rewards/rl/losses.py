"""Policy-gradient losses in torch (torch is imported inside each function, never at import).

Shapes: B sequences of T steps. ``logprobs`` (B, T) are the log-probabilities of the
sampled tokens (`gather_logprobs`), ``mask`` (B, T) is 1 on real steps *including the EOS
step* (`sequence_mask`), as R2GenRL's RewardCriterion does: stopping is an action too.

* `policy_gradient_loss`: ``-sum(A * logprob * mask) / sum(mask)`` with A per sequence
  (B,) or per token (B, T). REINFORCE / SCST use the sequence-level advantage
  ``reward - baseline`` for every step; the per-token variant uses reward-to-go.
* `scst_loss`: the sequence-level form with ``A = reward - baseline``.
* `token_level_loss`: the per-token form with ``A_t = G_t - b_t``.
* `mixed_loss`: ``w * NLL + (1 - w) * RL``; R2GenRL trains with w = 0.01.
* `clipped_ratio_loss`: PPO's clipped importance-ratio objective (Schulman et al. 2017), as
  DDPO uses it over denoising steps: ``mean(max(-A * r, -A * clip(r, 1 - c, 1 + c)))`` with
  ``r = exp(logprob - old_logprob)``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import RewardsError

if TYPE_CHECKING:  # pragma: no cover
    import torch

REDUCTIONS = ("token_mean", "sequence_mean", "sum")


def _tensor(x: Any, like: "torch.Tensor") -> "torch.Tensor":
    import torch
    if isinstance(x, torch.Tensor):
        return x.to(device=like.device, dtype=like.dtype)
    return torch.as_tensor(x, dtype=like.dtype, device=like.device)


def gather_logprobs(logits: "torch.Tensor", tokens: "torch.Tensor") -> "torch.Tensor":
    """(B, T, V) logits and (B, T) sampled token ids -> (B, T) log-probabilities."""
    import torch
    return torch.log_softmax(logits, dim=-1).gather(-1, tokens.unsqueeze(-1)).squeeze(-1)


def sequence_mask(tokens: "torch.Tensor", eos_id: int = 0, include_eos: bool = True
                  ) -> "torch.Tensor":
    """Float (B, T) mask of the steps up to the first EOS (included by default).

    With ``eos_id = 0`` and padding 0 this is R2GenRL's mask: ``seq > 0`` shifted right by
    one step with a leading 1, so the step that emitted EOS is trained too.
    """
    import torch
    is_eos = (tokens == eos_id).to(torch.int64)
    before = torch.cumsum(is_eos, dim=1) - is_eos  # EOS tokens strictly before each step
    mask = before == 0
    if not include_eos:
        mask = mask & (is_eos == 0)
    return mask.to(torch.float32)


def policy_gradient_loss(logprobs: "torch.Tensor", advantages: Any, mask: Any,
                         reduction: str = "token_mean") -> "torch.Tensor":
    """REINFORCE loss ``-A * log p`` over masked steps.

    Args:
        logprobs: (B, T) log-probabilities of the sampled tokens (with gradient).
        advantages: (B,) per sequence, broadcast over steps, or (B, T) per token; a tensor
            or numpy array. Treated as constants (detached).
        mask: (B, T) 1 on trained steps (EOS included), 0 on padding.
        reduction: ``token_mean`` (divide by the number of masked steps, as R2GenRL),
            ``sequence_mean`` (sum over steps, mean over sequences) or ``sum``.

    Returns:
        A scalar tensor.
    """
    if logprobs.dim() != 2:
        raise RewardsError(f"logprobs must be (B, T), got shape {tuple(logprobs.shape)}")
    if reduction not in REDUCTIONS:
        raise RewardsError(f"unknown reduction {reduction!r}; choose from {', '.join(REDUCTIONS)}")
    adv = _tensor(advantages, logprobs).detach()
    m = _tensor(mask, logprobs)
    if m.shape != logprobs.shape:
        raise RewardsError(f"mask shape {tuple(m.shape)} != logprobs shape {tuple(logprobs.shape)}")
    if adv.dim() == 1:
        if adv.shape[0] != logprobs.shape[0]:
            raise RewardsError(f"{adv.shape[0]} advantages for {logprobs.shape[0]} sequences")
        adv = adv.unsqueeze(1)
    elif adv.shape != logprobs.shape:
        raise RewardsError(f"advantages shape {tuple(adv.shape)} must be (B,) or (B, T) = "
                           f"{tuple(logprobs.shape)}")
    total = -(adv * logprobs * m).sum()
    if reduction == "token_mean":
        return total / m.sum().clamp_min(1.0)
    if reduction == "sequence_mean":
        return total / logprobs.shape[0]
    return total


def scst_loss(logprobs: "torch.Tensor", rewards: Any, baseline: Any, mask: Any,
              reduction: str = "token_mean") -> "torch.Tensor":
    """Self-critical loss: sequence-level advantage ``rewards - baseline`` (both (B,))."""
    import torch
    r = _tensor(rewards, logprobs)
    b = _tensor(baseline, logprobs)
    if r.dim() != 1 or b.shape != r.shape:
        raise RewardsError("rewards and baseline must both have shape (B,)")
    return policy_gradient_loss(logprobs, torch.sub(r, b), mask, reduction)


def token_level_loss(logprobs: "torch.Tensor", returns: Any, mask: Any, baseline: Any = None,
                     reduction: str = "token_mean") -> "torch.Tensor":
    """Per-token REINFORCE with reward-to-go: ``A_t = G_t - b_t``.

    Args:
        logprobs: (B, T) log-probabilities of the sampled tokens.
        returns: (B, T) reward-to-go (`rrg_rewards.rl.reward_to_go` of `pad`-ed token rewards).
        mask: (B, T) trained steps.
        baseline: None, (B,) or (B, T) subtracted from the returns.
    """
    g = _tensor(returns, logprobs)
    if g.shape != logprobs.shape:
        raise RewardsError(f"returns must be (B, T) = {tuple(logprobs.shape)}, got {tuple(g.shape)}")
    if baseline is not None:
        b = _tensor(baseline, logprobs)
        g = g - (b.unsqueeze(1) if b.dim() == 1 else b)
    return policy_gradient_loss(logprobs, g, mask, reduction)


def nll_loss(logits: "torch.Tensor", targets: "torch.Tensor", mask: Any) -> "torch.Tensor":
    """Masked token-mean negative log-likelihood of `targets` (B, T) under `logits` (B, T, V)."""
    lp = gather_logprobs(logits, targets)
    m = _tensor(mask, lp)
    return -(lp * m).sum() / m.sum().clamp_min(1.0)


def mixed_loss(rl_loss: "torch.Tensor", nll: "torch.Tensor", nll_weight: float = 0.01
               ) -> "torch.Tensor":
    """``nll_weight * NLL + (1 - nll_weight) * RL`` (R2GenRL: 0.01 and 0.99)."""
    if not 0.0 <= nll_weight <= 1.0:
        raise RewardsError(f"nll_weight must be in [0, 1], got {nll_weight}")
    return nll_weight * nll + (1.0 - nll_weight) * rl_loss


def clipped_ratio_loss(logprobs: "torch.Tensor", old_logprobs: Any, advantages: Any,
                       clip_range: float = 0.2) -> "torch.Tensor":
    """PPO's clipped surrogate loss (DDPO's per-denoising-step objective).

    ``loss = mean(max(-A * r, -A * clip(r, 1 - clip_range, 1 + clip_range)))`` with the
    importance ratio ``r = exp(logprobs - old_logprobs)`` of the current policy against the
    one that drew the samples. At ``r = 1`` (on-policy) its gradient equals REINFORCE's
    (`policy_gradient_loss` with the mean over all entries).

    Args:
        logprobs: (N,) or (B, T) log-probabilities under the current policy (with gradient).
        old_logprobs: same shape, under the sampling policy (treated as constants).
        advantages: same shape, or (B,) broadcast over T (treated as constants).
        clip_range: c > 0.

    Returns:
        A scalar tensor (mean over all entries).

    Raises:
        RewardsError: a non-positive clip range or mismatched shapes.
    """
    import torch
    if not clip_range > 0:
        raise RewardsError(f"clip_range must be > 0, got {clip_range}")
    old = _tensor(old_logprobs, logprobs).detach()
    adv = _tensor(advantages, logprobs).detach()
    if old.shape != logprobs.shape:
        raise RewardsError(f"old_logprobs shape {tuple(old.shape)} != logprobs shape {tuple(logprobs.shape)}")
    if adv.shape != logprobs.shape:
        if logprobs.dim() == 2 and adv.dim() == 1 and adv.shape[0] == logprobs.shape[0]:
            adv = adv.unsqueeze(1).expand_as(logprobs)
        else:
            raise RewardsError(f"advantages shape {tuple(adv.shape)} does not fit logprobs "
                               f"shape {tuple(logprobs.shape)}")
    ratio = torch.exp(logprobs - old)
    clipped = torch.clamp(ratio, 1.0 - clip_range, 1.0 + clip_range)
    return torch.maximum(-adv * ratio, -adv * clipped).mean()

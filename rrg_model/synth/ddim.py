"""DDIM steps with eta > 0 as Gaussian policies with exact log-probabilities (DDPO).

With eta > 0, DDIM's update x_{t-1} = mu(x_t, eps) + sigma_t z, z ~ N(0, I), is a Gaussian
policy pi(x_{t-1} | x_t, c) = N(mu, sigma_t^2 I) (Song et al. 2021, Eq. 12; Black et al.
2023, DDPO). `ddim_step` reproduces `diffusers.DDIMScheduler.step` (its default
``use_clipped_model_output=False``) and also returns log pi of the sample, so the RL loss
can compare the current policy with the one that sampled.

Log-probabilities: ``reduce="sum"`` is the exact log-density of the whole tensor;
``reduce="mean"`` divides it by the number of pixels, as DDPO's training objective does
(ratios of 4,096-dimensional densities would be all-or-nothing under a 1e-4 clip).
"""
from __future__ import annotations

import math
from typing import Callable

import torch

from ..errors import ModelError


def _alphas(scheduler, t: int) -> tuple[torch.Tensor, torch.Tensor, int]:
    step = scheduler.config.num_train_timesteps // scheduler.num_inference_steps
    prev_t = t - step
    a_t = scheduler.alphas_cumprod[t]
    a_prev = scheduler.alphas_cumprod[prev_t] if prev_t >= 0 else scheduler.final_alpha_cumprod
    return a_t, a_prev, prev_t


def step_std(scheduler, t: int, eta: float) -> float:
    """sigma_t of the DDIM step from t (eta * sqrt of DDIM's variance, Eq. 16)."""
    a_t, a_prev, _ = _alphas(scheduler, t)
    var = (1 - a_prev) / (1 - a_t) * (1 - a_t / a_prev)
    return float(eta * var.sqrt())


def ddim_step(scheduler, eps: torch.Tensor, t: int, x_t: torch.Tensor, eta: float,
              prev_sample: torch.Tensor | None = None, noise: torch.Tensor | None = None,
              reduce: str = "mean") -> tuple[torch.Tensor, torch.Tensor]:
    """One DDIM step: (x_{t-1}, log pi(x_{t-1} | x_t)) per batch element.

    Args:
        scheduler: a `diffusers.DDIMScheduler` after ``set_timesteps``.
        eps: the model's noise prediction (B, ...).
        t: current timestep (an element of ``scheduler.timesteps``).
        x_t: current sample (B, ...).
        eta: DDIM's eta (> 0 for a stochastic policy).
        prev_sample: score this given x_{t-1} instead of drawing one (the RL update).
        noise: the standard normal z of the draw (default: fresh ``randn``).
        reduce: ``mean`` (per pixel, DDPO) or ``sum`` (the exact log-density).

    Returns:
        x_{t-1} (B, ...) and the log-probability (B,).
    """
    mean, std = step_mean(scheduler, eps, t, x_t, eta)
    if prev_sample is None:
        z = torch.randn_like(x_t) if noise is None else noise
        prev_sample = mean + std * z
    return prev_sample, gaussian_logprob(prev_sample.detach(), mean, std, reduce)


def step_mean(scheduler, eps: torch.Tensor, t: int, x_t: torch.Tensor, eta: float
              ) -> tuple[torch.Tensor, float]:
    """Mean mu (B, ...) and standard deviation sigma_t of the Gaussian DDIM step from t."""
    if eta <= 0:
        raise ModelError("a DDIM step is a policy only with eta > 0")
    a_t, a_prev, _ = _alphas(scheduler, t)
    a_t, a_prev = a_t.to(x_t.dtype), a_prev.to(x_t.dtype)
    pred_x0 = (x_t - (1 - a_t).sqrt() * eps) / a_t.sqrt()
    if scheduler.config.clip_sample:
        r = scheduler.config.clip_sample_range
        pred_x0 = pred_x0.clamp(-r, r)
    std = step_std(scheduler, t, eta)
    if not std > 0:
        raise ModelError(f"the DDIM step from t={t} has no noise (use trailing timestep spacing)")
    # clamped: at t = T with eta = 1, 1 - a_prev - sigma^2 is 0 up to rounding (diffusers' NaN)
    mean = a_prev.sqrt() * pred_x0 + (1 - a_prev - std ** 2).clamp_min(0).sqrt() * eps
    return mean, std


def gaussian_logprob(x: torch.Tensor, mean: torch.Tensor, std: float, reduce: str = "mean") -> torch.Tensor:
    """log N(x; mean, std^2 I) per batch element (B,), summed or averaged over pixels."""
    lp = -((x - mean) ** 2) / (2 * std ** 2) - math.log(std) - 0.5 * math.log(2 * math.pi)
    dims = tuple(range(1, lp.dim()))
    if reduce == "mean":
        return lp.mean(dim=dims)
    if reduce == "sum":
        return lp.sum(dim=dims)
    raise ModelError(f"reduce must be 'mean' or 'sum', got {reduce!r}")


def step_kl(mean_p: torch.Tensor, mean_q: torch.Tensor, std: float) -> torch.Tensor:
    """KL(N(mean_p, std^2 I) || N(mean_q, std^2 I)) per pixel, per batch element (B,): two
    steps from the same x_t with the same sigma_t differ only in their means."""
    d = (mean_p - mean_q) ** 2 / (2 * std ** 2)
    return d.mean(dim=tuple(range(1, d.dim())))


def sample_chain(eps_fn: Callable[[torch.Tensor, int], torch.Tensor], scheduler, x_T: torch.Tensor,
                 eta: float, noise: Callable[[int], torch.Tensor] | None = None
                 ) -> tuple[torch.Tensor, list[torch.Tensor], torch.Tensor]:
    """Run the DDIM chain from x_T, recording what RL needs.

    Args:
        eps_fn: ``(x_t, t) -> eps`` (the conditioned model).
        scheduler: a DDIMScheduler after ``set_timesteps``.
        x_T: starting noise (B, ...).
        eta: > 0.
        noise: ``step index -> z`` for each step's draw (default fresh ``randn``).

    Returns:
        x_0, the chain [x_T, ..., x_0] (T + 1 tensors) and log-probabilities (B, T).
    """
    x, chain, lps = x_T, [x_T], []
    for i, t in enumerate(scheduler.timesteps.tolist()):
        x, lp = ddim_step(scheduler, eps_fn(x, t), t, x, eta, noise=None if noise is None else noise(i))
        chain.append(x)
        lps.append(lp)
    return x, chain, torch.stack(lps, dim=1)

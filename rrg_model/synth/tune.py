"""DDPO-style RL of the generator over its DDIM chain, with comparative or absolute feedback.

Each round draws ``batch_size`` training reports with fresh seeds, samples their images with
the current policy (DDIM, eta > 0: every step a Gaussian policy, `ddim`), scores them with
the composed rewards (`rewards.ImageRewards`, i.e. `rrg_rewards.rl.WeightedReward`) and
turns rewards into advantages with the reward library's baselines:

* comparative (CXRL): `rrg_rewards.rl.ComparativeBaseline`: the reward of the frozen
  pre-RL generator's image for the same report from the same starting noise x_T (its
  per-step noise is its own: with identical noise both chains would coincide at the start
  and every advantage would be 0); the differences are scaled by their batch std, not
  centred, so "better than the frozen model" stays positive;
* absolute: `rrg_rewards.rl.ConstantBaseline(0)` with the batch whitening DDPO applies.

Then ``minibatches`` optimizer steps, each accumulating `rrg_rewards.rl.losses.clipped_ratio_loss`
over the denoising steps of its images (DDPO; all but the nearly deterministic last one,
``min_step_std``); after the first, the policy has moved and the
clip bounds the update. Every draw and every log-probability uses the classifier-free
guided noise prediction with scale ``guidance`` (the policy is the guided DDIM step, as in
DDPO), for the frozen reference too. The UNet is trained (both its branches), plus the
adaptive condition embeddings when ``adaptive`` is on; the text encoder and the null
condition stay as pre-trained.
"""
from __future__ import annotations

import copy
import time
from typing import Callable

import numpy as np
import torch

from rrg_rewards.rl import ComparativeBaseline, ConstantBaseline
from rrg_rewards.rl.losses import clipped_ratio_loss

from ..errors import ModelError
from ..tokenizer import Tokenizer
from .config import TuneConfig
from .ddim import gaussian_logprob, step_kl, step_mean, step_std
from .generator import ReportToImage, make_scheduler
from .rewards import ImageRewards
from .sample import draw


def frozen_copy(model: ReportToImage) -> ReportToImage:
    """The pre-RL generator, with gradients off (the comparative reference)."""
    ref = copy.deepcopy(model).eval()
    for p in ref.parameters():
        p.requires_grad_(False)
    return ref


def policy_step(model: ReportToImage, scheduler, t: int, x_t: torch.Tensor, x_prev: torch.Tensor,
                cond: torch.Tensor, mask: torch.Tensor, eta: float, guidance: float
                ) -> tuple[torch.Tensor, torch.Tensor, float]:
    """log pi(x_prev | x_t, report) (B,) of the guided DDIM step (per-pixel mean, as sampled by
    `sample.draw`), differentiable in the UNet and the condition, with the step's mean and
    sigma: the policy RL trains."""
    mean, std = step_mean(scheduler, model.guided_eps(x_t, t, cond, mask, guidance), t, x_t, eta)
    return gaussian_logprob(x_prev.detach(), mean, std), mean, std


def policy_logprob(model: ReportToImage, scheduler, t: int, x_t: torch.Tensor, x_prev: torch.Tensor,
                   cond: torch.Tensor, mask: torch.Tensor, eta: float, guidance: float) -> torch.Tensor:
    """The log-probability of `policy_step` alone."""
    return policy_step(model, scheduler, t, x_t, x_prev, cond, mask, eta, guidance)[0]


def advantages(cfg: TuneConfig, rewards: np.ndarray, reference: np.ndarray | None) -> np.ndarray:
    """float64 (B,) advantages through the reward library's baselines (see module docstring)."""
    if cfg.feedback == "comparative":
        if reference is None:
            raise ModelError("comparative feedback needs the frozen generator's rewards")
        a = ComparativeBaseline().advantages(rewards, reference_rewards=reference)
        a = a / (a.std() + 1e-8)
    else:
        a = ConstantBaseline(0.0).advantages(rewards, normalize=True)
    return np.clip(a, -cfg.adv_clip, cfg.adv_clip)


def tune(model: ReportToImage, tokenizer: Tokenizer, rewards: ImageRewards, reports: list[str],
         cfg: TuneConfig, seed: int = 0, frozen: ReportToImage | None = None, progress: bool = False,
         log: Callable[[str], None] | None = None) -> list[dict[str, float]]:
    """Tune ``model`` in place; returns one row of statistics per round.

    Args:
        model: the generator to tune (its adaptive embeddings start at zero).
        tokenizer: the generator's tokenizer.
        rewards: the composed reward models.
        reports: training reports the rounds draw from.
        cfg: RL settings (feedback, adaptive, rounds, ...).
        seed: fixes the reports and noise of every round.
        frozen: the pre-RL generator (default: a copy of ``model`` as it is now).
        progress: a tqdm bar on stderr.
        log: receives a line per round.
    """
    from tqdm import tqdm

    if not reports:
        raise ModelError("RL needs training reports")
    if (cfg.feedback == "comparative" or cfg.kl_coef > 0) and frozen is None:
        frozen = frozen_copy(model)
    torch.manual_seed(seed)
    for p in model.text.parameters():
        p.requires_grad_(False)
    model.adaptive.weight.requires_grad_(cfg.adaptive)
    model.null_text.requires_grad_(False)
    groups = [{"params": list(model.unet.parameters()), "lr": cfg.lr}]
    if cfg.adaptive:
        groups.append({"params": [model.adaptive.weight], "lr": cfg.adaptive_lr})
    opt = torch.optim.AdamW(groups, weight_decay=0.0)
    sched = make_scheduler(model.cfg)
    sched.set_timesteps(cfg.sample_steps)
    steps = sched.timesteps.tolist()
    trained = [j for j, t in enumerate(steps) if step_std(sched, t, cfg.eta) >= cfg.min_step_std]
    if not trained:
        raise ModelError(f"no DDIM step has sigma >= min_step_std={cfg.min_step_std}")
    rng = np.random.default_rng(seed)
    history: list[dict[str, float]] = []
    bar = tqdm(range(cfg.rounds), desc=f"RL ({cfg.feedback})", disable=not progress, leave=False,
               dynamic_ncols=True)
    for rnd in bar:
        t0 = time.perf_counter()
        idx = rng.choice(len(reports), size=cfg.batch_size, replace=cfg.batch_size > len(reports))
        batch = [reports[i] for i in idx]
        seeds = [int(s) for s in rng.integers(0, 2 ** 31 - 1, size=cfg.batch_size)]
        model.eval()
        images, chain, old_lp, text, mask = draw(model, tokenizer, batch, seeds, cfg.sample_steps, cfg.eta,
                                                 adaptive=cfg.adaptive, step_stream=1, scheduler=sched,
                                                 guidance=cfg.guidance)
        got = rewards.score(images, batch)
        ref_total = None
        row: dict[str, float] = {"round": rnd + 1, "reward": float(got.total.mean()),
                                 **{f"reward_{k}": float(v.mean()) for k, v in got.components.items()}}
        if cfg.feedback == "comparative":
            ref_images = draw(frozen, tokenizer, batch, seeds, cfg.sample_steps, cfg.eta, adaptive=False,
                              step_stream=2, scheduler=sched, guidance=cfg.guidance)[0]
            ref_total = rewards.score(ref_images, batch).total
            row["reference_reward"] = float(ref_total.mean())
        adv = torch.from_numpy(advantages(cfg, got.total, ref_total)).float()
        clipped, kl, kl_frozen, n = 0.0, 0.0, 0.0, 0
        for mb in np.array_split(rng.permutation(cfg.batch_size), cfg.minibatches):
            mb_t = torch.from_numpy(mb)
            opt.zero_grad(set_to_none=True)
            for j in trained:
                t = steps[j]
                lp, mean, std = policy_step(model, sched, t, chain[j][mb_t], chain[j + 1][mb_t],
                                            model.condition(text[mb_t], cfg.adaptive), mask[mb_t], cfg.eta,
                                            cfg.guidance)
                loss = clipped_ratio_loss(lp, old_lp[mb_t, j], adv[mb_t], cfg.clip_range)
                if cfg.kl_coef > 0:
                    with torch.no_grad():
                        ref_mean = step_mean(sched, frozen.guided_eps(chain[j][mb_t], t, text[mb_t], mask[mb_t],
                                                                      cfg.guidance), t, chain[j][mb_t], cfg.eta)[0]
                    step_div = step_kl(mean, ref_mean, std)
                    loss = loss + cfg.kl_coef * step_div.mean()
                    kl_frozen += float(step_div.detach().sum())
                (loss / len(trained)).backward()
                with torch.no_grad():
                    ratio = torch.exp(lp - old_lp[mb_t, j])
                    clipped += float((torch.abs(ratio - 1) > cfg.clip_range).float().sum())
                    kl += float(0.5 * ((lp - old_lp[mb_t, j]) ** 2).sum())
                    n += len(mb)
            torch.nn.utils.clip_grad_norm_([p for g in groups for p in g["params"]], cfg.grad_clip)
            opt.step()
        row.update({"clip_fraction": clipped / max(n, 1), "approx_kl": kl / max(n, 1),
                    **({"kl_frozen": kl_frozen / max(n, 1)} if cfg.kl_coef > 0 else {}),
                    "adaptive_norm": float(model.adaptive.weight.detach().norm()),
                    "seconds": round(time.perf_counter() - t0, 2)})
        history.append(row)
        bar.set_postfix(reward=f"{row['reward']:.3f}")
        if log is not None:
            log(f"RL {cfg.feedback}{'' if cfg.adaptive else ' (no ACE)'} round {rnd + 1}/{cfg.rounds}: "
                f"reward {row['reward']:.4f}" + (f" vs frozen {row['reference_reward']:.4f}"
                                                 if "reference_reward" in row else "")
                + (f", KL to frozen {row['kl_frozen']:.2e}" if "kl_frozen" in row else ""))
    model.eval()
    return history

"""Self-critical RL stage (paper section 2.3, Eq. 13): sampled report vs greedy baseline.

Per batch: a report is sampled from the policy (``rl.sample``: temperature, no beam); the
baseline b is the reward of the greedy report decoded in eval mode without gradients
(``rl.baseline``); the loss is ``-(r(Y) - b) * log p(Y)`` averaged over sampled tokens, plus
``rl.nll_weight`` times the MLE loss. The reward is `rrg_rewards.rl.make_reward(rl.reward)`
(default BLEU-4, the paper's), with CIDEr document frequencies fixed from the training
reports. Validation and test decode with ``eval_decode`` only (the R2GenRL bug where RL's
sampling settings leak into evaluation cannot happen: decoding takes explicit configs).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import torch
import torch.nn as nn

from .config import DecodeConfig, RunConfig
from .data import Batch
from .decode import generate, sample
from .errors import ModelError
from .model import ReportGenerator
from .runner import Stage, StepFn, prepare, run

RewardFn = Callable[[Sequence[str], Sequence[Sequence[str]]], np.ndarray]


def make_reward_fn(spec: str, train_references: Sequence[str]) -> RewardFn:
    """`rrg_rewards.rl.make_reward`, or BLEU/ROUGE-L/CIDEr per-sample scores if it is absent."""
    from rrg_rewards.errors import RewardsError
    try:
        from rrg_rewards.rl import make_reward
    except ImportError:
        make_reward = None
    if make_reward is not None:
        try:
            return make_reward(spec, train_references=list(train_references))
        except RewardsError as exc:
            raise ModelError(f"bad reward {spec!r}: {exc}") from None
    # fallback until the reward library lands: one plain metric through rrg_rewards.score
    names = {"bleu4": ("bleu", "Bleu_4"), "rouge_l": ("rouge_l", "ROUGE_L"), "cider": ("cider", "CIDEr")}
    if spec not in names:
        raise ModelError(f"reward {spec!r} needs rrg_rewards.rl; available here: {', '.join(names)}")
    metric, key = names[spec]

    def reward(candidates: Sequence[str], references: Sequence[Sequence[str]]) -> np.ndarray:
        from rrg_rewards import score
        return np.asarray(score(list(candidates), [list(r) for r in references],
                                metrics=[metric])[key].per_sample, dtype=np.float64)

    return reward


def pg_loss(logprobs: torch.Tensor, advantages: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """REINFORCE with baseline: ``-sum(A * logp * mask) / sum(mask)``.

    Uses `rrg_rewards.rl.losses.policy_gradient_loss` when that module exists.
    """
    try:
        from rrg_rewards.rl.losses import policy_gradient_loss
    except ImportError:
        policy_gradient_loss = None
    if policy_gradient_loss is not None:
        return policy_gradient_loss(logprobs, advantages, mask)
    adv = advantages.to(logprobs.dtype).unsqueeze(1)  # (B, 1)
    return -(adv * logprobs * mask).sum() / mask.sum().clamp_min(1.0)


class _Policy(nn.Module):
    """One forward = sample (with grad) + optional MLE loss, so DDP sees a single forward."""

    def __init__(self, model: ReportGenerator, decode: DecodeConfig, nll: bool):
        super().__init__()
        self.model, self.decode, self.nll = model, decode, nll

    def forward(self, images: torch.Tensor, targets: torch.Tensor, mask: torch.Tensor) -> Any:
        s = sample(self.model, images, self.decode)
        nll = self.model(images, targets, mask)[1] if self.nll else None
        return s.tokens, s.logprobs, s.mask, nll


def make_step(stage: Stage) -> StepFn:
    """The self-critical step for this stage's model and reward."""
    rl = stage.cfg.rl
    reward = make_reward_fn(rl.reward, stage.train_ds.references)
    policy: nn.Module = _Policy(stage.model, rl.sample, rl.nll_weight > 0)
    if stage.dist.world > 1:
        from torch.nn.parallel import DistributedDataParallel as DDP
        policy = DDP(policy, device_ids=[stage.dist.device] if stage.dist.device.type == "cuda" else None)
    dev, tok = stage.dist.device, stage.tokenizer

    def step(batch: Batch) -> tuple[torch.Tensor, dict[str, float]]:
        images = batch.images.to(dev)
        refs = [[r] for r in batch.references]
        stage.model.eval()  # the greedy baseline: no dropout, no gradient (R2GenRL)
        greedy = generate(stage.model, images, rl.baseline)
        stage.model.train()
        tokens, logprobs, mask, nll = policy(images, batch.targets.to(dev), batch.mask.to(dev))
        r_sample = np.asarray(reward(tok.decode_batch(tokens.tolist()), refs), dtype=np.float64)
        r_greedy = np.asarray(reward(tok.decode_batch(greedy.tolist()), refs), dtype=np.float64)
        adv = torch.as_tensor(r_sample - r_greedy, dtype=logprobs.dtype, device=dev)
        loss = pg_loss(logprobs, adv, mask)
        logs = {"rl_loss": float(loss.detach()), "reward_sample": float(r_sample.mean()),
                "reward_greedy": float(r_greedy.mean())}
        if nll is not None:
            loss = loss + rl.nll_weight * nll
            logs["nll"] = float(nll.detach())
        logs["loss"] = float(loss.detach())
        return loss, logs

    return step


def train(cfg: RunConfig, data_dir: str | Path, out_dir: str | Path,
          init_checkpoint: str | Path | None = None, resume: bool = False,
          progress: bool = True) -> Path:
    """RL from an MLE checkpoint into `out_dir`; return the best-on-validation checkpoint.

    Args:
        cfg: run configuration (``cfg.rl`` drives this stage; model and data settings come
            from `init_checkpoint`).
        data_dir: R2Gen data folder.
        out_dir: stage folder.
        init_checkpoint: the MLE ``best.pt`` (not needed when resuming).
        resume: continue from ``out_dir/last.pt``.
        progress: show a tqdm bar on stderr.

    Raises:
        ModelError: bad data, configuration, reward or checkpoint.
    """
    stage = prepare("rl", cfg, data_dir, out_dir, resume, init_checkpoint)
    return run(stage, make_step, progress=progress)

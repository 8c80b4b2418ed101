"""Self-critical RL stage (paper section 2.3, Eq. 13), built on `rrg_rewards.rl`.

Per batch: ``rl.samples`` reports are sampled per study from the policy (``rl.sample``:
temperature, no beam; without gradients, their log-probabilities then recomputed in one
teacher-forced pass with gradients, `sampled_logprobs`) and scored by `rrg_rewards.rl.make_reward(rl.reward)` (default
BLEU-4, the paper's; CIDEr document frequencies fixed from the training reports). The
advantage is reward minus the baseline chosen by ``rl.baseline_kind`` (`rrg_rewards.rl`'s
`GreedyBaseline`, `RLOOBaseline`, `GroupNormalizedBaseline`, `ComparativeBaseline`,
`EMABaseline`). A normalize-then-sum reward (``rl.reward_aggregation``, or a spec such as
``clinical``) normalizes each component within a study's group: its samples, plus its greedy
report under the greedy baseline, scored in one call. The loss is `rrg_rewards.rl.losses.mixed_loss` of
`policy_gradient_loss` (token mean, as R2GenRL) and the MLE loss:
``nll_weight * NLL + (1 - nll_weight) * RL``. Greedy and comparative baselines decode in
eval mode without gradients (R2GenRL). Validation and test decode with ``eval_decode``
only: decoding takes explicit configs, so RL's sampling settings never leak into evaluation.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import torch
import torch.nn as nn

from rrg_rewards.errors import RewardsError
from rrg_rewards.rl import baselines as bl
from rrg_rewards.rl import make_reward
from rrg_rewards.rl.rewards import Reward
from rrg_rewards.rl.losses import gather_logprobs, mixed_loss, policy_gradient_loss

from .config import GROUPWISE_BASELINES, RLConfig, RunConfig
from .data import Batch
from .decode import generate, sample
from .errors import ModelError
from .model import ReportGenerator
from .runner import Stage, StepFn, prepare, run


def make_reward_fn(spec: str, train_references: Sequence[str],
                   aggregation: str = "auto", baseline_kind: str = "greedy") -> Reward:
    """`rrg_rewards.rl.make_reward` with CIDEr frequencies (and CE prevalence weights) from
    the training reports.

    Raises:
        ModelError: the reward spec or aggregation is invalid, or a normalize-then-sum reward
            meets a baseline that scores samples apart (checked before any training starts).
    """
    try:
        reward = make_reward(spec, train_references=list(train_references),
                             aggregation=None if aggregation == "auto" else aggregation)
    except RewardsError as exc:
        raise ModelError(f"bad reward {spec!r}: {exc}") from None
    if reward.groupwise and baseline_kind not in GROUPWISE_BASELINES:
        raise ModelError(f"reward {spec!r} is normalize-then-sum: each sample's value depends on the "
                         f"others of its study, so it needs a baseline scored with them "
                         f"({', '.join(GROUPWISE_BASELINES)}), not {baseline_kind!r}")
    return reward


def check_reward(rl: RLConfig | str) -> None:
    """Fail now, not after the MLE stage, when the reward (of `rl`, or a spec) is invalid."""
    if isinstance(rl, str):
        rl = RLConfig(reward=rl)
    make_reward_fn(rl.reward, ["the heart is normal in size", "no pleural effusion"],
                   rl.reward_aggregation, rl.baseline_kind)


def make_baseline(rl: RLConfig) -> bl.Baseline:
    """The `rrg_rewards.rl` baseline named by ``rl.baseline_kind``."""
    kind = rl.baseline_kind
    if kind == "greedy":
        return bl.GreedyBaseline()
    if kind == "comparative":
        return bl.ComparativeBaseline()
    if kind == "loo":
        return bl.RLOOBaseline(rl.samples)
    if kind == "group":
        return bl.GroupNormalizedBaseline(rl.samples)
    if kind == "ema":
        return bl.EMABaseline(rl.ema_decay)
    raise ModelError(f"unknown RL baseline {kind!r}")


def sampled_logprobs(model: ReportGenerator, images: torch.Tensor, tokens: torch.Tensor,
                     temperature: float = 1.0) -> torch.Tensor:
    """Log-probabilities (B, L) of sampled reports `tokens` (B, L), in one teacher-forced pass.

    Equal to what step-by-step sampling computed (tested, in eval mode), but one parallel
    forward and backward instead of L sequential decoder steps kept for backward: the RL
    epoch costs about an MLE epoch plus two decodes.
    """
    seq = torch.cat([tokens.new_zeros(tokens.shape[0], 1), tokens], dim=1)  # BOS + report
    logits = model(images, seq).logits  # (B, L, V): position t predicts tokens[:, t]
    return gather_logprobs(logits.float() / temperature, tokens)


class _Policy(nn.Module):
    """One forward = log-probabilities of the sampled reports + the MLE loss (DDP sees one forward)."""

    def __init__(self, model: ReportGenerator, temperature: float, nll: bool):
        super().__init__()
        self.model, self.temperature, self.nll = model, temperature, nll

    def forward(self, sample_images: torch.Tensor, tokens: torch.Tensor, images: torch.Tensor,
                targets: torch.Tensor, mask: torch.Tensor) -> Any:
        """`sample_images`: each study's images once per sample (the rows of `tokens`)."""
        lp = sampled_logprobs(self.model, sample_images, tokens, self.temperature)
        nll = self.model(images, targets, mask).loss if self.nll else None
        return lp, nll


def make_step(stage: Stage) -> StepFn:
    """The policy-gradient step for this stage's model, reward and baseline."""
    rl = stage.cfg.rl
    reward = make_reward_fn(rl.reward, stage.train_ds.references, rl.reward_aggregation,
                            rl.baseline_kind)
    joint_greedy = reward.groupwise and rl.baseline_kind == "greedy"
    baseline = make_baseline(rl)
    policy: nn.Module = _Policy(stage.model, rl.sample.temperature, rl.nll_weight > 0)
    if stage.dist.world > 1:
        from torch.nn.parallel import DistributedDataParallel as DDP
        policy = DDP(policy, device_ids=[stage.dist.device] if stage.dist.device.type == "cuda" else None)
    dev, tok, k = stage.dist.device, stage.tokenizer, rl.samples
    # the comparative baseline's frozen MLE parent; its greedy report per study never changes
    frozen = copy.deepcopy(stage.model).eval() if rl.baseline_kind == "comparative" else None
    frozen_rewards: dict[str, float] = {}

    def decoded(model: ReportGenerator, images: torch.Tensor) -> list[str]:
        was = model.training
        model.eval()  # no dropout, no gradient (R2GenRL's greedy baseline)
        try:
            tokens = generate(model, images, rl.baseline)
        finally:
            model.train(was)
        return tok.decode_batch(tokens.tolist())

    def decoded_rewards(model: ReportGenerator, images: torch.Tensor, refs: list[list[str]]) -> np.ndarray:
        return np.asarray(reward(decoded(model, images), refs), dtype=np.float64)

    def step(batch: Batch) -> tuple[torch.Tensor, dict[str, float]]:
        stage.model.train(rl.dropout)  # the runner sets train mode; RL's policy has no dropout by default
        images = batch.images.to(dev)
        refs = [[r] for r in batch.references]
        context: dict[str, Any] = {}
        logs: dict[str, float] = {}
        greedy_texts: list[str] = []
        if joint_greedy:  # scored below with the samples, in the study's group
            greedy_texts = decoded(stage.model, images)
        elif rl.baseline_kind == "greedy":
            context["greedy_rewards"] = decoded_rewards(stage.model, images, refs)
        elif frozen is not None:
            todo = [i for i, sid in enumerate(batch.ids) if sid not in frozen_rewards]
            if todo:
                got = decoded_rewards(frozen, images[todo], [refs[i] for i in todo])
                frozen_rewards.update({batch.ids[i]: float(v) for i, v in zip(todo, got)})
            context["reference_rewards"] = np.array([frozen_rewards[s] for s in batch.ids])
        sample_images = images.repeat_interleave(k, 0) if k > 1 else images
        with torch.no_grad():  # sample, then score the samples in one pass with gradients below
            s = sample(stage.model, sample_images, rl.sample)
        tokens, mask = s.tokens, s.mask
        logprobs, nll = policy(sample_images, tokens, images, batch.targets.to(dev), batch.mask.to(dev))
        sample_refs = [r for r in refs for _ in range(k)]
        sample_texts = tok.decode_batch(tokens.tolist())
        if joint_greedy:
            n = len(sample_texts)
            groups = [i // k for i in range(n)] + list(range(len(refs)))
            both = np.asarray(reward(sample_texts + greedy_texts, sample_refs + refs, groups),
                              dtype=np.float64)
            r_sample, context["greedy_rewards"] = both[:n], both[n:]
        else:  # groups of k: a study's samples (a no-op unless the reward is normalize-then-sum)
            r_sample = np.asarray(reward(sample_texts, sample_refs, k), dtype=np.float64)
        adv = baseline.advantages(r_sample, **context)
        loss = policy_gradient_loss(logprobs, torch.as_tensor(adv, dtype=logprobs.dtype, device=dev), mask)
        logs["rl_loss"] = float(loss.detach())
        logs["reward_sample"] = float(r_sample.mean())
        if context:
            logs["reward_baseline"] = float(np.mean(next(iter(context.values()))))
        if nll is not None:
            loss = mixed_loss(loss, nll, rl.nll_weight)
            logs["nll"] = float(nll.detach())
        logs["loss"] = float(loss.detach())
        return loss, logs

    return step


def train(cfg: RunConfig, data_dir: str | Path, out_dir: str | Path,
          init_checkpoint: str | Path | None = None, resume: bool = False,
          progress: bool = True) -> Path:
    """RL from an MLE checkpoint into `out_dir`; return the best-on-validation checkpoint.

    Selection starts from the MLE parent's validation score (epoch 0, as R2GenRL): when no
    RL epoch beats it, best.pt holds the parent's weights and its ``best`` says epoch 0.

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

"""Frozen dataclasses for the report-to-image generator, its reward models and RL tuning.

Presets: ``smoke`` (32 px, seconds, for CI) and ``quick`` (64 px, two single-thread workers, the
`rrg bench --study cxrl` preset). Change fields with `apply_overrides` (``section.key=value``,
the same syntax as ``rrg train --set``).
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from ..config import _positive, apply_overrides, build_config  # noqa: F401  (one --set parser; re-exported)
from ..errors import ModelError

#: noise schedules of diffusers' DDPM/DDIM schedulers
BETA_SCHEDULES = ("linear", "scaled_linear", "squaredcos_cap_v2")


def _positive_rate(value: float, where: str) -> None:
    if not value > 0:
        raise ModelError(f"{where} must be > 0, got {value}")

#: reward components the generator can be tuned on
REWARD_COMPONENTS = ("diagnostic", "pose", "consistency")
FEEDBACK = ("comparative", "absolute")
#: what the packed channels hold (`GeneratorConfig.packing`)
PACKINGS = ("pixels", "dct")


@dataclass(frozen=True)
class GeneratorConfig:
    """UNet, text encoder and noise schedule.

    ``pack`` folds ``pack x pack`` pixel blocks into channels (pixel unshuffle): the UNet
    denoises a (pack^2, S/pack, S/pack) tensor, which costs what an S/pack image costs.
    ``packing`` says what those channels hold: ``pixels`` (the block's pixels) or ``dct``
    (the block's orthonormal 2-D DCT, for pack = 2 the Haar transform: the block mean and three
    differences). An orthonormal map leaves Gaussian noise Gaussian, so the diffusion is the
    same; only what the UNet sees changes: with ``pixels`` it must learn that four channels
    are nearly equal, and its errors between them show as period-2 checkerboards.
    The first ``plain_levels`` resolution levels of the UNet have no attention (cross-attention
    to the text and self-attention cost most at the large resolutions).
    """

    image_size: int = 64
    pack: int = 2
    packing: str = "pixels"
    channels: tuple[int, ...] = (32, 64, 64)
    layers_per_block: int = 1
    plain_levels: int = 1
    attention_head_dim: int = 8
    text_dim: int = 64
    text_layers: int = 2
    text_heads: int = 4
    max_tokens: int = 60
    train_timesteps: int = 1000
    beta_schedule: str = "squaredcos_cap_v2"

    def __post_init__(self) -> None:
        # sizes below 1 failed deep inside torch or diffusers, after the reward models had trained
        _positive(self, "generator", ("image_size", "pack", "layers_per_block", "attention_head_dim", "text_dim",
                                      "text_layers", "text_heads", "max_tokens", "train_timesteps"))
        if not self.channels or min(self.channels) < 1:
            raise ModelError(f"generator.channels must be positive widths, got {self.channels}")
        if self.beta_schedule not in BETA_SCHEDULES:
            raise ModelError(f"unknown generator.beta_schedule {self.beta_schedule!r}; "
                             f"choose from {', '.join(BETA_SCHEDULES)}")
        if self.pack < 1 or self.image_size % self.pack:
            raise ModelError(f"image_size {self.image_size} must be a multiple of pack {self.pack}")
        if self.packing not in PACKINGS:
            raise ModelError(f"packing must be one of {', '.join(PACKINGS)}, got {self.packing!r}")
        inner = self.image_size // self.pack
        if inner % (2 ** (len(self.channels) - 1)):
            raise ModelError(f"the UNet's {len(self.channels)} levels need image_size / pack "
                             f"divisible by {2 ** (len(self.channels) - 1)}, got {inner}")
        if not 1 <= self.plain_levels < len(self.channels):
            raise ModelError(f"plain_levels must be in [1, {len(self.channels) - 1}] (the lowest level attends "
                             f"to the text), got {self.plain_levels}")
        if self.text_dim % self.text_heads or self.text_dim % self.attention_head_dim:
            raise ModelError("text_dim must be divisible by text_heads and attention_head_dim")


@dataclass(frozen=True)
class TrainConfig:
    """Denoising pre-training of the generator and its text encoder."""

    steps: int = 1500
    batch_size: int = 16
    lr: float = 1e-3
    min_word_count: int = 1
    #: share of training pairs whose report is replaced by the null condition, so the same
    #: model also predicts the unconditional noise (classifier-free guidance, Ho & Salimans 2022)
    cond_dropout: float = 0.15
    #: exponential moving average of the weights (diffusers' EMAModel, warm-up (1 + s) / (10 + s)
    #: capped at this); the averaged weights are the ones saved. 0 = off
    ema_decay: float = 0.999

    def __post_init__(self) -> None:
        _positive(self, "train", ("steps", "batch_size"))
        _positive_rate(self.lr, "train.lr")
        if not 0.0 <= self.cond_dropout < 1.0:
            raise ModelError(f"cond_dropout must be in [0, 1), got {self.cond_dropout}")
        if not 0.0 <= self.ema_decay < 1.0:
            raise ModelError(f"ema_decay must be in [0, 1), got {self.ema_decay}")


@dataclass(frozen=True)
class RewardModelConfig:
    """The diagnostic classifier and the pose regressor (small CNNs on phantom images)."""

    epochs: int = 6
    batch_size: int = 32
    lr: float = 2e-3
    width: int = 16
    #: reference report model (rrg_model) for consistency: MLE epochs and studies used
    report_epochs: int = 4
    report_max_train: int = 0  # 0 = all

    def __post_init__(self) -> None:
        _positive(self, "rewards", ("epochs", "batch_size", "width", "report_epochs"))
        _positive_rate(self.lr, "rewards.lr")
        if self.report_max_train < 0:
            raise ModelError(f"rewards.report_max_train must be >= 0 (0: all), got {self.report_max_train}")


@dataclass(frozen=True)
class TuneConfig:
    """DDPO-style RL over the DDIM chain (Black et al. 2023, with CXRL's comparative feedback)."""

    rounds: int = 12
    batch_size: int = 16  # reports (and images) sampled per round
    minibatches: int = 2  # optimizer steps per round (later ones are off-policy: the clip acts)
    sample_steps: int = 10  # DDIM steps (each one a Gaussian policy step)
    eta: float = 1.0
    #: classifier-free guidance scale w of every draw (RL, its frozen reference, evaluation,
    #: `rrg synth sample`): eps = eps_null + w (eps_report - eps_null); 1 = the conditional
    #: model alone, 0 = unconditional. Default chosen on validation reports (docs/synth.md)
    guidance: float = 6.0
    clip_range: float = 1e-4  # DDPO's
    #: train only on steps whose sigma is at least this: the last DDIM step is nearly
    #: deterministic (sigma ~ 0.006), its log-probability ratio scales with 1 / sigma^2 and
    #: would drown every other step (DDPO trains on a subset of steps too: timestep_fraction)
    min_step_std: float = 0.05
    adv_clip: float = 5.0
    lr: float = 1e-4
    #: Adam learning rate of the adaptive condition embeddings, ten times below the first
    #: default: at 1e-2 they followed the noise of 16-image rounds, amplified by the guidance
    #: scale, and lowered diagnostic F1; chosen on validation reports (docs/synth.md)
    adaptive_lr: float = 1e-3
    feedback: str = "comparative"
    adaptive: bool = True
    weights: tuple[float, float, float] = (1.0, 1.0, 0.5)  # diagnostic, pose, consistency
    grad_clip: float = 1.0
    #: weight of a penalty on the KL divergence of each trained step from the frozen pre-RL
    #: generator's step at the same x_t (per pixel, as the log-probabilities; DPOK's
    #: regularizer on DDPO). 0 = off, DDPO's objective alone. 1 was chosen on the validation
    #: reports of three seeds: the same diagnostic F1 as no penalty, lower pose error
    #: (docs/synth.md, "A KL penalty")
    kl_coef: float = 1.0

    def __post_init__(self) -> None:
        _positive_rate(self.lr, "tune.lr")
        if self.adaptive_lr < 0:
            raise ModelError(f"tune.adaptive_lr must be >= 0, got {self.adaptive_lr}")
        if self.feedback not in FEEDBACK:
            raise ModelError(f"unknown feedback {self.feedback!r}; choose from {', '.join(FEEDBACK)}")
        if not 0.0 < self.eta:
            raise ModelError(f"RL needs a stochastic sampler: eta must be > 0, got {self.eta}")
        if not self.guidance >= 0.0:
            raise ModelError(f"guidance must be >= 0, got {self.guidance}")
        if self.sample_steps < 1 or self.rounds < 0 or self.batch_size < 1:
            raise ModelError("sample_steps and batch_size must be >= 1, rounds >= 0")
        if not 1 <= self.minibatches <= self.batch_size:
            raise ModelError(f"minibatches must be in [1, batch_size], got {self.minibatches}")
        if len(self.weights) != len(REWARD_COMPONENTS):
            raise ModelError(f"weights needs {len(REWARD_COMPONENTS)} values ({', '.join(REWARD_COMPONENTS)})")
        if not self.kl_coef >= 0.0:
            raise ModelError(f"tune.kl_coef must be >= 0, got {self.kl_coef}")


@dataclass(frozen=True)
class SynthConfig:
    """Everything a `rrg synth` run needs; stored in every checkpoint."""

    generator: GeneratorConfig = field(default_factory=GeneratorConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    rewards: RewardModelConfig = field(default_factory=RewardModelConfig)
    tune: TuneConfig = field(default_factory=TuneConfig)
    eval_max: int = 0  # held-out reports generated for the table (0 = all)
    seed: int = 0
    preset: str = "custom"

    def __post_init__(self) -> None:
        if self.seed < 0:  # numpy's generators take no negative seed
            raise ModelError(f"seed must be >= 0, got {self.seed}")
        if self.eval_max < 0:
            raise ModelError(f"eval_max must be >= 0 (0: all), got {self.eval_max}")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "SynthConfig":
        """Inverse of `to_dict`; unknown keys are an error."""
        return build_config(cls, d, "synth config")


def _smoke() -> SynthConfig:
    return SynthConfig(
        preset="smoke",
        generator=GeneratorConfig(image_size=32, pack=2, channels=(16, 32), text_dim=32, text_layers=1,
                                  text_heads=2, max_tokens=40),
        train=TrainConfig(steps=30, batch_size=8, lr=2e-3),
        rewards=RewardModelConfig(epochs=2, batch_size=16, width=8, report_epochs=1),
        tune=TuneConfig(rounds=2, batch_size=4, minibatches=2, sample_steps=4, clip_range=0.2),
        eval_max=8)


def _quick() -> SynthConfig:
    # sized for half an hour of `rrg bench --study cxrl` on two CPU cores (docs/synth.md): an
    # 8-16-32-64 UNet on the unpacked 64 px image (2 x 2 packing left period-2 checkerboards),
    # attention from the 16 px level on, 1200 pre-training steps, 12 RL rounds of 16 images per
    # variant; 96 text tokens (7.6% of the phantom's reports are longer than 60)
    return SynthConfig(preset="quick", generator=GeneratorConfig(pack=1, channels=(8, 16, 32, 64), plain_levels=2,
                                                                 max_tokens=96),
                       train=TrainConfig(steps=1200), rewards=RewardModelConfig(epochs=20, report_epochs=10),
                       eval_max=120)


PRESETS = {"smoke": _smoke, "quick": _quick}


def preset(name: str) -> SynthConfig:
    """``smoke`` or ``quick``; ModelError otherwise."""
    if name not in PRESETS:
        raise ModelError(f"unknown synth preset {name!r}; choose from {', '.join(PRESETS)}")
    return PRESETS[name]()



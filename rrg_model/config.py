"""Configuration: frozen dataclasses that hold every default once, plus named presets.

A run is described by one `RunConfig` (model, data, MLE training, RL, evaluation decoding).
Change any part with `dataclasses.replace`; `RunConfig.to_dict` / `from_dict` give plain
JSON (what `config.json` and checkpoints store). Presets:

    paper  R2GenRL's hyperparameters (section 3.3 and Table 2): 3+3 layers, d_model 512,
           8 heads, d_ff 512, CMM 2048 x 512, 8 threads, K = 32, batch 16, LR 5e-5 / 1e-4
           decayed by 0.8 per epoch, 30 MLE epochs, beam 3. Meant for a GPU and ResNet-101.
    quick  a small model and 64 px images (4 x 4 patches per view): 20 MLE + 2 RL epochs on ~2000
           studies in about a quarter of an hour on one CPU thread.
    smoke  tiny everything, for tests (seconds).
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal, Sequence, TypeVar, get_type_hints

from .errors import ModelError

_T = TypeVar("_T")

DecodeMethod = Literal["greedy", "sample", "beam"]


def _positive(cfg: Any, section: str, names: tuple[str, ...]) -> None:
    """ModelError naming the first of `names` that is below 1 (a size or count of 0 or less
    failed deep inside torch or numpy, after the run had started)."""
    for name in names:
        value = getattr(cfg, name)
        if value < 1:
            raise ModelError(f"{section}.{name} must be >= 1, got {value}")


@dataclass(frozen=True)
class ModelConfig:
    """Architecture. ``vocab_size`` is filled in from the tokenizer when a model is built."""

    vocab_size: int = 0
    d_model: int = 512
    n_heads: int = 8
    d_ff: int = 512
    n_enc_layers: int = 3
    n_dec_layers: int = 3
    dropout: float = 0.1
    max_positions: int = 512  # sinusoidal table size; must exceed max_seq_length and patches
    # cross-modal memory (paper section 2.2); use_cmm=False is the paper's BASE
    use_cmm: bool = True
    cmm_size: int = 2048  # N memory vectors
    cmm_dim: int = 512  # dimension of each memory vector
    cmm_threads: int = 8
    cmm_topk: int = 32  # K
    # R2GenCMN's code adds the memory response to its input; Eq. 2-3 read literally feed the
    # response alone (cmm_residual=False). Eq. 6 has no 1/sqrt(d) scaling (cmm_scale=False).
    cmm_residual: bool = True
    cmm_scale: bool = True  # 1/sqrt(d_k) on memory scores (R2GenCMN's code; Eq. 6 omits it)
    cmm_out_proj: bool = True  # linear layer on the concatenated threads (R2GenCMN's code)
    cmm_dropout: float = 0.1  # dropout on the top-K weights (R2GenCMN's code)
    # initialization and inputs (R2Gen/R2GenCMN's code, see docs/model.md)
    init: Literal["xavier", "torch"] = "xavier"  # Xavier-uniform for every weight matrix outside
    #   the visual backbone; "torch" keeps PyTorch's per-layer defaults (embeddings N(0, 1))
    scale_embeddings: bool = True  # token embeddings times sqrt(d_model) (Vaswani; R2Gen)
    visual_positions: bool = True  # 2-D sinusoidal patch positions on the visual tokens
    view_embedding: bool = True  # a learned vector per image slot (frontal, lateral, ...)
    # auxiliary loss (not in the paper; 0 = off): a linear head on the mean-pooled encoder
    # output predicts which of the 14 observations the report states (labels from the report
    # text by rrg_rewards.labeler); MLE loss = NLL + label_loss_weight * BCE
    label_loss_weight: float = 0.0
    # side-aware auxiliary loss (ours; 0 = off): one linear head reads the mean of the first
    # image's left-half and of its right-half patches and predicts, for each observation the
    # report states on a side, whether it is in that half (patient's right = image left, as
    # radiographs are displayed); MLE loss += side_loss_weight * BCE (docs/model.md)
    side_loss_weight: float = 0.0
    # visual extractor: "cnn" (compact, trains from scratch) or "resnet101" (needs torchvision)
    visual: Literal["cnn", "resnet101"] = "cnn"
    cnn_width: int = 32  # channels of the first compact-CNN stage (doubles per stage)
    cnn_stages: int = 4  # each stage halves the resolution
    resnet_weights: str | None = None  # local .pth of ImageNet weights; None = random init
    images_per_study: int = 2  # iu_xray 2, mimic_cxr 1
    in_channels: int = 3

    def __post_init__(self) -> None:
        _positive(self, "model", ("d_model", "n_heads", "d_ff", "n_enc_layers", "n_dec_layers", "max_positions",
                                  "cmm_size", "cmm_dim", "cmm_threads", "cnn_stages", "images_per_study",
                                  "in_channels"))
        if self.d_model % self.n_heads:
            raise ModelError(f"d_model {self.d_model} is not divisible by n_heads {self.n_heads}")
        if self.use_cmm and self.d_model % self.cmm_threads:
            raise ModelError(
                f"d_model {self.d_model} is not divisible by cmm_threads {self.cmm_threads}")
        if self.use_cmm and not 1 <= self.cmm_topk <= self.cmm_size:
            raise ModelError(f"cmm_topk must be in [1, cmm_size={self.cmm_size}], got {self.cmm_topk}")
        if self.visual not in ("cnn", "resnet101"):
            raise ModelError(f"unknown visual extractor {self.visual!r}; choose cnn or resnet101")
        if not 0.0 <= self.dropout < 1.0:
            raise ModelError(f"dropout must be in [0, 1), got {self.dropout}")
        if not 0.0 <= self.cmm_dropout < 1.0:
            raise ModelError(f"cmm_dropout must be in [0, 1), got {self.cmm_dropout}")
        if self.label_loss_weight < 0:
            raise ModelError(f"label_loss_weight must be >= 0, got {self.label_loss_weight}")
        if self.side_loss_weight < 0:
            raise ModelError(f"side_loss_weight must be >= 0, got {self.side_loss_weight}")
        if self.init not in ("xavier", "torch"):
            raise ModelError(f"unknown init {self.init!r}; choose xavier or torch")


@dataclass(frozen=True)
class DataConfig:
    """Dataset layout, tokenizer and image transforms (R2Gen's defaults for IU X-Ray)."""

    dataset: Literal["iu_xray", "mimic_cxr"] = "iu_xray"
    threshold: int = 3  # minimum training-report count for a vocabulary word (mimic_cxr: 10)
    max_seq_length: int = 60  # including the leading BOS token (mimic_cxr: 100)
    image_size: int = 224  # side of the (square) crop fed to the extractor
    resize: int = 256  # images are resized to this side first; train crops randomly, eval centrally
    augment: bool = True  # random crop + horizontal flip in training (R2Gen's transforms)
    cache_images: bool = True  # keep decoded, resized images in memory between epochs
    max_train: int | None = None  # use only the first N studies of a split (None = all)
    max_val: int | None = None
    max_test: int | None = None

    def __post_init__(self) -> None:
        _positive(self, "data", ("image_size",))
        if self.dataset not in ("iu_xray", "mimic_cxr"):
            raise ModelError(f"unknown dataset {self.dataset!r}; choose iu_xray or mimic_cxr")
        if self.resize < self.image_size:
            raise ModelError(f"resize ({self.resize}) must be >= image_size ({self.image_size})")
        if self.max_seq_length < 2:
            raise ModelError("max_seq_length must be at least 2")


@dataclass(frozen=True)
class DecodeConfig:
    """How to turn a model into text. Evaluation always passes one explicitly."""

    method: DecodeMethod = "beam"
    beam_size: int = 3
    temperature: float = 1.0  # sampling only
    max_len: int = 60  # generated tokens, EOS excluded
    block_trigrams: bool = True  # never repeat a trigram within one report

    def __post_init__(self) -> None:
        if self.method not in ("greedy", "sample", "beam"):
            raise ModelError(f"unknown decoding method {self.method!r}; choose greedy, sample or beam")
        if self.beam_size < 1:
            raise ModelError(f"beam_size must be >= 1, got {self.beam_size}")
        if self.temperature <= 0:
            raise ModelError(f"temperature must be > 0, got {self.temperature}")
        if self.max_len < 1:
            raise ModelError(f"max_len must be >= 1, got {self.max_len}")


@dataclass(frozen=True)
class TrainConfig:
    """MLE stage (paper: Adam, LR 5e-5 visual / 1e-4 rest, x0.8 per epoch)."""

    epochs: int = 30
    batch_size: int = 16
    lr_visual: float = 5e-5
    lr_rest: float = 1e-4
    lr_decay: float = 0.8  # multiplied into both learning rates after every epoch
    weight_decay: float = 5e-5  # R2Gen's default
    amsgrad: bool = True  # R2Gen's default
    grad_clip: float = 0.1  # clip gradient values (R2Gen); 0 disables
    val_metric: str = "Bleu_4"  # chosen on validation only
    eval_every: int = 1  # decode validation every N MLE epochs (the last always; RL: every epoch)

    def __post_init__(self) -> None:
        if self.epochs < 1 or self.batch_size < 1:
            raise ModelError("epochs and batch_size must be >= 1")
        if self.lr_visual < 0 or self.lr_rest <= 0:
            raise ModelError("learning rates must be positive")
        _positive(self, "train", ("eval_every",))


#: advantage baselines of the RL stage (`rrg_rewards.rl.baselines`)
BASELINES = ("greedy", "loo", "group", "comparative", "ema")
#: how a composite reward's terms combine (`rrg_rewards.rl.make_reward`'s `aggregation`);
#: ``auto`` keeps the spec's own (``normalize:`` prefix or named composite, else a plain sum)
REWARD_AGGREGATIONS = ("auto", "sum_then_normalize", "normalize_then_sum")
#: baselines under which a normalize-then-sum reward is defined: the samples compared are
#: scored together (a study's samples, with its greedy report for ``greedy``)
GROUPWISE_BASELINES = ("greedy", "loo", "group")


@dataclass(frozen=True)
class RLConfig:
    """Self-critical RL stage (paper section 2.3): sampled reports against a baseline.

    ``baseline_kind`` picks the advantage baseline from `rrg_rewards.rl`: ``greedy`` (SCST,
    the paper's: the reward of the greedy decode), ``loo`` (leave-one-out mean of the other
    samples of the same study), ``group`` (GRPO's group-normalized reward), ``comparative``
    (the reward of the frozen MLE parent's greedy report: CXRL's comparative feedback) or
    ``ema`` (moving average of batch rewards). ``loo`` and ``group`` need ``samples >= 2``.
    The loss is ``nll_weight * NLL + (1 - nll_weight) * RL`` (`rrg_rewards.rl.losses.mixed_loss`;
    R2GenRL: 0.01 and 0.99).
    """

    enabled: bool = True
    epochs: int = 10
    batch_size: int = 16
    lr_visual: float = 5e-5
    lr_rest: float = 1e-4
    lr_decay: float = 0.8
    reward: str = "bleu4"  # anything `rrg_rewards.rl.make_reward` accepts
    reward_aggregation: str = "auto"  # one of REWARD_AGGREGATIONS
    nll_weight: float = 0.01  # loss = w * NLL + (1 - w) * RL
    baseline_kind: str = "greedy"
    samples: int = 1  # sampled reports per study (K)
    ema_decay: float = 0.9
    # dropout while sampling and rescoring: off by default, so the rescoring pass computes the
    # log-probabilities of exactly the policy that drew the samples (R2GenRL keeps dropout on
    # but backpropagates through its sampling loop; docs/model.md)
    dropout: bool = False
    sample: DecodeConfig = field(
        default_factory=lambda: DecodeConfig(method="sample", temperature=1.0, block_trigrams=False))
    baseline: DecodeConfig = field(  # how the greedy / comparative baseline decodes
        default_factory=lambda: DecodeConfig(method="greedy", block_trigrams=False))
    grad_clip: float = 0.1

    def __post_init__(self) -> None:
        if self.sample.method != "sample":
            raise ModelError("RL samples must use method='sample'")
        if not 0.0 <= self.nll_weight <= 1.0:
            raise ModelError(f"rl.nll_weight must be in [0, 1] (loss = w*NLL + (1-w)*RL), got {self.nll_weight}")
        if self.baseline_kind not in BASELINES:
            raise ModelError(f"unknown RL baseline {self.baseline_kind!r}; choose from {', '.join(BASELINES)}")
        if self.samples < 1:
            raise ModelError(f"rl.samples must be >= 1, got {self.samples}")
        if self.reward_aggregation not in REWARD_AGGREGATIONS:
            raise ModelError(f"unknown rl.reward_aggregation {self.reward_aggregation!r}; "
                             f"choose from {', '.join(REWARD_AGGREGATIONS)}")
        if self.baseline_kind in ("loo", "group") and self.samples < 2:
            raise ModelError(f"baseline {self.baseline_kind!r} compares the samples of one study: "
                             f"set rl.samples >= 2 (got {self.samples})")
        if not 0.0 < self.ema_decay < 1.0:
            raise ModelError(f"rl.ema_decay must be in (0, 1), got {self.ema_decay}")


@dataclass(frozen=True)
class RunConfig:
    """Everything one `rrg train` run needs; written to config.json and into checkpoints."""

    model: ModelConfig = field(default_factory=ModelConfig)
    data: DataConfig = field(default_factory=DataConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    rl: RLConfig = field(default_factory=RLConfig)
    eval_decode: DecodeConfig = field(default_factory=DecodeConfig)  # val and test: beam 3
    metrics: tuple[str, ...] = ("bleu", "rouge_l", "cider")  # test metrics; add "meteor" (Java)
    seed: int = 9233
    num_threads: int = 0  # torch.set_num_threads; 0 = $RRG_NUM_THREADS or torch's default
    preset: str = "custom"

    def __post_init__(self) -> None:
        if self.seed < 0:  # numpy's generators take no negative seed
            raise ModelError(f"seed must be >= 0, got {self.seed}")
        if self.num_threads < 0:
            raise ModelError(f"num_threads must be >= 0 (0: $RRG_NUM_THREADS or torch's default), "
                             f"got {self.num_threads}")

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (tuples become lists)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "RunConfig":
        """Inverse of `to_dict`; unknown keys are an error (a typo must not pass silently)."""
        return build_config(cls, d, "config")


def build_config(cls: type[_T], d: Any, where: str) -> _T:
    """A config dataclass from its ``dataclasses.asdict`` form, for every config of the project.

    Fields typed as dataclasses are rebuilt recursively, JSON lists become tuples, and an
    unknown key or a bad value is one `ModelError` naming where it is (a typo must not pass
    silently, and a checkpoint from another version must not half-load).
    """
    if not isinstance(d, dict):
        raise ModelError(f"{where}: expected an object, got {type(d).__name__}")
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(d) - names)
    if unknown:
        raise ModelError(f"{where}: unknown key(s) {', '.join(unknown)}")
    hints = get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for k, v in d.items():
        sub = hints.get(k)
        if isinstance(sub, type) and dataclasses.is_dataclass(sub):
            kwargs[k] = build_config(sub, v, f"{where}.{k}")
        elif isinstance(v, list):
            kwargs[k] = tuple(v)
        else:
            kwargs[k] = v
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ModelError(f"{where}: {exc}") from None


def _paper() -> RunConfig:
    return RunConfig(preset="paper", model=ModelConfig(visual="resnet101"),
                     metrics=("bleu", "meteor", "rouge_l", "cider"))


def _quick() -> RunConfig:
    # the from-scratch CNN learns what the images show from the auxiliary label loss too (not in
    # the paper; labels read from the training reports): validation CE-F1 .58 after 8 epochs
    # instead of .34 (docs/model.md)
    model = ModelConfig(d_model=128, n_heads=4, d_ff=256, n_enc_layers=2, n_dec_layers=2,
                        cmm_size=256, cmm_dim=128, cmm_threads=4, cmm_topk=16,
                        cnn_width=16, cnn_stages=4,  # 64 px -> 4 x 4 patches per view
                        label_loss_weight=1.0)
    data = DataConfig(image_size=64, resize=72)
    # from-scratch CNN: a higher visual LR, a slow decay and no weight decay (with Adam's L2 the
    # rarely-used cross-attention weights decayed to ~0 and the decoder ignored the image);
    # the MLE epoch is selected on the mean of validation BLEU-4 and CE-F1 (BLEU-4 alone
    # favours the most template-like epoch). See docs/model.md.
    train = TrainConfig(epochs=20, batch_size=16, lr_visual=2e-3, lr_rest=1e-3, lr_decay=0.95,
                        weight_decay=0.0, val_metric="Bleu_4+CE_f1")
    rl = RLConfig(epochs=2, batch_size=16, lr_visual=1e-5, lr_rest=5e-5)
    return RunConfig(preset="quick", model=model, data=data, train=train, rl=rl,
                     eval_decode=DecodeConfig(method="beam", beam_size=3, max_len=60))


def _smoke() -> RunConfig:
    model = ModelConfig(d_model=32, n_heads=2, d_ff=64, n_enc_layers=1, n_dec_layers=1,
                        cmm_size=32, cmm_dim=32, cmm_threads=2, cmm_topk=4,
                        cnn_width=8, cnn_stages=2, max_positions=128)
    data = DataConfig(image_size=16, resize=20, threshold=1, max_seq_length=20)
    train = TrainConfig(epochs=2, batch_size=4, lr_visual=1e-3, lr_rest=2e-3)
    rl = RLConfig(epochs=1, batch_size=4, lr_visual=1e-4, lr_rest=1e-4,
                  sample=DecodeConfig(method="sample", max_len=19, block_trigrams=False),
                  baseline=DecodeConfig(method="greedy", max_len=19, block_trigrams=False))
    return RunConfig(preset="smoke", model=model, data=data, train=train, rl=rl,
                     eval_decode=DecodeConfig(method="beam", beam_size=2, max_len=19))


PRESETS = {"paper": _paper, "quick": _quick, "smoke": _smoke}


def preset(name: str) -> RunConfig:
    """A named preset (``paper``, ``quick``, ``smoke``) as a `RunConfig`.

    Raises:
        ModelError: unknown name.
    """
    if name not in PRESETS:
        raise ModelError(f"unknown preset {name!r}; choose from {', '.join(PRESETS)}")
    return PRESETS[name]()


def for_dataset(cfg: RunConfig, dataset: str) -> RunConfig:
    """Adapt a config to a dataset with R2Gen's per-dataset settings (images, threshold, length)."""
    if dataset == "iu_xray":
        return cfg
    if dataset == "mimic_cxr":
        data = replace(cfg.data, dataset="mimic_cxr", threshold=max(cfg.data.threshold, 10)
                       if cfg.preset == "paper" else cfg.data.threshold,
                       max_seq_length=100 if cfg.preset == "paper" else cfg.data.max_seq_length)
        return replace(cfg, data=data, model=replace(cfg.model, images_per_study=1))
    raise ModelError(f"unknown dataset {dataset!r}; choose iu_xray or mimic_cxr")


def with_baseline(cfg: RunConfig, kind: str, overrides: Sequence[str] = ()) -> RunConfig:
    """Set the RL baseline; ``loo`` and ``group`` get 4 samples per study unless already >= 2.

    An ``rl.samples`` item among `overrides` (the user's ``--set`` strings) wins over that default
    and is checked against the baseline: an explicit ``rl.samples=1`` with ``loo`` is an error, not
    silently 4.
    """
    samples = cfg.rl.samples if kind not in ("loo", "group") or cfg.rl.samples >= 2 else 4
    try:
        cfg = replace(cfg, rl=replace(cfg.rl, baseline_kind=kind, samples=samples))
    except TypeError as exc:
        raise ModelError(str(exc)) from None
    return apply_overrides(cfg, [o for o in overrides if o.split("=", 1)[0].strip() == "rl.samples"])


def resolve_num_threads(cfg: RunConfig) -> int:
    """Threads for torch: the config's value, else $RRG_NUM_THREADS, else 0 (leave torch's)."""
    if cfg.num_threads > 0:
        return cfg.num_threads
    env = os.environ.get("RRG_NUM_THREADS", "")
    if env.strip():
        try:
            n = int(env)
        except ValueError:
            raise ModelError(f"RRG_NUM_THREADS must be an integer, got {env!r}") from None
        return max(n, 0)
    return 0


def _parse_value(text: str, current: Any, key: str) -> Any:
    """A --set value read as the type of the field's current value."""
    import json as _json
    low = text.strip().lower()
    if isinstance(current, bool):
        if low in ("true", "1", "yes", "on"):
            return True
        if low in ("false", "0", "no", "off"):
            return False
        raise ModelError(f"{key} needs true or false, got {text!r}")
    if low in ("none", "null"):
        return None
    if isinstance(current, int):
        try:
            return int(text)
        except ValueError:
            raise ModelError(f"{key} needs an integer, got {text!r}") from None
    if isinstance(current, float):
        try:
            return float(text)
        except ValueError:
            raise ModelError(f"{key} needs a number, got {text!r}") from None
    if isinstance(current, tuple):
        parts = tuple(p.strip() for p in text.split(",") if p.strip())
        if current and isinstance(current[0], (int, float)) and not isinstance(current[0], bool):
            try:  # a tuple of numbers (channel widths, betas) stays numbers
                return tuple(type(current[0])(v) for v in parts)
            except ValueError:
                raise ModelError(f"{key} needs numbers, got {text!r}") from None
        return parts
    if current is None:  # optional fields (max_train, resnet_weights): number or string
        try:
            return _json.loads(text)
        except ValueError:
            return text
    return text


def apply_overrides(cfg: Any, items: list[str] | tuple[str, ...]) -> Any:
    """Apply ``section.key=value`` strings (``model.use_cmm=false``, ``rl.sample.temperature=0.7``)
    to a config dataclass (a `RunConfig`, or `rrg_model.synth.config.SynthConfig`).

    Raises:
        ModelError: malformed item, unknown key or bad value.
    """
    for item in items:
        if "=" not in item:
            raise ModelError(f"--set expects KEY=VALUE, got {item!r}")
        key, value = item.split("=", 1)
        path = [p for p in key.strip().split(".") if p]
        if not path:
            raise ModelError(f"--set expects KEY=VALUE, got {item!r}")
        cfg = _set_path(cfg, path, value, key.strip())
    return cfg


def _set_path(obj: Any, path: list[str], value: str, key: str) -> Any:
    names = {f.name for f in fields(obj)}
    if path[0] not in names:
        raise ModelError(f"unknown setting {key!r} ({path[0]!r} is not one of {', '.join(sorted(names))})")
    current = getattr(obj, path[0])
    if len(path) == 1:
        if dataclasses.is_dataclass(current):
            raise ModelError(f"{key!r} is a section; set one of its fields, e.g. {key}.{fields(current)[0].name}=...")
        new = _parse_value(value, current, key)
    else:
        if not dataclasses.is_dataclass(current):
            raise ModelError(f"unknown setting {key!r}")
        new = _set_path(current, path[1:], value, key)
    try:
        return replace(obj, **{path[0]: new})
    except TypeError as exc:
        raise ModelError(f"{key}: {exc}") from None

"""rrg_rewards: exact, fast NLG metrics, an offline CheXpert-style labeler and RL rewards.

Pure Python/numpy: importing this package never imports torch (the torch-only
losses live in `rrg_rewards.rl.losses` and import torch inside their functions).

Entry points (``help()`` each for arguments):
    score(predictions, references, metrics=...)  BLEU-1..4, METEOR, ROUGE-L, CIDEr-D as
                                                 pycocoevalcap; ``group_by=`` per group
    evaluate(predictions, references, "bleu,ce", bootstrap=1000, compare=other)
                                                 everything `rrg score` reports
    label(reports)                               CheXpert labels, int8 (N, 14)
    clinical_efficacy(predictions, references)   CE precision / recall / F1
    rrg_rewards.rl.make_reward("0.5*bleu4+0.5*ce_f1", train_references=...)
                                                 RL rewards; baselines and losses beside it
    rrg_rewards.rl.trl.trl_reward(...)           the same rewards for TRL's GRPO / RLOO

Every bad input raises `RewardsError` (a ValueError) with a one-line message.
"""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

from .errors import RewardsError
from .nlg.base import Score
from .scoring import score

# Heavier parts load on first use, so `import rrg_rewards` stays cheap.
_LAZY = {
    "label": ("rrg_rewards.labeler", "label"),
    "clinical_efficacy": ("rrg_rewards.clinical", "clinical_efficacy"),
    "evaluate": ("rrg_rewards.evaluation", "evaluate"),
    "evaluate_by_group": ("rrg_rewards.grouping", "evaluate_by_group"),
    "clean_texts": ("rrg_rewards.text", "clean_texts"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib
        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'rrg_rewards' has no attribute {name!r}")


__all__ = ["RewardsError", "Score", "score", "__version__", *_LAZY]


def __dir__() -> list[str]:
    """The public names, the lazy ones included (tab completion, ``help(rrg_rewards)``)."""
    return sorted(__all__)

"""RL rewards for report generation: metric rewards, incremental rewards, baselines, losses.

Importing this package never imports torch: the torch losses live in
`rrg_rewards.rl.losses` and import torch inside their functions.

    from rrg_rewards.rl import make_reward, RLOOBaseline
    reward = make_reward("0.5*bleu4+0.5*ce_f1")
    advantages = RLOOBaseline(k=4).advantages(reward(samples, references))
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    # rewards
    "Reward": "rewards", "RewardResult": "rewards", "make_reward": "rewards",
    "BleuReward": "rewards", "RougeLReward": "rewards", "CiderDReward": "rewards",
    "MeteorReward": "rewards", "ClinicalF1Reward": "rewards", "CallableReward": "rewards",
    "WeightedReward": "rewards", "REWARD_NAMES": "rewards", "COMPOSITES": "rewards",
    "AGGREGATIONS": "rewards", "normalize_within_groups": "rewards",
    # clinical rewards
    "WeightedClinicalF1Reward": "clinical_rewards", "ClinicalErrorPenalty": "clinical_rewards",
    "RepetitionPenalty": "clinical_rewards", "LengthRatioPenalty": "clinical_rewards",
    "prevalence_weights": "clinical_rewards",
    # incremental rewards
    "prefix_scores": "prefix", "token_rewards": "prefix", "reward_to_go": "prefix",
    "pad": "prefix",
    # baselines
    "Baseline": "baselines", "ConstantBaseline": "baselines", "EMABaseline": "baselines",
    "GreedyBaseline": "baselines", "ComparativeBaseline": "baselines",
    "RLOOBaseline": "baselines", "GroupNormalizedBaseline": "baselines",
    "normalize_advantages": "baselines",
    # TRL
    "trl_reward": "trl",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'rrg_rewards.rl' has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = list(_EXPORTS)

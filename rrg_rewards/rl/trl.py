"""Adapter to Hugging Face TRL's GRPOTrainer reward functions (TRL itself is not needed).

TRL calls each entry of ``reward_funcs`` as ``f(prompts=..., completions=..., **columns)``
and expects a list of floats, one per completion; every dataset column other than the
prompt arrives as a keyword argument with one value per completion, and ``f.__name__``
names the reward in TRL's logs. Completions are strings (standard format) or lists of
``{"role", "content"}`` messages (conversational format).

    from trl import GRPOTrainer
    from rrg_rewards.rl.trl import trl_reward
    trainer = GRPOTrainer(..., reward_funcs=[trl_reward("0.5*bleu4+0.5*ce_f1")])
    # dataset rows: {"prompt": ..., "reference": "the findings ..."}
"""
from __future__ import annotations

import re
from typing import Any, Callable, Sequence

from ..errors import RewardsError
from .rewards import Reward, make_reward


def completion_text(completion: Any) -> str:
    """The text of one completion: a string, or the assistant content of a message list."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict) and "content" in completion:
        completion = [completion]
    if isinstance(completion, (list, tuple)):
        parts = []
        for msg in completion:
            if not isinstance(msg, dict) or "content" not in msg:
                raise RewardsError("a conversational completion must be a list of "
                                   "{'role', 'content'} messages")
            if msg.get("role", "assistant") == "assistant":
                content = msg["content"]
                if isinstance(content, list):  # multimodal content parts
                    content = " ".join(p.get("text", "") for p in content if isinstance(p, dict))
                parts.append(str(content))
        return " ".join(parts)
    raise RewardsError(f"cannot read a completion of type {type(completion).__name__}")


def trl_reward(reward: str | Callable | Reward, references_column: str = "reference", *,
               name: str | None = None, **make_kwargs: Any) -> Callable[..., list[float]]:
    """Wrap an rrg reward as a TRL GRPO reward function.

    Args:
        reward: anything `make_reward` accepts (``"bleu4"``, ``"0.5*bleu4+0.5*ce_f1"``, ...).
        references_column: the dataset column holding each row's reference report
            (a string or a list of strings).
        name: the function's ``__name__`` in TRL's logs (default ``rrg_<reward name>``).
        **make_kwargs: passed to `make_reward` (``train_references=``, ``clean=``...).

    Returns:
        ``f(completions, **kwargs) -> list[float]``.
    """
    rew = make_reward(reward, **make_kwargs)

    def reward_func(completions: Sequence[Any], **kwargs: Any) -> list[float]:
        if references_column not in kwargs:
            cols = ", ".join(sorted(k for k in kwargs if k not in ("prompts", "completion_ids",
                                                                   "trainer_state")))
            raise RewardsError(f"column {references_column!r} not passed to the reward; "
                               f"dataset columns seen: {cols or 'none'}")
        refs = kwargs[references_column]
        texts = [completion_text(c) for c in completions]
        if len(refs) != len(texts):
            raise RewardsError(f"{len(texts)} completions but {len(refs)} references")
        return [float(v) for v in rew(texts, list(refs))]

    fname = name or "rrg_" + re.sub(r"\W+", "_", rew.name).strip("_")
    reward_func.__name__ = fname
    reward_func.__qualname__ = fname
    reward_func.reward = rew  # type: ignore[attr-defined]
    return reward_func

"""rrg rewards as Hugging Face TRL reward functions (GRPOTrainer, RLOOTrainer); TRL not needed.

TRL (checked against 1.16) calls each entry of ``reward_funcs`` once per generation batch of
B x G completions as ``f(prompts=..., completions=..., completion_ids=..., trainer_state=...,
log_extra=..., log_metric=..., **columns)``, where every dataset column other than the
prompt arrives as a keyword with one value per completion. It wants one float per
completion back, or None for a completion the function cannot score (TRL leaves it out of
that reward's mean and baseline); ``f.__name__`` names the reward in TRL's logs
(``rewards/<name>/mean``); an ``async`` function runs concurrently with the other async ones.

Completions are strings (standard format) or lists of ``{"role", "content"}`` messages
(conversational format), where a content may be a list of parts (``{"type": "text", ...}``,
``{"type": "image", ...}``) in multimodal chats: the text of the assistant messages is scored.

    from trl import GRPOTrainer
    from rrg_rewards.rl.trl import trl_reward
    trainer = GRPOTrainer(..., reward_funcs=[trl_reward("0.5*bleu4+0.5*ce_f1")])
    # dataset rows: {"prompt": ..., "reference": "the findings ..."}

The adapters are module-level classes, so they pickle (TRL's "picklable reward forms").
"""
from __future__ import annotations

import asyncio
import math
import re
from typing import Any, Callable, Sequence

import numpy as np

from ..errors import RewardsError
from .rewards import Reward, make_reward

#: keywords TRL passes that are not dataset columns
TRL_KEYWORDS = frozenset({"prompts", "completions", "completion_ids", "trainer_state",
                          "log_extra", "log_metric", "environments"})


def completion_text(completion: Any) -> str:
    """The text of one completion: a string, or the assistant text of a message list.

    Multimodal contents (lists of parts) contribute their ``text`` parts; images and other
    parts are skipped. A message without content (a tool call) contributes nothing.
    """
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
            if msg.get("role", "assistant") != "assistant":
                continue
            content = msg["content"]
            if content is None:
                continue
            if isinstance(content, (list, tuple)):  # multimodal content parts
                content = " ".join(str(p["text"]) for p in content
                                   if isinstance(p, dict) and p.get("text") is not None)
            parts.append(str(content))
        return " ".join(p for p in parts if p)
    raise RewardsError(f"cannot read a completion of type {type(completion).__name__}")


def reference_set(value: Any) -> list[str] | None:
    """One row's references as a non-empty list of strings, or None when there is none.

    None, NaN (a missing cell read through pandas), blank strings and lists holding only
    those are missing; inside a list, missing entries are dropped.
    """
    if isinstance(value, str):
        return [value] if value.strip() else None
    if isinstance(value, (list, tuple)):
        refs = [r for r in value if isinstance(r, str) and r.strip()]
        bad = [r for r in value if not (r is None or isinstance(r, str) or _is_nan(r))]
        if bad:
            raise RewardsError(f"a reference list holds a {type(bad[0]).__name__}, not a string")
        return refs or None
    if value is None or _is_nan(value):
        return None
    raise RewardsError(f"a reference must be a string or a list of strings, "
                       f"got {type(value).__name__}")


def _is_nan(x: Any) -> bool:
    return isinstance(x, float) and math.isnan(x)


class TRLReward:
    """A TRL reward function scoring completions with an rrg `Reward` (see `trl_reward`).

    Attributes:
        reward: the rrg reward.
        references_column: the dataset column with each row's reference(s).
        __name__: the name TRL logs the reward under.
    """

    def __init__(self, reward: str | Callable | Reward, references_column: str = "reference", *,
                 name: str | None = None, **make_kwargs: Any) -> None:
        self.reward = make_reward(reward, **make_kwargs)
        self.references_column = references_column
        self.__name__ = name or "rrg_" + re.sub(r"\W+", "_", self.reward.name).strip("_")
        self.__qualname__ = self.__name__

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.reward.name!r}, name={self.__name__!r})"

    def __call__(self, completions: Sequence[Any], **kwargs: Any) -> list[float | None]:
        values, components = self.compute(completions, **kwargs)
        self.log(components, kwargs.get("log_metric"), kwargs.get("log_extra"))
        return values

    def compute(self, completions: Sequence[Any], **kwargs: Any
                ) -> tuple[list[float | None], dict[str, list[float | None]]]:
        """Rewards (None where the reference is missing) and each component's values.

        Returns:
            ``(values, components)``: one entry per completion in both; ``components`` maps
            a composite's component names to their unweighted values (empty for a plain
            reward, whose values TRL logs itself).
        """
        col = self.references_column
        if col not in kwargs:
            cols = ", ".join(sorted(k for k in kwargs if k not in TRL_KEYWORDS))
            raise RewardsError(f"column {col!r} not passed to the reward; "
                               f"dataset columns seen: {cols or 'none'}")
        refs = kwargs[col]
        if isinstance(refs, str) or len(refs) != len(completions):
            n_refs = 1 if isinstance(refs, str) else len(refs)
            raise RewardsError(f"{len(completions)} completions but {n_refs} references")
        ref_sets = [reference_set(r) for r in refs]
        keep = [i for i, r in enumerate(ref_sets) if r is not None]
        values: list[float | None] = [None] * len(completions)
        names = self.reward.component_names()
        components: dict[str, list[float | None]] = (
            {n: [None] * len(completions) for n in names} if len(names) > 1 else {})
        if keep:
            prompts = kwargs.get("prompts")
            # TRL repeats each prompt G times: a normalize-then-sum composite normalizes
            # over one prompt's completions (its group), not over the whole batch.
            groups = ([repr(prompts[i]) for i in keep]
                      if prompts is not None and len(prompts) == len(completions) else None)
            result = self.reward.score([completion_text(completions[i]) for i in keep],
                                       [ref_sets[i] for i in keep], groups)
            for j, i in enumerate(keep):
                values[i] = float(result.total[j])
                for n in components:
                    components[n][i] = float(result.components[n][j])
        return values, components

    def log(self, components: dict[str, list[float | None]],
            log_metric: Callable[[str, float], None] | None,
            log_extra: Callable[[str, list], None] | None) -> None:
        """Report a composite's components through TRL's ``log_metric`` / ``log_extra``.

        ``log_metric("rewards/<name>/<component>/mean", mean over scored completions)`` sits
        beside TRL's own ``rewards/<name>/mean``; ``log_extra`` adds one column per
        component to TRL's completions table.
        """
        for comp, vals in components.items():
            scored = [v for v in vals if v is not None]
            if log_metric is not None and scored:
                log_metric(f"rewards/{self.__name__}/{comp}/mean", float(np.mean(scored)))
            if log_extra is not None:
                log_extra(f"{self.__name__}/{comp}", list(vals))


class AsyncTRLReward(TRLReward):
    """`TRLReward` as an ``async`` function: scoring runs in a worker thread.

    TRL gathers its async reward functions concurrently, so a slow rrg reward (METEOR's
    Java process, the labeler behind ``ce_f1``) overlaps with other async rewards such as
    an LLM judge instead of running before them.
    """

    async def __call__(self, completions: Sequence[Any],  # type: ignore[override]
                       **kwargs: Any) -> list[float | None]:
        values, components = await asyncio.to_thread(self.compute, completions, **kwargs)
        self.log(components, kwargs.get("log_metric"), kwargs.get("log_extra"))
        return values


def trl_reward(reward: str | Callable | Reward, references_column: str = "reference", *,
               name: str | None = None, **make_kwargs: Any) -> TRLReward:
    """Wrap an rrg reward as a TRL reward function (GRPOTrainer, RLOOTrainer).

    Args:
        reward: anything `make_reward` accepts (``"bleu4"``, ``"0.5*bleu4+0.5*ce_f1"``, ...).
        references_column: the dataset column holding each row's reference report
            (a string or a list of strings; None or blank for a row with none).
        name: the name in TRL's logs (default ``rrg_<reward name>``, e.g. ``rrg_bleu4``).
        **make_kwargs: passed to `make_reward` (``train_references=``, ``clean=``...).

    Returns:
        ``f(completions, **kwargs) -> list[float | None]``: None for a completion whose
        reference is missing; a composite's components go to ``log_metric``/``log_extra``.
    """
    return TRLReward(reward, references_column, name=name, **make_kwargs)


def async_trl_reward(reward: str | Callable | Reward, references_column: str = "reference", *,
                     name: str | None = None, **make_kwargs: Any) -> AsyncTRLReward:
    """Like `trl_reward`, but ``async`` (scored in a worker thread; see `AsyncTRLReward`)."""
    return AsyncTRLReward(reward, references_column, name=name, **make_kwargs)

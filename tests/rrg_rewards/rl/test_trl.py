"""The TRL adapter follows TRL's reward-function contract (TRL not needed here; the real
trainers run in test_trl_trainers.py)."""
from __future__ import annotations

import numpy as np
import pytest

from rrg_rewards.errors import RewardsError
from rrg_rewards.rl import make_reward, trl_reward
from rrg_rewards.rl.trl import AsyncTRLReward, async_trl_reward, completion_text


def test_standard_completions():
    f = trl_reward("bleu1")
    assert f.__name__ == "rrg_bleu1"
    comps = ["the heart is normal", "lungs clear"]
    refs = ["the heart is normal", "the lungs are clear"]
    out = f(prompts=["p1", "p2"], completions=comps, reference=refs, completion_ids=[[1], [2]])
    assert isinstance(out, list) and all(isinstance(x, float) for x in out)
    np.testing.assert_array_equal(out, make_reward("bleu1")(comps, refs))


def test_conversational_completions_and_custom_column():
    f = trl_reward("0.5*bleu1+0.5*rouge_l", references_column="findings", name="report_reward")
    assert f.__name__ == "report_reward"
    comps = [[{"role": "assistant", "content": "the heart is normal"}],
             [{"role": "assistant", "content": "no effusion"}]]
    refs = [["the heart is normal", "normal heart"], "no pleural effusion"]
    out = f(comps, findings=refs)
    np.testing.assert_allclose(out, make_reward("0.5*bleu1+0.5*rouge_l")(
        ["the heart is normal", "no effusion"], refs))


def test_missing_column_is_a_clear_error():
    f = trl_reward("bleu4")
    with pytest.raises(RewardsError, match="column 'reference' not passed.*solution"):
        f(["a"], prompts=["p"], solution=["a"])
    with pytest.raises(RewardsError, match="2 completions but 1 references"):
        f(["a", "b"], reference=["a"])


class _TrainerState:  # stands in for transformers.TrainerState
    global_step = 3


def trl_call(f, completions, references, **extra):
    """Call `f` with every keyword TRL 1.16's `_calculate_rewards` passes."""
    metrics: list[tuple[str, float]] = []
    extras: dict[str, list] = {}
    out = f(prompts=["p"] * len(completions), completions=completions,
            completion_ids=[[1, 2]] * len(completions), reference=references,
            trainer_state=_TrainerState(), log_extra=lambda c, v: extras.setdefault(c, []).extend(v),
            log_metric=lambda n, v: metrics.append((n, v)), environments=None,
            image=[None] * len(completions), **extra)
    return out, metrics, extras


def test_every_trl_keyword_and_missing_references_give_none():
    f = trl_reward("bleu1")
    comps = ["the heart is normal", "lungs clear", "no effusion", "x", "y", "small effusion"]
    refs = ["the heart is normal", None, "", float("nan"), [None, " "],
            [None, "small pleural effusion"]]
    out, metrics, extras = trl_call(f, comps, refs)
    assert out[1:5] == [None, None, None, None]
    expected = make_reward("bleu1")([comps[0], comps[5]],
                                    ["the heart is normal", ["small pleural effusion"]])
    np.testing.assert_array_equal([out[0], out[5]], expected)
    assert metrics == [] and extras == {}  # a plain reward: TRL logs its mean itself


def test_composite_components_go_to_log_metric_and_log_extra():
    f = trl_reward("0.5*bleu1+0.5*rouge_l", name="report")
    comps = ["the heart is normal", "no effusion", "lungs clear"]
    refs = ["the heart is normal", None, "the lungs are clear"]
    out, metrics, extras = trl_call(f, comps, refs)
    b = make_reward("bleu1")([comps[0], comps[2]], [refs[0], refs[2]])
    r = make_reward("rouge_l")([comps[0], comps[2]], [refs[0], refs[2]])
    assert dict(metrics) == pytest.approx({"rewards/report/bleu1/mean": b.mean(),
                                           "rewards/report/rouge_l/mean": r.mean()},
                                          rel=1e-12)
    assert extras["report/bleu1"] == [b[0], None, b[1]]
    assert extras["report/rouge_l"] == [r[0], None, r[1]]
    assert out[1] is None
    assert out[0] == pytest.approx(0.5 * b[0] + 0.5 * r[0], rel=1e-12)


def test_all_references_missing_scores_nothing():
    f = trl_reward("0.5*bleu1+0.5*ce_f1")
    out, metrics, extras = trl_call(f, ["a", "b"], [None, ""])
    assert out == [None, None] and metrics == []
    assert extras == {"rrg_0_5_bleu1_0_5_ce_f1/bleu1": [None, None],
                      "rrg_0_5_bleu1_0_5_ce_f1/ce_f1": [None, None]}


def test_multimodal_chat_completions_score_their_text_parts():
    f = trl_reward("bleu1")
    comp = [{"role": "assistant", "content": [
        {"type": "image"}, {"type": "text", "text": "the heart"},
        {"type": "text", "text": "is normal"}]}]
    tool = [{"role": "assistant", "content": None, "tool_calls": [{"name": "f"}]},
            {"role": "tool", "content": "ignored tool output"},
            {"role": "assistant", "content": "the heart is normal"}]
    assert completion_text(comp) == "the heart is normal"
    assert completion_text(tool) == "the heart is normal"
    out, _, _ = trl_call(f, [comp, tool], ["the heart is normal", "the heart is normal"])
    assert out == pytest.approx([1.0, 1.0], abs=1e-8)  # pycocoevalcap's 1e-9 smoothing


def test_bad_reference_type_is_a_clear_error():
    f = trl_reward("bleu1")
    with pytest.raises(RewardsError, match="reference must be a string or a list of strings"):
        trl_call(f, ["a"], [3])
    with pytest.raises(RewardsError, match="reference list holds a int"):
        trl_call(f, ["a"], [["a", 3]])


def test_async_variant_equals_the_sync_one_and_is_seen_as_async():
    import asyncio
    import inspect

    sync, asyn = trl_reward("0.5*bleu1+0.5*rouge_l"), async_trl_reward("0.5*bleu1+0.5*rouge_l")
    assert asyn.__name__ == sync.__name__
    # TRL's is_async_callable: a coroutine function, or a callable whose __call__ is one
    assert inspect.iscoroutinefunction(asyn.__call__)
    assert not inspect.iscoroutinefunction(sync.__call__)
    comps, refs = ["the heart is normal", "no effusion"], ["the heart is normal", None]
    metrics: list = []
    out = asyncio.run(asyn(completions=comps, reference=refs, log_metric=lambda n, v:
                           metrics.append((n, v))))
    assert out == sync(completions=comps, reference=refs)
    assert [n for n, _ in metrics] == [f"rewards/{sync.__name__}/bleu1/mean",
                                       f"rewards/{sync.__name__}/rouge_l/mean"]


def test_reward_functions_pickle():
    import pickle

    f = pickle.loads(pickle.dumps(trl_reward("0.5*bleu4+0.5*ce_f1", name="report")))
    g = pickle.loads(pickle.dumps(async_trl_reward("bleu4")))
    assert f.__name__ == "report" and isinstance(g, AsyncTRLReward)
    assert f(["the heart is normal"], reference=["the heart is normal"]) == pytest.approx(
        [make_reward("0.5*bleu4+0.5*ce_f1")(["the heart is normal"], ["the heart is normal"])[0]])


def test_normalize_then_sum_normalizes_within_each_prompt():
    """TRL passes B prompts x G completions; each prompt's completions are one group."""
    spec = "normalize:0.5*bleu4+0.5*ce_f1"
    comps = ["no pleural effusion .", "there is a pleural effusion .", "the heart is normal .",
             "heart size normal .", "mild cardiomegaly .", "the lungs are clear ."]
    prompts = ["a", "a", "a", "b", "b", "b"]
    refs = ["small pleural effusion ."] * 3 + ["mild cardiomegaly . lungs clear ."] * 3
    got = trl_reward(spec)(comps, prompts=prompts, reference=refs)
    want = np.concatenate([make_reward(spec)(comps[:3], refs[:3]),
                           make_reward(spec)(comps[3:], refs[3:])])
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    batch = make_reward(spec)(comps, refs)
    assert not np.allclose(got, batch)  # normalizing over the batch would differ

"""The TRL adapter follows GRPOTrainer's reward-function contract (TRL not needed)."""
from __future__ import annotations

import numpy as np
import pytest

from rrg_rewards.errors import RewardsError
from rrg_rewards.rl import make_reward, trl_reward


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

"""`clipped_ratio_loss`: PPO's clipped surrogate, checked against hand-computed values."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from rrg_rewards.errors import RewardsError  # noqa: E402
from rrg_rewards.rl.losses import clipped_ratio_loss, policy_gradient_loss  # noqa: E402


def test_on_policy_gradient_equals_reinforce():
    lp = torch.tensor([[-1.0, -2.0], [-0.5, -0.1]], requires_grad=True)
    adv = torch.tensor([1.5, -0.7])
    clipped_ratio_loss(lp, lp.detach(), adv, 0.1).backward()
    g_clip = lp.grad.clone()
    lp.grad = None
    policy_gradient_loss(lp, adv, torch.ones(2, 2)).backward()
    assert torch.allclose(g_clip, lp.grad, atol=1e-7)


@pytest.mark.parametrize("delta, adv, expected_grad", [
    (0.5, 1.0, 0.0),      # ratio e^0.5 > 1.2 with A > 0: clipped, no gradient
    (0.5, -1.0, 1.6487),  # A < 0: the unclipped term is the max, gradient -A * r
    (-0.5, -1.0, 0.0),    # ratio e^-0.5 < 0.8 with A < 0: clipped
    (-0.5, 1.0, -0.6065),  # A > 0 below the range: unclipped, gradient -A * r
])
def test_clipping_by_hand(delta, adv, expected_grad):
    lp = torch.tensor([delta], requires_grad=True)
    loss = clipped_ratio_loss(lp, torch.zeros(1), torch.tensor([adv]), 0.2)
    loss.backward()
    assert float(lp.grad) == pytest.approx(expected_grad, abs=1e-4)
    r = torch.exp(torch.tensor(delta))
    want = max(-adv * float(r), -adv * float(torch.clamp(r, 0.8, 1.2)))
    assert float(loss.detach()) == pytest.approx(want, abs=1e-6)


def test_bad_input():
    lp = torch.zeros(2, 3)
    with pytest.raises(RewardsError, match="clip_range"):
        clipped_ratio_loss(lp, lp, torch.zeros(2), 0.0)
    with pytest.raises(RewardsError, match="old_logprobs"):
        clipped_ratio_loss(lp, torch.zeros(3), torch.zeros(2), 0.1)
    with pytest.raises(RewardsError, match="advantages"):
        clipped_ratio_loss(lp, lp, torch.zeros(4), 0.1)

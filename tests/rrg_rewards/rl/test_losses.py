"""Torch losses: hand-derived gradients, and a toy policy that learns from rewards alone."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from rrg_rewards.errors import RewardsError  # noqa: E402
from rrg_rewards.rl import (RLOOBaseline, make_reward, pad, prefix_scores,  # noqa: E402
                            reward_to_go, token_rewards)
from rrg_rewards.rl.losses import (gather_logprobs, mixed_loss, nll_loss,  # noqa: E402
                                   policy_gradient_loss, scst_loss, sequence_mask,
                                   token_level_loss)


def test_sequence_mask_includes_the_first_eos():
    tokens = torch.tensor([[5, 3, 0, 0], [2, 2, 2, 2], [0, 4, 0, 1]])
    assert sequence_mask(tokens).tolist() == [[1, 1, 1, 0], [1, 1, 1, 1], [1, 0, 0, 0]]
    assert sequence_mask(tokens, include_eos=False).tolist() == [[1, 1, 0, 0], [1, 1, 1, 1],
                                                                 [0, 0, 0, 0]]


def test_sequence_level_gradient_matches_hand_derivation():
    """L = -A/M * sum_t m_t log softmax(z_t)[a_t]  =>  dL/dz_t = -A m_t/M (onehot(a_t) - p_t)."""
    torch.manual_seed(0)
    z = torch.randn(2, 3, 5, dtype=torch.float64, requires_grad=True)
    a = torch.tensor([[1, 4, 0], [2, 2, 3]])
    mask = torch.tensor([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0]], dtype=torch.float64)
    adv = np.array([0.7, -1.3])
    loss = scst_loss(gather_logprobs(z, a), adv + 0.2, np.array([0.2, 0.2]), mask)
    loss.backward()
    p = torch.softmax(z.detach(), -1)
    onehot = torch.nn.functional.one_hot(a, 5).double()
    expected = -(torch.tensor(adv)[:, None, None] * mask[..., None] / mask.sum()) * (onehot - p)
    torch.testing.assert_close(z.grad, expected, rtol=0, atol=1e-12)
    assert torch.all(z.grad[0, 2] == 0)  # a masked step gets no gradient


def test_per_token_gradient_and_reductions():
    torch.manual_seed(1)
    z = torch.randn(1, 2, 3, dtype=torch.float64, requires_grad=True)
    a = torch.tensor([[2, 0]])
    returns = torch.tensor([[0.5, -2.0]], dtype=torch.float64)
    loss = token_level_loss(gather_logprobs(z, a), returns, torch.ones(1, 2), reduction="sum")
    loss.backward()
    onehot = torch.nn.functional.one_hot(a, 3).double()
    expected = -returns[..., None] * (onehot - torch.softmax(z.detach(), -1))
    torch.testing.assert_close(z.grad, expected, rtol=0, atol=1e-12)
    lp = torch.log(torch.tensor([[0.5, 0.25]]))
    ones = torch.ones(1, 2)
    assert policy_gradient_loss(lp, [2.0], ones).item() == pytest.approx(-2.0 * np.log(0.125) / 2)
    assert policy_gradient_loss(lp, [2.0], ones, "sequence_mean").item() == pytest.approx(
        -2.0 * np.log(0.125))
    assert policy_gradient_loss(lp, [0.0], ones).item() == 0.0  # zero advantage, zero loss


def test_mixed_loss_and_nll():
    z = torch.zeros(1, 2, 4)
    t = torch.tensor([[1, 3]])
    assert nll_loss(z, t, torch.ones(1, 2)).item() == pytest.approx(np.log(4))
    m = mixed_loss(torch.tensor(2.0), torch.tensor(1.0))
    assert m.item() == pytest.approx(0.01 * 1.0 + 0.99 * 2.0)


def test_bad_shapes():
    lp = torch.zeros(2, 3)
    with pytest.raises(RewardsError, match="3 advantages for 2 sequences"):
        policy_gradient_loss(lp, [1.0, 2.0, 3.0], torch.ones(2, 3))
    with pytest.raises(RewardsError, match="mask shape"):
        policy_gradient_loss(lp, [1.0, 2.0], torch.ones(2, 2))
    with pytest.raises(RewardsError, match="reduction"):
        policy_gradient_loss(lp, [1.0, 2.0], torch.ones(2, 3), reduction="mean")


# --- learning ------------------------------------------------------------------------
VOCAB = ["<eos>", "no", "acute", "cardiopulmonary", "abnormality", "heart", "normal", "size"]
TARGET = "no acute cardiopulmonary abnormality"
T = 6


def _greedy(table: "torch.Tensor") -> str:
    prev, words = 0, []
    for _ in range(T):
        prev = int(table[prev].argmax())
        if prev == 0:
            break
        words.append(VOCAB[prev])
    return " ".join(words)


@pytest.mark.parametrize("variant, metric", [("sequence", "bleu4"), ("token", "rouge_l"),
                                             ("constant", "bleu4")])
def test_toy_policy_learns_the_target_from_rewards_alone(variant, metric, bigram_sampler):
    """Sequence-level (RLOO) and per-token (reward-to-go) REINFORCE reach the target;
    a constant reward (zero advantages) leaves the policy where it started."""
    gen = torch.Generator().manual_seed(0)
    table = torch.zeros(len(VOCAB), len(VOCAB), requires_grad=True)
    opt = torch.optim.Adam([table], lr=0.1)
    reward = make_reward(metric)
    k = 8
    for _ in range(150):
        tokens, mask, texts, lp = bigram_sampler(table, 2 * k, gen, VOCAB, T)
        refs = [TARGET] * len(texts)
        if variant == "token":
            rt = token_rewards(prefix_scores(texts, refs, reward))
            g = reward_to_go(pad(rt, length=T))  # the EOS step adds no text: reward 0
            m = mask.numpy()
            b = (g * m).sum(0) / np.maximum(m.sum(0), 1)  # per-step mean return
            loss = token_level_loss(lp, g, mask, baseline=np.tile(b, (len(texts), 1)))
        else:
            r = reward(texts, refs) if variant == "sequence" else np.ones(len(texts))
            loss = policy_gradient_loss(lp, RLOOBaseline(k).advantages(r), mask)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if variant == "constant":
        assert torch.all(table == 0)
    else:
        assert _greedy(table.detach()) == TARGET
        _, _, texts, _ = bigram_sampler(table, 64, gen, VOCAB, T)
        assert np.mean(reward(texts, [TARGET] * 64)) > 0.8


def test_docs_training_loop_runs():
    """The loop in docs/rewards.md, with a stub model, runs and moves the parameters."""
    from rrg_rewards.rl import GreedyBaseline
    torch.manual_seed(0)
    words = ["<eos>", "the", "heart", "is", "normal"]
    emb = torch.nn.Parameter(torch.randn(5, 5))

    class Model:
        def __call__(self, images, targets):  # teacher-forced logits (B, T, V)
            return emb[targets]

        def sample(self, images):
            tokens = torch.multinomial(torch.softmax(emb[0].detach(), -1).expand(2, -1), 4,
                                       replacement=True)
            return tokens, emb[tokens]

        def greedy(self, images):
            return emb[0].argmax().repeat(2, 4)

    def decode(tokens):
        return [" ".join(words[t] for t in row if t) for row in tokens.tolist()]

    model, opt = Model(), torch.optim.SGD([emb], lr=0.1)
    before = emb.detach().clone()
    train_reports = ["the heart is normal", "the heart is large"]
    loader = [(None, torch.tensor([[1, 2, 3, 4], [1, 2, 3, 0]]), torch.ones(2, 4),
               train_reports)]
    logged = []
    log = logged.append
    # --- as in docs/rewards.md ---
    reward = make_reward("0.5*bleu4+0.5*cider", train_references=train_reports)
    baseline = GreedyBaseline()
    for images, targets, target_mask, refs in loader:
        tokens, logits = model.sample(images)
        greedy = model.greedy(images)
        res = reward.score(decode(tokens), refs)
        adv = baseline.advantages(res.total, greedy_rewards=reward(decode(greedy), refs))
        rl = policy_gradient_loss(gather_logprobs(logits, tokens), adv,
                                  sequence_mask(tokens, eos_id=0))
        loss = mixed_loss(rl, nll_loss(model(images, targets), targets, target_mask),
                          nll_weight=0.01)
        opt.zero_grad()
        loss.backward()
        opt.step()
        log(res.components)
    assert set(logged[0]) == {"bleu4", "cider"}
    np.testing.assert_allclose(0.5 * logged[0]["bleu4"] + 0.5 * logged[0]["cider"], res.total,
                               rtol=1e-15, atol=0)
    assert not torch.equal(before, emb.detach())

"""A toy policy trained on the `clinical` composite alone learns what the reference asserts or denies."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from rrg_rewards.labeler import OBSERVATIONS, label  # noqa: E402
from rrg_rewards.rl import make_reward  # noqa: E402
from rrg_rewards.rl.baselines import RLOOBaseline  # noqa: E402
from rrg_rewards.rl.losses import gather_logprobs, policy_gradient_loss, sequence_mask  # noqa: E402

VOCAB = ["<eos>", "no", "pleural", "effusion", "there", "is", "a", "pneumothorax", "."]
T = 7
PE = OBSERVATIONS.index("Pleural Effusion")


def _sample(table, n, gen):
    """Bigram policy (row `prev` = logits of the next token; BOS = EOS = 0): tokens, mask, texts, logprobs."""
    prev = torch.zeros(n, dtype=torch.long)
    steps = []
    for _ in range(T):
        prev = torch.multinomial(torch.softmax(table[prev].detach(), -1), 1, generator=gen)[:, 0]
        steps.append(prev)
    tokens = torch.stack(steps, 1)
    mask = sequence_mask(tokens)
    tokens = tokens * (mask > 0).long()
    prevs = torch.cat([torch.zeros(n, 1, dtype=torch.long), tokens[:, :-1]], 1)
    texts = [" ".join(VOCAB[t] for t in row).split(" <eos>")[0].replace("<eos>", "").strip()
             for row in tokens.tolist()]
    return mask, texts, gather_logprobs(table[prevs], tokens)


@pytest.mark.parametrize("reference, wanted", [("there is a pleural effusion .", 1),
                                               ("no pleural effusion .", 0)])
def test_policy_learns_the_reference_finding_from_the_clinical_reward(reference, wanted):
    gen = torch.Generator().manual_seed(0)
    table = torch.zeros(len(VOCAB), len(VOCAB), requires_grad=True)
    opt = torch.optim.Adam([table], lr=0.1)
    reward = make_reward("clinical", train_references=[reference, "no pneumothorax ."])
    k, prompts = 8, 2
    for _ in range(150):
        mask, texts, lp = _sample(table, k * prompts, gen)
        r = reward(texts, [reference] * len(texts), groups=k)  # each prompt's k samples: one group
        loss = policy_gradient_loss(lp, RLOOBaseline(k).advantages(r), mask)
        opt.zero_grad()
        loss.backward()
        opt.step()
    _, texts, _ = _sample(table, 64, gen)
    asserted = np.mean(label(texts)[:, PE] == 1)
    errors = make_reward("clinical_errors")(texts, [reference] * 64)
    # the learned reports assert the effusion exactly when the reference does, mostly without
    # error (leaving out a negative costs nothing, so "no pleural effusion" may go unsaid)
    assert asserted > 0.8 if wanted else asserted < 0.1
    assert np.mean(errors == 0) > 0.8

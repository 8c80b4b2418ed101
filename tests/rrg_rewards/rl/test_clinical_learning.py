"""A toy policy trained on the `clinical` composite alone learns what the reference asserts or denies."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from rrg_rewards.labeler import OBSERVATIONS, label  # noqa: E402
from rrg_rewards.rl import make_reward  # noqa: E402
from rrg_rewards.rl.baselines import RLOOBaseline  # noqa: E402
from rrg_rewards.rl.losses import policy_gradient_loss  # noqa: E402

VOCAB = ["<eos>", "no", "pleural", "effusion", "there", "is", "a", "pneumothorax", "."]
T = 7
PE = OBSERVATIONS.index("Pleural Effusion")


@pytest.mark.parametrize("reference, wanted", [("there is a pleural effusion .", 1),
                                               ("no pleural effusion .", 0)])
def test_policy_learns_the_reference_finding_from_the_clinical_reward(reference, wanted, bigram_sampler):
    gen = torch.Generator().manual_seed(0)
    table = torch.zeros(len(VOCAB), len(VOCAB), requires_grad=True)
    opt = torch.optim.Adam([table], lr=0.1)
    reward = make_reward("clinical", train_references=[reference, "no pneumothorax ."])
    k, prompts = 8, 2
    for _ in range(150):
        _, mask, texts, lp = bigram_sampler(table, k * prompts, gen, VOCAB, T)
        r = reward(texts, [reference] * len(texts), groups=k)  # each prompt's k samples: one group
        loss = policy_gradient_loss(lp, RLOOBaseline(k).advantages(r), mask)
        opt.zero_grad()
        loss.backward()
        opt.step()
    _, _, texts, _ = bigram_sampler(table, 64, gen, VOCAB, T)
    asserted = np.mean(label(texts)[:, PE] == 1)
    errors = make_reward("clinical_errors")(texts, [reference] * 64)
    # the learned reports assert the effusion exactly when the reference does, mostly without
    # error (leaving out a negative costs nothing, so "no pleural effusion" may go unsaid)
    assert asserted > 0.8 if wanted else asserted < 0.1
    assert np.mean(errors == 0) > 0.8

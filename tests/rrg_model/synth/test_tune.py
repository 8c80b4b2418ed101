"""RL over the DDIM chain learns what the reward asks for (and its opposite when it asks that)."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

from rrg_rewards.rl import CallableReward, WeightedReward  # noqa: E402
from rrg_model.synth.config import GeneratorConfig, TuneConfig  # noqa: E402
from rrg_model.synth.generator import ReportToImage  # noqa: E402
from rrg_model.synth.sample import generate  # noqa: E402
from rrg_model.synth.tune import tune  # noqa: E402
from rrg_model.tokenizer import Tokenizer  # noqa: E402

REPORTS = ["Mild cardiomegaly.", "Lungs are clear.", "Small left effusion.", "No pneumothorax."]


class Brightness:
    """Reward = sign * mean pixel value, composed by the reward library."""

    def __init__(self, sign: float):
        self.sign = sign
        self.images = None
        self.reward = WeightedReward([(1.0, CallableReward(self._fn, name="brightness"))])

    def _fn(self, candidates, references):
        return self.sign * self.images.mean(dim=(1, 2, 3)).double().numpy()

    def score(self, images, reports):
        self.images = images
        return self.reward.score(list(reports), list(reports))


def _setup():
    tok = Tokenizer.from_reports(REPORTS, 1, "iu_xray", 20)
    cfg = GeneratorConfig(image_size=8, pack=1, channels=(8, 8), text_dim=8, text_layers=1, text_heads=2,
                          max_tokens=20, attention_head_dim=4)
    torch.manual_seed(0)
    return ReportToImage(cfg, tok.vocab_size).eval(), tok


@pytest.mark.parametrize("feedback", ["absolute", "comparative"])
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_rl_moves_brightness_the_way_the_reward_asks(feedback, sign):
    model, tok = _setup()
    seeds = list(range(16))
    reports = [REPORTS[i % 4] for i in seeds]
    before = float(generate(model, tok, reports, seeds, 3, 1.0).mean())
    cfg = TuneConfig(rounds=6, batch_size=8, minibatches=2, sample_steps=3, lr=3e-3, adaptive_lr=3e-2,
                     clip_range=0.2, feedback=feedback, kl_coef=0.0)  # the objective alone; KL: below
    hist = tune(model, tok, Brightness(sign), REPORTS, cfg, seed=1)
    after = float(generate(model, tok, reports, seeds, 3, 1.0).mean())
    assert len(hist) == 6 and all(np.isfinite(h["reward"]) for h in hist)
    assert sign * (after - before) > 0.02, (before, after)
    assert hist[0]["clip_fraction"] >= 0.0 and (feedback == "absolute") == ("reference_reward" not in hist[0])


def test_text_encoder_is_frozen_and_embeddings_move_only_when_adaptive():
    for adaptive in (True, False):
        model, tok = _setup()
        text0 = {k: v.clone() for k, v in model.text.state_dict().items()}
        unet0 = [p.detach().clone() for p in model.unet.parameters()]
        tune(model, tok, Brightness(1.0), REPORTS, TuneConfig(rounds=1, batch_size=4, sample_steps=3,
                                                               clip_range=0.2, adaptive=adaptive), seed=0)
        assert all(torch.equal(v, model.text.state_dict()[k]) for k, v in text0.items())
        assert any(not torch.equal(a, b) for a, b in zip(unet0, model.unet.parameters()))
        moved = float(model.adaptive.weight.detach().abs().sum()) > 0
        assert moved == adaptive


def test_kl_penalty_holds_the_policy_near_the_frozen_generator():
    """DPOK's regularizer: the same RL with a heavy KL weight moves the images less, and the
    round rows report the divergence it penalizes."""
    seeds = list(range(16))
    reports = [REPORTS[i % 4] for i in seeds]
    moved = {}
    for kl_coef in (0.0, 1e4):
        model, tok = _setup()
        before = float(generate(model, tok, reports, seeds, 3, 1.0).mean())
        cfg = TuneConfig(rounds=6, batch_size=8, minibatches=2, sample_steps=3, lr=3e-3, adaptive_lr=3e-2,
                         clip_range=0.2, feedback="absolute", kl_coef=kl_coef)
        hist = tune(model, tok, Brightness(1.0), REPORTS, cfg, seed=1)
        moved[kl_coef] = float(generate(model, tok, reports, seeds, 3, 1.0).mean()) - before
        assert ("kl_frozen" in hist[0]) == (kl_coef > 0)
        if kl_coef > 0:
            assert all(np.isfinite(h["kl_frozen"]) and h["kl_frozen"] >= 0 for h in hist)
    assert moved[0.0] > 0.02 and abs(moved[1e4]) < moved[0.0] / 2, moved


def test_kl_coef_must_not_be_negative():
    from rrg_model.errors import ModelError
    with pytest.raises(ModelError, match="kl_coef"):
        TuneConfig(kl_coef=-0.1)

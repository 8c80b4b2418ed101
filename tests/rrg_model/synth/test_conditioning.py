"""The pre-trained generator follows its report, and RL scores the guided policy it samples.

A toy data set where the report decides the image ("Left." = bright left half, "Right." =
bright right half, nothing else differs): a generator that ignores its condition (text
encoder collapsed, condition never reaching the UNet, dropout of every report, guidance
that mixes up the branches) draws the same distribution for both reports and fails.
"""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

from rrg_model.synth.config import GeneratorConfig, SynthConfig, TrainConfig  # noqa: E402
from rrg_model.synth.data import Split  # noqa: E402
from rrg_model.synth.generator import make_scheduler  # noqa: E402
from rrg_model.synth.sample import draw, generate  # noqa: E402
from rrg_model.synth.train import train_generator  # noqa: E402
from rrg_model.synth.tune import policy_logprob  # noqa: E402

SIZE = 8


def _toy(n: int = 64) -> Split:
    reports = ["Left." if i % 2 == 0 else "Right." for i in range(n)]
    rng = np.random.default_rng(0)
    images = np.full((n, SIZE, SIZE), 40, np.uint8)
    for i, r in enumerate(reports):
        half = slice(0, SIZE // 2) if r == "Left." else slice(SIZE // 2, SIZE)
        images[i][:, half] = 215
    images = np.clip(images + rng.integers(-10, 11, images.shape), 0, 255).astype(np.uint8)
    return Split([str(i) for i in range(n)], reports, images, np.zeros((n, 6), np.float32),
                 np.zeros((n, 14), np.int8))


@pytest.fixture(scope="module")
def trained():
    torch.manual_seed(0)
    cfg = SynthConfig(generator=GeneratorConfig(image_size=SIZE, pack=1, channels=(16, 16), text_dim=16,
                                                text_layers=1, text_heads=2, max_tokens=8, attention_head_dim=8),
                      train=TrainConfig(steps=300, batch_size=16, lr=3e-3, cond_dropout=0.2, ema_decay=0.99))
    model, tok, losses = train_generator(_toy(), cfg)
    assert np.mean(losses[-20:]) < np.mean(losses[:20])
    return model, tok


def _left_minus_right(images: torch.Tensor) -> np.ndarray:
    return (images[..., : SIZE // 2].mean(dim=(1, 2, 3)) - images[..., SIZE // 2:].mean(dim=(1, 2, 3))).numpy()


@pytest.mark.parametrize("guidance", [1.0, 3.0])
def test_the_image_follows_the_report(trained, guidance):
    model, tok = trained
    seeds = list(range(12))
    left = _left_minus_right(generate(model, tok, ["Left."] * 12, seeds, 10, 1.0, guidance=guidance))
    right = _left_minus_right(generate(model, tok, ["Right."] * 12, seeds, 10, 1.0, guidance=guidance))
    # the same noise, only the report differs: the bright half must follow the report
    assert (left > 0.15).mean() >= 0.9 and (right < -0.15).mean() >= 0.9, (left, right)


def test_guidance_zero_ignores_the_report(trained):
    model, tok = trained
    seeds = list(range(6))
    a = generate(model, tok, ["Left."] * 6, seeds, 5, 1.0, guidance=0.0)
    b = generate(model, tok, ["Right."] * 6, seeds, 5, 1.0, guidance=0.0)
    torch.testing.assert_close(a, b, atol=1e-5, rtol=0)


def test_text_states_of_different_reports_differ(trained):
    model, tok = trained
    from rrg_model.synth.generator import tokenize
    tokens, mask = tokenize(tok, ["Left.", "Right."], 8)
    with torch.no_grad():
        text = model.encode_text(tokens, mask)
    pooled = (text * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
    assert float(torch.nn.functional.cosine_similarity(pooled[0], pooled[1], dim=0)) < 0.99


@pytest.mark.parametrize("guidance", [1.0, 2.5])
def test_rl_scores_the_guided_step_it_sampled(trained, guidance):
    """policy_logprob (what RL differentiates) reproduces the log-probabilities of the draw."""
    model, tok = trained
    sched = make_scheduler(model.cfg)
    reports = ["Left.", "Right.", "Left."]
    _, chain, lps, text, mask = draw(model, tok, reports, [1, 2, 3], 4, 1.0, scheduler=sched, guidance=guidance)
    cond = model.condition(text, True)
    with torch.no_grad():
        for j, t in enumerate(sched.timesteps.tolist()):
            lp = policy_logprob(model, sched, t, chain[j], chain[j + 1], cond, mask, 1.0, guidance)
            torch.testing.assert_close(lp, lps[:, j], atol=1e-5, rtol=1e-5)
            if j == 1:  # a different guidance scale is a different policy
                other = policy_logprob(model, sched, t, chain[j], chain[j + 1], cond, mask, 1.0, guidance + 2.0)
                assert (other - lps[:, j]).abs().max() > 1e-4

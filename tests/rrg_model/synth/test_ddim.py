"""DDIM steps as Gaussian policies: diffusers' update, exact log-densities."""
from __future__ import annotations

import math

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

from rrg_model.errors import ModelError  # noqa: E402
from rrg_model.synth.config import GeneratorConfig  # noqa: E402
from rrg_model.synth.ddim import ddim_step, sample_chain, step_kl, step_std  # noqa: E402
from rrg_model.synth.generator import make_scheduler  # noqa: E402


@pytest.fixture()
def sched():
    s = make_scheduler(GeneratorConfig(image_size=16, pack=1, channels=(8, 16)))
    s.set_timesteps(5)
    return s


@pytest.mark.parametrize("eta", [0.5, 1.0])
def test_step_matches_diffusers(sched, eta):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(3, 2, 4, 4, generator=g)
    for t in sched.timesteps.tolist():
        eps, z = torch.randn(x.shape, generator=g), torch.randn(x.shape, generator=g)
        ours, lp = ddim_step(sched, eps, t, x, eta, noise=z)
        ref = sched.step(eps, t, x, eta=eta, variance_noise=z).prev_sample
        assert torch.isfinite(ours).all() and torch.isfinite(lp).all()
        # diffusers takes sqrt(1 - a_prev - sigma^2) of a rounding-negative number at t = T, eta = 1
        # (NaN); we clamp it to 0
        ok = torch.isfinite(ref)
        assert ok.any() or (eta == 1.0 and t == sched.timesteps[0])
        assert torch.allclose(ours[ok], ref[ok], atol=1e-5), t
        x = ours


def test_log_probability_is_the_gaussian_density(sched):
    g = torch.Generator().manual_seed(1)
    x, eps, z = (torch.randn(2, 1, 3, 3, generator=g) for _ in range(3))
    t = sched.timesteps.tolist()[1]
    prev, lp_sum = ddim_step(sched, eps, t, x, 1.0, noise=z, reduce="sum")
    std = step_std(sched, t, 1.0)
    mean = prev - std * z
    want = torch.distributions.Normal(mean, std).log_prob(prev).sum(dim=(1, 2, 3))
    assert torch.allclose(lp_sum, want, atol=1e-4)
    # by hand: -|z|^2 / 2 - d log(std) - d/2 log(2 pi)
    d = 9
    hand = -(z ** 2).sum(dim=(1, 2, 3)) / 2 - d * math.log(std) - d / 2 * math.log(2 * math.pi)
    assert torch.allclose(lp_sum, hand, atol=1e-4)
    _, lp_mean = ddim_step(sched, eps, t, x, 1.0, prev_sample=prev, reduce="mean")
    assert torch.allclose(lp_mean * d, lp_sum, atol=1e-4)


def test_rescoring_the_drawn_sample_gives_the_same_log_probability(sched):
    g = torch.Generator().manual_seed(2)
    x_T = torch.randn(2, 1, 4, 4, generator=g)
    net = torch.nn.Conv2d(1, 1, 3, padding=1)
    with torch.no_grad():
        x0, chain, lps = sample_chain(lambda x, t: net(x), sched, x_T, 1.0)
        for j, t in enumerate(sched.timesteps.tolist()):
            _, lp = ddim_step(sched, net(chain[j]), t, chain[j], 1.0, prev_sample=chain[j + 1])
            assert torch.allclose(lp, lps[:, j], atol=1e-5)
    assert lps.shape == (2, 5) and torch.equal(chain[-1], x0) and len(chain) == 6


def test_deterministic_ddim_is_not_a_policy(sched):
    x = torch.zeros(1, 1, 2, 2)
    with pytest.raises(ModelError, match="eta > 0"):
        ddim_step(sched, x, sched.timesteps.tolist()[0], x, 0.0)


def test_step_kl_is_the_gaussian_kl_per_pixel():
    g = torch.Generator().manual_seed(3)
    mp, mq = torch.randn(2, 3, 4, 4, generator=g), torch.randn(2, 3, 4, 4, generator=g)
    std = 0.3
    want = torch.distributions.kl_divergence(torch.distributions.Normal(mp, std),
                                             torch.distributions.Normal(mq, std)).mean(dim=(1, 2, 3))
    assert torch.allclose(step_kl(mp, mq, std), want, rtol=1e-5, atol=0)
    assert torch.equal(step_kl(mp, mp, std), torch.zeros(2))

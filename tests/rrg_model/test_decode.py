from __future__ import annotations

from dataclasses import replace

import pytest

torch = pytest.importorskip("torch")

from rrg_model.config import DecodeConfig, preset  # noqa: E402
from rrg_model.decode import block_trigrams_, generate, sample  # noqa: E402
from rrg_model.model import ReportGenerator  # noqa: E402

V = 23


def make_model(use_cmm: bool = True, seed: int = 0) -> ReportGenerator:
    torch.manual_seed(seed)
    cfg = replace(preset("smoke").model, vocab_size=V, use_cmm=use_cmm, dropout=0.0)
    model = ReportGenerator(cfg).eval()
    with torch.no_grad():  # sharper, input-dependent logits than at init
        for p in model.parameters():
            p.mul_(3.0)
        model.lm_head.bias[0] = -2.0  # EOS less likely: longer outputs
    return model


IMAGES = torch.randn(3, 2, 3, 16, 16, generator=torch.Generator().manual_seed(5))


@pytest.mark.parametrize("use_cmm", [True, False])
@pytest.mark.parametrize("cfg", [
    DecodeConfig(method="greedy", max_len=15, block_trigrams=False),
    DecodeConfig(method="greedy", max_len=15, block_trigrams=True),
    DecodeConfig(method="beam", beam_size=3, max_len=15, block_trigrams=True),
])
def test_kv_cache_gives_the_same_tokens_as_recomputing(use_cmm: bool, cfg: DecodeConfig) -> None:
    model = make_model(use_cmm)
    cached = generate(model, IMAGES, cfg, use_cache=True)
    full = generate(model, IMAGES, cfg, use_cache=False)
    assert torch.equal(cached, full)


def test_cached_step_log_probs_equal_teacher_forcing() -> None:
    model = make_model()
    tokens = torch.randint(1, V, (3, 6))
    tokens[:, 0] = 0
    with torch.no_grad():
        logits = model(IMAGES, torch.cat([tokens, tokens[:, :1]], 1)).logits
        state = model.start_decode(IMAGES)
        caches = model.new_caches(10)
        for t in range(6):
            lp = model.decode_step(tokens[:, t], t, state, caches)
            assert torch.allclose(lp, torch.log_softmax(logits[:, t], -1), atol=1e-5)


def test_beam_of_one_is_greedy() -> None:
    model = make_model()
    g = generate(model, IMAGES, DecodeConfig(method="greedy", max_len=12, block_trigrams=False))
    b = generate(model, IMAGES, DecodeConfig(method="beam", beam_size=1, max_len=12, block_trigrams=False))
    assert torch.equal(g, b)


def _sum_logprob(model: ReportGenerator, tokens: torch.Tensor) -> torch.Tensor:
    seq = torch.cat([torch.zeros(len(tokens), 1, dtype=torch.long), tokens], 1)
    with torch.no_grad():
        logits = model(IMAGES, torch.cat([seq, torch.zeros_like(seq[:, :1])], 1)).logits
    lp = torch.log_softmax(logits[:, :tokens.shape[1]], -1).gather(2, tokens.unsqueeze(2)).squeeze(2)
    alive = torch.cumprod(torch.cat([torch.ones_like(tokens[:, :1]), (tokens[:, :-1] != 0).long()], 1), 1)
    return (lp * alive).sum(1)


def test_beam_finds_a_sequence_at_least_as_likely_as_greedy() -> None:
    model = make_model(seed=4)
    cfg = DecodeConfig(method="greedy", max_len=12, block_trigrams=False)
    g = generate(model, IMAGES, cfg)
    b = generate(model, IMAGES, replace(cfg, method="beam", beam_size=4))
    assert (_sum_logprob(model, b) >= _sum_logprob(model, g) - 1e-4).all()


def test_trigram_blocking_masks_only_repeated_trigrams() -> None:
    hist = torch.tensor([[5, 6, 7, 5, 6], [1, 2, 3, 4, 5]])
    lp = torch.zeros(2, 10)
    block_trigrams_(lp, hist)
    assert lp[0, 7] == float("-inf") and torch.isfinite(lp[0, :7]).all() and torch.isfinite(lp[0, 8:]).all()
    assert torch.isfinite(lp[1]).all()


def test_decoded_reports_never_repeat_a_trigram() -> None:
    model = make_model()
    for cfg in (DecodeConfig(method="greedy", max_len=40), DecodeConfig(method="beam", beam_size=3, max_len=40)):
        for row in generate(model, IMAGES, cfg).tolist():
            words = row[:row.index(0)] if 0 in row else row
            tri = [tuple(words[i:i + 3]) for i in range(len(words) - 2)]
            assert len(tri) == len(set(tri))
    unblocked = generate(model, IMAGES, DecodeConfig(method="greedy", max_len=40, block_trigrams=False))
    assert any(len({tuple(r[i:i + 3]) for i in range(len(r) - 2)}) < len(r) - 2 for r in unblocked.tolist())


def test_sampling_is_seeded_and_returns_log_probs_with_grad() -> None:
    model = make_model()
    cfg = DecodeConfig(method="sample", max_len=10, block_trigrams=False)
    a = sample(model, IMAGES, cfg, torch.Generator().manual_seed(1))
    b = sample(model, IMAGES, cfg, torch.Generator().manual_seed(1))
    assert torch.equal(a.tokens, b.tokens) and a.logprobs.requires_grad
    # the mask covers tokens up to and including EOS
    for row, m in zip(a.tokens.tolist(), a.mask.tolist()):
        n = row.index(0) + 1 if 0 in row else len(row)
        assert m[:n] == [1.0] * n and not any(m[n:])
    # log-probs are those of the chosen tokens under the model
    assert torch.allclose(_sum_logprob(model, a.tokens), a.logprobs.detach().sum(1), atol=1e-4)


def test_low_temperature_sampling_approaches_greedy() -> None:
    model = make_model()
    g = generate(model, IMAGES, DecodeConfig(method="greedy", max_len=10, block_trigrams=False))
    s = generate(model, IMAGES, DecodeConfig(method="sample", temperature=1e-4, max_len=10, block_trigrams=False),
                 generator=torch.Generator().manual_seed(0))
    assert torch.equal(g, s)


def test_memory_keys_and_values_are_projected_once_per_decode() -> None:
    model = make_model()
    calls = []
    model.cmm.w_k.register_forward_hook(lambda *a: calls.append(1))
    generate(model, IMAGES, DecodeConfig(method="beam", beam_size=3, max_len=12))
    assert len(calls) == 1
    calls.clear()
    model(IMAGES, torch.zeros(3, 8, dtype=torch.long))
    assert len(calls) == 1


def test_base_model_has_no_memory() -> None:
    base, full = make_model(use_cmm=False), make_model(use_cmm=True)
    assert base.cmm is None
    assert not any("cmm" in n for n, _ in base.named_parameters())
    n_mem = sum(p.numel() for n, p in full.named_parameters() if n.startswith("cmm."))
    assert sum(p.numel() for p in full.parameters()) - sum(p.numel() for p in base.parameters()) == n_mem

"""What the decoder can see of the image: initialization, patch positions, views.

Without positions a Transformer sees the visual tokens as an unordered set: a mirrored
image (whose patch features are the mirrored grid) or swapped views give exactly the same
report distribution, so "left" and "right" cannot be told apart. These tests pin that down
with a mirror-equivariant backbone, and check the initialization the reference code uses.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

torch = pytest.importorskip("torch")

from rrg_model.config import ModelConfig  # noqa: E402
from rrg_model.model import ReportGenerator  # noqa: E402

CFG = ModelConfig(vocab_size=30, d_model=32, n_heads=2, d_ff=64, n_enc_layers=1, n_dec_layers=1,
                  cmm_size=16, cmm_dim=32, cmm_threads=2, cmm_topk=4, cnn_width=8, cnn_stages=2,
                  max_positions=64, dropout=0.0, cmm_dropout=0.0)


def _pooled(cfg: ModelConfig) -> ReportGenerator:
    """A model whose backbone is average pooling: mirroring the image mirrors the patch grid exactly."""
    torch.manual_seed(0)
    model = ReportGenerator(cfg).eval()
    model.visual.backbone = torch.nn.AvgPool2d(4)
    model.visual.proj[0] = torch.nn.Linear(cfg.in_channels, cfg.d_model)
    return model


def _logits(model: ReportGenerator, images: torch.Tensor) -> torch.Tensor:
    targets = torch.tensor([[0, 5, 6, 7, 0]])
    with torch.no_grad():
        return model(images, targets)[0]


@pytest.mark.parametrize("use_cmm", [False, True])
def test_mirrored_image_changes_the_output_only_with_positions(use_cmm: bool) -> None:
    torch.manual_seed(1)
    images = torch.randn(1, 2, 3, 16, 16)
    mirrored = images.flip(-1)
    on = _pooled(replace(CFG, use_cmm=use_cmm))
    off = _pooled(replace(CFG, use_cmm=use_cmm, visual_positions=False, view_embedding=False))
    # no positions: the patches are a set, and the mirror is the same set
    torch.testing.assert_close(_logits(off, images), _logits(off, mirrored), rtol=1e-5, atol=1e-5)
    # 2-D positions: left and right differ
    assert (_logits(on, images) - _logits(on, mirrored)).abs().max() > 1e-3


def test_swapped_views_change_the_output_only_with_view_embeddings() -> None:
    torch.manual_seed(2)
    images = torch.randn(1, 2, 3, 16, 16)
    swapped = images.flip(1)
    views = _pooled(replace(CFG, visual_positions=False))
    with torch.no_grad():
        views.view_emb.normal_()
    none = _pooled(replace(CFG, visual_positions=False, view_embedding=False))
    torch.testing.assert_close(_logits(none, images), _logits(none, swapped), rtol=1e-5, atol=1e-5)
    assert (_logits(views, images) - _logits(views, swapped)).abs().max() > 1e-3


def test_positions_are_distinct_per_patch_and_view() -> None:
    model = ReportGenerator(CFG)
    pos = model.visual_positions(2, 4, 4, torch.device("cpu"))
    assert pos.shape == (32, CFG.d_model)
    assert torch.cdist(pos, pos).add(torch.eye(32) * 1e9).min() > 1e-3  # no two tokens alike
    assert model.visual_positions(2, 4, 4, torch.device("cpu")) is not None
    bare = ReportGenerator(replace(CFG, visual_positions=False, view_embedding=False))
    assert bare.visual_positions(2, 4, 4, torch.device("cpu")) is None


def test_xavier_init_keeps_token_embeddings_comparable_to_attention_outputs() -> None:
    """R2Gen: Xavier embeddings times sqrt(d): norm ~ d * sqrt(2 / (V + d)); PyTorch's N(0, 1)
    times sqrt(d) gives ~d, which drowned the cross-attention (issue: the decoder ignored images)."""
    cfg = replace(CFG, vocab_size=800, d_model=128, n_heads=4, cmm_dim=128, cmm_threads=4)
    torch.manual_seed(0)
    xavier = ReportGenerator(cfg)
    legacy = ReportGenerator(replace(cfg, init="torch"))
    scale = cfg.d_model ** 0.5
    norm_x = float((xavier.tok_emb.weight.detach() * scale).norm(dim=1).mean())
    norm_t = float((legacy.tok_emb.weight.detach() * scale).norm(dim=1).mean())
    expect = cfg.d_model * (2 / (cfg.vocab_size + cfg.d_model)) ** 0.5
    assert norm_x == pytest.approx(expect, rel=0.1)
    assert norm_t > 20 * norm_x
    # the visual backbone keeps its own init (a pretrained ResNet in R2Gen), the memory R2GenCMN's
    conv = float(xavier.visual.backbone.body[0].weight.detach().std())
    assert conv == pytest.approx(float(legacy.visual.backbone.body[0].weight.detach().std()), rel=0.25)
    assert float(xavier.cmm.memory.detach().std()) == pytest.approx(1 / cfg.cmm_dim, rel=0.1)


def test_cross_attention_hook_matches_a_manual_computation() -> None:
    """`ReportGenerator.cross_attention` (what rrg explain draws) is softmax(q k^T / sqrt(dk)) of
    the last decoder layer's cross-attention, averaged over heads; rows sum to 1."""
    torch.manual_seed(3)
    model = ReportGenerator(CFG).eval()
    images = torch.randn(2, 2, 3, 16, 16)
    tokens = torch.tensor([[0, 5, 6], [0, 7, 8]])
    att = model.cross_attention(images, tokens)
    S = model.encode(images, model.memory_kv()).shape[1]
    assert att.shape == (2, 3, S)
    torch.testing.assert_close(att.sum(-1), torch.ones(2, 3))
    layer = model.decoder.layers[-1]
    with torch.no_grad():
        state = model.start_decode(images)
        x = model._embed(tokens, 0, state.memory_kv)
        for lyr in model.decoder.layers[:-1]:
            x = lyr(x, state.cross_kv[0])
        h = x + layer.self_attn(layer.ln1(x), causal=True)
        q = layer.cross_attn._heads(layer.cross_attn.q(layer.ln2(h)))
        k = state.cross_kv[-1][0]
        manual = torch.softmax(q @ k.transpose(-1, -2) / layer.cross_attn.d_k ** 0.5, dim=-1).mean(1)
    torch.testing.assert_close(att, manual)


@pytest.mark.parametrize("temperature", [1.0, 0.7])
def test_rl_log_probabilities_in_one_pass_equal_the_sampling_steps(temperature: float) -> None:
    """The RL trainer samples without gradients and rescores the samples in one teacher-forced
    pass; without dropout that equals the log-probabilities the sampling loop computed."""
    from rrg_model.config import DecodeConfig
    from rrg_model.decode import sample
    from rrg_model.train_scst import sampled_logprobs
    torch.manual_seed(4)
    model = ReportGenerator(replace(CFG, use_cmm=True)).eval()
    images = torch.randn(3, 2, 3, 16, 16)
    s = sample(model, images, DecodeConfig(method="sample", temperature=temperature, max_len=12,
                                           block_trigrams=False), generator=torch.Generator().manual_seed(0))
    again = sampled_logprobs(model, images, s.tokens, temperature)
    torch.testing.assert_close(again * s.mask, s.logprobs.detach() * s.mask, rtol=1e-4, atol=1e-5)
    loss = -(again * s.mask).sum()
    loss.backward()
    assert model.decoder.layers[0].cross_attn.q.weight.grad is not None


def test_auxiliary_label_loss_adds_weighted_bce_and_only_with_labels() -> None:
    torch.manual_seed(5)
    cfg = replace(CFG, label_loss_weight=0.5)
    model = ReportGenerator(cfg).eval()
    images, targets = torch.randn(2, 2, 3, 16, 16), torch.tensor([[0, 5, 6, 0], [0, 7, 0, 0]])
    mask = torch.tensor([[1.0, 1, 1, 1], [1, 1, 1, 0]])
    labels = torch.zeros(2, 14)
    labels[0, 2] = 1.0
    with torch.no_grad():
        plain = model(images, targets, mask).loss
        out = model(images, targets, mask, labels)
        both = out.loss
        enc = model.encode(images, model.memory_kv())
        bce = torch.nn.functional.binary_cross_entropy_with_logits(model.label_head(enc.mean(1)), labels)
    torch.testing.assert_close(both, plain + 0.5 * bce)
    assert float(out.parts["label_loss"]) == pytest.approx(float(bce), rel=1e-5)
    assert float(out.parts["nll"]) == pytest.approx(float(plain), rel=1e-6) and "side_loss" not in out.parts
    assert ReportGenerator(CFG).label_head is None  # off by default (the paper has no such loss)


def test_side_loss_reads_the_first_images_halves_and_only_named_sides() -> None:
    torch.manual_seed(6)
    cfg = replace(CFG, side_loss_weight=2.0)
    model = ReportGenerator(cfg).eval()
    images, targets = torch.randn(2, 2, 3, 16, 16), torch.tensor([[0, 5, 6, 0], [0, 7, 0, 0]])
    sides = torch.full((2, 14, 2), float("nan"))
    sides[0, 10] = torch.tensor([1.0, 0.0])  # a right-sided effusion: the image's left half
    with torch.no_grad():
        plain = model(images, targets).loss
        unnamed = model(images, targets, sides=torch.full((2, 14, 2), float("nan"))).loss
        out = model(images, targets, sides=sides)
        named = out.loss
        enc, (_, h, w) = model._encode_grid(images, model.memory_kv())
        grid = enc[:, :h * w].reshape(2, h, w, -1)
        left, right = grid[0, :, :w // 2].mean((0, 1)), grid[0, :, w - w // 2:].mean((0, 1))
        logits = torch.stack([model.side_head(left)[10], model.side_head(right)[10]])
        bce = torch.nn.functional.binary_cross_entropy_with_logits(logits, torch.tensor([1.0, 0.0]))
    torch.testing.assert_close(unnamed, plain)
    torch.testing.assert_close(named, plain + 2.0 * bce)
    assert float(out.parts["side_loss"]) == pytest.approx(float(bce), rel=1e-5)
    assert ReportGenerator(CFG).side_head is None  # off by default

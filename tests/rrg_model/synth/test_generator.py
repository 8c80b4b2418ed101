"""Generator pieces: pixel packing, adaptive embeddings, tokenizing, checkpoint round trip."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

from rrg_model.errors import ModelError  # noqa: E402
from rrg_model.synth.checkpoint import load_generator, save_generator  # noqa: E402
from rrg_model.synth.config import GeneratorConfig, SynthConfig, apply_overrides, preset  # noqa: E402
from rrg_model.synth.generator import ReportToImage, block_dct, make_scheduler, tokenize  # noqa: E402
from rrg_model.tokenizer import Tokenizer  # noqa: E402

REPORTS = ["Mild cardiomegaly.", "No acute cardiopulmonary abnormality. Lungs are clear."]


@pytest.fixture()
def small():
    tok = Tokenizer.from_reports(REPORTS, 1, "iu_xray", 40)
    cfg = GeneratorConfig(image_size=16, pack=2, channels=(8, 16), text_dim=16, text_layers=1, text_heads=2,
                          max_tokens=40)
    torch.manual_seed(0)
    return ReportToImage(cfg, tok.vocab_size).eval(), tok


def test_packing_round_trip(small):
    model, _ = small
    img = torch.rand(2, 1, 16, 16)
    lat = model.to_latent(img)
    assert lat.shape == (2, 4, 8, 8) and float(lat.min()) >= -1 and float(lat.max()) <= 1
    assert torch.allclose(model.to_image(lat), img, atol=1e-6)


@pytest.mark.parametrize("p", [1, 2, 4])
def test_block_dct_is_orthonormal_and_haar_for_pairs(p):
    basis = block_dct(p)
    assert torch.allclose(basis @ basis.T, torch.eye(p * p), atol=1e-6)
    assert torch.allclose(basis[0], torch.full((p * p,), 1.0 / p))  # row 0: the block mean x p
    if p == 2:  # Haar: sum, column difference, row difference, diagonal difference (all / 2)
        assert torch.equal(basis * 2, torch.tensor([[1., 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]]))


def test_dct_packing_round_trip_and_what_its_channels_hold():
    cfg = GeneratorConfig(image_size=16, pack=2, packing="dct", channels=(8, 16), text_dim=16, text_layers=1,
                          text_heads=2, max_tokens=40)
    model = ReportToImage(cfg, 10).eval()
    img = torch.rand(2, 1, 16, 16)
    lat = model.to_latent(img)
    assert torch.allclose(model.to_image(lat), img, atol=1e-6)
    block = img[0, 0, :2, :2] * 2 - 1  # the first 2 x 2 block in [-1, 1]
    assert torch.allclose(lat[0, 0, 0, 0], block.sum() / 2, atol=1e-6)
    assert torch.allclose(lat[0, 3, 0, 0], (block[0, 0] - block[0, 1] - block[1, 0] + block[1, 1]) / 2, atol=1e-6)
    flat = torch.full((1, 1, 16, 16), 0.7)  # a flat image has no detail coefficients
    assert float(model.to_latent(flat)[:, 1:].abs().max()) < 1e-6
    # Gaussian noise stays standard normal in the DCT space (the diffusion is unchanged)
    z = torch.randn(4000, 4, 1, 1, generator=torch.Generator().manual_seed(0))
    w = torch.einsum("kc,bchw->bkhw", model.basis, z).reshape(4000, 4)
    assert torch.allclose(torch.cov(w.T), torch.eye(4), atol=0.08)
    # the predicted-sample clip covers the coefficients of any [0, 1] image
    assert make_scheduler(cfg).config.clip_sample_range == 2.0
    assert make_scheduler(GeneratorConfig()).config.clip_sample_range == 1.0
    assert "basis" not in model.state_dict()  # rebuilt from the config, so older checkpoints load
    with pytest.raises(ModelError, match="packing must be one of pixels, dct"):
        GeneratorConfig(packing="wavelet")


def test_adaptive_embeddings_start_as_identity_and_change_the_output(small):
    model, tok = small
    tokens, mask = tokenize(tok, REPORTS, 40)
    text = model.encode_text(tokens, mask)
    x = torch.randn(2, 4, 8, 8)
    with torch.no_grad():
        a = model.eps(x, 500, model.condition(text, True), mask)
        b = model.eps(x, 500, model.condition(text, False), mask)
        assert torch.equal(a, b)
        model.adaptive.weight.add_(0.5)
        c = model.eps(x, 500, model.condition(text, True), mask)
    assert (c - b).abs().max() > 1e-4


def test_text_changes_the_prediction(small):
    model, tok = small
    tokens, mask = tokenize(tok, REPORTS, 40)
    x = torch.randn(1, 4, 8, 8).expand(2, -1, -1, -1)
    with torch.no_grad():
        e = model.eps(x, 300, model.encode_text(tokens, mask), mask)
    assert (e[0] - e[1]).abs().max() > 1e-5
    assert tokens[0, 0] == 0 and mask[0].sum() == len(tok.encode(REPORTS[0]))


def test_checkpoint_round_trip(small, tmp_path):
    model, tok = small
    cfg = SynthConfig(generator=model.cfg)
    with torch.no_grad():
        model.adaptive.weight.normal_()
    save_generator(tmp_path / "g.pt", model, tok, cfg, stage="test")
    back, tok2, cfg2, meta = load_generator(tmp_path / "g.pt")
    assert cfg2 == cfg and meta == {"stage": "test"} and tok2.to_dict() == tok.to_dict()
    for (k, v), (k2, v2) in zip(model.state_dict().items(), back.state_dict().items()):
        assert k == k2 and torch.equal(v, v2)
    (tmp_path / "bad.pt").write_bytes(b"nope")
    with pytest.raises(ModelError, match="cannot load"):
        load_generator(tmp_path / "bad.pt")


def test_config_checks_and_overrides():
    with pytest.raises(ModelError, match="multiple of pack"):
        GeneratorConfig(image_size=30, pack=4)
    cfg = apply_overrides(preset("smoke"), ["tune.rounds=7", "tune.weights=1,0,2", "tune.feedback=absolute"])
    assert cfg.tune.rounds == 7 and cfg.tune.weights == (1.0, 0.0, 2.0) and cfg.tune.feedback == "absolute"
    assert SynthConfig.from_dict(cfg.to_dict()) == cfg
    with pytest.raises(ModelError, match="unknown setting"):
        apply_overrides(cfg, ["tune.nope=1"])
    with pytest.raises(ModelError, match="unknown feedback"):
        apply_overrides(cfg, ["tune.feedback=relative"])
    with pytest.raises(ModelError, match="eta must be > 0"):
        apply_overrides(cfg, ["tune.eta=0"])


def test_guided_eps_is_the_cfg_combination_of_the_two_branches(small):
    model, tok = small
    tokens, mask = tokenize(tok, REPORTS, 40)
    cond = model.encode_text(tokens, mask)
    x = torch.randn(1, 4, 8, 8).expand(2, -1, -1, -1)
    with torch.no_grad():
        e_cond = model.eps(x, 400, cond, mask)
        null, null_mask = model.null_condition(2, tokens.shape[1])
        e_null = model.eps(x, 400, null, null_mask)
        assert torch.equal(model.guided_eps(x, 400, cond, mask, 1.0), e_cond)
        torch.testing.assert_close(model.guided_eps(x, 400, cond, mask, 3.0), e_null + 3.0 * (e_cond - e_null),
                                   atol=1e-5, rtol=1e-4)
        # w = 0 is the unconditional model: both reports give the same prediction
        u = model.guided_eps(x, 400, cond, mask, 0.0)
    torch.testing.assert_close(u[0], u[1], atol=1e-6, rtol=0)
    assert (e_cond[0] - e_cond[1]).abs().max() > 1e-5
    assert null_mask[:, 0].eq(1).all() and null_mask[:, 1:].eq(0).all()


def test_condition_dropout_replaces_exactly_the_dropped_rows(small):
    model, tok = small
    tokens, mask = tokenize(tok, REPORTS, 40)
    cond = model.encode_text(tokens, mask)
    got, got_mask = model.drop_condition(cond, mask, torch.tensor([False, True]))
    assert torch.equal(got[0], cond[0]) and torch.equal(got_mask[0], mask[0])
    assert torch.equal(got[1, 0], model.null_text) and got_mask[1].sum() == 1


def test_training_config_checks():
    with pytest.raises(ModelError, match="cond_dropout"):
        apply_overrides(preset("smoke"), ["train.cond_dropout=1"])
    with pytest.raises(ModelError, match="guidance"):
        apply_overrides(preset("smoke"), ["tune.guidance=-1"])

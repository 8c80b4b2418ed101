from __future__ import annotations

from dataclasses import replace

import pytest

from rrg_model.config import (DecodeConfig, ModelConfig, RLConfig, RunConfig, apply_overrides,
                              for_dataset, preset)
from rrg_model.errors import ModelError


@pytest.mark.parametrize("name", ["paper", "quick", "smoke"])
def test_presets_round_trip_through_plain_json(name: str) -> None:
    import json
    cfg = preset(name)
    assert RunConfig.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg


def test_paper_preset_has_the_papers_hyperparameters() -> None:
    cfg = preset("paper")
    m = cfg.model
    assert (m.n_enc_layers, m.n_dec_layers, m.d_model, m.n_heads, m.d_ff, m.dropout) == (3, 3, 512, 8, 512, 0.1)
    assert (m.use_cmm, m.cmm_size, m.cmm_dim, m.cmm_threads, m.cmm_topk) == (True, 2048, 512, 8, 32)
    assert (cfg.train.lr_visual, cfg.train.lr_rest, cfg.train.lr_decay) == (5e-5, 1e-4, 0.8)
    assert cfg.train.epochs == 30 and cfg.train.batch_size == 16
    assert cfg.eval_decode.method == "beam" and cfg.eval_decode.beam_size == 3
    assert cfg.rl.reward == "bleu4" and cfg.rl.sample.method == "sample"
    assert m.visual == "resnet101" and m.images_per_study == 2


def test_mimic_uses_one_image_and_r2gen_lengths() -> None:
    cfg = for_dataset(preset("paper"), "mimic_cxr")
    assert cfg.model.images_per_study == 1
    assert (cfg.data.threshold, cfg.data.max_seq_length) == (10, 100)


def test_unknown_preset_and_keys_are_errors() -> None:
    with pytest.raises(ModelError, match="unknown preset 'tiny'"):
        preset("tiny")
    d = preset("smoke").to_dict()
    d["model"]["d_modle"] = 3
    with pytest.raises(ModelError, match=r"config\.model: unknown key\(s\) d_modle"):
        RunConfig.from_dict(d)


def test_invalid_values_are_rejected() -> None:
    with pytest.raises(ModelError, match="divisible"):
        ModelConfig(d_model=30, n_heads=4)
    with pytest.raises(ModelError, match="cmm_topk"):
        ModelConfig(cmm_size=8, cmm_topk=9)
    with pytest.raises(ModelError, match="temperature"):
        DecodeConfig(temperature=0)
    with pytest.raises(ModelError, match="method='sample'"):
        RLConfig(sample=DecodeConfig(method="greedy"))


def test_overrides_parse_by_field_type() -> None:
    cfg = apply_overrides(preset("smoke"), ["model.use_cmm=false", "rl.sample.temperature=0.5",
                                            "train.epochs=7", "rl.reward=cider",
                                            "data.max_train=12", "metrics=bleu,cider"])
    assert cfg.model.use_cmm is False
    assert cfg.rl.sample.temperature == 0.5
    assert cfg.train.epochs == 7 and cfg.rl.reward == "cider"
    assert cfg.data.max_train == 12 and cfg.metrics == ("bleu", "cider")
    assert replace(cfg, model=preset("smoke").model).model.use_cmm is True


@pytest.mark.parametrize("item, message", [
    ("model.use_cmm", "expects KEY=VALUE"),
    ("model.nope=1", "unknown setting 'model.nope'"),
    ("model=1", "is a section"),
    ("train.epochs=many", "needs an integer"),
    ("model.use_cmm=maybe", "needs true or false"),
    ("train.epochs=0", "epochs and batch_size must be >= 1"),
])
def test_bad_overrides_say_what_is_wrong(item: str, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        apply_overrides(preset("smoke"), [item])

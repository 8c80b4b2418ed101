"""`rrg explain`: per-word cross-attention maps over the views' patch grids."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from rrg_benchmarks.phantom import PhantomSpec, write_phantom
from rrg_cli.explain import attention_maps, draw, pick_words


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    pytest.importorskip("torch")
    from rrg_model import train_mle
    from rrg_model.config import preset

    root = tmp_path_factory.mktemp("explain")
    data = write_phantom(root / "data", PhantomSpec(seed=1, sizes=(16, 4, 4), image_size=32))
    cfg = preset("smoke")
    cfg = replace(cfg, num_threads=1, metrics=("bleu",), train=replace(cfg.train, epochs=1))
    return train_mle.train(cfg, data, root / "mle", progress=False), data


def test_maps_are_distributions_over_each_views_patches(trained: tuple[Path, Path], tmp_path: Path) -> None:
    ckpt, data = trained
    sid = json.loads((data / "annotation.json").read_text())["test"][0]["id"]
    res = attention_maps(ckpt, data, sid)
    t, n_img, g, g2 = res["maps"].shape
    assert t == len(res["words"]) >= 1 and n_img == 2 and g == g2 >= 2
    np.testing.assert_allclose(res["maps"].reshape(t, -1).sum(1), 1.0, atol=1e-5)
    assert len(res["images"]) == 2 and res["images"][0].shape == (32, 32)
    out = tmp_path / "fig.png"
    draw(res, [0], out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_study_is_a_model_error(trained: tuple[Path, Path]) -> None:
    from rrg_model.errors import ModelError

    with pytest.raises(ModelError, match="not in"):
        attention_maps(trained[0], trained[1], "NOPE")


def test_pick_words() -> None:
    words = "the heart is enlarged . small left pleural effusion . the heart".split()
    assert pick_words(words, ["effusion", "LEFT"]) == [6, 8]
    assert [words[i] for i in pick_words(words, [])] == ["heart", "enlarged", "small", "left", "pleural", "effusion"]
    assert pick_words(words, ["nodule"]) == []

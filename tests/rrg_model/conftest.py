"""Fixtures for the model tests: a tiny synthetic R2Gen-layout dataset and a fast config."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from rrg_model.config import RunConfig, preset  # noqa: E402
from rrg_model.synthetic import write_synthetic_dataset  # noqa: E402


@pytest.fixture(scope="session")
def syn_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """16 train / 4 val / 4 test synthetic studies of two 24 px views."""
    return write_synthetic_dataset(tmp_path_factory.mktemp("syn"), n_train=16, n_val=4, n_test=4,
                                   image_size=24, seed=3)


@pytest.fixture()
def smoke_cfg() -> RunConfig:
    """The smoke preset on one thread, without METEOR."""
    cfg = preset("smoke")
    return replace(cfg, num_threads=1, metrics=("bleu", "rouge_l", "cider"))

"""Fixtures for the model tests: a tiny phantom data set (R2Gen layout) and a fast config."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from rrg_model.config import RunConfig, preset  # noqa: E402
from rrg_benchmarks.phantom import PhantomSpec, write_phantom  # noqa: E402


@pytest.fixture(scope="session")
def syn_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """16 train / 4 val / 4 test phantom studies of two 24 px views (the project's one generator)."""
    return write_phantom(tmp_path_factory.mktemp("syn") / "data", PhantomSpec(seed=3, sizes=(16, 4, 4), image_size=24))


@pytest.fixture()
def smoke_cfg() -> RunConfig:
    """The smoke preset on one thread, without METEOR."""
    cfg = preset("smoke")
    return replace(cfg, num_threads=1, metrics=("bleu", "rouge_l", "cider"))

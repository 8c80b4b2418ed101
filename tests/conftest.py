"""Shared test setup: offline model hubs, the shared data folder, Java detection."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Model-based adapters (CheXbert, RadGraph) must fail fast, never hang on a download.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# torch threads that busy-wait crawl when another process shares the 2 cores.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("RRG_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
HAS_JAVA = shutil.which("java") is not None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that need it skip where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def java() -> str:
    """Path of the java binary; tests that need METEOR or the PTB tokenizer skip without it."""
    path = shutil.which("java")
    if path is None:
        pytest.skip("java is not installed")
    return path

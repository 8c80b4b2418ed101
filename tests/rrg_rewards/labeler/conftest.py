"""The hand-labeled report sets in ``data/`` (see ``data/README.md``): one loader that checks a
set is well formed, and one agreement check, for every set."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

from rrg_rewards.clinical import clinical_efficacy
from rrg_rewards.labeler import OBSERVATIONS, label

DATA = Path(__file__).parent / "data"


@pytest.fixture
def hand_labeled() -> Callable[[str], tuple[list[dict], np.ndarray]]:
    """``load(file name)`` -> (records, gold labels int8 (n, 14)), after checking the set: unique
    ids, only CheXpert values, and No Finding never beside a positive or uncertain pathology."""

    def load(name: str) -> tuple[list[dict], np.ndarray]:
        lines = (DATA / name).read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
        gold = np.array([r["labels"] for r in records], dtype=np.int8)
        assert gold.shape == (len(records), len(OBSERVATIONS))
        assert len({r["id"] for r in records}) == len(records)
        assert set(np.unique(gold)) <= {1, 0, -1, -2}
        pathology = np.isin(gold[:, 1:13], (1, -1)).any(axis=1)
        assert not (pathology & (gold[:, 0] == 1)).any()
        return records, gold

    return load


@pytest.fixture
def agreement_floor() -> Callable[[list[dict], np.ndarray], None]:
    """``check(records, gold)``: the labeler gets >= 99.8% of cells right and micro / macro F1
    >= .995 / .99 under both uncertainty conventions (a margin of a few cells below the
    measured 1.000, for later convention changes)."""

    def check(records: list[dict], gold: np.ndarray) -> None:
        got = label([r["report"] for r in records])
        assert (got == gold).mean() >= 0.998
        for unc in ("negative", "positive"):
            ce = clinical_efficacy(got, gold, uncertain=unc, labeler_name="gold")
            assert ce.micro.f1 >= 0.995 and ce.macro.f1 >= 0.99, (unc, ce.micro.f1, ce.macro.f1)

    return check

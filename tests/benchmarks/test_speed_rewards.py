"""benchmarks/speed_rewards.py's cost table: a row per reward and batch size (not a timing test)."""
from __future__ import annotations

import random

import pytest

pytest.importorskip("pycocoevalcap")

from rrg_benchmarks import speed_rewards  # noqa: E402
from rrg_rewards.nlg.cider import DocumentFrequencies  # noqa: E402


def test_cost_table_has_every_reward_and_pycocoevalcap(monkeypatch, capsys):
    # METEOR's JVM would take seconds to start: the other rows are the point here
    monkeypatch.setattr(speed_rewards, "COST_REWARDS",
                        tuple(n for n in speed_rewards.COST_REWARDS if n != "meteor"))
    rng = random.Random(0)
    reports = [" ".join(rng.choice(speed_rewards._WORDS) for _ in range(12)) for _ in range(40)]
    rows = speed_rewards.cost_table(reports, "test", DocumentFrequencies.from_corpus(reports),
                                    batches=[2, 5], rounds=2, tokens=8, seed=0)
    names = [*speed_rewards.COST_REWARDS, speed_rewards.COCO_ROW]
    assert sorted((n, b) for n, b, _, _ in rows) == sorted((n, b) for n in names for b in (2, 5))
    assert all(0 < best <= med for _, _, best, med in rows)
    out = capsys.readouterr().out
    assert all(n in out for n in names) and "batch 5" in out

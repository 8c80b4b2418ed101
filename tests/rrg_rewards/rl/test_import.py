"""`import rrg_rewards.rl` (and its numpy modules) must not import torch; rewards must not
import the prefix tables."""
from __future__ import annotations

import subprocess
import sys


def _fresh_python(code: str) -> str:
    """stdout of `code` run in a new interpreter (nothing imported yet)."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_import_rl_leaves_torch_out():
    assert _fresh_python(
        "import sys, rrg_rewards.rl, rrg_rewards.rl.rewards, rrg_rewards.rl.prefix, "
        "rrg_rewards.rl.baselines, rrg_rewards.rl.trl, rrg_rewards.rl.losses; "
        "from rrg_rewards.rl import make_reward, prefix_scores, RLOOBaseline; "
        "print('torch' in sys.modules)") == "False"


def test_rewards_do_not_import_the_prefix_tables():
    """rl/prefix.py builds on rl/rewards.py, never the other way round (no import circle):
    full-sequence rewards come from the nlg engine, not from the prefix tables."""
    assert _fresh_python(
        "import sys; from rrg_rewards.rl import make_reward; "
        "make_reward('0.5*bleu4+0.5*rouge_l')(['a b c'], ['a b d']); "
        "make_reward('cider', train_references=['a b', 'c'])(['a b c'], ['a b d']); "
        "print('rrg_rewards.rl.prefix' in sys.modules)") == "False"

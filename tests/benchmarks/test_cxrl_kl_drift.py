"""`python -m rrg_benchmarks.cxrl_kl_drift`: bad input gets one line and exit code 2 (the tuning it
runs is `rrg_model.synth.tune.tune`, tested in tests/rrg_model/synth/test_tune.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from rrg_benchmarks import cxrl_kl_drift


@pytest.mark.parametrize("args,message", [
    (["--weights", "0,1"], "--weights must be positive"),
    (["--weights", "one"], "--weights takes comma-separated numbers"),
    (["--rounds", "0"], "--rounds must be >= 1"),
    ([], "is not a finished cxrl study"),
])
def test_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture, args: list[str], message: str) -> None:
    assert cxrl_kl_drift.main([str(tmp_path), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("rrg: error:") and message in err[0]

"""`rrg bench` on the command line: one-line errors with exit 2, --prepare-only."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def _rrg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rrg_cli.main", "bench", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("args, message", [
    (["--dataset", "iu_xray"], "needs --data-dir"),
    (["--set", "nokey"], "--set expects section.key=value"),
    (["--preset", "huge"], "Invalid value for '--preset'"),
    (["--set", "model.nope=1", "--prepare-only"], "unknown setting 'model.nope'"),
    (["--institutions", "iu,mayo", "--prepare-only"], "unknown institution 'mayo'"),
    (["--institutions", "iu:0.5,terse:10"], "mixes forms"),
    (["--study", "generalization", "--train-institutions", "iu", "--heldout-institutions", "iu"],
     "both trained on and held out"),
    (["--study", "generalization", "--study-reward", "nospec"], "--study-reward expects NAME=SPEC"),
    # it wrote the data set and ignored --report-only
    (["--prepare-only", "--report-only"], "--prepare-only and --report-only exclude each other"),
])
def test_bad_input_is_one_line_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    proc = _rrg(*args, "--out", str(tmp_path / "o"), "--preset", "smoke") if "--preset" not in args else \
        _rrg(*args, "--out", str(tmp_path / "o"))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "error" in lines[0] and message in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_prepare_only_writes_the_smoke_phantom(tmp_path: Path) -> None:
    proc = _rrg("--preset", "smoke", "--prepare-only", "--out", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    data = Path(proc.stdout.strip())
    assert data == tmp_path / "o" / "data"
    ann = json.loads((data / "annotation.json").read_text())
    assert [len(ann[s]) for s in ("train", "val", "test")] == [64, 16, 24]


def test_real_data_without_images_points_to_images_phantom(shared_data: Path, tmp_path: Path) -> None:
    proc = _rrg("--dataset", "iu_xray", "--data-dir", str(shared_data / "iu_xray"), "--preset", "smoke",
                "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert "missing image files; use --images phantom" in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_prepare_only_writes_an_institution_mix(tmp_path: Path) -> None:
    proc = _rrg("--preset", "smoke", "--prepare-only", "--institutions", "iu:4/1/1,terse:0/0/3",
                "--out", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    ann = json.loads((Path(proc.stdout.strip()) / "annotation.json").read_text())
    assert [[e["institution"] for e in ann[s]] for s in ("train", "val", "test")] == \
        [["iu"] * 4, ["iu"], ["iu", "terse", "terse", "terse"]]

"""`rrg explain -o`: the extension picks the figure format, bad outputs are one line before any work."""
from pathlib import Path

import numpy as np
import pytest

from rrg_cli import explain


@pytest.fixture
def args(tmp_path: Path) -> list[str]:
    ckpt = tmp_path / "best.pt"
    ckpt.write_bytes(b"not read: the output is checked first")
    return ["explain", "--checkpoint", str(ckpt), "--data-dir", str(tmp_path), "--study", "s1"]


def _result() -> dict:
    """What attention_maps returns, without a model: one 8x8 view, two words, uniform 2x2 maps."""
    return {"words": ["heart", "effusion"], "maps": np.full((2, 1, 2, 2), 0.25),
            "images": [np.arange(64, dtype=np.uint8).reshape(8, 8)],
            "report": "heart effusion", "reference": "heart effusion"}


@pytest.fixture
def fake_maps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(explain, "attention_maps", lambda checkpoint, data_dir, study: _result())


def _not_called(*a, **k):
    raise AssertionError("the model ran before the output was checked")


@pytest.mark.parametrize("name, message", [
    ("missing_dir/x.png", "folder"),
    ("x.txt", "extension '.txt' is not a figure format; use one of .png, .pdf, .svg"),
    ("x", "no extension names a figure format"),
    ("x.pgf", "extension '.pgf' is not a figure format"),
])
def test_bad_output_is_one_line_exit_2_before_the_model_runs(rrg, args, tmp_path, monkeypatch,
                                                               name, message):
    monkeypatch.setattr(explain, "attention_maps", _not_called)
    before = sorted(tmp_path.iterdir())
    code, out, err = rrg([*args, "-o", str(tmp_path / name)])
    assert code == 2 and out == ""
    assert err.startswith("rrg: error: ") and message in err and err.count("\n") == 1, err
    assert sorted(tmp_path.iterdir()) == before  # nothing written, no folder made


@pytest.mark.parametrize("name, magic", [
    ("fig.png", b"\x89PNG\r\n\x1a\n"),
    ("fig.PDF", b"%PDF"),
    ("fig.svg", b"<?xml"),
    ("fig.jpg", b"\xff\xd8\xff"),
])
def test_the_extension_picks_the_format(rrg, args, tmp_path, fake_maps, name, magic):
    code, out, err = rrg([*args, "-o", str(tmp_path / name)])
    assert code == 0, err
    assert (tmp_path / name).read_bytes().startswith(magic)
    assert f"wrote {tmp_path / name}" in out
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_every_listed_format_is_writable(tmp_path):
    for fmt in explain.FIGURE_FORMATS:
        out = tmp_path / f"f.{fmt}"
        explain.draw(_result(), [0], out)
        assert out.stat().st_size > 0, fmt

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from rrg_model import checkpoint  # noqa: E402
from rrg_model.config import preset  # noqa: E402
from rrg_model.errors import ModelError  # noqa: E402
from rrg_model.tokenizer import Tokenizer  # noqa: E402


def _saved(tmp_path: Path) -> tuple[Path, torch.nn.Module]:
    cfg = preset("smoke")
    tok = Tokenizer(["the", "heart", "."], clean="iu_xray", max_seq_length=cfg.data.max_seq_length)
    torch.manual_seed(0)
    model = checkpoint.build_model(cfg, tok).eval()
    path = tmp_path / "m.pt"
    checkpoint.save(path, model, tok, cfg, epoch=3)
    return path, model


def test_round_trip_restores_model_tokenizer_and_config(tmp_path: Path) -> None:
    path, model = _saved(tmp_path)
    loaded, tok, cfg, raw = checkpoint.load(path)
    assert cfg == preset("smoke") and tok.token2idx["heart"] == 3 and raw["epoch"] == 3
    x = torch.randn(2, 2, 3, 16, 16)
    t = torch.zeros(2, 5, dtype=torch.long)
    assert torch.equal(loaded(x, t)[0], model(x, t)[0])
    # config and tokenizer are plain JSON inside
    assert json.loads(raw["config"])["model"]["d_model"] == 32
    assert json.loads(raw["tokenizer"])["vocab"] == [".", "<unk>", "heart", "the"]
    assert [p.name for p in tmp_path.iterdir()] == ["m.pt"]  # no temp file left behind


class _Evil:
    def __reduce__(self):  # would run code on an unsafe load
        return (os.system, ("echo pwned > /dev/null",))


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
def test_loading_never_unpickles_code(tmp_path: Path) -> None:
    path = tmp_path / "evil.pt"
    torch.save({"format": checkpoint.FORMAT, "x": _Evil()}, path)
    with pytest.raises(ModelError, match="not a plain-data torch file"):
        checkpoint.load(path)
    with (tmp_path / "raw.pkl").open("wb") as f:
        pickle.dump(_Evil(), f)
    with pytest.raises(ModelError, match="cannot load checkpoint"):
        checkpoint.load(tmp_path / "raw.pkl")


@pytest.mark.parametrize("content, reason", [
    (b"", "file is empty"),
    (b'["not", "a checkpoint"]', "not a torch file"),
    (bytes(range(256)) * 4, "not a torch file"),
    (b"hi\n", "not a torch file"),  # pickle read it as opcodes and said 'KeyError: 105'
    (b"\x80\x04junk", "not a torch file"),
    (b"PK\x03\x04junk", "not a complete torch file (truncated or corrupt)"),
])
def test_files_that_are_no_checkpoint_get_a_short_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    """These said 'EOFError', quoted a codec error or four sentences of torch's miniz internals."""
    path = tmp_path / "x.pt"
    path.write_bytes(content)
    with pytest.raises(ModelError) as info:
        checkpoint.load(path)
    assert str(info.value) == f"cannot load checkpoint {path}: {reason}"


def test_a_truncated_checkpoint_says_so(tmp_path: Path) -> None:
    torch.save({"format": checkpoint.FORMAT, "x": torch.zeros(1000)}, tmp_path / "full.pt")
    (tmp_path / "cut.pt").write_bytes((tmp_path / "full.pt").read_bytes()[:1500])
    with pytest.raises(ModelError, match=r"cut.pt: not a complete torch file \(truncated or corrupt\)"):
        checkpoint.load(tmp_path / "cut.pt")


def test_foreign_and_mismatched_checkpoints(tmp_path: Path) -> None:
    torch.save({"weights": torch.zeros(1)}, tmp_path / "other.pt")
    with pytest.raises(ModelError, match="not an rrg model checkpoint"):
        checkpoint.load(tmp_path / "other.pt")
    with pytest.raises(ModelError, match="checkpoint not found"):
        checkpoint.load(tmp_path / "missing.pt")
    path, _ = _saved(tmp_path)
    raw = checkpoint.load_raw(path)
    cfg = json.loads(raw["config"])
    cfg["model"]["d_model"] = 64
    raw["config"] = json.dumps(cfg)
    torch.save(raw, tmp_path / "bad.pt")
    with pytest.raises(ModelError, match="weights do not match"):
        checkpoint.load(tmp_path / "bad.pt")


def test_rng_state_round_trip() -> None:
    import random
    import numpy as np
    torch.manual_seed(1); np.random.seed(1); random.seed(1)
    state = checkpoint.rng_state()
    a = (torch.rand(3), np.random.rand(3), random.random())
    checkpoint.set_rng_state(state)
    b = (torch.rand(3), np.random.rand(3), random.random())
    assert torch.equal(a[0], b[0]) and np.array_equal(a[1], b[1]) and a[2] == b[2]

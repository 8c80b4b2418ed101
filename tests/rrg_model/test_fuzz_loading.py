"""Hostile files never escape as tracebacks: annotation and checkpoint loading only raise ModelError.

Hypothesis builds annotation.json contents (any JSON, wrong types, odd ids and paths, bad
encodings) and checkpoint files (random bytes, truncations and byte flips of a real one,
well-formed torch files with wrong contents); loading must either succeed or raise
`ModelError`, whose message is one line.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")

from rrg_model import checkpoint  # noqa: E402
from rrg_model.config import preset  # noqa: E402
from rrg_model.data import load_annotation  # noqa: E402
from rrg_model.errors import ModelError  # noqa: E402
from rrg_model.tokenizer import Tokenizer  # noqa: E402

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

_scalar = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=8))
_json = st.recursive(_scalar, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                      st.dictionaries(st.text(max_size=6), kids, max_size=3)),
                     max_leaves=12)
_path = st.one_of(st.sampled_from(["a/0.png", "../x.png", "/etc/passwd", "", "a/../../b.png", "\x00.png"]),
                  st.text(max_size=10), _scalar)
_entry = st.one_of(_json, st.fixed_dictionaries(
    {"id": _scalar, "report": st.one_of(st.text(max_size=20), _scalar),
     "image_path": st.one_of(_path, st.lists(_path, max_size=3))}))
_annotation = st.one_of(_json, st.dictionaries(st.sampled_from(["train", "val", "test", "x"]),
                                               st.one_of(st.lists(_entry, max_size=3), _json), max_size=3))


def _one_line(exc: ModelError) -> None:
    assert "\n" not in str(exc).strip()


@SETTINGS
@given(content=_annotation, encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_annotation_loading_fails_only_with_model_error(tmp_path: Path, content, encoding: str) -> None:
    (tmp_path / "images" / "a").mkdir(parents=True, exist_ok=True)
    (tmp_path / "images" / "a" / "0.png").write_bytes(b"\x89PNG")
    try:
        text = json.dumps(content, ensure_ascii=False)
        (tmp_path / "annotation.json").write_bytes(text.encode(encoding, errors="replace"))
    except (ValueError, UnicodeEncodeError):
        return
    try:
        load_annotation(tmp_path, 1)
    except ModelError as exc:
        _one_line(exc)


@SETTINGS
@given(blob=st.binary(max_size=300))
def test_annotation_bytes(tmp_path: Path, blob: bytes) -> None:
    (tmp_path / "annotation.json").write_bytes(blob)
    try:
        load_annotation(tmp_path, 2)
    except ModelError as exc:
        _one_line(exc)


@pytest.fixture(scope="module")
def real_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    cfg = preset("smoke")
    tok = Tokenizer.from_reports(["the heart is normal .", "no effusion ."], 1, clean="none", max_seq_length=10)
    path = tmp_path_factory.mktemp("ck") / "m.pt"
    checkpoint.save(path, checkpoint.build_model(cfg, tok), tok, cfg, stage="mle", epoch=1, best="{}")
    return path.read_bytes()


_payloads = st.one_of(
    _json,
    st.fixed_dictionaries({"format": st.sampled_from(["rrg-model/1", "other"]),
                           "config": st.one_of(st.text(max_size=20), _json.map(json.dumps)),
                           "tokenizer": st.one_of(st.text(max_size=20), _json.map(json.dumps)),
                           "model": st.one_of(_json, st.just({"w": torch.zeros(2)}))}))


@SETTINGS
@given(data=st.data())
def test_checkpoint_loading_fails_only_with_model_error(tmp_path: Path, real_checkpoint: bytes, data) -> None:
    kind = data.draw(st.sampled_from(["bytes", "truncated", "flipped", "payload"]))
    if kind == "bytes":
        blob = data.draw(st.binary(max_size=400))
    elif kind == "truncated":
        blob = real_checkpoint[:data.draw(st.integers(0, len(real_checkpoint) - 1))]
    elif kind == "flipped":
        pos = data.draw(st.integers(0, len(real_checkpoint) - 1))
        blob = real_checkpoint[:pos] + bytes([real_checkpoint[pos] ^ 0xFF]) + real_checkpoint[pos + 1:]
    else:
        buf = io.BytesIO()
        torch.save(data.draw(_payloads), buf)
        blob = buf.getvalue()
    path = tmp_path / "c.pt"
    path.write_bytes(blob)
    try:
        checkpoint.load(path)
    except ModelError as exc:
        _one_line(exc)


@SETTINGS
@given(junk=st.one_of(_json, st.just({"tok_emb.weight": torch.zeros(3, 3)}), st.just({"x": torch.zeros(1)})),
       field=st.sampled_from(["model", "config", "tokenizer", "best"]))
def test_real_checkpoint_with_one_field_replaced(tmp_path: Path, real_checkpoint: bytes, junk, field: str) -> None:
    ck = torch.load(io.BytesIO(real_checkpoint), weights_only=True)
    ck[field] = junk
    path = tmp_path / "c.pt"
    torch.save(ck, path)
    try:
        checkpoint.load(path)
    except ModelError as exc:
        _one_line(exc)


def test_nul_byte_in_an_image_path_is_one_model_error(tmp_path: Path) -> None:
    """Found by the fuzzing above: os.path.realpath raised ValueError on an embedded NUL."""
    (tmp_path / "annotation.json").write_text(json.dumps(
        {"train": [{"id": None, "report": "", "image_path": "\x00.png"}]}))
    with pytest.raises(ModelError, match="must be a relative path"):
        load_annotation(tmp_path, 1)

"""Fuzzing `rrg score` and `rrg label` inputs: whatever the file, exit 0 or one `rrg: error:` line and 2.

Files are built from random samples (ids of every JSON type, duplicated or missing, texts with
NULs, BOMs, line separators, lone surrogates and very long lines) in every input format, then
encoded as UTF-8, UTF-8 with BOM, UTF-16, Latin-1, cut short or NUL-poisoned, or replaced by
random bytes. Runs in process through `main()`, so an escaping exception fails the test
with its traceback. METEOR (a JVM) is left out. `derandomize=True`: CI runs the same examples
every time (about 10 s); for a wider search run once with a larger max_examples and
derandomize=False.
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rrg_rewards.labeler import OBSERVATIONS

METRICS = "bleu,rouge_l,cider"
FUZZ = settings(max_examples=500, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

NASTY = ["", " ", "\x00", "a\x00b", "\ufeff", "\ud800", "x \udfff y", "\u2028", "\x85", "\r", "\r\n",
         "\t", '"', ",", "|||", "\\", "🙂", "naïve café", "x" * 200_000, "lungs clear " * 2_000]
PLAIN = ["the heart is normal .", "small left pleural effusion .", "no pneumothorax . lungs clear ."]
texts = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), st.text(alphabet="abc .\n", max_size=60),
                  st.sampled_from(PLAIN))
ids = st.one_of(st.sampled_from(["1", "a", "", " "]), st.integers(-3, 3), st.floats(allow_nan=True),
                st.none(), st.booleans(), st.lists(st.integers(), max_size=2),
                st.dictionaries(st.text(max_size=2), st.integers(), max_size=1), st.text(max_size=8))
ID_KEYS = ["id", "study_id", "image_id", "ID", "zz", ""]
TEXT_KEYS = ["report", "text", "caption", "Report", "zz", ""]
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | texts,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                                       max_size=3),
                           max_leaves=8)


MISSING = object()  #: a field left out of a record


@st.composite
def samples(draw) -> tuple[str, str, list[tuple[object, object]]]:
    """(id key, text key, [(id, text)]): ids odd or duplicated, either field sometimes MISSING."""
    # mostly names the readers look for, so that many files get as far as scoring or labeling
    id_key = draw(st.sampled_from(["id"] * 4 + ID_KEYS))
    text_key = draw(st.sampled_from(["report"] * 6 + TEXT_KEYS))
    out = []
    for i in range(draw(st.integers(0, 6))):
        sid = draw(st.one_of(ids, st.just(f"s{i}"))) if draw(st.integers(0, 9)) else MISSING
        text = draw(st.one_of(texts, texts, texts, st.lists(texts, max_size=3), json_values)) \
            if draw(st.integers(0, 9)) else MISSING
        out.append((sid, text))
    return id_key, text_key, out


def serialize(draw, id_key: str, text_key: str, rows: list[tuple[object, object]], fmt: str) -> str:
    """The samples in format `fmt` ("" is any of the JSON shapes without an extension)."""
    texts_ = ["" if t is MISSING else t for _, t in rows]
    if fmt in ("json", "jsonl", ""):
        shape = draw(st.sampled_from(["records", "list", "object", "value", "deep"]))
        if shape == "deep":
            return "[" * 5_000 + "]" * 5_000
        records = [{k: v for k, v in ((id_key, sid), (text_key, t)) if v is not MISSING} for sid, t in rows]
        data = {"records": records, "list": texts_, "value": draw(json_values),
                "object": {str(i if sid is MISSING else sid): t for i, (sid, t) in enumerate(zip(
                    (sid for sid, _ in rows), texts_))}}[shape]
        ascii_only = draw(st.booleans())
        if fmt == "jsonl" and isinstance(data, list):
            return "\n".join(json.dumps(d, ensure_ascii=ascii_only) for d in data) + draw(
                st.sampled_from(["", "\n", "\n{oops", "\n\n"]))
        return json.dumps(data, ensure_ascii=ascii_only)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="\t" if fmt == "tsv" else ",",
                       lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
        if draw(st.integers(0, 4)):  # mostly with a header
            w.writerow([id_key, text_key] if draw(st.booleans()) else [text_key])
        for sid, t in rows:
            row = [str(x) for x in (sid, t) if x is not MISSING]
            w.writerow(row if draw(st.integers(0, 5)) else row[:draw(st.integers(0, len(row)))])
        return buf.getvalue()
    return "\n".join(map(str, texts_))  # txt


def encode(draw, text: str) -> bytes:
    how = draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "utf-16", "utf-16-le", "latin-1", "random"]))
    if how == "random":
        return draw(st.binary(max_size=200))
    data = text.encode(how, errors="surrogatepass" if how.startswith("utf") else "replace")
    hurt = draw(st.sampled_from(["none"] * 6 + ["nul", "cut", "bom"]))
    if hurt == "nul" and data:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\x00" + data[at:]
    elif hurt == "cut" and data:
        data = data[:draw(st.integers(0, len(data)))]
    elif hurt == "bom":
        data = b"\xef\xbb\xbf" + data
    return data


@st.composite
def input_file(draw) -> tuple[str, bytes]:
    """(file name, bytes) of a random report file."""
    fmt = draw(st.sampled_from(["json", "jsonl", "csv", "tsv", "txt", ""]))
    text = serialize(draw, *draw(samples()), fmt)
    return ("reports." + fmt if fmt else "reports"), encode(draw, text)


def check_outcome(code: int, out: str, err: str) -> None:
    assert code in (0, 2), (code, err)
    assert "Traceback" not in out + err
    if code == 2:
        assert err.startswith("rrg: error: ") and len(err.splitlines()) == 1 and err.endswith("\n"), err
    for line in err.splitlines():
        assert line.startswith("rrg: "), err


def _write(folder: Path, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


@FUZZ
@given(preds=input_file(), refs=input_file(), same=st.booleans())
def test_fuzz_score(rrg, preds, refs, same):
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        (folder / "p").mkdir()
        (folder / "r").mkdir()
        p = _write(folder / "p", *preds)
        r = p if same else _write(folder / "r", *refs)
        per_sample = folder / "per.csv"
        code, out, err = rrg(["score", p, r, "-m", METRICS, "-f", "json", "--per-sample", str(per_sample)])
        check_outcome(code, out, err)
        if code == 0:
            assert set(json.loads(out)["scores"]) >= {"Bleu_4", "ROUGE_L", "CIDEr"}
            assert per_sample.is_file()
        else:
            assert out == "" and not per_sample.exists()


@FUZZ
@given(src=input_file(), stanford=st.booleans())
def test_fuzz_label(rrg, src, stanford):
    name, data = src
    if stanford:  # the Stanford labeler's header-less one-column CSV takes another reader
        name = "reports.csv"
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        target = folder / "out" / "labeled.csv"
        target.parent.mkdir()
        code, out, err = rrg(["label", _write(folder, name, data), "-o", str(target)])
        check_outcome(code, out, err)
        if code == 0:
            limit = csv.field_size_limit(1 << 24)  # a report may be one 200k-character line
            try:
                rows = list(csv.reader(target.open(encoding="utf-8", newline="")))
            finally:
                csv.field_size_limit(limit)
            assert rows[0][-len(OBSERVATIONS):] == list(OBSERVATIONS)
            assert len(rows) >= 2
        else:
            assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize("name, content, message", [
    ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("deep.jsonl", '{"a": ' * 100_000 + "1" + "}" * 100_000, "nested too deeply on line 1"),
    ("deep", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("sur.json", '["a \\ud800 b", "c"]', "unpaired UTF-16 surrogate"),
    ("sur.jsonl", '{"id": "1", "report": "ok"}\n{"id": "\\udc00", "report": "x"}\n', "unpaired UTF-16 surrogate"),
    ("null.json", json.dumps([{"id": None, "report": "a"}]), "record 1 field 'id' is null"),
    ("list.jsonl", json.dumps({"id": [1], "report": "a"}), "record 1 field 'id' is a list"),
    ("bool.json", json.dumps([{"id": True, "report": "a"}]), "record 1 field 'id' is a boolean"),
    ("blank.csv", "id,report\n1,a\n,b\n", "line 3 has an empty 'id'"),
    ("short.csv", "id,report\n1,a\n2\n", "line 3 has no 'report' value"),
    ("dup.csv", "id,report\n1,a\n1,b\n", "duplicate ids: '1'"),
    ("breaks.csv", 'a\u2028b,"c\nd"\n1,2\n', "found: 'a\\u2028b', 'c\\nd'"),
])
def test_crashes_found_by_fuzzing_are_one_line_errors(rrg, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    for argv in (["score", str(path), str(path), "-m", METRICS], ["label", str(path), "-o", str(tmp_path / "o.csv")]):
        code, out, err = rrg(argv)
        assert code == 2 and err.startswith("rrg: error: ") and message in err and err.count("\n") == 1, (argv, err)
        assert not (tmp_path / "o.csv").exists()

"""Reading every supported input format, aligning by id or position, and the one-line errors."""
import json
import os

import pytest

from rrg_cli.io import align, atomic_write, read_reports
from rrg_rewards.errors import RewardsError


def write(tmp_path, name, content, mode="w"):
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return str(p)


def test_json_list_aligns_by_position(tmp_path):
    r = read_reports(write(tmp_path, "p.json", json.dumps(["a b", "c"])))
    assert r.ids is None and r.texts == [["a b"], ["c"]]


def test_json_object_with_lists_is_pycocoevalcap_format(tmp_path):
    r = read_reports(write(tmp_path, "g.json", json.dumps({"1": ["x", "y"], "2": ["z"]})))
    assert r.ids == ["1", "2"] and r.texts == [["x", "y"], ["z"]]


def test_json_records_coco_results(tmp_path):
    recs = [{"image_id": 5, "caption": "a"}, {"image_id": 6, "caption": "b"}]
    r = read_reports(write(tmp_path, "res.json", json.dumps(recs)))
    assert r.ids == ["5", "6"] and r.texts == [["a"], ["b"]]


def test_jsonl_with_named_fields(tmp_path):
    lines = "\n".join(json.dumps({"sid": i, "gen": f"t{i}"}) for i in range(3))
    r = read_reports(write(tmp_path, "p.jsonl", lines), id_column="sid", text_column="gen")
    assert r.ids == ["0", "1", "2"] and r.texts == [["t0"], ["t1"], ["t2"]]


def test_csv_with_multiline_report(tmp_path):
    r = read_reports(write(tmp_path, "p.csv", 'id,report\n1,"line one\nline two"\n2,b\n'))
    assert r.ids == ["1", "2"] and r.texts[0] == ["line one\nline two"]


def test_txt_one_per_line(tmp_path):
    r = read_reports(write(tmp_path, "h.txt", "a\nb\n"))
    assert r.texts == [["a"], ["b"]]


@pytest.mark.parametrize("name, content, message", [
    ("bad.json", "{not json", "invalid JSON"),
    ("e.json", "[]", "JSON list is empty"),
    ("e2.json", "   ", "file is empty"),
    ("n.json", "42", "expected a JSON list or object"),
    ("w.json", json.dumps([1, 2]), "item 1 is a number"),
    ("w2.json", json.dumps({"a": {"b": 1}}), "entry 'a' is an object"),
    ("c.csv", "foo,bar\n1,2\n", "no text column"),
    ("h.csv", "id,report\n", "header but no rows"),
    ("d.json", json.dumps({"a": []}), "empty list"),
    ("bin.json", b'["caf\xe9"]', r"not valid UTF-8 \(byte 0xe9"),
    ("u16.json", '["heart normal"]'.encode("utf-16"), r"UTF-16 text .*save it as UTF-8"),
    ("l.jsonl", '{"id": 1, "report": "a"}\n{oops', "invalid JSON on line 2"),
])
def test_bad_files_name_file_and_problem(tmp_path, name, content, message):
    path = write(tmp_path, name, content)
    with pytest.raises(RewardsError, match=message) as exc:
        read_reports(path)
    assert path in str(exc.value) and "\n" not in str(exc.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(RewardsError, match="no such file"):
        read_reports(tmp_path / "nope.json")
    with pytest.raises(RewardsError, match="is a directory"):
        read_reports(tmp_path)


def test_duplicate_ids_are_an_error(tmp_path):
    path = write(tmp_path, "d.jsonl", '{"id": 1, "report": "a"}\n{"id": 1, "report": "b"}\n')
    with pytest.raises(RewardsError, match="duplicate ids: '1'"):
        read_reports(path)


def test_align_by_id_reorders(tmp_path):
    p = read_reports(write(tmp_path, "p.json", json.dumps({"b": "pb", "a": "pa"})))
    r = read_reports(write(tmp_path, "r.json", json.dumps({"a": ["ra"], "b": ["rb1", "rb2"]})))
    ids, preds, refs = align(p, r)
    assert ids == ["b", "a"] and preds == ["pb", "pa"] and refs == [["rb1", "rb2"], ["ra"]]


def test_align_lists_missing_and_extra_ids(tmp_path):
    p = read_reports(write(tmp_path, "p.json", json.dumps({"a": "x", "b": "y", "c": "z"})))
    r = read_reports(write(tmp_path, "r.json", json.dumps({"a": "x", "d": "w"})))
    with pytest.raises(RewardsError) as exc:
        align(p, r)
    msg = str(exc.value)
    assert "2 prediction id(s) missing" in msg and "'b'" in msg and "'d'" in msg


def test_align_by_position_needs_equal_counts(tmp_path):
    p = read_reports(write(tmp_path, "p.json", json.dumps(["a", "b"])))
    r = read_reports(write(tmp_path, "r.json", json.dumps(["a"])))
    with pytest.raises(RewardsError, match="2 predictions but .* 1 references"):
        align(p, r)


def test_prediction_with_two_texts_is_an_error(tmp_path):
    p = read_reports(write(tmp_path, "p.json", json.dumps({"a": ["x", "y"]})))
    r = read_reports(write(tmp_path, "r.json", json.dumps({"a": "x"})))
    with pytest.raises(RewardsError, match="2 predictions, expected one"):
        align(p, r)


def test_atomic_write_leaves_no_temp_files(tmp_path):
    target = tmp_path / "out.txt"
    atomic_write(target, "hello")
    assert target.read_text() == "hello"
    assert os.listdir(tmp_path) == ["out.txt"]
    with pytest.raises(RewardsError, match="does not exist"):
        atomic_write(tmp_path / "missing" / "x.txt", "a")

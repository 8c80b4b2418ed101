"""`rrg score` end to end: formats, per-sample output, intervals, paired test, and exit code 2 errors."""
import csv
import json
import subprocess
import sys

import numpy as np
import pytest

from rrg_rewards import score

METRICS_NO_JAVA = "bleu,rouge_l,cider"




@pytest.fixture
def files(tmp_path):
    preds = {"a": "the heart is normal . no effusion .", "b": "small left pleural effusion .",
             "c": "lungs are clear .", "d": ""}
    refs = {"a": ["heart size is normal . no pleural effusion ."], "b": ["small left effusion ."],
            "c": ["the lungs are clear .", "no acute disease ."], "d": ["normal chest ."]}
    p, r = tmp_path / "p.json", tmp_path / "r.json"
    p.write_text(json.dumps(preds))
    r.write_text(json.dumps(refs))
    return str(p), str(r), preds, refs


def test_json_output_equals_library_and_carries_signature(files, rrg):
    p, r, preds, refs = files
    code, out, err = rrg(["score", p, r, "-m", METRICS_NO_JAVA, "-f", "json"])
    assert code == 0, err
    rep = json.loads(out)
    lib = score(list(preds.values()), list(refs.values()), metrics=METRICS_NO_JAVA.split(","))
    assert set(rep["scores"]) == {"Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4", "ROUGE_L", "CIDEr"}
    for k, s in lib.items():
        assert rep["scores"][k]["value"] == s.value
        assert rep["scores"][k]["signature"] == s.signature
    sig = rep["signature"]
    assert sig["samples"] == 4 and sig["clean"] == "none" and sig["nrefs"] == "var"
    assert "pycocoevalcap" in sig["reference"]


@pytest.mark.parametrize("fmt, marker", [("table", "Bleu_4"), ("csv", "metric,value"),
                                         ("markdown", "| metric | value |")])
def test_text_formats(files, rrg, fmt, marker):
    p, r, *_ = files
    code, out, _ = rrg(["score", p, r, "-m", METRICS_NO_JAVA, "-f", fmt])
    assert code == 0 and marker in out


def test_per_sample_file_matches_library(files, rrg, tmp_path):
    p, r, preds, refs = files
    target = tmp_path / "per.csv"
    code, _, err = rrg(["score", p, r, "-m", METRICS_NO_JAVA, "--per-sample", str(target)])
    assert code == 0, err
    rows = list(csv.DictReader(target.open()))
    lib = score(list(preds.values()), list(refs.values()), metrics=METRICS_NO_JAVA.split(","))
    assert [row["id"] for row in rows] == list(preds)
    np.testing.assert_array_equal([float(row["CIDEr"]) for row in rows], lib["CIDEr"].per_sample)


def test_bootstrap_interval_brackets_value(files, rrg):
    p, r, *_ = files
    code, out, _ = rrg(["score", p, r, "-m", "bleu,rouge_l", "-f", "json", "--bootstrap", "200"])
    assert code == 0
    for s in json.loads(out)["scores"].values():
        assert s["ci"]["low"] - 1e-12 <= s["value"] <= s["ci"]["high"] + 1e-12


def test_compare_with_itself_is_not_significant(files, rrg):
    p, r, *_ = files
    code, out, _ = rrg(["score", p, r, "-m", "bleu,cider", "-f", "json", "--compare", p, "--trials", "100"])
    assert code == 0
    for s in json.loads(out)["scores"].values():
        assert s["compare"]["delta"] == 0.0 and s["compare"]["p_value"] == 1.0


def test_output_file_is_written(files, rrg, tmp_path):
    p, r, *_ = files
    target = tmp_path / "out.json"
    code, out, _ = rrg(["score", p, r, "-m", "bleu", "-f", "json", "-o", str(target)])
    assert code == 0 and out == "" and "Bleu_4" in json.loads(target.read_text())["scores"]


@pytest.mark.parametrize("case, message", [
    ("missing", "no such file"),
    ("directory", "is a directory"),
    ("ids", "ids do not match"),
    ("count", "predictions but"),
    ("utf8", "not valid UTF-8"),
    ("metric", "unknown metric"),
    ("csvcols", "no text column"),
])
def test_bad_input_exits_2_with_one_line(files, rrg, tmp_path, case, message):
    p, r, *_ = files
    args = ["score", p, r, "-m", "bleu"]
    if case == "missing":
        args[1] = str(tmp_path / "nope.json")
    elif case == "directory":
        args[2] = str(tmp_path)
    elif case == "ids":
        (tmp_path / "other.json").write_text(json.dumps({"a": "x", "zz": "y"}))
        args[2] = str(tmp_path / "other.json")
    elif case == "count":
        (tmp_path / "l1.json").write_text(json.dumps(["a", "b"]))
        (tmp_path / "l2.json").write_text(json.dumps(["a"]))
        args[1:3] = [str(tmp_path / "l1.json"), str(tmp_path / "l2.json")]
    elif case == "utf8":
        (tmp_path / "bad.json").write_bytes(b'["\xff"]')
        args[1] = str(tmp_path / "bad.json")
    elif case == "metric":
        args[4] = "bleu,spice2"
    elif case == "csvcols":
        (tmp_path / "c.csv").write_text("x,y\n1,2\n")
        args[1] = str(tmp_path / "c.csv")
    code, out, err = rrg(args)
    assert code == 2
    assert err.startswith("rrg: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_unknown_metric_lists_every_choice_including_ce(files, rrg):
    p, r, *_ = files
    code, _, err = rrg(["score", p, r, "-m", "bleu,SPICE"])
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("rrg: error: unknown metric 'SPICE'; choose from ")
    choices = err.split("choose from ", 1)[1].strip().split(", ")
    assert set(choices) == {"bleu", "meteor", "rouge_l", "cider", "rouge_score", "ce", "all"}


def test_real_process_exit_code_and_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "rrg_cli.main", "score", str(tmp_path / "x.json"),
                           str(tmp_path / "y.json")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("rrg: error:") and "Traceback" not in proc.stderr


def test_usage_error_is_one_line(rrg):
    code, _, err = rrg(["score", "--format", "xml", "a", "b"])
    assert code == 2 and err.count("\n") == 1 and "xml" in err


def test_without_java_meteor_is_one_warning_and_the_rest_is_scored(files, tmp_path):
    import os
    p, r, *_ = files
    env = {**os.environ, "PATH": str(tmp_path)}  # no java on PATH
    proc = subprocess.run([sys.executable, "-m", "rrg_cli.main", "score", p, r, "-f", "json"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("\n") == 1 and "METEOR unavailable" in proc.stderr
    scores = json.loads(proc.stdout)["scores"]
    assert "METEOR" not in scores and {"Bleu_4", "ROUGE_L", "CIDEr"} <= set(scores)


def test_newlines_and_separators_are_scored(tmp_path, rrg, java):
    (tmp_path / "p.json").write_text(json.dumps(["the heart ||| is normal\nno effusion .", "lungs clear"]))
    (tmp_path / "r.json").write_text(json.dumps(["heart is normal .\n no effusion .", "the lungs are clear |||"]))
    for _ in range(2):  # a second call must not hang after the newline (pycocoevalcap does)
        code, out, err = rrg(["score", str(tmp_path / "p.json"), str(tmp_path / "r.json"), "-f", "json"])
        assert code == 0, err
        assert 0.0 < json.loads(out)["scores"]["METEOR"]["value"] < 1.0


def test_only_meteor_without_java_is_one_error_line(files, tmp_path):
    import os
    p, r, *_ = files
    env = {**os.environ, "PATH": str(tmp_path)}  # no java on PATH
    proc = subprocess.run([sys.executable, "-m", "rrg_cli.main", "score", p, r, "-m", "meteor"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("rrg: error: METEOR unavailable") and "no other metric" in proc.stderr


def test_all_is_the_four_nlg_metrics_and_ce(files, tmp_path):
    import os
    p, r, *_ = files
    env = {**os.environ, "PATH": str(tmp_path)}  # no java: METEOR is left out with a warning, fast
    proc = subprocess.run([sys.executable, "-m", "rrg_cli.main", "score", p, r, "-m", "all", "-f", "json"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    rep = json.loads(proc.stdout)
    assert {"Bleu_4", "ROUGE_L", "CIDEr", "CE_F1_micro", "CE_F1_macro"} <= set(rep["scores"])
    assert rep["signature"]["metrics"] == ["bleu", "rouge_l", "cider", "ce"]


def test_label_csv_of_other_reports_gets_a_note(files, rrg, tmp_path):
    """--pred-labels rows are matched by position; labels of other reports say so in a note."""
    p, r, preds, refs = files
    labels = tmp_path / "labels.csv"
    assert rrg(["label", p, "-o", str(labels)])[0] == 0
    code, out, err = rrg(["score", p, r, "-m", "ce", "--pred-labels", str(labels)])
    assert code == 0, err
    assert "note:" not in out  # rrg label's own CSV of these predictions
    rows = list(csv.reader(open(labels, newline="")))
    with open(labels, "w", newline="") as fh:  # the same labels, rows in another order
        csv.writer(fh).writerows([rows[0]] + rows[1:][::-1])
    code, out, err = rrg(["score", p, r, "-m", "ce", "--pred-labels", str(labels)])
    assert code == 0, err
    assert f"note: {labels}: the report in 4 of 4 rows is not the sample's text (first: row 1)" in out


@pytest.mark.parametrize("extra, named", [
    (["--pred-labels", "labels.csv"], "--pred-labels only applies"),
    (["--ce-uncertain", "positive", "--ce-observations", "5"], "--ce-uncertain/--ce-observations only apply"),
])
def test_ce_options_without_ce_are_an_error(files, rrg, tmp_path, extra, named):
    """They were silently ignored: -m bleu --pred-labels P.csv scored as if no labels were given."""
    p, r, _, _ = files
    extra = [str(tmp_path / x) if x.endswith(".csv") else x for x in extra]
    code, out, err = rrg(["score", p, r, "-m", "bleu,cider", *extra])
    assert code == 2 and out == ""
    assert err.startswith(f"rrg: error: {named} to clinical efficacy; add ce to --metrics")
    assert err.count("\n") == 1

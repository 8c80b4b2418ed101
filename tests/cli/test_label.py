"""`rrg label`: Stanford CSV drop-in, other input formats, and one-line errors with exit code 2."""
import csv
import json

import pytest

from rrg_rewards.labeler import OBSERVATIONS




def test_reproduces_stanford_output_byte_for_byte(shared_data, tmp_path, rrg):
    src = shared_data / "chexpert_labeler"
    out = tmp_path / "labeled.csv"
    code, _, err = rrg(["label", str(src / "sample_reports.csv"), "-o", str(out)])
    assert code == 0, err
    assert out.read_bytes() == (src / "labeled_reports.csv").read_bytes()


def test_json_with_ids_gets_an_id_column(tmp_path, rrg):
    p = tmp_path / "r.json"
    p.write_text(json.dumps([{"id": "s1", "report": "No effusion."},
                             {"id": "s2", "report": "Possible pneumonia."}]))
    out = tmp_path / "o.csv"
    code, _, err = rrg(["label", str(p), "-o", str(out)])
    assert code == 0, err
    rows = list(csv.DictReader(open(out, newline="")))
    assert list(rows[0]) == ["id", "Reports", *OBSERVATIONS]
    assert rows[0]["id"] == "s1" and rows[0]["Pleural Effusion"] == "0.0" and rows[0]["No Finding"] == "1.0"
    assert rows[1]["Pneumonia"] == "-1.0" and rows[1]["No Finding"] == "" and rows[1]["Edema"] == ""


def test_csv_with_header_and_txt(tmp_path, rrg):
    p = tmp_path / "r.csv"
    p.write_text("report\nCardiomegaly.\n")
    out = tmp_path / "o.csv"
    assert rrg(["label", str(p), "-o", str(out)])[0] == 0
    rows = list(csv.DictReader(open(out, newline="")))
    assert len(rows) == 1 and rows[0]["Cardiomegaly"] == "1.0"
    t = tmp_path / "r.txt"
    t.write_text("No pneumothorax.\nSmall pneumothorax.\n")
    assert rrg(["label", str(t), "-o", str(out)])[0] == 0
    assert [r["Pneumothorax"] for r in csv.DictReader(open(out, newline=""))] == ["0.0", "1.0"]


@pytest.mark.parametrize("setup,msg", [
    (lambda d: str(d / "missing.csv"), "no such file"),
    (lambda d: (d / "e.json").write_text("[]") and str(d / "e.json"), "empty"),
    (lambda d: (d / "b.json").write_text("{oops") and str(d / "b.json"), "invalid JSON"),
    (lambda d: (d / "m.json").write_text(json.dumps([["a", "b"]])) and str(d / "m.json"), "expected one"),
])
def test_bad_input_one_line_exit_2(tmp_path, rrg, setup, msg):
    path = setup(tmp_path)
    code, out, err = rrg(["label", path, "-o", str(tmp_path / "o.csv")])
    assert code == 2 and msg in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "o.csv").exists()


def test_stanford_format_forced_on_a_multi_column_file(tmp_path, rrg):
    p = tmp_path / "two.csv"
    p.write_text("a,b\nc,d\n")
    code, _, err = rrg(["label", str(p), "-o", str(tmp_path / "o.csv"), "--input-format", "stanford"])
    assert code == 2 and "header-less one-column CSV" in err


def test_unwritable_output_leaves_nothing(tmp_path, rrg):
    p = tmp_path / "r.txt"
    p.write_text("No effusion.\n")
    code, _, err = rrg(["label", str(p), "-o", str(tmp_path / "nodir" / "o.csv")])
    assert code == 2 and "does not exist" in err
    assert sorted(x.name for x in tmp_path.iterdir()) == ["r.txt"]


MIMIC_LIKE = ("FINAL REPORT\nINDICATION: Fever, eval for pneumonia.\n\nFINDINGS: Small left pleural effusion.\n\n"
              "IMPRESSION: No pneumothorax.\n\nADDENDUM: Possible small right pneumothorax on review.\n")


@pytest.mark.parametrize("sections,want", [
    # all: every section about this study; the indication's question is dropped
    ("all", {"Pleural Effusion": "1.0", "Pneumothorax": "-1.0", "Pneumonia": ""}),
    ("findings,impression", {"Pleural Effusion": "1.0", "Pneumothorax": "0.0", "Pneumonia": ""}),
    ("impression", {"Pleural Effusion": "", "Pneumothorax": "0.0", "Pneumonia": ""}),
    ("findings", {"Pleural Effusion": "1.0", "Pneumothorax": "", "Pneumonia": ""}),
])
def test_sections_choose_what_counts(tmp_path, rrg, sections, want):
    p = tmp_path / "r.json"
    p.write_text(json.dumps([MIMIC_LIKE, "Heart size normal. Small right effusion."]))
    out = tmp_path / "o.csv"
    code, _, err = rrg(["label", str(p), "-o", str(out), "--sections", sections])
    assert code == 0, err
    rows = list(csv.DictReader(open(out, newline="")))
    assert {k: rows[0][k] for k in want} == want
    # a report without section headers (IU X-Ray style) is read whole in every mode
    assert rows[1]["Pleural Effusion"] == "1.0" and rows[1]["Cardiomegaly"] == "0.0"


def test_bad_sections_one_line_exit_2(tmp_path, rrg):
    p = tmp_path / "r.txt"
    p.write_text("No effusion.\n")
    code, _, err = rrg(["label", str(p), "-o", str(tmp_path / "o.csv"), "--sections", "findings,history"])
    assert code == 2 and "sections must be 'all' or a comma list of findings, impression" in err
    assert err.count("\n") == 1 and not (tmp_path / "o.csv").exists()


def test_named_column_means_a_header_not_a_report(tmp_path, rrg):
    # a one-column CSV with --text-column: its first row is the header, not the first report
    p = tmp_path / "imp.csv"
    p.write_text("impression\nNo effusion.\nSmall left effusion.\n")
    out = tmp_path / "o.csv"
    code, _, err = rrg(["label", str(p), "--text-column", "impression", "-o", str(out)])
    assert code == 0, err
    rows = list(csv.DictReader(open(out, newline="")))
    assert [r["Reports"] for r in rows] == ["No effusion.", "Small left effusion."]
    assert [r["Pleural Effusion"] for r in rows] == ["0.0", "1.0"]
    # without the option an "Impression" header is not labeled either: it must be named
    q = tmp_path / "imp2.csv"
    q.write_text("Impression\nNo effusion.\n")
    code, _, err = rrg(["label", str(q), "-o", str(out)])
    assert code == 2 and "'Impression'" in err and "--text-column" in err


def test_stanford_format_with_column_options_is_a_conflict(tmp_path, rrg):
    p = tmp_path / "s.csv"
    p.write_text("No effusion.\n")
    code, _, err = rrg(["label", str(p), "--input-format", "stanford", "--id-column", "id",
                        "-o", str(tmp_path / "o.csv")])
    assert code == 2 and "--input-format stanford" in err and "--id-column" in err
    assert err.count("\n") == 1 and not (tmp_path / "o.csv").exists()

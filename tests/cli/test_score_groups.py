"""`rrg score --group-by COLUMN` / `--groups FILE`: per-group report equal to the library; errors."""
import csv
import json
import random

import pytest

from rrg_rewards.grouping import evaluate_by_group

SENTENCES = ["the heart is normal in size .", "no pleural effusion .", "there is a small left pleural effusion .",
             "the lungs are clear .", "mild pulmonary edema .", "no pneumothorax .", "the heart is enlarged ."]
N = 24


@pytest.fixture
def data(tmp_path):
    rng = random.Random(0)
    ids = [f"s{i}" for i in range(N)]
    refs = [" ".join(rng.sample(SENTENCES, 3)) for _ in ids]
    preds = [" ".join(rng.sample(SENTENCES, 2)) for _ in ids]
    sites = ["north" if i % 2 else "south" for i in range(N)]
    p = tmp_path / "preds.csv"
    with p.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "report", "institution"])
        w.writerows(zip(ids, preds, sites))
    r = tmp_path / "refs.jsonl"  # another order: samples are matched by id
    r.write_text("".join(json.dumps({"id": i, "report": t, "site": s}) + "\n"
                         for i, t, s in reversed(list(zip(ids, refs, sites)))))
    return tmp_path, ids, preds, refs, sites


def test_group_by_column_equals_library(data, rrg):
    tmp, ids, preds, refs, sites = data
    code, out, err = rrg(["score", str(tmp / "preds.csv"), str(tmp / "refs.jsonl"), "-m", "bleu,cider,ce",
                          "--group-by", "institution", "-f", "json", "--bootstrap", "50"])
    assert code == 0, err
    rep = json.loads(out)
    lib = evaluate_by_group(preds, refs, sites, "bleu,cider,ce", bootstrap=50)
    assert rep["signature"]["groups"] == {"column": "institution"}
    for name in ("north", "south"):
        got = rep["groups"][name]
        assert got["samples"] == N // 2
        for key, m in lib[name].metrics.items():
            assert got["scores"][key]["value"] == m.value
            assert got["scores"][key]["ci"]["low"] == m.interval.low
    for key, (g, v) in lib.worst.items():
        assert rep["worst"][key] == {"group": g, "value": v}
    assert rep["scores"]["Bleu_4"]["value"] == lib.overall["Bleu_4"].value


def test_column_of_refs_and_table(data, rrg):
    tmp, ids, preds, refs, sites = data
    code, out, err = rrg(["score", str(tmp / "preds.csv"), str(tmp / "refs.jsonl"), "-m", "rouge_l",
                          "--group-by", "site", "--bootstrap", "20"])
    assert code == 0, err
    lib = evaluate_by_group(preds, refs, sites, "rouge_l", bootstrap=20)
    header, row = out.splitlines()[:2]
    assert header.split() == ["metric", "overall", "(n=24)", "north", "(n=12)", "south", "(n=12)", "worst"]
    m = lib["north"]["ROUGE_L"]
    assert f"{m.value:.4f} [{m.interval.low:.4f}, {m.interval.high:.4f}]" in row
    assert row.split()[-1] == lib.worst["ROUGE_L"][0]
    assert "bootstrap per group" in out


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_groups_file(data, rrg, tmp_path, kind):
    tmp, ids, preds, refs, sites = data
    if kind == "json":
        gfile = tmp_path / "groups.json"
        gfile.write_text(json.dumps(dict(zip(ids, sites))))
        extra = []
    else:
        gfile = tmp_path / "groups.csv"
        gfile.write_text("id,hospital,scanner\n" + "".join(f"{i},{s},x\n" for i, s in zip(ids, sites)))
        extra = ["--group-by", "hospital"]
    per = tmp_path / "per.csv"
    code, out, err = rrg(["score", str(tmp / "preds.csv"), str(tmp / "refs.jsonl"), "-m", "bleu", "-f", "csv",
                          "--groups", str(gfile), "--per-sample", str(per), *extra])
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    lib = evaluate_by_group(preds, refs, sites, "bleu")
    got = {(r["group"], r["metric"]): r for r in rows}
    assert float(got[("south", "Bleu_4")]["value"]) == lib["south"]["Bleu_4"].value
    assert got[(lib.worst["Bleu_4"][0], "Bleu_4")]["worst"] == "1"
    assert got[("overall", "Bleu_4")]["samples"] == str(N)
    per_rows = list(csv.DictReader(per.read_text().splitlines()))
    assert [r["group"] for r in per_rows] == sites


def test_errors_are_one_line(data, rrg, tmp_path):
    tmp, ids, preds, refs, sites = data
    p, r = str(tmp / "preds.csv"), str(tmp / "refs.jsonl")

    def fails(argv, match):
        code, out, err = rrg(["score", p, r, "-m", "bleu", *argv])
        assert code == 2 and out == ""
        assert err.startswith("rrg: error: ") and err.count("\n") == 1 and match in err, err

    fails(["--group-by", "hospital"], "unknown column 'hospital': not in")
    gfile = tmp_path / "g.json"
    gfile.write_text(json.dumps({i: "a" for i in ids[:20]}))
    fails(["--groups", str(gfile)], "4 id(s) missing from")
    small = tmp_path / "small.json"
    small.write_text(json.dumps({i: ("big" if k < 20 else "tiny") for k, i in enumerate(ids)}))
    fails(["--groups", str(small), "--bootstrap", "10"], "'tiny' (4)")
    noid = tmp_path / "g.csv"
    noid.write_text("id,a,b\ns0,1,2\n")
    fails(["--groups", str(noid)], "which field holds the group")
    txt_p, txt_r = tmp_path / "p.txt", tmp_path / "r.txt"
    txt_p.write_text("\n".join(preds))
    txt_r.write_text("\n".join(refs))
    code, _, err = rrg(["score", str(txt_p), str(txt_r), "-m", "bleu", "--groups", str(gfile)])
    assert code == 2 and "have no ids" in err


def test_group_by_with_a_json_object_groups_file_is_an_error(data, rrg, tmp_path):
    """A JSON object id -> group has no fields; --group-by COLUMN with it was silently ignored."""
    tmp, ids, _, _, sites = data
    gfile = tmp_path / "g.json"
    gfile.write_text(json.dumps(dict(zip(ids, sites))))
    code, out, err = rrg(["score", str(tmp / "preds.csv"), str(tmp / "refs.jsonl"), "-m", "bleu",
                          "--groups", str(gfile), "--group-by", "hospital"])
    assert code == 2 and out == ""
    assert err == (f"rrg: error: {gfile}: a JSON object id -> group has no fields, so --group-by "
                   "'hospital' names nothing in it; leave --group-by out\n")

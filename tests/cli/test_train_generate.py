"""`rrg train` / `rrg generate` end to end (in process), and their one-line errors."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")

from rrg_cli.main import main  # noqa: E402
from rrg_benchmarks.phantom import PhantomSpec, write_phantom  # noqa: E402


@pytest.fixture(autouse=True)
def _one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RRG_NUM_THREADS", "1")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_phantom(tmp_path_factory.mktemp("syn") / "data", PhantomSpec(seed=1, sizes=(12, 3, 3), image_size=24))


@pytest.fixture(scope="module")
def run_dir(data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "r"
    mp = pytest.MonkeyPatch()
    mp.setenv("RRG_NUM_THREADS", "1")
    mp.setattr(sys, "argv", ["rrg", "train", "--data-dir", str(data), "--out", str(out), "--preset", "smoke",
                             "--epochs", "1", "--rl-epochs", "1", "--no-progress", "--set", "metrics=bleu,rouge_l"])
    try:
        main()
    finally:
        mp.undo()
    return out


def test_train_writes_both_stages(run_dir: Path) -> None:
    for stage in ("mle", "rl"):
        for name in ("config.json", "metrics.jsonl", "metrics.csv", "best.pt", "last.pt", "test_metrics.json"):
            assert (run_dir / stage / name).is_file(), (stage, name)
    meta = json.loads((run_dir / "rl" / "config.json").read_text())
    assert meta["init_checkpoint"].endswith("mle/best.pt")


def test_train_ends_with_a_one_screen_summary(run_dir: Path) -> None:
    from rrg_model.pipeline import run_summary
    text = run_summary(run_dir)
    assert len(text.splitlines()) <= 24
    for part in ("MLE: 1 epoch(s)", "RL: 1 epoch(s)", "selected epoch", "image gap", "distinct reports",
                 "test: Bleu_1", "best.pt"):
        assert part in text, part


def test_generate_split_output_is_what_rrg_score_reads(rrg, run_dir: Path, data: Path,
                                                       tmp_path: Path) -> None:
    preds, refs = tmp_path / "p.json", tmp_path / "r.json"
    code, _, err = rrg(["generate", "--checkpoint", str(run_dir / "rl" / "best.pt"),
                       "--data-dir", str(data), "--split", "test", "-o", str(preds), "--refs-out", str(refs)])
    assert code == 0, err
    p, r = json.loads(preds.read_text()), json.loads(refs.read_text())
    ann = json.loads((data / "annotation.json").read_text())
    assert list(p) == list(r) == [s["id"] for s in ann["test"]]
    test = json.loads((run_dir / "rl" / "test_metrics.json").read_text())
    code, out, err = rrg(["score", str(preds), str(refs), "--metrics", "bleu",
                         "--format", "json"])
    assert code == 0, err
    assert json.dumps(test["metrics"]["Bleu_4"])[:8] in out  # same number as the run's own test score


def test_generate_from_image_files(rrg, run_dir: Path, data: Path, tmp_path: Path) -> None:
    imgs = sorted((data / "images").iterdir())[0]
    out = tmp_path / "one.json"
    code, _, err = rrg(["generate", "--checkpoint", str(run_dir / "mle" / "best.pt"),
                       "--images", str(imgs / "0.png"), "--images", str(imgs / "1.png"), "-o", str(out),
                       "--method", "greedy"])
    assert code == 0, err
    assert list(json.loads(out.read_text())) == [str(imgs / "0.png")]


@pytest.mark.parametrize("args, message", [
    (["train", "--out", "x"], "--data-dir and --out are required"),
    (["train", "--data-dir", "/nonexistent", "--out", "x"], "/nonexistent: no such data folder"),
    (["train", "--resume", "/nonexistent"], "nothing to resume"),
    (["train", "--data-dir", ".", "--out", "x", "--set", "model.d_model=33"], "not divisible"),
    (["train", "--data-dir", ".", "--out", "x", "--baseline", "loo", "--set", "rl.nll_weight=2"], "nll_weight"),
    (["generate", "--checkpoint", "/nonexistent.pt", "--split", "test", "--data-dir", ".", "-o", "p.json"],
     "checkpoint not found"),
])
def test_bad_input_is_one_line_and_exit_2(rrg, monkeypatch, tmp_path: Path, args: list[str],
                                          message: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = rrg(args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("rrg: error: ") and message in err


@pytest.mark.parametrize("setting, message", [
    ("metrics=foo", "metrics: unknown metric 'foo'; choose from bleu, meteor"),
    ("train.val_metric=foo", "val_metric 'foo': foo not among Bleu_1"),
    ("data.image_size=-1", "data.image_size must be >= 1, got -1"),
    ("model.d_model=0", "model.d_model must be >= 1, got 0"),
    ("model.n_heads=0", "model.n_heads must be >= 1, got 0"),
    ("num_threads=-2", "num_threads must be >= 0"),
    ("train.eval_every=0", "train.eval_every must be >= 1, got 0"),
])
def test_bad_setting_fails_before_the_run_starts(rrg, monkeypatch, tmp_path: Path, setting: str,
                                                 message: str) -> None:
    """These ended in a numpy/ZeroDivisionError traceback or failed at the first validation,
    after an epoch, leaving a half-made run folder that a rerun then refused."""
    monkeypatch.chdir(tmp_path)
    code, _, err = rrg(["train", "--data-dir", ".", "--out", "x", "--no-progress", "--set", setting])
    assert code == 2 and err.startswith("rrg: error: ") and message in err and err.count("\n") == 1, err
    assert not (tmp_path / "x").exists()


def test_loo_baseline_with_one_sample_set_is_an_error(rrg, data: Path, tmp_path: Path) -> None:
    """--baseline loo --set rl.samples=1 silently trained with 4 samples per study."""
    code, _, err = rrg(["train", "--data-dir", str(data), "--out", str(tmp_path / "r"), "--preset", "smoke",
                        "--baseline", "loo", "--set", "rl.samples=1", "--no-progress"])
    assert code == 2 and err == ("rrg: error: baseline 'loo' compares the samples of one study: "
                                 "set rl.samples >= 2 (got 1)\n")
    assert not (tmp_path / "r").exists()


def test_bad_reward_fails_before_any_training(rrg, data: Path, tmp_path: Path) -> None:
    code, _, err = rrg(["train", "--data-dir", str(data), "--out", str(tmp_path / "r"), "--preset", "smoke",
                        "--reward", "bleu9", "--no-progress"])
    assert code == 2 and "bleu9" in err and err.count("\n") == 1
    assert not (tmp_path / "r" / "mle" / "last.pt").exists()  # the MLE stage never started


def test_generate_argument_errors(rrg, run_dir: Path, tmp_path: Path) -> None:
    ck = str(run_dir / "mle" / "best.pt")
    for args, message in [
        (["-o", "p.json"], "either --split"),
        (["--split", "test", "-o", "p.json"], "--split needs --data-dir"),
        (["--images", "a.png", "-o", "p.json"], "2 image(s) per study"),
        (["--images", "a.png", "--images", "b.png", "-o", "p.json", "--refs-out", "r.json"], "--refs-out needs --split"),
    ]:
        code, _, err = rrg(["generate", "--checkpoint", ck, *args])
        assert code == 2 and message in err and err.count("\n") == 1, (args, err)
    code, _, err = rrg(["generate", "--checkpoint", ck, "--images", str(tmp_path / "a.png"),
                       "--images", str(tmp_path / "b.png"), "-o", str(tmp_path / "p.json")])
    assert code == 2 and "image not found" in err


@pytest.mark.parametrize("args, message", [
    (["--method", "greedy", "--beam-size", "5"],
     "--beam-size applies to --method beam only, but --method is greedy; add --method beam or leave --beam-size out"),
    (["--method", "beam", "--temperature", "2"],
     "--temperature applies to --method sample only, but --method is beam; add --method sample"),
])
def test_generate_refuses_an_option_of_another_method(rrg, run_dir: Path, data: Path, tmp_path: Path,
                                                      args: list[str], message: str) -> None:
    """--method greedy --beam-size 5 decoded greedily, the beam size silently ignored."""
    out = tmp_path / "p.json"
    code, _, err = rrg(["generate", "--checkpoint", str(run_dir / "mle" / "best.pt"), "--data-dir", str(data),
                        "--split", "test", "-o", str(out), "--no-progress", *args])
    assert code == 2 and message in err and err.count("\n") == 1, err
    assert not out.exists()


@pytest.mark.parametrize("outputs, message", [
    (["-o", "p.json", "--refs-out", "missing/r.json"], "missing/r.json: folder missing does not exist"),
    (["-o", "missing/p.json", "--refs-out", "r.json"], "missing/p.json: folder missing does not exist"),
    (["-o", "p.json", "--refs-out", "./p.json"], "p.json: -o and --refs-out name the same file"),
])
def test_generate_checks_both_outputs_before_decoding(rrg, run_dir: Path, data: Path, tmp_path: Path,
                                                      monkeypatch, outputs, message) -> None:
    """A bad --refs-out used to fail after decoding, with the predictions already written."""
    import rrg_model.evaluate

    def not_called(*a, **k):
        raise AssertionError("decoded before the outputs were checked")
    monkeypatch.setattr(rrg_model.evaluate, "predict", not_called)
    monkeypatch.chdir(tmp_path)
    code, out, err = rrg(["generate", "--checkpoint", str(run_dir / "mle" / "best.pt"),
                          "--data-dir", str(data), "--split", "test", *outputs])
    assert code == 2 and out == "" and err == f"rrg: error: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written


def test_generate_refuses_two_studies_with_one_id(rrg, run_dir: Path, data: Path, tmp_path: Path) -> None:
    """The first image names a study; two studies starting with one file would overwrite each other."""
    a, b = sorted((data / "images").iterdir())[0].glob("*.png")
    out = tmp_path / "p.json"
    code, _, err = rrg(["generate", "--checkpoint", str(run_dir / "mle" / "best.pt"), "-o", str(out),
                        *(x for p in (a, b, a, b) for x in ("--images", str(p)))])
    assert code == 2 and err == (f"rrg: error: two studies start with the same image {a}; each study's first "
                                 "image is its id in the output\n")
    assert not out.exists()


def test_paper_preset_without_torchvision_is_a_one_line_error(rrg, data: Path,
                                                               tmp_path: Path) -> None:
    try:
        import torchvision  # noqa: F401
        pytest.skip("torchvision is installed here")
    except Exception:
        pass
    code, _, err = rrg(["train", "--data-dir", str(data), "--out", str(tmp_path / "p"),
                       "--preset", "paper", "--no-progress"])
    assert code == 2 and "needs torchvision" in err and err.count("\n") == 1


def test_a_new_run_that_fails_before_its_first_checkpoint_leaves_no_folder(rrg, data: Path, tmp_path: Path) -> None:
    """A missing image failed after RUN/mle/config.json was written: a stray half-made run."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "annotation.json").write_text((data / "annotation.json").read_text())  # no images/
    out = tmp_path / "r"
    code, _, err = rrg(["train", "--data-dir", str(broken), "--out", str(out), "--preset", "smoke",
                        "--no-progress"])
    assert code == 2 and err.startswith("rrg: error: image not found: ") and err.count("\n") == 1
    assert not out.exists()

"""What a new user meets first: outputs to devices and links, Ctrl-C, file-system errors, the
options a study ignores, the score table, and help text on every option."""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import click
import pytest

from rrg_cli.main import cli

PREDS = {"a": "the heart is normal . no effusion .", "b": "small left pleural effusion ."}
REFS = {"a": "heart size is normal . no pleural effusion .", "b": "small left effusion ."}


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    p, r = tmp_path / "p.json", tmp_path / "r.json"
    p.write_text(json.dumps(PREDS))
    r.write_text(json.dumps(REFS))
    return str(p), str(r)


# ------------------------------------------------------------------ outputs that are not plain files

def test_output_to_a_named_pipe_writes_through_it_and_keeps_the_pipe(rrg, files, tmp_path: Path) -> None:
    """`-o /dev/stdout` or a FIFO: renaming a temp file over it replaced the device (as root,
    `-o /dev/full` left a plain file where the device was)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, out, err = rrg(["score", *files, "-m", "bleu", "-o", str(fifo)])
    reader.join(timeout=10)
    assert code == 0 and out == "", err
    assert fifo.is_fifo()  # still the pipe, not a regular file
    assert got and got[0].decode().startswith("metric  value\nBleu_1")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_output_through_a_symlink_replaces_the_file_and_keeps_the_link(rrg, files, tmp_path: Path) -> None:
    target, link = tmp_path / "real.txt", tmp_path / "link.txt"
    target.write_text("old")
    link.symlink_to(target)
    code, _, err = rrg(["score", *files, "-m", "bleu", "-o", str(link)])
    assert code == 0, err
    assert link.is_symlink() and target.read_text().startswith("metric  value")


@pytest.mark.parametrize("command", [["bench", "--preset", "smoke"], ["train", "--data-dir", "."],
                                     ["synth", "train", "--data-dir", "."]])
def test_a_run_folder_under_a_file_is_one_line_before_any_work(rrg, tmp_path: Path, monkeypatch, command) -> None:
    """`--out notes.txt/run` ended in an OSError traceback (after the data set was written)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "annotation.json").write_text("{}")
    blocker = tmp_path / "f.txt"
    blocker.write_text("x")
    code, out, err = rrg([*command, "--out", "f.txt/b"])
    assert code == 2 and out == ""
    assert err == "rrg: error: f.txt/b: cannot be made: f.txt is a file, expected a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annotation.json", "f.txt"]


def test_file_system_refusal_is_one_line_not_a_traceback(rrg, tmp_path: Path, monkeypatch) -> None:
    """Any OSError the file system raises (read-only disk, full disk, ...) is one line."""
    import rrg_benchmarks.ablate

    def refused(*a, **k):
        raise PermissionError(13, "Permission denied", str(tmp_path / "b" / "results.json"))
    monkeypatch.setattr(rrg_benchmarks.ablate, "run_bench", refused)
    code, out, err = rrg(["bench", "--preset", "smoke", "--out", str(tmp_path / "b")])
    assert code == 2 and out == ""
    assert err == f"rrg: error: {tmp_path / 'b' / 'results.json'}: Permission denied\n"


# ---------------------------------------------------------------------------------------- Ctrl-C

def test_ctrl_c_is_one_line_exit_130_and_writes_nothing(rrg, files, tmp_path: Path, monkeypatch) -> None:
    """click printed a blank line, then 'rrg: aborted'; the output must not be half-written."""
    class Interrupting:
        def __call__(self, reports):
            raise KeyboardInterrupt

    monkeypatch.setattr("rrg_rewards.labeler.default_labeler", lambda: Interrupting())
    out_csv = tmp_path / "labels.csv"
    code, out, err = rrg(["label", files[0], "-o", str(out_csv)])
    assert code == 130 and out == ""
    assert err == "rrg: error: interrupted (Ctrl-C)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json", "r.json"]


def test_ctrl_c_in_bench_says_the_same_command_resumes(rrg, tmp_path: Path, monkeypatch) -> None:
    import rrg_benchmarks.ablate

    def interrupted(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(rrg_benchmarks.ablate, "run_bench", interrupted)
    code, _, err = rrg(["bench", "--preset", "smoke", "--out", str(tmp_path / "b")])
    assert code == 130
    assert err == "rrg: error: interrupted (Ctrl-C); the same command resumes, keeping the finished chains\n"


# ---------------------------------------------------------------- options a study would ignore

@pytest.mark.parametrize("args, message", [
    (["--study", "cxrl", "--reward", "bleu4"], "--reward is not used by --study cxrl"),
    (["--study", "cxrl", "--ablation", "base", "--no-meteor"],
     "--ablation, --meteor/--no-meteor are not used by --study cxrl"),
    (["--study", "generalization", "--reward", "cider"],
     "--reward is not used by --study generalization; its rewards are --study-reward NAME=SPEC"),
    (["--study-reward", "a=bleu4"], "--study-reward is not used by --study ablation"),
    (["--train-institutions", "iu"], "--train-institutions is not used by --study ablation"),
])
def test_bench_refuses_options_its_study_ignores(rrg, tmp_path: Path, args, message) -> None:
    """`--study cxrl --reward bleu4` ran the whole study with the reward silently unused."""
    out = tmp_path / "b"
    code, _, err = rrg(["bench", "--preset", "smoke", "--out", str(out), *args])
    assert code == 2 and err == f"rrg: error: {message}\n"
    assert not out.exists()


# ----------------------------------------------------------------------------------- score table

def test_score_table_lists_each_signature_once_without_trailing_spaces(rrg, files) -> None:
    code, out, err = rrg(["score", *files, "-m", "bleu,ce"])
    assert code == 0, err
    lines = out.splitlines()
    assert all(line == line.rstrip() for line in lines), [line for line in lines if line != line.rstrip()]
    sigs = [line.strip() for line in lines if line.startswith("  ")]
    assert len(sigs) == len(set(sigs)) == 6  # Bleu_1..4, CE micro, CE macro (six CE scores, two signatures)
    assert sum(s.startswith("CE|") for s in sigs) == 2


# ------------------------------------------------------------------------------------------ help

def _commands(group: click.Group, prefix: str = "rrg") -> list[tuple[str, click.Command]]:
    ctx = click.Context(group)
    found = []
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        found.append((f"{prefix} {name}", cmd))
        if isinstance(cmd, click.Group):
            found += _commands(cmd, f"{prefix} {name}")
    return found


def test_every_option_of_every_command_says_what_it_does() -> None:
    bare = [f"{path} {p.opts[-1]}" for path, cmd in _commands(cli) for p in cmd.params
            if isinstance(p, click.Option) and not p.help and p.name != "help"]
    assert bare == []


def test_preset_choices_read_in_one_order_everywhere() -> None:
    orders = {path: list(p.type.choices) for path, cmd in _commands(cli) for p in cmd.params
              if p.name == "preset"}
    assert orders and all(o == ["smoke", "quick", "paper"][:len(o)] for o in orders.values()), orders


def test_progress_bars_default_to_a_terminal_only(rrg) -> None:
    """Bars by default filled log files with carriage returns (`rrg train ... 2> log`)."""
    from rrg_cli.progress import resolve_progress
    assert resolve_progress(None) is False  # pytest's captured stderr is not a terminal
    assert resolve_progress(True) is True and resolve_progress(False) is False
    for argv in (["train", "--help"], ["generate", "--help"]):
        _, out, _ = rrg(argv)
        assert "--progress / --no-progress" in out and "when stderr is a terminal" in " ".join(out.split())


# ------------------------------------------------------------------- outputs that clobber inputs

@pytest.mark.parametrize("extra, message", [
    (["--per-sample", "{r}"], "{r}: --per-sample would overwrite REFS; choose another file"),
    (["-o", "{p}"], "{p}: -o would overwrite PREDS; choose another file"),
    (["--per-sample", "{d}/s.json", "-o", "{d}/s.json"], "{d}/s.json: --per-sample and -o name the same file"),
])
def test_score_refuses_an_output_over_an_input(rrg, files, tmp_path: Path, extra, message) -> None:
    """`--per-sample refs.csv` replaced the references with per-sample scores, silently."""
    p, r = files
    fill = {"p": p, "r": r, "d": str(tmp_path)}
    before = {f: Path(f).read_text() for f in files}
    code, out, err = rrg(["score", p, r, "-m", "bleu", *(a.format(**fill) for a in extra)])
    assert code == 2 and out == "" and err == f"rrg: error: {message.format(**fill)}\n"
    assert {f: Path(f).read_text() for f in files} == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["p.json", "r.json"]


def test_label_refuses_to_overwrite_its_input(rrg, files) -> None:
    before = Path(files[0]).read_text()
    code, _, err = rrg(["label", files[0], "-o", files[0]])
    assert code == 2 and err == f"rrg: error: {files[0]}: -o would overwrite INPUT; choose another file\n"
    assert Path(files[0]).read_text() == before


@pytest.mark.parametrize("study", ["ablation", "generalization"])
def test_report_only_with_nothing_finished_is_one_line_and_makes_no_folder(rrg, tmp_path: Path, study) -> None:
    """It printed a progress line before the error and left an empty --out folder behind."""
    out = tmp_path / "nothing"
    code, _, err = rrg(["bench", "--preset", "smoke", "--study", study, "--report-only", "--out", str(out)])
    what = "variant" if study == "ablation" else "MLE parent"
    assert code == 2 and err == f"rrg: error: no finished {what} in {out} yet\n"
    assert not out.exists()


def test_verbose_turns_up_rrg_logs_not_third_party_ones(rrg, files) -> None:
    """`rrg -vv explain` printed ~200 matplotlib "findfont" lines as "rrg: DEBUG:"."""
    import logging

    from rrg_cli.main import OWN_LOGGERS
    try:
        code, _, err = rrg(["-vv", "score", *files, "-m", "bleu"])
        assert code == 0, err
        assert all(logging.getLogger(n).level == logging.DEBUG for n in OWN_LOGGERS)
        assert logging.getLogger("rrg_model.runner").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("matplotlib.font_manager").isEnabledFor(logging.INFO)
    finally:
        for n in OWN_LOGGERS:
            logging.getLogger(n).setLevel(logging.NOTSET)


@pytest.mark.parametrize("study", ["ablation", "generalization"])
def test_bench_bad_metrics_fail_before_the_data_is_written(rrg, tmp_path: Path, study) -> None:
    """`--set metrics=foo` wrote the data set, started the workers and failed in each chain."""
    out = tmp_path / "b"
    code, _, err = rrg(["bench", "--preset", "smoke", "--study", study, "--out", str(out),
                        "--set", "metrics=bleu,foo"])
    assert code == 2 and err.startswith("rrg: error: metrics: unknown metric 'foo'") and err.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize("setting, message", [
    ("generator.text_heads=0", "generator.text_heads must be >= 1, got 0"),
    ("generator.beta_schedule=foo", "unknown generator.beta_schedule 'foo'; choose from linear"),
    ("generator.max_tokens=0", "generator.max_tokens must be >= 1, got 0"),
    ("train.batch_size=0", "train.batch_size must be >= 1, got 0"),
    ("train.lr=-1", "train.lr must be > 0, got -1.0"),
    ("rewards.width=0", "rewards.width must be >= 1, got 0"),
])
def test_synth_bad_setting_fails_before_training(rrg, tmp_path: Path, setting, message) -> None:
    """These ended in torch/diffusers tracebacks after the reward models had trained."""
    pytest.importorskip("diffusers")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "annotation.json").write_text('{"train": [], "val": [], "test": []}')
    out = tmp_path / "run"
    code, _, err = rrg(["synth", "train", "--data-dir", str(tmp_path / "data"), "--out", str(out),
                        "--preset", "smoke", "--no-progress", "--set", setting])
    assert code == 2 and err.startswith("rrg: error: ") and message in err and err.count("\n") == 1, err
    assert not out.exists()


def test_dash_output_goes_to_stdout(rrg, files, tmp_path: Path, monkeypatch) -> None:
    """`rrg label in.json -o -` wrote a file named '-' in the current folder."""
    monkeypatch.chdir(tmp_path)
    code, out, err = rrg(["label", files[0], "-o", "-"])
    assert code == 0, err
    assert out.splitlines()[0].startswith("id,Reports,No Finding") and len(out.splitlines()) == 3
    code, out, err = rrg(["score", *files, "-m", "bleu", "-o", "-", "-f", "csv"])
    assert code == 0 and out.startswith("metric,value,signature\nBleu_1,"), err
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("option", ["--pred-labels", "--cider-df"])
@pytest.mark.parametrize("make, message", [
    (lambda p: p.mkdir(), "is a directory, expected a file"),
    (lambda p: p.write_bytes(b"No Finding\n\xe9"), "not valid UTF-8 (byte 0xe9 at offset 11)"),
])
def test_side_inputs_are_worded_as_every_other_input(rrg, files, tmp_path: Path, option, make, message) -> None:
    """A directory given as --pred-labels was 'no such file'; bad bytes quoted a codec error."""
    side = tmp_path / "side.csv"
    make(side)
    extra = ["--ref-labels", str(side)] if option == "--pred-labels" else []
    code, _, err = rrg(["score", *files, "-m", "ce,cider", option, str(side), *extra])
    assert code == 2 and err == f"rrg: error: {side}: {message}\n"


def test_bench_real_data_malformed_annotation_fails_before_any_chain(rrg, tmp_path: Path) -> None:
    """It started the workers, failed in each chain and left OUT/logs and OUT/runs behind."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "annotation.json").write_text("{}")
    out = tmp_path / "b"
    code, _, err = rrg(["bench", "--preset", "smoke", "--dataset", "iu_xray", "--data-dir", str(data),
                        "--out", str(out)])
    assert code == 2 and err == f"rrg: error: {data / 'annotation.json'}: expected an object with train/val/test lists\n"
    assert not out.exists()


def test_an_output_file_under_a_file_names_the_file(rrg, files, tmp_path: Path) -> None:
    """It said 'folder f.txt does not exist' of a file that does exist."""
    (tmp_path / "f.txt").write_text("x")
    code, _, err = rrg(["score", *files, "-m", "bleu", "-o", str(tmp_path / "f.txt" / "s.txt")])
    assert code == 2 and err == f"rrg: error: {tmp_path / 'f.txt' / 's.txt'}: {tmp_path / 'f.txt'} is a file, not a folder\n"


def test_log_lines_say_their_level_as_error_lines_do() -> None:
    """Logging printed 'rrg: WARNING: ...' beside the CLI's 'rrg: warning:' / 'rrg: error:'."""
    import logging

    from rrg_cli.main import LevelFormatter
    record = logging.LogRecord("rrg_model.runner", logging.WARNING, __file__, 1, "slow %s", ("disk",), None)
    assert LevelFormatter("rrg: %(levelname)s: %(message)s").format(record) == "rrg: warning: slow disk"
    assert record.levelname == "WARNING"  # other handlers still see the record unchanged

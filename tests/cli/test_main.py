"""`rrg` itself: every usage error, from the group or any subcommand, is one `rrg: error:` line, exit 2."""
import pytest

from rrg_cli.main import fail


@pytest.mark.parametrize("argv, message", [
    ([], "no command given; choose from score, label"),
    (["-v"], "Missing command"),
    (["scor"], "No such command 'scor'"),
    (["--bogus"], "No such option '--bogus'"),
    (["score"], "Missing argument 'PREDS'"),
    (["score", "--format", "xml", "a", "b"], "'xml' is not one of"),
    (["score", "a", "b", "--bootstrap", "-1"], "-1 is not in the range"),
    (["score", "a", "b", "--bootstrap"], "requires an argument"),
    (["label", "in.txt"], "Missing option '-o'"),
    (["explain", "-o", "x.png"], "Missing option '--checkpoint'"),
    # negative seeds ended in numpy's traceback (SeedSequence takes no negative integer)
    (["score", "a", "b", "--seed", "-3"], "-3 is not in the range x>=0"),
    (["train", "--data-dir", ".", "--out", "o", "--seed", "-2"], "-2 is not in the range x>=0"),
    (["train", "--data-dir", ".", "--out", "o", "--set", "seed=-2"], "seed must be >= 0, got -2"),
    (["bench", "--prepare-only", "--out", "o", "--data-seed", "-1"], "-1 is not in the range x>=0"),
    (["bench", "--out", "o", "--set", "seed=-1"], "seed must be >= 0, got -1"),
    (["generate", "--checkpoint", "c.pt", "--seed", "-1"], "-1 is not in the range x>=0"),
    (["synth", "train", "--data-dir", ".", "--out", "o", "--seed", "-4"], "-4 is not in the range x>=0"),
])
def test_usage_errors_share_one_prefix_and_exit_2(rrg, argv, message):
    code, out, err = rrg(argv)
    assert code == 2 and out == ""
    assert err.startswith("rrg: error: ") and message in err, err
    assert err.count("\n") == 1 and "Usage:" not in err and "Traceback" not in err


def test_subcommand_usage_error_points_at_its_help(rrg):
    _, _, err = rrg(["score", "--format", "xml", "a", "b"])
    assert err.rstrip().endswith("(see 'rrg score --help')")


def test_help_and_version_still_exit_0(rrg):
    for argv in (["--help"], ["score", "-h"], ["--version"]):
        code, out, err = rrg(argv)
        assert code == 0 and out and err == "", argv


def test_fail_folds_every_line_break_into_one_line(capsys):
    with pytest.raises(SystemExit) as exc:
        fail("field a\nb, c\r\nd, e\u2028f")
    assert exc.value.code == 2
    assert capsys.readouterr().err == "rrg: error: field a b, c d, e f\n"

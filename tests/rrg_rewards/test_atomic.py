"""rrg_rewards.atomic: the project's one atomic write (text, bytes, writer functions)."""
import os

import pytest

from rrg_rewards.atomic import atomic_write_bytes, atomic_write_text


def test_text_and_bytes_are_written_exactly(tmp_path):
    atomic_write_text(tmp_path / "a.txt", "line 1\r\nline 2\n\u00e9")
    assert (tmp_path / "a.txt").read_bytes() == "line 1\r\nline 2\n\u00e9".encode("utf-8")
    atomic_write_bytes(str(tmp_path / "b.bin"), b"\x00\xff")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    atomic_write_bytes(tmp_path / "c.bin", lambda f: f.write(b"from a writer"))
    assert (tmp_path / "c.bin").read_bytes() == b"from a writer"
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.bin", "c.bin"]


def test_replaces_an_existing_file(tmp_path):
    target = tmp_path / "x.json"
    target.write_text("old")
    atomic_write_text(target, "new")
    assert target.read_text() == "new" and os.listdir(tmp_path) == ["x.json"]


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_a_failing_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, error):
    target = tmp_path / "x.bin"
    target.write_bytes(b"old")

    def broken(f):
        f.write(b"half")
        raise error("stop")

    with pytest.raises(error):
        atomic_write_bytes(target, broken)
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["x.bin"]


def test_unencodable_text_writes_nothing(tmp_path):
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(tmp_path / "x.txt", "\ud800")
    assert os.listdir(tmp_path) == []


def test_missing_folder_is_an_error_unless_make_dirs(tmp_path):
    with pytest.raises(FileNotFoundError):
        atomic_write_text(tmp_path / "no" / "x.txt", "a")
    assert os.listdir(tmp_path) == []
    atomic_write_text(tmp_path / "no" / "deeper" / "x.txt", "a", make_dirs=True)
    assert (tmp_path / "no" / "deeper" / "x.txt").read_text() == "a"


def test_relative_path_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    atomic_write_text("here.txt", "ok")
    assert (tmp_path / "here.txt").read_text() == "ok" and os.listdir(tmp_path) == ["here.txt"]


def test_written_files_get_the_mode_open_would_give(tmp_path):
    import os
    from rrg_rewards.atomic import atomic_write_text
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "a.txt", "x")
        (tmp_path / "b.txt").write_text("x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == (tmp_path / "b.txt").stat().st_mode & 0o777 == 0o644

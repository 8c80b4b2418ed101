"""Reading a user's input file as text, with one error line naming what is wrong with it.

Every reader of user files (score and label inputs, label CSVs, group maps, report lists) goes
through `read_text`, so a missing file, a folder, unreadable bytes or non-UTF-8 text are worded
the same way in every command.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import RewardsError


def read_text(path: str | os.PathLike[str], *, allow_empty: bool = False) -> str:
    """The whole file as text (UTF-8; a byte-order mark is dropped).

    Raises:
        RewardsError: ``"<path>: <problem>"`` for a missing file, a directory, an unreadable
            file, bytes that are not UTF-8 (with the first bad byte and its offset), or, unless
            `allow_empty`, a file holding only whitespace.
    """
    p = Path(path)
    if not p.exists():
        raise RewardsError(f"{path}: no such file")
    if p.is_dir():
        raise RewardsError(f"{path}: is a directory, expected a file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise RewardsError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # what Windows tools call "Unicode"
            raise RewardsError(f"{path}: UTF-16 text (it starts with a UTF-16 byte-order mark); "
                               "save it as UTF-8") from None
        raise RewardsError(
            f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    if not allow_empty and not text.strip():
        raise RewardsError(f"{path}: file is empty")
    return text

"""The project's one atomic file write: a file is replaced completely or not at all.

Every writer in rrg (CLI outputs, checkpoints, training metrics, benchmark results) goes through
`atomic_write_bytes` / `atomic_write_text`: the data go to a temporary file in the target's own
folder (same file system, so the rename is atomic), are flushed and fsynced, and the temporary
file is renamed over the target with `os.replace`. On any failure, including KeyboardInterrupt,
the temporary file is removed and the error re-raised: a killed or failing write leaves either
the old file or the new one, never half of one, and no stray ``.NAME.*.tmp`` files.

A target that already exists and is not a regular file (``/dev/stdout``, ``/dev/null``, a named
pipe) is written to in place: renaming over it would replace the device or pipe with a plain
file (as root, ``-o /dev/stdout`` would otherwise delete the link and write nothing visible).
A symbolic link to a regular file is followed, so the file it points to is replaced, not the link.

Standard library only (no numpy, no torch), so every layer of the project can import it.
"""
from __future__ import annotations

import os
import stat
import tempfile
from typing import BinaryIO, Callable, Union

__all__ = ["atomic_write_bytes", "atomic_write_text"]

#: bytes, or a function that writes them to the open binary file it is given (e.g. ``torch.save``)
Data = Union[bytes, bytearray, memoryview, Callable[[BinaryIO], object]]


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable where the platform allows (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _default_mode() -> int:
    """0666 minus the process umask: the mode a plain ``open(path, "w")`` would create."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_bytes(path: str | os.PathLike[str], data: Data, *, make_dirs: bool = False) -> None:
    """Write `path` atomically: temp file in the same folder, flush + fsync, then rename.

    Args:
        path: the file to create or replace.
        data: the bytes, or a function called with the open binary temp file that writes them.
        make_dirs: create missing parent folders first (default: a missing folder is an error).

    Raises:
        OSError: the folder is missing or refuses the write, the disk is full, ...; whatever
            `data` raises when it is a function. Nothing is left behind in either case.
    """
    target = os.fspath(path)
    try:
        mode = os.stat(target).st_mode  # follows links
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        _write_in_place(target, data)
        return
    if mode is not None and os.path.islink(target):
        target = os.path.realpath(target)
    folder = os.path.dirname(target) or "."
    if make_dirs:
        os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _default_mode())  # mkstemp makes 0600; give the mode open() would
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_folder(folder)


def _write_in_place(target: str, data: Data) -> None:
    """Write to an existing device or pipe as ``open(target, "wb")`` would (no rename possible)."""
    with open(target, "wb") as fh:
        if callable(data):
            data(fh)
        else:
            fh.write(data)
        fh.flush()


def atomic_write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8",
                      make_dirs: bool = False) -> None:
    """`atomic_write_bytes` of ``text.encode(encoding)``: line endings are written as given.

    Raises:
        OSError: as `atomic_write_bytes`.
        UnicodeEncodeError: `text` cannot be encoded (nothing is written).
    """
    atomic_write_bytes(path, text.encode(encoding), make_dirs=make_dirs)

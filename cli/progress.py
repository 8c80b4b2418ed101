"""The `--progress/--no-progress` option shared by commands that run for minutes."""
from __future__ import annotations

import sys
from typing import Callable, TypeVar

import click

F = TypeVar("F", bound=Callable)


def progress_option(fn: F) -> F:
    """``--progress/--no-progress``, default: on when stderr is a terminal (a log file gets
    no carriage-return bars)."""
    return click.option("--progress/--no-progress", default=None,
                        help="Progress bars on stderr (default: when stderr is a terminal).")(fn)


def resolve_progress(flag: bool | None) -> bool:
    """The option's value: as given, else whether stderr is a terminal."""
    if flag is not None:
        return flag
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False

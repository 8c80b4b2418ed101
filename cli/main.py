"""`rrg`: the click group. Subcommands live one per module and load lazily.

This is the only place that configures logging and turns package errors into
``rrg: error: <message>`` with exit code 2.
"""
from __future__ import annotations

import importlib
import logging
import sys
from typing import NoReturn

import click

# subcommand -> (module inside rrg_cli, attribute)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "score": ("score", "score_cmd"),
    "label": ("label", "label_cmd"),
    "train": ("train", "train_cmd"),
    "generate": ("generate", "generate_cmd"),
    "bench": ("bench", "bench_cmd"),
    "explain": ("explain", "explain_cmd"),
    "synth": ("synth", "synth_cmd"),
}


#: the loggers -v / -vv turn up (the installed package names)
OWN_LOGGERS = ("rrg_rewards", "rrg_model", "rrg_benchmarks", "rrg_cli")


#: what to say after Ctrl-C where the work already done is kept
RESUME_HINTS = {
    "train": "; once a run has a checkpoint, rrg train --resume RUN continues it",
    "bench": "; the same command resumes, keeping the finished chains",
}


class LevelFormatter(logging.Formatter):
    """Levels in lower case: ``rrg: warning: ...`` as the CLI's own ``rrg: error: ...`` lines."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)
        record.levelname = record.levelname.lower()
        return super().format(record)


class Interrupted(Exception):
    """Ctrl-C, carried past click (whose own handler prints a blank line and "Aborted!")."""


class LazyGroup(click.Group):
    """Imports a subcommand's module only when it runs (keeps `rrg score` free of torch)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted(ctx.invoked_subcommand) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in SUBCOMMANDS if self._load(name) is not None]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._load(name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        if name not in SUBCOMMANDS:
            return None
        module, attr = SUBCOMMANDS[name]
        try:
            mod = importlib.import_module(f"{__package__}.{module}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__package__}.{module}":
                return None  # not built yet
            raise
        return getattr(mod, attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rrg-toolkit", prog_name="rrg")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """rrg: radiology report generation toolkit: metrics, labeler, rewards, model, benchmark.

    \b
    First steps:
      rrg score examples/preds.json examples/refs.json
      rrg label examples/preds.json -o labels.csv
      rrg bench --preset smoke --out /tmp/smoke        # the whole model pipeline in a minute

    Every command has --help. Bad input is one line 'rrg: error: ...' with exit code 2.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    # -v/-vv speak for rrg's own packages; third-party libraries stay at warnings (matplotlib
    # alone logged some 200 "findfont" lines under our prefix at -vv)
    handler = logging.StreamHandler()
    handler.setFormatter(LevelFormatter("rrg: %(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(level)


def fail(message: str) -> NoReturn:
    """Print one error line and exit 2 (the CLI's single exit path for bad input).

    Line breaks of any kind (a file's field names or ids may hold ``\\n``, ``\\r`` or
    ``\\u2028``) become spaces, so the message stays one line whatever it quotes.
    """
    click.echo("rrg: error: " + " ".join(message.splitlines()), err=True)
    sys.exit(2)


def usage_message(exc: click.ClickException) -> str:
    """A click usage error as one line (without click's ``Usage:`` block), with where to look.

    Every usage error gets the same ``rrg: error:`` prefix as package errors (via `fail`),
    whichever subcommand raised it; the subcommand is named in the ``--help`` hint.
    """
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        # click would print the whole help text as the "error"; name the problem instead
        cmd = ctx.command
        if isinstance(cmd, click.Group):
            msg = f"no command given; choose from {', '.join(cmd.list_commands(ctx))}"
        else:
            msg = "no arguments given"
    else:
        msg = " ".join(exc.format_message().split())
    if ctx is not None:
        msg += f" (see '{ctx.command_path} --help')"
    return msg


def os_error_message(exc: OSError) -> str:
    """``<path>: <reason>`` for a file-system error (``<path> -> <path2>`` for a rename)."""
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return reason
    where = str(exc.filename) + (f" -> {exc.filename2}" if exc.filename2 is not None else "")
    return f"{where}: {reason}"


def main() -> None:
    """Entry point: run the group; known errors become one line and exit code 2."""
    from rrg_rewards.errors import RewardsError

    handled: tuple[type[BaseException], ...] = (RewardsError,)
    try:
        from rrg_model.errors import ModelError  # optional until the model lands
        handled = handled + (ModelError,)
    except ImportError:
        pass
    try:
        cli.main(prog_name="rrg", standalone_mode=False)
    except (Interrupted, KeyboardInterrupt, click.exceptions.Abort) as exc:
        # 128 + SIGINT, as shells and make expect of a program stopped by Ctrl-C; outputs are
        # written atomically, so none is left half-written (a run folder resumes with --resume)
        command = exc.args[0] if isinstance(exc, Interrupted) and exc.args else None
        click.echo("rrg: error: interrupted (Ctrl-C)" + RESUME_HINTS.get(command, ""), err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        fail(usage_message(exc))
    except handled as exc:
        fail(str(exc))
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:
        # the file system refused (no such folder, read-only, disk full, permission denied):
        # the user's environment, not a bug, so one line that names the path, not a traceback
        fail(os_error_message(exc))


if __name__ == "__main__":
    main()

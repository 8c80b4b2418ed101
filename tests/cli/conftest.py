"""Fixtures for CLI tests: run `rrg` in-process and see its exit code and output."""
import sys
from typing import Callable

import pytest

from rrg_cli.main import main


@pytest.fixture
def rrg(capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str, str]]:
    """`rrg(argv) -> (exit code, stdout, stderr)`, through `main()` exactly as the console script."""

    def run(argv: list[str]) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["rrg", *argv])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code or 0
        out = capsys.readouterr()
        return code, out.out, out.err

    return run

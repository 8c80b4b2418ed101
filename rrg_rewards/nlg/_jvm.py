"""A long-lived line-protocol subprocess with a watchdog (used for the METEOR jar).

Why not ``proc.stdin.write`` / ``proc.stdout.readline`` as pycocoevalcap does: a
blocking readline on a stuck or desynchronized child waits forever, and writing a
large batch before reading deadlocks once both pipe buffers fill. Here one
exchange writes and reads at the same time through non-blocking pipes and a
selector, and gives up when the child makes no progress (neither reads our input
nor writes output) for ``timeout`` seconds.
"""
from __future__ import annotations

import collections
import logging
import os
import selectors
import subprocess
import threading
import time
from pathlib import Path
from typing import Sequence

logger = logging.getLogger(__name__)

#: bytes per os.write / os.read call
_CHUNK = 1 << 16


class ProcessFailure(RuntimeError):
    """The child timed out, exited, or answered something unexpected (restart it)."""


class LineProcess:
    """One child process spoken to in lines over stdin/stdout.

    stderr is drained by a daemon thread into a short buffer, so a chatty child
    never blocks on a full stderr pipe and failures can quote its last words.

    Args:
        command: argv of the child.
        cwd: its working directory.
    """

    def __init__(self, command: Sequence[str], cwd: str | Path | None = None) -> None:
        self.command = list(command)
        self._proc = subprocess.Popen(
            self.command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, bufsize=0)
        self.pid = self._proc.pid
        self._in_fd = self._proc.stdin.fileno()
        self._out_fd = self._proc.stdout.fileno()
        os.set_blocking(self._in_fd, False)
        os.set_blocking(self._out_fd, False)
        self._buffer = bytearray()  # output read but not yet returned
        self._stderr: collections.deque[str] = collections.deque(maxlen=20)
        self._stderr_thread = threading.Thread(
            target=self._drain_stderr, name=f"stderr-{self.pid}", daemon=True)
        self._stderr_thread.start()

    def _drain_stderr(self) -> None:
        stream = self._proc.stderr
        try:
            for raw in iter(stream.readline, b""):
                self._stderr.append(raw.decode("utf-8", "replace").rstrip())
        except (OSError, ValueError):  # closed under us
            pass
        finally:
            stream.close()

    def stderr_tail(self) -> str:
        """The child's last stderr lines, joined with `` / `` (for one-line errors)."""
        return " / ".join(line for line in self._stderr if line)

    def alive(self) -> bool:
        return self._proc.poll() is None

    def exchange(self, payload: bytes, n_lines: int, timeout: float) -> list[bytes]:
        """Write `payload` and return the next `n_lines` output lines (without newlines).

        Args:
            payload: bytes to send, normally whole lines ending in ``\\n``.
            n_lines: how many lines of answer to wait for.
            timeout: seconds without any progress (bytes written or read) after
                which the child counts as stuck.

        Raises:
            ProcessFailure: stuck, exited (EOF / broken pipe), or output left over
                from an earlier exchange (desynchronized).
        """
        if self._buffer or self._pending_output():
            raise ProcessFailure("unexpected output before the request (desynchronized)")
        view = memoryview(payload)
        written = 0
        lines: list[bytes] = []
        with selectors.DefaultSelector() as sel:
            sel.register(self._out_fd, selectors.EVENT_READ)
            if view:
                sel.register(self._in_fd, selectors.EVENT_WRITE)
            last_progress = time.monotonic()
            while len(lines) < n_lines or written < len(view):
                wait = last_progress + timeout - time.monotonic()
                if wait <= 0:
                    raise ProcessFailure(f"no answer within {timeout:g} s")
                for key, _ in sel.select(wait):
                    if key.fd == self._in_fd:
                        try:
                            n = os.write(self._in_fd, view[written:written + _CHUNK])
                        except BlockingIOError:
                            continue
                        except (BrokenPipeError, OSError) as e:
                            raise ProcessFailure(f"child closed its input ({e.strerror})") from e
                        written += n
                        last_progress = time.monotonic()
                        if written == len(view):
                            sel.unregister(self._in_fd)
                    else:
                        try:
                            chunk = os.read(self._out_fd, _CHUNK)
                        except BlockingIOError:
                            continue
                        if not chunk:
                            raise ProcessFailure(self._exit_message())
                        last_progress = time.monotonic()
                        self._buffer += chunk
                        self._take_lines(lines, n_lines)
        if self._buffer:
            raise ProcessFailure("more output than expected (desynchronized)")
        return lines

    def _take_lines(self, lines: list[bytes], n_lines: int) -> None:
        buf = self._buffer
        start = 0
        while len(lines) < n_lines:
            end = buf.find(b"\n", start)
            if end < 0:
                break
            lines.append(bytes(buf[start:end]).rstrip(b"\r"))
            start = end + 1
        del buf[:start]

    def _pending_output(self) -> bool:
        try:
            chunk = os.read(self._out_fd, _CHUNK)
        except BlockingIOError:
            return False
        if chunk:
            self._buffer += chunk
            return True
        return False  # EOF: the next exchange reports the exit

    def _exit_message(self) -> str:
        try:
            code = self._proc.wait(timeout=1.0)
            how = f"exited with code {code}"
        except subprocess.TimeoutExpired:
            how = "closed its output"
        self._stderr_thread.join(timeout=1.0)  # let its last words arrive
        tail = self.stderr_tail()
        return f"child {how}" + (f" ({tail})" if tail else "")

    def close(self, timeout: float = 5.0) -> None:
        """Close stdin so the child ends itself; kill it after `timeout` seconds."""
        if self._proc.poll() is None:
            try:
                self._proc.stdin.close()
            except OSError:
                pass
            try:
                self._proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                logger.warning("pid %d did not exit within %g s; killing it", self.pid, timeout)
                self.kill()
                return
        self._release()

    def kill(self) -> None:
        """SIGKILL (works on a stopped process too) and reap."""
        if self._proc.poll() is None:
            self._proc.kill()
            try:
                self._proc.wait(timeout=10.0)
            except subprocess.TimeoutExpired:  # pragma: no cover - kernel trouble
                logger.error("pid %d survived SIGKILL", self.pid)
        self._release()

    def _release(self) -> None:
        for stream in (self._proc.stdin, self._proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        # stderr belongs to the drain thread, which stops at EOF now that the child is gone

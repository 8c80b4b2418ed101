"""METEOR = the METEOR 1.5 jar that pycocoevalcap ships, run as pycocoevalcap runs it.

Values are pycocoevalcap 1.2's ``Meteor().compute_score`` values, bit for bit: the
same jar and arguments (``java -jar -Xmx2G meteor-1.5.jar - - -stdio -l en -norm``; we
add ``-XX:+UseSerialGC``, which changes memory use, not values), the same
``SCORE ||| refs ||| hyp`` lines, the jar's statistics passed back verbatim in one
``EVAL`` line, and the corpus value is the jar's aggregate line (METEOR over summed
statistics), not the mean of the per-sample values.

What differs is the process handling (see ``docs/meteor.md``):

* one JVM per Python process, started on first use and shared by every `Meteor`
  (pycocoevalcap starts one per scorer object, ~10 s each); `start_in_background` starts
  it early in a thread (``rrg_rewards.score`` does, so it loads while other metrics run);
* a whole batch is one exchange: every SCORE line is streamed at once, then one EVAL;
* the jar's answer to a SCORE line depends on that line alone, so answers are kept in
  an exact LRU cache (``RRG_METEOR_CACHE`` entries, default 20000): repeated pairs,
  common in RL (greedy baselines, duplicate samples), only cost their EVAL share;
* a watchdog: no progress for ``timeout`` seconds, or a dead JVM, means kill,
  restart and retry once, then `RewardsError` (pycocoevalcap blocks forever);
* inputs are made safe for the line protocol (`clean_hypothesis`, `clean_reference`).

Input mapping (what the jar sees for an input string; equal numbers to
pycocoevalcap wherever pycocoevalcap does not hang):

* ``\\n`` and ``\\r`` -> a space. They end a line for the jar (Java's
  ``BufferedReader.readLine``): pycocoevalcap's answers go out of step, it raises
  ``ValueError`` with its lock still held, and its next call hangs forever.
* hypothesis: ``'|||'`` removed, then ``'  '`` -> ``' '``, exactly as pycocoevalcap does.
* reference: ``'|||'`` is left alone, as pycocoevalcap leaves it: the jar splits the
  reference there into several references. The line protocol stays intact.
* other control and format characters (``\\x00``, ``\\x1f``, ``\\x7f``, ``\\x85``,
  ``\\u2028``...) are passed through: the jar reads them as token characters (tab and
  form feed as spaces) and never breaks on them, so replacing them would change
  the values pycocoevalcap gives.
* empty hypothesis or reference: passed through; the jar scores an empty side 0.0
  (pycocoevalcap's value too). Only lone surrogates, which cannot be UTF-8 encoded
  (pycocoevalcap raises ``UnicodeEncodeError``), become ``?``.
"""
from __future__ import annotations

import atexit
import collections
import importlib.util
import logging
import os
import re
import shutil
import threading
import time
from pathlib import Path

import numpy as np

from ..errors import RewardsError
from ._jvm import LineProcess, ProcessFailure
from .base import Metric, Score

logger = logging.getLogger(__name__)

__all__ = [
    "Meteor", "MeteorUnavailable", "meteor_available", "meteor_unavailable_reason",
    "meteor_jar", "set_heap", "get_heap", "shutdown", "start_in_background", "clean_hypothesis",
    "clean_reference",
]

#: env var: path of a meteor-1.5.jar to use instead of pycocoevalcap's
ENV_JAR = "RRG_METEOR_JAR"
#: env var: JVM maximum heap (``-Xmx``), e.g. ``2G``, ``512M``
ENV_HEAP = "RRG_METEOR_HEAP"
#: env var: watchdog timeout in seconds (no progress for this long = stuck)
ENV_TIMEOUT = "RRG_METEOR_TIMEOUT"
#: env var: how many SCORE answers to keep (exact LRU cache; 0 turns it off)
ENV_CACHE = "RRG_METEOR_CACHE"
#: default cache entries: ~1 kB each for IU X-Ray-length reports
DEFAULT_CACHE = 20000
#: pycocoevalcap's heap
DEFAULT_HEAP = "2G"
#: seconds without progress during an exchange before the JVM counts as stuck
DEFAULT_TIMEOUT = 60.0
#: seconds the JVM may take to load its tables and answer the first line
START_TIMEOUT = 180.0
#: MeteorStats.STATS_LENGTH: numbers on one SCORE answer line
STATS_LENGTH = 23

_HEAP_RE = re.compile(r"^[1-9][0-9]*[kKmMgGtT]?$")
_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " "})
#: probe sent after start: the jar answers it once its tables are loaded
_PROBE_LINE = b"SCORE ||| ready ||| ready\n"

_heap_override: str | None = None


class MeteorUnavailable(RewardsError):
    """Java or the METEOR jar is missing, so METEOR cannot be computed here."""


def meteor_jar() -> Path:
    """The jar to run: ``$RRG_METEOR_JAR``, else the one inside the installed pycocoevalcap.

    Raises:
        MeteorUnavailable: no such file, or pycocoevalcap is not installed.
    """
    override = os.environ.get(ENV_JAR)
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise MeteorUnavailable(f"METEOR unavailable: {ENV_JAR}={override} is not a file")
        return path
    # find_spec locates the package without importing it
    spec = importlib.util.find_spec("pycocoevalcap")
    if spec is None or not spec.submodule_search_locations:
        raise MeteorUnavailable(
            "METEOR unavailable: pycocoevalcap (which ships meteor-1.5.jar) is not installed; "
            f"install it or set {ENV_JAR}")
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "meteor" / "meteor-1.5.jar"
        if path.is_file():
            return path
    raise MeteorUnavailable(
        f"METEOR unavailable: meteor-1.5.jar not found in pycocoevalcap; set {ENV_JAR}")


def _java() -> str:
    path = shutil.which("java")
    if path is None:
        raise MeteorUnavailable(
            "METEOR unavailable: java not found on PATH (install a Java runtime, 8 or newer)")
    return path


def meteor_unavailable_reason() -> str | None:
    """One line saying why METEOR cannot run here, or None when it can (starts nothing)."""
    try:
        _java()
        meteor_jar()
    except MeteorUnavailable as e:
        return str(e)
    return None


def meteor_available() -> bool:
    """Whether java and the jar are present (does not start the JVM)."""
    return meteor_unavailable_reason() is None


def set_heap(size: str | None) -> None:
    """Set the JVM heap (``-Xmx``) for the next JVM start; None restores env/default.

    A running JVM keeps its heap; call `shutdown` to apply the new value now.

    Raises:
        RewardsError: `size` is not like ``2G``, ``512M`` or ``1048576k``.
    """
    global _heap_override
    if size is not None and not _HEAP_RE.match(str(size)):
        raise RewardsError(f"METEOR heap must look like 2G or 512M, got {size!r}")
    _heap_override = None if size is None else str(size)


def get_heap() -> str:
    """The heap the next JVM start uses: `set_heap`, else ``$RRG_METEOR_HEAP``, else 2G.

    Raises:
        RewardsError: ``$RRG_METEOR_HEAP`` is malformed.
    """
    if _heap_override is not None:
        return _heap_override
    env = os.environ.get(ENV_HEAP, "").strip()
    if env:
        if not _HEAP_RE.match(env):
            raise RewardsError(f"{ENV_HEAP} must look like 2G or 512M, got {env!r}")
        return env
    return DEFAULT_HEAP


def _default_timeout() -> float:
    env = os.environ.get(ENV_TIMEOUT, "").strip()
    if not env:
        return DEFAULT_TIMEOUT
    try:
        value = float(env)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise RewardsError(f"{ENV_TIMEOUT} must be a positive number of seconds, got {env!r}")
    return value


def _cache_size() -> int:
    env = os.environ.get(ENV_CACHE, "").strip()
    if not env:
        return DEFAULT_CACHE
    if not env.isdigit():
        raise RewardsError(f"{ENV_CACHE} must be a number of entries (0 = off), got {env!r}")
    return int(env)


def clean_hypothesis(text: str) -> str:
    """What the jar receives for a hypothesis: line breaks -> space, then pycocoevalcap's
    own ``replace('|||', '').replace('  ', ' ')`` (see the module docstring)."""
    return text.translate(_LINE_BREAKS).replace("|||", "").replace("  ", " ")


def clean_reference(text: str) -> str:
    """What the jar receives for a reference: line breaks -> space, nothing else."""
    return text.translate(_LINE_BREAKS)


def _score_line(prediction: str, references: list[str]) -> bytes:
    # pycocoevalcap: ' ||| '.join(('SCORE', ' ||| '.join(refs), hyp))
    refs = " ||| ".join(clean_reference(r) for r in references)
    line = f"SCORE ||| {refs} ||| {clean_hypothesis(prediction)}\n"
    return line.encode("utf-8", "replace")


def _command(java: str, jar: Path, heap: str) -> list[str]:
    """pycocoevalcap's command line, with our heap and the serial garbage collector.

    The collector cannot change a value; against Java 17's default (G1) the serial one
    halves resident memory (~0.6 GB), starts no GC threads to compete for shared cores,
    and used no more CPU per scored IU X-Ray pair (0-25% less, noisy shared machine).
    """
    return [java, "-XX:+UseSerialGC", "-jar", f"-Xmx{heap}", str(jar),
            "-", "-", "-stdio", "-l", "en", "-norm"]


class _MeteorServer:
    """The per-process JVM: lazy start, one lock around each exchange, watchdog, restart."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: LineProcess | None = None
        self._pid = os.getpid()
        self.starts = 0  # JVMs started by this process (tests and logs)
        # SCORE line -> the jar's statistics line. Exact: the jar's answer depends on
        # the line alone (checked: 1500 IU X-Ray lines, shuffled, same answers).
        self._cache: collections.OrderedDict[bytes, bytes] = collections.OrderedDict()
        self.scored = 0  # SCORE lines actually sent to a JVM (tests and logs)
        self._starter: threading.Thread | None = None  # see start_in_background

    @property
    def process(self) -> LineProcess | None:
        """The running child, if any (tests poke it to exercise the watchdog)."""
        return self._proc

    def after_fork_in_child(self) -> None:
        # The parent's JVM and lock are not ours: forget both, start our own on use.
        self._lock = threading.Lock()
        self._proc = None
        self._pid = os.getpid()
        self._starter = None

    def _ensure_started(self) -> None:
        """Start the JVM unless one is running (waits for a running exchange)."""
        with self._lock:
            if self._proc is None or not self._proc.alive():
                self._stop(kill=True)
                self._proc = self._start()

    def start_in_background(self) -> threading.Thread | None:
        """Start the JVM in a daemon thread; None when it runs already or cannot run here.

        The thread holds the exchange lock while the JVM loads, so a `score` call that
        comes meanwhile waits for it instead of starting a second JVM. A failed background
        start is only logged: the next `score` starts (and retries) in the foreground,
        raising what it raises there.
        """
        if os.getpid() != self._pid:
            self.after_fork_in_child()
        proc = self._proc
        if proc is not None and proc.alive():
            return None
        starter = self._starter
        if starter is not None and starter.is_alive():
            return starter
        if meteor_unavailable_reason() is not None:
            return None
        starter = threading.Thread(target=self._start_quietly, name="meteor-jvm-start",
                                   daemon=True)
        self._starter = starter
        starter.start()
        return starter

    def _start_quietly(self) -> None:
        try:
            self._ensure_started()
        except (RewardsError, ProcessFailure) as e:
            logger.info("METEOR JVM background start failed (%s); the next use retries", e)

    def _start(self) -> LineProcess:
        java, jar = _java(), meteor_jar()
        heap = get_heap()
        command = _command(java, jar, heap)
        t0 = time.perf_counter()
        try:
            proc = LineProcess(command, cwd=jar.parent)
        except OSError as e:
            raise MeteorUnavailable(f"METEOR unavailable: cannot run {java}: {e.strerror}") from e
        try:
            answer = proc.exchange(_PROBE_LINE, 1, START_TIMEOUT)
        except ProcessFailure:
            proc.kill()
            raise
        if len(answer[0].split()) != STATS_LENGTH:
            proc.kill()
            raise ProcessFailure(f"unexpected answer to the start probe: {answer[0][:80]!r}")
        self.starts += 1
        logger.info("METEOR JVM pid %d ready in %.1f s (heap %s)",
                    proc.pid, time.perf_counter() - t0, heap)
        return proc

    def _stop(self, kill: bool) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill() if kill else proc.close()

    def shutdown(self, lock_timeout: float = -1) -> None:
        """Close the JVM (stdin EOF, wait, kill on timeout); the next use starts another.

        Args:
            lock_timeout: seconds to wait for a running exchange (-1: as long as it
                takes); past it the JVM is killed under the exchange, which then fails.
        """
        if os.getpid() != self._pid:
            return
        locked = self._lock.acquire(timeout=lock_timeout)
        try:
            self._stop(kill=not locked)
        finally:
            if locked:
                self._lock.release()

    def at_exit(self) -> None:
        # a daemon thread may be mid-exchange at interpreter exit: do not wait for it long
        self.shutdown(lock_timeout=10.0)

    def score(self, lines: list[bytes], timeout: float) -> tuple[float, np.ndarray]:
        """Per-sample and corpus values for prepared SCORE lines (one exchange each way).

        Lines already answered (earlier in this batch or, within the cache, before)
        are not sent again; the EVAL line always carries every sample's statistics.
        """
        if os.getpid() != self._pid:  # forked without register_at_fork (e.g. os.fork in C)
            self.after_fork_in_child()
        failure: ProcessFailure | None = None
        with self._lock:
            for attempt in range(2):
                try:
                    if self._proc is None or not self._proc.alive():
                        self._stop(kill=True)
                        self._proc = self._start()
                    stats = self._statistics(self._proc, lines, timeout)
                    return self._evaluate(self._proc, stats, timeout)
                except ProcessFailure as e:
                    failure = e
                    tail = self._proc.stderr_tail() if self._proc is not None else ""
                    logger.warning("METEOR JVM failed (%s)%s; %s", e, f" [{tail}]" if tail else "",
                                   "restarting and retrying" if attempt == 0 else "giving up")
                    self._stop(kill=True)
        raise RewardsError(f"METEOR failed twice, JVM restarted in between: {failure}")

    def _statistics(self, proc: LineProcess, lines: list[bytes], timeout: float) -> list[bytes]:
        """The jar's statistics line for every SCORE line, asking it only for unknown ones."""
        cache, capacity = self._cache, _cache_size()
        known: dict[bytes, bytes] = {}
        for line in lines:
            hit = cache.get(line)
            if hit is not None:
                known[line] = hit
                cache.move_to_end(line)
        todo = list(dict.fromkeys(line for line in lines if line not in known))
        if todo:
            answers = proc.exchange(b"".join(todo), len(todo), timeout)
            self.scored += len(todo)
            for line, stats in zip(todo, answers):
                if len(stats.split()) != STATS_LENGTH:
                    raise ProcessFailure(f"expected METEOR statistics, got {stats[:80]!r}")
                stats = stats.strip()
                known[line] = stats
                if capacity:
                    cache[line] = stats
            while len(cache) > capacity:
                cache.popitem(last=False)
        return [known[line] for line in lines]

    @staticmethod
    def _evaluate(proc: LineProcess, stats: list[bytes], timeout: float) -> tuple[float, np.ndarray]:
        """EVAL: per-sample scores and the aggregate over the summed statistics."""
        eval_line = b" ||| ".join([b"EVAL", *stats]) + b"\n"
        answer = proc.exchange(eval_line, len(stats) + 1, timeout)
        try:
            values = [float(a) for a in answer]
        except ValueError as e:
            raise ProcessFailure(f"expected METEOR scores, got {e}") from e
        return values[-1], np.asarray(values[:-1], dtype=np.float64)

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()


_SERVER = _MeteorServer()
os.register_at_fork(after_in_child=_SERVER.after_fork_in_child)
atexit.register(_SERVER.at_exit)


def shutdown() -> None:
    """Stop this process's METEOR JVM now (it restarts on next use); also runs at exit."""
    _SERVER.shutdown()


def start_in_background() -> threading.Thread | None:
    """Start this process's METEOR JVM in a daemon thread now, so that its start (~5-10 s
    of loading tables) overlaps other work; the first METEOR score waits for it.

    Returns the starting thread, or None when the JVM runs already or java or the jar is
    missing (then `Meteor` raises `MeteorUnavailable` as usual). Never raises.
    """
    return _SERVER.start_in_background()


class Meteor(Metric):
    """METEOR 1.5 with pycocoevalcap 1.2's values, per sample and corpus (see module doc).

    Args:
        timeout: watchdog seconds: an exchange with no progress for this long kills,
            restarts and retries the JVM once. Default ``$RRG_METEOR_TIMEOUT`` or 60.

    Raises:
        MeteorUnavailable: java is not on PATH or the jar is missing (checked here,
            so callers learn it before scoring; the JVM itself starts on first use).
        RewardsError: `timeout` is not a positive number.
    """

    names = ("METEOR",)

    def __init__(self, timeout: float | None = None) -> None:
        super().__init__()
        if timeout is None:
            timeout = _default_timeout()
        elif not (isinstance(timeout, (int, float)) and timeout > 0):
            raise RewardsError(f"METEOR timeout must be a positive number of seconds, got {timeout!r}")
        self.timeout = float(timeout)
        reason = meteor_unavailable_reason()
        if reason is not None:
            raise MeteorUnavailable(reason)

    def signature_fields(self) -> dict[str, str]:
        return {"lang": "en", "norm": "yes", "jar": "1.5"}

    def _compute(self, predictions: list[str], references: list[list[str]]) -> dict[str, Score]:
        lines = [_score_line(p, refs) for p, refs in zip(predictions, references)]
        corpus, per_sample = _SERVER.score(lines, self.timeout)
        return {"METEOR": Score("METEOR", corpus, per_sample)}

"""METEOR vs pycocoevalcap's Meteor, live; hostile inputs; threads; the watchdog; no Java.

JVM starts (about 10 s of CPU each): ours once for the module plus one restart in the
watchdog test, and pycocoevalcap's once, loading while ours does. Other failure paths
use a small Python stand-in for the jar.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import threading

import numpy as np
import pytest

from rrg_rewards.errors import RewardsError
from rrg_rewards.nlg import meteor
from rrg_rewards.nlg.meteor import (Meteor, MeteorUnavailable, clean_hypothesis, clean_reference,
                                    meteor_available)

HEAP = "1G"  # not pycocoevalcap's 2G, to check that set_heap reaches the JVM command


# ---------------------------------------------------------------- fixtures and helpers

@pytest.fixture(scope="module")
def ours(java: str, coco) -> Meteor:
    """The shared JVM, started once for this module with a non-default heap.

    Asks for `coco` first so that pycocoevalcap's JVM loads its tables meanwhile.
    """
    meteor.set_heap(HEAP)
    meteor.shutdown()  # a JVM left by another module would keep its heap
    m = Meteor(timeout=30)
    m(["warm up"], [["warm up"]])
    yield m
    meteor.set_heap(None)


@pytest.fixture(scope="module")
def coco(java: str):
    from pycocoevalcap.meteor.meteor import Meteor as CocoMeteor
    scorer = CocoMeteor()
    yield scorer
    del scorer


def coco_score(coco, predictions: list[str], references: list[list[str]]) -> tuple[float, list[float]]:
    gts = {str(i): list(r) for i, r in enumerate(references)}
    res = {str(i): [p] for i, p in enumerate(predictions)}
    score, scores = coco.compute_score(gts, res)
    return score, scores


def assert_same(ours_result, expected: tuple[float, list[float]]) -> None:
    s = ours_result["METEOR"]
    assert s.per_sample.dtype == np.float64 and s.per_sample.shape == (len(expected[1]),)
    np.testing.assert_array_equal(s.per_sample, np.asarray(expected[1], dtype=np.float64))
    assert s.value == expected[0]


SENTENCES = [
    "the heart size is normal", "the cardiomediastinal silhouette is within normal limits",
    "the lungs are clear", "no focal consolidation", "no pleural effusion or pneumothorax",
    "there is mild cardiomegaly", "small left pleural effusion", "degenerative changes of the spine",
    "no acute osseous abnormality", "xxxx opacity in the right lower lobe",
    "stable calcified granuloma", "pulmonary vascularity is normal", "there is no edema",
    "the heart is enlarged", "low lung volumes", "right basilar atelectasis",
]


def report(rng: np.random.Generator) -> str:
    k = int(rng.integers(1, 6))
    parts = [SENTENCES[i] for i in rng.choice(len(SENTENCES), size=k, replace=False)]
    words = " . ".join(parts).split()
    if rng.random() < 0.3:  # word-level noise: drop or duplicate a word, vary case
        j = int(rng.integers(len(words)))
        words = words[:j] + words[j + 1:] if rng.random() < 0.5 else words[:j] + [words[j]] + words[j:]
    text = " ".join(words) + " ."
    return text.capitalize() if rng.random() < 0.2 else text


def generated_pairs(n: int, seed: int) -> tuple[list[str], list[list[str]]]:
    rng = np.random.default_rng(seed)
    preds = [report(rng) for _ in range(n)]
    refs = [[report(rng) for _ in range(int(rng.integers(1, 4)))] for _ in range(n)]
    return preds, refs


# ---------------------------------------------------------------- exact values

def test_nlg_eval_vectors_equal_pycocoevalcap(ours, coco, shared_data):
    cases = json.loads((shared_data / "metric_refs/nlg_eval/test_vectors.json").read_text())["cases"]
    for case in cases:
        keys = list(case["gts"])
        refs = [case["gts"][k] for k in keys]
        preds = [case["res"][k][0] for k in keys]
        live = coco_score(coco, preds, refs)
        assert live[0] == case["pycocoevalcap_1.2_computed_here"]["METEOR"]
        assert_same(ours(preds, refs), live)


def test_generated_reports_equal_pycocoevalcap_and_streaming(ours, coco):
    preds, refs = generated_pairs(300, seed=0)
    preds[7] = ""  # an empty generation, common early in RL
    live = coco_score(coco, preds, refs)
    result = ours(preds, refs)
    assert_same(result, live)
    # the corpus value is the jar's aggregate, not the mean of per-sample values
    assert result["METEOR"].value != pytest.approx(float(np.mean(live[1])), abs=1e-6)
    # streaming in two updates gives the same as one call, from cached statistics
    scored = meteor._SERVER.scored
    ours.update(preds[:120], refs[:120])
    ours.update(preds[120:], refs[120:])
    streamed = ours.compute()
    ours.reset()
    assert_same(streamed, live)
    assert meteor._SERVER.scored == scored


def test_duplicates_and_cache_off_give_the_same_values(ours, coco, monkeypatch):
    preds, refs = generated_pairs(6, seed=5)
    preds, refs = preds + preds[:3] + ["the lungs are clear ."] * 2, refs + refs[:3] + [["lungs clear ."]] * 2
    live = coco_score(coco, preds, refs)
    meteor._SERVER.clear_cache()
    scored = meteor._SERVER.scored
    assert_same(ours(preds, refs), live)
    assert meteor._SERVER.scored == scored + 7  # each distinct line sent once
    monkeypatch.setenv(meteor.ENV_CACHE, "0")
    meteor._SERVER.clear_cache()
    assert_same(ours(preds, refs), live)
    assert_same(ours(preds, refs), live)
    assert meteor._SERVER.scored == scored + 21


# ---------------------------------------------------------------- hostile input

HOSTILE = [
    ("multi\nline report\r\nwith breaks\r", ["the heart\nis normal"]),
    ("pipes ||| in the ||||| hypothesis", ["the heart ||| is normal", "|||"]),
    ("control \x00 \x01 \x0b \x0c \x1b \x7f \x85 \u2028 chars\t here", ["control chars \x1f here"]),
    ("", ["the lungs are clear"]),
    ("the lungs are clear", [""]),
    ("", [""]),
    ("   ", ["   ", "lungs"]),
    ("SCORE ||| EVAL ||| 1.0", ["EVAL ||| 0.0"]),
    ("unicode é ß ﬁ 😀 \u0301 — “quotes”", ["unicode e ss fi"]),
]


def test_hostile_inputs_match_pycocoevalcap_on_cleaned_text_and_keep_sync(ours, coco):
    starts = meteor._SERVER.starts
    preds = [p for p, _ in HOSTILE]
    refs = [r for _, r in HOSTILE]
    result = ours(preds, refs)
    # pycocoevalcap hangs on line breaks; on the cleaned text it must agree exactly.
    cleaned_preds = [p.replace("\n", " ").replace("\r", " ") for p in preds]
    cleaned_refs = [[x.replace("\n", " ").replace("\r", " ") for x in r] for r in refs]
    assert_same(result, coco_score(coco, cleaned_preds, cleaned_refs))
    # everything but line breaks goes to pycocoevalcap unchanged and gives the same values
    no_breaks = [i for i, (p, r) in enumerate(HOSTILE) if not any(c in p + "".join(r) for c in "\r\n")]
    assert_same(ours([preds[i] for i in no_breaks], [refs[i] for i in no_breaks]),
                coco_score(coco, [preds[i] for i in no_breaks], [refs[i] for i in no_breaks]))
    # empty hypothesis or reference scores 0, as in pycocoevalcap
    assert result["METEOR"].per_sample[3:6].tolist() == [0.0, 0.0, 0.0]
    # no restart was needed and the next call is still in sync
    assert meteor._SERVER.starts == starts
    preds2, refs2 = generated_pairs(20, seed=1)
    assert_same(ours(preds2, refs2), coco_score(coco, preds2, refs2))


def test_random_garbage_matches_pycocoevalcap(ours, coco):
    # control characters, pipes, line breaks, non-Latin text, empty strings
    rng = np.random.default_rng(3)
    alphabet = list("abc xyz.|") + [chr(c) for c in range(0, 0x250)] + list("\u2028\u2029\ufeff😀ﬁ")

    def garbage() -> str:
        return "".join(rng.choice(alphabet, size=int(rng.integers(0, 30))))

    preds = [garbage() for _ in range(200)]
    refs = [[garbage() for _ in range(int(rng.integers(1, 4)))] for _ in range(200)]
    starts = meteor._SERVER.starts
    result = ours(preds, refs)
    cleaned = [[clean_reference(x) for x in r] for r in refs]
    assert_same(result, coco_score(coco, [clean_reference(p) for p in preds], cleaned))
    assert meteor._SERVER.starts == starts


@pytest.mark.parametrize("raw, hyp, ref", [
    ("a\nb", "a b", "a b"),
    ("a\r\nb", "a b", "a  b"),
    ("a ||| b", "a b", "a ||| b"),
    ("a||||b", "a|b", "a||||b"),
    ("\x00", "\x00", "\x00"),
    ("", "", ""),
])
def test_clean_mapping(raw, hyp, ref):
    assert clean_hypothesis(raw) == hyp
    assert clean_reference(raw) == ref


def test_lone_surrogate_does_not_raise(ours):
    # pycocoevalcap raises UnicodeEncodeError here; we send '?' instead
    assert ours(["bad \ud800 text"], [["bad ? text"]])["METEOR"].per_sample.shape == (1,)


# ---------------------------------------------------------------- concurrency

def test_threads_get_their_own_results(ours):
    batches = [generated_pairs(12, seed=100 + k) for k in range(4)]
    expected = [ours(p, r) for p, r in batches]
    meteor._SERVER.clear_cache()  # make every thread's first call go to the jar
    results: dict[tuple[int, int], object] = {}
    errors: list[BaseException] = []

    def work(k: int) -> None:
        m = Meteor(timeout=30)  # separate instances share the one JVM
        try:
            for rep in range(5):
                results[k, rep] = m(*batches[k])
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert len(results) == 20
    for (k, _), got in results.items():
        np.testing.assert_array_equal(got["METEOR"].per_sample, expected[k]["METEOR"].per_sample)
        assert got["METEOR"].value == expected[k]["METEOR"].value


# ---------------------------------------------------------------- watchdog

def test_watchdog_restarts_a_stopped_jvm(ours, monkeypatch, caplog):
    preds, refs = generated_pairs(10, seed=2)
    expected = ours(preds, refs)
    server = meteor._SERVER
    starts = server.starts
    old = server.process
    assert f"-Xmx{HEAP}" in old.command
    server.clear_cache()
    # The 2-second watchdog is what is tested, on the stopped JVM. The fresh JVM's retry
    # gets a generous timeout: on a loaded machine its first answers can take > 2 s, and
    # a second timeout there would be load, not the watchdog (it failed CI once that way).
    real_statistics, real_evaluate = server._statistics, server._evaluate

    def timeout_for(proc, timeout):
        return timeout if proc is old else max(timeout, 120.0)

    monkeypatch.setattr(server, "_statistics", lambda proc, lines, timeout: real_statistics(
        proc, lines, timeout_for(proc, timeout)))
    monkeypatch.setattr(server, "_evaluate", lambda proc, stats, timeout: real_evaluate(
        proc, stats, timeout_for(proc, timeout)))
    os.kill(old.pid, signal.SIGSTOP)  # stuck: alive but silent
    with caplog.at_level("WARNING", logger=meteor.__name__):
        got = Meteor(timeout=2)(preds, refs)
    np.testing.assert_array_equal(got["METEOR"].per_sample, expected["METEOR"].per_sample)
    assert got["METEOR"].value == expected["METEOR"].value
    # detected by the 2-second watchdog on the stopped JVM, then restarted once
    failures = [r.getMessage() for r in caplog.records if "METEOR JVM failed" in r.getMessage()]
    assert len(failures) == 1 and "no answer within 2 s" in failures[0]
    assert server.starts == starts + 1
    assert server.process.pid != old.pid and not old.alive()


# A stand-in for the jar (no Java needed): answers the start probe, then on the first
# request either hangs or dies; with a marker file present it answers like the jar.
STUB = r"""
import os, sys, time
mode, marker = sys.argv[1], sys.argv[2]
sys.stdin.readline()
print(" ".join(["1.0"] * 23), flush=True)
line = sys.stdin.readline()
if not os.path.exists(marker):
    if mode == "die":
        open(marker, "w").close()
        sys.exit(3)
    time.sleep(60)
print(" ".join(["1.0"] * 23), flush=True)
sys.stdin.readline()
print("0.5", flush=True)
print("0.25", flush=True)
sys.stdin.readline()
"""


def stub_server(monkeypatch, tmp_path, mode: str):
    stub = tmp_path / "stub.py"
    stub.write_text(STUB)
    marker = tmp_path / "crashed-once"
    monkeypatch.setattr(meteor, "_java", lambda: sys.executable)
    monkeypatch.setattr(meteor, "meteor_jar", lambda: stub)
    monkeypatch.setattr(meteor, "_command", lambda java, jar, heap: [java, str(jar), mode, str(marker)])
    return meteor._MeteorServer()


def test_watchdog_gives_up_after_one_retry(monkeypatch, tmp_path):
    server = stub_server(monkeypatch, tmp_path, "hang")
    with pytest.raises(RewardsError, match="METEOR failed twice.*no answer within 0.5 s"):
        server.score([meteor._score_line("a", ["a"])], timeout=0.5)
    assert server.starts == 2 and server.process is None


def test_child_dying_mid_exchange_is_restarted_and_retried(monkeypatch, tmp_path):
    server = stub_server(monkeypatch, tmp_path, "die")
    corpus, per_sample = server.score([meteor._score_line("a", ["a"])], timeout=5)
    assert (corpus, per_sample.tolist()) == (0.25, [0.5])
    assert server.starts == 2
    server.shutdown()
    assert server.process is None


# ---------------------------------------------------------------- no Java, settings

def test_missing_java_raises_meteor_unavailable(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no java
    assert meteor_available() is False
    with pytest.raises(MeteorUnavailable, match=r"^METEOR unavailable: java not found on PATH") as e:
        Meteor()
    assert "\n" not in str(e.value) and isinstance(e.value, RewardsError)


def test_missing_jar_raises_meteor_unavailable(monkeypatch, tmp_path):
    monkeypatch.setenv(meteor.ENV_JAR, str(tmp_path / "nope.jar"))
    assert meteor.meteor_unavailable_reason().startswith("METEOR unavailable: RRG_METEOR_JAR=")
    with pytest.raises(MeteorUnavailable):
        Meteor()


def test_jar_is_found_in_pycocoevalcap(monkeypatch):
    monkeypatch.delenv(meteor.ENV_JAR, raising=False)
    jar = meteor.meteor_jar()
    assert jar.name == "meteor-1.5.jar" and jar.parent.name == "meteor" and jar.is_file()


def test_heap_settings(monkeypatch):
    monkeypatch.setattr(meteor, "_heap_override", None)
    monkeypatch.delenv(meteor.ENV_HEAP, raising=False)
    assert meteor.get_heap() == "2G"
    monkeypatch.setenv(meteor.ENV_HEAP, "512M")
    assert meteor.get_heap() == "512M"
    meteor.set_heap("3g")
    assert meteor.get_heap() == "3g"
    with pytest.raises(RewardsError, match="heap must look like"):
        meteor.set_heap("2 GB")
    meteor.set_heap(None)
    monkeypatch.setenv(meteor.ENV_HEAP, "lots")
    with pytest.raises(RewardsError, match="RRG_METEOR_HEAP"):
        meteor.get_heap()


@pytest.mark.parametrize("bad", [0, -1.0, "5", float("nan")])
def test_bad_timeout(bad):
    with pytest.raises(RewardsError, match="timeout"):
        Meteor(timeout=bad)

"""The `score` entry point: input shapes, errors, signatures, and decompositions that rebuild corpus values."""
import subprocess
import sys

import numpy as np
import pytest

import rrg_rewards
from rrg_rewards import RewardsError, score
from rrg_rewards.scoring import decompose

PREDS = ["the heart is normal . no effusion .", "small left pleural effusion .", "lungs clear .", ""]
REFS = [["heart size is normal . no pleural effusion ."], ["small left effusion .", "left effusion ."],
        ["the lungs are clear ."], ["normal chest ."]]


def test_reference_strings_equal_one_element_lists():
    a = score(PREDS, [r[0] for r in REFS], metrics=["bleu", "rouge_l", "cider"])
    b = score(PREDS, [[r[0]] for r in REFS], metrics=["bleu", "rouge_l", "cider"])
    assert {k: v.value for k, v in a.items()} == {k: v.value for k, v in b.items()}


def test_keys_and_signature():
    out = score(PREDS, REFS, metrics="bleu,rouge_l,cider")
    assert list(out) == ["Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4", "ROUGE_L", "CIDEr"]
    assert out["Bleu_4"].signature.startswith("Bleu_4|nrefs:var|tok:none|")
    assert out["CIDEr"].per_sample.shape == (4,)


@pytest.mark.parametrize("key", ["Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4", "ROUGE_L", "CIDEr"])
def test_decomposition_rebuilds_corpus_value(key):
    out = score(PREDS, REFS, metrics=["bleu", "rouge_l", "cider"])
    assert decompose(key, out[key], PREDS, REFS).value() == pytest.approx(out[key].value, abs=1e-12)


@pytest.mark.parametrize("kwargs, message", [
    ({"metrics": ["blue"]}, "unknown metric 'blue'"),
    ({"clean": "lower"}, "unknown text handling"),
    ({"metrics": []}, "no metrics"),
])
def test_bad_settings(kwargs, message):
    with pytest.raises(RewardsError, match=message):
        score(PREDS, REFS, **kwargs)


@pytest.mark.parametrize("preds, refs, message", [
    (PREDS[:2], REFS, "2 predictions but 4 references"),
    ("one string", ["x"], "list of strings"),
    ([1], ["x"], "prediction 0 is int"),
    (["a"], [[]], "non-empty list"),
    ([], [], "no samples"),
])
def test_bad_inputs(preds, refs, message):
    with pytest.raises(RewardsError, match=message):
        score(preds, refs, metrics=["bleu"])


def test_import_leaves_torch_out():
    code = "import sys, rrg_rewards, rrg_rewards.rl; rrg_rewards.score(['a b'], ['a b'], metrics=['bleu']); print('torch' in sys.modules or 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_ptb_cleaning_equals_pycocoevalcap_pipeline(java, shared_data):
    """clean='ptb' + our metrics == pycocoevalcap's PTBTokenizer + its scorers, on real reports."""
    import json

    from pycocoevalcap.bleu.bleu import Bleu
    from pycocoevalcap.cider.cider import Cider
    from pycocoevalcap.rouge.rouge import Rouge
    from pycocoevalcap.tokenizer.ptbtokenizer import PTBTokenizer

    data = json.loads((shared_data / "iu_xray" / "annotation.json").read_text())
    reports = [s["report"] for s in data["test"][:120]]
    preds, refs = reports[:60], [[r, reports[-1 - i]] for i, r in enumerate(reports[60:120])]
    tok = PTBTokenizer()
    gts = tok.tokenize({i: [{"caption": c} for c in r] for i, r in enumerate(refs)})
    res = tok.tokenize({i: [{"caption": p}] for i, p in enumerate(preds)})
    ours = score(preds, refs, metrics=["bleu", "rouge_l", "cider"], clean="ptb")
    bleu, bleu_ps = Bleu(4).compute_score(gts, res, verbose=0)
    for k in range(4):
        assert ours[f"Bleu_{k + 1}"].value == pytest.approx(bleu[k], abs=1e-9)
        assert ours[f"Bleu_{k + 1}"].per_sample == pytest.approx(bleu_ps[k], abs=1e-9)
    for key, scorer in (("ROUGE_L", Rouge()), ("CIDEr", Cider())):
        value, per = scorer.compute_score(gts, res)
        assert ours[key].value == pytest.approx(value, abs=1e-9)
        assert ours[key].per_sample == pytest.approx(list(per), abs=1e-9)


def test_meteor_jvm_start_is_requested_first_and_meteor_runs_last(monkeypatch):
    # score() asks for the JVM before any metric runs and scores METEOR last, so the JVM
    # loads while BLEU / ROUGE-L / CIDEr compute; results keep the usual key order
    import numpy as np

    from rrg_rewards import scoring
    from rrg_rewards.nlg import meteor
    from rrg_rewards.nlg.base import Metric, Score

    events = []

    class Recorder(Metric):
        def __init__(self, name, key):
            super().__init__()
            self.name, self.names = name, (key,)

        def _compute(self, predictions, references):
            events.append(self.name)
            return {self.names[0]: Score(self.names[0], 0.5, np.full(len(predictions), 0.5))}

    monkeypatch.setattr(meteor, "start_in_background", lambda: events.append("start"))
    for name, key in [("bleu", "Bleu_4"), ("meteor", "METEOR"), ("rouge_l", "ROUGE_L"),
                      ("cider", "CIDEr")]:
        monkeypatch.setitem(scoring.METRIC_FACTORIES, name,
                            lambda name=name, key=key, **_: Recorder(name, key))
    out = score(PREDS, REFS)
    metrics = [e for e in events if e != "start"]
    assert events[0] == "start" and events.index("bleu") > max(
        i for i, e in enumerate(events) if e == "start")
    assert metrics == ["bleu", "rouge_l", "cider", "meteor"]
    assert list(out) == ["Bleu_4", "METEOR", "ROUGE_L", "CIDEr"]
    assert out["METEOR"].signature.startswith("METEOR|")

    events.clear()  # no METEOR requested: no JVM start
    score(PREDS, REFS, metrics="bleu,cider")
    assert events == ["bleu", "cider"]


def test_background_start_is_shared_and_waited_for(monkeypatch):
    # one starting thread at a time; it holds the exchange lock, so a METEOR score that
    # comes meanwhile waits for that JVM instead of starting a second one
    import threading

    from rrg_rewards.nlg import meteor

    server = meteor._SERVER
    if server._starter is not None:  # a real start requested by an earlier test: let it end
        server._starter.join(300)
    release, started = threading.Event(), []

    class FakeJVM:
        def alive(self):
            return True

        def close(self):
            pass

        kill = close

    def fake_start():
        started.append(threading.current_thread().name)
        assert release.wait(30)
        return FakeJVM()

    monkeypatch.setattr(server, "_proc", None)
    monkeypatch.setattr(server, "_starter", None)
    monkeypatch.setattr(server, "_start", fake_start)
    monkeypatch.setattr(meteor, "meteor_unavailable_reason", lambda: None)
    thread = meteor.start_in_background()
    assert thread is not None and thread.daemon
    assert meteor.start_in_background() is thread  # still starting: the same thread
    waiter = threading.Thread(target=server._ensure_started)
    waiter.start()
    waiter.join(0.2)
    assert waiter.is_alive()  # blocked on the lock the starting thread holds
    release.set()
    thread.join(30)
    waiter.join(30)
    assert started == ["meteor-jvm-start"]  # one JVM, started by the background thread
    assert meteor.start_in_background() is None  # running: nothing to start


def test_background_start_without_java_does_nothing(monkeypatch):
    from rrg_rewards.nlg import meteor

    monkeypatch.setattr(meteor._SERVER, "_proc", None)
    monkeypatch.setattr(meteor._SERVER, "_starter", None)
    monkeypatch.setattr(meteor, "meteor_unavailable_reason", lambda: "no java")
    assert meteor.start_in_background() is None


@pytest.mark.parametrize("installed, expected", [
    ("1.2", "pycocoevalcap 1.2"),
    (None, "pycocoevalcap 1.2 (not installed)"),
    ("1.3", "pycocoevalcap 1.2 (installed: 1.3)"),
])
def test_signature_reference_tells_what_is_installed(monkeypatch, installed, expected):
    from importlib import metadata

    from rrg_rewards import signature

    def version(name):
        if installed is None:
            raise metadata.PackageNotFoundError(name)
        return installed

    monkeypatch.setattr(signature.metadata, "version", version)
    assert signature.reference_version() == installed
    assert signature.reference_field() == expected


def test_per_sample_frame_has_one_row_per_sample():
    pd = pytest.importorskip("pandas")
    preds, refs = ["the heart is normal .", "small effusion ."], ["the heart is normal .", "no effusion ."]
    ev = rrg_rewards.evaluate(preds, refs, "bleu,rouge_l")
    frame = ev.to_frame()
    assert isinstance(frame, pd.DataFrame) and frame.shape == (2, len(ev.metrics))
    np.testing.assert_array_equal(frame["ROUGE_L"].to_numpy(), ev["ROUGE_L"].per_sample)


def test_dir_lists_the_lazy_entry_points():
    """`dir(rrg_rewards)` showed typing's `Any` but not `label`, `evaluate`, ... (loaded lazily)."""
    import rrg_rewards
    names = dir(rrg_rewards)
    assert {"score", "label", "clinical_efficacy", "evaluate", "evaluate_by_group"} <= set(names)
    assert "Any" not in names and "annotations" not in names


def test_metric_class_given_plain_reference_strings_says_so():
    """The old message ("needs a non-empty list of reference strings") named a non-empty string."""
    from rrg_rewards.nlg.bleu import BLEU
    with pytest.raises(RewardsError, match=r"references of sample 0 are one string; .*\[\[ref\], \.\.\.\]"):
        BLEU()(["a b"], ["a b"])


def test_metric_classes_sign_their_scores_as_score_does():
    """`BLEU().compute()` and `CIDErD()(...)` returned scores with an empty signature."""
    from rrg_rewards.nlg.bleu import BLEU
    from rrg_rewards.nlg.cider import CIDErD
    preds, refs = ["a b c d", "x y"], [["a b c d"], ["x y z", "x y"]]
    bleu = BLEU()
    bleu.update(preds, refs)
    want = score(preds, refs, metrics=["bleu", "cider"])
    assert bleu.compute()["Bleu_4"].signature == want["Bleu_4"].signature != ""
    assert CIDErD()(preds, refs)["CIDEr"].signature == want["CIDEr"].signature

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from rrg_model import checkpoint, evaluate, train_mle, train_scst  # noqa: E402
from rrg_model.config import DecodeConfig, RunConfig  # noqa: E402
from rrg_model.errors import ModelError  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def _weights(path: Path) -> dict[str, torch.Tensor]:
    return checkpoint.load_raw(path)["model"]


def _assert_same_state(a: Path, b: Path) -> None:
    ra, rb = checkpoint.load_raw(a), checkpoint.load_raw(b)
    for k, v in ra["model"].items():
        assert torch.equal(v, rb["model"][k]), k
    oa, ob = ra["optimizer"]["state"], rb["optimizer"]["state"]
    assert oa.keys() == ob.keys()
    for k in oa:
        for name, t in oa[k].items():
            assert torch.equal(torch.as_tensor(t), torch.as_tensor(ob[k][name])), (k, name)
    assert ra["scheduler"] == rb["scheduler"] and ra["epoch"] == rb["epoch"]


def test_mle_run_writes_config_metrics_checkpoints_and_test_once(syn_data: Path, tmp_path: Path,
                                                                  smoke_cfg: RunConfig) -> None:
    cfg = replace(smoke_cfg, train=replace(smoke_cfg.train, epochs=3))
    best = train_mle.train(cfg, syn_data, tmp_path / "mle", progress=False)
    out = tmp_path / "mle"
    meta = json.loads((out / "config.json").read_text())
    assert meta["seed"] == cfg.seed and meta["stage"] == "mle" and "torch" in meta["versions"]
    assert "git_commit" in meta and RunConfig.from_dict(meta["config"]) == cfg
    rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    assert [r["epoch"] for r in rows] == [1, 2, 3]
    with (out / "metrics.csv").open() as f:
        assert [int(r["epoch"]) for r in csv.DictReader(f)] == [1, 2, 3]
    # learning rates decay by 0.8 per epoch, visual and rest separately
    assert rows[1]["lr_visual"] == pytest.approx(cfg.train.lr_visual * 0.8)
    assert rows[2]["lr_rest"] == pytest.approx(cfg.train.lr_rest * 0.64)
    # best.pt is the epoch with the best validation BLEU-4 (first one on ties)
    vals = [r["val_Bleu_4"] for r in rows]
    best_epoch = vals.index(max(vals)) + 1
    assert checkpoint.load_raw(best)["epoch"] == best_epoch
    test = json.loads((out / "test_metrics.json").read_text())
    assert test["best_epoch"] == best_epoch and test["n"] == 4
    assert test["decode"] == {"method": "beam", "beam_size": 2, "temperature": 1.0, "max_len": 19,
                              "block_trigrams": True}
    preds = json.loads((out / "test_predictions.json").read_text())
    assert len(preds) == 4
    assert not list(out.glob(".*.tmp"))
    # evaluate() reproduces the run's test scores from the checkpoint alone
    res = evaluate.evaluate(best, syn_data, split="test", metrics=["bleu"], clinical=False)
    assert res["metrics"]["Bleu_4"] == pytest.approx(test["metrics"]["Bleu_4"], abs=1e-12)
    assert res["per_sample"]["Bleu_4"].shape == (4,) and res["ids"] == list(res["predictions"])


def test_resume_continues_bit_identically(syn_data: Path, tmp_path: Path, smoke_cfg: RunConfig) -> None:
    two = replace(smoke_cfg, train=replace(smoke_cfg.train, epochs=2))
    one = replace(smoke_cfg, train=replace(smoke_cfg.train, epochs=1))
    train_mle.train(two, syn_data, tmp_path / "straight", progress=False)
    train_mle.train(one, syn_data, tmp_path / "resumed", progress=False)
    train_mle.train(two, syn_data, tmp_path / "resumed", resume=True, progress=False)
    _assert_same_state(tmp_path / "straight" / "last.pt", tmp_path / "resumed" / "last.pt")
    a = [json.loads(x) for x in (tmp_path / "straight" / "metrics.jsonl").read_text().splitlines()]
    b = [json.loads(x) for x in (tmp_path / "resumed" / "metrics.jsonl").read_text().splitlines()]
    drop = lambda rows: [{k: v for k, v in r.items() if k != "seconds"} for r in rows]  # noqa: E731
    assert drop(a) == drop(b)


def test_resume_refuses_a_different_model(syn_data: Path, tmp_path: Path, smoke_cfg: RunConfig) -> None:
    one = replace(smoke_cfg, train=replace(smoke_cfg.train, epochs=1))
    with pytest.raises(ModelError, match="no last.pt"):
        train_mle.train(one, syn_data, tmp_path / "none", resume=True, progress=False)
    train_mle.train(one, syn_data, tmp_path / "r", progress=False)
    other = replace(one, model=replace(one.model, use_cmm=False))
    with pytest.raises(ModelError, match="model.use_cmm True -> False"):
        train_mle.train(other, syn_data, tmp_path / "r", resume=True, progress=False)


def test_rl_stage_from_mle_checkpoint(syn_data: Path, tmp_path: Path, smoke_cfg: RunConfig) -> None:
    cfg = replace(smoke_cfg, train=replace(smoke_cfg.train, epochs=1),
                  rl=replace(smoke_cfg.rl, epochs=1, nll_weight=0.5))
    mle = train_mle.train(cfg, syn_data, tmp_path / "mle", progress=False)
    best = train_scst.train(cfg, syn_data, tmp_path / "rl", init_checkpoint=mle, progress=False)
    parent, row = (json.loads(x) for x in (tmp_path / "rl" / "metrics.jsonl").read_text().splitlines()[:2])
    # epoch 0 is the MLE parent scored on validation: the bar RL has to beat (R2GenRL)
    assert parent["epoch"] == 0 and parent["parent"] is True and "val_Bleu_4" in parent
    for key in ("train_rl_loss", "train_reward_sample", "train_reward_baseline", "train_nll", "val_Bleu_4",
                "val_image_gap", "val_distinct"):
        assert key in row
    assert row["lr_visual"] == cfg.rl.lr_visual and row["lr_rest"] == cfg.rl.lr_rest
    # the RL stage changed the weights; best.pt is the parent exactly when no RL epoch beat it
    last = tmp_path / "rl" / "last.pt"
    assert any(not torch.equal(a, b) for a, b in zip(_weights(mle).values(), _weights(last).values()))
    chosen = json.loads(checkpoint.load_raw(best)["best"])
    same = all(torch.equal(a, b) for a, b in zip(_weights(mle).values(), _weights(best).values()))
    assert same == (chosen["epoch"] == 0)
    assert chosen["epoch"] == 0 or row["val_Bleu_4"] > parent["val_Bleu_4"]
    test = json.loads((tmp_path / "rl" / "test_metrics.json").read_text())
    assert test["decode"]["method"] == "beam"
    with pytest.raises(ModelError, match="needs an MLE checkpoint"):
        train_scst.train(cfg, syn_data, tmp_path / "rl2", progress=False)
    bad = replace(cfg, rl=replace(cfg.rl, reward="bleu9"))
    with pytest.raises(ModelError, match="bleu9"):
        train_scst.train(bad, syn_data, tmp_path / "rl3", init_checkpoint=mle, progress=False)


def test_evaluation_ignores_training_time_sampling(syn_data: Path, tmp_path: Path, smoke_cfg: RunConfig) -> None:
    cfg = replace(smoke_cfg, train=replace(smoke_cfg.train, epochs=1))
    best = train_mle.train(cfg, syn_data, tmp_path / "m", progress=False)
    torch.manual_seed(0)
    a = evaluate.evaluate(best, syn_data, split="val", metrics=["bleu"], clinical=False)
    torch.manual_seed(123)  # a different global RNG state must not matter to beam search
    b = evaluate.evaluate(best, syn_data, split="val", metrics=["bleu"], clinical=False)
    assert a["predictions"] == b["predictions"] and a["decode"] == cfg.eval_decode
    g = evaluate.evaluate(best, syn_data, split="val", decode=DecodeConfig(method="greedy", max_len=19),
                          metrics=["bleu"], clinical=False)
    assert g["decode"].method == "greedy"


def _rrg(*args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "rrg_cli.main", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


@pytest.mark.slow
def test_sigkill_mid_run_resumes_from_last_complete_checkpoint(syn_data: Path, tmp_path: Path) -> None:
    common = ["--data-dir", str(syn_data), "--preset", "smoke", "--no-rl", "--epochs", "3",
              "--threads", "1", "--no-progress", "--set", "metrics=bleu"]
    straight = _rrg("train", *common, "--out", str(tmp_path / "a"))
    victim = _rrg("train", *common, "--out", str(tmp_path / "b"))
    metrics = tmp_path / "b" / "mle" / "metrics.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and victim.poll() is None:
        if metrics.is_file() and metrics.read_text().strip():
            break
        time.sleep(0.05)
    assert victim.poll() is None, victim.communicate()
    victim.send_signal(signal.SIGKILL)  # somewhere in epoch 2 (or writing its files)
    victim.communicate()
    assert not (tmp_path / "b" / "mle" / "test_metrics.json").exists()
    done = checkpoint.load_raw(tmp_path / "b" / "mle" / "last.pt")["epoch"]
    assert 1 <= done < 3
    resumed = _rrg("train", "--resume", str(tmp_path / "b"), "--no-progress")
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    assert straight.wait(timeout=300) == 0
    _assert_same_state(tmp_path / "a" / "mle" / "last.pt", tmp_path / "b" / "mle" / "last.pt")


@pytest.mark.slow
def test_torchrun_two_cpu_processes(syn_data: Path, tmp_path: Path) -> None:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
           "-m", "rrg_cli.main", "train", "--data-dir", str(syn_data), "--out", str(tmp_path / "ddp"),
           "--preset", "smoke", "--epochs", "1", "--rl-epochs", "1", "--threads", "1", "--no-progress",
           "--set", "metrics=bleu"]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    for stage in ("mle", "rl"):
        meta = json.loads((tmp_path / "ddp" / stage / "config.json").read_text())
        assert meta["world_size"] == 2
        assert (tmp_path / "ddp" / stage / "best.pt").is_file()
    assert p.stdout.strip().endswith("best.pt") and p.stdout.count("best.pt") == 1


def test_test_split_is_rescored_when_best_changes(syn_data: Path, tmp_path: Path, smoke_cfg: RunConfig) -> None:
    """A resumed run whose later epoch beats the old best must not keep the old test scores."""
    from rrg_model.runner import _test_is_current
    cfg = replace(smoke_cfg, train=replace(smoke_cfg.train, epochs=1))
    best = train_mle.train(cfg, syn_data, tmp_path / "m", progress=False)
    assert _test_is_current(tmp_path / "m", best)
    meta = json.loads((tmp_path / "m" / "test_metrics.json").read_text())
    meta["best_epoch"] = 99  # as if best.pt had been replaced after the test was scored
    (tmp_path / "m" / "test_metrics.json").write_text(json.dumps(meta))
    assert not _test_is_current(tmp_path / "m", best)
    train_mle.train(cfg, syn_data, tmp_path / "m", resume=True, progress=False)
    assert json.loads((tmp_path / "m" / "test_metrics.json").read_text())["best_epoch"] == 1


@pytest.mark.parametrize("kind", ["loo", "group", "comparative", "ema"])
def test_every_rl_baseline_trains(syn_data: Path, tmp_path: Path, smoke_cfg: RunConfig, kind: str) -> None:
    """Each rrg_rewards.rl baseline drives a real SCST epoch (loo / group with 2 samples per study)."""
    from rrg_model.config import with_baseline
    cfg = with_baseline(replace(smoke_cfg, train=replace(smoke_cfg.train, epochs=1),
                                rl=replace(smoke_cfg.rl, epochs=1, samples=2 if kind in ("loo", "group") else 1)),
                        kind)
    mle = train_mle.train(cfg, syn_data, tmp_path / "mle", progress=False)
    train_scst.train(cfg, syn_data, tmp_path / "rl", init_checkpoint=mle, progress=False)
    row = json.loads((tmp_path / "rl" / "metrics.jsonl").read_text().splitlines()[1])
    assert np.isfinite(row["train_rl_loss"]) and "train_reward_sample" in row
    assert ("train_reward_baseline" in row) == (kind == "comparative")
    saved = json.loads((tmp_path / "rl" / "config.json").read_text())["config"]["rl"]
    assert saved["baseline_kind"] == kind


@pytest.mark.parametrize("kind", ["greedy", "group"])
def test_normalize_then_sum_reward_scores_each_study_as_a_group(syn_data: Path, tmp_path: Path,
                                                               smoke_cfg: RunConfig, kind: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The `clinical` composite trains; its groups are a study's samples (+ its greedy report)."""
    from rrg_model.config import with_baseline
    k = 2
    cfg = with_baseline(replace(smoke_cfg, train=replace(smoke_cfg.train, epochs=1),
                                rl=replace(smoke_cfg.rl, epochs=1, samples=k, reward="clinical")), kind)
    calls: list[tuple[int, object]] = []
    real = train_scst.make_reward_fn

    def spy(*args, **kwargs):
        reward = real(*args, **kwargs)
        score = reward.score

        def recording(cands, refs, groups=None):
            calls.append((len(cands), groups))
            return score(cands, refs, groups)
        reward.score = recording
        return reward
    monkeypatch.setattr(train_scst, "make_reward_fn", spy)
    mle = train_mle.train(cfg, syn_data, tmp_path / "mle", progress=False)
    train_scst.train(cfg, syn_data, tmp_path / "rl", init_checkpoint=mle, progress=False)
    row = json.loads((tmp_path / "rl" / "metrics.jsonl").read_text().splitlines()[1])
    assert np.isfinite(row["train_rl_loss"])
    assert calls
    for n, groups in calls:
        if kind == "greedy":  # b studies: k samples each, then the b greedy reports
            b = n // (k + 1)
            assert list(groups) == [i // k for i in range(b * k)] + list(range(b))
        else:
            assert groups == k
    saved = json.loads((tmp_path / "rl" / "config.json").read_text())["config"]["rl"]
    assert saved["reward"] == "clinical" and saved["reward_aggregation"] == "auto"


def test_normalize_then_sum_needs_a_groupwise_baseline() -> None:
    from rrg_model.config import RLConfig
    with pytest.raises(ModelError, match="normalize-then-sum.*not 'ema'"):
        train_scst.check_reward(RLConfig(reward="clinical", baseline_kind="ema"))
    with pytest.raises(ModelError, match="not 'comparative'"):
        train_scst.check_reward(RLConfig(reward="bleu4+cider", reward_aggregation="normalize_then_sum",
                                         baseline_kind="comparative"))
    train_scst.check_reward(RLConfig(reward="clinical", reward_aggregation="sum_then_normalize",
                                     baseline_kind="ema"))  # plain sums work with any baseline
    train_scst.check_reward("clinical")
    with pytest.raises(ModelError, match="reward_aggregation"):
        RLConfig(reward_aggregation="mean")

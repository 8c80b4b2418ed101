"""rrg rewards inside TRL's real GRPOTrainer and RLOOTrainer (needs the `trl` extra).

A tiny Llama (2 layers, hidden 32, random weights) with a word-level tokenizer built here
from the reports' words: nothing is downloaded. Each trainer runs a few optimizer steps on
CPU; the tests check TRL's logs against what the adapter returned, that TRL passed its
whole keyword contract, that unscorable rows stay out of the means, and that training moves
the policy (and, for GRPO with a larger learning rate, raises the reward it is trained on).
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("trl")
pytest.importorskip("tokenizers")

import torch  # noqa: E402
from datasets import Dataset  # noqa: E402
from tokenizers import Tokenizer, models, pre_tokenizers  # noqa: E402
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast  # noqa: E402
from trl import GRPOConfig, GRPOTrainer, RLOOConfig, RLOOTrainer  # noqa: E402

from rrg_rewards.rl import make_reward  # noqa: E402
from rrg_rewards.rl.trl import AsyncTRLReward, TRLReward, completion_text  # noqa: E402

REPORTS = [
    "the heart is normal in size . the lungs are clear .",
    "small left pleural effusion . no pneumothorax .",
    "mild cardiomegaly . no focal consolidation .",
    "right lower lobe opacity , possible pneumonia .",
]
PROMPTS = ["write the findings : normal", "write the findings : effusion",
           "write the findings : cardiomegaly", "write the findings : pneumonia"]
#: TRL's own keywords (besides the dataset columns) that reach a reward function
TRL_KWARGS = {"prompts", "completion_ids", "trainer_state", "log_extra", "log_metric"}
README = Path(__file__).resolve().parents[3] / "README.md"


def tiny_tokenizer() -> PreTrainedTokenizerFast:
    words = sorted({w for t in REPORTS + PROMPTS for w in t.split()})
    vocab = {t: i for i, t in enumerate(["<pad>", "<eos>", "<unk>"] + words)}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="<pad>",
                                        eos_token="<eos>", unk_token="<unk>")
    # conversational prompts: the messages' text, then the assistant's turn
    tokenizer.chat_template = "{% for m in messages %}{{ m['content'] }} {% endfor %}"
    return tokenizer


def tiny_model(vocab_size: int, seed: int = 0) -> LlamaForCausalLM:
    torch.manual_seed(seed)
    cfg = LlamaConfig(vocab_size=vocab_size, hidden_size=32, intermediate_size=64,
                      num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=4,
                      max_position_embeddings=64, pad_token_id=0, eos_token_id=1,
                      bos_token_id=None, tie_word_embeddings=False)
    return LlamaForCausalLM(cfg)


def save_tiny_model(path: Path, tokenizer: PreTrainedTokenizerFast, seed: int = 0) -> Path:
    """A tiny model and its tokenizer saved as a local checkpoint (``model=<path>``)."""
    tiny_model(len(tokenizer), seed).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


class Recorded(TRLReward):
    """The real adapter, remembering what TRL passed and what it returned."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[dict[str, Any]] = []

    def compute(self, completions, **kwargs):
        values, components = super().compute(completions, **kwargs)
        self.calls.append({"completions": list(completions), "keys": set(kwargs),
                           "references": list(kwargs[self.references_column]),
                           "values": values, "components": components})
        return values, components


class RecordedAsync(Recorded, AsyncTRLReward):
    pass


def nanmean(values: list[float | None]) -> float:
    v = [x for x in values if x is not None]
    return float(np.mean(v)) if v else math.nan


def common_args(tmp_path: Path, **kw: Any) -> dict[str, Any]:
    return dict(output_dir=str(tmp_path / "out"), per_device_train_batch_size=8,
                num_generations=4, max_completion_length=12, logging_steps=1,
                report_to="none", bf16=False, use_cpu=True, save_strategy="no", seed=0,
                dataloader_num_workers=0, **kw)


def params(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {n: p.detach().clone() for n, p in model.named_parameters()}


def check_logs(trainer: Any, funcs: list[Recorded], steps: int) -> None:
    """Every step's TRL log equals the mean of what our functions returned that step."""
    logs = [h for h in trainer.state.log_history if "loss" in h]
    assert len(logs) == steps
    for f in funcs:
        assert len(f.calls) == steps  # one generation batch per optimizer step
        for log, call in zip(logs, f.calls):
            assert TRL_KWARGS <= call["keys"]
            n_completions = len(call["completions"])
            assert n_completions == 8
            texts = [completion_text(c) for c in call["completions"]]
            # the adapter's values are the rrg reward of the completions' text
            scored = [i for i, r in enumerate(call["references"]) if r is not None]
            np.testing.assert_allclose(
                [call["values"][i] for i in scored],
                make_reward(f.reward.name)([texts[i] for i in scored],
                                           [call["references"][i] for i in scored]),
                rtol=0, atol=1e-12)
            assert all(call["values"][i] is None for i in range(n_completions) if i not in scored)
            # TRL logs float32 means over the scored completions under the function's name
            assert log[f"rewards/{f.__name__}/mean"] == pytest.approx(
                nanmean(call["values"]), rel=1e-5, abs=1e-6)
            for comp, vals in call["components"].items():
                assert log[f"rewards/{f.__name__}/{comp}/mean"] == pytest.approx(
                    nanmean(vals), rel=1e-5, abs=1e-6)


def test_grpo_trainer_logs_rrg_rewards_and_moves_the_policy(tmp_path):
    tokenizer = tiny_tokenizer()
    model = tiny_model(len(tokenizer))
    rows = [{"prompt": p, "reference": r} for p, r in zip(PROMPTS, REPORTS)]
    rows.append({"prompt": "write the findings :", "reference": None})  # unscorable
    funcs = [Recorded("bleu4"), Recorded("ce_f1"),
             Recorded("0.5*bleu4+0.5*ce_f1", name="report")]
    before = params(model)
    trainer = GRPOTrainer(model=model, reward_funcs=funcs, train_dataset=Dataset.from_list(rows),
                          args=GRPOConfig(**common_args(tmp_path, max_steps=3)),
                          processing_class=tokenizer)
    trainer.train()
    check_logs(trainer, funcs, steps=3)
    names = {k for h in trainer.state.log_history for k in h}
    assert {"rewards/rrg_bleu4/mean", "rewards/rrg_ce_f1/mean", "rewards/report/mean",
            "rewards/report/bleu4/mean", "rewards/report/ce_f1/mean"} <= names
    # the row without a reference reached the functions and got None from each of them
    seen = [r for f in funcs for c in f.calls for r in c["references"]]
    assert None in seen
    after = params(trainer.model)
    assert any(not torch.equal(before[n], p) for n, p in after.items())


def test_rloo_trainer_conversational_async(tmp_path):
    """RLOO with chat prompts (completions arrive as message lists) and an async reward."""
    tokenizer = tiny_tokenizer()
    # RLOO's KL term (beta 0.05) loads a reference model from the policy's path
    model_dir = save_tiny_model(tmp_path / "tiny", tokenizer, seed=1)
    rows = [{"prompt": [{"role": "user", "content": p}], "reference": r}
            for p, r in zip(PROMPTS, REPORTS)]
    funcs = [Recorded("bleu4"), RecordedAsync("ce_f1"),
             Recorded("0.3*bleu1+0.7*ce_f1", name="report")]
    trainer = RLOOTrainer(model=str(model_dir), reward_funcs=funcs,
                          train_dataset=Dataset.from_list(rows),
                          args=RLOOConfig(**common_args(tmp_path, max_steps=2)),
                          processing_class=tokenizer)
    assert trainer.ref_model is not None
    before = params(trainer.model)
    trainer.train()
    check_logs(trainer, funcs, steps=2)
    first = funcs[0].calls[0]["completions"][0]
    assert isinstance(first, list) and first[0]["role"] == "assistant"
    after = params(trainer.model)
    assert any(not torch.equal(before[n], p) for n, p in after.items())


def test_grpo_raises_the_rrg_reward(tmp_path):
    """Not just moved weights: GRPO on BLEU-1 towards one report raises BLEU-1 of samples."""
    tokenizer = tiny_tokenizer()
    model = tiny_model(len(tokenizer), seed=2)
    target = REPORTS[1]
    rows = [{"prompt": PROMPTS[1], "reference": target}] * 4
    f = Recorded("bleu1")
    args = GRPOConfig(**common_args(tmp_path, max_steps=30, learning_rate=3e-2))
    trainer = GRPOTrainer(model=model, reward_funcs=[f], train_dataset=Dataset.from_list(rows),
                          args=args, processing_class=tokenizer)
    trainer.train()
    means = [nanmean(c["values"]) for c in f.calls]
    assert len(means) == 30
    # seeds 2-6 here: first five steps 0.17-0.21, last five 0.47-0.53
    assert np.mean(means[-5:]) > np.mean(means[:5]) + 0.2, means


def readme_grpo_example() -> str:
    """The README's fenced Python block that runs GRPOTrainer."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    found = [b for b in blocks if "GRPOTrainer(" in b and "trainer.train()" in b]
    assert len(found) == 1, "README must hold exactly one complete GRPO example"
    return found[0]


def test_readme_grpo_example_runs(tmp_path, monkeypatch):
    """README's example, as written, with a local tiny model and 2 steps on CPU."""
    code = readme_grpo_example()
    assert len(code.strip().splitlines()) < 30
    model_dir = save_tiny_model(tmp_path / "tiny", tiny_tokenizer())
    model_line = re.search(r'^MODEL = "[^"]+"', code, re.M)
    steps = re.search(r"max_steps=\d+", code)
    logging = re.search(r"logging_steps=\d+", code)
    assert model_line and steps and logging
    code = code.replace(model_line.group(0), f"MODEL = {str(model_dir)!r}")
    code = code.replace(steps.group(0), "max_steps=2, bf16=False, use_cpu=True")
    code = code.replace(logging.group(0), "logging_steps=1")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__readme__"}
    exec(compile(code, str(README), "exec"), namespace)
    trainer = namespace["trainer"]
    logs = [h for h in trainer.state.log_history if "loss" in h]
    assert len(logs) == 2
    name = namespace["reward"].__name__
    for key in (f"rewards/{name}/mean", f"rewards/{name}/bleu4/mean",
                f"rewards/{name}/ce_f1/mean"):
        assert all(math.isfinite(h[key]) for h in logs), key

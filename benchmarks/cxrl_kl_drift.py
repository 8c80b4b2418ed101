"""How far RL takes the generator from its frozen pre-RL self, per KL weight (`tune.kl_coef`).

Reads a finished CXRL study folder (`rrg bench --study cxrl --out STUDY`), tunes a fresh copy of its
pre-RL generator with the study's RL settings (comparative feedback with adaptive embeddings, the
same round seed as the study) once per weight, and prints per round the mean per-pixel KL
divergence of the trained DDIM steps from the frozen generator's (`kl_frozen`) and the batch's
reward minus the frozen generator's reward. A weight of 1e-9 measures the drift without
penalizing it. Nothing is written; the weight was chosen with it (docs/synth.md, "A KL penalty"):

    python -m rrg_benchmarks.cxrl_kl_drift STUDY --rounds 24 --weights 1e-9,0.1,1,10,100
"""
from __future__ import annotations

import argparse
import copy
import sys
from dataclasses import replace
from pathlib import Path
from typing import Iterator, Sequence

from rrg_model.errors import ModelError


def _weights(text: str) -> list[float]:
    try:
        out = [float(w) for w in text.split(",") if w.strip()]
    except ValueError:
        raise ModelError(f"--weights takes comma-separated numbers, got {text!r}") from None
    if not out or any(not w > 0 for w in out):
        raise ModelError(f"--weights must be positive numbers (1e-9 measures without a penalty), got {text!r}")
    return out


def drift(study: Path, rounds: int, weights: list[float]) -> Iterator[tuple[float, list[dict[str, float]]]]:
    """The tuning rows of each weight, each from a fresh copy of the study's pre-RL generator on its
    own data (the run is read once)."""
    from rrg_model.synth.config import SynthConfig
    from rrg_model.synth.pipeline import rl_inputs, rl_seed
    from rrg_model.synth.tune import tune

    meta, rewards, model, tok, reports = rl_inputs(study / "run", data_dir=study / "data")
    cfg = SynthConfig.from_dict(meta["config"])
    for w in weights:
        yield w, tune(copy.deepcopy(model), tok, rewards, reports, replace(cfg.tune, rounds=rounds, kl_coef=w),
                      seed=rl_seed(cfg))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rrg_benchmarks.cxrl_kl_drift", description=__doc__.split("\n")[0])
    ap.add_argument("study", type=Path, help="a folder written by `rrg bench --study cxrl`")
    ap.add_argument("--rounds", type=int, default=24, help="RL rounds per weight (default 24)")
    ap.add_argument("--weights", default="1e-9,1", help="comma-separated tune.kl_coef values (default 1e-9,1)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    args = ap.parse_args(argv)
    try:
        weights = _weights(args.weights)
        if args.rounds < 1:
            raise ModelError(f"--rounds must be >= 1, got {args.rounds}")
        if not (args.study / "run" / "run.json").is_file():
            raise ModelError(f"{args.study} is not a finished cxrl study (no run/run.json)")
        from rrg_model.synth.pipeline import set_threads

        set_threads(args.threads)
        for w, rows in drift(args.study, args.rounds, weights):
            print(f"kl_coef {w:g}: KL to frozen per round   "
                  + " ".join(f"{r['kl_frozen']:.1e}" for r in rows), flush=True)
            print(f"kl_coef {w:g}: reward - frozen's reward "
                  + " ".join(f"{r['reward'] - r['reference_reward']:+.3f}" for r in rows), flush=True)
    except ModelError as e:
        print(f"rrg: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

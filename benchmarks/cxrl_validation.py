"""Validation-split scores of CXRL study folders: what the RL settings are chosen on.

`rrg bench --study cxrl` tabulates the held-out test reports. Settings of the RL stage (for
example ``tune.adaptive_lr``, docs/synth.md) are chosen on the validation reports instead:
run the study once per candidate value (``--set tune.adaptive_lr=...``, each in its own
folder), then

    python -m rrg_benchmarks.cxrl_validation STUDY [STUDY ...]

evaluates each folder's pre-RL generator and its four tuned variants on the validation split
with the study's own evaluation (`cxrl_study.evaluate_variant`: same reward models, sampler
and seed formula) and prints one row per generator, with the RL settings in which the folder
departs from its preset.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from rrg_model.errors import ModelError

from .bench_report import text_table
from .cxrl_study import LABELS, METRICS, VARIANTS, evaluate_variant


def _study_config(folder: Path) -> Any:
    """The SynthConfig a finished study folder ran with (from its results.json)."""
    from rrg_model.synth.config import SynthConfig

    path = folder / "results.json"
    if not path.is_file():
        raise ModelError(f"{folder} is not a finished cxrl study (no results.json)")
    try:
        return SynthConfig.from_dict(json.loads(path.read_text(encoding="utf-8"))["config"])
    except (KeyError, ValueError, TypeError) as e:
        raise ModelError(f"{path} does not hold a study's config ({e})") from None


def tune_departures(cfg: Any) -> str:
    """The ``tune`` fields that differ from the preset's, as ``key=value`` (or ``preset defaults``)."""
    from rrg_model.synth.config import preset

    want, base = cfg.to_dict()["tune"], preset(cfg.preset).to_dict()["tune"]
    diff = [f"tune.{k}={want[k]}" for k in want if k not in ("feedback", "adaptive") and want[k] != base[k]]
    return ", ".join(diff) or "preset defaults"


def validate(folders: Sequence[Path], split: str = "val") -> list[list[str]]:
    """Rows (folder, settings, generator, metrics...) for every generator of every folder."""
    import torch

    torch.set_num_threads(1)
    configs = [_study_config(f) for f in folders]  # every folder checked before any sampling
    rows = []
    for folder, cfg in zip(folders, configs):
        settings = tune_departures(cfg)
        for name in ["before", *VARIANTS]:
            ev, _ = evaluate_variant(cfg, folder, folder / "run", folder / "data", name, split)
            m = ev.summary()
            rows.append([str(folder), settings, LABELS[name], *(f"{m[k]:.4f}" for k in METRICS)])
            print(f"  {folder} {LABELS[name]}: " + ", ".join(f"{k} {m[k]:.4f}" for k in METRICS),
                  file=sys.stderr, flush=True)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rrg_benchmarks.cxrl_validation", description=__doc__.split("\n")[0])
    ap.add_argument("studies", nargs="+", type=Path, help="folders written by `rrg bench --study cxrl`")
    ap.add_argument("--split", choices=("val", "test"), default="val", help="which reports (default: val)")
    args = ap.parse_args(argv)
    try:
        rows = validate(args.studies, args.split)
    except ModelError as e:
        print(f"rrg: error: {e}", file=sys.stderr)
        return 2
    print(text_table(["study", "RL settings", "generator", *METRICS], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

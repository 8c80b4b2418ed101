"""`rrg train`: MLE then self-critical RL of the CMM Transformer, resumable, torchrun-ready."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from .progress import progress_option, resolve_progress


@click.command("train", short_help="Train the reference model: MLE, then RL.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
              help="R2Gen data folder: annotation.json and images/ (required unless --resume).")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Run folder to create, with RUN/mle and RUN/rl (required unless --resume).")
@click.option("--preset", type=click.Choice(["smoke", "quick", "paper"]), default="quick",
              show_default=True,
              help="smoke: seconds (tests); quick: this kind of CPU; paper: R2GenRL's settings, for a GPU.")
@click.option("--dataset", type=click.Choice(["iu_xray", "mimic_cxr"]), default="iu_xray",
              show_default=True, help="iu_xray: 2 images per study; mimic_cxr: 1.")
@click.option("--resume", "resume", type=click.Path(file_okay=False, path_type=Path),
              help="Continue the run in this folder from its last complete epoch.")
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
              help="Override a config field, e.g. model.use_cmm=false, rl.reward=cider (repeatable).")
@click.option("--cmm/--no-cmm", default=None,
              help="With or without the cross-modal memory (--no-cmm: BASE; default: the preset's, with).")
@click.option("--rl/--no-rl", default=None, help="Run the RL stage after MLE (default: the preset's, yes).")
@click.option("--epochs", type=click.IntRange(min=1), help="MLE epochs (default: the preset's).")
@click.option("--rl-epochs", type=click.IntRange(min=1), help="RL epochs (default: the preset's).")
@click.option("--reward", help="RL reward, e.g. bleu4, cider, '0.5*bleu4+0.5*ce_f1' "
                               "(default: the preset's, bleu4; docs/rewards.md lists every name).")
@click.option("--baseline", type=click.Choice(["greedy", "loo", "group", "comparative", "ema"]),
              help="RL advantage baseline: greedy (SCST, the paper's; the default), loo / group (need "
                   "rl.samples >= 2; default 4 with them), comparative (frozen MLE parent), ema.")
@click.option("--seed", type=click.IntRange(min=0), help="Random seed (default: the preset's).")
@click.option("--threads", type=click.IntRange(min=0),
              help="torch threads (0: torch's default; default: the preset's).")
@progress_option
def train_cmd(data_dir: Path | None, out: Path | None, preset: str, dataset: str,
              resume: Path | None, overrides: tuple[str, ...], cmm: bool | None, rl: bool | None,
              epochs: int | None, rl_epochs: int | None, reward: str | None,
              baseline: str | None, seed: int | None,
              threads: int | None, progress: bool | None) -> None:
    """Train the reference model (MLE, then RL from the best MLE checkpoint).

    Writes RUN/mle and RUN/rl, each with config.json, metrics.jsonl/.csv, last.pt, best.pt
    (chosen on validation) and the test split's scores (test_metrics.json), computed once
    at the end. Multi-process: torchrun --nproc_per_node N -m rrg_cli.main train ...

    \b
    Examples:
      rrg train --data-dir DATA --out runs/q                 # quick preset: MLE, then SCST on BLEU-4
      rrg train --data-dir DATA --out runs/b --no-cmm --no-rl --epochs 20
      rrg train --data-dir DATA --out runs/c --reward '0.5*bleu4+0.5*ce_f1' --baseline loo
      rrg train --resume runs/q                              # after Ctrl-C or a crash
    """
    from rrg_model.config import apply_overrides, for_dataset, with_baseline
    from rrg_model.config import preset as get_preset
    from rrg_model.errors import ModelError
    from rrg_model.pipeline import saved_config, train_all

    if resume is not None:
        if out is not None and Path(out) != Path(resume):
            raise ModelError("--out and --resume name different folders; give only --resume")
        cfg, saved_data = saved_config(resume)
        run_dir = resume
        data_dir = data_dir if data_dir is not None else (Path(saved_data) if saved_data else None)
        if data_dir is None:
            raise ModelError("--resume could not find the data folder; pass --data-dir")
    else:
        if data_dir is None or out is None:
            raise ModelError("--data-dir and --out are required (or --resume RUN_DIR)")
        cfg = for_dataset(get_preset(preset), dataset)
        run_dir = out
    cfg = apply_overrides(cfg, overrides)
    if cmm is not None:
        cfg = replace(cfg, model=replace(cfg.model, use_cmm=cmm))
    if rl is not None:
        cfg = replace(cfg, rl=replace(cfg.rl, enabled=rl))
    if epochs is not None:
        cfg = replace(cfg, train=replace(cfg.train, epochs=epochs))
    if rl_epochs is not None:
        cfg = replace(cfg, rl=replace(cfg.rl, epochs=rl_epochs))
    if reward is not None:
        cfg = replace(cfg, rl=replace(cfg.rl, reward=reward))
    if baseline is not None:
        cfg = with_baseline(cfg, baseline, overrides)  # an explicit --set rl.samples wins
    if seed is not None:
        cfg = replace(cfg, seed=seed)
    if threads is not None:
        cfg = replace(cfg, num_threads=threads)
    if not Path(data_dir).is_dir():
        raise ModelError(f"{data_dir}: no such data folder")
    import os

    from .io import check_output_dir
    check_output_dir(run_dir)
    fresh = resume is None and not Path(run_dir).exists()
    try:
        best = train_all(cfg, data_dir, run_dir, resume=resume is not None, progress=resolve_progress(progress))
    except BaseException:
        # a new run that failed (a bad image, Ctrl-C) before its first checkpoint leaves no folder
        if fresh and int(os.environ.get("RANK", "0")) == 0 and not (Path(run_dir) / "mle" / "last.pt").exists():
            import shutil
            shutil.rmtree(run_dir, ignore_errors=True)
        raise
    if int(os.environ.get("RANK", "0")) == 0:
        from rrg_model.pipeline import run_summary
        click.echo(run_summary(run_dir), err=True)
        click.echo(str(best))

"""`rrg synth`: report-to-image generation tuned by RL (CXRL): train | tune | sample.

    rrg synth train --data-dir DATA --out RUN --preset quick
    rrg synth tune --run RUN --feedback comparative            # RUN/tuned-comparative/generator.pt
    rrg synth sample --checkpoint RUN/tuned-comparative/generator.pt --report "Mild cardiomegaly." --out imgs/

Needs diffusers (``pip install 'rrg-toolkit[synth]'``). See docs/synth.md.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from .progress import progress_option, resolve_progress


def _say(line: str) -> None:
    click.echo(line, err=True)


@click.group("synth", short_help="Report-to-image generation tuned by RL.")
def synth_cmd() -> None:
    """Report-to-image diffusion generator tuned by policy-gradient RL with comparative feedback.

    Needs diffusers (pip install 'rrg-toolkit[synth]'). See docs/synth.md.

    \b
    Examples:
      rrg synth train --data-dir DATA --out RUN --preset quick
      rrg synth tune --run RUN --feedback comparative     # RUN/tuned-comparative/generator.pt
      rrg synth sample --checkpoint RUN/tuned-comparative/generator.pt --report "Mild cardiomegaly." --out imgs/
    """


@synth_cmd.command("train", short_help="Reward models, report model and generator (pre-RL).")
@click.option("--data-dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="R2Gen data folder (annotation.json, images/); the first image of a study is the frontal view.")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Run folder to create.")
@click.option("--preset", type=click.Choice(["smoke", "quick"]), default="quick", show_default=True,
              help="smoke: seconds (tests); quick: 64 px, this kind of CPU (docs/synth.md).")
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
              help="Override a synth config field, e.g. train.steps=2000 (repeatable).")
@click.option("--seed", type=click.IntRange(min=0), default=None, help="Random seed (default: the preset's).")
@click.option("--threads", type=click.IntRange(min=0), default=1, show_default=True,
              help="torch threads (0: torch's default).")
@progress_option
def train_cmd(data_dir: Path, out: Path, preset: str, overrides: tuple[str, ...], seed: int | None, threads: int,
              progress: bool | None) -> None:
    """Train the reward models, the reference report model and the generator (pre-RL)."""
    from rrg_model.errors import ModelError
    from rrg_model.synth.config import apply_overrides
    from rrg_model.synth.config import preset as get_preset
    from rrg_model.synth.pipeline import set_threads, train_run

    if not (data_dir / "annotation.json").is_file():
        raise ModelError(f"no annotation.json in {data_dir}")
    from .io import check_output_dir
    check_output_dir(out)
    cfg = apply_overrides(get_preset(preset), overrides)
    if seed is not None:
        cfg = replace(cfg, seed=seed)
    set_threads(threads)
    run = train_run(data_dir, out, cfg, progress=resolve_progress(progress), say=_say)
    click.echo(str(run))


@synth_cmd.command("tune", short_help="RL-tune the generator (DDPO; comparative or absolute).")
@click.option("--run", "run_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="A folder written by `rrg synth train`.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the tuned generator (default RUN/tuned-<feedback>[-no-ace]).")
@click.option("--feedback", type=click.Choice(["comparative", "absolute"]), default="comparative",
              show_default=True, help="comparative: reward minus the frozen pre-RL generator's reward (CXRL).")
@click.option("--adaptive/--no-adaptive", default=True, show_default=True,
              help="Train the adaptive condition embeddings jointly.")
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
              help="Override a field, e.g. tune.rounds=30 or tune.weights=1,1,0.5 (repeatable).")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The run's training data (default: the folder `rrg synth train` read, recorded in the run).")
@click.option("--seed", type=click.IntRange(min=0), default=None, help="Random seed (default: the run's).")
@click.option("--threads", type=click.IntRange(min=0), default=1, show_default=True,
              help="torch threads (0: torch's default).")
@progress_option
def tune_cmd(run_dir: Path, out: Path | None, feedback: str, adaptive: bool, overrides: tuple[str, ...],
             data_dir: Path | None, seed: int | None, threads: int, progress: bool | None) -> None:
    """RL-tune the run's generator (DDPO over the DDIM chain, rewards from rrg_rewards.rl)."""
    from rrg_model.errors import ModelError
    from rrg_model.synth.config import SynthConfig, apply_overrides
    from rrg_model.synth.pipeline import load_run, run_data_dir, set_threads, tune_run

    fixed = [o for o in overrides if not o.split("=", 1)[0].strip().startswith(("tune.", "seed"))]
    if fixed:  # the generator, its pre-training and the reward models are the run's; RL reads tune.* only
        raise ModelError(f"--set {fixed[0]!r}: rrg synth tune takes tune.* and seed only; the other fields "
                         "are fixed by the run (set them on `rrg synth train`)")
    meta, _ = load_run(run_dir)
    data_dir = run_data_dir(meta, data_dir)  # a moved data folder fails now, not after loading the models
    cfg = apply_overrides(SynthConfig.from_dict(meta["config"]), overrides)
    cfg = replace(cfg, tune=replace(cfg.tune, feedback=feedback, adaptive=adaptive))
    if seed is not None:
        cfg = replace(cfg, seed=seed)
    out = out or run_dir / f"tuned-{feedback}{'' if adaptive else '-no-ace'}"
    if (out / "generator.pt").exists():
        raise ModelError(f"{out} already holds a tuned generator; choose another --out")
    from .io import make_output_dir
    make_output_dir(out)  # a folder that cannot be made fails now, not after the RL rounds
    set_threads(threads)
    click.echo(str(tune_run(run_dir, out, cfg, progress=resolve_progress(progress), say=_say, data_dir=data_dir)))


@synth_cmd.command("sample")
@click.option("--checkpoint", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="generator.pt (pre-RL or tuned).")
@click.option("--report", "reports", multiple=True, help="Report text (repeatable).")
@click.option("--reports-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A text file with one report per line.")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for 0000.png, 0001.png, ... and reports.json.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Report i uses seed + i.")
@click.option("--steps", type=click.IntRange(min=1), default=None, help="DDIM steps (default: the RL setting).")
@click.option("--eta", type=click.FloatRange(min=0.0, min_open=True), default=None,
              help="DDIM eta (default: the RL setting).")
@click.option("--guidance", type=click.FloatRange(min=0.0), default=None,
              help="Classifier-free guidance scale w (default: the checkpoint's tune.guidance; 1 = no guidance).")
@click.option("--adaptive/--no-adaptive", default=True, show_default=True,
              help="Add the adaptive condition embeddings.")
def sample_cmd(checkpoint: Path, reports: tuple[str, ...], reports_file: Path | None, out: Path, seed: int,
               steps: int | None, eta: float | None, guidance: float | None, adaptive: bool) -> None:
    """Draw one frontal image per report."""
    import io
    import json

    import numpy as np
    from PIL import Image

    from rrg_model.errors import ModelError
    from rrg_model.synth.checkpoint import load_generator
    from rrg_model.synth.sample import generate

    from .io import atomic_write, make_output_dir, read_text

    texts = list(reports)
    if reports_file is not None:
        texts += [ln.strip() for ln in read_text(reports_file).splitlines() if ln.strip()]
    if not texts:
        raise ModelError("no reports given: use --report TEXT or --reports-file FILE")
    model, tok, cfg, _ = load_generator(checkpoint)
    make_output_dir(out)  # before minutes of sampling, not after
    images = generate(model, tok, texts, [seed + i for i in range(len(texts))], steps or cfg.tune.sample_steps,
                      eta or cfg.tune.eta, adaptive, guidance=cfg.tune.guidance if guidance is None else guidance)
    for i, img in enumerate(images):
        buf = io.BytesIO()
        Image.fromarray((img[0].numpy() * 255 + 0.5).astype(np.uint8), mode="L").save(buf, format="PNG")
        atomic_write(out / f"{i:04d}.png", buf.getvalue())
    atomic_write(out / "reports.json", json.dumps(
        [{"image": f"{i:04d}.png", "report": t, "seed": seed + i} for i, t in enumerate(texts)], indent=1) + "\n")
    click.echo(f"{len(texts)} image(s) in {out}")

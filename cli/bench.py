"""`rrg bench`: the paper's ablation (BASE, +RL, +CMM, +CMM+RL) on the built-in phantom or real data,
or (``--study generalization``) each SCST reward tested on phantom institutions it never saw.

With no options: the IU X-Ray-sized phantom, the quick preset, one seed, both
architecture chains in parallel single-thread processes; prints Table 3's layout
with the paper's numbers beside it and writes results.json, table.md, table.csv and
PNG plots to --out. Rerunning with the same --out resumes (finished variants are skipped).
"""
from __future__ import annotations

import time
from pathlib import Path

import click

_T0 = time.perf_counter()


def _progress(line: str) -> None:
    s = int(time.perf_counter() - _T0)
    click.echo(f"[{s // 60:3d}m{s % 60:02d}s] {line}", err=True)


def _parse_set(items: tuple[str, ...]) -> dict[str, object]:
    """``section.key=value`` pairs, values kept as text: `rrg_model.config.apply_overrides`
    (the parser ``rrg train --set`` uses) reads each as the type of its field."""
    from .main import fail

    out: dict[str, object] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            fail(f"--set expects section.key=value, got {item!r}")
        out[key.strip()] = raw
    return out


#: options each study does not read (click parameter names): giving one is an error, not a no-op
IGNORED_BY_STUDY: dict[str, tuple[str, ...]] = {
    "ablation": ("train_institutions", "heldout_institutions", "study_rewards"),
    "generalization": ("ablation", "reward"),
    "cxrl": ("ablation", "dataset", "data_dir", "images", "design", "reward", "baseline", "meteor",
             "institutions", "train_institutions", "heldout_institutions", "study_rewards",
             "prepare_only", "report_only"),
}


def _check_study_options(ctx: click.Context, study: str) -> None:
    """Fail on an option the chosen study would silently ignore (e.g. --reward with --study cxrl)."""
    from .main import fail

    given = [p for p in ctx.command.params
             if p.name in IGNORED_BY_STUDY[study]
             and ctx.get_parameter_source(p.name) not in (click.core.ParameterSource.DEFAULT, None)]
    if given:
        names = ", ".join("/".join(p.opts[-1:] + p.secondary_opts) for p in given)
        hint = {"generalization": "; its rewards are --study-reward NAME=SPEC"}.get(study, "")
        fail(f"{names} {'is' if len(given) == 1 else 'are'} not used by --study {study}{hint}")


@click.command("bench", short_help="The paper's ablation, generalization or cxrl study.")
@click.option("--ablation", type=click.Choice(["all", "base", "rl", "cmm", "cmm_rl"]), default="all",
              show_default=True, help="Variants to run (an RL variant also trains its MLE parent).")
@click.option("--preset", type=click.Choice(["smoke", "quick", "paper"]), default="quick", show_default=True,
              help="Model preset and bench config (benchmarks/configs/<preset>.json).")
@click.option("--seeds", type=click.IntRange(1, 50), default=1, show_default=True,
              help="Number of training seeds (1..N); the data set is the same for all.")
@click.option("--dataset", type=click.Choice(["phantom", "iu_xray", "mimic_cxr"]), default="phantom",
              show_default=True,
              help="phantom: the built-in synthetic set (written for you); iu_xray / mimic_cxr: an R2Gen "
                   "folder given with --data-dir.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Data folder (annotation.json + images/). Phantom: where to write it (default OUT/data).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("bench_out"),
              show_default=True, help="Output folder; rerunning resumes.")
@click.option("--images", type=click.Choice(["files", "phantom"]), default="files", show_default=True,
              help="phantom: label the real reports and render their images (real reports, phantom pixels).")
@click.option("--design", type=click.Choice(["default", "simple"]), default="default", show_default=True,
              help="Phantom design: localized multi-finding (default) or one unlocalized finding (simple).")
@click.option("--reward", default=None, help="RL reward, e.g. bleu4 or '0.5*bleu4+0.5*ce_f1' (default: preset's).")
@click.option("--set", "sets", multiple=True, metavar="SECTION.KEY=VALUE",
              help="Override any RunConfig field for every variant (repeatable).")
@click.option("--baseline", type=click.Choice(["greedy", "loo", "group", "comparative", "ema"]), default=None,
              help="RL advantage baseline (default greedy: SCST, the paper's); loo/group draw 4 samples per study.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Parallel chains (default: CPU count).")
@click.option("--data-seed", type=click.IntRange(min=0), default=0, show_default=True, help="Phantom generation seed.")
@click.option("--meteor/--no-meteor", default=None, help="Score METEOR (default: when Java is present).")
@click.option("--study", type=click.Choice(["ablation", "generalization", "cxrl"]), default="ablation",
              show_default=True,
              help="ablation: the paper's Table 3. generalization: MLE on some phantom institutions, SCST with "
                   "each reward, tested in-domain and on held-out institutions. cxrl: report-to-image "
                   "generation before/after RL (docs/synth.md; reads --preset smoke|quick, --out, --seeds, "
                   "--data-seed, --set).")
@click.option("--institutions", default=None, metavar="MIX",
              help="Phantom institutions to write (iu, mimic, structured, terse): names (equal shares), "
                   "name:0.5 shares, name:1000 counts (split 70/10/20) or name:700/100/200 per split.")
@click.option("--train-institutions", default=None, metavar="A,B",
              help="Generalization study: institutions to train on (default: the preset's, iu,mimic).")
@click.option("--heldout-institutions", default=None, metavar="C,D",
              help="Generalization study: institutions held out (default: the preset's, structured,terse).")
@click.option("--study-reward", "study_rewards", multiple=True, metavar="NAME=SPEC",
              help="Generalization study: a reward row (repeatable; replaces the preset's list), "
                   "e.g. clinical=clinical or mix='0.5*bleu4+0.5*ce_f1'.")
@click.option("--prepare-only", is_flag=True, help="Only write the data set, then exit.")
@click.option("--report-only", is_flag=True, help="Only tabulate the variants already finished in --out.")
@click.pass_context
def bench_cmd(ctx: click.Context, ablation: str, preset: str, seeds: int, dataset: str, data_dir: Path | None, out: Path, images: str,
              design: str, reward: str | None, baseline: str | None, sets: tuple[str, ...], workers: int | None,
              data_seed: int,
              meteor: bool | None, study: str, institutions: str | None, train_institutions: str | None,
              heldout_institutions: str | None, study_rewards: tuple[str, ...], prepare_only: bool,
              report_only: bool) -> None:
    """Run the paper's ablation (Table 3) and print it beside the published numbers, or the
    generalization study (--study generalization), or report-to-image generation (--study cxrl).

    \b
    Examples:
      rrg bench --ablation all --preset smoke --out B        # a minute: the whole pipeline, tiny
      rrg bench --ablation all                               # quick preset, ~20 min on 2 cores
      rrg bench --seeds 3 --reward '0.5*bleu4+0.5*ce_f1'
      rrg bench --prepare-only --institutions iu:0.7,terse:0.3 --out D
      rrg bench --study generalization --out G
      rrg bench --study cxrl --out C                         # needs rrg-toolkit[synth]
    """
    _check_study_options(ctx, study)
    if prepare_only and report_only:  # one writes the data set only, the other trains nothing
        from .main import fail
        fail("--prepare-only and --report-only exclude each other; give one")
    from .io import check_output_dir
    check_output_dir(out)
    if data_dir is not None and dataset == "phantom":
        check_output_dir(data_dir)
    if study == "cxrl":
        from rrg_benchmarks.cxrl_study import run_from_cli
        click.echo(run_from_cli(preset, out, seeds, data_seed, sets, _progress, workers), nl=False)
        return
    from rrg_benchmarks.ablate import BenchSpec, prepare_data, run_bench

    from .main import fail

    def names(text: str | None) -> tuple[str, ...] | None:
        return None if text is None else tuple(t.strip() for t in text.split(",") if t.strip())

    rewards: list[tuple[str, str]] = []
    for item in study_rewards:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            fail(f"--study-reward expects NAME=SPEC, got {item!r}")
        rewards.append((name.strip(), value.strip()))
    spec = BenchSpec(ablation=ablation, preset=preset, seeds=tuple(range(1, seeds + 1)), dataset=dataset,
                     data_dir=data_dir, out=out, images=images, design=design, reward=reward,
                     overrides=_parse_set(sets), workers=workers, data_seed=data_seed, meteor=meteor,
                     baseline=baseline, study=study, institutions=institutions,
                     train_institutions=names(train_institutions), heldout_institutions=names(heldout_institutions),
                     study_rewards=tuple(rewards) or None)
    spec.validate()  # bad options, --set, --reward fail now, not inside a worker after MLE
    if prepare_only:
        path = prepare_data(spec, _progress)
        click.echo(str(path))
        return
    result = run_bench(spec, _progress, train=not report_only)
    click.echo(result["console"], nl=False)
    files = "results.json, table.md, drops.png" if study == "generalization" else \
        "results.json, table.md, table.csv, training_curves.png, metrics.png"
    _progress(f"done in {result['wall_seconds']:.0f}s; results in {out}/ ({files})")

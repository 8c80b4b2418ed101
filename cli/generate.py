"""`rrg generate`: reports from a checkpoint for a data split or image files, as `rrg score` input."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click

from .io import atomic_write, distinct_outputs, output_folder
from .progress import progress_option, resolve_progress


@click.command("generate", short_help="Reports from a checkpoint, as rrg score input.")
@click.option("--checkpoint", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A best.pt / last.pt written by rrg train.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
              help="R2Gen data folder (with --split).")
@click.option("--split", type=click.Choice(["train", "val", "test"]), help="Split to generate for.")
@click.option("--images", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Image files instead of a split; consecutive groups of the model's images "
                   "per study (2 for iu_xray) form one study. Repeat the option per file.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Predictions JSON: {id: report}; - for standard output.")
@click.option("--refs-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Matching references JSON {id: report} (with --split).")
@click.option("--method", type=click.Choice(["beam", "greedy", "sample"]),
              help="Decoding method (default: the checkpoint's evaluation decoding; beam search, "
                   "3 beams, in the quick and paper presets).")
@click.option("--beam-size", type=click.IntRange(min=1),
              help="Beams of --method beam (default: the checkpoint's).")
@click.option("--temperature", type=click.FloatRange(min=0, min_open=True),
              help="Softmax temperature of --method sample (default: the checkpoint's).")
@click.option("--max-len", type=click.IntRange(min=1),
              help="Longest report in tokens (default: the checkpoint's).")
@click.option("--block-trigrams/--no-block-trigrams", default=None,
              help="Forbid repeating a trigram while decoding (default: the checkpoint's).")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True,
              help="Studies decoded at once.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Seed for --method sample.")
@progress_option
def generate_cmd(checkpoint: Path, data_dir: Path | None, split: str | None, images: tuple[Path, ...],
                 output: Path, refs_out: Path | None, method: str | None, beam_size: int | None,
                 temperature: float | None, max_len: int | None, block_trigrams: bool | None,
                 batch_size: int, seed: int, progress: bool | None) -> None:
    """Write generated reports as a JSON object id -> text (what `rrg score` reads).

    \b
    Examples:
      rrg generate --checkpoint runs/q/rl/best.pt --data-dir DATA --split test \\
          -o preds.json --refs-out refs.json
      rrg generate --checkpoint runs/q/rl/best.pt --images a_frontal.png --images a_lateral.png -o a.json
    """
    import torch

    from rrg_model import checkpoint as ckpt_mod
    from rrg_model.config import resolve_num_threads
    from rrg_model.data import ReportDataset, images_from_files, load_annotation
    from rrg_model.decode import generate
    from rrg_model.errors import ModelError
    from rrg_model.evaluate import predict

    if bool(split) == bool(images):
        raise ModelError("give either --split (with --data-dir) or --images")
    if split and data_dir is None:
        raise ModelError("--split needs --data-dir")
    if refs_out is not None and not split:
        raise ModelError("--refs-out needs --split (image files have no references)")
    distinct_outputs({"--checkpoint": checkpoint}, {"-o": output, "--refs-out": refs_out})
    for path in (output, refs_out):  # before minutes of decoding, not after
        if path is not None:
            output_folder(path)
    model, tok, cfg, _ = ckpt_mod.load(checkpoint)
    n = resolve_num_threads(cfg)
    if n:
        torch.set_num_threads(n)
    decode = cfg.eval_decode
    changes = {k: v for k, v in {"method": method, "beam_size": beam_size, "temperature": temperature,
                                 "max_len": max_len, "block_trigrams": block_trigrams}.items()
               if v is not None}
    decode = replace(decode, **changes)
    # an option of another decoding method would be ignored silently: name the conflict
    for option, value, needs in (("--beam-size", beam_size, "beam"), ("--temperature", temperature, "sample")):
        if value is not None and decode.method != needs:
            now = (f"--method is {method}" if method is not None
                   else f"the checkpoint decodes with {decode.method}")
            raise ModelError(f"{option} applies to --method {needs} only, but {now}; "
                             f"add --method {needs} or leave {option} out")
    torch.manual_seed(seed)
    refs: dict[str, str] = {}
    if split:
        studies = load_annotation(data_dir, cfg.model.images_per_study)[split]  # type: ignore[arg-type]
        if not studies:
            raise ModelError(f"split {split!r} of {data_dir} is empty")
        ds = ReportDataset(studies, tok, cfg.data, cfg.model.in_channels, train=False)
        preds = predict(model, tok, ds, decode, batch_size=batch_size, progress=resolve_progress(progress))
        refs = dict(zip((s.id for s in ds.studies), ds.references))
    else:
        k = cfg.model.images_per_study
        if len(images) % k:
            raise ModelError(f"this model reads {k} image(s) per study; got {len(images)} file(s)")
        firsts = [str(p) for p in images[::k]]
        dups = sorted({p for p in firsts if firsts.count(p) > 1})
        if dups:  # the first image names the study: two studies would share one id
            raise ModelError(f"two studies start with the same image {dups[0]}; each study's first "
                             "image is its id in the output")
        preds = {}
        for i in range(0, len(images), k):
            group = images[i:i + k]
            x = images_from_files(group, cfg.data, cfg.model.in_channels)
            preds[str(group[0])] = tok.decode(generate(model, x, decode)[0].tolist())
    existed = Path(output).exists()
    atomic_write(output, json.dumps(preds, indent=1, ensure_ascii=False) + "\n")
    if refs_out is not None:
        try:
            atomic_write(refs_out, json.dumps(refs, indent=1, ensure_ascii=False) + "\n")
        except BaseException:
            if not existed and str(output) != "-":  # predictions without references: half the output
                Path(output).unlink(missing_ok=True)
            raise
    where = "standard output" if str(output) == "-" else output
    click.echo(f"wrote {len(preds)} reports to {where}" + (f" and references to {refs_out}" if refs_out else ""),
               err=True)

"""`rrg explain`: the paper's case study (Figure 3): which image regions a generated word looks at.

The model generates the study's report; the report is then fed back with teacher forcing
and the last decoder layer's cross-attention weights (softmax(q k^T / sqrt(d_k)), averaged
over heads) are read for each generated word. The encoder positions are the visual
patches of each view in raster order (the memory changes their features, not their
number), so each word's weights reshape to one heat map per view, drawn over the image.
"""
from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any, Sequence

import click
import numpy as np

from rrg_rewards.errors import RewardsError

from .io import atomic_write, output_folder

#: -o extensions: formats matplotlib writes with what rrg installs (no LaTeX, no raw buffers)
FIGURE_FORMATS = ("png", "pdf", "svg", "svgz", "eps", "ps", "jpg", "jpeg", "tif", "tiff")

_STOP = frozenset("the a an is are of and in with no there to be or at for on this that as by".split())


def attention_maps(checkpoint: str | Path, data_dir: str | Path, study: str,
                   annotation: str | Path | None = None) -> dict[str, Any]:
    """Generate a study's report and its per-word cross-attention over image patches.

    Returns:
        ``{"words": [str], "maps": float (T, n_img, g, g), "images": [uint8 (H, W)],
        "report": str, "reference": str}``; map rows sum to 1 over all views' patches.

    Raises:
        ModelError: unknown study, or encoder positions that are not a square patch grid.
    """
    import torch

    from rrg_model.checkpoint import load
    from rrg_model.data import images_from_files, load_annotation
    from rrg_model.decode import generate
    from rrg_model.errors import ModelError
    from rrg_model.tokenizer import PAD_ID

    model, tok, cfg, _ = load(checkpoint)
    model.eval()
    studies = {s.id: s for split in load_annotation(data_dir, cfg.model.images_per_study, annotation).values()
               for s in split}
    if study not in studies:
        raise ModelError(f"study {study!r} is not in {data_dir}/annotation.json")
    st = studies[study]
    paths = list(st.images[:cfg.model.images_per_study])
    images = images_from_files(paths, cfg.data, cfg.model.in_channels)
    tokens = generate(model, images, cfg.eval_decode)[0].tolist()
    ids = []
    for t in tokens:
        if t == PAD_ID:
            break
        ids.append(int(t))
    if not ids:
        raise ModelError("the model generated an empty report; nothing to explain")
    words = tok.decode(ids).split()
    seq = torch.tensor([[PAD_ID] + ids], dtype=torch.long)  # BOS + report
    att = model.cross_attention(images, seq)[0]  # (T+1, S), last decoder layer, mean over heads
    # the query at position i predicts word i (position 0 is BOS)
    att_np = att[: len(words)].numpy()
    n_img = images.shape[1]
    per_view = att_np.shape[1] // n_img
    g = int(round(math.sqrt(per_view)))
    if g * g * n_img != att_np.shape[1]:
        raise ModelError(f"{att_np.shape[1]} encoder positions are not {n_img} square patch grids")
    from PIL import Image

    pics = [np.asarray(Image.open(p).convert("L")) for p in paths]
    return {"words": words, "maps": att_np.reshape(len(words), n_img, g, g), "images": pics,
            "report": " ".join(words), "reference": st.report}


def pick_words(words: Sequence[str], wanted: Sequence[str], limit: int = 6) -> list[int]:
    """Indices of the words to draw: the ones asked for, else the first distinct content words."""
    if wanted:
        want = {w.lower() for w in wanted}
        return [i for i, w in enumerate(words) if w.lower() in want][:limit]
    seen: set[str] = set()
    out = []
    for i, w in enumerate(words):
        if w.isalpha() and w not in _STOP and w not in seen and len(w) > 2:
            seen.add(w)
            out.append(i)
    return out[:limit]


def figure_format(out: Path) -> str:
    """The figure format `out`'s extension names (one of FIGURE_FORMATS), else RewardsError."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FIGURE_FORMATS:
        what = f"extension {out.suffix!r} is not" if out.suffix else "no extension names"
        raise RewardsError(f"{out}: {what} a figure format; use one of "
                           + ", ".join(f".{f}" for f in FIGURE_FORMATS))
    return fmt


def draw(result: dict[str, Any], indices: Sequence[int], out: Path) -> None:
    """One row per view: the image, then one heat map overlay per chosen word.

    `out`'s extension picks the format (see `figure_format`); the file is written whole or
    not at all.
    """
    fmt = figure_format(out)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PIL import Image

    n_img = len(result["images"])
    cols = 1 + len(indices)
    fig, axes = plt.subplots(n_img, cols, figsize=(2.2 * cols, 2.4 * n_img + 0.8), squeeze=False)
    for v, pic in enumerate(result["images"]):
        h, w = pic.shape
        axes[v][0].imshow(pic, cmap="gray")
        axes[v][0].set_title(f"view {v}", fontsize=8)
        for c, i in enumerate(indices, 1):
            m = result["maps"][i, v]
            top = max(float(result["maps"][i].max()), 1e-12)  # one scale across views: shows which view
            heat = np.asarray(Image.fromarray((m / top * 255).astype(np.uint8)).resize(
                (w, h), Image.BILINEAR), dtype=np.float64) / 255.0
            axes[v][c].imshow(pic, cmap="gray")
            axes[v][c].imshow(heat, cmap="jet", alpha=0.45)
            axes[v][c].set_title(f"'{result['words'][i]}'", fontsize=9)
    for ax in axes.flat:
        ax.axis("off")
    report = result["report"]
    fig.suptitle("generated: " + (report if len(report) < 140 else report[:137] + "..."), fontsize=8, wrap=True)
    fig.tight_layout()
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format=fmt, dpi=120)
    finally:
        plt.close(fig)
    atomic_write(out, buf.getvalue())


@click.command("explain", short_help="Attention of generated words over the image.")
@click.option("--checkpoint", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A best.pt / last.pt written by rrg train.")
@click.option("--data-dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The R2Gen data folder the study is in.")
@click.option("--study", required=True, help="Study id (as in annotation.json).")
@click.option("--word", "words", multiple=True, help="Word(s) of the generated report to draw (default: content words).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Figure to write. Its extension picks the format: .png, .pdf, .svg, .eps, .ps, .jpg or "
                   ".tif (any other is refused, not written as a PNG under a wrong name). Its folder must "
                   "exist: like every rrg output, a missing folder is an error (most often a typo), not "
                   "created. Both are checked before the model runs.")
def explain_cmd(checkpoint: Path, data_dir: Path, study: str, words: tuple[str, ...], output: Path) -> None:
    """Draw, for words of the generated report, the attention over image regions (paper's Figure 3).

    \b
    Example:
      rrg explain --checkpoint runs/q/rl/best.pt --data-dir DATA --study CXR1_1_IM-0001 \\
          --word effusion --word heart -o fig3.png
    """
    from .main import fail

    figure_format(output)  # fail in a second, not after generating the report
    output_folder(output)
    result = attention_maps(checkpoint, data_dir, study)
    indices = pick_words(result["words"], words)
    if not indices:
        fail(f"none of {', '.join(words)} is in the generated report: {result['report']}" if words
             else f"no content word in the generated report: {result['report']}")
    draw(result, indices, output)
    click.echo(f"generated: {result['report']}")
    click.echo(f"reference: {result['reference']}")
    click.echo(f"wrote {output}")

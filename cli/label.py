"""`rrg label`: CheXpert labels for reports, a drop-in for the Stanford labeler's CSV in and out.

Input: the Stanford labeler's header-less CSV (one report per row), or any file `rrg score`
reads (JSON, JSONL, CSV/TSV with a header, TXT). Output: CSV with ``Reports`` and the 14
observation columns, cells ``1.0`` / ``0.0`` / ``-1.0`` / blank, as the Stanford labeler writes
them; when the input has ids an ``id`` column comes first. ``--sections`` chooses which report
sections count (docs/labeler.md).
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click

from rrg_rewards.errors import RewardsError

from .io import TEXT_FIELDS, atomic_write, distinct_outputs, output_folder, read_reports, read_text

#: inputs this long get a progress bar (on a terminal)
PROGRESS_MIN = 5_000
_CHUNK = 2_000
_CELL = {1: "1.0", 0: "0.0", -1: "-1.0", -2: ""}


def _stanford_reports(path: str) -> list[str] | None:
    """Reports of a header-less one-column CSV (the Stanford input), else None."""
    p = Path(path)
    if p.suffix.lower() != ".csv" or not p.is_file():
        return None
    text = read_text(p)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise RewardsError(f"{path}: malformed CSV ({exc})") from None
    rows = [r for r in rows if r]
    if not rows or any(len(r) != 1 for r in rows):
        return None
    if rows[0][0].strip().lower() in TEXT_FIELDS + ("reports", "impression", "report impression"):
        return None  # a header: read it as a reports file
    return [r[0] for r in rows]


def _read(path: str, fmt: str, id_column: str | None, text_column: str | None
          ) -> tuple[list[str] | None, list[str]]:
    named = id_column is not None or text_column is not None
    if fmt == "stanford" and named:
        # the Stanford input has no header, so there is no column to name
        raise RewardsError("--input-format stanford reads a header-less one-column CSV; "
                           "--id-column/--text-column name columns of a reports file")
    # a named column means a header row: never read it as the Stanford input's first report
    if fmt == "stanford" or (fmt == "auto" and not named):
        reports = _stanford_reports(path)
        if reports is not None:
            return None, reports
        if fmt == "stanford":
            if not Path(path).is_file():
                raise RewardsError(f"{path}: no such file")
            raise RewardsError(f"{path}: not a header-less one-column CSV (the Stanford labeler's input)")
    r = read_reports(path, id_column=id_column, text_column=text_column)
    texts = []
    for i, t in enumerate(r.texts):
        if len(t) != 1:
            where = f"id {r.ids[i]!r}" if r.ids else f"item {i + 1}"
            raise RewardsError(f"{path}: {where} has {len(t)} reports, expected one per sample")
        texts.append(t[0])
    return r.ids, texts


def render_csv(reports: list[str], labels, ids: list[str] | None = None) -> str:
    """The Stanford labeler's output CSV (``\\n`` line ends, minimal quoting), with ids if given."""
    from rrg_rewards.labeler import OBSERVATIONS

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow((["id"] if ids is not None else []) + ["Reports", *OBSERVATIONS])
    cells_of: dict[tuple[int, ...], list[str]] = {}  # few distinct label rows: format each once
    rows = labels.tolist() if hasattr(labels, "tolist") else [list(map(int, r)) for r in labels]
    for i, (report, row) in enumerate(zip(reports, rows)):
        key = tuple(row)
        cells = cells_of.get(key)
        if cells is None:
            cells = cells_of[key] = [_CELL[v] for v in row]
        w.writerow(([ids[i]] if ids is not None else []) + [report, *cells])
    return buf.getvalue()


@click.command("label", short_help="CheXpert labels of reports (Stanford labeler CSV).")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output CSV (Stanford labeler format); - for standard output.")
@click.option("--input-format", "fmt", type=click.Choice(["auto", "stanford", "reports"]),
              default="auto", show_default=True,
              help="stanford: header-less one-column CSV; reports: any `rrg score` input format.")
@click.option("--id-column", default=None, help="Id field/column of a reports file.")
@click.option("--text-column", default=None, help="Text field/column of a reports file.")
@click.option("--sections", default="all", show_default=True, metavar="all|findings,impression",
              help="Which report sections count: all (every section about this study; indication, "
                   "history, comparison and technique dropped) or a comma list of findings, impression "
                   "(only those, when the report has them).")
def label_cmd(input_path: str, output: str, fmt: str, id_column: str | None,
              text_column: str | None, sections: str) -> None:
    """Label INPUT reports with the 14 CheXpert observations and write them as CSV (-o).

    Drop-in for the Stanford CheXpert labeler: same input and output CSV format, no
    downloads. Values: 1.0 positive, 0.0 negative, -1.0 uncertain, blank not mentioned.

    \b
    Examples:
      rrg label sample_reports.csv -o labeled_reports.csv     # the Stanford labeler's files
      rrg label examples/preds.json -o preds_labels.csv       # any rrg score input; ids kept
      rrg label reports.csv --text-column findings --sections findings,impression -o labels.csv
    """
    from tqdm import tqdm

    from rrg_rewards.labeler import Labeler, default_labeler, parse_sections

    chosen = parse_sections(sections)  # a bad choice fails before any file is read
    distinct_outputs({"INPUT": input_path}, {"-o": output})
    output_folder(output)
    ids, reports = _read(input_path, fmt, id_column, text_column)
    if not reports:
        raise RewardsError(f"{input_path}: no reports")
    import numpy as np

    labeler = default_labeler() if chosen is None else Labeler(sections=sections)
    rows = []
    with tqdm(total=len(reports), desc="labeling", unit="report", file=sys.stderr, leave=False,
              disable=None if len(reports) >= PROGRESS_MIN else True) as bar:
        for start in range(0, len(reports), _CHUNK):
            chunk = reports[start:start + _CHUNK]
            rows.append(labeler(chunk))
            bar.update(len(chunk))
    atomic_write(output, render_csv(reports, np.concatenate(rows), ids))

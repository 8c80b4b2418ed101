"""`rrg score PREDS REFS`: every metric, corpus and per-sample, with signatures, intervals and tests."""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from typing import Any

import click

from .io import align, atomic_write, distinct_outputs, output_folder, read_reports

FORMATS = ("table", "json", "csv", "markdown")
#: inputs at least this large get a progress bar (on a terminal)
PROGRESS_MIN = 5000


def _fmt(x: float | None, digits: int = 4) -> str:
    return "" if x is None else f"{x:.{digits}f}"


def _rows(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Header and rows shared by the table, csv and markdown formats."""
    scores = report["scores"]
    has_ci = any("ci" in s for s in scores.values())
    has_cmp = any("compare" in s for s in scores.values())
    header = ["metric", "value"]
    if has_ci:
        header += ["ci_low", "ci_high"]
    if has_cmp:
        header += ["other", "delta", "p_value"]
    rows = []
    for name, s in scores.items():
        row = [name, _fmt(s["value"])]
        if has_ci:
            ci = s.get("ci")
            row += [_fmt(ci["low"]) if ci else "", _fmt(ci["high"]) if ci else ""]
        if has_cmp:
            c = s.get("compare")
            row += [_fmt(c["other"]) if c else "", _fmt(c["delta"]) if c else "",
                    _fmt(c["p_value"]) if c else ""]
        rows.append(row)
    return header, rows


def _table_lines(header: list[str], rows: list[list[str]], markdown: bool = False) -> list[str]:
    """A table as markdown rows or as space-aligned columns (the terminal format)."""
    if markdown:
        return (["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
                + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    return (["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
            + ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows])


def render(report: dict[str, Any], fmt: str) -> str:
    """The report in one of FORMATS (json carries everything, the others the main columns)."""
    if fmt == "json":
        return json.dumps(report, indent=2) + "\n"
    header, rows = _rows(report)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header + ["signature"])
        for row, s in zip(rows, report["scores"].values()):
            w.writerow(row + [s["signature"]])
        return buf.getvalue()
    if fmt == "markdown":
        return "\n".join(_table_lines(header, rows, markdown=True)) + "\n"
    out = _table_lines(header, rows) + [""]
    sig = report["signature"]
    out.append(f"samples: {sig['samples']}  nrefs: {sig['nrefs']}  clean: {sig['clean']}  "
               f"rrg {sig['rrg']} ({sig['reference']})")
    for signature in dict.fromkeys(s["signature"] for s in report["scores"].values()):
        out.append(f"  {signature}")  # once each: the six CE scores share one
    for note in report.get("notes", []):
        out.append(f"note: {note}")
    return "\n".join(out) + "\n"


def _per_sample(path: str, ids: list[str] | None, n: int, values: dict[str, Any],
                groups: list[str] | None = None) -> None:
    """Per-sample values (key -> (N,) array) as CSV, or JSONL for .json/.jsonl (with each
    sample's group when scored by group)."""
    keys = list(values)
    rows_ids = ids if ids is not None else [str(i) for i in range(n)]
    if path.lower().endswith((".json", ".jsonl")):
        lines = []
        for i, sid in enumerate(rows_ids):
            head = {"id": sid} if groups is None else {"id": sid, "group": groups[i]}
            lines.append(json.dumps({**head, **{k: float(values[k][i]) for k in keys}}))
        atomic_write(path, "\n".join(lines) + "\n")
        return
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", *([] if groups is None else ["group"]), *keys])
    for i, sid in enumerate(rows_ids):
        w.writerow([sid, *([] if groups is None else [groups[i]]),
                    *(repr(float(values[k][i])) for k in keys)])
    atomic_write(path, buf.getvalue())


def _cell(s: dict[str, Any]) -> str:
    ci = s.get("ci")
    return _fmt(s["value"]) + (f" [{_fmt(ci['low'])}, {_fmt(ci['high'])}]" if ci else "")


def render_grouped(report: dict[str, Any], fmt: str) -> str:
    """A by-group report: json as is; csv one row per (group, metric); table and markdown one
    row per metric with a column per group (value [ci_low, ci_high]) and the worst group."""
    if fmt == "json":
        return json.dumps(report, indent=2) + "\n"
    groups = report["groups"]
    worst = report["worst"]
    overall = {"samples": report["signature"]["samples"], "scores": report["scores"]}
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["group", "samples", "metric", "value", "ci_low", "ci_high", "other", "delta",
                    "p_value", "worst", "signature"])
        for name, g in [("overall", overall), *groups.items()]:
            for key, s in g["scores"].items():
                ci, c = s.get("ci") or {}, s.get("compare") or {}
                w.writerow([name, g["samples"], key, repr(s["value"]),
                            *(repr(ci[k]) if ci else "" for k in ("low", "high")),
                            *(repr(c[k]) if c else "" for k in ("other", "delta", "p_value")),
                            int(name != "overall" and worst.get(key, {}).get("group") == name),
                            s["signature"]])
        return buf.getvalue()
    header = ["metric", f"overall (n={overall['samples']})",
              *(f"{g} (n={v['samples']})" for g, v in groups.items()), "worst"]
    rows = [[key, _cell(s), *(_cell(g["scores"][key]) if key in g["scores"] else "" for g in groups.values()),
             worst[key]["group"] if key in worst else ""] for key, s in report["scores"].items()]
    if fmt == "markdown":
        return "\n".join(_table_lines(header, rows, markdown=True)) + "\n"
    out = _table_lines(header, rows) + [""]
    sig = report["signature"]
    out.append(f"samples: {sig['samples']} in {len(groups)} groups  nrefs: {sig['nrefs']}  "
               f"clean: {sig['clean']}  rrg {sig['rrg']} ({sig['reference']})")
    if "bootstrap" in sig:
        b = sig["bootstrap"]
        out.append(f"intervals: {b['confidence']:.0%} bootstrap per group, {b['resamples']} resamples, seed {b['seed']}")
    def setting(sig: str) -> str:  # a signature without nrefs, which may differ by group
        return re.sub(r"\|nrefs:[^|]*", "", sig)
    seen: set[str] = set()
    for s in report["scores"].values():
        if s["signature"] not in seen:
            out.append(f"  {s['signature']}")
            seen.add(s["signature"])
    settings = {setting(x) for x in seen}
    for g in groups.values():  # per-group settings that differ (CIDEr's document frequencies)
        for s in g["scores"].values():
            if setting(s["signature"]) not in settings:
                settings.add(setting(s["signature"]))
                out.append(f"  groups: {setting(s['signature'])}")
    if any("compare" in s for s in report["scores"].values()):
        out.append("note: per-group paired tests are in -f json and -f csv")
    notes = list(report.get("notes", []))
    for name, g in groups.items():
        notes += [f"{name}: {n}" for n in g.get("notes", []) if n not in notes]
    for note in dict.fromkeys(notes):
        out.append(f"note: {note}")
    return "\n".join(out) + "\n"


@click.command("score", short_help="Score reports: BLEU, METEOR, ROUGE-L, CIDEr, CE; by group.")
@click.argument("preds", type=click.Path(dir_okay=True))
@click.argument("refs", type=click.Path(dir_okay=True))
@click.option("-m", "--metrics", default="bleu,meteor,rouge_l,cider", show_default=True,
              help="Comma list: bleu, meteor, rouge_l, cider, ce, or all (those five); "
                   "rouge_score: Google rouge-score's stemmed rouge1, rouge2, rougeL.")
@click.option("--clean", type=click.Choice(["none", "iu_xray", "mimic_cxr", "ptb"]), default="none",
              show_default=True, help="Text handling applied to both sides before scoring.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table: for the terminal; json: everything, with the full signature; csv; markdown.")
@click.option("-o", "--output", type=click.Path(), default=None, help="Write the report to this file (whole or not at all) instead of standard output.")
@click.option("--per-sample", type=click.Path(), default=None,
              help="Write per-sample values (CSV, or JSONL when the name ends in .json/.jsonl).")
@click.option("--bootstrap", type=click.IntRange(min=0), default=0,
              help="Seeded 95% bootstrap intervals with this many resamples (e.g. 1000).")
@click.option("--compare", type=click.Path(), default=None,
              help="Another system's predictions: paired approximate-randomization test against it.")
@click.option("--trials", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Trials of the randomization test.")
@click.option("--seed", type=click.IntRange(min=0), default=12345, show_default=True, help="Seed of bootstrap and test.")
@click.option("--id-column", default=None, help="Id field/column name (default: id, study_id, image_id, ...).")
@click.option("--text-column", default=None, help="Text field/column (default: report, text, prediction, ...).")
@click.option("--cider-df", type=click.Path(), default=None,
              help="Fixed CIDEr document frequencies (a file saved by rrg_rewards); default: from REFS.")
@click.option("--pred-labels", type=click.Path(), default=None,
              help="Precomputed CheXpert label CSV of PREDS for --metrics ce (Stanford/CheXbert format).")
@click.option("--ref-labels", type=click.Path(), default=None,
              help="Precomputed CheXpert label CSV of REFS for --metrics ce.")
@click.option("--ce-uncertain", type=click.Choice(["negative", "positive"]), default="negative",
              show_default=True, help="CE: count uncertain (-1) labels as this.")
@click.option("--ce-observations", type=click.Choice(["14", "5"]), default="14", show_default=True,
              help="CE: all 14 CheXpert observations or the 5 competition ones.")
@click.option("--group-by", default=None, metavar="COLUMN",
              help="Score per group: a column of PREDS (else REFS), e.g. institution; with --groups, "
                   "the group column of that file.")
@click.option("--groups", "groups_file", type=click.Path(), default=None, metavar="FILE",
              help="Score per group: a file mapping id -> group (JSON object, or CSV/JSONL with id and group).")
def score_cmd(preds: str, refs: str, metrics: str, clean: str, fmt: str, output: str | None,
              per_sample: str | None, bootstrap: int, compare: str | None, trials: int, seed: int,
              id_column: str | None, text_column: str | None, cider_df: str | None,
              pred_labels: str | None, ref_labels: str | None, ce_uncertain: str,
              ce_observations: str, group_by: str | None, groups_file: str | None) -> None:
    """Score PREDS against REFS with BLEU-1..4, METEOR, ROUGE-L, CIDEr (pycocoevalcap's numbers).

    PREDS and REFS may be a JSON list, a JSON object id -> text (or -> [texts]), JSONL or CSV with
    id and text fields, or TXT with one report per line. With ids on both sides, samples are matched
    by id; otherwise by position.

    \b
    Examples:
      rrg score examples/preds.json examples/refs.json
      rrg score preds.json refs.json -m bleu,rouge_l,cider          # no METEOR: no Java, < 1 s
      rrg score preds.json refs.json -m all --bootstrap 1000 -f json -o scores.json
      rrg score preds.json refs.json --compare baseline.json        # paired test per metric
      rrg score preds.csv refs.csv --group-by institution           # per group and the worst
    """
    from rrg_rewards.evaluation import evaluate, plan_metrics

    names, want_ce, meteor_note = plan_metrics(metrics)  # checked before any file is read
    if not want_ce:
        # CE's options do nothing without CE: say so rather than score without the labels given
        ctx = click.get_current_context()
        given = [opt for opt, name in (("--pred-labels", "pred_labels"), ("--ref-labels", "ref_labels"),
                                       ("--ce-uncertain", "ce_uncertain"),
                                       ("--ce-observations", "ce_observations"))
                 if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT]
        if given:
            verb = "applies" if len(given) == 1 else "apply"
            raise click.UsageError(f"{'/'.join(given)} only {verb} to clinical efficacy; "
                                   f"add ce to --metrics (e.g. -m {metrics},ce)", ctx)
    distinct_outputs({"PREDS": preds, "REFS": refs, "--compare": compare, "--cider-df": cider_df,
                      "--pred-labels": pred_labels, "--ref-labels": ref_labels, "--groups": groups_file},
                     {"--per-sample": per_sample, "-o": output})
    for path in (output, per_sample):  # before scoring, not after
        if path is not None:
            output_folder(path)
    if meteor_note:
        click.echo(f"rrg: warning: {meteor_note}; scoring the other metrics", err=True)

    column = group_by if groups_file is None else None
    p = read_reports(preds, id_column=id_column, text_column=text_column, group_column=column)
    r = read_reports(refs, id_column=id_column, text_column=text_column, group_column=column)
    ids, pred_raw, ref_raw = align(p, r)
    groups = None
    if group_by is not None or groups_file is not None:
        from .groups import sample_groups
        groups = sample_groups(p, r, ids, group_by, groups_file, id_column)
    other_raw = None
    if compare is not None:
        o = read_reports(compare, id_column=id_column, text_column=text_column)
        _, other_raw, _ = align(o, r)
        if ids is not None and o.ids is not None and r.ids is not None:
            other_by_id = dict(zip(o.ids, (t[0] for t in o.texts)))
            other_raw = [other_by_id[i] for i in ids]

    df = None
    if cider_df is not None:
        from rrg_rewards.nlg.cider import DocumentFrequencies
        df = DocumentFrequencies.load(cider_df)

    n = len(pred_raw)
    from tqdm import tqdm
    steps = len(names) * (2 if other_raw is not None else 1) * (1 + (len(set(groups)) if groups else 0))
    options = dict(clean=clean, cider_df=df, bootstrap=bootstrap, seed=seed, compare=other_raw,
                   trials=trials, pred_labels=pred_labels, ref_labels=ref_labels,
                   ce_uncertain=ce_uncertain, ce_observations=int(ce_observations))
    with tqdm(total=steps, desc="scoring", unit="metric", disable=None if n >= PROGRESS_MIN else True,
              file=sys.stderr, leave=False) as bar:
        if groups is None:
            result = evaluate(pred_raw, ref_raw, metrics, on_metric=lambda _: bar.update(), **options)
            overall = result
        else:
            from rrg_rewards.grouping import evaluate_by_group
            result = evaluate_by_group(pred_raw, ref_raw, groups, metrics,
                                       on_metric=lambda _: bar.update(), **options)
            overall = result.overall

    report = result.to_dict()
    if compare is not None:
        report["signature"]["compare"] = {"file": compare, **report["signature"]["compare"]}
    if groups is not None:
        report["signature"]["groups"] = ({"file": groups_file, "column": group_by} if groups_file
                                         else {"column": group_by})
    if per_sample is not None:
        _per_sample(per_sample, ids, n, overall.per_sample, groups)
    text = render(report, fmt) if groups is None else render_grouped(report, fmt)
    if output is not None:
        atomic_write(output, text)
    else:
        click.echo(text, nl=False)

"""Scoring and reporting a bench: CE, alignment measures, reference rows, tests, tables, plots.

Every number here comes from finished variants' ``result.json`` (test predictions and
references) through the project's one implementation of each metric:

* NLG metrics: `rrg_rewards.score` (the trainer's test scores, recomputed for reference rows).
* CE: `rrg_rewards.clinical.clinical_efficacy` — micro P / R / F1 over the 14 observations
  with positive = label 1 (R2Gen's CE script), macro-F1 as scikit-learn's over all 14
  columns (zero_division=0), and per-observation F1.
* Alignment (does the model describe *this* image?): the selected checkpoint's image
  dependence on validation (NLL/token with shuffled images minus with true ones), the
  number of distinct test reports, and side accuracy: for each (study, finding) that the
  reference states on one side and the prediction also states, whether the prediction
  names the same side (left / right / bilateral), read per sentence.
* Two reference rows computed here: ``template`` (the training split's most common report
  for every study) and ``oracle`` (phantom only: each test study's true findings written
  again by the phantom grammar with another seed: right content, fresh phrasing).
* Paired approximate randomization (sacrebleu's paired-ar) for the paper's orderings on
  corpus BLEU-4 (n-gram statistics) and CE micro-F1 (per-study tp / fp / fn): the statistic is
  the mean over seeds of each seed's corpus value, and swaps stay within a seed.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from rrg_model.errors import ModelError

from . import paper_tables
from rrg_model.runner import read_metrics

from .bench_run import atomic_json
from .bench_spec import LABELS, VARIANTS, BenchSpec, variant_dir

#: Table 3's NLG columns -> metric keys of rrg_rewards.score
NLG_COLUMNS = {"BL-1": "Bleu_1", "BL-2": "Bleu_2", "BL-3": "Bleu_3", "BL-4": "Bleu_4", "MTR": "METEOR",
               "RG-L": "ROUGE_L"}
CE_COLUMNS = {"P": "CE_precision", "R": "CE_recall", "F1": "CE_f1"}
HEADER = ["MODEL", "BL-1", "BL-2", "BL-3", "BL-4", "MTR", "RG-L", "AVG. Δ", "P", "R", "F1", "macro-F1"]
ALIGN_HEADER = ["MODEL", "image gap", "distinct", "side acc", "selected"]
REFERENCE_LABELS = {"template": "template (ref.)", "oracle": "true findings (ref.)"}
#: the paper's orderings, tested pairwise: (lower, higher)
ORDERINGS = (("base", "rl"), ("base", "cmm"), ("cmm", "cmm_rl"), ("rl", "cmm_rl"), ("base", "cmm_rl"))
#: observations abbreviated for the per-observation table
OBS_SHORT = {"No Finding": "NoF", "Enlarged Cardiomediastinum": "ECM", "Cardiomegaly": "Card",
             "Lung Lesion": "Les", "Lung Opacity": "Opa", "Edema": "Ede", "Consolidation": "Cons",
             "Pneumonia": "Pna", "Atelectasis": "Atel", "Pneumothorax": "Ptx", "Pleural Effusion": "Eff",
             "Pleural Other": "PlO", "Fracture": "Fx", "Support Devices": "Dev"}
#: BASE values below this make a relative change meaningless: AVG. Δ is then absolute
AVG_DELTA_FLOOR = 0.01


# ------------------------------------------------------------------------------------ scoring

def clinical(predictions: Sequence[str], references: Sequence[str]) -> tuple[dict[str, float], dict[str, float], np.ndarray]:
    """CE of one prediction set: (metrics, per-observation F1, per-study micro counts (N, 3))."""
    from rrg_model.evaluate import ce_columns
    from rrg_rewards.clinical import clinical_efficacy

    ce = clinical_efficacy(list(predictions), list(references))
    metrics = ce_columns(ce)
    per_obs = {name: v["f1"] for name, v in ce.per_label.items()}
    return metrics, per_obs, ce.counts.sum(axis=1).astype(np.float64)


def side_accuracy(predictions: Sequence[str], references: Sequence[str]) -> tuple[float | None, int]:
    """(fraction of sided findings stated by both whose side the prediction gets right, their count)."""
    from rrg_rewards.labeler.sides import sides_by_observation

    p, r = sides_by_observation(predictions), sides_by_observation(references)
    hits = total = 0
    for pp, rr in zip(p, r):
        for col, side in rr.items():
            if col in pp:
                total += 1
                hits += pp[col] == side
    return (hits / total if total else None), total


def score_predictions(predictions: Sequence[str], references: Sequence[str], meteor: bool
                      ) -> dict[str, Any]:
    """Everything the tables show for one prediction set (NLG through `rrg_rewards.score`)."""
    from rrg_rewards import score

    nlg = score(list(predictions), list(references),
                metrics=["bleu", "rouge_l", "cider"] + (["meteor"] if meteor else []))
    metrics = {k: float(s.value) for k, s in nlg.items()}
    return _add_alignment(metrics, predictions, references)


def _add_alignment(metrics: dict[str, float], predictions: Sequence[str], references: Sequence[str]
                   ) -> dict[str, Any]:
    ce, per_obs, stats = clinical(predictions, references)
    acc, n_sided = side_accuracy(predictions, references)
    metrics = {**metrics, **ce, "distinct": float(len(set(predictions)))}
    if acc is not None:
        metrics["side_accuracy"] = acc
    return {"metrics": metrics, "per_observation_f1": per_obs, "ce_stats": stats.tolist(),
            "side_pairs": n_sided}


def reference_predictions(data_dir: Path, ids: Sequence[str], clean: str = "iu_xray") -> dict[str, list[str]]:
    """The reference rows' test reports, cleaned as the model's: ``template`` (the training
    split's most common report for every study) and, on phantom data with labels.json,
    ``oracle`` (each study's true findings in a fresh phrasing)."""
    from collections import Counter

    from rrg_model.data import load_annotation
    from rrg_model.tokenizer import clean_reports

    train = [s.report for s in load_annotation(data_dir, 1)["train"]]
    template = Counter(clean_reports(train, clean)).most_common(1)[0][0]
    rows = {"template": [template] * len(ids)}
    oracle = oracle_reports(data_dir, ids)
    if oracle is not None:
        rows["oracle"] = clean_reports(oracle, clean)
    return rows


def reference_rows(data_dir: Path, ids: Sequence[str], references: Sequence[str], meteor: bool,
                   clean: str = "iu_xray") -> dict[str, dict[str, Any]]:
    """The reference rows (`reference_predictions`) scored against the test references."""
    return {name: score_predictions(preds, references, meteor)
            for name, preds in reference_predictions(data_dir, ids, clean).items()}


def oracle_reports(data_dir: Path, ids: Sequence[str], seed: int = 2024) -> list[str] | None:
    """Each study's true findings (phantom labels.json) in a fresh phrasing; None without labels."""
    from .phantom import get_design, write_report
    from .phantom.findings import Finding

    labels_path, spec_path = Path(data_dir) / "labels.json", Path(data_dir) / "phantom.json"
    if not labels_path.is_file() or not spec_path.is_file():
        return None
    studies = json.loads(labels_path.read_text(encoding="utf-8"))["studies"]
    stored = json.loads(spec_path.read_text(encoding="utf-8")).get("design", "default")
    design = get_design(stored["name"] if isinstance(stored, dict) else stored)
    out = []
    for k, sid in enumerate(ids):
        entry = studies.get(sid)
        if entry is None:
            return None
        findings = tuple(Finding(**f) for f in entry["findings"])
        out.append(write_report(findings, np.random.default_rng([seed, k]), design)[0])
    return out


def bleu_stats_matrix(predictions: Sequence[str], references: Sequence[str]) -> np.ndarray:
    """Per-sample BLEU statistics float64 (N, 10): testlen, reflen, guess 1..4, correct 1..4."""
    from rrg_rewards.scoring import bleu_sample_stats

    return bleu_sample_stats(list(predictions), [[r] for r in references])


def _bleu4_aggregate(sums: np.ndarray, n: int) -> np.ndarray:
    """Corpus BLEU-4 from summed statistics (pycocoevalcap's formula, as `rrg score`'s intervals)."""
    from rrg_rewards.scoring import BleuAggregate

    return BleuAggregate(4)(sums, n)


def _f1_aggregate(sums: np.ndarray, n: int) -> np.ndarray:
    tp, fp, fn = sums[:, 0], sums[:, 1], sums[:, 2]
    denom = 2 * tp + fp + fn
    return np.where(denom > 0, 2 * tp / np.maximum(denom, 1e-12), 0.0)


def _per_seed_blocks(blocks: list[np.ndarray]) -> np.ndarray:
    """Stack per-seed statistics (n_s, k) into (sum n_s, k * seeds), each seed in its own columns.

    Summing rows then gives every seed's own sums, so an aggregate can score each seed's corpus
    separately and average: seeds are strata, and a swap moves a study only within its seed.
    """
    k = blocks[0].shape[1]
    out = np.zeros((sum(len(b) for b in blocks), k * len(blocks)))
    row = 0
    for j, b in enumerate(blocks):
        out[row:row + len(b), j * k:(j + 1) * k] = b
        row += len(b)
    return out


def _mean_over_seeds(aggregate, k: int):
    """An aggregate of per-seed blocks: the mean over seeds of `aggregate` on each seed's sums."""
    def agg(sums: np.ndarray, n: int) -> np.ndarray:
        seeds = sums.shape[1] // k
        return np.mean([aggregate(sums[:, j * k:(j + 1) * k], n) for j in range(seeds)], axis=0)
    return agg


def paired_test(results: dict[str, dict[int, dict]], a: str, b: str, trials: int = 10000,
                seed: int = 12345) -> dict[str, Any]:
    """Paired approximate randomization of variant ``b`` vs ``a`` on BLEU-4 and CE micro-F1.

    The statistic is the mean over seeds of each seed's corpus value (what the table shows),
    and swaps stay within a seed. Pooling all seeds into one corpus would couple them through
    BLEU's brevity penalty: one seed's longer reports would raise every seed's score.
    """
    from rrg_rewards.significance import Decomposed, paired_randomization

    seeds = sorted(set(results.get(a, {})) & set(results.get(b, {})))
    if not seeds:
        return {}
    out: dict[str, Any] = {"a": LABELS.get(a, a), "b": LABELS.get(b, b), "seeds": seeds, "trials": trials,
                           "test": "paired-ar, stratified by seed"}
    stats: dict[str, list[np.ndarray]] = {"bleu_a": [], "bleu_b": [], "ce_a": [], "ce_b": []}
    for s in seeds:
        ra, rb = results[a][s], results[b][s]
        if ra["ids"] != rb["ids"]:
            raise ModelError(f"seed {s}: {a} and {b} were evaluated on different studies")
        stats["bleu_a"].append(bleu_stats_matrix(ra["predictions"], ra["references"]))
        stats["bleu_b"].append(bleu_stats_matrix(rb["predictions"], rb["references"]))
        stats["ce_a"].append(np.asarray(ra["ce_stats"], dtype=np.float64))
        stats["ce_b"].append(np.asarray(rb["ce_stats"], dtype=np.float64))
    for key, agg, sa, sb in (("Bleu_4", _bleu4_aggregate, "bleu_a", "bleu_b"),
                             ("CE_f1", _f1_aggregate, "ce_a", "ce_b")):
        k = stats[sa][0].shape[1]
        mean_agg = _mean_over_seeds(agg, k)
        t = paired_randomization(Decomposed(_per_seed_blocks(stats[sb]), mean_agg),
                                 Decomposed(_per_seed_blocks(stats[sa]), mean_agg), n_trials=trials, seed=seed)
        out[key] = {"delta": t.delta, "p_value": t.p_value}
    return out


def significance(results: dict[str, dict[int, dict]], trials: int = 10000) -> dict[str, dict[str, Any]]:
    """Paired tests for each of the paper's orderings whose two variants finished."""
    return {f"{LABELS[hi]} vs {LABELS[lo]}": paired_test(results, lo, hi, trials)
            for lo, hi in ORDERINGS if lo in results and hi in results}


def load_results(out: Path, variants: Sequence[str], seeds: Sequence[int]) -> dict[str, dict[int, dict]]:
    """{variant: {seed: result}} for the finished variants, with CE and alignment added (cached)."""
    res: dict[str, dict[int, dict]] = {}
    for v in variants:
        for s in seeds:
            path = variant_dir(out, v, s) / "result.json"
            if not path.is_file():
                continue
            r = json.loads(path.read_text(encoding="utf-8"))
            if "per_observation_f1" not in r:
                extra = _add_alignment(r["metrics"], r["predictions"], r["references"])
                r.update(extra)
                atomic_json(r, path)
            res.setdefault(v, {})[s] = r
    return res


def summarize(results: dict[str, dict[Any, dict]]) -> dict[str, dict[str, dict[str, float]]]:
    """{row: {metric: {"mean", "std", "n"}}} over seeds (std with ddof=1; 0 for one seed).

    Per-observation F1 values appear as ``F1:<observation>``.
    """
    out: dict[str, dict[str, dict[str, float]]] = {}
    for v, by_seed in results.items():
        flat = [{**r["metrics"], **{f"F1:{k}": x for k, x in r.get("per_observation_f1", {}).items()}}
                for r in by_seed.values()]
        out[v] = {}
        for k in sorted({k for f in flat for k in f}):
            vals = np.array([f[k] for f in flat if k in f and f[k] is not None], dtype=np.float64)
            if vals.size:
                out[v][k] = {"mean": float(vals.mean()), "std": float(vals.std(ddof=1)) if len(vals) > 1 else 0.0,
                             "n": int(len(vals))}
    return out


def avg_delta(summary: dict[str, dict[str, dict[str, float]]], variant: str) -> dict[str, Any] | None:
    """Table 3's AVG. Δ: mean relative NLG improvement over BASE, in percent.

    When a BASE value is below `AVG_DELTA_FLOOR` a percentage is meaningless: the mean
    absolute difference is returned instead (``{"kind": "absolute"}``).
    """
    if "base" not in summary or variant == "base" or variant not in summary:
        return None
    keys = [k for k in NLG_COLUMNS.values() if k in summary["base"] and k in summary[variant]]
    if not keys:
        return None
    base = [summary["base"][k]["mean"] for k in keys]
    ours = [summary[variant][k]["mean"] for k in keys]
    if min(base) < AVG_DELTA_FLOOR:
        return {"kind": "absolute", "value": float(np.mean(np.subtract(ours, base)))}
    return {"kind": "percent", "value": 100.0 * float(np.mean([o / b - 1.0 for o, b in zip(ours, base)]))}


def _fmt_delta(d: dict[str, Any] | None) -> str:
    if d is None:
        return "-"
    return f"{d['value']:+.1f}%" if d["kind"] == "percent" else f"{d['value']:+.3f} abs"


# ------------------------------------------------------------------------------------ tables

def _fmt(stat: dict[str, float] | None, seeds: int, digits: int = 3) -> str:
    if stat is None:
        return "-"
    return f"{stat['mean']:.{digits}f}" + (f" ± {stat['std']:.{digits}f}" if seeds > 1 and stat["n"] > 1 else "")


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def _label(row: str) -> str:
    return LABELS.get(row, REFERENCE_LABELS.get(row, row))


def table_rows(summary: dict, rows_order: Sequence[str], n_seeds: int) -> list[list[str]]:
    """Rows in Table 3's layout: model, BL-1..4, MTR, RG-L, AVG. Δ, P, R, F1, macro-F1."""
    rows = []
    for v in rows_order:
        if v not in summary:
            continue
        s = summary[v]
        seeds = n_seeds if v in VARIANTS else 1
        rows.append([_label(v)] + [_fmt(s.get(k), seeds) for k in NLG_COLUMNS.values()]
                    + [_fmt_delta(avg_delta(summary, v)) if v in VARIANTS else "-"]
                    + [_fmt(s.get(k), seeds) for k in (*CE_COLUMNS.values(), "CE_macro_f1")])
    return rows


def alignment_rows(summary: dict, results: dict, rows_order: Sequence[str], n_seeds: int) -> list[list[str]]:
    """Image gap, distinct test reports, side accuracy, and which checkpoint RL selection kept."""
    rows = []
    for v in rows_order:
        if v not in summary:
            continue
        s, seeds = summary[v], (n_seeds if v in VARIANTS else 1)
        chosen = "-"
        if v in VARIANTS and VARIANTS[v][1]:
            kept = sum(bool(r.get("parent_selected")) for r in results.get(v, {}).values())
            chosen = (f"MLE parent ({kept}/{len(results[v])} seeds)" if kept
                      else "RL epoch")
        elif v in VARIANTS:
            chosen = "MLE epoch"
        rows.append([_label(v), _fmt(s.get("val_image_gap"), seeds, 4), _fmt(s.get("distinct"), seeds, 0),
                     _fmt(s.get("side_accuracy"), seeds), chosen])
    return rows


def observation_rows(summary: dict, rows_order: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    """Per-observation F1 (means over seeds), one column per observation."""
    from rrg_rewards.labeler import OBSERVATIONS

    header = ["MODEL"] + [OBS_SHORT[o] for o in OBSERVATIONS]
    rows = [[_label(v)] + [(f"{summary[v][f'F1:{o}']['mean']:.2f}" if f"F1:{o}" in summary[v] else "-")
                           for o in OBSERVATIONS] for v in rows_order if v in summary]
    return header, rows


def paper_rows() -> list[tuple[str, list[list[str]]]]:
    """The paper's Table 3 and Table 4 rows, labeled with their data set."""
    blocks = []
    for ds in ("iu_xray", "mimic_cxr"):
        rows = []
        for name, row in paper_tables.TABLE3[ds].items():
            d = paper_tables.TABLE3_AVG_DELTA[ds][name]
            rows.append([name] + [_num(row[c]) for c in ("BL-1", "BL-2", "BL-3", "BL-4", "MTR", "RG-L")]
                        + ["-" if d is None else f"+{d:.1f}%"] + [_num(row[c]) for c in ("P", "R", "F1")] + ["-"])
        blocks.append((f"Table 3 ({paper_tables.DATASET_LABEL[ds]}; real data, not comparable in value)", rows))
    for ds in ("iu_xray", "mimic_cxr"):
        rows = [[name] + [_num(row[c]) for c in ("BL-1", "BL-2", "BL-3", "BL-4", "MTR", "RG-L")] + ["-"]
                + [_num(row[c]) for c in ("P", "R", "F1")] + ["-"] for name, row in paper_tables.TABLE4[ds]]
        blocks.append((f"Table 4 prior systems ({paper_tables.DATASET_LABEL[ds]})", rows))
    return blocks


def md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = lambda r: "  ".join(str(x).ljust(w) if i == 0 else str(x).rjust(w) for i, (x, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([fmt(header), "-" * (sum(widths) + 2 * (len(widths) - 1))] + [fmt(r) for r in rows])


def ordering(summary: dict) -> dict[str, Any]:
    """Whether the paper's claimed orderings hold on BLEU-4 and CE-F1 (means over seeds)."""
    out: dict[str, Any] = {}
    for key in ("Bleu_4", "CE_f1"):
        m = {v: summary[v][key]["mean"] for v in summary if v in VARIANTS and key in summary[v]}
        out[key] = {f"{LABELS[lo]} < {LABELS[hi]}": bool(m[lo] < m[hi])
                    for lo, hi in ORDERINGS if lo in m and hi in m}
    return out


def render_report(spec: BenchSpec, summary: dict, results: dict, sig: dict, n_seeds: int,
                  variants: Sequence[str], data_note: str) -> tuple[str, str, str]:
    """(console text, table.md, table.csv) for a bench result."""
    order = [*variants, *(r for r in REFERENCE_LABELS if r in summary)]
    rows = table_rows(summary, order, n_seeds)
    align = alignment_rows(summary, results, order, n_seeds)
    obs_header, obs = observation_rows(summary, order)
    title = (f"rrg bench: {spec.dataset} ({data_note}), preset {spec.preset}, "
             f"{n_seeds} seed(s){' (mean ± std)' if n_seeds > 1 else ''}, test split")
    sig_lines = [f"{name} on {key}: delta {t[key]['delta']:+.4f}, p = {t[key]['p_value']:.4f}"
                 for name, t in sig.items() if t for key in ("Bleu_4", "CE_f1") if key in t]
    if sig_lines:
        first = next(t for t in sig.values() if t)
        sig_lines.append(f"(paired approximate randomization, {first['trials']} trials, seeds {first['seeds']})")
    order_lines = [f"{k}: " + ", ".join(f"{c} {'yes' if ok else 'NO'}" for c, ok in v.items())
                   for k, v in ordering(summary).items() if v]
    align_note = ("image gap: validation NLL/token with shuffled images minus true images (0 = the "
                  "image is ignored); distinct: different test reports; side acc: findings stated by "
                  "both on a side, side right; selected: the checkpoint each variant reports")
    console = [title, "", text_table(HEADER, rows), "", "alignment", text_table(ALIGN_HEADER, align),
               "", "per-observation F1", text_table(obs_header, obs), ""] + sig_lines \
        + ["paper's ordering holds?"] + [f"  {line}" for line in order_lines]
    md = [f"# {title}", "", md_table(HEADER, rows), "", "## Alignment", "", md_table(ALIGN_HEADER, align), "",
          align_note, "", "## Per-observation F1", "", md_table(obs_header, obs), ""] \
        + [f"- {s}" for s in sig_lines] + ["", "Paper's ordering (means):", ""] + [f"- {line}" for line in order_lines]
    for name, prow in paper_rows():
        console += ["", name, text_table(HEADER, prow)]
        md += ["", f"## {name}", "", md_table(HEADER, prow)]
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["source", *HEADER, *ALIGN_HEADER[1:]])
    for r, a in zip(rows, align):
        w.writerow([f"ours {spec.dataset}", *r, *a[1:]])
    for name, prow in paper_rows():
        for r in prow:
            w.writerow([name, *r])
    return "\n".join(console) + "\n", "\n".join(md) + "\n", buf.getvalue()


# ------------------------------------------------------------------------------------ plots

def plot(out: Path, results: dict[str, dict[int, dict]], summary: dict, variants: Sequence[str],
         n_seeds: int) -> list[Path]:
    """training_curves.png (validation BLEU-4, CE-F1, image gap and training NLL per epoch; RL
    continues from its MLE parent) and metrics.png (bars; error bars only with >= 2 seeds)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths: list[Path] = []
    panels = (("val_Bleu_4", "validation BLEU-4"), ("val_CE_f1", "validation CE-F1"),
              ("val_image_gap", "validation image gap (NLL/token)"), ("nll", "training NLL per token"))
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.8))
    colors = {"base": "tab:blue", "rl": "tab:cyan", "cmm": "tab:red", "cmm_rl": "tab:orange"}
    for v in variants:
        for seed, r in sorted(results.get(v, {}).items()):
            hist = read_metrics(Path(r["stage_dir"]))
            if not hist:
                continue
            offset, parent = 0, []
            if VARIANTS[v][1]:  # RL epochs continue after the parent's MLE epochs; epoch 0 = the parent
                parent = read_metrics(Path(r["stage_dir"]).parent / "mle")
                offset = len(parent)
            ep = [offset + h.get("epoch", i + 1) for i, h in enumerate(hist)]
            lab = f"{LABELS[v]} s{seed}"
            for ax, (key, _) in zip(axes, panels):
                if key == "nll":  # RL rows log the batch NLL beside the policy loss; MLE rows' loss is the NLL
                    pts = [(e, h.get("train_nll", h.get("train_loss"))) for e, h in zip(ep, hist)]
                else:
                    pts = [(e, h.get(key)) for e, h in zip(ep, hist)]
                pts = [(e, y) for e, y in pts if y is not None]
                if parent and key != "nll":  # join RL's epoch 0 to the parent's last validated point
                    prev = [(i + 1, h[key]) for i, h in enumerate(parent) if key in h]
                    if prev and pts:
                        ax.plot([prev[-1][0], pts[0][0]], [prev[-1][1], pts[0][1]], ":", color=colors[v])
                if pts:
                    ax.plot(*zip(*pts), marker="o", ms=3, color=colors[v], label=lab)
    for ax, (_, title) in zip(axes, panels):
        ax.set(title=title, xlabel="epoch (MLE, then RL)", ylabel=title.split(" (")[0])
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7)
    fig.tight_layout()
    p = out / "training_curves.png"
    fig.savefig(p, dpi=100)
    plt.close(fig)
    paths.append(p)
    keys = [k for k in (*NLG_COLUMNS.values(), "CE_f1", "CE_macro_f1", "side_accuracy")
            if any(k in summary.get(v, {}) for v in variants)]
    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(keys)), 4))
    vs = [v for v in variants if v in summary]
    w = 0.8 / max(1, len(vs))
    for i, v in enumerate(vs):
        means = [summary[v].get(k, {}).get("mean", np.nan) for k in keys]
        stds = [summary[v].get(k, {}).get("std", 0.0) for k in keys] if n_seeds > 1 else None
        ax.bar(np.arange(len(keys)) + i * w, means, w, yerr=stds, label=LABELS[v], color=colors[v], capsize=2)
    ax.set_xticks(np.arange(len(keys)) + w * (len(vs) - 1) / 2, keys, rotation=20)
    ax.set(title="test metrics" + (f" (mean ± std over {n_seeds} seeds)" if n_seeds > 1 else " (1 seed)"),
           ylabel="value")
    if vs:
        ax.legend()
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    p = out / "metrics.png"
    fig.savefig(p, dpi=100)
    plt.close(fig)
    paths.append(p)
    return paths

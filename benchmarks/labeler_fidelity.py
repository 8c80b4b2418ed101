"""Labeler fidelity against Open-i MeSH indexing (IU X-Ray), with a naive baseline, and speed.

For each IU X-Ray train/val study of ``iu_xray/mesh_dev.csv``, findings + impression are
labeled; an observation counts as predicted when its label is POSITIVE (1). The gold label
comes from the study's MeSH ``problems`` via ``mesh_to_chexpert.json`` (people indexing the
whole report). Prints per-observation and macro F1 of our labeler and of a naive keyword +
negation regex baseline, then labeling speed (reports/s, one process): on 50,000 new reports
recombined from the set's sentences (as repetitive as generated reports are), cold (every
report and sentence new) and on 50,000 repeats of the set.

Beside the IU X-Ray figures it prints per-observation F1 on the MIMIC-CXR-style development set
written for this project (``tests/rrg_rewards/labeler/data/mimic_style_dev.jsonl``: several
hundred reports in MIMIC layouts with labels set by construction, see ``make_mimic_style.py``
there), with positive = 1 and with uncertain counted as positive (`rrg_rewards.clinical`), and
the micro/macro F1 of the holdout set beside it (``mimic_style_holdout.jsonl``: fresh wording,
written after the labeler's MIMIC rules and never tuned on).
Then per-observation, micro and macro F1 (both conventions) on ``mimic_realistic.jsonl``: 239
MIMIC-CXR-style reports written and labeled by hand with CheXpert conventions, by someone other
than the rules' author, as a check on text the rules were not written from (``data/README.md``).
Then the same for ``mimic_idiom.jsonl``: reports in MIMIC-CXR idiom (ICU device lines, "as compared
to the previous radiograph", de-identification blanks, ...) labeled by hand before the labeler was
run on them, after an audit against the CheXpert labeler's own phrase lists. ``--iu-errors N``
prints the first N IU X-Ray reports whose positives differ from MeSH, with their MeSH terms (to sort
into labeler defects and convention differences, docs/labeler.md).

Usage:
    python -m rrg_benchmarks.labeler_fidelity [--data ../shared/data/iu_xray] [--json out.json]
        [--no-speed] [--errors N] [--iu-errors N] [--no-finding strict|pathologies]
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from rrg_rewards.labeler import OBSERVATIONS, POSITIVE, Labeler

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "iu_xray"
MIMIC_STYLE_DEV = (Path(__file__).resolve().parents[1] / "tests" / "rrg_rewards" / "labeler" / "data"
                   / "mimic_style_dev.jsonl")
MIMIC_STYLE_HOLDOUT = MIMIC_STYLE_DEV.with_name("mimic_style_holdout.jsonl")
# hand-written, hand-labeled MIMIC-CXR-style reports (data/README.md): never used to write the rules
MIMIC_REALISTIC = MIMIC_STYLE_DEV.with_name("mimic_realistic.jsonl")
# reports in MIMIC-CXR idiom, labeled by hand before the labeler was run on them (data/README.md)
MIMIC_IDIOM = MIMIC_STYLE_DEV.with_name("mimic_idiom.jsonl")

# The naive baseline: one keyword list per observation, negated by a cue earlier in the sentence.
_NAIVE_KEYWORDS = {
    "Enlarged Cardiomediastinum": r"widened mediastinum|mediastinal widening",
    "Cardiomegaly": r"cardiomegaly|enlarged heart|heart is enlarged|heart size is enlarged",
    "Lung Lesion": r"nodules?|mass(?:es)?",
    "Lung Opacity": r"opacit(?:y|ies)|infiltrates?|airspace disease",
    "Edema": r"edema",
    "Consolidation": r"consolidation",
    "Pneumonia": r"pneumonia",
    "Atelectasis": r"atelectasis|atelectatic",
    "Pneumothorax": r"pneumothorax",
    "Pleural Effusion": r"effusions?",
    "Pleural Other": r"pleural thickening",
    "Fracture": r"fractures?",
    "Support Devices": r"tubes?|catheters?|pacemaker|lines?",
}
_NAIVE_RE = {k: re.compile(rf"\b(?:{v})\b") for k, v in _NAIVE_KEYWORDS.items()}
_NAIVE_NEG = re.compile(r"\b(?:no|not|without|negative for|free of)\b")


def naive_label(reports: Sequence[str]) -> np.ndarray:
    """Keyword + negation baseline: 1 if a keyword occurs in a sentence with no earlier negation."""
    out = np.zeros((len(reports), len(OBSERVATIONS)), dtype=np.int8)
    for i, report in enumerate(reports):
        for sentence in re.split(r"[.\n]+", report.lower()):
            for k, rx in _NAIVE_RE.items():
                m = rx.search(sentence)
                if m and not _NAIVE_NEG.search(sentence[:m.start()]):
                    out[i, OBSERVATIONS.index(k)] = 1
        if not out[i, 1:-1].any():
            out[i, 0] = 1
    return out


def load(data: Path, with_ids: bool = False) -> (tuple[list[str], dict[str, np.ndarray]]
                                                  | tuple[list[str], dict[str, np.ndarray], list[str]]):
    """Reports (findings + impression) and gold positives per mapped observation (and, when
    `with_ids`, each study's "id [MeSH problems]" to print beside it)."""
    mapping = json.loads((data / "mesh_to_chexpert.json").read_text())["map"]
    reports: list[str] = []
    ids: list[str] = []
    problems: list[set[str]] = []
    with open(data / "mesh_dev.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            ids.append(f"{row['id']} [{row['problems']}]")
            reports.append(f"{row['findings'] or ''} {row['impression'] or ''}".strip())
            problems.append({t.strip() for t in (row["problems"] or "").split(";")})
    gold = {obs: np.array([bool(p & set(terms)) for p in problems]) for obs, terms in mapping.items()}
    return (reports, gold, ids) if with_ids else (reports, gold)


def f1_table(labels: np.ndarray, gold: dict[str, np.ndarray]) -> dict[str, dict[str, float]]:
    """Per-observation precision/recall/F1/support of ``labels == POSITIVE`` against gold."""
    table = {}
    for obs, g in gold.items():
        p = labels[:, OBSERVATIONS.index(obs)] == POSITIVE
        tp = int((p & g).sum())
        prec = tp / p.sum() if p.sum() else 0.0
        rec = tp / g.sum() if g.sum() else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        table[obs] = {"precision": prec, "recall": rec, "f1": f1, "support": int(g.sum())}
    return table


def micro_f1(table: dict[str, dict[str, float]], labels: np.ndarray, gold: dict[str, np.ndarray]) -> float:
    """Micro F1 of ``labels == POSITIVE`` over the observations of `gold` (pooled TP/FP/FN)."""
    tp = fp = fn = 0
    for obs, g in gold.items():
        p = labels[:, OBSERVATIONS.index(obs)] == POSITIVE
        tp += int((p & g).sum())
        fp += int((p & ~g).sum())
        fn += int((~p & g).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def load_mimic_style(path: Path = MIMIC_STYLE_DEV) -> tuple[list[dict], np.ndarray]:
    """The MIMIC-style dev set: its records and their gold labels, int8 (N, 14)."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return records, np.array([r["labels"] for r in records], dtype=np.int8)


def mimic_style_scores(labels: np.ndarray, gold: np.ndarray) -> dict[str, object]:
    """CE of our labels against the dev set's gold, positive = 1 and uncertain as positive."""
    from rrg_rewards.clinical import clinical_efficacy

    out: dict[str, object] = {}
    for unc in ("negative", "positive"):
        ce = clinical_efficacy(labels, gold, uncertain=unc, labeler_name="gold")
        out[unc] = {"micro_f1": ce.micro.f1, "macro_f1": ce.macro.f1,
                    "per_label": {k: v["f1"] for k, v in ce.per_label.items()},
                    "support": {k: v["support"] for k, v in ce.per_label.items()}}
    return out


def _r2gen_mimic(report: str) -> str:
    from rrg_rewards.text import clean_report_mimic_cxr

    return clean_report_mimic_cxr(report)


_TOKEN_MARK_RE = re.compile(r"[,;?!()]|:(?!\d)|\.(?=\s|$)")


def _tokenized(report: str) -> str:
    """`report` as a word tokenizer leaves it: lower-cased, punctuation marks spaced off as tokens
    ("the heart , mediastinum and hila are normal . no effusion ."), decimals and times kept, joined."""
    return " ".join(_TOKEN_MARK_RE.sub(lambda m: " " + m.group(0) + " ", report.lower()).split())


#: text transforms a report meets on its way to a labeler, none of which changes what it says, except R2Gen's
#: cleaning, which also drops colons, question marks, semicolons and commas (so headers and clause ends go)
TRANSFORMS: dict[str, Callable[[str], str]] = {
    "as written": lambda t: t,
    "whitespace-joined": lambda t: " ".join(t.split()),
    "lower-cased": str.lower,
    "lower-cased and joined": lambda t: " ".join(t.lower().split()),
    "upper-cased": str.upper,
    "upper-cased and joined": lambda t: " ".join(t.upper().split()),
    "tokenized (lower, joined)": _tokenized,
    "R2Gen-cleaned (MIMIC-CXR)": _r2gen_mimic,
}


def print_transforms(labeler: Labeler) -> dict[str, int]:
    """Cells of the four hand-labeled sets together that the labeler gets right under each of `TRANSFORMS`:
    how much of its agreement survives the text forms reports arrive in."""
    records, gold = [], []
    for path in (MIMIC_STYLE_DEV, MIMIC_STYLE_HOLDOUT, MIMIC_REALISTIC, MIMIC_IDIOM):
        r, g = load_mimic_style(path)
        records += r
        gold.append(g)
    gold_all = np.concatenate(gold)
    print(f"the four hand-labeled sets ({len(records)} reports, {gold_all.size:,} cells) under text transforms, cells right:")
    right = {}
    for name, transform in TRANSFORMS.items():
        got = labeler([transform(r["report"]) for r in records])
        right[name] = int((got == gold_all).sum())
        print(f"  {name:28} {right[name]:7,d} ({right[name] / gold_all.size:.4f})")
    return right


def print_hand_labeled(title: str, path: Path, labeler: Labeler) -> dict[str, object]:
    """Per-label, micro and macro F1 (positive = 1 / uncertain as positive) of one hand-labeled set."""
    records, gold = load_mimic_style(path)
    labels = labeler([r["report"] for r in records])
    scores = mimic_style_scores(labels, gold)
    pos, unc = scores["negative"], scores["positive"]
    print(f"{title} ({len(records)} reports), per-label F1 positive = 1 / uncertain as positive:")
    for obs in OBSERVATIONS:
        print(f"  {obs:28} {pos['support'][obs]:5d} {pos['per_label'][obs]:6.3f} {unc['per_label'][obs]:7.3f}")
    print(f"  {'macro F1':28} {'':5} {pos['macro_f1']:6.3f} {unc['macro_f1']:7.3f}")
    print(f"  {'micro F1':28} {'':5} {pos['micro_f1']:6.3f} {unc['micro_f1']:7.3f}")
    wrong = labels != gold
    rounds: dict[str, int] = {}
    for rec, row in zip(records, wrong):  # ids start with their round's letters ("c000", "aa000")
        tag = re.match(r"[a-z]*", rec["id"]).group()
        rounds[tag] = rounds.get(tag, 0) + int(row.sum())
    print(f"  cells right {int((~wrong).sum())} of {wrong.size} ({(~wrong).mean():.4f}); wrong cells per round: "
          + ", ".join(f"{k} {v}" for k, v in rounds.items()))
    per_label = [f"{obs} {int(n)}" for obs, n in zip(OBSERVATIONS, wrong.sum(axis=0)) if n]
    print("  wrong cells per label: " + (", ".join(per_label) or "none"))
    scores["cells_right"] = float((~wrong).mean())
    return scores


def print_errors(records: list[dict], labels: np.ndarray, gold: np.ndarray, limit: int) -> None:
    """The first `limit` disagreeing cells of the MIMIC-style set (to read, not to tune on)."""
    shown = 0
    for rec, got, want in zip(records, labels, gold):
        bad = [(OBSERVATIONS[k], int(want[k]), int(got[k])) for k in range(len(OBSERVATIONS)) if got[k] != want[k]]
        if bad and shown < limit:
            shown += 1
            print(f"--- {rec['id']} {rec['layout']}: " + ", ".join(f"{o} want {w} got {g}" for o, w, g in bad))
            print(rec["report"])


def print_iu_errors(ids: list[str], reports: list[str], labels: np.ndarray, gold: dict[str, np.ndarray],
                    limit: int) -> None:
    """The first `limit` IU X-Ray dev reports whose positives differ from their MeSH indexing (to read,
    and to sort into labeler defects and convention differences; not to tune on)."""
    shown = 0
    for i, report in enumerate(reports):
        bad = []
        for obs, g in gold.items():
            got = int(labels[i, OBSERVATIONS.index(obs)])
            if (got == POSITIVE) != bool(g[i]):
                bad.append(f"{obs} MeSH {int(g[i])} got {got}")
        if bad and shown < limit:
            shown += 1
            print(f"--- {ids[i]}: " + ", ".join(bad))
            print(report)


def recombined(reports: list[str], total: int, seed: int = 0) -> list[str]:
    """`total` new reports, each 3-8 sentences drawn from `reports` (seeded): the sentence mix
    of real reports, as repetitive as generated reports are, but every report string new."""
    from rrg_rewards.labeler.sections import split_sentences

    pool = [s for r in reports for s in split_sentences(r)]
    rng = np.random.default_rng(seed)
    sizes = rng.integers(3, 9, size=total)
    picks = rng.integers(0, len(pool), size=int(sizes.sum()))
    out, k = [], 0
    for i, n in enumerate(sizes):
        out.append(". ".join(pool[j] for j in picks[k:k + n]) + ".")
        k += n
    return out


def _rate(fn, n: int) -> tuple[float, float]:
    """(reports per wall second, reports per CPU second of this process) of one call."""
    w, c = time.perf_counter(), time.process_time()
    fn()
    return n / (time.perf_counter() - w), n / (time.process_time() - c)


def speed(reports: list[str], total: int = 50_000) -> dict[str, float]:
    """Reports/s in one process: cold (fresh labeler, unique reports), on `total` reports made
    of recombined real sentences (fresh labeler; sentence cache warms up as it goes), and on
    `total` repeats of the set (report cache). Wall-clock and CPU-time rates: on a shared machine
    the CPU-time rate is what this process would reach alone."""
    mixed = recombined(reports, total)
    corpus = (reports * (total // len(reports) + 1))[:total]
    out: dict[str, float] = {"corpus_size": total}
    for name, texts in (("cold", reports), ("recombined", mixed), ("repeated", corpus)):
        lab = Labeler()
        wall, cpu = _rate(lambda: lab(texts), len(texts))
        out[f"{name}_reports_per_s"] = wall
        out[f"{name}_reports_per_cpu_s"] = cpu
    return out


def data_missing(data: Path, prog: str) -> bool:
    """True, after one line on stderr, when `data` holds no mesh_dev.csv (the labeler benchmarks' input)."""
    if (data / "mesh_dev.csv").is_file():
        return False
    print(f"{prog}: {data}/mesh_dev.csv not found", file=sys.stderr)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with mesh_dev.csv")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    ap.add_argument("--no-finding", choices=("strict", "pathologies"), default="strict",
                    help="No Finding rule of the labeler (see docs/labeler.md)")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print the first N MIMIC-style dev reports the labeler gets wrong")
    ap.add_argument("--iu-errors", type=int, default=0, metavar="N",
                    help="print the first N IU X-Ray dev reports whose positives differ from MeSH")
    args = ap.parse_args(argv)
    if data_missing(args.data, "labeler_fidelity"):
        return 2
    reports, gold, ids = load(args.data, with_ids=True)
    labeler = Labeler(no_finding=args.no_finding)
    iu_labels = labeler(reports)
    ours = f1_table(iu_labels, gold)
    naive_labels = naive_label(reports)
    naive = f1_table(naive_labels, gold)
    records, m_gold = load_mimic_style()
    m_labels = labeler([r["report"] for r in records])
    mimic = mimic_style_scores(m_labels, m_gold)
    pos, unc = mimic["negative"], mimic["positive"]
    print(f"{len(reports)} IU X-Ray reports (findings + impression) vs Open-i MeSH problems; "
          f"{len(records)} MIMIC-style dev reports vs their constructed labels (positive = 1 / uncertain as positive)")
    print(f"{'observation':28} {'support':>7} {'naive F1':>9} {'rrg P':>7} {'rrg R':>7} {'rrg F1':>7}"
          f" | {'M sup':>5} {'M F1':>6} {'M F1 u+':>7}")
    for obs in OBSERVATIONS:
        m = f" | {pos['support'][obs]:5d} {pos['per_label'][obs]:6.3f} {unc['per_label'][obs]:7.3f}"
        if obs in gold:
            o, n = ours[obs], naive[obs]
            print(f"{obs:28} {o['support']:7d} {n['f1']:9.3f} {o['precision']:7.3f} {o['recall']:7.3f} "
                  f"{o['f1']:7.3f}{m}")
        else:
            print(f"{obs:28} {'':7} {'':9} {'':7} {'':7} {'':7}{m}")
    macro_o = float(np.mean([v["f1"] for v in ours.values()]))
    macro_n = float(np.mean([v["f1"] for v in naive.values()]))
    micro_o, micro_n = micro_f1(ours, iu_labels, gold), micro_f1(naive, naive_labels, gold)
    print(f"{'macro F1':28} {'':7} {macro_n:9.3f} {'':7} {'':7} {macro_o:7.3f}"
          f" | {'':5} {pos['macro_f1']:6.3f} {unc['macro_f1']:7.3f}")
    print(f"{'micro F1':28} {'':7} {micro_n:9.3f} {'':7} {'':7} {micro_o:7.3f}"
          f" | {'':5} {pos['micro_f1']:6.3f} {unc['micro_f1']:7.3f}")
    real = print_hand_labeled("MIMIC-style hand-labeled", MIMIC_REALISTIC, labeler)
    idiom = print_hand_labeled("MIMIC-CXR idiom, labeled before the labeler saw it", MIMIC_IDIOM, labeler)
    h_records, h_gold = load_mimic_style(MIMIC_STYLE_HOLDOUT)
    holdout = mimic_style_scores(labeler([r["report"] for r in h_records]), h_gold)
    print(f"MIMIC-style holdout ({len(h_records)} reports): micro / macro F1 "
          f"{holdout['negative']['micro_f1']:.3f} / {holdout['negative']['macro_f1']:.3f} (positive = 1), "
          f"{holdout['positive']['micro_f1']:.3f} / {holdout['positive']['macro_f1']:.3f} (uncertain as positive)")
    transforms = print_transforms(labeler)
    result = {"rrg": ours, "naive": naive, "macro_f1": {"rrg": macro_o, "naive": macro_n},
              "micro_f1": {"rrg": micro_o, "naive": micro_n}, "mimic_style": mimic, "mimic_style_holdout": holdout,
              "mimic_realistic": real, "mimic_idiom": idiom, "transforms": transforms}
    if args.errors:
        print_errors(records, m_labels, m_gold, args.errors)
    if args.iu_errors:
        print_iu_errors(ids, reports, iu_labels, gold, args.iu_errors)
    if not args.no_speed:
        sp = speed(reports)
        result["speed"] = sp
        print(f"speed, one process (reports per wall second / per CPU second; goal >= 10,000 on "
              f"{sp['corpus_size']:,} recombined):")
        for key, what in (("recombined", f"{sp['corpus_size']:,} new reports of recombined real sentences"),
                          ("cold", f"cold: the {len(reports):,} unique reports, fresh labeler"),
                          ("repeated", f"{sp['corpus_size']:,} repeats of the set (report cache)")):
            print(f"  {sp[key + '_reports_per_s']:10,.0f} / {sp[key + '_reports_per_cpu_s']:10,.0f}  {what}")
        print("  (Stanford CheXpert labeler: ~3 reports/s, per its issue text; not run here)")
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`rrg bench --study generalization`: what each SCST reward does on institutions the model never saw.

UniRG's claim, in a controlled setting: a model trained to imitate report text learns its
training sites' phrasing, while RL on a clinically meaningful reward learns what the image
shows and carries over to other sites. The phantom institutions (`phantom.institutions`)
shift reporting style, acquisition and population while the findings-to-image mapping
stays the same, so here:

1. one MLE parent per seed is trained on the training institutions (train / val splits);
2. from that parent, SCST runs once per reward (default: ``bleu4``, R2GenRL's; ``cider``,
   CIDEr-D; ``ce_f1``; ``clinical``, the composite clinical reward of `rrg_rewards.rl`);
3. every model's test reports (decoded once, at the end, by the trainer) are scored on the
   training institutions' test studies ("in-domain") and on the held-out institutions'
   ("held-out"), per institution too.

The study reuses the ablation's machinery: `bench_spec` (RunConfigs, fingerprints, data),
`bench_run` (stage reuse, evaluation, worker processes, atomic writes) and `bench_report`
(scores through `rrg_rewards.score` and `rrg_rewards.clinical`, paired randomization
through `rrg_rewards.significance`). Tests, all paired approximate randomization stratified
by seed: each reward against the MLE parent in each domain (BLEU-4, CE-F1); and the *drop*
(in-domain minus held-out) of each reward against the parent's drop and against BLEU-4's
(a difference of differences: a study's two systems are swapped in both domains at once).
"""
from __future__ import annotations

import dataclasses
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from rrg_model.errors import ModelError

from .bench_report import (_bleu4_aggregate, _f1_aggregate, _mean_over_seeds, _per_seed_blocks, bleu_stats_matrix,
                           REFERENCE_LABELS, load_results, md_table, observation_rows, paired_test,
                           reference_predictions,
                           score_predictions, summarize, text_table)
from .bench_run import Stage, atomic_json, job_state, run_jobs, run_stage, stage_process
from .bench_spec import VARIANTS, BenchSpec, bench_config, prepare_data, run_config

MLE = "mle"
#: the drop is tested against these rows
DROP_BASELINES = (MLE, "bleu4")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@dataclass(frozen=True)
class StudyConfig:
    """The study's sites, sizes, architecture and rewards (configs/<preset>.json "generalization")."""

    train_institutions: tuple[str, ...]
    heldout_institutions: tuple[str, ...]
    train_sizes: tuple[int, int, int]  # per training institution: train / val / test
    heldout_test: int  # test studies per held-out institution
    arch: str  # "base" or "cmm"
    rewards: tuple[tuple[str, str], ...]  # (row name, reward spec)


def study_config(spec: BenchSpec) -> StudyConfig:
    """The preset's study settings with the spec's overrides."""
    conf = bench_config(spec.preset).get("generalization")
    if conf is None:
        raise ModelError(f"preset {spec.preset!r} has no 'generalization' section in its bench config")
    rewards = spec.study_rewards if spec.study_rewards is not None else tuple(conf["rewards"].items())
    return StudyConfig(
        train_institutions=tuple(spec.train_institutions or conf["train_institutions"]),
        heldout_institutions=tuple(spec.heldout_institutions or conf["heldout_institutions"]),
        train_sizes=tuple(int(n) for n in conf["train_sizes"]),  # type: ignore[arg-type]
        heldout_test=int(conf["heldout_test"]), arch=str(conf.get("arch", "base")),
        rewards=tuple((str(n), str(r)) for n, r in rewards))


def study_mix(spec: BenchSpec) -> tuple[tuple[str, int, int, int], ...]:
    """The study's phantom mix: training sites with all splits, held-out sites with test studies only."""
    sc = study_config(spec)
    return tuple((n, *sc.train_sizes) for n in sc.train_institutions) + \
        tuple((n, 0, 0, sc.heldout_test) for n in sc.heldout_institutions)  # type: ignore[return-value]


def validate_study(spec: BenchSpec) -> None:
    """Sites known and disjoint, reward names usable as folder names, every reward and config valid."""
    from rrg_model.train_scst import check_reward

    from .phantom import get_institution

    sc = study_config(spec)
    for name in sc.train_institutions + sc.heldout_institutions:
        get_institution(name)
    if not sc.train_institutions or not sc.heldout_institutions:
        raise ModelError("the generalization study needs at least one training and one held-out institution")
    both = set(sc.train_institutions) & set(sc.heldout_institutions)
    if both:
        raise ModelError(f"institution(s) {', '.join(sorted(both))} both trained on and held out")
    if sc.arch not in ("base", "cmm"):
        raise ModelError(f"study arch must be base or cmm, got {sc.arch!r}")
    names = [n for n, _ in sc.rewards]
    if not names:
        raise ModelError("the generalization study needs at least one reward")
    for n in names:
        if not _NAME_RE.match(n) or n == MLE or n in VARIANTS:
            raise ModelError(f"study reward name {n!r} must be lower-case letters, digits or _ "
                             f"(and not {MLE!r} or an ablation variant)")
    if len(set(names)) != len(names):
        raise ModelError(f"a study reward name is used twice: {', '.join(names)}")
    from rrg_model.runner import check_metrics
    check_metrics(run_config(spec, sc.arch, spec.seeds[0]))
    for n in names:
        check_reward(run_config(stage(spec, spec.seeds[0], n).spec_for(spec), sc.arch, spec.seeds[0]).rl)


# ------------------------------------------------------------------------------------ training

def stage(spec: BenchSpec, seed: int, reward: str | None = None) -> Stage:
    """A seed's MLE parent (``reward`` None) or one reward's SCST run from it (OUT/runs/<arch>/seed<k>/rl_<reward>)."""
    arch = study_config(spec).arch
    if reward is None:
        return Stage(arch, seed, MLE)
    return Stage(arch, seed, reward, rl=f"rl_{reward}", reward=dict(study_config(spec).rewards)[reward])


def run_tasks(spec: BenchSpec, data_dir: Path, progress: Callable[[str], None] = lambda s: None,
              poll: float = 15.0) -> None:
    """Each seed's MLE parent, then its reward runs as soon as it is done, in parallel worker processes."""
    sc = study_config(spec)
    parents = [stage(spec, s) for s in spec.seeds]
    children = {s: [stage(spec, s, n) for n, _ in sc.rewards] for s in spec.seeds}
    todo = [t for t in parents if not t.done(spec)] + [t for s in spec.seeds for t in children[s]
                                                       if not t.done(spec)]
    if not todo:
        progress("every stage already finished with this spec")
        return
    # parents first; a parent already there releases its reward runs at once
    first = [t for t in todo if t.rl is None] + [c for p in parents if p.done(spec)
                                                 for c in children[p.seed] if c in todo]

    def then(task: Stage) -> list[Stage]:  # a finished parent starts its reward runs
        return [] if task.rl is not None else [c for c in children[task.seed] if c in todo]

    run_jobs(spec, todo, lambda t: run_stage(spec, t, data_dir), lambda t: (stage_process, spec, t, data_dir),
             lambda t: job_state(spec, t), progress, poll, what="stage", first=first, then=then)


# ------------------------------------------------------------------------------------ scoring

def institutions_of(data_dir: Path) -> dict[str, str]:
    """Study id -> institution, from the data set's annotation.json."""
    ann = json.loads((Path(data_dir) / "annotation.json").read_text(encoding="utf-8"))
    return {str(e["id"]): str(e.get("institution", "")) for split in ann.values() if isinstance(split, list)
            for e in split}


def restrict(results: dict[str, dict[int, dict]], keep: set[str]) -> dict[str, dict[int, dict]]:
    """The results scored on the studies in ``keep`` only (metrics, CE counts, per-observation F1)."""
    out: dict[str, dict[int, dict]] = {}
    for v, by_seed in results.items():
        for s, r in by_seed.items():
            idx = [i for i, sid in enumerate(r["ids"]) if sid in keep]
            preds, refs = [r["predictions"][i] for i in idx], [r["references"][i] for i in idx]
            scored = score_predictions(preds, refs, meteor=False)
            out.setdefault(v, {})[s] = {"ids": [r["ids"][i] for i in idx], "predictions": preds, "references": refs,
                                        **scored}
    return out


def drop_test(inside: dict[str, dict[int, dict]], outside: dict[str, dict[int, dict]], a: str, b: str,
              trials: int = 10000, seed: int = 12345) -> dict[str, Any]:
    """Is row ``b``'s drop (in-domain minus held-out) different from row ``a``'s? (difference of differences)

    Per seed, a study's statistics sit in the in-domain or the held-out columns; the aggregate
    is the in-domain corpus value minus the held-out one, averaged over seeds; a trial swaps
    the two rows' reports on a random half of the studies of both domains.
    """
    from rrg_rewards.significance import Decomposed, paired_randomization

    seeds = sorted(set(inside.get(a, {})) & set(inside.get(b, {})))
    if not seeds:
        return {}
    out: dict[str, Any] = {"a": a, "b": b, "seeds": seeds, "trials": trials}
    for key, agg in (("Bleu_4", _bleu4_aggregate), ("CE_f1", _f1_aggregate)):
        blocks: dict[str, list[np.ndarray]] = {a: [], b: []}
        for row in (a, b):
            for s in seeds:
                mats = []
                for dom in (inside, outside):
                    r = dom[row][s]
                    mats.append(bleu_stats_matrix(r["predictions"], r["references"]) if key == "Bleu_4"
                                else np.asarray(r["ce_stats"], dtype=np.float64))
                k = mats[0].shape[1]
                both = np.zeros((len(mats[0]) + len(mats[1]), 2 * k))
                both[:len(mats[0]), :k], both[len(mats[0]):, k:] = mats
                blocks[row].append(both)
        k = blocks[a][0].shape[1] // 2

        def drop(sums: np.ndarray, n: int, agg=agg, k=k) -> np.ndarray:
            return agg(sums[:, :k], n) - agg(sums[:, k:], n)

        mean_drop = _mean_over_seeds(drop, 2 * k)
        t = paired_randomization(Decomposed(_per_seed_blocks(blocks[b]), mean_drop),
                                 Decomposed(_per_seed_blocks(blocks[a]), mean_drop), n_trials=trials, seed=seed)
        out[key] = {"delta": t.delta, "p_value": t.p_value}
    return out


def _per_seed(rows: dict[str, dict[int, dict]], key: str) -> dict[str, dict[int, float]]:
    return {v: {s: r["metrics"].get(key) for s, r in by.items()} for v, by in rows.items()}


def _mean_std(values: Sequence[float]) -> dict[str, float]:
    arr = np.asarray([v for v in values if v is not None], dtype=np.float64)
    return {"mean": float(arr.mean()) if arr.size else float("nan"),
            "std": float(arr.std(ddof=1)) if arr.size > 1 else 0.0, "n": int(arr.size)}


METRICS = {"BL-4": "Bleu_4", "CE-F1": "CE_f1", "macro-F1": "CE_macro_f1"}


def analyse(results: dict[str, dict[int, dict]], inst_of: dict[str, str], sc: StudyConfig,
            trials: int = 10000, references: dict[str, dict[int, dict]] | None = None) -> dict[str, Any]:
    """Everything results.json and the tables hold: per domain and institution, drops, tests.

    ``references`` (rows shaped as ``results``) are scored and get drops like the models but
    no paired tests.
    """
    test_ids = {sid for by in results.values() for r in by.values() for sid in r["ids"]}
    groups = {"in-domain": {i for i in test_ids if inst_of.get(i) in sc.train_institutions},
              "held-out": {i for i in test_ids if inst_of.get(i) in sc.heldout_institutions}}
    for name in sc.train_institutions + sc.heldout_institutions:
        groups[name] = {i for i in test_ids if inst_of.get(i) == name}
    scored = {g: restrict({**results, **(references or {})}, ids) for g, ids in groups.items() if ids}
    summary = {g: summarize(rows) for g, rows in scored.items()}
    drops: dict[str, dict[str, dict[str, float]]] = {}
    for v in scored["in-domain"]:
        drops[v] = {}
        for label, key in METRICS.items():
            a, b = _per_seed(scored["in-domain"], key)[v], _per_seed(scored["held-out"], key)[v]
            per = [a[s] - b[s] for s in a if a.get(s) is not None and b.get(s) is not None]
            rel = [b[s] / a[s] for s in a if (a.get(s) or 0.0) >= 0.01 and b.get(s) is not None]
            drops[v][key] = {**_mean_std(per), "retained": _mean_std(rel)["mean"]}
    tests: dict[str, Any] = {"vs_parent": {}, "drop": {}}
    for v in results:
        if v == MLE:
            continue
        tests["vs_parent"][v] = {dom: paired_test(scored[dom], MLE, v, trials) for dom in ("in-domain", "held-out")}
        tests["drop"][v] = {f"vs {base}": drop_test(scored["in-domain"], scored["held-out"], base, v, trials)
                            for base in DROP_BASELINES if base != v and base in results}
    return {"groups": {g: sorted(ids) for g, ids in groups.items()}, "summary": summary, "drops": drops,
            "tests": tests, "per_seed": {g: {v: {str(s): r["metrics"] for s, r in by.items()}
                                             for v, by in rows.items()} for g, rows in scored.items()}}


# ------------------------------------------------------------------------------------ report

def _fmt(stat: dict[str, float] | None, n_seeds: int, digits: int = 3) -> str:
    if stat is None or stat.get("n", 0) == 0:
        return "-"
    return f"{stat['mean']:.{digits}f}" + (f" ± {stat['std']:.{digits}f}" if n_seeds > 1 and stat["n"] > 1 else "")


def _fmt_drop(stat: dict[str, float], n_seeds: int) -> str:
    kept = stat["retained"]
    return (f"{stat['mean']:+.3f}" + (f" ± {stat['std']:.3f}" if n_seeds > 1 and stat["n"] > 1 else "")
            + (f" ({100 * kept:.0f}%)" if np.isfinite(kept) else ""))


def _p(t: dict[str, Any], key: str) -> str:
    return "-" if not t or key not in t else f"{t[key]['delta']:+.3f} (p={t[key]['p_value']:.3f})"


def render(analysis: dict[str, Any], results: dict[str, dict[int, dict]], sc: StudyConfig, n_seeds: int,
           preset: str) -> tuple[str, str]:
    """(console text, table.md)."""
    models = [MLE] + [n for n, _ in sc.rewards if n in results]
    rows_order = models + [n for n in REFERENCE_LABELS if n in analysis["drops"]]
    rewards = dict(sc.rewards)
    label = lambda v: "MLE parent" if v == MLE else REFERENCE_LABELS.get(v, f"SCST {v}")  # noqa: E731
    s_in, s_out = analysis["summary"]["in-domain"], analysis["summary"]["held-out"]
    header = ["MODEL"]
    for col in METRICS:
        header += [f"{col} in", f"{col} out", f"{col} drop (kept)"]
    header += ["selected"]
    main = []
    for v in rows_order:
        row = [label(v)]
        for key in METRICS.values():
            row += [_fmt(s_in[v].get(key), n_seeds), _fmt(s_out[v].get(key), n_seeds),
                    _fmt_drop(analysis["drops"][v][key], n_seeds)]
        if v == MLE:
            row.append("MLE epoch")
        elif v in REFERENCE_LABELS:
            row.append("-")
        else:
            kept = sum(bool(r.get("parent_selected")) for r in results[v].values())
            row.append(f"MLE parent ({kept}/{len(results[v])})" if kept else "RL epoch")
        main.append(row)
    t_header = ["REWARD", "BL-4 in vs MLE", "BL-4 out vs MLE", "CE-F1 in vs MLE", "CE-F1 out vs MLE",
                "BL-4 drop vs MLE", "CE-F1 drop vs MLE", "BL-4 drop vs bleu4", "CE-F1 drop vs bleu4"]
    t_rows = []
    for v in models[1:]:
        vp, dr = analysis["tests"]["vs_parent"][v], analysis["tests"]["drop"][v]
        t_rows.append([v, _p(vp["in-domain"], "Bleu_4"), _p(vp["held-out"], "Bleu_4"), _p(vp["in-domain"], "CE_f1"),
                       _p(vp["held-out"], "CE_f1"), _p(dr.get(f"vs {MLE}", {}), "Bleu_4"),
                       _p(dr.get(f"vs {MLE}", {}), "CE_f1"), _p(dr.get("vs bleu4", {}), "Bleu_4"),
                       _p(dr.get("vs bleu4", {}), "CE_f1")])
    insts = [i for i in sc.train_institutions + sc.heldout_institutions if i in analysis["summary"]]
    i_header = ["MODEL"] + [f"{i}{'*' if i in sc.train_institutions else ''} {m}" for i in insts
                            for m in ("BL-4", "CE-F1")]
    i_rows = [[label(v)] + [_fmt(analysis["summary"][i][v].get(k), n_seeds) for i in insts
                            for k in ("Bleu_4", "CE_f1")] for v in rows_order]
    pr_header = ["MODEL", "P in", "R in", "P out", "R out"] + [f"{i} P" for i in sc.heldout_institutions]
    pr_rows = [[label(v)] + [_fmt(analysis["summary"][g][v].get(k), n_seeds) for g in ("in-domain", "held-out")
                             for k in ("CE_precision", "CE_recall")]
               + [_fmt(analysis["summary"][i][v].get("CE_precision"), n_seeds) for i in sc.heldout_institutions
                  if i in analysis["summary"]] for v in rows_order]
    obs_blocks = []
    for dom in ("in-domain", "held-out"):
        o_header, o_rows = observation_rows(analysis["summary"][dom], rows_order)
        obs_blocks.append((dom, o_header, [[label(v)] + r[1:] for v, r in zip(rows_order, o_rows)]))
    n_in, n_out = len(analysis["groups"]["in-domain"]), len(analysis["groups"]["held-out"])
    title = (f"rrg bench --study generalization: phantom, preset {preset}, {n_seeds} seed(s)"
             f"{' (mean ± std)' if n_seeds > 1 else ''}; trained on {', '.join(sc.train_institutions)}; "
             f"held out {', '.join(sc.heldout_institutions)}; {sc.arch.upper()} model")
    notes = [f"in = test studies of the training institutions ({n_in}); out = held-out institutions' test "
             f"studies ({n_out}); drop = in - out, (kept) = out / in",
             "rewards: " + "; ".join(f"{n} = {r}" for n, r in rewards.items()),
             "tests: paired approximate randomization, 10000 trials, stratified by seed: delta and p; "
             "'drop vs X' = this reward's drop minus X's drop (negative: it loses less)",
             "reference rows (no training, not tested): template = the training split's most common report for "
             "every study; true findings = each study's phantom findings written by the iu grammar "
             "(perfect reading, in one training site's prose)"]
    console = [title, "", text_table(header, main), "", "paired tests", text_table(t_header, t_rows), "",
               "per institution (* = trained on)", text_table(i_header, i_rows), "",
               "CE precision / recall (micro, positive = 1)", text_table(pr_header, pr_rows)]
    md = [f"# {title}", "", md_table(header, main), "", "## Paired tests", "", md_table(t_header, t_rows), "",
          "## Per institution (* = trained on)", "", md_table(i_header, i_rows), "",
          "## CE precision / recall (micro, positive = 1)", "", md_table(pr_header, pr_rows)]
    for dom, o_header, o_rows in obs_blocks:
        console += ["", f"per-observation F1, {dom}", text_table(o_header, o_rows)]
        md += ["", f"## Per-observation F1, {dom}", "", md_table(o_header, o_rows)]
    console += [""] + notes
    md += [""] + [f"- {n}" for n in notes]
    return "\n".join(console) + "\n", "\n".join(md) + "\n"


def plot(out: Path, analysis: dict[str, Any], sc: StudyConfig, n_seeds: int) -> Path:
    """drops.png: in-domain and held-out BLEU-4, CE-F1 and macro-F1 per row, held-out minus in-domain written over each pair."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [MLE] + [n for n, _ in sc.rewards if n in analysis["drops"]] + [n for n in REFERENCE_LABELS
                                                                          if n in analysis["drops"]]
    fig, axes = plt.subplots(1, len(METRICS), figsize=(4.6 * len(METRICS), 3.8))
    x = np.arange(len(rows))
    for ax, (title, key) in zip(axes, METRICS.items()):
        for j, (dom, color) in enumerate((("in-domain", "tab:blue"), ("held-out", "tab:orange"))):
            st = [analysis["summary"][dom][v].get(key, {}) for v in rows]
            ax.bar(x + (j - 0.5) * 0.38, [s.get("mean", np.nan) for s in st], 0.38, color=color, label=dom,
                   yerr=[s.get("std", 0.0) for s in st] if n_seeds > 1 else None, capsize=2)
        tops = [analysis["summary"][dom][v].get(key, {}).get("mean", 0.0) for dom in ("in-domain", "held-out")
                for v in rows]
        ax.set_ylim(0.0, np.nanmax([0.0, *tops]) * 1.15 + 0.03)  # room for the labels, also when all is ~0
        for i, v in enumerate(rows):
            d = analysis["drops"][v][key]
            top = analysis["summary"]["in-domain"][v].get(key, {}).get("mean", float("nan"))
            if np.isfinite(top) and np.isfinite(d["mean"]):
                ax.text(i, top + 0.01, f"{-d['mean']:+.3f}", ha="center", fontsize=7)
        ax.set_xticks(x, ["MLE" if v == MLE else v for v in rows], rotation=20)
        ax.set(title=f"{title}: in-domain vs held-out", ylabel=title)
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.suptitle(f"trained on {', '.join(sc.train_institutions)}; held out {', '.join(sc.heldout_institutions)} "
                 f"({n_seeds} seed{'s' if n_seeds > 1 else ''}); numbers: held-out minus in-domain (= -drop)", fontsize=9)
    fig.tight_layout()
    path = out / "drops.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def run_study(spec: BenchSpec, progress: Callable[[str], None] = lambda s: None, train: bool = True,
              trials: int = 10000) -> dict[str, Any]:
    """Run (or resume) the study; write results.json, table.md and drops.png to ``spec.out``."""
    spec.validate()
    t0 = time.perf_counter()
    sc = study_config(spec)
    if train:
        data_dir = prepare_data(spec, progress)
        spec.out.mkdir(parents=True, exist_ok=True)  # --report-only makes no folder
        run_tasks(spec, data_dir, progress)
    else:
        data_dir = Path(spec.data_dir) if spec.data_dir is not None else spec.out / "data"
    names = [MLE] + [n for n, _ in sc.rewards]
    results = load_results(spec.out, names, spec.seeds)
    if MLE not in results:
        raise ModelError(f"no finished MLE parent in {spec.out} yet")
    progress("scoring per domain and institution, paired tests, writing tables")
    # a stale result (another spec) is not shown: same rule as the resume
    results = {v: {s: r for s, r in by.items()
                   if stage(spec, s, None if v == MLE else v).done(spec)} for v, by in results.items()}
    results = {v: by for v, by in results.items() if by}
    parent = results[MLE][min(results[MLE])]
    references = {name: {min(results[MLE]): {"ids": parent["ids"], "predictions": preds,
                                             "references": parent["references"]}}
                  for name, preds in reference_predictions(data_dir, parent["ids"]).items()}
    analysis = analyse(results, institutions_of(data_dir), sc, trials, references)
    console, md = render(analysis, results, sc, len(spec.seeds), spec.preset)
    payload = {
        "study": "generalization",
        "spec": {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(spec).items()},
        "study_config": dataclasses.asdict(sc),
        "data_dir": str(data_dir),
        "config": run_config(spec, sc.arch, spec.seeds[0]).to_dict(),
        **analysis,
        "selected": {v: {str(s): {"epoch": r.get("selected_epoch"), "parent": r.get("parent_selected")}
                         for s, r in by.items()} for v, by in results.items()},
        "train_seconds": {v: {str(s): r.get("train_seconds") for s, r in by.items()} for v, by in results.items()},
        "wall_seconds": round(time.perf_counter() - t0, 1),
    }
    atomic_json(payload, spec.out / "results.json")
    from rrg_model.checkpoint import atomic_write_text
    atomic_write_text(spec.out / "table.md", md)
    plot(spec.out, analysis, sc, len(spec.seeds))
    payload["console"] = console
    return payload


__all__ = ["StudyConfig", "stage", "study_config", "study_mix", "validate_study", "run_study", "run_tasks",
           "analyse", "drop_test", "restrict"]

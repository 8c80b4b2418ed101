"""`rrg bench`: the paper's ablation (Table 3): BASE, +RL, +CMM, +CMM+RL on identical data and seeds.

Three modules a reader can name, driven by `run_bench` here:

* `rrg_benchmarks.bench_spec` — what is run: variants, `BenchSpec`, each chain's RunConfig,
  the data set, fingerprints that decide whether an earlier result may be reused;
* `rrg_benchmarks.bench_run` — training the chains (MLE, then RL) in parallel processes;
* `rrg_benchmarks.bench_report` — CE, alignment measures, reference rows, paired tests,
  tables and plots.
"""
from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any, Callable

from rrg_model.errors import ModelError

from . import paper_tables
from .bench_report import (avg_delta, load_results, ordering, plot, reference_rows, render_report,
                           significance, summarize)
from .bench_run import atomic_json, finished, run_chains
from .bench_spec import (ABLATIONS, LABELS, PRESETS, VARIANTS, BenchSpec, Chain, bench_config, chains_for,
                         prepare_data, run_config, variant_dir)

__all__ = ["ABLATIONS", "LABELS", "PRESETS", "VARIANTS", "BenchSpec", "Chain", "bench_config", "chains_for",
           "prepare_data", "run_config", "variant_dir", "run_bench", "summarize", "avg_delta", "ordering"]


def run_bench(spec: BenchSpec, progress: Callable[[str], None] = lambda s: None,
              train: bool = True) -> dict[str, Any]:
    """Run (or resume) a bench and write results.json, table.md, table.csv and the plots to ``spec.out``.

    Args:
        spec: what to run (validated first: options, every chain's config and the reward,
            before any data is written or any training starts).
        progress: receives one line per event (the CLI prints them).
        train: False tabulates only the variants already finished (e.g. while a bench runs).

    Returns:
        The results.json content plus ``"console"``: the table as printed. ``spec.study ==
        "generalization"`` runs `rrg_benchmarks.bench_generalization.run_study` instead.
    """
    if spec.study == "generalization":
        from .bench_generalization import run_study
        return run_study(spec, progress, train)
    spec.validate()
    t0 = time.perf_counter()
    variants = ABLATIONS[spec.ablation]
    if train:
        data_dir = prepare_data(spec, progress)  # bad data fails before --out is made
        spec.out.mkdir(parents=True, exist_ok=True)  # --report-only makes no folder
        chains = chains_for(spec)
        pending = [c for c in chains if not all(finished(spec, v, c.seed) for v in c.variants)]
        skipped = len(chains) - len(pending)
        if skipped:
            progress(f"resuming: {skipped} of {len(chains)} chain(s) already finished with this spec")
        run_chains(spec, pending, data_dir, progress)
    else:
        data_dir = Path(spec.data_dir) if spec.data_dir is not None else spec.out / "data"
    results = load_results(spec.out, variants, spec.seeds)
    if not results:
        raise ModelError(f"no finished variant in {spec.out} yet")
    progress("scoring (CE labels, reference rows, significance tests) and writing tables")
    summary = summarize(results)
    first = next(iter(next(iter(results.values())).values()))
    cfg = run_config(spec, "cmm", spec.seeds[0])
    refs = reference_rows(data_dir, first["ids"], first["references"], "meteor" in cfg.metrics,
                          "mimic_cxr" if spec.dataset == "mimic_cxr" else "iu_xray")
    summary.update(summarize({name: {0: row} for name, row in refs.items()}))
    sig = significance(results)
    data_note = spec.design + " design" if spec.dataset == "phantom" else f"images: {spec.images}"
    console, md, csv = render_report(spec, summary, results, sig, len(spec.seeds), variants, data_note)
    payload = {
        "spec": {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(spec).items()},
        "data_dir": str(data_dir),
        "config_cmm": cfg.to_dict(),
        "summary": summary,
        "avg_delta": {v: avg_delta(summary, v) for v in summary if v in VARIANTS},
        "per_seed": {v: {str(s): r["metrics"] for s, r in by.items()} for v, by in results.items()},
        "per_observation_f1": {v: {str(s): r.get("per_observation_f1") for s, r in by.items()}
                               for v, by in results.items()},
        "selected": {v: {str(s): {"epoch": r.get("selected_epoch"), "parent": r.get("parent_selected")}
                         for s, r in by.items()} for v, by in results.items()},
        "reference_rows": {k: v["metrics"] for k, v in refs.items()},
        "train_seconds": {v: {str(s): r.get("train_seconds") for s, r in by.items()} for v, by in results.items()},
        "significance": sig,
        "ordering": ordering(summary),
        "paper": {"table3": paper_tables.TABLE3, "table3_avg_delta": paper_tables.TABLE3_AVG_DELTA,
                  "table4": paper_tables.TABLE4},
        "wall_seconds": round(time.perf_counter() - t0, 1),
    }
    atomic_json(payload, spec.out / "results.json")
    from rrg_model.checkpoint import atomic_write_text
    for name, text in (("table.md", md), ("table.csv", csv)):
        atomic_write_text(spec.out / name, text)
    plot(spec.out, results, summary, variants, len(spec.seeds))
    payload["console"] = console
    return payload

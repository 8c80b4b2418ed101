"""The paper's ablation (Table 3): BASE, +RL, +CMM, +CMM+RL on identical data and seeds.

Per seed there are two chains, one per architecture: BASE's MLE checkpoint feeds +RL and
CMM's feeds +CMM+RL, as the paper starts RL from the MLE model of the same architecture
(2 MLE + 2 RL runs per seed). Chains are independent, so they run as parallel
single-thread processes (one 2-thread torch process is only ~1.45x faster than one
thread here, and busy-waiting OpenMP threads crawl when processes share the cores, so
``OMP_WAIT_POLICY=PASSIVE``). Every finished variant leaves ``result.json``; a rerun
skips it (resume), and an interrupted training stage resumes from its ``last.pt``.

Each variant is scored on the test split once, with the checkpoint its trainer selected
on validation. Clinical efficacy (CE) labels predictions and references with the
project's CheXpert-style labeler: micro precision / recall / F1 over the 14 observations
with "positive" = label 1 (as R2Gen's CE script), plus macro-F1 over the observations
present in the references. +CMM+RL vs BASE is tested with paired approximate
randomization (sacrebleu's paired-ar) on BLEU-4 (through its n-gram statistics) and on
CE-F1 (through per-study tp / fp / fn), pooling the (seed, study) pairs of all seeds.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import multiprocessing as mp
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from rrg_model.errors import ModelError

from . import paper_tables
from .phantom import PhantomSpec, is_complete, render_real_reports, scaled_sizes, write_phantom

log = logging.getLogger(__name__)

#: variant -> (architecture, whether RL follows MLE)
VARIANTS: dict[str, tuple[str, bool]] = {
    "base": ("base", False), "rl": ("base", True), "cmm": ("cmm", False), "cmm_rl": ("cmm", True)}
LABELS = {"base": "BASE", "rl": "+RL", "cmm": "+CMM", "cmm_rl": "+CMM+RL"}
ABLATIONS: dict[str, tuple[str, ...]] = {
    "all": ("base", "rl", "cmm", "cmm_rl"), "base": ("base",), "rl": ("base", "rl"),
    "cmm": ("cmm",), "cmm_rl": ("cmm", "cmm_rl")}
PRESETS = ("smoke", "quick", "paper")
DATASETS = ("phantom", "iu_xray", "mimic_cxr")
#: Table 3's NLG columns -> metric keys of rrg_rewards.score
NLG_COLUMNS = {"BL-1": "Bleu_1", "BL-2": "Bleu_2", "BL-3": "Bleu_3", "BL-4": "Bleu_4", "MTR": "METEOR",
               "RG-L": "ROUGE_L"}
CE_COLUMNS = {"P": "CE_precision", "R": "CE_recall", "F1": "CE_f1"}
CONFIG_DIR = Path(__file__).resolve().parent / "configs"


@dataclass(frozen=True)
class BenchSpec:
    """One `rrg bench` invocation.

    Attributes:
        ablation: all / base / rl / cmm / cmm_rl (which variants, with what they need).
        preset: smoke / quick / paper (model preset + the bench's config in configs/).
        seeds: training seeds (the data set stays the same for every seed).
        dataset: phantom (built in), iu_xray or mimic_cxr (an R2Gen folder).
        data_dir: where the data is (or, for phantom, where it is written; default OUT/data).
        out: output folder (runs/, results.json, table.md, table.csv, plots).
        images: "files" (read the PNGs) or "phantom" (render images from the labeled reports).
        design: phantom design ("default" or "simple").
        reward: RL reward spec (rrg_rewards.rl.make_reward), e.g. "bleu4" or "0.5*bleu4+0.5*ce_f1".
        overrides: extra RunConfig overrides as {"section.key": value}.
        workers: parallel chains (default: CPU count, at most the number of chains).
        data_seed: phantom generation seed.
        meteor: also score METEOR (needs Java); None = when java is on PATH.
    """

    ablation: str = "all"
    preset: str = "quick"
    seeds: tuple[int, ...] = (1,)
    dataset: str = "phantom"
    data_dir: Path | None = None
    out: Path = Path("bench_out")
    images: str = "files"
    design: str = "default"
    reward: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    workers: int | None = None
    data_seed: int = 0
    meteor: bool | None = None

    def validate(self) -> None:
        """Raise ModelError naming the first bad field."""
        if self.ablation not in ABLATIONS:
            raise ModelError(f"unknown ablation {self.ablation!r}; choose from {', '.join(ABLATIONS)}")
        if self.preset not in PRESETS:
            raise ModelError(f"unknown preset {self.preset!r}; choose from {', '.join(PRESETS)}")
        if self.dataset not in DATASETS:
            raise ModelError(f"unknown dataset {self.dataset!r}; choose from {', '.join(DATASETS)}")
        if not self.seeds or len(set(self.seeds)) != len(self.seeds):
            raise ModelError("seeds must be a non-empty list of distinct integers")
        if self.images not in ("files", "phantom"):
            raise ModelError(f"images must be 'files' or 'phantom', got {self.images!r}")
        if self.dataset != "phantom" and self.data_dir is None:
            raise ModelError(f"--dataset {self.dataset} needs --data-dir (a folder with annotation.json)")
        if self.workers is not None and self.workers < 1:
            raise ModelError(f"workers must be >= 1, got {self.workers}")


def bench_config(preset: str) -> dict[str, Any]:
    """The bench's settings for a preset (configs/<preset>.json): phantom spec and RunConfig overrides."""
    path = CONFIG_DIR / f"{preset}.json"
    if not path.is_file():
        raise ModelError(f"no bench config for preset {preset!r} at {path}")
    return json.loads(path.read_text(encoding="utf-8"))


def _set_path(tree: dict[str, Any], dotted: str, value: Any) -> None:
    node = tree
    keys = dotted.split(".")
    for k in keys[:-1]:
        if not isinstance(node.get(k), dict):
            raise ModelError(f"override {dotted!r}: {k!r} is not a config section")
        node = node[k]
    if keys[-1] not in node:
        raise ModelError(f"override {dotted!r}: unknown key {keys[-1]!r}")
    node[keys[-1]] = value


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in tree.items():
        if isinstance(v, dict):
            out.update(_flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def run_config(spec: BenchSpec, arch: str, seed: int) -> "Any":
    """The RunConfig of one chain: preset + bench overrides + user overrides + architecture + seed."""
    from rrg_model.config import RunConfig, for_dataset, preset

    cfg = for_dataset(preset(spec.preset), "mimic_cxr" if spec.dataset == "mimic_cxr" else "iu_xray")
    tree = cfg.to_dict()
    for key, value in _flatten(bench_config(spec.preset).get("overrides", {})).items():
        _set_path(tree, key, value)
    for key, value in spec.overrides.items():
        _set_path(tree, key, value)
    if spec.reward is not None:
        _set_path(tree, "rl.reward", spec.reward)
    _set_path(tree, "model.use_cmm", arch == "cmm")
    _set_path(tree, "seed", int(seed))
    _set_path(tree, "num_threads", 1)
    # METEOR needs a JVM start per scoring call: on by default where Java exists, off for smoke (CI speed)
    meteor = spec.meteor if spec.meteor is not None else (shutil.which("java") is not None and spec.preset != "smoke")
    metrics = [m for m in tree["metrics"] if m != "meteor"] + (["meteor"] if meteor else [])
    tree["metrics"] = metrics
    return RunConfig.from_dict(tree)


# ------------------------------------------------------------------------------------ data

def prepare_data(spec: BenchSpec, progress: Callable[[str], None] = lambda s: None) -> Path:
    """Make sure the data set exists and return its folder.

    phantom: generated (or reused when the same spec is already there). iu_xray /
    mimic_cxr with ``images="phantom"``: the real reports with rendered images, written to
    OUT/data_<dataset>. Otherwise ``data_dir`` is used as it is.
    """
    conf = bench_config(spec.preset).get("phantom", {})
    size = int(conf.get("image_size", 64))
    if spec.dataset == "phantom":
        target = Path(spec.data_dir) if spec.data_dir is not None else spec.out / "data"
        sizes = tuple(conf["sizes"]) if "sizes" in conf else scaled_sizes(float(conf.get("scale", 1.0)))
        pspec = PhantomSpec(seed=spec.data_seed, sizes=sizes, image_size=size, design=spec.design)  # type: ignore[arg-type]
        if not is_complete(target, pspec):
            progress(f"writing phantom data set ({sum(sizes)} studies, {size} px, design {spec.design}) to {target}")
        return write_phantom(target, pspec)
    src = Path(spec.data_dir)  # type: ignore[arg-type]
    if not (src / "annotation.json").is_file():
        raise ModelError(f"no annotation.json in {src}")
    if spec.images == "phantom":
        target = spec.out / f"data_{spec.dataset}"
        progress(f"labeling reports of {src} and rendering phantom images into {target}")
        return render_real_reports(src / "annotation.json", target, seed=spec.data_seed, image_size=size)
    try:
        ann = json.loads((src / "annotation.json").read_text(encoding="utf-8"))
        missing = sum(1 for split in ann.values() if isinstance(split, list) for e in split
                      if not all((src / "images" / rel).is_file() for rel in e.get("image_path", [])))
    except (json.JSONDecodeError, AttributeError, TypeError):
        raise ModelError(f"{src / 'annotation.json'} is not an R2Gen annotation") from None
    if missing:
        raise ModelError(f"{missing} studies in {src} have missing image files; "
                         "use --images phantom to render images from the reports")
    return src


# ------------------------------------------------------------------------------------ chains

@dataclass(frozen=True)
class Chain:
    """One architecture and seed: MLE, then RL when a +RL variant is asked for."""

    arch: str
    seed: int
    variants: tuple[str, ...]  # e.g. ("base", "rl")

    @property
    def name(self) -> str:
        return f"{self.arch}-seed{self.seed}"


def variant_dir(out: Path, variant: str, seed: int) -> Path:
    """OUT/results/<variant>/seed<k>: where a variant's result.json lives (training runs are in OUT/runs)."""
    return out / "results" / variant / f"seed{seed}"


def chains_for(spec: BenchSpec) -> list[Chain]:
    """The chains an ablation needs (an RL variant always brings its MLE parent)."""
    wanted = ABLATIONS[spec.ablation]
    out: list[Chain] = []
    for seed in spec.seeds:
        for arch in ("base", "cmm"):
            vs = tuple(v for v in wanted if VARIANTS[v][0] == arch)
            if vs:
                out.append(Chain(arch, seed, vs))
    return out


def _finished(out: Path, variant: str, seed: int) -> bool:
    return (variant_dir(out, variant, seed) / "result.json").is_file()


def _atomic_json(obj: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(obj, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _status(out: Path, chain: Chain, stage: str) -> None:
    _atomic_json({"stage": stage, "time": time.time()}, out / "status" / f"{chain.name}.json")


def _evaluate_variant(ckpt: Path, data_dir: Path, out: Path, variant: str, seed: int, stage_dir: Path,
                      seconds: float) -> None:
    """Record a variant's test result; reuses the trainer's own once-at-the-end test decode."""
    preds_path, metrics_path = stage_dir / "test_predictions.json", stage_dir / "test_metrics.json"
    if preds_path.is_file() and metrics_path.is_file():
        from rrg_model.checkpoint import load
        from rrg_model.data import load_annotation
        from rrg_model.tokenizer import clean_reports

        _, tok, cfg, _ = load(ckpt)
        preds = json.loads(preds_path.read_text(encoding="utf-8"))
        studies = load_annotation(data_dir, cfg.model.images_per_study)["test"]
        studies = studies[:cfg.data.max_test] if cfg.data.max_test else studies
        ids = [st.id for st in studies]
        refs = clean_reports([st.report for st in studies], tok.clean)
        metrics = json.loads(metrics_path.read_text(encoding="utf-8"))["metrics"]
        predictions = [preds[i] for i in ids]
    else:
        from rrg_model.evaluate import evaluate

        res = evaluate(ckpt, data_dir, split="test", clinical=False)
        ids = list(res["ids"])
        metrics, predictions = res["metrics"], [res["predictions"][i] for i in ids]
        refs = [res["references"][i] for i in ids]
    metrics = {k: v for k, v in metrics.items() if not k.startswith("CE_")}  # CE: ours, below
    result = {
        "variant": variant, "seed": seed, "checkpoint": str(ckpt), "stage_dir": str(stage_dir),
        "metrics": metrics, "ids": ids, "predictions": predictions, "references": refs,
        "train_seconds": round(seconds, 1),
    }
    _atomic_json(result, variant_dir(out, variant, seed) / "result.json")


def run_chain(spec: BenchSpec, chain: Chain, data_dir: Path) -> dict[str, float]:
    """Train and evaluate one chain in this process; returns {variant: seconds}. Skips finished parts."""
    import torch

    from rrg_model import train_mle, train_scst

    torch.set_num_threads(1)
    cfg = run_config(spec, chain.arch, chain.seed)
    out = spec.out
    stage_root = out / "runs" / chain.arch / f"seed{chain.seed}"
    mle_dir, rl_dir = stage_root / "mle", stage_root / "rl"
    mle_variant = "base" if chain.arch == "base" else "cmm"
    rl_variant = "rl" if chain.arch == "base" else "cmm_rl"
    times: dict[str, float] = {}
    mle_best = mle_dir / "best.pt"
    need_rl = rl_variant in chain.variants and not _finished(out, rl_variant, chain.seed)
    need_mle_eval = mle_variant in chain.variants and not _finished(out, mle_variant, chain.seed)
    if (need_rl or need_mle_eval) and not (mle_dir / "test_metrics.json").is_file():
        _status(out, chain, "mle")
        t0 = time.perf_counter()
        mle_best = train_mle.train(cfg, data_dir, mle_dir, resume=(mle_dir / "last.pt").is_file(), progress=False)
        times["mle"] = time.perf_counter() - t0
    if need_mle_eval:
        _status(out, chain, "eval " + mle_variant)
        _evaluate_variant(mle_best, data_dir, out, mle_variant, chain.seed, mle_dir, times.get("mle", 0.0))
    if need_rl:
        _status(out, chain, "rl")
        t0 = time.perf_counter()
        rl_best = train_scst.train(cfg, data_dir, rl_dir, init_checkpoint=mle_best,
                                   resume=(rl_dir / "last.pt").is_file(), progress=False)
        times["rl"] = time.perf_counter() - t0
        _status(out, chain, "eval " + rl_variant)
        _evaluate_variant(rl_best, data_dir, out, rl_variant, chain.seed, rl_dir, times["rl"])
    _status(out, chain, "done")
    return times


def _chain_process(spec: BenchSpec, chain: Chain, data_dir: Path) -> dict[str, float]:
    """Worker entry: single-threaded torch, output into OUT/logs/<chain>.log."""
    log_path = spec.out / "logs" / f"{chain.name}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(log_path, "a", encoding="utf-8")
    os.dup2(fh.fileno(), 1)
    os.dup2(fh.fileno(), 2)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, force=True,
                        format="%(asctime)s %(name)s: %(message)s")
    return run_chain(spec, chain, data_dir)


def _single_thread_env() -> None:
    # inherited by spawned workers before they import torch
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["MKL_NUM_THREADS"] = "1"
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    os.environ["RRG_NUM_THREADS"] = "1"


def run_chains(spec: BenchSpec, chains: Sequence[Chain], data_dir: Path,
               progress: Callable[[str], None] = lambda s: None, poll: float = 15.0) -> None:
    """Run chains as parallel single-thread processes, reporting progress lines."""
    if not chains:
        return
    workers = spec.workers or max(1, min(os.cpu_count() or 1, len(chains)))
    _single_thread_env()
    t0 = time.perf_counter()
    if workers == 1:
        for i, ch in enumerate(chains, 1):
            progress(f"[{i}/{len(chains)}] {ch.name}: {'+'.join(LABELS[v] for v in ch.variants)}")
            run_chain(spec, ch, data_dir)
        return
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures: dict[Future, Chain] = {pool.submit(_chain_process, spec, ch, data_dir): ch for ch in chains}
        progress(f"running {len(chains)} chain(s) on {workers} single-thread worker(s); logs in {spec.out / 'logs'}")
        pending = set(futures)
        done_count = 0
        last: dict[str, str] = {}
        last_print = time.perf_counter()
        while pending:
            finished, pending = wait(pending, timeout=poll, return_when=FIRST_COMPLETED)
            for fut in finished:
                ch = futures[fut]
                exc = fut.exception()
                if exc is not None:
                    for other in pending:
                        other.cancel()
                    raise ModelError(f"chain {ch.name} failed: {exc} (see {spec.out / 'logs' / (ch.name + '.log')})")
                done_count += 1
                progress(f"[{done_count}/{len(chains)}] {ch.name} done  ({_elapsed(t0)})")
            states = [f"{ch.name}: {_chain_state(spec, ch)}" for ch in futures.values()]
            line = " | ".join(states)
            now = time.perf_counter()
            if line != last.get("line") or now - last_print >= 60:
                progress(f"  {_elapsed(t0)}  {line}")
                last["line"], last_print = line, now


def _chain_state(spec: BenchSpec, chain: Chain) -> str:
    """'mle epoch 3/6', 'rl epoch 1/2', 'eval cmm', 'done' or 'queued' for the progress line."""
    st = spec.out / "status" / f"{chain.name}.json"
    if not st.is_file():
        return "queued"
    try:
        stage = json.loads(st.read_text(encoding="utf-8"))["stage"]
    except (json.JSONDecodeError, KeyError, OSError):
        return "?"
    if stage in ("mle", "rl"):
        cfg = run_config(spec, chain.arch, chain.seed)
        total = cfg.train.epochs if stage == "mle" else cfg.rl.epochs
        hist = spec.out / "runs" / chain.arch / f"seed{chain.seed}" / stage / "metrics.jsonl"
        done = len(_read_jsonl(hist))
        return f"{stage} epoch {min(done + 1, total)}/{total}"
    return stage


def _elapsed(t0: float) -> str:
    s = int(time.perf_counter() - t0)
    return f"{s // 60}m{s % 60:02d}s"


# ------------------------------------------------------------------------------------ scoring

def clinical_stats(predictions: Sequence[str], references: Sequence[str]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-study (tp, fp, fn) over the 14 observations, float64 (N, 3), and the positive masks.

    Returns:
        ``(stats, pred_pos, ref_pos)``; the masks are bool (N, 14), positive = label 1.
    """
    from rrg_rewards.labeler import label

    p = np.asarray(label(list(predictions))) == 1
    r = np.asarray(label(list(references))) == 1
    return np.stack([(p & r).sum(1), (p & ~r).sum(1), (~p & r).sum(1)], axis=1).astype(np.float64), p, r


def clinical_scores(predictions: Sequence[str], references: Sequence[str]) -> tuple[dict[str, float], np.ndarray]:
    """CE micro precision / recall / F1 and macro-F1, plus the per-study (tp, fp, fn) statistics."""
    stats, p, r = clinical_stats(predictions, references)
    tp, fp, fn = stats.sum(0)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    per_obs = []
    for j in range(r.shape[1]):
        if r[:, j].any():
            t = float((p[:, j] & r[:, j]).sum())
            per_obs.append(2 * t / (p[:, j].sum() + r[:, j].sum()))
    return {"CE_precision": float(prec), "CE_recall": float(rec), "CE_f1": float(f1),
            "CE_macro_f1": float(np.mean(per_obs)) if per_obs else 0.0}, stats


def _f1_aggregate(sums: np.ndarray, n: int) -> np.ndarray:
    tp, fp, fn = sums[:, 0], sums[:, 1], sums[:, 2]
    denom = 2 * tp + fp + fn
    return np.where(denom > 0, 2 * tp / np.maximum(denom, 1e-12), 0.0)


def bleu_stats_matrix(predictions: Sequence[str], references: Sequence[str]) -> np.ndarray:
    """Per-sample BLEU statistics float64 (N, 10): testlen, reflen, guess 1..4, correct 1..4."""
    from rrg_rewards.scoring import bleu_sample_stats

    return bleu_sample_stats(list(predictions), [[r] for r in references])


def _bleu4_aggregate(sums: np.ndarray, n: int) -> np.ndarray:
    """Corpus BLEU-4 from summed statistics (pycocoevalcap's formula, as `rrg score`'s intervals)."""
    from rrg_rewards.scoring import BleuAggregate

    return BleuAggregate(4)(sums, n)


def significance(results: dict[str, dict[int, dict]], a: str = "base", b: str = "cmm_rl",
                 trials: int = 10000, seed: int = 12345) -> dict[str, Any]:
    """Paired approximate randomization of variant ``b`` vs ``a`` on BLEU-4 and CE-F1.

    Pools (seed, study) pairs over the seeds both variants finished.
    """
    from rrg_rewards.significance import Decomposed, paired_randomization

    seeds = sorted(set(results.get(a, {})) & set(results.get(b, {})))
    if not seeds:
        return {}
    out: dict[str, Any] = {"a": LABELS[a], "b": LABELS[b], "seeds": seeds, "trials": trials, "test": "paired-ar"}
    bleu_a, bleu_b, ce_a, ce_b = [], [], [], []
    for s in seeds:
        ra, rb = results[a][s], results[b][s]
        if ra["ids"] != rb["ids"]:
            raise ModelError(f"seed {s}: {a} and {b} were evaluated on different studies")
        bleu_a.append(bleu_stats_matrix(ra["predictions"], ra["references"]))
        bleu_b.append(bleu_stats_matrix(rb["predictions"], rb["references"]))
        ce_a.append(np.asarray(ra["ce_stats"]))
        ce_b.append(np.asarray(rb["ce_stats"]))
    t = paired_randomization(Decomposed(np.concatenate(bleu_b), _bleu4_aggregate),
                             Decomposed(np.concatenate(bleu_a), _bleu4_aggregate), n_trials=trials, seed=seed)
    out["Bleu_4"] = {"delta": t.delta, "p_value": t.p_value}
    t = paired_randomization(Decomposed(np.concatenate(ce_b), _f1_aggregate),
                             Decomposed(np.concatenate(ce_a), _f1_aggregate), n_trials=trials, seed=seed)
    out["CE_f1"] = {"delta": t.delta, "p_value": t.p_value}
    return out


def load_results(out: Path, variants: Sequence[str], seeds: Sequence[int]) -> dict[str, dict[int, dict]]:
    """{variant: {seed: result}} for the finished variants, with CE added (and cached) per result."""
    res: dict[str, dict[int, dict]] = {}
    for v in variants:
        for s in seeds:
            path = variant_dir(out, v, s) / "result.json"
            if not path.is_file():
                continue
            r = json.loads(path.read_text(encoding="utf-8"))
            if "ce_stats" not in r:
                ce, stats = clinical_scores(r["predictions"], r["references"])
                r["metrics"].update(ce)
                r["ce_stats"] = stats.tolist()
                _atomic_json(r, path)
            res.setdefault(v, {})[s] = r
    return res


def summarize(results: dict[str, dict[int, dict]]) -> dict[str, dict[str, dict[str, float]]]:
    """{variant: {metric: {"mean", "std", "n"}}} over seeds (std with ddof=1; 0 for one seed)."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for v, by_seed in results.items():
        keys = sorted({k for r in by_seed.values() for k in r["metrics"]})
        out[v] = {}
        for k in keys:
            vals = np.array([r["metrics"][k] for r in by_seed.values() if k in r["metrics"]], dtype=np.float64)
            out[v][k] = {"mean": float(vals.mean()), "std": float(vals.std(ddof=1)) if len(vals) > 1 else 0.0,
                         "n": int(len(vals))}
    return out


def avg_delta(summary: dict[str, dict[str, dict[str, float]]], variant: str) -> float | None:
    """Table 3's AVG. delta: mean relative NLG improvement over BASE, in percent."""
    if "base" not in summary or variant == "base" or variant not in summary:
        return None
    rel = []
    for key in NLG_COLUMNS.values():
        if key in summary["base"] and key in summary[variant] and summary["base"][key]["mean"] > 0:
            rel.append(summary[variant][key]["mean"] / summary["base"][key]["mean"] - 1.0)
    return 100.0 * float(np.mean(rel)) if rel else None


# ------------------------------------------------------------------------------------ tables

def _fmt(stat: dict[str, float] | None, seeds: int) -> str:
    if stat is None:
        return "-"
    return f"{stat['mean']:.3f}" + (f" ± {stat['std']:.3f}" if seeds > 1 else "")


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def table_rows(summary: dict, variants: Sequence[str], n_seeds: int) -> list[list[str]]:
    """Our rows in Table 3's layout: model, BL-1..4, MTR, RG-L, AVG. delta, P, R, F1, macro-F1."""
    rows = []
    for v in variants:
        if v not in summary:
            continue
        s = summary[v]
        d = avg_delta(summary, v)
        rows.append([LABELS[v]] + [_fmt(s.get(k), n_seeds) for k in NLG_COLUMNS.values()]
                    + ["-" if d is None else f"{d:+.1f}%"]
                    + [_fmt(s.get(k), n_seeds) for k in (*CE_COLUMNS.values(), "CE_macro_f1")])
    return rows


HEADER = ["MODEL", "BL-1", "BL-2", "BL-3", "BL-4", "MTR", "RG-L", "AVG. Δ", "P", "R", "F1", "macro-F1"]


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


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = lambda r: "  ".join(str(x).ljust(w) if i == 0 else str(x).rjust(w) for i, (x, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([fmt(header), "-" * (sum(widths) + 2 * (len(widths) - 1))] + [fmt(r) for r in rows])


def ordering(summary: dict) -> dict[str, Any]:
    """Whether the paper's claimed orderings hold on BLEU-4 and CE-F1 (means over seeds)."""
    out: dict[str, Any] = {}
    for key in ("Bleu_4", "CE_f1"):
        m = {v: summary[v][key]["mean"] for v in summary if key in summary[v]}
        checks = {}
        for lo, hi in (("base", "rl"), ("base", "cmm"), ("cmm", "cmm_rl"), ("rl", "cmm_rl"), ("base", "cmm_rl")):
            if lo in m and hi in m:
                checks[f"{LABELS[lo]} < {LABELS[hi]}"] = bool(m[lo] < m[hi])
        out[key] = checks
    return out


def render_report(spec: BenchSpec, summary: dict, sig: dict, n_seeds: int, variants: Sequence[str],
                  data_note: str) -> tuple[str, str, str]:
    """(console text, table.md, table.csv) for a bench result."""
    rows = table_rows(summary, variants, n_seeds)
    title = (f"rrg bench: {spec.dataset} ({data_note}), preset {spec.preset}, "
             f"{n_seeds} seed(s){' (mean ± std)' if n_seeds > 1 else ''}, test split")
    sig_lines = []
    for key in ("Bleu_4", "CE_f1"):
        if key in sig:
            sig_lines.append(f"{sig['b']} vs {sig['a']} on {key}: delta {sig[key]['delta']:+.4f}, "
                             f"p = {sig[key]['p_value']:.4f} (paired approximate randomization, "
                             f"{sig['trials']} trials, seeds {sig['seeds']})")
    order = ordering(summary)
    order_lines = [f"{k}: " + ", ".join(f"{c} {'yes' if ok else 'NO'}" for c, ok in v.items())
                   for k, v in order.items() if v]
    console = [title, "", _text_table(HEADER, rows), ""] + sig_lines + ["paper's ordering holds?"] \
        + [f"  {line}" for line in order_lines]
    md = [f"# {title}", "", _md_table(HEADER, rows), ""] + [f"- {s}" for s in sig_lines] \
        + ["", "Paper's ordering (means):", ""] + [f"- {line}" for line in order_lines]
    for name, prow in paper_rows():
        console += ["", name, _text_table(HEADER, prow)]
        md += ["", f"## {name}", "", _md_table(HEADER, prow)]
    csv_lines = ["source," + ",".join(HEADER)]
    csv_lines += [f"ours {spec.dataset}," + ",".join(r) for r in rows]
    for name, prow in paper_rows():
        csv_lines += [f"\"{name}\"," + ",".join(r) for r in prow]
    return "\n".join(console) + "\n", "\n".join(md) + "\n", "\n".join(csv_lines) + "\n"


# ------------------------------------------------------------------------------------ plots

def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def plot(out: Path, results: dict[str, dict[int, dict]], summary: dict, variants: Sequence[str]) -> list[Path]:
    """training_curves.png (val BLEU-4 and train loss per epoch) and metrics.png (bars, ± std)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths: list[Path] = []
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    colors = {"base": "tab:blue", "rl": "tab:cyan", "cmm": "tab:red", "cmm_rl": "tab:orange"}
    for v in variants:
        for seed, r in sorted(results.get(v, {}).items()):
            hist = _read_jsonl(Path(r["stage_dir"]) / "metrics.jsonl")
            if not hist:
                continue
            offset = 0
            if VARIANTS[v][1]:  # RL epochs continue after the parent's MLE epochs
                offset = len(_read_jsonl(Path(r["stage_dir"]).parent / "mle" / "metrics.jsonl"))
            ep = [offset + h.get("epoch", i + 1) for i, h in enumerate(hist)]
            lab = f"{LABELS[v]} s{seed}"
            val = [(e, h["val_Bleu_4"]) for e, h in zip(ep, hist) if "val_Bleu_4" in h]  # eval_every may skip
            if val:
                axes[0].plot(*zip(*val), marker="o", color=colors[v], label=lab)
            # RL rows log the NLL of the batch beside the policy loss; MLE rows' train_loss is the NLL
            nll = [(e, h.get("train_nll", h.get("train_loss"))) for e, h in zip(ep, hist)]
            nll = [(e, y) for e, y in nll if y is not None]
            if nll:
                axes[1].plot(*zip(*nll), marker=".", color=colors[v], label=lab)
    axes[0].set(title="validation BLEU-4", xlabel="epoch (MLE, then RL)")
    axes[1].set(title="training NLL per token", xlabel="epoch (MLE, then RL)")
    for ax in axes:
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7)
    fig.tight_layout()
    p = out / "training_curves.png"
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    keys = [k for k in (*NLG_COLUMNS.values(), "CE_f1", "CE_macro_f1") if any(k in summary.get(v, {}) for v in variants)]
    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(keys)), 4))
    vs = [v for v in variants if v in summary]
    w = 0.8 / max(1, len(vs))
    for i, v in enumerate(vs):
        means = [summary[v].get(k, {}).get("mean", np.nan) for k in keys]
        stds = [summary[v].get(k, {}).get("std", 0.0) for k in keys]
        ax.bar(np.arange(len(keys)) + i * w, means, w, yerr=stds, label=LABELS[v], color=colors[v], capsize=2)
    ax.set_xticks(np.arange(len(keys)) + w * (len(vs) - 1) / 2, keys, rotation=20)
    ax.set(title="test metrics (mean ± std over seeds)")
    if vs:
        ax.legend()
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    p = out / "metrics.png"
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    return paths


# ------------------------------------------------------------------------------------ entry

def run_bench(spec: BenchSpec, progress: Callable[[str], None] = lambda s: None,
              train: bool = True) -> dict[str, Any]:
    """Run (or resume) a bench and write results.json, table.md, table.csv and the plots to ``spec.out``.

    Args:
        spec: what to run.
        progress: receives one line per event (the CLI prints them).
        train: False tabulates only the variants already finished (e.g. while a bench runs).

    Returns:
        The results.json content plus ``"console"``: the table as printed.
    """
    spec.validate()
    run_config(spec, "cmm", spec.seeds[0])  # fail on bad overrides before any data or training
    t0 = time.perf_counter()
    spec.out.mkdir(parents=True, exist_ok=True)
    variants = ABLATIONS[spec.ablation]
    if train:
        data_dir = prepare_data(spec, progress)
        chains = chains_for(spec)
        pending = [c for c in chains if not all(_finished(spec.out, v, c.seed) for v in c.variants)]
        skipped = len(chains) - len(pending)
        if skipped:
            progress(f"resuming: {skipped} of {len(chains)} chain(s) already finished")
        run_chains(spec, pending, data_dir, progress)
    else:
        data_dir = Path(spec.data_dir) if spec.data_dir is not None else spec.out / "data"
    progress("scoring (CE labels, significance test) and writing tables")
    results = load_results(spec.out, variants, spec.seeds)
    if not results:
        raise ModelError(f"no finished variant in {spec.out} yet")
    summary = summarize(results)
    sig = significance(results) if "base" in results and "cmm_rl" in results else {}
    data_note = spec.design + " design" if spec.dataset == "phantom" else f"images: {spec.images}"
    console, md, csv = render_report(spec, summary, sig, len(spec.seeds), variants, data_note)
    cfg = run_config(spec, "cmm", spec.seeds[0])
    payload = {
        "spec": {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(spec).items()},
        "data_dir": str(data_dir),
        "config_cmm": cfg.to_dict(),
        "summary": summary,
        "avg_delta": {v: avg_delta(summary, v) for v in summary},
        "per_seed": {v: {str(s): r["metrics"] for s, r in by.items()} for v, by in results.items()},
        "train_seconds": {v: {str(s): r.get("train_seconds") for s, r in by.items()} for v, by in results.items()},
        "significance": sig,
        "ordering": ordering(summary),
        "paper": {"table3": paper_tables.TABLE3, "table3_avg_delta": paper_tables.TABLE3_AVG_DELTA,
                  "table4": paper_tables.TABLE4},
        "wall_seconds": round(time.perf_counter() - t0, 1),
    }
    _atomic_json(payload, spec.out / "results.json")
    for name, text in (("table.md", md), ("table.csv", csv)):
        tmp = spec.out / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, spec.out / name)
    plot(spec.out, results, summary, variants)
    payload["console"] = console
    return payload

"""`rrg bench --study cxrl`: report-to-image generation before and after RL (CXRL's ablation).

On a one-view phantom (frontal images with ground truth for every finding and the pose):
train the reward models, the reference report model and the generator once
(`rrg_model.synth.pipeline.train_run`), tune four copies with RL (absolute or comparative
feedback, with or without adaptive condition embeddings), then draw one image per held-out
report with the same noise for every generator and tabulate diagnostic F1, pose error,
consistency and the Frechet distance on the classifier's features, with paired
approximate-randomization tests against the generator before RL (`rrg_rewards.significance`).
Writes results.json, table.md and grid.png to --out; a rerun reuses finished stages.
"""
from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from rrg_model.errors import ModelError

from .bench_report import md_table, text_table
from .cxrl_data import write_cxrl_phantom

CONFIG_DIR = Path(__file__).resolve().parent / "configs"
#: variant -> (feedback, adaptive embeddings); "before" is the pre-RL generator
VARIANTS: dict[str, tuple[str, bool]] = {
    "rl_absolute": ("absolute", True), "rl_comparative": ("comparative", True),
    "rl_absolute_no_ace": ("absolute", False), "rl_comparative_no_ace": ("comparative", False)}
LABELS = {"before": "before RL", "rl_absolute": "RL absolute", "rl_comparative": "RL comparative",
          "rl_absolute_no_ace": "RL absolute, no ACE", "rl_comparative_no_ace": "RL comparative, no ACE",
          "real": "real test images (reference)"}
METRICS = ("diagnostic_f1", "pose_error", "consistency", "frechet", "stripes")
HIGHER_BETTER = {"diagnostic_f1": True, "pose_error": False, "consistency": True, "frechet": False,
                 "stripes": False}


@dataclass(frozen=True)
class StudySpec:
    """One `rrg bench --study cxrl` run."""

    preset: str = "quick"
    out: Path = Path("bench_cxrl")
    data_seed: int = 0
    overrides: tuple[str, ...] = ()
    workers: int | None = None  # single-thread worker processes (default: CPU count)

    def config(self) -> dict[str, Any]:
        path = CONFIG_DIR / f"cxrl_{self.preset}.json"
        if not path.is_file():
            raise ModelError(f"no CXRL study config for preset {self.preset!r} ({path})")
        return json.loads(path.read_text(encoding="utf-8"))

    def synth_config(self):
        """The preset's config with the study's and the user's overrides (``--set seed=N`` included)."""
        from rrg_model.synth.config import apply_overrides, preset

        conf = self.config()
        return apply_overrides(preset(conf["synth_preset"]), list(conf.get("overrides", [])) + list(self.overrides))


def prepare_data(spec: StudySpec, say: Callable[[str], None]) -> Path:
    """The one-view, varied-pose phantom of the preset (reused when already written)."""
    conf = spec.config()["phantom"]
    sizes, size = tuple(int(n) for n in conf["sizes"]), int(conf["image_size"])
    say(f"phantom: {sum(sizes)} one-view studies at {size} px in {spec.out / 'data'}")
    return write_cxrl_phantom(spec.out / "data", spec.data_seed, sizes, size)  # type: ignore[arg-type]


def _fingerprint(cfg: Any, data: Path) -> str:
    """What the trained models depend on: the data and the config without its RL part."""
    import hashlib
    spec = json.loads((data / "phantom.json").read_text(encoding="utf-8"))["spec"]
    conf = {k: v for k, v in cfg.to_dict().items() if k != "tune"}
    return hashlib.sha256(json.dumps([conf, spec], sort_keys=True).encode()).hexdigest()[:16]


def _to_stderr(line: str) -> None:
    """A worker's progress lines (its stderr is its log file, `bench_run.in_worker`)."""
    print(line, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class _Job:
    name: str
    fn: Callable[..., Any]
    args: tuple


def run_jobs(spec: StudySpec, jobs: list[tuple[str, Callable[..., Any], tuple]], say: Callable[[str], None]
             ) -> dict[str, Any]:
    """Run independent jobs ``(name, fn, args)`` on single-thread worker processes, in the given
    order (longest first; `bench_run.run_jobs`); returns each job's result by name. One worker
    (``--workers 1`` or a single job) runs them here, one after the other. Logs: OUT/logs/<name>.log."""
    from .bench_run import in_worker, run_jobs as run_in_workers

    return run_in_workers(spec, [_Job(n, fn, args) for n, fn, args in jobs], lambda j: j.fn(*j.args),
                          lambda j: (in_worker, spec, j.name, j.fn, *j.args), None, say, 10.0, "job")


def _reward_and_generator_job(data: Path, run: Path, cfg: Any, threads: int = 1) -> list[dict]:
    """The reward models, then the generator: the longest job (the report model beside it ends
    first), so it takes ``threads`` torch threads (two on two cores) instead of leaving a core idle."""
    import torch

    from rrg_model.synth.pipeline import train_generator_stage, train_reward_models

    torch.set_num_threads(max(1, threads))
    return [train_reward_models(data, run, cfg, _to_stderr), train_generator_stage(data, run, cfg, say=_to_stderr)]


def _report_model_job(data: Path, run: Path, cfg: Any) -> list[dict]:
    from rrg_model.synth.pipeline import train_report_model

    return [train_report_model(data, run, cfg, say=_to_stderr)]


def _train_stage(spec: StudySpec, data: Path, say: Callable[[str], None]) -> Path:
    """Reward models + generator beside the reference report model (two workers), or reuse them."""
    import shutil

    from rrg_model.synth.pipeline import check_new_run, finish_run

    cfg = spec.synth_config()
    run = spec.out / "run"
    want = _fingerprint(cfg, data)
    mark = run / "fingerprint.txt"
    if (run / "run.json").is_file() and mark.is_file() and mark.read_text().strip() == want:
        say(f"reusing the trained models in {run}")
        return run
    shutil.rmtree(run, ignore_errors=True)
    check_new_run(run)
    say("training the reward models and the generator, and the reference report model")
    t0 = time.perf_counter()
    threads = min(spec.workers or os.cpu_count() or 1, 2)
    parts = run_jobs(spec, [("generator", _reward_and_generator_job, (data, run, cfg, threads)),
                            ("report_model", _report_model_job, (data, run, cfg))], say)
    finish_run(data, run, cfg, parts["generator"] + parts["report_model"], time.perf_counter() - t0)
    mark.write_text(want + "\n")
    return run


def _variant_config(cfg: Any, name: str) -> Any:
    from dataclasses import replace

    feedback, adaptive = VARIANTS[name]
    return replace(cfg, tune=replace(cfg.tune, feedback=feedback, adaptive=adaptive))


def _tune_and_evaluate_job(spec: StudySpec, run: Path, data: Path, name: str, key: str | None) -> tuple[Any, Any]:
    """RL-tune one variant (unless ``key`` is None: reuse it), then evaluate it on the test reports."""
    from rrg_model.synth.pipeline import tune_run

    if key is not None:
        vdir = spec.out / "tuned" / name
        tune_run(run, vdir, _variant_config(spec.synth_config(), name), say=_to_stderr, data_dir=data)
        (vdir / "fingerprint.txt").write_text(key + "\n")
    return evaluate_variant(spec.synth_config(), spec.out, run, data, name)


def evaluate_variant(cfg: Any, out: Path, run: Path, data: Path, name: str, split: str = "test"
                     ) -> tuple[Any, np.ndarray]:
    """One image per report of ``split`` (the first ``cfg.eval_max``) from generator ``name`` of the
    study in ``out`` (fixed seeds: paired across generators), scored; returns (evaluation, uint8
    images (N, S, S)). The study reports the test split; RL settings are chosen on ``val``
    (`rrg_benchmarks.cxrl_validation`)."""
    from rrg_model.synth.checkpoint import load_generator
    from rrg_model.synth.data import load_split
    from rrg_model.synth.evaluate import evaluate_generator
    from rrg_model.synth.pipeline import load_run
    from rrg_model.synth.reward_models import as_float_images

    _, rewards = load_run(run)
    reports = load_split(data, split, cfg.generator.image_size).head(cfg.eval_max)
    real_features = rewards.classifier.feature_array(as_float_images(reports.images))
    seeds = [10_007 * cfg.seed + i for i in range(len(reports))]
    path = run / "generator.pt" if name == "before" else out / "tuned" / name / "generator.pt"
    model, tok, _, _ = load_generator(path)
    adaptive = name == "before" or VARIANTS[name][1]
    ev, imgs = evaluate_generator(model, tok, reports.reports, seeds, rewards, real_features, cfg.tune.sample_steps,
                                  cfg.tune.eta, adaptive, cfg.tune.guidance)
    return ev, (imgs[:, 0].numpy() * 255 + 0.5).astype(np.uint8)


def _tune_stage(spec: StudySpec, run: Path, data: Path, say: Callable[[str], None]) -> dict[str, tuple[Any, Any]]:
    """Tune the four variants (reusing those whose settings did not change) and evaluate them and
    the pre-RL generator: five jobs on the workers, comparative ones (the longest) first."""
    cfg = spec.synth_config()
    want = (run / "fingerprint.txt").read_text().strip()
    jobs = []
    order = sorted(VARIANTS, key=lambda n: VARIANTS[n][0] != "comparative")
    for name in order:
        vdir = spec.out / "tuned" / name
        mark = vdir / "fingerprint.txt"
        key = f"{want}:{json.dumps(_variant_config(cfg, name).to_dict()['tune'], sort_keys=True)}"
        if (vdir / "generator.pt").is_file() and mark.is_file() and mark.read_text().strip() == key:
            say(f"reusing {LABELS[name]} in {vdir}")
            jobs.append((name, _tune_and_evaluate_job, (spec, run, data, name, None)))
        else:
            say(f"RL: {LABELS[name]}")
            jobs.append((name, _tune_and_evaluate_job, (spec, run, data, name, key)))
    jobs.append(("before", evaluate_variant, (cfg, spec.out, run, data, "before")))
    got = run_jobs(spec, jobs, say)
    return {name: got[name] for name in ["before", *VARIANTS]}


def _paired(base: Any, other: Any, trials: int, seed: int) -> dict[str, dict[str, float]]:
    """Paired approximate-randomization tests of ``other`` against ``base`` on the per-image metrics."""
    from rrg_rewards.clinical import aggregate_counts
    from rrg_rewards.significance import Decomposed, paired_randomization

    def f1(sums: np.ndarray, n: int) -> np.ndarray:
        return aggregate_counts(sums, "micro", "f1")

    n = len(base.pose_error)
    tests = {
        "diagnostic_f1": (Decomposed(other.counts.reshape(n, -1).astype(np.float64), f1),
                          Decomposed(base.counts.reshape(n, -1).astype(np.float64), f1)),
        "pose_error": (Decomposed.from_mean(other.pose_error), Decomposed.from_mean(base.pose_error)),
        "consistency": (Decomposed.from_mean(other.consistency), Decomposed.from_mean(base.consistency)),
        "stripes": (Decomposed.from_mean(other.stripes), Decomposed.from_mean(base.stripes)),
    }
    out = {}
    for k, (a, b) in tests.items():
        t = paired_randomization(a, b, n_trials=trials, seed=seed)
        out[k] = {"delta": t.delta, "p_value": t.p_value, "trials": t.n_trials}
    return out


def _grid(path: Path, reports: list[str], real: np.ndarray, columns: dict[str, np.ndarray], rows: int) -> None:
    """PNG: per row a held-out report's text, its real image, and each generator's image."""
    import textwrap

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = min(rows, len(reports))
    names = ["real"] + list(columns)
    fig, axes = plt.subplots(rows, len(names) + 1, figsize=(2.0 * len(names) + 3.2, 2.1 * rows),
                             gridspec_kw={"width_ratios": [1.6] + [1] * len(names)}, squeeze=False)
    for r in range(rows):
        ax = axes[r][0]
        ax.axis("off")
        ax.text(0, 0.5, textwrap.fill(reports[r], 40)[:600], fontsize=5.5, va="center", family="monospace")
        for c, name in enumerate(names, start=1):
            img = real[r] if name == "real" else columns[name][r]
            axes[r][c].imshow(img, cmap="gray", vmin=0, vmax=255)
            axes[r][c].set_xticks([])
            axes[r][c].set_yticks([])
            if r == 0:
                axes[r][c].set_title(LABELS.get(name, name), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def run_study(spec: StudySpec, say: Callable[[str], None] = lambda s: None, trials: int = 2000) -> dict[str, Any]:
    """Train, tune, evaluate and tabulate; returns results (also written to --out) with ``console``."""
    import torch

    from rrg_model.checkpoint import atomic_write_text
    from rrg_model.synth.data import load_split
    from rrg_model.synth.evaluate import score_images
    from rrg_model.synth.pipeline import load_run
    from rrg_model.synth.reward_models import as_float_images

    torch.set_num_threads(1)
    t0 = time.perf_counter()
    spec.out.mkdir(parents=True, exist_ok=True)
    data = prepare_data(spec, say)
    t_train = time.perf_counter()
    run = _train_stage(spec, data, say)
    t_tune = time.perf_counter()
    meta, rewards = load_run(run)
    cfg = spec.synth_config()
    test = load_split(data, "test", cfg.generator.image_size).head(cfg.eval_max)
    say(f"RL and evaluation of {1 + len(VARIANTS)} generators on {len(test)} held-out reports")
    got = _tune_stage(spec, run, data, say)
    stage_seconds = {"data": t_train - t0, "train": t_tune - t_train, "rl_and_evaluation": time.perf_counter() - t_tune}
    tuned = {name: spec.out / "tuned" / name / "generator.pt" for name in VARIANTS}
    evals = {name: ev for name, (ev, _) in got.items()}
    images = {name: imgs for name, (_, imgs) in got.items()}
    for name, ev in evals.items():
        say(f"  {LABELS[name]}: " + ", ".join(f"{k} {v:.4f}" for k, v in ev.summary().items()))
    real_features = rewards.classifier.feature_array(as_float_images(test.images))
    # what the reward models make of the real images of the same reports: the attainable values
    # (Frechet is 0 by construction: the same set on both sides)
    evals["real"] = score_images(as_float_images(test.images), test.reports, rewards, real_features)
    sig = {name: _paired(evals["before"], evals[name], trials, 12345) for name in tuned}
    histories = {name: json.loads((p.parent / "history.json").read_text(encoding="utf-8")) for name, p in tuned.items()}
    results = {
        "study": "cxrl", "preset": spec.preset, "seed": cfg.seed, "n_test": len(test),
        "config": cfg.to_dict(), "run": meta,
        "metrics": {name: ev.summary() for name, ev in evals.items()},
        "per_image": {name: {"example_f1": ev.example_f1.tolist(), "pose_error": ev.pose_error.tolist(),
                             "consistency": ev.consistency.tolist(),
                             "stripes": ev.stripes.tolist()} for name, ev in evals.items()},
        "significance_vs_before": sig,
        "rl_history": {name: h["history"] for name, h in histories.items()},
        "rl_seconds": {name: h["seconds"] for name, h in histories.items()},
        "stage_seconds": {k: round(v, 1) for k, v in stage_seconds.items()},
        "wall_seconds": round(time.perf_counter() - t0, 1),
    }
    results["verdict"] = verdict(results)
    _grid(spec.out / "grid.png", test.reports, test.images,
          {k: images[k] for k in ("before", "rl_comparative", "rl_absolute")}, int(spec.config().get("grid_rows", 6)))
    console, md = render(results)
    results["console"] = console
    atomic_write_text(spec.out / "results.json", json.dumps({k: v for k, v in results.items() if k != "console"},
                                                          indent=1) + "\n")
    atomic_write_text(spec.out / "table.md", md)
    return results


def verdict(results: dict[str, Any]) -> dict[str, Any]:
    """Does comparative feedback beat absolute rewards and the pre-RL generator, metric by metric?"""
    m = results["metrics"]
    out: dict[str, Any] = {}
    for other in ("before", "rl_absolute"):
        out[f"comparative_vs_{other}"] = {
            k: (m["rl_comparative"][k] > m[other][k]) == HIGHER_BETTER[k] and m["rl_comparative"][k] != m[other][k]
            for k in METRICS}
    return out


def _cell(name: str, key: str, results: dict[str, Any]) -> str:
    v = results["metrics"][name][key]
    s = f"{v:.4f}" if key != "frechet" else f"{v:.3f}"
    if float(s) == 0.0:
        s = s.lstrip("-")  # no "-0.000" for a rounding-negative zero
    t = results["significance_vs_before"].get(name, {}).get(key)
    if t is not None:
        p = "p<0.001" if t["p_value"] < 0.001 else f"p={t['p_value']:.3f}"
        s += f" ({t['delta']:+.4f}, {p})"
    return s


def render(results: dict[str, Any]) -> tuple[str, str]:
    """(console text, table.md)."""
    header = ["generator", "diag. F1 ↑", "pose error ↓", "consistency ↑", "Frechet ↓", "stripes ↓"]
    rows = [[LABELS[n]] + [_cell(n, k, results) for k in METRICS] for n in results["metrics"]]
    note = (f"CXRL study, preset {results['preset']}, seed {results['seed']}, {results['n_test']} held-out reports "
            f"(one image each, the same noise for every generator). Cells: value (difference to before RL, "
            f"paired approximate-randomization p). Diagnostic F1: micro CE-F1 of the image classifier's findings "
            f"against our labeler's labels of the report; pose error in error units; consistency: the reference "
            f"report model's mean token log-likelihood of the report given the image; Frechet: distance between "
            f"the classifier's features of generated and real test images; stripes: period-2 stripe and "
            f"checkerboard energy (mean absolute difference of neighbouring even/odd rows and columns; the real "
            f"images' own value is the floor).")
    v = results["verdict"]
    lines = [f"comparative beats {o.split('_vs_')[1].replace('rl_absolute', 'absolute').replace('before', 'before RL')}"
             f" on: {', '.join(k for k, b in v[o].items() if b) or 'nothing'}" for o in v]
    console = text_table(header, rows) + "\n\n" + "\n".join(lines) + f"\n\nwall time {results['wall_seconds']:.0f}s\n"
    md = "# CXRL study\n\n" + note + "\n\n" + md_table(header, rows) + "\n\n" + "\n".join(f"- {x}" for x in lines) + \
        "\n\n![grid](grid.png)\n"
    return console, md


def run_from_cli(preset: str, out: Path, seeds: int, data_seed: int, sets: tuple[str, ...],
                 progress: Callable[[str], None], workers: int | None = None) -> str:
    """`rrg bench --study cxrl`: run the study and return the console table."""
    if preset not in ("smoke", "quick"):
        raise ModelError(f"the cxrl study has the smoke and quick presets, not {preset!r}")
    if seeds != 1:
        raise ModelError("the cxrl study runs one seed (--seeds 1); for another seed use --set seed=N "
                         "in its own --out folder")
    spec = StudySpec(preset=preset, out=Path(out), data_seed=data_seed, overrides=tuple(sets), workers=workers)
    spec.synth_config()  # a bad --set fails now, before any training
    result = run_study(spec, progress)
    progress(f"done in {result['wall_seconds']:.0f}s; results in {out}/ (results.json, table.md, grid.png)")
    return result["console"]

"""What a bench run is: variants, presets, `BenchSpec`, the RunConfig of each chain, the data.

The paper's ablation (Table 3): BASE, +RL, +CMM, +CMM+RL on identical data and seeds. Per
seed there are two chains, one per architecture: BASE's MLE checkpoint feeds +RL and CMM's
feeds +CMM+RL, as the paper starts RL from the MLE model of the same architecture.
`rrg_benchmarks.bench_run` trains the chains, `rrg_benchmarks.bench_report` scores and
tabulates them, and `rrg_benchmarks.ablate.run_bench` drives both.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from rrg_model.errors import ModelError

from .phantom import PhantomSpec, is_complete, parse_mix, render_real_reports, scaled_sizes, write_phantom

#: variant -> (architecture, whether RL follows MLE)
VARIANTS: dict[str, tuple[str, bool]] = {
    "base": ("base", False), "rl": ("base", True), "cmm": ("cmm", False), "cmm_rl": ("cmm", True)}
LABELS = {"base": "BASE", "rl": "+RL", "cmm": "+CMM", "cmm_rl": "+CMM+RL"}
ABLATIONS: dict[str, tuple[str, ...]] = {
    "all": ("base", "rl", "cmm", "cmm_rl"), "base": ("base",), "rl": ("base", "rl"),
    "cmm": ("cmm",), "cmm_rl": ("cmm", "cmm_rl")}
PRESETS = ("smoke", "quick", "paper")
STUDIES = ("ablation", "generalization")
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
        baseline: RL advantage baseline (greedy, loo, group, comparative, ema); None = preset's.
        study: "ablation" (the paper's Table 3, the default) or "generalization" (MLE on some
            phantom institutions, SCST with each reward, tested in-domain and on held-out
            institutions: `rrg_benchmarks.bench_generalization`).
        institutions: phantom institution mix for the data (`phantom.parse_mix` forms, e.g.
            "iu,mimic,structured,terse" or "iu:0.5,terse:0.5"); None = one archive (``design``).
            The generalization study builds its own mix from the next two fields.
        train_institutions / heldout_institutions: the study's sites (None = the preset's
            config, ``configs/<preset>.json`` "generalization").
        study_rewards: (name, reward spec) pairs for the study's SCST runs (None = the config's).
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
    baseline: str | None = None
    study: str = "ablation"
    institutions: str | None = None
    train_institutions: tuple[str, ...] | None = None
    heldout_institutions: tuple[str, ...] | None = None
    study_rewards: tuple[tuple[str, str], ...] | None = None

    def validate(self) -> None:
        """Raise ModelError naming the first bad field (then every chain's config and the reward)."""
        if self.study not in STUDIES:
            raise ModelError(f"unknown study {self.study!r}; choose from {', '.join(STUDIES)}")
        if (self.institutions is not None or self.study == "generalization") and self.dataset != "phantom":
            raise ModelError("phantom institutions (--institutions, --study generalization) need --dataset phantom")
        if self.institutions is not None and self.design != "default":
            raise ModelError("--institutions draws from the default design; leave --design at default")
        phantom_mix(self)  # a bad mix or institution name fails here
        if self.study == "generalization":
            from .bench_generalization import validate_study
            validate_study(self)
            return
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
        from rrg_model.runner import check_metrics
        from rrg_model.train_scst import check_reward
        cfgs = [run_config(self, arch, self.seeds[0]) for arch in ("base", "cmm")]
        check_metrics(cfgs[0])  # --set metrics=... / train.val_metric=... fail before the data is written
        if any(VARIANTS[v][1] for v in ABLATIONS[self.ablation]):
            check_reward(cfgs[0].rl)


def bench_config(preset: str) -> dict[str, Any]:
    """The bench's settings for a preset (configs/<preset>.json): phantom spec and RunConfig overrides."""
    path = CONFIG_DIR / f"{preset}.json"
    if not path.is_file():
        raise ModelError(f"no bench config for preset {preset!r} at {path}")
    return json.loads(path.read_text(encoding="utf-8"))


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in tree.items():
        if isinstance(v, dict):
            out.update(_flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def _setting(key: str, value: Any) -> str:
    """``key=value`` text for `rrg_model.config.apply_overrides`, the one override parser."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "none"
    elif isinstance(value, (list, tuple)):
        text = ",".join(str(v) for v in value)
    else:
        text = str(value)
    return f"{key}={text}"


def run_config(spec: BenchSpec, arch: str, seed: int) -> "Any":
    """The RunConfig of one chain: preset + bench overrides + user overrides + architecture + seed.

    Every override goes through `rrg_model.config.apply_overrides` (as ``rrg train --set``).
    """
    from dataclasses import replace

    from rrg_model.config import apply_overrides, for_dataset, preset, with_baseline

    cfg = for_dataset(preset(spec.preset), "mimic_cxr" if spec.dataset == "mimic_cxr" else "iu_xray")
    user = [_setting(k, v) for k, v in spec.overrides.items()]
    items = [_setting(k, v) for k, v in _flatten(bench_config(spec.preset).get("overrides", {})).items()] + user
    if spec.reward is not None:
        items.append(_setting("rl.reward", spec.reward))
    items += [_setting("model.use_cmm", arch == "cmm"), _setting("seed", int(seed)), "num_threads=1"]
    cfg = apply_overrides(cfg, items)
    if spec.baseline is not None:
        cfg = with_baseline(cfg, spec.baseline, user)  # an explicit --set rl.samples wins
    # METEOR needs a JVM start per scoring call: on by default where Java exists, off for smoke (CI speed)
    meteor = spec.meteor if spec.meteor is not None else (shutil.which("java") is not None and spec.preset != "smoke")
    return replace(cfg, metrics=tuple(m for m in cfg.metrics if m != "meteor") + (("meteor",) if meteor else ()))


def fingerprint(spec: BenchSpec, arch: str, seed: int, stage: str) -> str:
    """What a chain stage's result depends on: its RunConfig (MLE: without the RL part), the
    data set and its spec. A rerun whose fingerprint differs retrains instead of reusing."""
    cfg = run_config(spec, arch, seed).to_dict()
    cfg.pop("num_threads", None)
    if stage == "mle":
        cfg.pop("rl", None)
    key = {"config": cfg, "dataset": spec.dataset, "data_dir": str(spec.data_dir or ""),
           "images": spec.images, "design": spec.design, "data_seed": spec.data_seed,
           "preset": spec.preset, "stage": stage}
    mix = phantom_mix(spec)
    if mix:  # only then, so that an archive-only bench keeps its fingerprints
        key["institutions"] = [list(r) for r in mix]
    return hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()[:16]


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
        mix = phantom_mix(spec)
        if mix:
            pspec = PhantomSpec.for_institutions(mix, seed=spec.data_seed, image_size=size)
            what = ", ".join(f"{r[0]} {r[1]}/{r[2]}/{r[3]}" for r in mix)
        else:
            sizes = tuple(conf["sizes"]) if "sizes" in conf else scaled_sizes(float(conf.get("scale", 1.0)))
            pspec = PhantomSpec(seed=spec.data_seed, sizes=sizes, image_size=size, design=spec.design)  # type: ignore[arg-type]
            what = f"design {spec.design}"
        if not is_complete(target, pspec):
            progress(f"writing phantom data set ({sum(pspec.sizes)} studies, {size} px, {what}) to {target}")
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
    from rrg_model.data import load_annotation
    load_annotation(src, 1 if spec.dataset == "mimic_cxr" else 2)  # a malformed file fails here, not in each chain
    return src


def preset_sizes(preset: str) -> tuple[int, int, int]:
    """The phantom split sizes a preset's bench config asks for."""
    conf = bench_config(preset).get("phantom", {})
    return tuple(conf["sizes"]) if "sizes" in conf else scaled_sizes(float(conf.get("scale", 1.0)))  # type: ignore[return-value]


def phantom_mix(spec: BenchSpec) -> tuple[tuple[str, int, int, int], ...]:
    """(institution, n_train, n_val, n_test) rows of the spec's phantom data; () = one archive."""
    if spec.dataset != "phantom":
        return ()
    if spec.study == "generalization":
        from .bench_generalization import study_mix
        return study_mix(spec)
    if spec.institutions is None:
        return ()
    return parse_mix(spec.institutions, preset_sizes(spec.preset))


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

"""How well the pre-RL generator of the CXRL study follows its report, on VALIDATION reports.

    python -m rrg_benchmarks.cxrl_generator --out /tmp/gen [--preset quick] [--set train.steps=1200 ...]
        [--guidance 1,2,3,4] [--sample-steps 10]
    python -m rrg_benchmarks.cxrl_generator --run bench_cxrl/run --out /tmp/gen   # a study's generator

Writes the study's phantom (`cxrl_study.prepare_data`) and its two image reward models
(diagnostic classifier, pose regressor) into --out once, trains one generator per distinct
generator/train config (reused on a rerun), then draws two images per validation report
(fixed seeds, the same for every setting) at each guidance scale w, for the EMA weights
and for the last iterate, and prints: diagnostic F1 (micro CE-F1 of the classifier's
findings against our labeler's labels of the report), pose error, Frechet distance to the
real validation images (classifier features), the period-2 stripe energy (`stripe_energy`;
the real images' value is printed beside) and seconds per training step. Also prints how
far apart the text encoder puts reports with different label sets (mean cosine
similarity of the pooled text states of pairs with the same vs different labels): a
collapsed encoder puts everything at ~1. This chose `tune.guidance`'s default
(docs/synth.md); the test split is not touched. With ``--run`` it scores that run's
generator (its saved, EMA weights) with that run's reward models instead of training.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _reward_models(out: Path, data: Path, cfg):
    """The classifier and pose regressor of the study's preset, trained once into ``out/rewards``."""
    from rrg_model.synth.checkpoint import load_classifier, load_pose, save_reward_model
    from rrg_model.synth.data import load_split
    from rrg_model.synth.reward_models import train_classifier, train_pose

    d = out / "rewards"
    if not (d / "pose.pt").is_file():
        train = load_split(data, "train", cfg.generator.image_size)
        rc = cfg.rewards
        clf, _ = train_classifier(train.images, train.present, rc.width, rc.epochs, rc.batch_size, rc.lr, cfg.seed)
        pose, _ = train_pose(train.images, train.poses, rc.width, rc.epochs, rc.batch_size, rc.lr, cfg.seed)
        d.mkdir(parents=True, exist_ok=True)
        save_reward_model(d / "classifier.pt", clf)
        save_reward_model(d / "pose.pt", pose)
    return load_classifier(d / "classifier.pt"), load_pose(d / "pose.pt")


def _generator(out: Path, data: Path, cfg):
    """(EMA model, last-iterate model, tokenizer, seconds per step) for cfg's generator/train sections."""
    import torch

    from rrg_model.synth.checkpoint import load_generator, save_generator
    from rrg_model.synth.data import load_split
    from rrg_model.synth.train import train_generator

    key = hashlib.sha256(json.dumps([cfg.to_dict()["generator"], cfg.to_dict()["train"], cfg.seed],
                                    sort_keys=True).encode()).hexdigest()[:10]
    d = out / f"gen-{key}"
    if not (d / "meta.json").is_file():
        _say(f"training generator {d.name}: {json.dumps(cfg.to_dict()['generator'])} {json.dumps(cfg.to_dict()['train'])}")
        train = load_split(data, "train", cfg.generator.image_size)
        raw: dict = {}
        t0 = time.perf_counter()
        model, tok, losses = train_generator(train, cfg, progress=True, raw_weights=raw)
        sec = (time.perf_counter() - t0) / max(cfg.train.steps, 1)
        d.mkdir(parents=True, exist_ok=True)
        save_generator(d / "ema.pt", model, tok, cfg)
        model.load_state_dict(raw)
        save_generator(d / "last.pt", model, tok, cfg)
        (d / "meta.json").write_text(json.dumps({"seconds_per_step": sec, "loss_last50": float(np.mean(losses[-50:])),
                                                 "generator": cfg.to_dict()["generator"],
                                                 "train": cfg.to_dict()["train"]}, indent=1))
    meta = json.loads((d / "meta.json").read_text())
    ema, tok, _, _ = load_generator(d / "ema.pt")
    last, _, _, _ = load_generator(d / "last.pt")
    torch.manual_seed(0)
    return ema, last, tok, meta, d


def _tile(path: Path, images: np.ndarray) -> None:
    """A PNG of up to 16 uint8 images (2 rows of 8, 2x nearest upscaling) to look at."""
    from PIL import Image

    n = min(16, len(images))
    s = images.shape[-1]
    canvas = np.zeros((2 * s, 8 * s), np.uint8)
    for i in range(n):
        canvas[(i // 8) * s:(i // 8 + 1) * s, (i % 8) * s:(i % 8 + 1) * s] = images[i]
    Image.fromarray(canvas.repeat(2, 0).repeat(2, 1), mode="L").save(path)


def stripe_energy(images: np.ndarray) -> float:
    """`rrg_model.synth.evaluate.stripe_energy` over a set of float images (N, S, S) in [0, 1]."""
    from rrg_model.synth.evaluate import stripe_energy as per_image

    return float(per_image(images).mean())


def text_separation(model, tok, reports: list[str], labels: np.ndarray) -> tuple[float, float]:
    """Mean cosine similarity of pooled text states: (pairs with the same labels, pairs with different)."""
    import torch

    from rrg_model.synth.generator import tokenize

    tokens, mask = tokenize(tok, reports, model.cfg.max_tokens)
    with torch.no_grad():
        text = model.encode_text(tokens, mask)
    pooled = (text * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
    pooled = torch.nn.functional.normalize(pooled, dim=1)
    cos = (pooled @ pooled.T).numpy()
    same = (labels[:, None, :] == labels[None, :, :]).all(-1)
    off = ~np.eye(len(reports), dtype=bool)
    return float(cos[same & off].mean()), float(cos[~same].mean())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--preset", default="quick", choices=["smoke", "quick"])
    ap.add_argument("--set", dest="sets", action="append", default=[], metavar="SECTION.KEY=VALUE")
    ap.add_argument("--guidance", default="1,2,3,4")
    ap.add_argument("--sample-steps", type=int, default=0, help="DDIM steps (default: tune.sample_steps)")
    ap.add_argument("--per-report", type=int, default=2, help="images per validation report")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--run", type=Path, default=None, help="score this `rrg synth train` run's generator")
    args = ap.parse_args(argv)

    import torch

    from rrg_model.synth.config import apply_overrides
    from rrg_model.synth.data import load_split, report_labels
    from rrg_model.synth.evaluate import image_measures
    from rrg_model.synth.reward_models import as_float_images
    from rrg_model.synth.sample import generate

    from .cxrl_study import StudySpec, prepare_data

    torch.set_num_threads(args.threads)
    args.out.mkdir(parents=True, exist_ok=True)
    weights = {}
    if args.run is not None:
        from rrg_model.synth.checkpoint import load_classifier, load_generator, load_pose
        from rrg_model.synth.pipeline import run_data_dir

        ema, tok, cfg, _ = load_generator(args.run / "generator.pt")
        run_meta = json.loads((args.run / "run.json").read_text(encoding="utf-8"))
        data = run_data_dir(run_meta)
        clf, pose = load_classifier(args.run / "classifier.pt"), load_pose(args.run / "pose.pt")
        meta = {"seconds_per_step": run_meta["seconds"]["generator"] / max(cfg.train.steps, 1),
                "loss_last50": run_meta["losses"]["generator_last50"]}
        cfg = apply_overrides(cfg, args.sets)
        gdir, weights = args.out, {"saved": ema}
    else:
        spec = StudySpec(preset=args.preset, out=args.out)
        cfg = apply_overrides(spec.synth_config(), args.sets)
        data = prepare_data(replace(spec, out=args.out), _say)
        clf, pose = _reward_models(args.out, data, cfg)
        ema, last, tok, meta, gdir = _generator(args.out, data, cfg)
        weights = {"ema": ema, "last": last}
    val = load_split(data, "val", cfg.generator.image_size)
    reports = [r for r in val.reports for _ in range(args.per_report)]
    seeds = [777 + i for i in range(len(reports))]
    labels = report_labels(reports)
    real_feat = clf.feature_array(as_float_images(val.images))
    same, diff = text_separation(ema, tok, val.reports, report_labels(val.reports))
    steps = args.sample_steps or cfg.tune.sample_steps
    print(f"generator {json.dumps(cfg.to_dict()['generator'])}\ntrain {json.dumps(cfg.to_dict()['train'])}")
    print(f"{meta['seconds_per_step']:.3f} s/step, loss (last 50) {meta['loss_last50']:.4f}; text states' cosine: "
          f"same labels {same:.3f}, different labels {diff:.3f}; {len(reports)} images of {len(val)} validation "
          f"reports, {steps} DDIM steps, eta {cfg.tune.eta}")
    real = as_float_images(val.images)
    r_ce, r_pose, _ = image_measures(real, val.reports, report_labels(val.reports), clf, pose, pose.units.numpy(), None)
    r_pose = r_pose.mean()
    print(f"{'weights':<6} {'w':>4} {'diag F1':>8} {'pose err':>9} {'Frechet':>8} {'stripes':>7} {'s':>6}")
    print(f"{'real':<6} {'':>4} {r_ce.f1:8.4f} {r_pose:9.4f} {0.0:8.3f} {stripe_energy(real[:, 0].numpy()):7.3f}")
    for name, model in weights.items():
        for w in [float(x) for x in args.guidance.split(",")]:
            t0 = time.perf_counter()
            imgs = generate(model, tok, reports, seeds, steps, cfg.tune.eta, guidance=w)
            ce, pe, fd = image_measures(imgs, reports, labels, clf, pose, pose.units.numpy(), real_feat)
            pe = pe.mean()
            print(f"{name:<6} {w:4.1f} {ce.f1:8.4f} {pe:9.4f} {fd:8.3f} {stripe_energy(imgs[:, 0].numpy()):7.3f} "
                  f"{time.perf_counter() - t0:6.1f}", flush=True)
            _tile(gdir / f"samples-{name}-w{w:g}.png", (imgs[::args.per_report, 0].numpy() * 255 + 0.5).astype(np.uint8))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

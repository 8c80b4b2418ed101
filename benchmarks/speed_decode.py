"""Decoding speed of the paper-size model on this machine: KV cache vs recomputing prefixes.

Goal (issue 5): greedy decoding of 60 tokens for a batch of 16 at paper size (3+3 layers,
d_model 512, 8 heads, d_ff 512, CMM 2048 x 512 / 8 threads / K 32, 98 patch features =
two 7x7 views) in <= 0.6 s on the 2-core CPU, against ~4.5 s without a cache. The
decode loop is timed apart from the encoding (visual CMM, encoder, cross-attention K/V,
done once per batch), from fixed visual features (the image backbone is excluded: the
paper's ResNet-101 is optional), with EOS suppressed so every row decodes all 60 tokens.
Beam search (beam 3, trigram blocking) is printed for reference.

    python -m rrg_benchmarks.speed_decode [--threads 1] [--repeats 3] [--batch 16] [--tokens 60]
"""
from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace

import torch
import torch.nn as nn

from rrg_model.config import DecodeConfig, ModelConfig
from rrg_model.decode import generate
from rrg_model.model import ReportGenerator


class _Features(nn.Module):
    """Stands in for the backbone: returns precomputed patch features."""

    def __init__(self, feats: torch.Tensor):
        super().__init__()
        self.feats = feats

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.feats[: images.shape[0]]


def build(vocab: int, batch: int, patches: int, use_cmm: bool = True) -> tuple[ReportGenerator, torch.Tensor]:
    """A paper-size model whose visual extractor is replaced by fixed random features."""
    torch.manual_seed(0)
    cfg = replace(ModelConfig(), vocab_size=vocab, use_cmm=use_cmm)
    model = ReportGenerator(cfg).eval()
    model.visual = _Features(torch.randn(batch, patches, cfg.d_model))
    # never emit EOS, so that all rows decode the full length
    with torch.no_grad():
        model.lm_head.bias[0] = -1e4
    return model, torch.zeros(batch, 1, 1, 1, 1)


def timeit(fn, repeats: int) -> float:
    """Best wall time of `repeats` runs after one warm-up."""
    fn()
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0 = torch's default)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--tokens", type=int, default=60)
    ap.add_argument("--vocab", type=int, default=761, help="IU X-Ray vocabulary at threshold 3")
    ap.add_argument("--patches", type=int, default=98)
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    model, images = build(args.vocab, args.batch, args.patches)
    greedy = DecodeConfig(method="greedy", max_len=args.tokens, block_trigrams=False)
    beam = DecodeConfig(method="beam", beam_size=3, max_len=args.tokens, block_trigrams=True)
    with torch.no_grad():
        state = model.start_decode(images)
        encode = timeit(lambda: model.start_decode(images), args.repeats)
    a = generate(model, None, greedy, use_cache=True, state=state)
    b = generate(model, None, greedy, use_cache=False, state=state)
    same = torch.equal(a, b)
    cached = timeit(lambda: generate(model, None, greedy, use_cache=True, state=state), args.repeats)
    uncached = timeit(lambda: generate(model, None, greedy, use_cache=False, state=state),
                      max(1, args.repeats - 2))
    beam_t = timeit(lambda: generate(model, None, beam, use_cache=True, state=state),
                    max(1, args.repeats - 2))
    print(f"device: cpu, torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"paper-size model, batch {args.batch}, {args.tokens} tokens, {args.patches} patches, "
          f"vocab {args.vocab}")
    print(f"encode (CMM + encoder + cross K/V, once per decode): {encode:7.3f} s")
    print(f"greedy decode loop with KV cache : {cached:7.3f} s   (goal <= 0.6 s)")
    print(f"greedy decode loop without cache : {uncached:7.3f} s   (cache speed-up x{uncached / cached:.1f}); "
          f"identical tokens: {same}")
    print(f"beam 3 + trigram blocking, cached: {beam_t:7.3f} s")


if __name__ == "__main__":
    main()

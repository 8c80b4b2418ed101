"""Benchmark scripts and the ablation harness (installed as `rrg_benchmarks`)."""

"""Ablation configs for `rrg bench` (JSON files next to this module, loaded by rrg_benchmarks.ablate)."""

"""The `rrg` command line (installed as the `rrg_cli` package)."""

"""Reproducibility signatures in sacrebleu's style: ``key:value|key:value``.

A signature names everything that changes a number (metric, number of
references, text handling, CIDEr document frequencies, package versions), so a
published score can be recomputed exactly.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import metadata


@lru_cache(maxsize=1)
def package_version() -> str:
    """rrg's own version (the installed distribution's, else the source tree's)."""
    try:
        return metadata.version("rrg-toolkit")
    except metadata.PackageNotFoundError:  # running from a source tree
        from . import __version__
        return __version__


#: the pycocoevalcap release whose numbers the metrics reproduce (tested live against it)
REFERENCE_VERSION = "1.2"


def reference_version() -> str | None:
    """The installed pycocoevalcap's version, or None when it is not installed."""
    try:
        return metadata.version("pycocoevalcap")
    except metadata.PackageNotFoundError:
        return None


def reference_field() -> str:
    """The signature's reference: ``pycocoevalcap 1.2`` when that is what is installed,
    else the truth about the installation, e.g. ``pycocoevalcap 1.2 (not installed)``."""
    installed = reference_version()
    if installed == REFERENCE_VERSION:
        return f"pycocoevalcap {REFERENCE_VERSION}"
    state = "not installed" if installed is None else f"installed: {installed}"
    return f"pycocoevalcap {REFERENCE_VERSION} ({state})"


def format_signature(name: str, fields: dict[str, object]) -> str:
    """``Bleu_4|nrefs:1|tok:none|version:0.1.0``: name first, then fields in the given order."""
    parts = [name] + [f"{k}:{v}" for k, v in fields.items()]
    return "|".join(parts)


def nrefs_field(ref_counts: list[int]) -> str:
    """``1`` when every sample has one reference, ``var`` when counts differ, else the count."""
    distinct = set(ref_counts)
    return str(next(iter(distinct))) if len(distinct) == 1 else "var"

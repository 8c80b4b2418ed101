"""Built-in phantom chest X-ray data set: findings sampler, report grammar, image renderer, writer.

Deterministic from a seed; written in the R2Gen layout so the model's real loaders read it::

    from rrg_benchmarks.phantom import PhantomSpec, write_phantom
    write_phantom("data/phantom", PhantomSpec(seed=0))           # 2069 / 296 / 590 studies, 64 px
"""
from __future__ import annotations

from .acquisition import Acquisition
from .findings import OBSERVATIONS, Finding, PhantomDesign, get_design, sample_findings
from .grammar import write_report
from .institutions import INSTITUTIONS, Institution, get_institution, parse_mix
from .render import render_study, render_views
from .styles import STYLES, write_styled_report
from .writer import (IU_XRAY_SIZES, PhantomSpec, Study, generate_study, is_complete, load_labels, make_study,
                     render_real_reports, scaled_sizes, write_phantom)

__all__ = [
    "Acquisition", "OBSERVATIONS", "Finding", "PhantomDesign", "get_design", "sample_findings", "write_report",
    "render_study", "render_views", "IU_XRAY_SIZES", "PhantomSpec", "Study", "generate_study", "make_study",
    "is_complete", "load_labels", "render_real_reports", "scaled_sizes", "write_phantom",
    "INSTITUTIONS", "Institution", "get_institution", "parse_mix", "STYLES", "write_styled_report",
]

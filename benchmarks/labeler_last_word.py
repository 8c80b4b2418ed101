"""Would a "last word" step label revised reports better? A design check, not a feature.

The labeler, like the CheXpert labeler, merges a report's mentions of one observation by rank
(positive > uncertain > negative), whatever their order: "WET READ: ?PTX ... FINAL REPORT: No
pneumothorax." is Pneumothorax uncertain. Round qb's reports label the other way: a finding an addendum,
a correction or the final read retracts is gone. This script tries that reading on the hand-labeled
idiom set: each report is cut where a revision starts (an ADDENDUM or CORRECTION header, a FINAL REPORT
line, "Final (attending)"), each part is labeled alone, and per observation the last part that mentions
it wins (No Finding: blank beside any positive or uncertain pathology, else 1 when a later part says
so). It prints every report whose labels change and the cells gained and lost against the hand labels.

Usage:
    python -m rrg_benchmarks.labeler_last_word
"""
from __future__ import annotations

import json
import re
import sys
from typing import Sequence

import numpy as np

from rrg_rewards.labeler import NOT_MENTIONED, OBSERVATIONS, POSITIVE, UNCERTAIN, label

from .labeler_fidelity import MIMIC_IDIOM

# where a revision of the report starts
REVISION_RE = re.compile(r"(?=\b(?:ADDENDUM|Addendum|CORRECTION|Correction)\s*:)|(?=^\s*FINAL REPORT)"
                         r"|(?=\bFinal \(attending\))", re.MULTILINE)


def revisions(report: str) -> list[str]:
    """`report` cut where each revision starts (a leading FINAL REPORT line opens no revision)."""
    return [p for p in REVISION_RE.split(report) if p.strip()]


def last_word(report: str) -> np.ndarray:
    """int8 (14,) labels of `report` with the last revision's word winning per observation."""
    parts = revisions(report)
    labels = label(parts)
    out = labels[0].copy()
    for later in labels[1:]:
        said = later[1:] != NOT_MENTIONED
        out[1:][said] = later[1:][said]
    if np.isin(out[1:13], (POSITIVE, UNCERTAIN)).any():
        out[0] = NOT_MENTIONED
    elif (labels[1:, 0] == POSITIVE).any():
        out[0] = POSITIVE
    return out


def main(argv: Sequence[str] | None = None) -> int:
    del argv
    if not MIMIC_IDIOM.exists():
        print(f"rrg: error: {MIMIC_IDIOM}: not found", file=sys.stderr)
        return 2
    records = [json.loads(line) for line in MIMIC_IDIOM.read_text(encoding="utf-8").splitlines() if line.strip()]
    revised = [r for r in records if len(revisions(r["report"])) > 1]
    before = label([r["report"] for r in revised])
    gained = lost = changed = 0
    for rec, old in zip(revised, before):
        new, gold = last_word(rec["report"]), np.array(rec["labels"], dtype=np.int8)
        if (new == old).all():
            continue
        changed += 1
        delta = int((new == gold).sum()) - int((old == gold).sum())
        gained, lost = gained + max(delta, 0), lost + max(-delta, 0)
        cells = ", ".join(f"{OBSERVATIONS[j]} gold {gold[j]} now {old[j]} last-word {new[j]}"
                          for j in np.flatnonzero(new != old))
        print(f"{rec['id']:>6} {delta:+d}  {cells}")
    print(f"{len(revised)} of {len(records)} reports hold a revision; the last-word reading changes {changed}: "
          f"{gained} cells gained, {lost} lost against the hand labels")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

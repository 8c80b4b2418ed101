"""Stage 4: combine the values of all mentions of a report into one label per observation.

Positive beats uncertain beats negative; an observation never mentioned stays NOT_MENTIONED.
No Finding is POSITIVE only when no observation other than Support Devices is positive or
uncertain (the CheXpert definition) and no other abnormality (emphysema, granulomas, scoliosis,
hiatal hernia, ... listed under ``_other`` in ``phrases/observations.json``) is described;
otherwise NOT_MENTIONED.
"""
from __future__ import annotations

import numpy as np

from .classify import NEGATIVE, POSITIVE, UNCERTAIN
from .extract import OBSERVATIONS, OTHER_COLUMN

#: int8 value of an observation the report does not mention (blank in the Stanford CSV).
NOT_MENTIONED = -2

#: rank of each value when combining mentions: higher wins
RANK = {NOT_MENTIONED: 0, NEGATIVE: 1, UNCERTAIN: 2, POSITIVE: 3}
VALUE_OF_RANK = np.array([NOT_MENTIONED, NEGATIVE, UNCERTAIN, POSITIVE], dtype=np.int8)

NO_FINDING = OBSERVATIONS.index("No Finding")
SUPPORT_DEVICES = OBSERVATIONS.index("Support Devices")
#: columns whose positive or uncertain value rules out No Finding
PATHOLOGIES = tuple(i for i in range(len(OBSERVATIONS)) if i not in (NO_FINDING, SUPPORT_DEVICES))
_BLOCK_NO_FINDING = PATHOLOGIES + (OTHER_COLUMN,)
#: PATHOLOGIES as a slice (they are the contiguous columns between No Finding and Support Devices)
PATHOLOGY_SLICE = slice(PATHOLOGIES[0], PATHOLOGIES[-1] + 1)
if tuple(range(len(OBSERVATIONS))[PATHOLOGY_SLICE]) != PATHOLOGIES:  # pragma: no cover
    raise ImportError("observation order changed: pathologies are no longer contiguous")


_ROWS: dict[tuple[int, ...], np.ndarray] = {}


def aggregate_ranks(ranks: list[int]) -> np.ndarray:
    """Per-column best ranks (len 15: the 14 + other findings) -> int8 labels (14,), No Finding set.

    Returns a shared read-only array (few distinct rank vectors occur; they are cached).
    """
    key = tuple(ranks)
    hit = _ROWS.get(key)
    if hit is not None:
        return hit
    row = VALUE_OF_RANK[ranks[:OTHER_COLUMN]]
    if all(ranks[i] < RANK[UNCERTAIN] for i in _BLOCK_NO_FINDING):
        row[NO_FINDING] = POSITIVE
    else:
        row[NO_FINDING] = NOT_MENTIONED
    row.flags.writeable = False
    if len(_ROWS) < 100_000:
        _ROWS[key] = row
    return row

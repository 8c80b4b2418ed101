"""Stage 4: combine the values of all mentions of a report into one label per observation.

Positive beats uncertain beats negative; an observation never mentioned stays NOT_MENTIONED.
No Finding is POSITIVE when no observation other than Support Devices is positive or
uncertain, otherwise NOT_MENTIONED (the CheXpert definition).
"""
from __future__ import annotations

import numpy as np

from .classify import NEGATIVE, POSITIVE, UNCERTAIN
from .extract import OBSERVATIONS

#: int8 value of an observation the report does not mention (blank in the Stanford CSV).
NOT_MENTIONED = -2

#: rank of each value when combining mentions: higher wins
RANK = {NOT_MENTIONED: 0, NEGATIVE: 1, UNCERTAIN: 2, POSITIVE: 3}
VALUE_OF_RANK = np.array([NOT_MENTIONED, NEGATIVE, UNCERTAIN, POSITIVE], dtype=np.int8)

NO_FINDING = OBSERVATIONS.index("No Finding")
SUPPORT_DEVICES = OBSERVATIONS.index("Support Devices")
#: columns whose positive or uncertain value rules out No Finding
PATHOLOGIES = tuple(i for i in range(len(OBSERVATIONS)) if i not in (NO_FINDING, SUPPORT_DEVICES))


def aggregate_ranks(ranks: list[int]) -> np.ndarray:
    """Per-observation best ranks (len 14) -> int8 labels (14,), with No Finding filled in."""
    row = VALUE_OF_RANK[ranks]
    if all(ranks[i] < RANK[UNCERTAIN] for i in PATHOLOGIES):
        row[NO_FINDING] = POSITIVE
    else:
        row[NO_FINDING] = NOT_MENTIONED
    return row

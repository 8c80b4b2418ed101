"""Report-like (prediction, references) pairs that exercise every tokenization and scoring quirk.

`generate_pairs(n, seed)` mixes ordinary chest X-ray sentences with the edge cases the
metrics must get exactly right: empty and one-word candidates, 1-4 references, repeated
n-grams, long reports (over 64 tokens, the vectorized LCS word size), double spaces,
leading/trailing spaces, tabs and newlines (which BLEU/CIDEr split on but ROUGE-L does
not), and exact copies of a reference. Other tests may import it by path.
"""
from __future__ import annotations

import random

SENTENCES = [
    "the heart size is normal .",
    "the lungs are clear .",
    "no pleural effusion or pneumothorax .",
    "there is no focal airspace consolidation .",
    "mediastinal contours are within normal limits .",
    "mild cardiomegaly is again noted .",
    "degenerative changes of the thoracic spine .",
    "calcified granuloma in the right upper lobe .",
    "left lower lobe atelectasis versus scarring .",
    "no acute cardiopulmonary abnormality .",
    "stable appearance of the chest .",
    "the cardiomediastinal silhouette is within normal limits .",
    "bony structures are intact .",
    "there is a small left pleural effusion .",
    "no pneumothorax is seen .",
]
WORDS = sorted({w for s in SENTENCES for w in s.split()})


def _report(rng: random.Random, lo: int = 1, hi: int = 4) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(lo, hi)))


def _odd_text(rng: random.Random) -> str:
    """A candidate or reference from the edge cases."""
    kind = rng.randrange(9)
    if kind == 0:
        return ""
    if kind == 1:
        return rng.choice(WORDS)
    if kind == 2:  # repeated n-grams
        unit = " ".join(rng.choices(WORDS, k=rng.randint(1, 3)))
        return " ".join([unit] * rng.randint(2, 6))
    if kind == 3:  # long: more than 64 tokens
        return _report(rng, 10, 16)
    if kind == 4:  # double spaces
        return _report(rng).replace(" ", "  ", rng.randint(1, 3))
    if kind == 5:  # tabs and newlines between words
        text = _report(rng)
        for sep in ("\t", "\n", " \n "):
            text = text.replace(" ", sep, 1)
        return text
    if kind == 6:  # leading/trailing whitespace
        return rng.choice([" ", "  ", "\t"]) + _report(rng) + rng.choice(["", " ", "\n"])
    if kind == 7:  # a few words
        return " ".join(rng.choices(WORDS, k=rng.randint(2, 4)))
    return " ".join(rng.choices(WORDS, k=rng.randint(5, 40)))


def generate_pairs(n: int, seed: int = 0) -> tuple[list[str], list[list[str]]]:
    """`n` report-like pairs: ``(predictions, references)`` with 1-4 references each.

    Deterministic for a given seed. About a quarter of the texts are edge cases.
    """
    rng = random.Random(seed)
    predictions: list[str] = []
    references: list[list[str]] = []
    for _ in range(n):
        refs = [_odd_text(rng) if rng.random() < 0.2 else _report(rng)
                for _ in range(rng.choice([1, 1, 1, 2, 3, 4]))]
        r = rng.random()
        if r < 0.1:
            pred = rng.choice(refs)  # an exact copy of a reference
        elif r < 0.35:
            pred = _odd_text(rng)
        else:
            pred = _report(rng)
        predictions.append(pred)
        references.append(refs)
    return predictions, references

"""NLG metrics equal to pycocoevalcap 1.2 (BLEU-1..4, METEOR, ROUGE-L, CIDEr-D), and Google rouge-score's ROUGE (`google_rouge`)."""
from .base import Metric, Score

__all__ = ["Metric", "Score"]

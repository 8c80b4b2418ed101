"""The R2GenRL reference model: visual extractor, cross-modal memory, Transformer, MLE and SCST trainers."""

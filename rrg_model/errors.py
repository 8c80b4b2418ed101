"""The one exception of rrg_model: bad configuration, data or checkpoint."""


class ModelError(ValueError):
    """Invalid model configuration, data layout or checkpoint."""

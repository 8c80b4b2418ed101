"""The one exception of rrg_rewards: bad input raises it, the CLI turns it into exit code 2."""


class RewardsError(ValueError):
    """Invalid input or configuration for a metric, the labeler or a reward.

    Subclasses ValueError so callers that already catch ValueError keep working.
    """

"""Training of the claim-strength classifier: ``python -m healthscore.training``.

Kept out of the scoring path: nothing here is imported when healthscore scores an article.
"""
from __future__ import annotations

from .train import SEED, TrainConfig, train

__all__ = ["SEED", "TrainConfig", "train"]

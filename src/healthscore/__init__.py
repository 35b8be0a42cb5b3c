"""healthscore: score consumer health articles for readability, claim hedging, citation
density and risk balance.

>>> import healthscore
>>> report = healthscore.score(open("article.md").read())      # doctest: +SKIP
>>> report.overall, report.dimensions["hedging"].score          # doctest: +SKIP
"""
from ._version import __version__
from .api import score, score_file, score_many
from .config import Config
from .errors import ConfigError, HealthscoreError, InputError
from .report import DimensionScore, Finding, Report

__all__ = [
    "Config",
    "ConfigError",
    "DimensionScore",
    "Finding",
    "HealthscoreError",
    "InputError",
    "Report",
    "__version__",
    "score",
    "score_file",
    "score_many",
]

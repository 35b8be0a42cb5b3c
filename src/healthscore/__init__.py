"""healthscore: score consumer health articles for readability, claim hedging, citation
density and risk balance.

>>> import healthscore
>>> report = healthscore.score(open("article.md").read())      # doctest: +SKIP
>>> report.overall, report.dimensions["hedging"].score          # doctest: +SKIP

The names below are imported on first use, so ``healthscore --version`` or ``healthscore
rules`` never pay for the Markdown parser or scikit-learn.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .api import score, score_file, score_many
    from .config import Config
    from .errors import ConfigError, HealthscoreError, InputError
    from .report import DimensionScore, Finding, Report

_LAZY = {
    "score": "api",
    "score_file": "api",
    "score_many": "api",
    "Config": "config",
    "ConfigError": "errors",
    "HealthscoreError": "errors",
    "InputError": "errors",
    "DimensionScore": "report",
    "Finding": "report",
    "Report": "report",
}

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'healthscore' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

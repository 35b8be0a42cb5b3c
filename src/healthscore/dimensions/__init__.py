"""The dimensions, and the one contract they share.

A dimension is a module ``healthscore.dimensions.<name>`` that defines

* ``Options``: a frozen dataclass of its settings, with defaults (``[tool.healthscore.<name>]``);
* ``score(analysis: Analysis, options: Options) -> DimensionScore``: a pure function of the
  document's shared analysis.

Adding a dimension is one module and one entry in :data:`DIMENSIONS`. A dimension whose module
is not present reports ``not_implemented``, never a made-up number.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from ..analysis import Analysis
from ..report import DimensionScore

#: Dimension names, in report order.
DIMENSIONS = ("readability", "hedging", "citations", "risk_balance")
TITLES = {
    "readability": "Readability",
    "hedging": "Claim hedging",
    "citations": "Citation density",
    "risk_balance": "Risk balance",
}


@dataclass(frozen=True)
class NoOptions:
    """Options of a dimension that is not implemented: none."""


@cache
def _module(name: str) -> ModuleType | None:
    if name not in DIMENSIONS:
        raise KeyError(f"unknown dimension {name!r}; use one of {', '.join(DIMENSIONS)}")
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise
        return None


def options_type(name: str) -> type:
    """The ``Options`` dataclass of dimension *name*."""
    module = _module(name)
    return getattr(module, "Options", NoOptions) if module else NoOptions


def is_implemented(name: str) -> bool:
    return _module(name) is not None


def run(name: str, analysis: Analysis, options: Any) -> DimensionScore:
    """Score one dimension."""
    module = _module(name)
    if module is None:
        return DimensionScore(
            name, "not_implemented", summary=f"{TITLES[name]} is not implemented in this version."
        )
    result: DimensionScore = module.score(analysis, options)
    return result

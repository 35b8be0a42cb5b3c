"""Configuration: one immutable :class:`Config`, validated on construction.

Keys mirror ``[tool.healthscore]`` in ``pyproject.toml`` (or ``.healthscore.toml``). Each
dimension declares its own options as a dataclass (``Options`` in its module), so adding a
dimension never touches this file; ``[tool.healthscore.readability]`` and friends are validated
against those dataclasses. Unknown keys and bad values raise :class:`ConfigError` naming the key.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError
from .rules import SEVERITIES

#: What an article says about its evidence and its harms counts twice as much as how it is
#: worded: DISCERN, the JAMA benchmarks and HealthNewsReview.org judge sources and balance, not
#: reading ease, and on HealthNewsReview.org's expert star ratings the weighted mean agrees
#: better (Spearman 0.42 against 0.37 for equal weights; weights chosen inside 5 folds give
#: 0.42 out of fold: docs/VALIDATION.md). Equal weights made a promotional blog that reads
#: easily outscore a hedged article with a section on risks.
DEFAULT_WEIGHTS = {"readability": 1.0, "hedging": 1.0, "citations": 2.0, "risk_balance": 2.0}


@dataclass(frozen=True)
class Config:
    """Settings for scoring (and, in ``healthscore check``, for discovery and thresholds).

    Parameters
    ----------
    select, ignore:
        Rule code prefixes to report or to hide (``"HS2"``, ``"HS201"``, ``"ALL"``).
    severity:
        Overrides of rule severities, ``{"HS101": "error"}``.
    per_file_ignores:
        Glob -> code prefixes to hide in matching files.
    weights:
        Weight of each dimension in the overall score (relative; default readability 1,
        hedging 1, citations 2, risk_balance 2: see :data:`DEFAULT_WEIGHTS`).
    min_score, min_scores:
        Thresholds below which ``healthscore check`` fails (overall, and per dimension).
    include, exclude:
        Globs for file discovery in ``healthscore check``.
    max_file_bytes:
        Larger files are refused with HS004.
    dimensions:
        Per-dimension options, ``{"readability": {"target_grade": 6}}``.
    """

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    min_score: float | None = None
    min_scores: Mapping[str, float] = field(default_factory=dict)
    include: tuple[str, ...] = ("**/*.md", "**/*.markdown", "**/*.html", "**/*.htm", "**/*.txt")
    exclude: tuple[str, ...] = ()
    max_file_bytes: int = 5_000_000
    dimensions: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from .dimensions import DIMENSIONS, options_type

        for code, level in self.severity.items():
            if level not in SEVERITIES:
                raise ConfigError(
                    f"severity.{code}: {level!r} is not one of {', '.join(SEVERITIES)}"
                )
        for name, weight in self.weights.items():
            if name not in DIMENSIONS:
                raise ConfigError(
                    f"weights.{name}: unknown dimension; use one of {', '.join(DIMENSIONS)}"
                )
            if not isinstance(weight, (int, float)) or weight < 0:
                raise ConfigError(f"weights.{name}: must be a number >= 0, got {weight!r}")
        for key, value in [("min_score", self.min_score), *self.min_scores.items()]:
            if value is not None and (not isinstance(value, (int, float)) or not 0 <= value <= 100):
                raise ConfigError(f"{key}: must be a number from 0 to 100, got {value!r}")
        for name in self.min_scores:
            if name not in DIMENSIONS:
                raise ConfigError(f"min_scores.{name}: unknown dimension")
        if not isinstance(self.max_file_bytes, int) or self.max_file_bytes <= 0:
            raise ConfigError(
                f"max_file_bytes: must be a positive integer, got {self.max_file_bytes!r}"
            )
        for name in self.dimensions:
            if name not in DIMENSIONS:
                raise ConfigError(
                    f"{name}: unknown dimension section; use one of {', '.join(DIMENSIONS)}"
                )
        # Built (and so validated) once here; scoring reads them for every article.
        options = {
            name: _build_options(name, options_type(name), self.dimensions.get(name, {}))
            for name in DIMENSIONS
        }
        object.__setattr__(self, "_options", options)

    def options_for(self, dimension: str) -> Any:
        """The options dataclass instance of *dimension* (defaults filled in)."""
        return self._options[dimension]  # type: ignore[attr-defined]

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Config:
        """Build from a ``[tool.healthscore]`` table; nested tables are dimension options."""
        from .dimensions import DIMENSIONS

        known = {f.name for f in dataclasses.fields(cls)} - {"dimensions"}
        kwargs: dict[str, Any] = {}
        dimension_options: dict[str, Any] = dict(data.get("dimensions", {}))
        for key, value in data.items():
            normal = key.replace("-", "_")
            if normal == "dimensions":
                continue
            if normal in DIMENSIONS and isinstance(value, Mapping):
                dimension_options[normal] = {k.replace("-", "_"): v for k, v in value.items()}
            elif normal in known:
                kwargs[normal] = _coerce(normal, value)
            else:
                raise ConfigError(f"unknown configuration key {key!r}")
        return cls(**kwargs, dimensions=dimension_options)


def _coerce(key: str, value: Any) -> Any:
    if key in ("select", "ignore", "include", "exclude"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{key}: must be a list of strings, got {value!r}")
        return tuple(value)
    if key == "per_file_ignores":
        if not isinstance(value, Mapping):
            raise ConfigError(f"{key}: must be a table of glob = [codes]")
        return {
            glob: tuple([codes] if isinstance(codes, str) else codes)
            for glob, codes in value.items()
        }
    if key in ("severity", "weights", "min_scores") and not isinstance(value, Mapping):
        raise ConfigError(f"{key}: must be a table")
    return value


def _build_options(name: str, options_cls: type, values: Mapping[str, Any]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(options_cls)}
    clean: dict[str, Any] = {}
    for key, value in values.items():
        normal = key.replace("-", "_")
        if normal not in fields:
            raise ConfigError(f"{name}.{key}: unknown option; known: {', '.join(sorted(fields))}")
        clean[normal] = value
    try:
        return options_cls(**clean)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{name}: {error}") from error

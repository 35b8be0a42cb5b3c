"""Every rule healthscore reports: a stable code, a kebab-case name and one explanation.

Codes follow ruff's habit: a family prefix that never changes meaning.

======  ==================================
HS0xx   input and parsing problems
HS1xx   readability
HS2xx   claim hedging
HS3xx   citations
HS4xx   risk balance
======  ==================================

Each family lives in its own module (``rules/readability.py`` …) as a ``RULES`` tuple, so a
dimension and its rules are edited together. ``healthscore rules`` and ``healthscore explain``
print from this registry, and the docs page is generated from it, so they never drift.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}

#: Modules holding the rule families, in code order.
FAMILIES = ("input", "readability", "hedging", "citations", "risk_balance")


@dataclass(frozen=True, slots=True)
class Rule:
    """A check's identity and documentation.

    The four documentation parts follow ruff: what it does (``summary``), why it matters
    (``why``), an ``example`` that triggers it, and what to write ``instead``.
    """

    code: str
    name: str
    dimension: str
    severity: Severity
    summary: str
    why: str
    example: str = ""
    instead: str = ""

    def explain(self) -> str:
        """The rule's explanation as plain text, as ``healthscore explain`` prints it."""
        parts = [
            f"{self.code} {self.name} ({self.dimension}, default severity: {self.severity})",
            "",
            "What it does",
            f"  {self.summary}",
            "",
            "Why it matters",
            f"  {self.why}",
        ]
        if self.example:
            parts += ["", "Example", f"  {self.example}"]
        if self.instead:
            parts += ["", "Instead", f"  {self.instead}"]
        return "\n".join(parts)


@lru_cache(maxsize=1)
def _registry() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for family in FAMILIES:
        try:
            module = importlib.import_module(f"{__name__}.{family}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{family}":
                raise
            continue
        for rule in module.RULES:
            if rule.code in rules:
                raise RuntimeError(f"duplicate rule code {rule.code}")
            rules[rule.code] = rule
    return dict(sorted(rules.items()))


def all_rules() -> list[Rule]:
    """Every rule, in code order."""
    return list(_registry().values())


def get_rule(code: str) -> Rule:
    """The rule with this code (case-insensitive), or a KeyError naming close matches."""
    registry = _registry()
    rule = registry.get(code.upper())
    if rule is None:
        by_name = {r.name: r for r in registry.values()}
        if code in by_name:
            return by_name[code]
        raise KeyError(f"no rule {code!r}; run `healthscore rules` to list them")
    return rule


def matches(code: str, selectors: tuple[str, ...] | list[str]) -> bool:
    """True when *code* is selected by any prefix in *selectors* (``HS2`` selects ``HS201``;
    ``ALL`` selects everything)."""
    return any(s == "ALL" or code.startswith(s.upper()) for s in selectors)

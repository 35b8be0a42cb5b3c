"""Output formats of ``healthscore check``: one module per format, one small interface.

A formatter receives the run as a stream: :meth:`Formatter.begin`, then :meth:`Formatter.file`
once per checked file in sorted-path order, then :meth:`Formatter.end` with the
:class:`~healthscore.runner.Summary`. It writes as it goes and keeps only what its format needs
at the end (counts, a capped list), so memory stays flat on large repositories.

=======  =====================================================================================
text     human-readable, grouped by file with scores; colour only on a terminal
json     ``{"files": [{..., "report": Report.to_dict()}], "summary": {...}}`` (docs/cli.md)
sarif    SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps, IDE viewers)
github   GitHub Actions workflow commands: annotations on the pull request diff
junit    JUnit XML: one testsuite, one testcase per file, for CI test-report widgets
=======  =====================================================================================
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..runner import FileResult, Summary

#: Format names; each is a module of this package, imported only when chosen.
FORMATS = ("text", "json", "sarif", "github", "junit")


@dataclass
class Context:
    """What a formatter may need besides the results."""

    cwd: Path = field(default_factory=Path.cwd)
    #: Use ANSI colours (the text format, on a terminal, without NO_COLOR).
    color: bool = False
    #: Text format: list only files with findings or failures.
    quiet: bool = False
    #: GitHub format: annotations per level (error, warning, notice) before summarising.
    max_annotations: int = 10
    fail_on: str = "error"


class Formatter:
    """Base class: override :meth:`file` and :meth:`end` (and :meth:`begin` if needed)."""

    def __init__(self, stream: TextIO, context: Context | None = None) -> None:
        self.stream = stream
        self.context = context or Context()

    def begin(self) -> None:
        """Called once before the first file."""

    def file(self, result: FileResult) -> None:
        """Called once per checked file, in sorted-path order."""
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        """Called once after the last file."""
        raise NotImplementedError


def get_formatter(name: str) -> type[Formatter]:
    """The formatter class of format *name* (``text``, ``json``, ``sarif``, ``github``,
    ``junit``)."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{name}")
    formatter: type[Formatter] = module.FORMATTER
    return formatter

"""``healthscore check --format json``: every file's report and a summary, as one JSON object.

Layout (documented in docs/cli.md)::

    {
      "schema_version": "1.0",
      "healthscore_version": "0.1.0",
      "files": [
        {"path": "docs/a.md", "passed": true, "failures": [], "baselined": 0,
         "internal_error": null, "report": {... Report.to_dict() ...}}
      ],
      "summary": {"files": 1, "passed": 1, "failed": 0, ...}
    }

The object is written as the files arrive (byte-identical to ``json.dumps(obj, indent=2)``),
so a large repository's output is never held in memory whole.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .._version import __version__
from . import Formatter

if TYPE_CHECKING:
    from ..runner import FileResult, Summary

#: Version of the envelope (``files``/``summary``); each report has its own ``schema_version``.
CHECK_SCHEMA_VERSION = "1.0"


def _indented(value: object, level: int) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * level)


class JsonFormatter(Formatter):
    def begin(self) -> None:
        self._count = 0
        self.stream.write(
            "{\n"
            f'  "schema_version": {json.dumps(CHECK_SCHEMA_VERSION)},\n'
            f'  "healthscore_version": {json.dumps(__version__)},\n'
            '  "files": ['
        )

    def file(self, result: FileResult) -> None:
        separator = "," if self._count else ""
        self.stream.write(f"{separator}\n    {_indented(result.to_dict(), 2)}")
        self._count += 1

    def end(self, summary: Summary) -> None:
        close = "\n  ]" if self._count else "]"
        self.stream.write(f'{close},\n  "summary": {_indented(summary.to_dict(), 1)}\n}}\n')


FORMATTER = JsonFormatter

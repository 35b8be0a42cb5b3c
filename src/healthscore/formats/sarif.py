"""``healthscore check --format sarif``: SARIF 2.1.0, for code scanning and SARIF viewers.

* ``tool.driver.rules`` holds every rule of the registry (id, name, short and full description,
  help text from ``Rule.explain()``, default level, the dimension as a tag), plus
  ``score-threshold`` for files below ``min_score``/``min_scores``.
* Each result has ``ruleId``/``ruleIndex``, ``level`` (error, warning, note), the message (with
  the suggestion), and a location whose ``artifactLocation.uri`` is relative to the working
  directory (``uriBaseId`` ``%SRCROOT%``), with a region in 1-based lines and columns.
  Columns count Unicode code points (``columnKind: unicodeCodePoints``); ``endColumn`` is
  exclusive, as SARIF defines it. A finding about the whole document has a line-only region.
* ``partialFingerprints["healthscore/v1"]`` is the baseline fingerprint (rule code + normalised
  sentence, see :mod:`healthscore.baseline`) with an occurrence number, so code scanning tracks
  a finding across edits that move it.
* Files that hit an internal error appear as ``toolExecutionNotifications`` of the invocation,
  whose ``executionSuccessful`` is then false.

Results are written as they arrive; only internal-error notices are kept for the end.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .._version import __version__
from ..baseline import fingerprint
from . import Formatter

if TYPE_CHECKING:
    from ..runner import FileResult, Summary

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
THRESHOLD_RULE = {
    "id": "score-threshold",
    "name": "score-threshold",
    "shortDescription": {"text": "A score is below the configured minimum."},
    "fullDescription": {
        "text": "The file's overall score is below min_score, or a dimension's score is below "
        "its min_scores entry, in the healthscore configuration."
    },
    "help": {
        "text": "Improve the article until the score reaches the threshold, or change "
        "min_score / min_scores in [tool.healthscore]."
    },
    "defaultConfiguration": {"level": "error"},
    "properties": {"tags": ["healthscore", "threshold"]},
}


def rule_descriptors() -> list[dict[str, Any]]:
    """``reportingDescriptor`` objects for every rule of the registry, then the threshold."""
    from ..rules import all_rules

    descriptors = []
    for rule in all_rules():
        full = f"{rule.summary} {rule.why}".strip()
        descriptors.append({
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": full},
            "help": {"text": rule.explain(), "markdown": _help_markdown(rule)},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
            "properties": {"tags": ["healthscore", rule.dimension]},
        })
    descriptors.append(THRESHOLD_RULE)
    return descriptors


def _help_markdown(rule: Any) -> str:
    parts = [f"**{rule.code} {rule.name}** ({rule.dimension})", "", rule.summary, "",
             f"*Why it matters:* {rule.why}"]
    if rule.example:
        parts += ["", f"*Example:* {rule.example}"]
    if rule.instead:
        parts += ["", f"*Instead:* {rule.instead}"]
    return "\n".join(parts)


def artifact_location(path: str) -> dict[str, str]:
    """A relative URI against ``%SRCROOT%`` (the working directory), or a ``file:`` URI for a
    file outside it."""
    if PurePosixPath(path).is_absolute():
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": "%SRCROOT%"}


def region(finding: dict[str, Any]) -> dict[str, int]:
    start = (finding["line"], finding["column"])
    end = (finding.get("end_line", start[0]), finding.get("end_column", start[1]))
    if end <= start:
        return {"startLine": start[0]}
    return {
        "startLine": start[0], "startColumn": start[1], "endLine": end[0], "endColumn": end[1],
    }


class SarifFormatter(Formatter):
    def begin(self) -> None:
        self._rules = rule_descriptors()
        self._index = {rule["id"]: i for i, rule in enumerate(self._rules)}
        self._count = 0
        self._notifications: list[dict[str, Any]] = []
        root = self.context.cwd.resolve().as_uri().rstrip("/") + "/"
        head = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "healthscore",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": self._rules,
                }},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "columnKind": "unicodeCodePoints",
                "results": "@RESULTS@",
            }],
        }
        text = json.dumps(head, indent=2, ensure_ascii=False)
        self.stream.write(text[: text.index('"@RESULTS@"')] + "[")

    def _write(self, result: dict[str, Any]) -> None:
        separator = "," if self._count else ""
        body = json.dumps(result, indent=2, ensure_ascii=False).replace("\n", "\n        ")
        self.stream.write(f"{separator}\n        {body}")
        self._count += 1

    def file(self, result: FileResult) -> None:
        location = artifact_location(result.path)
        if result.internal_error:
            self._notifications.append({
                "level": "error",
                "message": {"text": f"internal error: {result.internal_error}"},
                "locations": [{"physicalLocation": {"artifactLocation": location}}],
            })
            return
        seen: Counter[str] = Counter()
        for finding in result.findings:
            key = fingerprint(finding)
            seen[key] += 1
            message = finding["message"]
            if finding.get("suggestion"):
                stop = "" if message.endswith((".", "!", "?")) else "."
                message = f"{message}{stop} Suggestion: {finding['suggestion']}"
            item: dict[str, Any] = {
                "ruleId": finding["code"],
                "level": LEVELS.get(finding["severity"], "warning"),
                "message": {"text": message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": location, "region": region(finding),
                }}],
                "partialFingerprints": {"healthscore/v1": f"{key}:{seen[key]}"},
                "properties": {"dimension": finding.get("dimension", "")},
            }
            if finding["code"] in self._index:
                item["ruleIndex"] = self._index[finding["code"]]
            self._write(item)
        for failure in result.failures:
            self._write({
                "ruleId": THRESHOLD_RULE["id"],
                "ruleIndex": self._index[THRESHOLD_RULE["id"]],
                "level": "error",
                "message": {"text": failure["message"]},
                "locations": [{"physicalLocation": {
                    "artifactLocation": location, "region": {"startLine": 1},
                }}],
                "partialFingerprints": {
                    "healthscore/v1": f"score-threshold-{failure['dimension'] or 'overall'}:1"
                },
            })

    def end(self, summary: Summary) -> None:
        invocation: dict[str, Any] = {
            "executionSuccessful": not summary.internal_errors,
            "exitCode": summary.exit_code,
        }
        if self._notifications:
            invocation["toolExecutionNotifications"] = self._notifications
        invocations = json.dumps([invocation], indent=2, ensure_ascii=False)
        invocations = invocations.replace("\n", "\n      ")
        close = "\n      ]" if self._count else "]"
        self.stream.write(f'{close},\n      "invocations": {invocations}\n    }}\n  ]\n}}\n')


FORMATTER = SarifFormatter

"""``healthscore check --format junit``: JUnit XML, for CI systems that show test reports
(GitLab, Jenkins, Azure Pipelines, CircleCI, the GitHub test-reporter actions).

One ``<testsuite name="healthscore">`` inside ``<testsuites>``; one ``<testcase>`` per checked
file, named by its path. A file that fails the run (a finding at or above ``--fail-on`` or a
score below a threshold) has a ``<failure>`` listing why; a file that hit an internal error has
an ``<error>``. Every finding is also listed in ``<system-out>``.

The suite's counts come first in the XML but are known only at the end, so test cases are
written to a spooled temporary file (memory up to 1 MB, then disk) and copied after the header:
memory stays flat on large repositories. Text is escaped for XML, and characters XML 1.0
cannot carry (control characters in a file name, say) are dropped.
"""
from __future__ import annotations

import re
import tempfile
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from . import Formatter

if TYPE_CHECKING:
    from ..runner import FileResult, Summary

_SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
_FAIL_ON_RANK = {"info": 1, "warning": 2, "error": 3, "never": 99}
_ILLEGAL_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


def attr(text: Any) -> str:
    """A quoted, escaped attribute value (newlines kept as character references)."""
    return quoteattr(clean(str(text)), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def body(text: str) -> str:
    return escape(clean(text))


def _line(finding: dict[str, Any]) -> str:
    return (
        f"{finding['line']}:{finding['column']} {finding['severity']} {finding['code']} "
        f"{finding['name']}: {finding['message']}"
    )


class JunitFormatter(Formatter):
    def begin(self) -> None:
        self._cases = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed in end()
            max_size=1 << 20, mode="w+", encoding="utf-8"
        )
        self._tests = self._failures = self._errors = 0

    def file(self, result: FileResult) -> None:
        self._tests += 1
        write = self._cases.write
        write(f'    <testcase classname="healthscore" name={attr(result.path)} '
              f'file={attr(result.path)} time="0"')
        if result.internal_error:
            self._errors += 1
            write(">\n")
            write(f"      <error message={attr('internal error: ' + result.internal_error)} "
                  f'type="internal-error">{body(result.internal_error)}</error>\n')
            write("    </testcase>\n")
            return
        limit = _FAIL_ON_RANK.get(self.context.fail_on, 3)
        failing = [f for f in result.findings if _SEVERITY_RANK.get(f["severity"], 0) >= limit]
        if not result.failed and not result.findings:
            write("/>\n")
            return
        write(">\n")
        if result.failed:
            self._failures += 1
            reasons = []
            if failing:
                n = len(failing)
                reasons.append(f"{n} finding{'s' * (n != 1)} at or above {self.context.fail_on}")
            reasons.extend(f["message"] for f in result.failures)
            details = [_line(f) for f in failing] + [f["message"] for f in result.failures]
            write(f"      <failure message={attr('; '.join(reasons))} type=\"healthscore\">"
                  f"{body(chr(10).join(details))}</failure>\n")
        if result.findings:
            lines = "\n".join(_line(f) for f in result.findings)
            write(f"      <system-out>{body(lines)}</system-out>\n")
        write("    </testcase>\n")

    def end(self, summary: Summary) -> None:
        counts = (f'tests="{self._tests}" failures="{self._failures}" '
                  f'errors="{self._errors}"')
        write = self.stream.write
        write('<?xml version="1.0" encoding="UTF-8"?>\n')
        write(f'<testsuites name="healthscore" {counts}>\n')
        write(f'  <testsuite name="healthscore" {counts} skipped="0" time="0">\n')
        self._cases.seek(0)
        while chunk := self._cases.read(1 << 16):
            write(chunk)
        self._cases.close()
        write("  </testsuite>\n</testsuites>\n")


FORMATTER = JunitFormatter

"""Inline suppressions, in the style of markdownlint, written as HTML comments::

    <!-- healthscore-disable-file HS101 -->        whole file (no codes: every rule)
    <!-- healthscore-disable HS2 -->               from here ...
    <!-- healthscore-enable HS2 -->                ... to here (or to the end of the file)
    <!-- healthscore-disable-next-line HS201 -->   findings that start on the next line
    <!-- healthscore-disable-line -->              findings that start on this line

Codes are prefixes (``HS2`` is every hedging rule). Regions are measured in source offsets, not
lines, so a ``disable``/``enable`` pair inside a paragraph silences just the sentence between
them. Suppressions hide findings; they do not change scores, which measure the text.
"""
from __future__ import annotations

from collections.abc import Iterable

from .document import Directive, SourceText
from .report import Finding


def _applies(directive: Directive, code: str) -> bool:
    return not directive.codes or any(code.startswith(c) for c in directive.codes)


def is_suppressed(finding: Finding, directives: Iterable[Directive], source: SourceText) -> bool:
    """True when a directive silences *finding*.

    Region directives are replayed in source order up to the finding's start offset, so the
    last applicable ``disable``/``enable`` before the finding decides; a ``disable`` of all rules
    followed by ``enable HS2`` leaves only hedging rules enabled, as in markdownlint.
    """
    return _suppressed(finding, sorted(directives, key=lambda d: d.start), source)


def _suppressed(finding: Finding, ordered: list[Directive], source: SourceText) -> bool:
    offset = source.line_start(finding.line) + finding.column - 1
    disabled = False
    for directive in ordered:
        if not _applies(directive, finding.code):
            continue
        action = directive.action
        if action == "disable-file":
            return True
        if action == "disable-line" and directive.line <= finding.line <= directive.end_line:
            return True
        if action == "disable-next-line" and finding.line == directive.end_line + 1:
            return True
        if directive.start <= offset:
            if action == "disable":
                disabled = True
            elif action == "enable":
                disabled = False
    return disabled


def apply(
    findings: list[Finding], directives: list[Directive], source: SourceText
) -> tuple[list[Finding], int]:
    """Split *findings* into the ones that stand and a count of the suppressed ones."""
    if not directives:
        return findings, 0
    ordered = sorted(directives, key=lambda d: d.start)
    kept = [f for f in findings if not _suppressed(f, ordered, source)]
    return kept, len(findings) - len(kept)

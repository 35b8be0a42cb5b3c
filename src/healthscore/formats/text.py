"""Human-readable output: the detailed report of ``healthscore score`` and the per-file listing
of ``healthscore check``.

Colour is used only when the caller says so (the CLI decides: a terminal, no ``NO_COLOR``), so
redirected output and CI logs are plain text. Every dimension status is shown in words — a
dimension that was not scored never looks like a zero.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import Formatter

if TYPE_CHECKING:
    from ..runner import FileResult, Summary

TITLES = {
    "readability": "Readability",
    "hedging": "Claim hedging",
    "citations": "Citation density",
    "risk_balance": "Risk balance",
}
STATUS_WORDS = {
    "not_enough_text": "not enough text",
    "not_applicable": "not applicable",
    "not_implemented": "not implemented",
}
#: How many metrics of a dimension the detailed report shows.
MAX_METRICS = 8

_STYLES = {
    "bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
    "cyan": "36", "magenta": "35",
}
SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


class Painter:
    """Wraps text in ANSI colour codes, or does nothing when colour is off."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles:
            return text
        codes = ";".join(_STYLES[s] for s in styles)
        return f"\033[{codes}m{text}\033[0m"

    def severity(self, severity: str) -> str:
        return self(f"{severity:<7}", SEVERITY_STYLE.get(severity, "bold"))


def title(name: str) -> str:
    return TITLES.get(name, name.replace("_", " ").capitalize())


def status_words(dimension: dict[str, Any]) -> str:
    status = dimension.get("status", "")
    return STATUS_WORDS.get(status, status.replace("_", " "))


def format_score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _metric(value: Any) -> str | None:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1 else f"{value:.1f}"
    if isinstance(value, str) and len(value) <= 40:
        return value
    return None  # lists and tables are in the JSON report


def _location(finding: dict[str, Any]) -> str:
    return f"{finding['line']}:{finding['column']}"


def render_finding(finding: dict[str, Any], paint: Painter, *, indent: str = "  ",
                   excerpt: bool = False) -> list[str]:
    """A finding as two or three lines: position, severity, code, name, message; the excerpt
    (detailed report only); the suggestion."""
    location = _location(finding)
    head = (
        f"{indent}{location:<8} {paint.severity(finding['severity'])} "
        f"{paint(finding['code'], 'bold')} {finding['name']}: {finding['message']}"
    )
    lines = [head]
    pad = indent + " " * 9
    if excerpt and finding.get("excerpt"):
        text = finding["excerpt"]
        if len(text) > 100:
            text = text[:99].rstrip() + "\u2026"
        lines.append(paint(f"{pad}\u201c{text}\u201d", "dim"))
    if finding.get("suggestion"):
        lines.append(f"{pad}{paint('help:', 'green')} {finding['suggestion']}")
    return lines


def render_report(report: dict[str, Any], *, color: bool = False) -> str:
    """The detailed, readable form of one ``Report.to_dict()`` (``healthscore score``)."""
    paint = Painter(color)
    stats = report.get("stats", {})
    facts = [report.get("format") or "unreadable"]
    for key, unit in (("words", "words"), ("sentences", "sentences"), ("links", "links")):
        if key in stats:
            facts.append(f"{stats[key]} {unit}")
    lines = [f"{paint(report['source'], 'bold')} ({', '.join(facts)})"]
    metadata = report.get("metadata") or {}
    if metadata.get("title"):
        lines.append(f"  title: {metadata['title']}")
    lines.append("")
    if report.get("errors"):
        lines.append(paint("Not scored: the input could not be read.", "red", "bold"))
        for finding in report["errors"]:
            lines.extend(render_finding(finding, paint))
        return "\n".join(lines) + "\n"

    overall = report.get("overall")
    weights = report.get("overall_weights") or {}
    label = f"{'Overall':<17}"
    if overall is None:
        lines.append(f"  {paint(label, 'bold')}not scored (no dimension could be scored)")
    else:
        note = f"weighted mean of {len(weights)} scored dimension{'s' * (len(weights) != 1)}"
        lines.append(f"  {paint(label, 'bold')}{_score_style(paint, overall)} / 100"
                     f"  {paint('(' + note + ')', 'dim')}")
    lines.append("")
    for name, dimension in report.get("dimensions", {}).items():
        label = f"{title(name):<17}"
        if dimension.get("status") == "scored":
            value = _score_style(paint, dimension["score"])
        else:
            value = paint(status_words(dimension), "dim")
        summary = dimension.get("summary") or ""
        lines.append(f"  {paint(label, 'bold')}{value}  {summary}".rstrip())
        metrics = [
            f"{key} {shown}"
            for key, val in (dimension.get("metrics") or {}).items()
            if (shown := _metric(val)) is not None
        ][:MAX_METRICS]
        if metrics:
            lines.append(paint(f"  {' ' * 17}{' · '.join(metrics)}", "dim"))
    findings = report.get("findings", [])
    lines.append("")
    counts = _severity_counts(findings)
    lines.append(paint(f"Findings ({len(findings)})", "bold") + (f": {counts}" if findings else ""))
    for finding in findings:
        lines.extend(render_finding(finding, paint, excerpt=True))
    if not findings:
        lines.append("  none")
    if report.get("suppressed"):
        n = report["suppressed"]
        lines.append(paint(f"  ({n} finding{'s' * (n != 1)} suppressed by configuration or "
                           "inline comments)", "dim"))
    return "\n".join(lines) + "\n"


def _score_style(paint: Painter, score: float) -> str:
    style = "green" if score >= 70 else "yellow" if score >= 50 else "red"
    return paint(f"{score:5.1f}", style, "bold")


def _severity_counts(findings: list[dict[str, Any]]) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding["severity"]] = counts.get(finding["severity"], 0) + 1
    return plural_counts(counts)


def plural_counts(counts: dict[str, int]) -> str:
    """``1 error, 2 warnings, 0 info``."""
    parts = []
    for key in ("error", "warning", "info"):
        n = counts.get(key, 0)
        parts.append(f"{n} {key if n == 1 or key == 'info' else key + 's'}")
    return ", ".join(parts)


def score_line(report: dict[str, Any]) -> str:
    """``overall 61.3 · readability 55.0 · hedging not implemented · ...``"""
    parts = [f"overall {format_score(report.get('overall'))}"]
    for name, dimension in report.get("dimensions", {}).items():
        label = name.replace("_", " ")
        if dimension.get("status") == "scored":
            parts.append(f"{label} {format_score(dimension.get('score'))}")
        else:
            parts.append(f"{label} {status_words(dimension)}")
    return " \u00b7 ".join(parts)


class TextFormatter(Formatter):
    """``healthscore check --format text``: each file with its scores and findings, then one
    summary line."""

    def begin(self) -> None:
        self.paint = Painter(self.context.color)

    def file(self, result: FileResult) -> None:
        paint = self.paint
        interesting = result.findings or result.failures or result.internal_error
        if self.context.quiet and not interesting:
            return
        write = self.stream.write
        mark = paint("FAIL", "red", "bold") if result.failed else paint("ok", "green")
        if result.internal_error:
            write(f"{paint(result.path, 'bold')}  {mark}  "
                  f"{paint('internal error:', 'red', 'bold')} {result.internal_error}\n")
            return
        report = result.report or {}
        if report.get("errors"):
            detail = paint("not scored: the input could not be read", "dim")
        else:
            detail = paint(score_line(report), "dim")
        write(f"{paint(result.path, 'bold')}  {mark}  {detail}\n")
        for finding in result.findings:
            write("\n".join(render_finding(finding, paint)) + "\n")
        for failure in result.failures:
            write(f"  {paint('threshold', 'red', 'bold')}  {failure['message']}\n")

    def end(self, summary: Summary) -> None:
        paint = self.paint
        data = summary.to_dict()
        files = data["files"]
        head = f"Checked {files} file{'s' * (files != 1)}: {data['passed']} passed, "
        head += paint(f"{data['failed']} failed", "red", "bold") if data["failed"] else "0 failed"
        extras = []
        if data["baselined"]:
            extras.append(f"{data['baselined']} baselined")
        if data["suppressed"]:
            extras.append(f"{data['suppressed']} suppressed")
        findings = f"Findings: {plural_counts(data['findings'])}"
        if extras:
            findings += f" ({', '.join(extras)})"
        tail = []
        if data["threshold_failures"]:
            tail.append(f"{data['threshold_failures']} below a score threshold")
        if data["unreadable"]:
            tail.append(f"{data['unreadable']} unreadable")
        if data["internal_errors"]:
            tail.append(paint(f"{data['internal_errors']} internal error(s)", "red", "bold"))
        if data["cache_hits"]:
            tail.append(f"{data['cache_hits']} from cache")
        line = f"{head}. {findings}."
        if tail:
            line += " " + "; ".join(tail) + "."
        if files:
            self.stream.write("\n")
        self.stream.write(line + "\n")


FORMATTER = TextFormatter

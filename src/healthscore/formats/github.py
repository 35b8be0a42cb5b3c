"""``healthscore check --format github``: GitHub Actions workflow commands, which the runner
turns into annotations on the pull request's diff::

    ::warning file=docs/a.md,line=3,endLine=3,col=1,endColumn=45,title=HS201 name::message

Escaping follows the runner's parser: in the message ``%``, ``\\r`` and ``\\n`` become ``%25``,
``%0D`` and ``%0A``; in properties (file, title) ``:`` and ``,`` also become ``%3A`` and
``%2C``. Columns are sent only when the finding starts and ends on one line (GitHub ignores
them otherwise). Severities map to ``error``, ``warning`` and ``notice``.

The cap. GitHub shows at most 10 error and 10 warning annotations per step (and 50 per job)
and silently drops the rest. So by default at most 10 annotations per level are emitted, and
one closing ``::notice`` says how many more there were and how to see them all; the run's
exit status still counts every finding. ``--max-annotations N`` changes the cap (per level;
0 means no cap, for runners without GitHub's limits).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import Formatter
from .text import plural_counts

if TYPE_CHECKING:
    from ..runner import FileResult, Summary

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
#: GitHub displays at most this many annotations of one kind per step.
DEFAULT_MAX_ANNOTATIONS = 10


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: Any) -> str:
    """One workflow command line, properties in the order given."""
    props = ",".join(
        f"{key}={escape_property(str(value))}" for key, value in properties.items()
        if value is not None
    )
    head = f"{level} {props}" if props else level
    return f"::{head}::{escape_data(message)}"


class GithubFormatter(Formatter):
    def begin(self) -> None:
        self._shown = {"error": 0, "warning": 0, "notice": 0}
        self._held = {"error": 0, "warning": 0, "notice": 0}
        cap = self.context.max_annotations or None  # 0: no cap
        # The closing summary is itself a notice: keep a slot for it.
        self._caps = {
            "error": cap, "warning": cap, "notice": None if cap is None else max(cap - 1, 0),
        }

    def _emit(self, level: str, line: str) -> None:
        cap = self._caps[level]
        if cap is not None and self._shown[level] >= cap:
            self._held[level] += 1
            return
        self._shown[level] += 1
        self.stream.write(line + "\n")

    def file(self, result: FileResult) -> None:
        if result.internal_error:
            self._emit("error", command(
                "error", f"internal error: {result.internal_error}",
                file=result.path, line=1, title="healthscore internal error",
            ))
            return
        for finding in result.findings:
            level = COMMANDS.get(finding["severity"], "warning")
            self._emit(level, command(level, _message(finding), **_position(result.path, finding),
                                      title=f"{finding['code']} {finding['name']}"))
        for failure in result.failures:
            self._emit("error", command(
                "error", failure["message"], file=result.path, line=1, title="score-threshold",
            ))

    def end(self, summary: Summary) -> None:
        held = {k: v for k, v in self._held.items() if v}
        if held:
            words = ", ".join(f"{n} {level}" for level, n in held.items())
            cap = self.context.max_annotations
            self.stream.write(command(
                "notice",
                f"{words} annotation(s) not shown (GitHub displays at most {cap} per level "
                "per step). Run `healthscore check --format text` for the full list.",
                title="healthscore: more findings",
            ) + "\n")
        data = summary.to_dict()
        self.stream.write(
            f"healthscore: checked {data['files']} files, {data['failed']} failed; "
            f"findings: {plural_counts(data['findings'])}"
            + (f" ({data['baselined']} baselined)" if data["baselined"] else "")
            + "\n"
        )


def _message(finding: dict[str, Any]) -> str:
    message = finding["message"]
    if finding.get("suggestion"):
        stop = "" if message.endswith((".", "!", "?")) else "."
        message = f"{message}{stop} Suggestion: {finding['suggestion']}"
    return message


def _position(path: str, finding: dict[str, Any]) -> dict[str, Any]:
    line, column = finding["line"], finding["column"]
    end_line, end_column = finding.get("end_line", line), finding.get("end_column", column)
    position: dict[str, Any] = {"file": path, "line": line, "endLine": max(end_line, line)}
    if end_line == line and end_column > column:
        position["col"] = column
        position["endColumn"] = end_column
    return position


FORMATTER = GithubFormatter

"""The result of scoring one article: :class:`Report`, :class:`DimensionScore`, :class:`Finding`.

The JSON form (``Report.to_dict`` / ``to_json``) is documented in ``docs/report-schema.md`` and
carries ``schema_version``. Output is deterministic: fields are emitted in a fixed order, floats
are rounded, findings sorted by position, so the same input, configuration and version give
byte-identical JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Any, Literal

from ._version import __version__
from .document import Document, Sentence, fast_constructor
from .rules import Severity, get_rule

SCHEMA_VERSION = "1.0"

#: ``scored``: a number was computed. ``not_enough_text``: too little prose to judge.
#: ``not_applicable``: the dimension does not apply (e.g. non-English text).
#: ``not_implemented``: the dimension is not available in this version.
Status = Literal["scored", "not_enough_text", "not_applicable", "not_implemented"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, tied to the text that caused it."""

    code: str
    name: str
    dimension: str
    severity: Severity
    message: str
    suggestion: str
    line: int
    column: int
    end_line: int
    end_column: int
    #: The sentence (or heading) the finding is about, as it reads in the prose.
    excerpt: str = ""
    #: Index of the sentence in the document, or None for document-level findings.
    sentence_index: int | None = None

    def sort_key(self) -> tuple[int, int, str, str]:
        return finding_order(self)

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "dimension": self.dimension,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "excerpt": self.excerpt,
        }


#: ``finding_order(finding)``: the key findings are sorted by (:meth:`Finding.sort_key`), as one
#: C-level call: the pipeline sorts every article's findings twice.
finding_order = attrgetter("line", "column", "code", "message")

#: ``new_finding(code, name, dimension, severity, message, suggestion, line, column, end_line,
#: end_column, excerpt, sentence_index)``: a :class:`Finding`, built about four times faster
#: than ``Finding(...)`` (see :func:`~healthscore.document.fast_constructor`); an article gets
#: about 20 findings per dimension.
new_finding = fast_constructor(Finding)


def make_finding(
    code: str,
    document: Document,
    sentence: Sentence | None,
    message: str,
    suggestion: str = "",
    *,
    start: int | None = None,
    end: int | None = None,
    line: int = 1,
) -> Finding:
    """A finding for rule *code* on *sentence*; ``start``/``end`` narrow it to
    ``sentence.text[start:end]`` (for example the one jargon word). Without a sentence the
    finding is about the whole document and points at *line* (default: the first)."""
    rule = get_rule(code)
    if sentence is None:
        line, column, end_line, end_column = line, 1, line, 1
        excerpt, index = "", None
    else:
        if start is None and end is None:
            line, column = sentence.line, sentence.column
            end_line, end_column = sentence.end_line, sentence.end_column
        else:
            line, column, end_line, end_column = document.source.span_position(
                *document.source_span(
                    sentence, start or 0, len(sentence.text) if end is None else end
                )
            )
        excerpt, index = _excerpt(sentence.text), sentence.index
    return new_finding(
        rule.code,
        rule.name,
        rule.dimension,
        rule.severity,
        message,
        suggestion or rule.instead,
        line,
        column,
        end_line,
        end_column,
        excerpt,
        index,
    )


def _excerpt(text: str, limit: int = 240) -> str:
    """*text* with its white space collapsed to single spaces, cut at *limit* characters."""
    # Most sentences have nothing to collapse; checking that costs half as much as collapsing.
    # A printable string holds no white space but " " (every other white space character is
    # in a Unicode category that str.isprintable excludes).
    if not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


@dataclass(slots=True)
class DimensionScore:
    """One dimension's verdict: a 0-100 score (higher is better) or a status saying why not."""

    name: str
    status: Status
    score: float | None = None
    #: One sentence on what the number means for this article.
    summary: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.status == "scored":
            if self.score is None or not 0 <= self.score <= 100:
                raise ValueError(f"{self.name}: a scored dimension needs a score in 0-100")
        elif self.score is not None:
            raise ValueError(f"{self.name}: status {self.status!r} must not carry a score")

    @property
    def scored(self) -> bool:
        return self.status == "scored"

    def to_dict(self, *, findings: bool = True) -> dict[str, Any]:
        """The dimension as JSON-ready data; ``findings=False`` leaves the findings out (a
        :class:`Report` lists them once, at the top level, each naming its dimension)."""
        data = {
            "name": self.name,
            "status": self.status,
            "score": None if self.score is None else round(self.score, 1),
            "summary": self.summary,
            "metrics": _clean(self.metrics),
        }
        if findings:
            data["findings"] = [f.to_dict() for f in sorted(self.findings, key=finding_order)]
        return data


@dataclass(slots=True)
class Report:
    """Everything healthscore says about one article."""

    source: str
    format: str | None
    overall: float | None
    dimensions: dict[str, DimensionScore]
    findings: list[Finding]
    metadata: dict[str, str] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    #: Input problems (HS0xx errors) that stopped scoring; empty for a scored article.
    errors: list[Finding] = field(default_factory=list)
    #: Weights the overall score was computed with, for the dimensions that were scored.
    overall_weights: dict[str, float] = field(default_factory=dict)
    #: Findings hidden by inline suppressions or per-file ignores (counted, not shown).
    suppressed: int = 0

    @property
    def ok(self) -> bool:
        """False when the input could not be scored at all."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "healthscore_version": __version__,
            "source": self.source,
            "format": self.format,
            "overall": None if self.overall is None else round(self.overall, 1),
            "overall_weights": {k: round(v, 4) for k, v in self.overall_weights.items()},
            # Each finding once, in "findings" below (it names its dimension): listing them
            # under their dimension too doubled the size of every report.
            "dimensions": {name: d.to_dict(findings=False) for name, d in self.dimensions.items()},
            "findings": [f.to_dict() for f in sorted(self.findings, key=finding_order)],
            "errors": [f.to_dict() for f in self.errors],
            "suppressed": self.suppressed,
            "metadata": dict(sorted(self.metadata.items())),
            "stats": _clean(self.stats),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON (deterministic; see ``docs/report-schema.md``)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _clean(value: Any) -> Any:
    """Make metrics JSON-ready and stable: round floats, convert numpy scalars, sort nothing
    that the producer ordered on purpose."""
    kind = type(value)
    # Most values are plain numbers and strings: answered before the generic tests (a failed
    # ``hasattr`` raises and catches an AttributeError inside, the dearest test here).
    if kind is float:
        return _round(value)
    if kind is int or kind is str or kind is bool or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float):
        return _round(value)
    return value


def _round(value: float) -> float | None:
    """*value* rounded to 4 places; None for NaN and infinities (JSON has no such numbers)."""
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return round(value, 4)

"""The one-way pipeline: document -> analysis -> dimensions -> report.

:func:`score_document` is the only place that knows the order of the stages. Readers never
score, dimensions never parse, and filtering by configuration (select/ignore, severities,
suppressions) happens once, after every dimension has spoken.
"""

from __future__ import annotations

from fnmatch import fnmatch
from functools import cache
from pathlib import PurePath

from . import dimensions, suppressions
from .analysis import Analysis
from .config import Config
from .document import Document
from .errors import InputError
from .report import DimensionScore, Finding, Report, finding_order, make_finding
from .rules import matches

#: Under this many words of prose a document is "not enough text" for every dimension.
MIN_DOCUMENT_WORDS = 1


def score_document(
    document: Document, config: Config | None = None, *, claim_model: object | None = None
) -> Report:
    """Score a parsed document."""
    config = config or _default_config()
    analysis = Analysis(document, claim_model)
    findings: list[Finding] = [
        make_finding(code, document, None, message, line=line)
        for code, message, line in document.reader_warnings
    ]
    results: dict[str, DimensionScore] = {}
    if analysis.word_count < MIN_DOCUMENT_WORDS:
        findings.append(make_finding("HS005", document, None, "the document has no prose to score"))
        for name in dimensions.DIMENSIONS:
            results[name] = DimensionScore(name, "not_enough_text", summary="No prose to score.")
    elif not analysis.is_english:
        findings.append(
            make_finding(
                "HS006",
                document,
                None,
                f"the prose does not look like English (only {analysis.english_ratio:.0%} of its "
                "words are common English function words); English-only checks were skipped",
            )
        )
        for name in dimensions.DIMENSIONS:
            results[name] = DimensionScore(
                name, "not_applicable", summary="Not scored: the text is not in English."
            )
    else:
        for name in dimensions.DIMENSIONS:
            results[name] = dimensions.run(name, analysis, config.options_for(name))
            findings.extend(results[name].findings)

    findings, suppressed = _filter(findings, document, config)
    for result in results.values():
        result.findings = [f for f in findings if f.dimension == result.name]
    overall, weights = _overall(results, config)
    return Report(
        source=document.path or "<string>",
        format=document.format,
        overall=overall,
        dimensions=results,
        findings=sorted(findings, key=finding_order),
        metadata=dict(document.metadata),
        stats={
            "words": analysis.word_count,
            "sentences": len(analysis.prose_indexes),
            "blocks": len(document.blocks),
            "links": len(document.links),
        },
        overall_weights=weights,
        suppressed=suppressed,
    )


@cache
def _default_config() -> Config:
    """The default configuration, built once: building a :class:`Config` validates it and
    builds every dimension's options (about 45 us, as much as reading a short article). Private
    on purpose: a configuration's dict fields (weights, severities) can be changed in place,
    and this one is shared by every call made without a configuration, so no caller may hold
    it; scoring only reads it."""
    return Config()


def error_report(error: InputError, source: str = "<string>") -> Report:
    """A report for input that could not be read: no scores, one HS0xx error."""
    from .rules import get_rule

    rule = get_rule(error.code)
    finding = Finding(
        rule.code, rule.name, rule.dimension, rule.severity, str(error), rule.instead, 1, 1, 1, 1
    )
    return Report(
        source=source,
        format=None,
        overall=None,
        dimensions={
            name: DimensionScore(
                name, "not_applicable", summary="Not scored: the input could not be read."
            )
            for name in dimensions.DIMENSIONS
        },
        findings=[],
        errors=[finding],
    )


def _filter(
    findings: list[Finding], document: Document, config: Config
) -> tuple[list[Finding], int]:
    # An article has a few dozen findings of a dozen codes: each code is looked up once.
    chosen = {
        code: matches(code, config.select) and not matches(code, config.ignore)
        for code in {f.code for f in findings}
    }
    selected = [f for f in findings if chosen[f.code]]
    ignored = 0
    if document.path and config.per_file_ignores:
        path = PurePath(document.path).as_posix()
        for pattern, codes in config.per_file_ignores.items():
            if fnmatch(path, pattern) or fnmatch(path, f"*/{pattern}"):
                before = len(selected)
                selected = [f for f in selected if not matches(f.code, codes)]
                ignored += before - len(selected)
    if config.severity:
        selected = [
            f.with_severity(config.severity[code]) if (code := _override(f.code, config)) else f
            for f in selected
        ]
    kept, suppressed = suppressions.apply(selected, document.directives, document.source)
    return kept, suppressed + ignored


def _override(code: str, config: Config) -> str | None:
    best = None
    for prefix in config.severity:
        if code.startswith(prefix.upper()) and (best is None or len(prefix) > len(best)):
            best = prefix
    return best


def _overall(
    results: dict[str, DimensionScore], config: Config
) -> tuple[float | None, dict[str, float]]:
    """Weighted mean of the scored dimensions; None when none was scored."""
    weights = {
        name: float(config.weights.get(name, 1.0))
        for name, result in results.items()
        if result.scored and config.weights.get(name, 1.0) > 0
    }
    total = sum(weights.values())
    if not total:
        return None, {}
    normalised = {name: w / total for name, w in weights.items()}
    overall = sum(results[name].score * w for name, w in normalised.items())  # type: ignore[operator]
    return overall, normalised

"""Plain-text reader.

Plain text has no markup, so structure is inferred the way a reader's eye does it: blank lines
separate blocks; a lone short line without closing punctuation is a heading (so "Mechanism of
Action" never runs into the next sentence); lines that start with a bullet or a number are list
items. HTML comments holding healthscore directives are honoured and are not prose.
"""

from __future__ import annotations

import re

from ..document import Document, ProseBuilder
from .assemble import DocumentBuilder

_BLANK_SPLIT = re.compile(r"\n[ \t\u00a0]*\n\s*")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*\u2022\u2023\u25e6]|\d{1,3}[.)])[ \t]+")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_MAX_HEADING_WORDS = 14


def read_text(source: str, path: str | None = None) -> Document:
    """Parse plain text into a :class:`Document`."""
    builder = DocumentBuilder(source, "text", path)
    for match in _COMMENT.finditer(source):
        builder.add_directive_comment(match.group(1), match.start())
    masked = _COMMENT.sub(lambda m: " " * len(m.group(0)), source)
    start = 0
    for match in _BLANK_SPLIT.finditer(masked):
        _read_block(builder, masked, start, match.start())
        start = match.end()
    _read_block(builder, masked, start, len(masked))
    return builder.finish()


def _read_block(builder: DocumentBuilder, source: str, start: int, end: int) -> None:
    lines = []
    offset = start
    for raw in source[start:end].split("\n"):
        if raw.strip():
            lines.append((offset, raw))
        offset += len(raw) + 1
    if not lines:
        return
    if len(lines) == 1 and _looks_like_heading(lines[0][1]):
        prose = ProseBuilder()
        _append_line(prose, *lines[0])
        builder.add_block("heading", prose, level=2)
        return
    prose = ProseBuilder()
    kind = "paragraph"
    for line_start, raw in lines:
        marker = _LIST_ITEM.match(raw)
        if marker:
            if len(prose):
                builder.add_block(kind, prose)
            prose = ProseBuilder()
            kind = "list_item"
            _append_line(prose, line_start + marker.end(), raw[marker.end() :])
        else:
            if len(prose):
                prose.append_space(line_start - 1, 1)
            _append_line(prose, line_start, raw)
    builder.add_block(kind, prose)


def _append_line(prose: ProseBuilder, line_start: int, raw: str) -> None:
    stripped = raw.strip()
    if stripped:
        prose.append(stripped, line_start + raw.index(stripped))


def _looks_like_heading(line: str) -> bool:
    text = _LIST_ITEM.sub("", line).strip()
    words = text.split()
    if not words or len(words) > _MAX_HEADING_WORDS:
        return False
    if text[-1] in ".,;:":
        return False
    if text[-1] in "?!":
        # A question stands as a heading only when it is written in Title Case.
        capitalised = sum(1 for w in words if w[:1].isupper())
        return capitalised >= max(2, len(words) * 0.6)
    return True

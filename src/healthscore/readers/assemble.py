"""What every reader shares: collecting prose blocks, then cutting them into sentences.

Readers know markup; this module knows nothing of it. It takes prose blocks with their offset
maps, marks sections and reference lists, splits each block into sentences and pins every
sentence and link to its source position.
"""

from __future__ import annotations

import re

from ..document import (
    Block,
    BlockKind,
    Directive,
    Document,
    Link,
    ProseBuilder,
    SourceText,
    is_reference_heading,
    new_sentence,
)
from ..sentences import split_sentences

_DIRECTIVE = re.compile(
    r"healthscore-(disable-next-line|disable-line|disable-file|disable|enable)\b([^>]*?)\s*(?:-->|$)"
)
_CODE = re.compile(r"\bHS\d{1,3}\b")
#: A bare URL in prose ("see https://www.cdc.gov/sleep."): it is a link like any other.
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", re.IGNORECASE)


class DocumentBuilder:
    """Builds a :class:`Document` block by block."""

    def __init__(self, source: str, fmt: str, path: str | None = None) -> None:
        self.document = Document(source=SourceText(source), format=fmt, path=path)
        self._pending_links: list[tuple[str, str, int, int]] = []

    def add_link(self, text_start: int, text_end: int, url: str) -> None:
        """Record a link whose anchor text is the next block's prose ``[text_start:text_end]``."""
        self._pending_links.append(("", url, text_start, text_end))

    def add_block(
        self, kind: BlockKind, builder: ProseBuilder, level: int = 0, references: bool = False
    ) -> None:
        """Close a block. Blocks with no visible text are dropped, with their links.

        ``references`` marks a block that is a reference entry (a footnote definition).
        """
        text = builder.text
        pending, self._pending_links = self._pending_links, []
        if not text or text.isspace():  # no visible text
            return
        offsets = builder.offset_map()
        doc = self.document
        block = Block(kind=kind, text=text, offsets=offsets, level=level, in_references=references)
        block_index = len(doc.blocks)
        if "http" in text or "www." in text:
            pending.extend(_bare_urls(text, pending))
        if pending:
            pending.sort(key=lambda link: link[2])
        for _, url, start, end in pending:
            if end <= start:
                continue
            link = Link(
                text=text[start:end],
                url=url,
                block_index=block_index,
                text_start=start,
                text_end=end,
                source_start=offsets.start(start),
                source_end=offsets.end(end),
            )
            block.link_indexes.append(len(doc.links))
            doc.links.append(link)
        doc.blocks.append(block)

    def add_directive_comment(self, comment: str, source_start: int) -> None:
        """Parse the body of an HTML comment that starts (``<!--``) at *source_start*; keep it
        if it is a healthscore directive."""
        match = _DIRECTIVE.search(comment)
        if not match:
            return
        doc = self.document
        source_end = source_start + len(comment) + len("<!---->")
        line, _ = doc.position(source_start)
        end_line, _ = doc.position(max(source_start, source_end - 1))
        codes = tuple(_CODE.findall(match.group(2)))
        doc.directives.append(
            Directive(match.group(1), codes, line, end_line, source_start, source_end)
        )

    def warn(self, code: str, message: str, offset: int = 0) -> None:
        self.document.reader_warnings.append((code, message, self.document.position(offset)[0]))

    def finish(self) -> Document:
        """Mark sections and reference lists, then split every block into sentences."""
        doc = self.document
        _mark_sections(doc.blocks)
        _split_blocks(doc)
        return doc


def _bare_urls(
    text: str, links: list[tuple[str, str, int, int]]
) -> list[tuple[str, str, int, int]]:
    """Bare URLs in *text* that are not already inside a marked-up link."""
    if "http" not in text and "www." not in text:
        return []
    found = []
    for match in _BARE_URL.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for _, _, s, e in links):
            continue
        url = match.group()
        found.append(("", url if "://" in url else f"https://{url}", start, end))
    return found


def _mark_sections(blocks: list[Block]) -> None:
    section = ""
    references_level = 0  # level of the open "References" heading, 0 when none
    for block in blocks:
        if block.kind == "heading":
            if references_level and block.level <= references_level:
                references_level = 0
            if is_reference_heading(block.text):
                references_level = block.level or 1
            section = block.text.strip()
            block.section = section
            continue
        block.section = section
        block.in_references = block.in_references or bool(references_level)


def _split_blocks(doc: Document) -> None:
    """Cut every block into sentences and pin each to its source span and line/column.

    The hot loop of reading (about 90 sentences per article). A block of plain text on one
    source line (every paragraph of a typical generated article) maps its sentences by
    arithmetic: source offsets are prose offsets plus the block's shift, and columns are
    source offsets minus the line's start. Other blocks map each sentence through the offset
    map and the line index. Sentences are built with :func:`new_sentence`.
    """
    source = doc.source
    span_position = source.span_position
    line_of_span = source.line_of_span
    sentences = doc.sentences
    append = sentences.append
    for block_index, block in enumerate(doc.blocks):
        text, kind = block.text, block.kind
        # Headings are one unit: a heading never runs into the next sentence.
        if kind == "heading":
            spans = [(len(text) - len(text.lstrip()), len(text.rstrip()))]
        else:
            spans = split_sentences(text)
        first_sentence = len(sentences)
        in_references = block.in_references
        shift = block.offsets.shift
        on_line = None if shift is None else line_of_span(shift, shift + len(text))
        if on_line is not None:
            line, line_start = on_line
            column = shift - line_start + 1  # column of prose offset 0
        span = block.offsets.span
        for start, end in spans:
            if on_line is not None:
                source_start, source_end = start + shift, end + shift  # type: ignore[operator]
                position = (line, start + column, line, end + column)
            else:
                source_start, source_end = span(start, end)
                position = span_position(source_start, source_end)
            append(
                new_sentence(
                    len(sentences),
                    text[start:end],
                    block_index,
                    kind,
                    start,
                    end,
                    source_start,
                    source_end,
                    *position,
                    in_references,
                )
            )
        for link_index in block.link_indexes:
            link = doc.links[link_index]
            for sentence in sentences[first_sentence:]:
                if link.text_start < sentence.block_end:
                    link.sentence_index = sentence.index
                    break
            if link.sentence_index is None and len(sentences) > first_sentence:
                link.sentence_index = sentences[-1].index

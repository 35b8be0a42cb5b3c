"""The document model: what every reader produces and every later stage reads.

A reader turns Markdown, HTML or plain text into *prose blocks* (headings, paragraphs, list
items, quotes, table cells). Each block carries its prose text and an :class:`OffsetMap` back to
the source, so anything found in the prose (a sentence, a word, a link) can be reported at its
exact 1-based line and column in the original file, through emphasis markers, link syntax and
HTML entities. Checks never see markup (Vale's "markup first, checks second").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "blockquote", "table_cell"]

#: Heading texts that open a reference list. Blocks under such a heading are marked
#: ``in_references``: they are citations, not prose to grade for readability or claims.
REFERENCE_HEADINGS = (
    "references",
    "reference list",
    "sources",
    "bibliography",
    "citations",
    "works cited",
    "further reading",
    "footnotes",
    "notes and references",
    "sources and references",
)


class SourceText:
    """The original text of a file with a line index, to turn offsets into positions.

    Columns are 1-based and count Unicode code points (SARIF ``unicodeCodePoints``).
    """

    __slots__ = ("text", "_line_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        index = find("\n")
        while index != -1:
            starts.append(index + 1)
            index = find("\n", index + 1)
        self._line_starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based ``(line, column)`` of a 0-based character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based *line*."""
        return self._line_starts[max(0, min(line - 1, len(self._line_starts) - 1))]

    @property
    def line_count(self) -> int:
        return len(self._line_starts)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of prose text taken from one run of source text.

    When ``text_length == source_length`` the run is verbatim and maps character by character;
    otherwise (an entity such as ``&amp;``, a collapsed run of white space) the whole run maps to
    the whole source run.
    """

    text_start: int
    text_length: int
    source_start: int
    source_length: int


class OffsetMap:
    """Maps offsets in a block's prose text back to offsets in the source text."""

    __slots__ = ("_segments", "_starts")

    def __init__(self, segments: list[Segment]) -> None:
        self._segments = segments
        self._starts = [s.text_start for s in segments]

    def _segment(self, text_offset: int) -> Segment:
        index = bisect.bisect_right(self._starts, text_offset) - 1
        return self._segments[max(index, 0)]

    def start(self, text_offset: int) -> int:
        """Source offset of the prose character at *text_offset*."""
        seg = self._segment(text_offset)
        if seg.text_length == seg.source_length:
            return seg.source_start + min(text_offset - seg.text_start, seg.source_length)
        return seg.source_start

    def end(self, text_end: int) -> int:
        """Source offset just past the prose character before *text_end* (exclusive end)."""
        if text_end <= 0:
            return self.start(0)
        seg = self._segment(text_end - 1)
        if seg.text_length == seg.source_length:
            return seg.source_start + min(text_end - seg.text_start, seg.source_length)
        return seg.source_start + seg.source_length


class ProseBuilder:
    """Accumulates one block's prose text together with its :class:`OffsetMap`."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def append(self, text: str, source_start: int, source_length: int | None = None) -> None:
        """Add *text* that came from ``source[source_start:source_start + source_length]``.

        Without *source_length* the text is verbatim source.
        """
        if source_length is None:
            source_length = len(text)
            if text[:1] == " " and self._parts and self._parts[-1].endswith(" "):
                # Removed markup (inline code, a comment) would leave a double space.
                text, source_start, source_length = text[1:], source_start + 1, source_length - 1
        if not text:
            return
        self._segments.append(Segment(self._length, len(text), source_start, source_length))
        self._parts.append(text)
        self._length += len(text)

    def append_space(self, source_start: int, source_length: int) -> None:
        """Add one space standing for a source run of white space or a line break,
        unless the prose is empty or already ends in a space."""
        if self._length and not self._parts[-1].endswith(" "):
            self.append(" ", source_start, source_length)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def build(self) -> tuple[str, OffsetMap]:
        return self.text, OffsetMap(list(self._segments))


@dataclass(slots=True)
class Link:
    """A hyperlink in prose: its anchor text, target and where it stands."""

    text: str
    url: str
    block_index: int
    #: Offsets of the anchor text within the block's prose.
    text_start: int
    text_end: int
    #: Offsets in the source; 1-based positions are derived with :meth:`Document.position`.
    source_start: int = 0
    source_end: int = 0
    #: Index of the sentence the link sits in (set by sentence segmentation).
    sentence_index: int | None = None


@dataclass(slots=True)
class Block:
    """A unit of prose: a heading, paragraph, list item, quotation or table cell."""

    kind: BlockKind
    text: str
    offsets: OffsetMap
    level: int = 0  # heading level, 1-6; 0 for other blocks
    #: Text of the nearest heading above this block ("" before the first heading).
    section: str = ""
    #: True under a heading such as "References": a reference list, not prose to grade.
    in_references: bool = False
    link_indexes: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or heading, or list item fragment) with its exact place in the source."""

    index: int
    text: str
    block_index: int
    kind: BlockKind
    #: Offsets within the block's prose text.
    block_start: int
    block_end: int
    #: 0-based offsets in the source text (end exclusive).
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    in_references: bool = False


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline suppression comment such as ``<!-- healthscore-disable-next-line HS201 -->``.

    ``action`` is one of ``disable``, ``enable``, ``disable-next-line``, ``disable-line`` and
    ``disable-file``; ``codes`` is empty when the directive applies to every rule.
    """

    action: str
    codes: tuple[str, ...]
    line: int
    end_line: int
    #: Source offsets of the whole comment, so regions can start and end inside a paragraph.
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class Document:
    """A parsed article: prose blocks, sentences, links, metadata and suppression directives."""

    source: SourceText
    format: str
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    directives: list[Directive] = field(default_factory=list)
    #: Problems the reader noticed but could work around (rule code, message, line).
    reader_warnings: list[tuple[str, str, int]] = field(default_factory=list)
    path: str | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based ``(line, column)`` of a source offset."""
        return self.source.position(offset)

    def source_span(self, sentence: Sentence, start: int, end: int) -> tuple[int, int]:
        """Source offsets of ``sentence.text[start:end]``."""
        offsets = self.blocks[sentence.block_index].offsets
        return (
            offsets.start(sentence.block_start + start),
            offsets.end(sentence.block_start + end),
        )

    @property
    def prose_text(self) -> str:
        """All prose, one block per line (reference lists excluded)."""
        return "\n".join(b.text for b in self.blocks if not b.in_references)

    def links_in(self, sentence: Sentence) -> list[Link]:
        """Links whose anchor text sits in *sentence*."""
        block = self.blocks[sentence.block_index]
        return [
            self.links[i]
            for i in block.link_indexes
            if self.links[i].sentence_index == sentence.index
        ]


def is_reference_heading(text: str) -> bool:
    """True for headings such as "References" or "Sources:" that open a reference list."""
    normalized = text.strip().strip(":#").strip().lower()
    return normalized in REFERENCE_HEADINGS

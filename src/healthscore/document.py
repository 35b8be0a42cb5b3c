"""The document model: what every reader produces and every later stage reads.

A reader turns Markdown, HTML or plain text into *prose blocks* (headings, paragraphs, list
items, quotes, table cells). Each block carries its prose text and an :class:`OffsetMap` back to
the source, so anything found in the prose (a sentence, a word, a link) can be reported at its
exact 1-based line and column in the original file, through emphasis markers, link syntax and
HTML entities. Checks never see markup (Vale's "markup first, checks second").
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field, fields, make_dataclass
from typing import Literal, TypeVar

_T = TypeVar("_T")

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

    def span_position(self, start: int, end: int) -> tuple[int, int, int, int]:
        """``(*position(start), *position(end))`` in one call: ``(line, column, end_line,
        end_column)``.

        Why: every finding and every sentence of a block that spans lines needs both ends,
        most spans sit on one line, and one call with one binary search costs about half of two
        :meth:`position` calls.
        """
        starts = self._line_starts
        if 0 <= start <= end <= len(self.text):
            line = bisect.bisect_right(starts, start)
            line_start = starts[line - 1]
            if line == len(starts) or end < starts[line]:  # the end is on the same line
                return line, start - line_start + 1, line, end - line_start + 1
            end_line = bisect.bisect_right(starts, end, line)
            return line, start - line_start + 1, end_line, end - starts[end_line - 1] + 1
        return self.position(start) + self.position(end)

    def line_of_span(self, start: int, end: int) -> tuple[int, int] | None:
        """``(line, offset of its first character)`` when ``start`` and ``end`` are on the same
        1-based line as :meth:`span_position` counts them (an ``end`` at the start of the next
        line is on that next line), else None.

        Why: the sentences of a one-line block all share the block's line, and their columns
        are then offsets minus one line start, with no search per sentence.
        """
        starts = self._line_starts
        if 0 <= start <= end <= len(self.text):
            line = bisect.bisect_right(starts, start)
            if line == len(starts) or end < starts[line]:
                return line, starts[line - 1]
        return None

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


#: A segment as a plain tuple ``(text_start, text_length, source_start, source_length)``: what
#: :class:`OffsetMap` works on (tuple indexing is cheaper than attribute access, and building a
#: tuple is several times cheaper than building a frozen dataclass).
_Run = tuple[int, int, int, int]


class OffsetMap:
    """Maps offsets in a block's prose text back to offsets in the source text."""

    __slots__ = ("_runs", "_starts")

    def __init__(self, segments: list[Segment]) -> None:
        self._runs: list[_Run] = [
            (s.text_start, s.text_length, s.source_start, s.source_length) for s in segments
        ]
        self._starts = [s.text_start for s in segments]

    @classmethod
    def _from_runs(cls, runs: list[_Run]) -> OffsetMap:
        """An offset map over *runs* (sorted by text start), as :class:`ProseBuilder` makes them."""
        offsets = cls.__new__(cls)
        offsets._runs = runs
        offsets._starts = [run[0] for run in runs]
        return offsets

    @property
    def shift(self) -> int | None:
        """What to add to any prose offset to get its source offset, when the map is one verbatim
        run (a block of plain text: no markup, entity or line break inside); otherwise None.

        Why: the reader then maps a block's sentences by one addition each instead of two
        binary searches (:meth:`span` gives the same offsets: the run starts at prose offset 0
        and covers all the prose, so no offset is clamped).
        """
        runs = self._runs
        if len(runs) == 1:
            text_start, text_length, source_start, source_length = runs[0]
            if text_length == source_length:
                return source_start - text_start
        return None

    @property
    def segments(self) -> list[Segment]:
        """The segments of the map (adjacent verbatim runs may have been merged into one)."""
        return [Segment(*run) for run in self._runs]

    def _run(self, text_offset: int) -> _Run:
        index = bisect.bisect_right(self._starts, text_offset) - 1
        return self._runs[max(index, 0)]

    def start(self, text_offset: int) -> int:
        """Source offset of the prose character at *text_offset*."""
        text_start, text_length, source_start, source_length = self._run(text_offset)
        if text_length == source_length:
            return source_start + min(text_offset - text_start, source_length)
        return source_start

    def end(self, text_end: int) -> int:
        """Source offset just past the prose character before *text_end* (exclusive end)."""
        if text_end <= 0:
            return self.start(0)
        text_start, text_length, source_start, source_length = self._run(text_end - 1)
        if text_length == source_length:
            return source_start + min(text_end - text_start, source_length)
        return source_start + source_length

    def span(self, text_start: int, text_end: int) -> tuple[int, int]:
        """``(start(text_start), end(text_end))``: the source offsets of a prose span."""
        return self.start(text_start), self.end(text_end)


class ProseBuilder:
    """Accumulates one block's prose text together with its :class:`OffsetMap`.

    Adjacent verbatim runs that are also adjacent in the source (words and the single spaces
    between them) are kept as one run: they map character by character either way, so the map
    gives the same offsets with fewer runs to build and search.
    """

    __slots__ = ("_parts", "_runs", "_length", "_source_end")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._runs: list[_Run] = []
        self._length = 0
        #: Source end of the last run when that run is verbatim, else -1 (no merge possible).
        self._source_end = -1

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
        length = len(text)
        if length == source_length:
            if source_start == self._source_end:
                run_start, run_length, run_source, _ = self._runs[-1]
                self._runs[-1] = (run_start, run_length + length, run_source, run_length + length)
            else:
                self._runs.append((self._length, length, source_start, length))
            self._source_end = source_start + length
        else:
            self._runs.append((self._length, length, source_start, source_length))
            self._source_end = -1
        self._parts.append(text)
        self._length += length

    def append_space(self, source_start: int, source_length: int) -> None:
        """Add one space standing for a source run of white space or a line break,
        unless the prose is empty or already ends in a space."""
        if self._length and not self._parts[-1].endswith(" "):
            self.append(" ", source_start, source_length)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def offset_map(self) -> OffsetMap:
        """The offset map of the prose so far."""
        return OffsetMap._from_runs(list(self._runs))

    def build(self) -> tuple[str, OffsetMap]:
        return self.text, self.offset_map()


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


def fast_constructor(cls: type[_T]) -> Callable[..., _T]:
    """A constructor for the frozen slotted dataclass *cls* taking every field positionally.

    Why: a frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``
    (about 1.4 us for the 13 fields of :class:`Sentence`; an article has about 90 sentences,
    so 10% of reading it). A mutable twin with the same fields, in the same order, is built
    with plain slot stores and then re-labelled as *cls* (about 0.3 us): the object is an
    ordinary, still frozen, instance of *cls*. CPython refuses the re-labelling with a
    ``TypeError`` unless both classes have exactly the same slots, so a field added to *cls*
    cannot be silently dropped; ``tests/test_positions.py`` checks the result equals
    ``cls(...)``. Used for :class:`Sentence`, ``report.Finding`` and
    ``citation_detection.Citation``.
    """
    spec = [(f.name, f.type) for f in fields(cls)]  # type: ignore[arg-type]
    twin = make_dataclass(f"_{cls.__name__}Twin", spec, slots=True)

    def construct(*values: object) -> _T:
        instance = twin(*values)
        instance.__class__ = cls
        return instance  # type: ignore[return-value]

    construct.__doc__ = f"Build a :class:`{cls.__name__}` from all its fields, in order."
    return construct


#: ``new_sentence(index, text, block_index, kind, block_start, block_end, start, end, line,
#: column, end_line, end_column, in_references)``: a :class:`Sentence`, built fast.
new_sentence = fast_constructor(Sentence)


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
        block_start = sentence.block_start
        return self.blocks[sentence.block_index].offsets.span(
            block_start + start, block_start + end
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

"""Markdown reader, on markdown-it-py (CommonMark with tables, strikethrough, footnotes and
front matter).

markdown-it gives block tokens with line ranges but inline tokens without offsets, so the reader
walks each inline token's children left to right and finds each text run in the source from a
moving cursor. That keeps exact columns through emphasis, links, escapes and entities: the
``text_join`` rule is switched off so that entities and escapes stay separate tokens whose
original markup is known.

Not prose: fenced and indented code, inline code, raw HTML (blocks and inline), images and
front matter. Front-matter fields ``title``, ``author`` and ``date`` become metadata.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..document import BlockKind, Document, ProseBuilder
from .assemble import DocumentBuilder

#: Block rules that can only match where the text holds one of the given strings, because
#: their syntax needs it: a table's header row has a pipe, a fence opens with three backticks
#: or tildes, a quotation line with ">", an HTML block with "<", a footnote definition with
#: "[^" and a link reference definition with "]:". A document without the strings is parsed
#: with the rules switched off: each block would try them in vain (13% of the parse of a
#: typical article). A rule that cannot match has no effect, so the tokens are the same.
_RULES_NEEDING = (
    ("table", ("|",)),
    ("fence", ("```", "~~~")),
    ("blockquote", (">",)),
    ("html_block", ("<",)),
    ("footnote_def", ("[^",)),
    ("reference", ("]:",)),
)
#: Parsers by the rules they have switched off (a handful at most in practice).
_PARSERS: dict[tuple[str, ...], MarkdownIt] = {}

#: The inline rules the parser runs, and a character each of them needs at its start: a line
#: break, an escape, a code span, strikethrough, emphasis, a link (an image "![", an inline
#: footnote "^[" and a footnote reference "[^" all hold "["), an autolink or inline HTML, an
#: entity. The other characters that stop markdown-it's ``text`` rule ("-", ":", "!"...) are
#: handed back as plain text when no rule takes them.
_INLINE_RULES = [
    "text",
    "newline",
    "escape",
    "backticks",
    "strikethrough",
    "emphasis",
    "link",
    "image",
    "footnote_inline",
    "footnote_ref",
    "autolink",
    "html_inline",
    "entity",
]
_INLINE_SYNTAX = re.compile(r"[\n\\`~*_\[<&]")


def _parser(text: str) -> MarkdownIt:
    """The parser for *text*: CommonMark with tables, strikethrough, footnotes and front
    matter, without the block rules that cannot match in *text*."""
    off = tuple(rule for rule, needs in _RULES_NEEDING if not any(n in text for n in needs))
    md = _PARSERS.get(off)
    if md is None:
        md = MarkdownIt("commonmark", {"html": True})
        md.enable(["table", "strikethrough"])
        md.use(front_matter_plugin).use(footnote_plugin)
        # text_join: see the module docstring; normalize: done cheaper by _normalized.
        md.disable(["text_join", "normalize", *off])
        if md.inline.ruler.get_active_rules() == _INLINE_RULES:
            md.core.ruler.at("inline", _parse_marked_up_inline)
        _PARSERS[off] = md
    return md


def _parse_marked_up_inline(state: StateCore) -> None:
    """markdown-it's core ``inline`` rule, with a shortcut for text without inline syntax.

    Why: markdown-it parses every paragraph's, heading's and cell's text with its inline rules
    (about 0.2 ms of a generated article), yet text without any character of
    :data:`_INLINE_SYNTAX` can only come out as one plain text token: every rule needs one of
    them (see :data:`_INLINE_RULES`) and the text rule's other stops are handed back as text.
    That token is built directly, so the tokens are exactly those of the full parse.
    """
    parse, env, md = state.md.inline.parse, state.env, state.md
    has_syntax = _INLINE_SYNTAX.search
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            content = token.content
            if has_syntax(content):
                parse(content, md, env, token.children)
            elif content:
                token.children.append(Token("text", "", 0, content=content))


def read_markdown(source: str, path: str | None = None) -> Document:
    """Parse Markdown into a :class:`Document`."""
    builder = DocumentBuilder(source, "markdown", path)
    text = _normalized(source)
    _Walker(builder, source).walk(_parser(text).parse(text))
    return builder.finish()


def _normalized(source: str) -> str:
    """*source* as markdown-it's ``normalize`` rule rewrites it before parsing: every line
    ending (``\r\n``, ``\r``) as ``\n`` and NUL as U+FFFD.

    Why not the rule itself: it runs two regular-expression substitutions over the whole text
    (about 50 us for a 1,200-word article), and the readers' input has no ``\r`` (see
    ``check_text``) and almost never a NUL, so two ``in`` tests usually find nothing to do.
    """
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in source:
        source = source.replace("\0", "\ufffd")
    return source


class _Walker:
    def __init__(self, builder: DocumentBuilder, source: str) -> None:
        self.builder = builder
        self.source = source
        self.lines = builder.document.source
        self.cursor = 0
        self.containers: list[str] = []
        self.heading_level = 0

    def walk(self, tokens: list[Token]) -> None:
        for token in tokens:
            kind = token.type
            if kind == "front_matter":
                self._front_matter(token.content)
            elif kind == "heading_open":
                self.heading_level = int(token.tag[1:])
            elif kind == "heading_close":
                self.heading_level = 0
            elif kind.endswith("_open") and kind != "paragraph_open":
                self.containers.append(kind[: -len("_open")])
            elif kind.endswith("_close") and kind != "paragraph_close":
                if self.containers:
                    self.containers.pop()
            elif kind == "html_block":
                self._html_comments(token)
            elif kind == "inline":
                self._inline(token)

    def _block_kind(self) -> BlockKind:
        if self.heading_level:
            return "heading"
        for container in reversed(self.containers):
            if container in ("td", "th"):
                return "table_cell"
            if container in ("list_item", "footnote"):
                return "list_item"
            if container == "blockquote":
                return "blockquote"
        return "paragraph"

    def _front_matter(self, content: str) -> None:
        try:
            data = yaml.safe_load(content)
        except yaml.YAMLError as error:
            self.builder.warn(
                "HS007", f"front matter is not valid YAML: {error.__class__.__name__}"
            )
            return
        if not isinstance(data, dict):
            return
        metadata = self.builder.document.metadata
        for key in ("title", "author", "date", "lang", "language"):
            value = data.get(key)
            if value is None and key == "author":
                value = data.get("authors")
            if value is not None:
                metadata["language" if key == "lang" else key] = _metadata_text(value)

    def _html_comments(self, token: Token) -> None:
        if "healthscore-" not in token.content or token.map is None:
            return
        base = self.lines.line_start(token.map[0] + 1)
        start = token.content.find("<!--")
        while start != -1:
            end = token.content.find("-->", start)
            end = len(token.content) if end == -1 else end
            self.builder.add_directive_comment(token.content[start + 4 : end], base + start)
            start = token.content.find("<!--", end)

    def _find(self, needle: str, limit: int) -> int:
        if not needle:
            return -1
        return self.source.find(needle, self.cursor, limit)

    def _inline(self, token: Token) -> None:
        if token.map is not None:
            self.cursor = max(self.cursor, self.lines.line_start(token.map[0] + 1))
            limit = (
                self.lines.line_start(token.map[1] + 1)
                if token.map[1] < self.lines.line_count
                else len(self.source)
            )
        else:
            limit = len(self.source)
        limit = max(limit, self.cursor)
        prose = ProseBuilder()
        link_stack: list[tuple[int, str]] = []
        in_image = 0
        for child in token.children or []:
            kind = child.type
            if kind == "text":
                self._text(prose, child.content, limit, skip=bool(in_image))
            elif kind == "text_special":
                self._special(prose, child, limit, skip=bool(in_image))
            elif kind in ("softbreak", "hardbreak"):
                at = self._find("\n", limit)
                if at != -1:
                    prose.append_space(at, 1)
                    self.cursor = at + 1
            elif kind == "code_inline":
                at = self._find(child.content, limit)
                if at != -1:
                    self.cursor = at + len(child.content)
            elif kind == "html_inline":
                self._html_inline(child.content, limit)
            elif kind == "link_open":
                link_stack.append((len(prose), str(child.attrs.get("href", ""))))
            elif kind == "link_close" and link_stack:
                start, href = link_stack.pop()
                self.builder.add_link(start, len(prose), href)
                self._skip_link_destination(limit)
            elif kind == "image":
                self._skip_image(child, limit)
            elif kind == "footnote_ref":
                self._footnote_ref(prose, child, limit)
        self.builder.add_block(
            self._block_kind(),
            prose,
            level=self.heading_level,
            references="footnote_block" in self.containers,
        )

    def _text(self, prose: ProseBuilder, content: str, limit: int, skip: bool = False) -> None:
        at = self._find(content, limit)
        if at == -1:
            # Text that is not in the source verbatim (rare: typographic replacements).
            # Map it to the cursor so positions stay close, never past the block.
            if not skip:
                prose.append(content, self.cursor, max(0, min(len(content), limit - self.cursor)))
            return
        if not skip:
            prose.append(content, at)
        self.cursor = at + len(content)

    def _special(self, prose: ProseBuilder, child: Token, limit: int, skip: bool = False) -> None:
        markup = child.markup or child.content
        at = self._find(markup, limit)
        if at == -1:
            self._text(prose, child.content, limit, skip)
            return
        if not skip:
            prose.append(child.content, at, len(markup))
        self.cursor = at + len(markup)

    def _html_inline(self, content: str, limit: int) -> None:
        at = self._find(content, limit)
        if at == -1:
            return
        if content.startswith("<!--"):
            self.builder.add_directive_comment(content[4:-3], at)
        self.cursor = at + len(content)

    def _skip_link_destination(self, limit: int) -> None:
        """Move the cursor past ``](destination "title")`` so later text is not found in it."""
        source, at = self.source, self.cursor
        if source.startswith("](", at):
            depth, index = 0, at + 2
            while index < limit:
                char = source[index]
                if char == "\\":
                    index += 2
                    continue
                if char == "(":
                    depth += 1
                elif char == ")":
                    if depth == 0:
                        self.cursor = index + 1
                        return
                    depth -= 1
                index += 1
        elif source.startswith("][", at):
            end = source.find("]", at + 2, limit)
            if end != -1:
                self.cursor = end + 1
        elif source.startswith("]", at) or source.startswith(">", at):
            self.cursor = at + 1

    def _skip_image(self, child: Token, limit: int) -> None:
        at = self._find("![", limit)
        if at == -1:
            return
        self.cursor = at + 2
        alt = self._find("]", limit)
        if alt != -1:
            self.cursor = alt
            self._skip_link_destination(limit)

    def _footnote_ref(self, prose: ProseBuilder, child: Token, limit: int) -> None:
        label = str((child.meta or {}).get("label", ""))
        marker = f"[^{label}]"
        at = self._find(marker, limit)
        if at == -1:
            return
        # The marker stays in the prose as "[label]" so citation checks can resolve it.
        prose.append(f"[{label}]", at, len(marker))
        self.cursor = at + len(marker)


def _metadata_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_metadata_text(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("name") or next(iter(value.values()), ""))
    return str(value)

"""HTML reader, on the standard library's tolerant ``html.parser``.

``html.parser`` (the parser BeautifulSoup uses by default) reports the source position of every
event and, with ``convert_charrefs=False``, hands entities over separately, so every character of
prose maps to its exact line and column, entities included. It never raises on malformed markup:
unclosed and stray tags are tolerated and reported as a warning.

Not prose: ``script``, ``style``, ``nav``, ``header``, ``footer``, ``aside``, forms, code and
the ``head``. When the page has ``<main>`` or ``<article>``, only their content is read, which
leaves out menus and sidebars that the page forgot to mark up.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ..document import BlockKind, Document, ProseBuilder
from .assemble import DocumentBuilder

#: Elements whose content is never prose.
SKIPPED = frozenset(
    {
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "noscript",
        "template",
        "svg",
        "math",
        "button",
        "select",
        "textarea",
        "iframe",
        "object",
        "canvas",
        "pre",
        "code",
        "head",
        "title",
        "dialog",
        "menu",
    }
)
#: Elements that start and end a block of prose.
BLOCK_KINDS: dict[str, BlockKind] = {
    "p": "paragraph",
    "div": "paragraph",
    "section": "paragraph",
    "article": "paragraph",
    "main": "paragraph",
    "body": "paragraph",
    "td": "table_cell",
    "th": "table_cell",
    "li": "list_item",
    "dd": "list_item",
    "dt": "list_item",
    "blockquote": "blockquote",
    "figcaption": "paragraph",
    "caption": "paragraph",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "tr": "paragraph",
    "table": "paragraph",
    "ul": "paragraph",
    "ol": "paragraph",
    "dl": "paragraph",
    "address": "paragraph",
    "details": "paragraph",
    "summary": "paragraph",
    "hr": "paragraph",
}
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
#: Elements whose end tag HTML lets authors leave out: not counted as malformed.
OPTIONAL_END = frozenset(
    {
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "thead",
        "tbody",
        "tfoot",
        "html",
        "body",
        "head",
        "colgroup",
        "rt",
        "rp",
        "optgroup",
    }
)
_CONTENT_ROOTS = ("main", "article")
_META_FIELDS = {
    "author": "author",
    "article:author": "author",
    "dc.creator": "author",
    "date": "date",
    "article:published_time": "date",
    "dc.date": "date",
    "citation_publication_date": "date",
    "pubdate": "date",
    "publish_date": "date",
    "og:title": "title",
    "citation_title": "title",
}
_SPACE = re.compile(r"\s+")


def read_html(source: str, path: str | None = None) -> Document:
    """Parse HTML into a :class:`Document`."""
    parser = _ProseParser(source, path)
    parser.feed(source)
    parser.close()
    return parser.finish()


class _Pending:
    """A block under construction, remembering whether it sits in <main>/<article>."""

    def __init__(self, kind: BlockKind, level: int, in_root: bool) -> None:
        self.kind = kind
        self.level = level
        self.in_root = in_root
        self.prose = ProseBuilder()
        self.links: list[tuple[int, int, str]] = []


class _ProseParser(HTMLParser):
    def __init__(self, source: str, path: str | None) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.text = DocumentBuilder(source, "html", path)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.stack: list[str] = []
        self.skip_depth = 0
        self.root_depth = 0
        self.saw_root = False
        self.blocks: list[_Pending] = []
        self.current = _Pending("paragraph", 0, False)
        self.open_links: list[tuple[int, str]] = []
        self.title_parts: list[str] = []
        self.in_title = False
        self.unclosed = 0
        self.stray = 0

    # -- positions ---------------------------------------------------------------------------
    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    # -- blocks ------------------------------------------------------------------------------
    def _flush(self, kind: BlockKind = "paragraph", level: int = 0) -> None:
        if len(self.current.prose):
            self.blocks.append(self.current)
        self.current = _Pending(kind, level, self.root_depth > 0)

    # -- events ------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(attributes)
            return
        if tag == "html" and attributes.get("lang"):
            self.text.document.metadata["language"] = attributes["lang"]
        if tag == "title":
            self.in_title = True
        if tag in VOID:
            if tag == "br" and not self.skip_depth:
                self.current.prose.append_space(self._offset(), len(self.get_starttag_text() or ""))
            elif tag == "hr" and not self.skip_depth:
                self._flush()
            return
        self.stack.append(tag)
        if tag in SKIPPED:
            self.skip_depth += 1
            return
        if tag in _CONTENT_ROOTS:
            self.root_depth += 1
            self.saw_root = True
        if self.skip_depth:
            return
        if tag in BLOCK_KINDS:
            kind = BLOCK_KINDS[tag]
            self._flush(kind, int(tag[1]) if kind == "heading" else 0)
        elif tag == "a":
            self.open_links.append((len(self.current.prose), attributes.get("href", "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag not in self.stack:
            if tag not in VOID:
                self.stray += 1
            return
        while self.stack:
            open_tag = self.stack.pop()
            self._close(open_tag)
            if open_tag == tag:
                break
            if open_tag not in OPTIONAL_END:
                self.unclosed += 1

    def _close(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip_depth -= 1
            return
        if tag in _CONTENT_ROOTS:
            self.root_depth -= 1
        if self.skip_depth:
            return
        if tag == "a" and self.open_links:
            start, href = self.open_links.pop()
            self.current.links.append((start, len(self.current.prose), href))
        elif tag in BLOCK_KINDS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if self.skip_depth or not data:
            return
        start = self._offset()
        prose = self.current.prose
        position = 0
        for match in _SPACE.finditer(data):
            if match.start() > position:
                prose.append(data[position : match.start()], start + position)
            prose.append_space(start + match.start(), match.end() - match.start())
            position = match.end()
        if position < len(data):
            prose.append(data[position:], start + position)

    def _reference(self, raw: str) -> None:
        if self.in_title:
            self.title_parts.append(html.unescape(raw))
        if self.skip_depth:
            return
        start = self._offset()
        # html.parser drops a missing ';' from what it reports; measure the real source.
        length = len(raw) - (0 if self.source.startswith(raw, start) else 1)
        decoded = html.unescape(raw)
        if decoded.isspace():
            self.current.prose.append_space(start, length)
        else:
            self.current.prose.append(decoded, start, length)

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.text.add_directive_comment(data, self._offset())

    def _meta(self, attributes: dict[str, str]) -> None:
        key = (attributes.get("name") or attributes.get("property") or "").lower()
        field = _META_FIELDS.get(key)
        content = attributes.get("content", "").strip()
        if field and content:
            self.text.document.metadata.setdefault(field, content)

    def finish(self) -> Document:
        self._flush()
        builder = self.text
        keep_root_only = self.saw_root
        for pending in self.blocks:
            if keep_root_only and not pending.in_root:
                continue
            for start, end, href in pending.links:
                builder.add_link(start, end, href)
            builder.add_block(pending.kind, pending.prose, level=pending.level)
        title = " ".join("".join(self.title_parts).split())
        if title:
            builder.document.metadata.setdefault("title", title)
        unclosed = self.unclosed + len([t for t in self.stack if t not in OPTIONAL_END])
        if unclosed or self.stray:
            builder.warn(
                "HS007",
                f"malformed HTML: {unclosed} unclosed and {self.stray} stray tag(s); "
                "the text was read as a browser would, but check the markup",
            )
        return builder.finish()

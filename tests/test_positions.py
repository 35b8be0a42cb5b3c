"""Every sentence and link maps back to its exact place in the original file."""

from __future__ import annotations

import pytest

from healthscore.readers import read_document

MARKDOWN = """\
---
title: Coffee and you
author: Jo Writer
date: 2024-05-01
---
# Does *coffee* help?

Coffee is **popular** &amp; [widely studied](https://pubmed.ncbi.nlm.nih.gov/1/).
It may lower risk of *type 2* diabetes, according to a review.

- First item with `inline code` inside.
- Second item \\*escaped\\* here.

> A quoted line
> that continues.

```python
print("not prose. Not a sentence.")
```

    indented code is not prose.

<div>raw html block is not prose.</div>
"""


def source_of(doc, sentence):
    return doc.source.text[sentence.start : sentence.end]


def line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def test_markdown_sentences_and_positions():
    doc = read_document(MARKDOWN, format="markdown")
    texts = [s.text for s in doc.sentences]
    assert texts == [
        "Does coffee help?",
        "Coffee is popular & widely studied.",
        "It may lower risk of type 2 diabetes, according to a review.",
        "First item with inside.",
        "Second item *escaped* here.",
        "A quoted line that continues.",
    ]
    heading, first, second, item1, item2, quote = doc.sentences
    assert source_of(doc, heading) == "Does *coffee* help?"
    assert (heading.line, heading.column, heading.end_line, heading.end_column) == (6, 3, 6, 22)
    assert source_of(doc, first) == (
        "Coffee is **popular** &amp; [widely studied](https://pubmed.ncbi.nlm.nih.gov/1/)."
    )
    assert (first.line, first.column) == (8, 1)
    assert (second.line, second.column, second.end_line) == (9, 1, 9)
    assert item2.kind == "list_item" and source_of(doc, item2) == "Second item \\*escaped\\* here."
    assert quote.kind == "blockquote" and (quote.line, quote.end_line) == (14, 15)
    assert heading.kind == "heading"


def test_positions_agree_with_offsets():
    doc = read_document(MARKDOWN, format="markdown")
    for sentence in doc.sentences:
        assert (sentence.line, sentence.column) == line_col(doc.source.text, sentence.start)
        assert (sentence.end_line, sentence.end_column) == line_col(doc.source.text, sentence.end)


def test_markdown_metadata_and_non_prose():
    doc = read_document(MARKDOWN, format="markdown")
    assert doc.metadata == {"title": "Coffee and you", "author": "Jo Writer", "date": "2024-05-01"}
    prose = " ".join(s.text for s in doc.sentences)
    for hidden in ("print", "indented code", "raw html", "title:", "inline code"):
        assert hidden not in prose


def test_markdown_links_keep_text_url_and_sentence():
    doc = read_document(MARKDOWN, format="markdown")
    (link,) = doc.links
    assert link.text == "widely studied"
    assert link.url == "https://pubmed.ncbi.nlm.nih.gov/1/"
    assert doc.sentences[link.sentence_index].text.startswith("Coffee is popular")
    assert doc.source.text[link.source_start : link.source_end] == "widely studied"
    assert doc.links_in(doc.sentences[1]) == [link]


HTML = """\
<!doctype html>
<html lang="en"><head><title>Sleep &amp; you</title>
<meta name="author" content="Dr. Ann Lee">
<meta property="article:published_time" content="2023-02-03">
<script>var x = "not prose. Really.";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> menu text</nav>
<header>Site header words</header>
<main>
<h1>Sleep &amp; health</h1>
<p>Adults need 7&ndash;9 hours of sleep. See the
<a href="https://www.cdc.gov/sleep">CDC guidance</a> for more.</p>
<ul><li>Keep a schedule.</li><li>Avoid screens.</li></ul>
<form><label>Email</label><button>Subscribe now</button></form>
</main>
<aside>Related posts</aside><footer>Copyright footer</footer>
</body></html>
"""


def test_html_prose_positions_and_metadata():
    doc = read_document(HTML)
    assert doc.format == "html"
    assert [s.text for s in doc.sentences] == [
        "Sleep & health",
        "Adults need 7\u20139 hours of sleep.",
        "See the CDC guidance for more.",
        "Keep a schedule.",
        "Avoid screens.",
    ]
    assert doc.metadata["author"] == "Dr. Ann Lee"
    assert doc.metadata["date"] == "2023-02-03"
    assert doc.metadata["title"] == "Sleep & you"
    assert doc.metadata["language"] == "en"
    heading, adults, see, *_ = doc.sentences
    assert source_of(doc, heading) == "Sleep &amp; health"
    assert source_of(doc, adults) == "Adults need 7&ndash;9 hours of sleep."
    assert (adults.line, adults.column) == line_col(HTML, HTML.index("Adults"))
    assert (
        source_of(doc, see)
        == 'See the\n<a href="https://www.cdc.gov/sleep">CDC guidance</a> for more.'
    )
    (link,) = doc.links
    assert (link.text, link.url) == ("CDC guidance", "https://www.cdc.gov/sleep")
    assert doc.sentences[link.sentence_index] is see
    assert heading.kind == "heading" and doc.sentences[3].kind == "list_item"


def test_html_without_main_reads_body_but_not_chrome():
    page = "<body><nav>Menu</nav><div>Text in a div. Another one.</div><footer>F</footer></body>"
    doc = read_document(page, format="html")
    assert [s.text for s in doc.sentences] == ["Text in a div.", "Another one."]


def test_malformed_html_is_read_and_reported():
    page = "<p>Unclosed <b>bold <i>text</p><div>Next block.</span></div><p>Last"
    doc = read_document(page, format="html")
    assert [s.text for s in doc.sentences] == ["Unclosed bold text", "Next block.", "Last"]
    assert any(code == "HS007" for code, _, _ in doc.reader_warnings)


def test_html_entities_without_semicolon():
    doc = read_document("<p>Salt &amp pepper &#169 2020.</p>", format="html")
    (sentence,) = doc.sentences
    assert sentence.text == "Salt & pepper \u00a9 2020."
    assert doc.source.text[sentence.start : sentence.end] == "Salt &amp pepper &#169 2020."


TEXT = """Can Kratom Help?

Kratom has gained popularity. It is sold online.

Risks of Kratom

- Nausea and vomiting.
- Dependency with long use.
"""


def test_plain_text_headings_are_units():
    doc = read_document(TEXT, format="text")
    kinds = [(s.kind, s.text) for s in doc.sentences]
    assert kinds == [
        ("heading", "Can Kratom Help?"),
        ("paragraph", "Kratom has gained popularity."),
        ("paragraph", "It is sold online."),
        ("heading", "Risks of Kratom"),
        ("list_item", "Nausea and vomiting."),
        ("list_item", "Dependency with long use."),
    ]
    assert (doc.sentences[2].line, doc.sentences[2].column) == (3, 31)


def test_reference_sections_are_marked():
    md = (
        "# Article\n\nCoffee helps.\n\n## References\n\n1. Smith J. Coffee. 2020.\n\n"
        "## After\n\nMore text."
    )
    doc = read_document(md, format="markdown")
    flags = {s.text: s.in_references for s in doc.sentences}
    assert flags["Coffee helps."] is False
    assert flags["More text."] is False
    assert any(v for k, v in flags.items() if "Smith" in k)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<html><body><p>Hi</p></body></html>", "html"),
        ("# Title\n\nSome *text*.", "markdown"),
        ("Just a plain sentence. And another.", "text"),
    ],
)
def test_format_sniffing(text, expected):
    assert read_document(text).format == expected


def test_crlf_line_endings_give_same_positions():
    doc_lf = read_document("# T\n\nOne two. Three four.\n", format="markdown")
    doc_crlf = read_document("# T\r\n\r\nOne two. Three four.\r\n", format="markdown")
    assert [(s.line, s.column) for s in doc_lf.sentences] == [
        (s.line, s.column) for s in doc_crlf.sentences
    ]


def test_bare_urls_are_links_in_every_format():
    for text, fmt in [
        ("See https://www.cdc.gov/sleep/index.html. Then rest.", "text"),
        ("See https://www.cdc.gov/sleep/index.html. Then rest.", "markdown"),
        ("<p>See https://www.cdc.gov/sleep/index.html. Then rest.</p>", "html"),
    ]:
        doc = read_document(text, format=fmt)
        (link,) = doc.links
        assert link.url == "https://www.cdc.gov/sleep/index.html"
        assert link.sentence_index == 0
        assert doc.source.text[link.source_start : link.source_end] == link.url
    doc = read_document("Visit www.nhs.uk for advice.", format="text")
    assert doc.links[0].url == "https://www.nhs.uk"
    doc = read_document(
        "[CDC](https://www.cdc.gov/) says https://www.cdc.gov/ too.", format="markdown"
    )
    assert [link.text for link in doc.links] == ["CDC", "https://www.cdc.gov/"]


def _naive_positions(doc):
    text = doc.source.text
    return [line_col(text, s.start) + line_col(text, s.end) for s in doc.sentences]


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("First one. Second one.\r\n\r\nThird\r\none. Fourth.", "text"),
        ("Old Mac. Line ends.\rNext line. More.\r\rLast one.", "text"),
        ("\tTabbed start. Then\tmore.\n\n\t\tDeep. Tabs.", "text"),
        ("\U0001f600 Emoji first. Then \U0001d400 math. \U0001f600\U0001f600 Two.", "text"),
        ("# Head \U0001f600\n\nSome \U0001f600 *text*. Then [a link](u) here.\n", "markdown"),
        ("No newline at the end. Last sentence here.", "text"),
        ("Para one.\n\nPara two has no final newline. End.", "markdown"),
        ("\n\n\nLeading blank lines. Then text.\n\n\n", "text"),
        ("<p>\U0001f600 caf&eacute; first.\r\nThen &amp; more.</p><p>Last\tone.</p>", "html"),
    ],
)
def test_positions_match_a_naive_count(text, fmt):
    """Line/column of every sentence equal counting newlines before it (CRLF and CR read as
    one line end, tabs and astral characters as one column each)."""
    doc = read_document(text, format=fmt)
    assert doc.sentences
    assert [(s.line, s.column, s.end_line, s.end_column) for s in doc.sentences] == (
        _naive_positions(doc)
    )
    for sentence in doc.sentences:
        assert (sentence.line, sentence.column) == doc.position(sentence.start)
        assert (sentence.end_line, sentence.end_column) == doc.position(sentence.end)


def test_offset_map_span_equals_start_and_end():
    from healthscore.document import OffsetMap, Segment

    offsets = OffsetMap(
        [Segment(0, 5, 10, 5), Segment(5, 1, 20, 5), Segment(6, 4, 25, 4), Segment(10, 1, 40, 3)]
    )
    for start in range(-1, 13):
        for end in range(-1, 13):
            assert offsets.span(start, end) == (offsets.start(start), offsets.end(end))


def test_prose_builder_merges_adjacent_verbatim_runs_without_changing_offsets():
    from healthscore.document import OffsetMap, ProseBuilder, Segment

    builder = ProseBuilder()
    pieces = [
        ("One", 0, None),
        (" ", 3, 1),
        ("two", 4, None),
        ("&", 7, 5),
        ("x", 12, None),
        (" ", 13, 3),
        ("end", 16, None),
        ("more", 19, None),
    ]
    segments, length = [], 0
    for text, source, source_length in pieces:
        builder.append(text, source, source_length)
        segments.append(Segment(length, len(text), source, source_length or len(text)))
        length += len(text)
    text, merged = builder.build()
    assert text == "One two&x endmore"
    runs = [(s.text_start, s.text_length, s.source_start, s.source_length) for s in merged.segments]
    # "One two" and "end" + "more" are contiguous verbatim source: one run each.
    assert runs == [(0, 7, 0, 7), (7, 1, 7, 5), (8, 1, 12, 1), (9, 1, 13, 3), (10, 7, 16, 7)]
    plain = OffsetMap(segments)
    for offset in range(-1, len(text) + 2):
        assert merged.start(offset) == plain.start(offset)
        assert merged.end(offset) == plain.end(offset)


def test_new_sentence_is_a_frozen_sentence():
    import dataclasses

    from healthscore.document import Sentence, new_sentence

    values = (3, "Text.", 1, "paragraph", 0, 5, 10, 15, 2, 1, 2, 6, True)
    fast, slow = new_sentence(*values), Sentence(*values)
    assert type(fast) is Sentence and fast == slow and hash(fast) == hash(slow)
    assert dataclasses.astuple(fast) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.line = 9  # type: ignore[misc]


def test_new_finding_is_a_frozen_finding_with_the_same_json():
    import dataclasses

    from healthscore.report import Finding, new_finding

    values = ("HS101", "long-sentence", "readability", "warning", "m", "s", 2, 1, 2, 9, "x", 4)
    fast, slow = new_finding(*values), Finding(*values)
    assert type(fast) is Finding and fast == slow and hash(fast) == hash(slow)
    assert fast.to_dict() == slow.to_dict()
    assert fast.with_severity("error") == slow.with_severity("error")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.line = 9  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "Plain sentence.",
        " leading",
        "trailing ",
        "two  spaces",
        "tab\there",
        "line\nbreak",
        "no\u00a0break",
        "thin\u2009space",
        "soft\u00adhyphen and zero\u200bwidth",
        "",
        "x" * 300,
        ("word " * 60).strip(),
    ],
)
def test_excerpt_collapses_white_space_like_split_and_join(text):
    from healthscore.report import _excerpt

    expected = " ".join(text.split())
    expected = expected if len(expected) <= 240 else expected[:239].rstrip() + "\u2026"
    assert _excerpt(text) == expected


def test_every_white_space_character_but_space_is_not_printable():
    """_excerpt skips collapsing printable text: that is exact only if this holds."""
    import sys

    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]
    assert [c for c in spaces if c.isprintable()] == [" "]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_source_span_maps_start_and_end(fmt):
    text = (
        "# T\n\nSome *emphasis* and [a link](https://x.org) &amp; `code` here. Second one.\n"
        if fmt == "markdown"
        else "<p>Some <em>emphasis</em> and <a href='https://x.org'>a link</a> &amp; more. "
        "Second one.</p>"
    )
    doc = read_document(text, format=fmt)
    for sentence in doc.sentences:
        offsets = doc.blocks[sentence.block_index].offsets
        for start in range(len(sentence.text) + 1):
            for end in range(start, len(sentence.text) + 1):
                assert doc.source_span(sentence, start, end) == (
                    offsets.start(sentence.block_start + start),
                    offsets.end(sentence.block_start + end),
                )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "one line",
        "a\nb",
        "ends with newline\n",
        "\n\nblank first",
        "x\n\n\ny\n",
        "\U0001f600\nz",
    ],
)
def test_span_position_equals_two_positions(text):
    """span_position is position(start) + position(end), also out of range or reversed."""
    from healthscore.document import SourceText

    source = SourceText(text)
    for start in range(-2, len(text) + 3):
        for end in range(-2, len(text) + 3):
            assert source.span_position(start, end) == source.position(start) + source.position(end)


def _full_markdown_parser():
    """The Markdown parser with every block rule and markdown-it's own normalize rule."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin)
    md.disable("text_join")
    return md


TRICKY_MARKDOWN = [
    "| Dose | Effect |\n|:--|--:|\n| 2 mg | *mild* |\n",
    "a|b\n-|-\nc|d",
    "para\nfoo|foo\n---|---\n",
    "```\ncode. Not prose.\n```\nText.",
    "~~~py\nx\n~~~\n",
    "> quote\n> > nested\nlazy line",
    "<div>\nhtml block\n</div>\n\nText <b>inline</b>.",
    "<!-- healthscore-disable-next-line HS201 -->\nText.",
    "Note.[^1]\n\n[^1]: The footnote.\n    Continued.",
    "[ref]: https://x.org 'T'\n\nUse [it][ref].",
    "[not a ref] : no\n\n[label]:\n  https://x.org",
    "- a\n  - b\n    1. c\n\n      more c\n- d",
    "Setext\n===\n\nOther\n---\n\n***\n\n    indented code\n\n\tTabbed code",
    "---\ntitle: T\n---\n# H\n\nText &amp; \\* escapes ~~strike~~ `code`.",
    "a\r\nb\rc\r\n\r\n| x |\r\n|---|\r\n",
    "nul \0 here | a\n|---|\n",
    "",
    "plain words only",
]


@pytest.mark.parametrize("text", TRICKY_MARKDOWN)
def test_markdown_parser_gives_the_tokens_of_the_full_parser(text):
    """The reader skips markdown-it's normalize rule and the block rules that cannot match
    (their syntax needs a string the text lacks); the tokens must be exactly those of the
    parser with every rule on."""
    from healthscore.readers.markdown import _normalized, _parser

    expected = [t.as_dict() for t in _full_markdown_parser().parse(text)]
    normalized = _normalized(text)
    assert [t.as_dict() for t in _parser(normalized).parse(normalized)] == expected


def test_markdown_parser_tokens_on_random_markup():
    """Random strings of Markdown syntax: rules switched off never change the tokens."""
    import random

    from healthscore.readers.markdown import _normalized, _parser

    pieces = [
        *(" ", "    ", "\t", "\n", "\n\n", "\r\n", "\r", "\0", "-", "- ", "* ", "*", "_", "#"),
        *("# ", "=", "---", "`", "```", "~", "~~~", ">", "> ", "<", "<div>", "</div>", "|"),
        *(" | ", "|---|", "[", "]", "[^1]", "[^1]: ", "]:", "[a]: /u", "^", ":", "![", "\\"),
        *("&amp;", "1. ", "  - ", "<!-- c -->", "<http://a.b>", "**", "word", "End. "),
    ]
    full = _full_markdown_parser()
    rng = random.Random(8)
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        normalized = _normalized(text)
        assert [t.as_dict() for t in _parser(normalized).parse(normalized)] == [
            t.as_dict() for t in full.parse(text)
        ], text


def test_markdown_parser_keeps_rules_whose_syntax_is_present():
    from healthscore.readers.markdown import _RULES_NEEDING, _parser

    every_rule = [rule for rule, _ in _RULES_NEEDING]
    assert not set(every_rule) & set(_parser("plain words").block.ruler.get_active_rules())
    active = _parser("a | b\n```\n> <x> [^1]: [r]: u ~~~").block.ruler.get_active_rules()
    assert set(every_rule) <= set(active)
    assert "table" in _parser("a|b").block.ruler.get_active_rules()
    assert "fence" not in _parser("a``b ~~c").block.ruler.get_active_rules()


def _document_key(doc):
    return (
        [
            (b.kind, b.text, b.offsets.segments, b.level, b.section, b.in_references)
            for b in doc.blocks
        ],
        doc.sentences,
        doc.links,
        doc.metadata,
        doc.directives,
        doc.reader_warnings,
    )


@pytest.mark.parametrize("text", TRICKY_MARKDOWN)
def test_markdown_documents_equal_those_read_with_the_full_parser(text, monkeypatch):
    """The whole document (blocks, offsets, sentences, links) is the one read with every
    block rule on and markdown-it normalizing the text itself (a NUL past the binary sniff,
    bare carriage returns when read_markdown is called directly)."""
    from healthscore.readers import markdown

    fast = markdown.read_markdown(text)
    monkeypatch.setattr(markdown, "_parser", lambda _text: _full_markdown_parser())
    monkeypatch.setattr(markdown, "_normalized", lambda text: text)
    assert _document_key(fast) == _document_key(markdown.read_markdown(text))


# --- Plain inline text skips markdown-it's inline parse; plain one-line blocks map by shift ---

#: Every ASCII punctuation character that is not inline syntax for the reader's parser, and
#: Unicode whose case mapping changes length (ſ ı İ): such text must parse as one plain run.
PLAIN_PUNCTUATION = "Dose-dependent: 50% of $9 + 1 = #2 @ ^ {x} > y] ! (ok) 'q' \"q\", ſ ı İ; end!"


def _stock_parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin)
    md.disable(["text_join", "normalize"])
    return md


def test_text_without_inline_syntax_is_one_plain_run_for_markdown_it():
    from healthscore.readers.markdown import _INLINE_SYNTAX

    cell = PLAIN_PUNCTUATION[:20]
    text = f"# {PLAIN_PUNCTUATION}\n\n{PLAIN_PUNCTUATION}\n\n| a | b |\n|---|---|\n| {cell} | x |\n"
    inline = [t for t in _stock_parser().parse(text) if t.type == "inline"]
    assert len(inline) == 6  # heading, paragraph, four table cells
    for token in inline:
        assert not _INLINE_SYNTAX.search(token.content)
        assert [(c.type, c.content) for c in token.children] == [("text", token.content)]


def _prose_by_stock_parse(text):
    """(kind, prose, runs) of each block as the reader would build them with every inline
    token parsed by markdown-it itself."""
    from healthscore.readers import markdown as reader
    from healthscore.readers.assemble import DocumentBuilder

    builder = DocumentBuilder(text, "markdown")
    reader._Walker(builder, text).walk(_stock_parser().parse(text))
    doc = builder.finish()
    return [(b.kind, b.text, b.offsets.segments) for b in doc.blocks], [
        (s.text, s.start, s.end, s.line, s.column, s.end_line, s.end_column) for s in doc.sentences
    ]


@pytest.mark.parametrize(
    "text",
    [
        MARKDOWN,
        f"{PLAIN_PUNCTUATION}\n\nPlain two. Sentences here.\n",
        "Wrapped over\ntwo lines. Second one here.\n\nEnds without a newline. Last one",
        "A *marked* paragraph. And a plain one.\n\nPlain again. Done [1].\n\n[^1]: Note here.",
        "x\n\nJust ſ ı İ text. Ends.\n\n# Heading &amp; more\n\n  Indented lead. Next.\n",
        "",
        "One sentence only",
    ],
)
def test_plain_text_path_gives_the_same_document_as_markdown_its_inline_parse(text):
    doc = read_document(text, format="markdown")
    blocks, sentences = _prose_by_stock_parse(text)
    assert [(b.kind, b.text, b.offsets.segments) for b in doc.blocks] == blocks
    assert [
        (s.text, s.start, s.end, s.line, s.column, s.end_line, s.end_column) for s in doc.sentences
    ] == sentences
    for sentence in doc.sentences:
        assert (sentence.start, sentence.end) == doc.source_span(sentence, 0, len(sentence.text))
        assert (sentence.line, sentence.column, sentence.end_line, sentence.end_column) == (
            doc.source.span_position(sentence.start, sentence.end)
        )


def test_offset_map_shift_only_for_one_verbatim_run():
    doc = read_document(
        "Plain text here.\n\nSome *emphasis* here.\n\nAn &amp; entity.\n", format="markdown"
    )
    plain, emphasis, entity = (b.offsets for b in doc.blocks)
    assert plain.shift == 0
    assert emphasis.shift is None
    assert entity.shift is None


def test_line_of_span_counts_an_end_at_a_line_start_on_that_line():
    from healthscore.document import SourceText

    source = SourceText("ab\ncd\n")
    assert source.line_of_span(0, 2) == (1, 0)
    assert source.line_of_span(0, 3) is None  # 3 starts line 2, as span_position counts it
    assert source.span_position(0, 3) == (1, 1, 2, 1)
    assert source.line_of_span(3, 5) == (2, 3)
    assert source.line_of_span(3, 6) is None
    assert source.span_position(3, 6) == (2, 1, 3, 1)
    assert source.line_of_span(6, 6) == (3, 6)
    assert source.line_of_span(2, 9) is None

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

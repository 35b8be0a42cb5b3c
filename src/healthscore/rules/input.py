"""HS0xx: problems with the input itself. A file with one of these errors is not scored."""

from __future__ import annotations

from . import Rule

RULES = (
    Rule(
        "HS001",
        "unreadable-file",
        "input",
        "error",
        "The file could not be opened or read.",
        "A file that cannot be read cannot be checked; the run goes on with the other files.",
        "A path that does not exist, a directory, or a file without read permission.",
        "Check the path and permissions.",
    ),
    Rule(
        "HS002",
        "binary-file",
        "input",
        "error",
        "The file holds binary data (NUL bytes or many control characters), not text.",
        "Scoring binary data as prose would give a meaningless number.",
        "An image or PDF saved with a .md extension.",
        "Exclude the file, or convert the document to Markdown, HTML or plain text.",
    ),
    Rule(
        "HS003",
        "invalid-encoding",
        "input",
        "error",
        "The file is not valid UTF-8 (and has no UTF-16/UTF-32 byte order mark).",
        "Guessing an encoding silently turns accented letters and symbols into mojibake, "
        "which changes word and syllable counts.",
        "A file saved as Windows-1252 containing 'caf\\xe9'.",
        "Save the file as UTF-8.",
    ),
    Rule(
        "HS004",
        "file-too-large",
        "input",
        "error",
        "The file is larger than the configured limit (max_file_bytes, default 5 MB).",
        "Articles are a few thousand words; a file this large is almost always a data dump or a "
        "generated page, and scoring it would stall a CI run.",
        "A 20 MB HTML export of a whole site.",
        "Exclude the file, split it, or raise max_file_bytes.",
    ),
    Rule(
        "HS005",
        "no-prose",
        "input",
        "warning",
        "The document has no prose to score (empty, whitespace only, or only code and markup).",
        "Dimensions cannot be judged without text, and a made-up score would mislead.",
        "An empty index.md, or a page that is only a code sample.",
        "Add content, or exclude the file.",
    ),
    Rule(
        "HS006",
        "not-english",
        "input",
        "warning",
        "The prose does not look like English, so the English-language checks were not applied.",
        "Readability formulas, lexicons and the claim model are English-only; applied to other "
        "languages they give confident nonsense.",
        "An article in Spanish or German.",
        "Exclude non-English files, or score them with a tool for that language.",
    ),
    Rule(
        "HS007",
        "malformed-markup",
        "input",
        "info",
        "The markup is malformed (unclosed or stray HTML tags, invalid front matter). The text was "
        "still read, the way a browser would read it.",
        "Broken markup can hide or merge text; the score may not reflect what readers see.",
        "<p>Text <div>more</span>",
        "Fix the markup.",
    ),
)

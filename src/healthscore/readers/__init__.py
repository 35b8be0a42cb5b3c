"""Readers: turn bytes or text in Markdown, HTML or plain text into a :class:`Document`.

:func:`read_document` is the one entry point. It decodes bytes (UTF-8, or UTF-16/32 with a byte
order mark), refuses input it cannot read with an :class:`~healthscore.errors.InputError` that
carries an HS0xx code, picks a reader by file extension or by sniffing, and parses.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..document import Document
from ..errors import InputError
from .html import read_html
from .markdown import read_markdown
from .text import read_text

__all__ = ["FORMATS", "EXTENSIONS", "decode", "detect_format", "read_document", "read_file"]

FORMATS = ("text", "markdown", "html")
EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
}
#: Files larger than this are refused rather than scored slowly (configurable).
DEFAULT_MAX_BYTES = 5_000_000
_READERS = {"text": read_text, "markdown": read_markdown, "html": read_html}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f]")
_HTML_SNIFF = re.compile(
    r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b)|<(?:p|div|article|main|h[1-6]|ul|ol|li|br|a\s+href)\b[^>]*>",
    re.IGNORECASE,
)
_MARKDOWN_SNIFF = re.compile(
    r"^(?:#{1,6}\s+\S|[-*+]\s+\S|\d+\.\s+\S|>\s|```|~~~|---\s*$)|\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*",
    re.MULTILINE,
)


def decode(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode file bytes to text, or raise :class:`InputError` saying what is wrong.

    UTF-8 is the default; a byte order mark selects UTF-8, UTF-16 or UTF-32. Invalid UTF-8 is an
    error naming the line and byte, never a silent guess that would score mojibake.
    """
    if len(data) > max_bytes:
        raise InputError(
            f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit "
            "(set max_file_bytes in the configuration to raise it)",
            code="HS004",
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(
                    f"invalid {encoding} after byte order mark: {error.reason}", "HS003"
                ) from error
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes); not a text article", code="HS002")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"not valid UTF-8: byte 0x{data[error.start]:02x} at line {line} "
            f"(offset {error.start}); save the file as UTF-8",
            code="HS003",
        ) from error
    return check_text(text)


def check_text(text: str) -> str:
    """Refuse text that is really binary; normalise line endings to ``\\n``."""
    sample = text[:8192]
    if "\x00" in sample:
        raise InputError("binary content (contains NUL characters); not a text article", "HS002")
    controls = len(_CONTROL_CHARS.findall(sample))
    if sample and controls / len(sample) > 0.05:
        raise InputError("binary content (many control characters); not a text article", "HS002")
    if "\r" in text:
        # Positions are reported in lines; \r\n and \r both end one line.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def detect_format(text: str, path: str | Path | None = None) -> str:
    """Choose ``markdown``, ``html`` or ``text`` from the file extension, else by sniffing."""
    if path is not None:
        fmt = EXTENSIONS.get(Path(path).suffix.lower())
        if fmt:
            return fmt
    head = text[:20_000]
    if _HTML_SNIFF.search(head):
        return "html"
    if _MARKDOWN_SNIFF.search(head):
        return "markdown"
    return "text"


def read_document(
    source: str | bytes,
    *,
    format: str | None = None,
    path: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Parse *source* (text or bytes) into a :class:`Document`."""
    if isinstance(source, bytes):
        text = decode(source, max_bytes)
    else:
        if len(source) > max_bytes:
            raise InputError(
                f"text is {len(source):,} characters, over the {max_bytes:,} limit", code="HS004"
            )
        text = check_text(source)
    fmt = format or detect_format(text, path)
    if fmt not in _READERS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", code="HS001")
    return _READERS[fmt](text, None if path is None else str(path))


def read_file(
    path: str | Path, *, format: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read and parse a file."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                "(set max_file_bytes in the configuration to raise it)",
                code="HS004",
            )
        data = path.read_bytes()
    except InputError:
        raise
    except IsADirectoryError as error:
        raise InputError(f"{path} is a directory, not a file", code="HS001") from error
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}", code="HS001") from error
    return read_document(data, format=format, path=path, max_bytes=max_bytes)

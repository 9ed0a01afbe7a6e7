"""One escaping function per output language: Markdown, CSV, DOCX (XML) and the terminal.

HTML is escaped by Jinja2's autoescape (``markupsafe``); ICS text by the icalendar library, which
escapes commas, semicolons and newlines and folds long lines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_<>&|\[\]])")
_FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")


def escape_markdown(text: str) -> str:
    """Backslash-escape what would change the meaning of Markdown text (inline HTML too); line breaks to spaces.

    A line break in a company name or a note would otherwise start a heading, a list or a raw HTML block;
    control characters are shown as ``\\x1b`` so the file is safe to print in a terminal.
    """
    return visible_controls(_MD_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text)))


def markdown_cell(text: str) -> str:
    """Make ``text`` safe inside a Markdown table cell or list item: escaped, on one line."""
    return " ".join(escape_markdown(str(text)).split())


def safe_cell(value: str) -> str:
    """Neutralise a spreadsheet formula: a text cell starting with = + - @, a tab or a carriage return."""
    return "'" + value if value[:1] in _FORMULA_STARTS else value


def csv_writer(buffer: io.StringIO) -> Any:
    """Start CSV in ``buffer`` the one way: a UTF-8 BOM, CRLF rows, any cell with CR or LF quoted.

    The BOM makes Excel on Windows read UTF-8 (accents, dashes). Text cells still go through ``safe_cell``.
    """
    buffer.write("\ufeff")
    return csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def csv_document(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Return CSV that spreadsheets open as written: UTF-8 BOM, CRLF rows, any cell with CR or LF quoted.

    The BOM makes Excel on Windows read UTF-8 (accents, dashes); every text cell goes through ``safe_cell``.
    """
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue()


def _csv_cell(cell: object) -> str:
    text = "" if cell is None else str(cell)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return text  # a number is not a formula, and a negative one must stay a number
    return safe_cell(text)


# Characters XML 1.0 cannot hold at all (so neither can a .docx): C0 controls but tab, LF, CR; lone
# surrogates; U+FFFE and U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def docx_text(text: str) -> str:
    """Drop the characters XML 1.0 forbids, which python-docx would refuse with a ValueError."""
    return _XML_FORBIDDEN.sub("", text)


# C0 controls but tab and newline, DEL, C1 controls, the bidirectional overrides that can reorder text, and
# lone surrogates (the bytes of a file name that is not UTF-8), which no terminal can be sent.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a character a terminal would act on instead of showing."""
    return _CONTROLS.search(text) is not None


def visible_controls(text: str) -> str:
    """Show control, escape and bidi characters as ``\\x1b`` / ``\\u202e`` so a terminal prints them as text."""

    def show(match: re.Match[str]) -> str:
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:  # a raw byte of a name that is not UTF-8: shown as that byte
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROLS.sub(show, text)

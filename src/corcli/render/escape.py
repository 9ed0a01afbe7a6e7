"""One escaping function per output language: Markdown text, Markdown table cells, CSV cells.

HTML is escaped by Jinja2's autoescape (``markupsafe``); DOCX and ICS by their libraries.
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_<>&|\[\]])")
_FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def escape_markdown(text: str) -> str:
    """Backslash-escape the characters that would change the meaning of Markdown text."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown_cell(text: str) -> str:
    """Make ``text`` safe inside a Markdown table cell or list item: escaped, on one line."""
    return " ".join(escape_markdown(str(text)).split())


def safe_cell(value: str) -> str:
    """Neutralise a spreadsheet formula: a text cell starting with = + - @, a tab or a carriage return."""
    return "'" + value if value[:1] in _FORMULA_STARTS else value

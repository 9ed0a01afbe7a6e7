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


# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that can reorder text.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a character a terminal would act on instead of showing."""
    return _CONTROLS.search(text) is not None


def visible_controls(text: str) -> str:
    """Show control, escape and bidi characters as ``\\x1b`` / ``\\u202e`` so a terminal prints them as text."""

    def show(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROLS.sub(show, text)

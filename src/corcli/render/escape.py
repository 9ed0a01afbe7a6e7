"""CSV output that spreadsheets open safely."""

from __future__ import annotations

_FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def safe_cell(value: str) -> str:
    """Neutralise a spreadsheet formula: a text cell starting with = + - @, a tab or a carriage return."""
    return "'" + value if value[:1] in _FORMULA_STARTS else value

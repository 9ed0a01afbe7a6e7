"""The one date module: calendar arithmetic, the dates users type, and the dates people write in file names.

Why one module: the CLI options, the evidence scan, the import proposals, scoring and the cycle must agree on
what a date is. Typed dates (``--today``, ``--date``, ``--records-since``) are ISO ``YYYY-MM-DD`` or a date
with its month spelled out (``Nov 3 2026``, ``3 novembre 2026``); anything else is refused with one clear
line. File names are read the way people write them, and a name that could be two dates (``03-04-2026``)
is reported as ambiguous, never guessed.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

MIN_YEAR = 1990
MAX_YEAR = 2099

# --------------------------------------------------------------------------------------------- arithmetic


def add_months(day: date, months: int) -> date:
    """Return ``day`` plus ``months`` calendar months (negative goes back), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:  # as date arithmetic does: the CLI reports it as a date out of range (exit 2)
        raise OverflowError("date value out of range")
    last = _stdlib_calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """Return ``day`` plus ``years`` years (29 February becomes 28 February)."""
    return add_months(day, 12 * years)


def whole_months(start: date, end: date) -> int:
    """Return the whole months from ``start`` to ``end`` (0 when ``end`` is not later)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return max(0, months)


# ------------------------------------------------------------------------------------------- month names

_MONTH_WORDS: dict[str, int] = {}
for _number, _words in enumerate(
    (
        ("january", "jan", "janvier", "janv"),
        ("february", "feb", "febr", "février", "fevrier", "févr", "fevr", "fév", "fev"),
        ("march", "mar", "mars"),
        ("april", "apr", "avril", "avr"),
        ("may", "mai"),
        ("june", "jun", "juin"),
        ("july", "jul", "juillet", "juil"),
        ("august", "aug", "août", "aout"),
        ("september", "sep", "sept", "septembre"),
        ("october", "oct", "octobre"),
        ("november", "nov", "novembre"),
        ("december", "dec", "décembre", "decembre", "déc"),
    ),
    start=1,
):
    for _word in _words:
        _MONTH_WORDS[_word] = _number

_MONTH = "(" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\.?"
_SEP = r"[-_. /]"
_ORD = r"(?:st|nd|rd|th|er|e)?"
_YEAR = r"((?:19|20)\d{2})"
_NB = r"(?<![0-9])"
_NA = r"(?![0-9])"
_LB = r"(?<![a-zà-ÿ])"
_LA = r"(?![a-zà-ÿ])"

DatePrecision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class WrittenDate:
    """A date read from text, how precise it is, and which way of writing it was recognised."""

    value: date | None
    """The date (the first of the month or year when only that is given); ``None`` when ambiguous."""
    precision: DatePrecision = "day"
    pattern: str = ""
    """Which way of writing it matched, e.g. ``"2026-09-14"``, ``"Oct 2026"``, ``"IMG_YYYYMMDD"``."""
    text: str = ""
    """The characters of the name that matched."""
    alternatives: tuple[date, ...] = ()
    """For an ambiguous day/month order, both readings (``value`` is then ``None``)."""

    @property
    def ambiguous(self) -> bool:
        """Whether the text can be read as two different dates."""
        return self.value is None and len(self.alternatives) > 1


def _make(year: str | int, month: str | int, day: str | int) -> date | None:
    try:
        result = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return result if MIN_YEAR <= result.year <= MAX_YEAR else None


def _month_number(word: str) -> int:
    return _MONTH_WORDS[word.lower().rstrip(".")]


@dataclass(frozen=True)
class _Pattern:
    label: str
    regex: re.Pattern[str]
    kind: Literal["iso", "ymd", "dmy_numeric", "d_mon_y", "mon_d_y", "mon_y", "y_mon", "ym", "y"]


def _compile(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


_PATTERNS: tuple[_Pattern, ...] = (
    _Pattern("YYYY-MM-DD", _compile(_NB + r"(\d{4})-(\d{2})-(\d{2})" + _NA), "iso"),
    _Pattern("camera IMG_YYYYMMDD", _compile(r"(?:img|pxl|vid|dsc|mvimg)[-_ ]?((?:19|20)\d{2})(\d{2})(\d{2})"), "ymd"),
    _Pattern("YYYY-MM-DD", _compile(_NB + _YEAR + _SEP + r"(\d{1,2})" + _SEP + r"(\d{1,2})" + _NA), "ymd"),
    _Pattern("YYYYMMDD", _compile(_NB + _YEAR + r"(\d{2})(\d{2})" + _NA), "ymd"),
    _Pattern("DD-MM-YYYY", _compile(_NB + r"(\d{1,2})" + _SEP + r"(\d{1,2})" + _SEP + _YEAR + _NA), "dmy_numeric"),
    _Pattern(
        "D Month YYYY",
        _compile(_NB + r"(\d{1,2})" + _ORD + r"[-_. ]*" + _LB + _MONTH + _LA + r"[-_., ]*" + _YEAR + _NA),
        "d_mon_y",
    ),
    _Pattern(
        "Month D, YYYY",
        _compile(_LB + _MONTH + _LA + r"[-_. ]*(\d{1,2})" + _ORD + r"[,]?[-_. ]*" + _YEAR + _NA),
        "mon_d_y",
    ),
    _Pattern("Month YYYY", _compile(_LB + _MONTH + _LA + r"[-_., ]*" + _YEAR + _NA), "mon_y"),
    _Pattern("YYYY Month", _compile(_NB + _YEAR + r"[-_., ]*" + _LB + _MONTH + _LA), "y_mon"),
    _Pattern("YYYY-MM", _compile(_NB + _YEAR + r"[-_.](\d{1,2})" + r"(?![0-9]|[-_.][0-9])"), "ym"),
    _Pattern("YYYY", _compile(r"(?<![0-9a-z])" + _YEAR + r"(?![0-9a-z])"), "y"),
)
_RANK = {"day": 0, "month": 1, "year": 2}
_LEADING_ISO = _PATTERNS[0].regex  # the convention's leading YYYY-MM-DD, tried alone first (the common name)


def _read(pattern: _Pattern, match: re.Match[str]) -> WrittenDate | None:
    groups = match.groups()
    text = match.group(0)
    kind = pattern.kind
    if kind == "iso":  # written the ISO way: any year is meant
        try:
            return WrittenDate(date(int(groups[0]), int(groups[1]), int(groups[2])), "day", pattern.label, text)
        except ValueError:
            return None
    if kind == "ymd":
        value = _make(groups[0], groups[1], groups[2])
        return WrittenDate(value, "day", pattern.label, text) if value else None
    if kind == "dmy_numeric":
        first, second, year = int(groups[0]), int(groups[1]), groups[2]
        day_first = _make(year, second, first)
        month_first = _make(year, first, second)
        if day_first and month_first and day_first != month_first:
            return WrittenDate(None, "day", "DD-MM-YYYY or MM-DD-YYYY", text, (day_first, month_first))
        value = day_first or month_first
        label = "DD-MM-YYYY" if day_first else "MM-DD-YYYY"
        return WrittenDate(value, "day", label, text) if value else None
    if kind == "d_mon_y":
        value = _make(groups[2], _month_number(groups[1]), groups[0])
        return WrittenDate(value, "day", pattern.label, text) if value else None
    if kind == "mon_d_y":
        value = _make(groups[2], _month_number(groups[0]), groups[1])
        return WrittenDate(value, "day", pattern.label, text) if value else None
    if kind == "mon_y":
        value = _make(groups[1], _month_number(groups[0]), 1)
        return WrittenDate(value, "month", pattern.label, text) if value else None
    if kind == "y_mon":
        value = _make(groups[0], _month_number(groups[1]), 1)
        return WrittenDate(value, "month", pattern.label, text) if value else None
    if kind == "ym":
        value = _make(groups[0], groups[1], 1)
        return WrittenDate(value, "month", pattern.label, text) if value else None
    value = _make(groups[0], 1, 1)
    return WrittenDate(value, "year", pattern.label, text) if value else None


def date_in_text(text: str) -> WrittenDate | None:
    """Return the first date written in ``text`` (a file name without its extension), or ``None``.

    A full date wins over a month-only one anywhere in the text, and a month over a bare year; among dates
    of one precision, the leftmost wins.
    An ambiguous numeric date (``03-04-2026``) is returned with ``value=None`` and both readings.
    """
    leading = _LEADING_ISO.match(text)
    if leading is not None:  # a valid ISO date at the start: a full date at position 0 that nothing outranks
        found = _read(_PATTERNS[0], leading)
        if found is not None:
            return found
    best: tuple[int, int, WrittenDate] | None = None  # (precision rank, position, date)
    for pattern in _PATTERNS:
        for match in pattern.regex.finditer(text):
            found = _read(pattern, match)
            if found is None:
                continue
            key = (_RANK[found.precision], match.start())
            if best is None or key < best[:2]:
                best = (key[0], key[1], found)
            break
    return best[2] if best else None


_EXPIRY_MARK = re.compile(
    r"(?<![a-zà-ÿ])(?:exp|expires?|expiry|expiring|expiration|expired|valid until|valid to|valid thru|good until"
    r"|expire le|échéance|echeance|valide jusqu'au|valide jusqu au)(?![a-zà-ÿ])\.?[-_.:, ]*",
    re.IGNORECASE,
)


def split_expiry(text: str) -> tuple[str, str | None]:
    """Return ``text`` with a date marked as an expiry (``exp 2028-01-15``, ``valid until Jan 2028``) blanked
    out, and the marked words, or ``None`` when there is none.

    Why: a certificate's name often carries the day it lapses; that day is no record date, and read as one it
    puts the record in the future, where no audit counts it.
    """
    for mark in _EXPIRY_MARK.finditer(text):
        end = max((m.end() for p in _PATTERNS if (m := p.regex.match(text, mark.end()))), default=-1)
        if end > mark.end():
            return text[: mark.start()] + " " * (end - mark.start()) + text[end:], text[mark.start() : end].strip()
    return text, None


# ------------------------------------------------------------------------------------- dates users type

_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TYPED_DATE_HINT = "Write it as YYYY-MM-DD, e.g. 2026-11-03 (or with the month spelled out: Nov 3 2026)."


def parse_typed_date(text: str) -> date | None:
    """Return the date a person typed (``2026-11-03``, ``Nov 3 2026``, ``3 novembre 2026``), or ``None``.

    Only ISO dates and dates with the month spelled out are taken: a numeric date such as ``03-11-2026``
    means different days to different people, and a typed date must mean one day.
    """
    value = text.strip()
    if _ISO_RE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    for pattern in _PATTERNS:
        if pattern.kind not in {"d_mon_y", "mon_d_y"}:
            continue
        match = pattern.regex.fullmatch(value)
        if match:
            found = _read(pattern, match)
            return found.value if found else None
    return None


__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "TYPED_DATE_HINT",
    "DatePrecision",
    "WrittenDate",
    "add_months",
    "add_years",
    "date_in_text",
    "parse_typed_date",
    "split_expiry",
    "whole_months",
]

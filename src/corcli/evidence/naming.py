"""Evidence file names: the naming convention (``YYYY-MM-DD_req-ID_anything.ext``), dates as people write them,
and requirement ids.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from corcli.errors import (
    UnknownIdError,
)
from corcli.models.catalog import AuditElement, AuditStandard
from corcli.models.evidence import DateSource
from corcli.rules.dates import date_in_text, split_expiry

_DATE_RE = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")


_REQ_RE = re.compile(r"(?:^|[_ ])req-([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?=$|[_ ])", re.IGNORECASE)


_LEADING_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[_ ]")


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class NameInfo:
    """What an evidence file's name says under the naming convention."""

    record_date: date | None = None
    requirement: str | None = None
    bad_date: str | None = None  # a YYYY-MM-DD in the name that is not a real date (e.g. 2026-02-30)
    date_source: DateSource | None = None  # FILENAME, FILENAME_MONTH or FILENAME_YEAR when a date was read
    ambiguous: str | None = None  # a date that reads two ways (03-04-2026), never guessed
    pattern: str = ""  # which way of writing the date was recognised
    expiry: str | None = None  # a date the name marks as an expiry ('exp 2028-01-15'): never the record date


def parse_evidence_name(name: str) -> NameInfo:
    """Read the record date and requirement id from a file name (``2026-10-01_req-3.2_roof.pdf``)."""
    return NameInfo(*parse_name(name))


def name_stem(name: str) -> str:
    """Drop a file extension: 1-10 letters or digits with at least one letter (``.pdf``, not ``.2``)."""
    dot = name.rfind(".")
    if dot <= 0:
        return name
    ext = name[dot + 1 :]
    if 0 < len(ext) <= 10 and ext.isalnum() and not ext.isdigit():
        return name[:dot]
    return name


ParsedName = tuple[date | None, str | None, str | None, DateSource | None, str | None, str, str | None]
"""What ``parse_name`` returns: (record date, requirement, bad date, date source, ambiguous text, pattern,
expiry text)."""


_PRECISION_SOURCE = {
    "day": DateSource.FILENAME,
    "month": DateSource.FILENAME_MONTH,
    "year": DateSource.FILENAME_YEAR,
}


def parse_name(name: str) -> ParsedName:
    """Return (record date, requirement, bad date, date source, ambiguous text, pattern, expiry) for a file name.

    A date marked as an expiry ('exp 2028-01-15', 'valid until Jan 2028') is returned as the expiry, never as the
    record date: a name with no other date has no record date.
    """
    stem, expiry = split_expiry(name_stem(name))
    requirement: str | None = None
    if "req-" in stem or "REQ-" in stem.upper():
        req = _REQ_RE.search(stem)
        requirement = req.group(1) if req else None
        if req:  # the requirement id is no date: 'req-2026.1' must not read as a year
            stem = stem[: req.start(1)] + " " * len(req.group(1)) + stem[req.end(1) :]
    bad_date: str | None = None
    if "-" in stem:
        for match in _DATE_RE.finditer(stem):
            try:
                date.fromisoformat(match.group(0))
                break
            except ValueError:
                bad_date = bad_date or match.group(0)
    written = date_in_text(stem)
    if written is None:
        return None, requirement, bad_date, None, None, "", expiry
    if written.value is None:
        return None, requirement, bad_date, None, written.text, written.pattern, expiry
    if bad_date and written.precision != "day":
        return None, requirement, bad_date, None, None, "", expiry
    return written.value, requirement, None, _PRECISION_SOURCE[written.precision], None, written.pattern, expiry


_SEPARATOR = "\x00"  # no file name holds a NUL, so no part of what a name says does


_SOURCES = {source.value: source for source in DateSource}


_days: dict[str, date] = {}


def encode_parsed_name(parsed: ParsedName) -> str:
    """Return ``parse_name``'s result as one string, for the hash cache (``decode_parsed_name`` reads it)."""
    day, requirement, bad_date, source, ambiguous, pattern, expiry = parsed
    parts = (day.isoformat() if day else "", requirement, bad_date, source.value if source else "", ambiguous)
    return _SEPARATOR.join([*(p or "" for p in parts), pattern, expiry or ""])


def decode_parsed_name(text: str) -> ParsedName | None:
    """Read what ``encode_parsed_name`` wrote; ``None`` if it is not that (a damaged cache is re-parsed).

    Why: a warm scan reads each file's name data from the hash cache, about 20x faster than parsing
    the name again; equal days share one ``date``.
    """
    parts = text.split(_SEPARATOR)
    if len(parts) != 7:  # a cache written before expiry dates were read is parsed again
        return None
    day_text, requirement, bad_date, source_text, ambiguous, pattern, expiry = parts
    day: date | None = None
    if day_text:
        day = _days.get(day_text)
        if day is None:
            try:
                day = _days[day_text] = date.fromisoformat(day_text)
            except ValueError:
                return None
    source = _SOURCES.get(source_text) if source_text else None
    if source_text and source is None:
        return None
    return day, requirement or None, bad_date or None, source, ambiguous or None, pattern, expiry or None


def evidence_file_name(original: str, requirement: str, record_date: date | None) -> str:
    """Return the name a file gets when added: the original, prefixed to follow the naming convention."""
    name = _CONTROL_RE.sub("_", original).lstrip(". ") or "evidence"
    info = parse_evidence_name(name)
    lead = ""
    if record_date is not None and info.record_date is None:
        lead = f"{record_date.isoformat()}_"
    elif _LEADING_DATE_RE.match(name):  # keep a leading date first: 2026-10-01_req-3.2_walk.pdf
        lead, name = name[:11], name[11:]
    if info.requirement != requirement:
        lead += f"req-{requirement}_"
    result = lead + name
    encoded = result.encode("utf-8", "surrogateescape")
    if len(encoded) > 200:  # leave room for a "_2" suffix and the temp-file prefix under NAME_MAX
        stem = name_stem(result)
        ext = result[len(stem) :]
        budget = 200 - len(ext.encode())
        stem = stem.encode("utf-8", "surrogateescape")[:budget].decode("utf-8", "ignore")
        result = stem + ext
    return result


def resolve_requirement(standard: AuditStandard, raw: str) -> str | None:
    """Return the standard's requirement id that ``raw`` names, trimming trailing ``.x``/``-x`` parts."""
    known, lowered = _owners(standard)
    candidate = raw
    while candidate:
        if candidate in known:
            return candidate
        if candidate.lower() in lowered:
            return lowered[candidate.lower()]
        cut = max(candidate.rfind("."), candidate.rfind("-"))
        if cut <= 0:
            return None
        candidate = candidate[:cut]
    return None


_last_owners: tuple[AuditStandard, dict[str, AuditElement], dict[str, str]] | None = None


def _owners(standard: AuditStandard) -> tuple[dict[str, AuditElement], dict[str, str]]:
    """Requirement id -> element, and lower-cased id -> id, built once per standard, not once per file."""
    global _last_owners
    if _last_owners is None or _last_owners[0] is not standard:
        owners = {r.id: e for e in standard.elements for r in e.requirements}
        _last_owners = (standard, owners, {k.lower(): k for k in owners})
    return _last_owners[1], _last_owners[2]


def requirement_owners(standard: AuditStandard) -> dict[str, AuditElement]:
    """Requirement id -> its element (shared between calls for one standard: do not change it)."""
    return _owners(standard)[0]


def find_requirement(standard: AuditStandard, requirement_id: str) -> tuple[str, AuditElement]:
    """Return the requirement id and its element, or raise ``UnknownIdError`` with "did you mean"."""
    wanted = requirement_id.strip()
    if wanted.lower().startswith("req-"):
        wanted = wanted[4:]
    ids = requirement_owners(standard)
    if wanted in ids:
        return wanted, ids[wanted]
    for known, element in ids.items():
        if known.lower() == wanted.lower():
            return known, element
    raise UnknownIdError(
        "requirement",
        requirement_id,
        difflib.get_close_matches(wanted, list(ids), n=3, cutoff=0.5),
        f"It is not in the standard {standard.id}; each evidence folder's README.md lists its requirement ids.",
    )


__all__ = [
    "NameInfo",
    "ParsedName",
    "decode_parsed_name",
    "encode_parsed_name",
    "evidence_file_name",
    "find_requirement",
    "name_stem",
    "parse_evidence_name",
    "parse_name",
    "requirement_owners",
    "resolve_requirement",
]

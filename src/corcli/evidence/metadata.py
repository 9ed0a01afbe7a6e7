"""Record dates from a file's own metadata, for files whose names carry no date.

Photos: EXIF ``DateTimeOriginal`` (``exifread``); DOCX, XLSX and PPTX: the core properties' ``created``
(``python-docx``'s package reader); PDF: the document information's creation date (``pypdf``). Each library is
imported only when such a file needs reading, and what was read is cached by content hash in
``.corcli/metadata-cache.json``, so a warm scan reads no file content again.

Why these dates and in this order: they are the document's own date, but a template's creation date can
travel with a copy, so every such date is labelled with its source and reported as one to check.
"""

from __future__ import annotations

import contextlib
import json
import logging
from datetime import date, datetime
from pathlib import Path

from corcli.errors import CorcliError
from corcli.models.evidence import DateSource
from corcli.rules.dates import MAX_YEAR, MIN_YEAR
from corcli.storage.workspace import Workspace, write_atomic

METADATA_CACHE_NAME = "metadata-cache.json"
_CACHE_VERSION = 1
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".heic", ".heif", ".webp", ".png"})
OFFICE_SUFFIXES = frozenset({".docx", ".docm", ".xlsx", ".xlsm", ".pptx"})
PDF_SUFFIXES = frozenset({".pdf"})
MAX_BYTES = 200 * 1024 * 1024
"""Larger files are not opened for their metadata (a scan stays bounded in time)."""

DocumentDate = tuple[date, DateSource]


def has_metadata_date(name: str) -> bool:
    """Whether a file of this name may carry a document date that corcli can read."""
    suffix = Path(name).suffix.lower()
    return suffix in PHOTO_SUFFIXES or suffix in OFFICE_SUFFIXES or suffix in PDF_SUFFIXES


def read_document_date(path: Path | str, size: int | None = None) -> DocumentDate | None:
    """Return the date a file's metadata gives for the document itself, or ``None``.

    A damaged or unusual file is no error: it simply has no metadata date.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    try:
        if (size if size is not None else file.stat().st_size) > MAX_BYTES:
            return None
        if suffix in PHOTO_SUFFIXES:
            return _dated(_photo_taken(file), DateSource.PHOTO_TAKEN)
        if suffix in OFFICE_SUFFIXES:
            return _dated(_office_created(file), DateSource.DOCUMENT_CREATED)
        if suffix in PDF_SUFFIXES:
            return _dated(_pdf_created(file), DateSource.PDF_CREATED)
    except Exception:
        return None
    return None


def _dated(value: date | None, source: DateSource) -> DocumentDate | None:
    if value is None or not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return value, source


def _quiet(name: str) -> None:
    """Keep a library's warnings about odd files off the user's terminal."""
    logging.getLogger(name).setLevel(logging.CRITICAL)


def _photo_taken(path: Path) -> date | None:
    import exifread

    _quiet("exifread")
    with path.open("rb") as handle:
        tags = exifread.process_file(handle, details=False, stop_tag="DateTimeOriginal")
    for key in ("EXIF DateTimeOriginal", "EXIF DateTimeDigitized", "Image DateTime"):
        if key in tags:
            text = str(tags[key]).strip()
            with contextlib.suppress(ValueError):
                return datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S").date()
    return None


def _office_created(path: Path) -> date | None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.package import OpcPackage

    package = OpcPackage.open(str(path))
    try:  # asking for core_properties directly would invent today's date for a file without them
        package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
    except KeyError:
        return None
    created = package.core_properties.created
    return created.date() if isinstance(created, datetime) else None


def _pdf_created(path: Path) -> date | None:
    from pypdf import PdfReader

    _quiet("pypdf")
    reader = PdfReader(str(path))
    info = reader.metadata
    created = info.creation_date if info is not None else None
    return created.date() if isinstance(created, datetime) else None


class MetadataCache:
    """Document dates already read, by content hash (``.corcli/metadata-cache.json``)."""

    def __init__(self, workspace: Workspace) -> None:
        self._path = workspace.state_dir / METADATA_CACHE_NAME
        self._entries: dict[str, str] = {}
        self._changed = False
        try:
            raw = json.loads(self._path.read_bytes())
            if isinstance(raw, dict) and raw.get("version") == _CACHE_VERSION and isinstance(raw.get("files"), dict):
                self._entries = {k: v for k, v in raw["files"].items() if isinstance(v, str)}
        except (OSError, ValueError):
            pass

    def date_of(self, digest: str, path: str, size: int) -> DocumentDate | None:
        """Return the metadata date of the file with content ``digest``, reading ``path`` only on a miss."""
        entry = self._entries.get(digest)
        if entry is None:
            found = read_document_date(path, size)
            entry = f"{found[0].isoformat()}:{found[1].value}" if found else ""
            self._entries[digest] = entry
            self._changed = True
        if not entry:
            return None
        day, _, source = entry.partition(":")
        try:
            return date.fromisoformat(day), DateSource(source)
        except ValueError:
            return None

    def save(self) -> None:
        """Write the cache if anything new was read (a cache that cannot be written only costs time)."""
        if not self._changed:
            return
        payload = json.dumps({"version": _CACHE_VERSION, "files": self._entries}, separators=(",", ":"))
        with contextlib.suppress(OSError, CorcliError):
            write_atomic(self._path, payload)
        self._changed = False


__all__ = [
    "METADATA_CACHE_NAME",
    "DocumentDate",
    "MetadataCache",
    "has_metadata_date",
    "read_document_date",
]

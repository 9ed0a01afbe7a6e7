"""Models of the evidence index kept in a workspace."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from corcli.models.base import StrictModel

EVIDENCE_SCHEMA_VERSION = 1


class DateSource(StrEnum):
    """Where a record's date came from, most trusted first."""

    FLAG = "flag"  # given with --date when added
    SIDECAR = "sidecar"  # a FILE.meta.yaml next to the file
    FILENAME = "filename"  # a YYYY-MM-DD in the file name
    MTIME = "mtime"  # the file's modification time: last resort, flagged in reports


class EvidenceItem(StrictModel):
    """One evidence file and what it proves."""

    path: str = Field(description="Path relative to the workspace's evidence folder, with '/' separators.")
    element: str = Field(description="Evidence folder (element) the file is in.")
    requirement: str | None = Field(default=None, description="Requirement id it is tied to, if known.")
    record_date: date | None = Field(default=None, description="Date the record documents (not the file's mtime).")
    date_source: DateSource | None = Field(default=None, description="Where record_date came from.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file's content.")
    size: int = Field(ge=0, description="Size in bytes.")
    note: str = Field(default="", description="Free note, e.g. what the record shows.")
    added: datetime | None = Field(default=None, description="When it was added with 'corcli evidence add'.")
    original_name: str = Field(default="", description="Name of the file it was copied from, if renamed.")


class EvidenceIndex(StrictModel):
    """The evidence index file (``evidence/index.yaml``)."""

    schema_version: Literal[1] = Field(default=1, description="Version of this file's layout.")
    items: list[EvidenceItem] = Field(default_factory=list, description="Indexed evidence files, sorted by path.")


class EvidenceSidecar(StrictModel):
    """A ``FILE.meta.yaml`` next to an evidence file: what the file proves, written by a person."""

    requirement: str | None = Field(default=None, max_length=24, description="Requirement id the file proves.")
    record_date: date | None = Field(default=None, description="Date the record documents, YYYY-MM-DD.")
    note: str = Field(default="", max_length=2000, description="Free note, e.g. what the record shows.")

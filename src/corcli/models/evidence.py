"""Models of the evidence index kept in a workspace."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from corcli.models.base import StrictModel

EVIDENCE_SCHEMA_VERSION = 1


class DateSource(StrEnum):
    """Where a record's date came from, most trusted first."""

    FLAG = "flag"  # given with --date when added (or confirmed at import)
    SIDECAR = "sidecar"  # a FILE.meta.yaml next to the file
    FILENAME = "filename"  # a full date in the file name (2026-09-14, Sep 14 2026, IMG_20260914...)
    FILENAME_MONTH = "filename_month"  # only a month in the name (Oct 2026): the record covers that month
    FILENAME_YEAR = "filename_year"  # only a year in the name (2025 program review): dated 1 January
    PHOTO_TAKEN = "photo_taken"  # a photo's EXIF DateTimeOriginal
    DOCUMENT_CREATED = "document_created"  # a DOCX/XLSX's core properties (created)
    PDF_CREATED = "pdf_created"  # a PDF's creation date
    MTIME = "mtime"  # the file's modification time: last resort, flagged in reports


DATE_TRUST: dict[DateSource, str] = {
    DateSource.FLAG: "given by a person",
    DateSource.SIDECAR: "given by a person",
    DateSource.FILENAME: "from the name",
    DateSource.FILENAME_MONTH: "from the name, month only: the record covers that month",
    DateSource.FILENAME_YEAR: "from the name, year only: check it",
    DateSource.PHOTO_TAKEN: "when the photo was taken (EXIF)",
    DateSource.DOCUMENT_CREATED: "when the document was created (its properties): check it",
    DateSource.PDF_CREATED: "when the PDF was created (its properties): check it",
    DateSource.MTIME: "the file's modification time: an auditor will not accept it",
}
"""How far each date source can be trusted, in words for reports."""


class RequirementSource(StrEnum):
    """Where a file's requirement ids came from."""

    FLAG = "flag"  # given with --requirement (evidence add) or confirmed at import
    SIDECAR = "sidecar"  # a FILE.meta.yaml next to the file
    FILENAME = "filename"  # req-ID in the file name
    INDEX = "index"  # written in the index by hand
    IMPORT = "import"  # proposed by 'evidence import' and accepted


RequirementRef = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=24)]


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
    more_requirements: list[str] = Field(
        default_factory=list, description="Further requirement ids the same file proves (after 'requirement')."
    )
    requirement_source: RequirementSource | None = Field(
        default=None, description="Where the requirement ids came from: flag, sidecar, filename or index."
    )

    def requirement_ids(self) -> list[str]:
        """Return every requirement id the file is tied to, in order, without repeats."""
        if not self.more_requirements:  # nearly every file: one id or none
            return [self.requirement] if self.requirement else []
        ids = ([self.requirement] if self.requirement else []) + list(self.more_requirements)
        return list(dict.fromkeys(ids))


class EvidenceIndex(StrictModel):
    """The evidence index file (``evidence/index.yaml``)."""

    schema_version: Literal[1] = Field(default=1, description="Version of this file's layout.")
    items: list[EvidenceItem] = Field(default_factory=list, description="Indexed evidence files, sorted by path.")


class EvidenceSidecar(StrictModel):
    """A ``FILE.meta.yaml`` next to an evidence file: what the file proves, written by a person."""

    requirement: RequirementRef | list[RequirementRef] | None = Field(
        default=None, description="Requirement id the file proves, or a list of ids when it proves several."
    )
    record_date: date | None = Field(default=None, description="Date the record documents, YYYY-MM-DD.")
    note: str = Field(default="", max_length=2000, description="Free note, e.g. what the record shows.")

    def requirement_ids(self) -> list[str]:
        """Return the requirement ids the sidecar names, in order, without repeats."""
        if self.requirement is None:
            return []
        ids = [self.requirement] if isinstance(self.requirement, str) else self.requirement
        return list(dict.fromkeys(ids))


class EvidenceTie(StrictModel):
    """One requirement an evidence file is tied to, and whether it counts there."""

    requirement: str = Field(description="Requirement id.")
    reason: str = Field(description="Why the file is tied to it, e.g. 'named req-9.2' or \"name says 'inspection'\".")
    counts: bool = Field(description="Whether the file counts for the requirement.")
    why_not: str = Field(default="", description="Why a tie does not count (outside the window, duplicate...).")


class EvidenceAccount(StrictModel):
    """One evidence file as every report shows it: what it counts for and why, or why it counts for nothing."""

    path: str = Field(description="Path relative to the evidence folder.")
    element: str = Field(description="Element folder the file is in ('' when directly in evidence/).")
    record_date: date | None = Field(description="Date the record documents.")
    date_source: DateSource | None = Field(description="Where the date came from.")
    counted_for: list[str] = Field(description="Requirement ids the file counts for.")
    ties: list[EvidenceTie] = Field(description="Every requirement the file is tied to, counted or not.")
    not_counted: str = Field(description="Why the file counts for nothing ('' when it counts).")
    proposed: list[str] = Field(description="Requirements its name fits but that it does not count for.")

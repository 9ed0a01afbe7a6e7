"""Record dates from a file's own metadata, read lazily and cached by content hash."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from corcli.evidence import metadata
from corcli.evidence.scan import collect_evidence
from corcli.models import DateSource
from corcli.storage.workspace import Workspace
from tests.metafiles import jpeg_with_exif, write_docx, write_pdf, write_xlsx


def test_each_kind_of_file_gives_its_own_date(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_exif(datetime(2026, 10, 12, 9, 30, 15)))
    cases = [
        (photo, date(2026, 10, 12), DateSource.PHOTO_TAKEN),
        (
            write_docx(tmp_path / "minutes.docx", datetime(2026, 9, 14, 10)),
            date(2026, 9, 14),
            DateSource.DOCUMENT_CREATED,
        ),
        (
            write_xlsx(tmp_path / "matrix.xlsx", datetime(2026, 8, 12, 9)),
            date(2026, 8, 12),
            DateSource.DOCUMENT_CREATED,
        ),
        (write_pdf(tmp_path / "scan.pdf", datetime(2026, 7, 1, 9, 30)), date(2026, 7, 1), DateSource.PDF_CREATED),
    ]
    for path, day, source in cases:
        assert metadata.read_document_date(path) == (day, source), path.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.pdf", b"%PDF-1.7 not really"),
        ("broken.docx", b"PK not a zip"),
        ("broken.jpg", b"\xff\xd8 no exif"),
        ("plain.txt", b"hello"),
    ],
)
def test_odd_files_have_no_metadata_date_and_raise_nothing(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert metadata.read_document_date(path) is None


def test_a_pdf_without_a_creation_date_has_none(tmp_path: Path) -> None:
    assert metadata.read_document_date(write_pdf(tmp_path / "bare.pdf", None)) is None


def test_a_scan_dates_undated_names_by_metadata_and_a_warm_scan_reads_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ws"
    (root / "evidence" / "09-inspections").mkdir(parents=True)
    (root / "corcli.yaml").write_text("schema_version: 1\n")
    workspace = Workspace(root.resolve(), "test")
    folder = root / "evidence" / "09-inspections"
    (folder / "walk photo.jpg").write_bytes(jpeg_with_exif(datetime(2026, 10, 12, 9, 30)))
    write_pdf(folder / "site inspection.pdf", datetime(2026, 9, 3, 8, 0))
    write_pdf(folder / "site inspection 2026-08-14.pdf", datetime(2020, 1, 1, 8, 0))  # the name wins
    first = {i.path.rsplit("/", 1)[-1]: (i.record_date, i.date_source) for i in collect_evidence(workspace).items}
    assert first == {
        "walk photo.jpg": (date(2026, 10, 12), DateSource.PHOTO_TAKEN),
        "site inspection.pdf": (date(2026, 9, 3), DateSource.PDF_CREATED),
        "site inspection 2026-08-14.pdf": (date(2026, 8, 14), DateSource.FILENAME),
    }

    def no_reading(*_args: object) -> None:
        raise AssertionError("a warm scan read a file's content")

    monkeypatch.setattr(metadata, "read_document_date", no_reading)
    monkeypatch.setattr("corcli.evidence.hashing.hash_file", no_reading)
    again = {i.path.rsplit("/", 1)[-1]: (i.record_date, i.date_source) for i in collect_evidence(workspace).items}
    assert again == first

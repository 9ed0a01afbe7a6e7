"""``corcli evidence import``: proposals for every file of a messy folder, then copying, counting and verifying."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.metafiles import jpeg_with_exif, write_docx, write_pdf

Invoke = Callable[..., Any]
TODAY = "2026-11-26"
COPIED_ON = datetime(2026, 11, 20, 12, 0).timestamp()


@pytest.fixture
def drive(tmp_path: Path) -> Path:
    """A shared drive as a company keeps it: folders by topic, names as people write them, a phone export."""
    root = tmp_path / "S-drive"
    files = {
        "Safety/Inspections/Site Inspection June 2026.pdf": None,
        "Safety/Inspections/Site Inspection Jul 2026.pdf": None,
        "Safety/Inspections/2026-08-14 site inspection.pdf": None,
        "Safety/Inspections/inspection schedule.pdf": None,
        "Safety/Meetings/Toolbox talk Oct 7 2026.pdf": None,
        "Safety/Meetings/Safety meeting minutes.docx": datetime(2026, 9, 14, 10),
        "Safety/Policy/Health and Safety Policy.pdf": datetime(2026, 1, 12, 9),
        "Safety/Hazards/FLHA 14-09-2026.pdf": None,
        "Safety/Hazards/Inspection 03-04-2026.pdf": None,
        "Phone/IMG_20261012_093015.jpg": None,
        "Phone/photo 1.jpg": datetime(2026, 10, 1, 8),
        "Misc/scan0001.pdf": datetime(2026, 6, 30, 15),
        "Misc/Inspection template.docx": datetime(2024, 1, 1, 9),
    }
    for rel, created in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".pdf":
            write_pdf(path, created)
        elif path.suffix == ".docx":
            write_docx(path, created or datetime(2024, 1, 1), text=rel)
        else:
            path.write_bytes(jpeg_with_exif(created or datetime(2026, 10, 12, 9, 30)) + rel.encode())
        os.utime(path, (COPIED_ON, COPIED_ON))
    (root / ".hidden").write_text("skipped")
    return root


def test_import_proposes_copies_counts_and_verifies(
    invoke: Invoke, make_workspace: Callable[..., Path], drive: Path
) -> None:
    root = make_workspace()
    dry = invoke("evidence", "import", drive, "-w", root, "--dry-run", "--format", "json")
    assert dry.exit_code == 0, dry.output
    proposals = {p["file"]: p for p in json.loads(dry.stdout)["proposals"]}
    on_drive = {p.relative_to(drive).as_posix() for p in drive.rglob("*") if p.is_file() and p.name != ".hidden"}
    assert set(proposals) == on_drive  # a proposal for every file
    assert not any((root / "evidence" / "unsorted").glob("*"))  # a dry run copies nothing
    june = proposals["Safety/Inspections/Site Inspection June 2026.pdf"]
    assert (june["requirements"], june["record_date"], june["date_source"]) == (["9.2"], "2026-06-01", "filename_month")
    assert proposals["Safety/Meetings/Safety meeting minutes.docx"]["date_source"] == "document_created"
    assert proposals["Phone/photo 1.jpg"]["record_date"] == "2026-10-01"
    assert proposals["Phone/photo 1.jpg"]["element"] == "unsorted"
    ambiguous = proposals["Safety/Hazards/Inspection 03-04-2026.pdf"]
    assert ambiguous["doubtful"] is True
    assert "two dates" in ambiguous["why"]
    assert proposals["Misc/Inspection template.docx"]["element"] == "unsorted"

    done = invoke("evidence", "import", drive, "-w", root, "--yes")
    assert done.exit_code == 0, done.output
    assert f"Imported {len(on_drive)} file(s)" in done.stdout
    assert (root / "evidence" / "09-inspections" / "Site Inspection June 2026.pdf").is_file()
    assert (root / "evidence" / "unsorted" / "scan0001.pdf").is_file()
    assert (drive / "Phone" / "photo 1.jpg").is_file()  # copied, never moved

    report = json.loads(invoke("check", "-w", root, "--today", TODAY, "-f", "json", "--exit-zero").stdout)
    counted = {a["path"]: a["counted_for"] for a in report["evidence"]}
    assert counted["09-inspections/Site Inspection June 2026.pdf"] == ["9.2"]
    assert counted["09-inspections/2026-08-14 site inspection.pdf"] == ["9.2"]
    assert len(report["evidence"]) == len(on_drive)  # nothing is missing from the report
    assert invoke("evidence", "verify", "-w", root).exit_code == 0

    again = invoke("evidence", "import", drive, "-w", root, "--yes")
    assert again.exit_code == 0, again.output
    assert "Imported 0 file(s)" in again.stdout
    assert f"{len(on_drive)} already in evidence/" in again.stdout


def test_import_without_yes_in_a_script_copies_nothing(
    invoke: Invoke, make_workspace: Callable[..., Path], drive: Path
) -> None:
    root = make_workspace()
    result = invoke("evidence", "import", drive, "-w", root)
    assert result.exit_code == 0, result.output
    assert "Nothing was copied" in result.stderr
    assert "13 file(s): 13 new" in result.stdout
    assert not (root / "evidence" / "unsorted").exists()


def test_import_refuses_a_missing_folder_or_the_evidence_folder(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_workspace()
    missing = invoke("evidence", "import", tmp_path / "nowhere", "-w", root, "--dry-run")
    assert missing.exit_code == 2
    assert "not a folder" in missing.stderr
    inside = invoke("evidence", "import", root / "evidence", "-w", root, "--dry-run")
    assert inside.exit_code == 2
    assert "inside evidence/" in inside.stderr


def test_add_with_requirement_repeated_ties_the_file_to_each(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_workspace()
    matrix = tmp_path / "Training matrix.xlsx"
    matrix.write_bytes(b"matrix")
    result = invoke("evidence", "add", matrix, "-r", "8.2", "-r", "8.3", "--date", "Nov 3 2026", "-w", root)
    assert result.exit_code == 0, result.output
    assert "requirement 8.2, 8.3, record date 2026-11-03" in result.stdout
    report = json.loads(invoke("check", "-w", root, "--today", TODAY, "-f", "json", "--exit-zero").stdout)
    (account,) = report["evidence"]
    assert account["counted_for"] == ["8.2", "8.3"]
    assert all(t["reason"] == "added with --requirement" for t in account["ties"])


def test_import_takes_a_name_that_is_not_utf8_exactly(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_workspace()
    drive = tmp_path / "drive"
    drive.mkdir()
    raw = b"Inspection caf\xe9 \xff 2026-08-14.pdf"  # Latin-1 bytes from an old Windows share
    (Path(os.fsdecode(bytes(drive) + b"/" + raw))).write_bytes(b"%PDF inspection")
    done = invoke("evidence", "import", drive, "-w", root, "--yes")
    assert done.exit_code == 0, done.output
    assert "Imported 1 file(s)" in done.stdout
    assert not any("\ud800" <= ch <= "\udfff" for ch in done.output)  # shown escaped, never raw
    copied = list((root / "evidence").rglob("*.pdf"))
    assert [os.fsencode(p.name) for p in copied] == [raw]  # exact bytes on disk
    assert copied[0].read_bytes() == b"%PDF inspection"
    listed = json.loads(invoke("evidence", "list", "-w", root, "--format", "json").stdout)
    [item] = listed["items"]
    assert os.fsencode(item["path"]).endswith(raw)  # the index round-trips it
    report = json.loads(invoke("check", "-w", root, "--today", TODAY, "-f", "json", "--exit-zero").stdout)
    assert [a["counted_for"] for a in report["evidence"]] == [["9.2"]]
    assert invoke("evidence", "verify", "-w", root).exit_code == 0


def test_import_table_says_where_each_date_came_from_in_words(
    invoke: Invoke, make_workspace: Callable[..., Path], drive: Path
) -> None:
    """The dry run's table reads like the other tables: no frame, no cut cells, date sources in words."""
    root = make_workspace()
    dry = invoke("evidence", "import", drive, "-w", root, "--dry-run", env={"COLUMNS": "100"})
    assert dry.exit_code == 0, dry.output
    assert "┃" not in dry.stdout
    assert "…" not in dry.stdout
    assert "(month only)" in dry.stdout  # Site Inspection June 2026.pdf
    assert "(doc's date ?)" in dry.stdout  # a DOCX dated by its own properties
    assert "(modified *)" in dry.stdout  # scan0001.pdf: no date anywhere but the file system
    assert "mtime" not in dry.stdout
    assert "document_created" not in dry.stdout
    assert "? the date is a guess" in dry.stdout
    assert "* date taken from the file's modification time" in dry.stdout
    listed = invoke("evidence", "list", "-w", root, env={"COLUMNS": "100"})
    assert "┃" not in listed.stdout

"""Misreads a user trial found in evidence intake: expiry dates taken as record dates, Office lock files counted
as evidence, and a fall protection plan and a first aid certificate filed under the wrong requirement.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from corcli.evidence.naming import parse_evidence_name
from corcli.evidence.walk import is_lock_or_temp_name
from corcli.rules.dates import split_expiry

Invoke = Callable[..., Any]
TODAY = "2026-11-26"
COPIED_ON = datetime(2026, 11, 20, 12, 0).timestamp()
CERT = "Fall protection cert - John Smith - exp 2028-01-15.pdf"
LOCK_FILES = ("~$Copy of Policy (final) v2.docx", ".~lock.Policy.docx#", "~WRL0001.tmp", "Thumbs.db", "desktop.ini")


def _drive(tmp_path: Path, names: tuple[str, ...]) -> Path:
    drive = tmp_path / "drive"
    drive.mkdir()
    for name in names:
        (drive / name).write_bytes(f"content of {name}".encode())
        os.utime(drive / name, (COPIED_ON, COPIED_ON))
    return drive


def _proposals(invoke: Invoke, root: Path, drive: Path) -> dict[str, dict[str, Any]]:
    dry = invoke("evidence", "import", drive, "-w", root, "--dry-run", "--format", "json")
    assert dry.exit_code == 0, dry.output
    return {p["file"]: p for p in json.loads(dry.stdout)["proposals"]}


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("cert - exp 2028-01-15", "exp 2028-01-15"),
        ("First aid exp. 2028-01-15", "exp. 2028-01-15"),
        ("WHMIS expires Jan 2028", "expires Jan 2028"),
        ("Ticket valid until 15 March 2027", "valid until 15 March 2027"),
        ("H2S Alive expiry_2027-06-30", "expiry_2027-06-30"),
        ("Export 2026-10-01", None),
        ("Expense report 2026-10-01", None),
    ],
)
def test_a_date_marked_as_expiry_is_found(text: str, marked: str | None) -> None:
    rest, found = split_expiry(text)
    assert found == marked
    assert len(rest) == len(text)
    if marked is not None:
        assert marked not in rest


def test_an_expiry_date_is_never_the_record_date() -> None:
    info = parse_evidence_name(CERT)
    assert info.record_date is None
    assert info.date_source is None
    assert info.expiry == "exp 2028-01-15"
    issued = parse_evidence_name("First aid cert 2026-01-15 exp 2029-01-15.pdf")
    assert issued.record_date == date(2026, 1, 15)  # the other date in the name is still read
    assert parse_evidence_name("Inspection 2026-10-01.pdf").expiry is None


def test_import_does_not_take_the_expiry_as_record_date(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_workspace(employees=30)
    drive = _drive(tmp_path, (CERT,))
    cert = _proposals(invoke, root, drive)[CERT]
    assert cert["record_date"] == "2026-11-20"  # as for an undated file: its modification time, doubtful
    assert cert["date_source"] == "mtime"
    assert cert["doubtful"] is True
    assert "'exp 2028-01-15' in its name is when it expires" in cert["why"]
    assert invoke("evidence", "import", drive, "-w", root, "--yes").exit_code == 0
    report = json.loads(invoke("check", "-w", root, "--today", TODAY, "-f", "json", "--exit-zero").stdout)
    [account] = report["evidence"]
    assert account["counted_for"]  # counted, where the 2028 date kept it out of every count


@pytest.mark.parametrize(
    "name",
    [*LOCK_FILES, ".DS_Store", "~$licy.xlsx", ".~lock.Plan.odt#", "~DF1234.TMP", "THUMBS.DB"],
)
def test_lock_temp_and_system_files_are_recognised(name: str) -> None:
    assert is_lock_or_temp_name(name)


@pytest.mark.parametrize("name", ["Policy.docx", "~Policy.docx", "approx.tmp", "lock.Policy.docx#", "desktop.ini.pdf"])
def test_documents_are_not_taken_for_lock_files(name: str) -> None:
    assert not is_lock_or_temp_name(name)


def test_import_and_scan_skip_lock_files_and_say_so(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_workspace(employees=30)
    drive = _drive(tmp_path, (*LOCK_FILES, ".DS_Store", "Health and Safety Policy.pdf"))
    dry = invoke("evidence", "import", drive, "-w", root, "--dry-run", "--format", "json")
    assert dry.exit_code == 0, dry.output
    assert [p["file"] for p in json.loads(dry.stdout)["proposals"]] == ["Health and Safety Policy.pdf"]
    assert "6 Office lock, temp or system file(s) skipped" in dry.stderr
    assert "'~$Copy of Policy (final) v2.docx'" in dry.stderr

    assert invoke("evidence", "import", drive, "-w", root, "--yes").exit_code == 0
    policy_folder = root / "evidence" / "01-management-commitment"
    for name in LOCK_FILES:  # left there by Word while the policy is open in the evidence folder
        (policy_folder / name).write_bytes(b"lock")
    result = invoke("check", "-w", root, "--today", TODAY, "-f", "json", "--exit-zero")
    report = json.loads(result.stdout)
    assert [a["path"] for a in report["evidence"]] == ["01-management-commitment/Health and Safety Policy.pdf"]
    assert "5 Office lock, temp or system file(s) skipped" in result.stderr


PLAN = "Fall Protection Plan - Crowchild.pdf"
FIRST_AID = "First Aid - Maria Gonzalez.pdf"


@pytest.mark.parametrize(
    ("employees", "plan_goes_to", "first_aid_goes_to"),
    [
        (30, ("06-hazard-control", ["6.3"]), ("08-emergency-response", ["8.3"])),  # ACSA COR
        (8, ("04-safe-job-procedures", ["4.1"]), ("11-emergency-planning", ["11.3"])),  # ACSA SECOR
    ],
)
def test_a_fall_protection_plan_is_hazard_control_and_a_first_aid_name_a_certificate(
    invoke: Invoke,
    make_workspace: Callable[..., Path],
    tmp_path: Path,
    employees: int,
    plan_goes_to: tuple[str, list[str]],
    first_aid_goes_to: tuple[str, list[str]],
) -> None:
    root = make_workspace(employees=employees)
    proposals = _proposals(invoke, root, _drive(tmp_path, (PLAN, FIRST_AID)))
    assert (proposals[PLAN]["element"], proposals[PLAN]["requirements"]) == plan_goes_to
    assert (proposals[FIRST_AID]["element"], proposals[FIRST_AID]["requirements"]) == first_aid_goes_to


def test_the_vocabulary_reads_the_plan_as_a_procedure_and_first_aid_as_a_certificate() -> None:
    from corcli.evidence.vocabulary import load_vocabulary
    from corcli.rules.assignment import read_name

    vocabulary = load_vocabulary()
    assert set(read_name(PLAN, vocabulary).kinds) == {"procedure"}  # no emergency response plan
    assert set(read_name(FIRST_AID, vocabulary).kinds) == {"certificate"}
    assert set(read_name("First aid kit inspection.pdf", vocabulary).kinds) == {"inspection"}  # the kit's check


TICKETS = ("WHMIS certificate Bob 2026-04-01.pdf", "Fall protection cert - John Smith - 2026-03-02.pdf")
LSE = "Leadership for Safety Excellence certificate 2026-02-01.pdf"


@pytest.mark.parametrize(
    ("employees", "tickets_go_to", "course_goes_to"),
    [
        (30, ("04-training", ["4.3"]), ("04-training", ["4.5"])),  # ACSA COR: workers' training, ACSA's courses
        (8, ("08-training-communication", ["8.2"]), ("08-training-communication", ["8.2"])),  # SECOR: no LSE
    ],
)
def test_a_workers_ticket_is_training_not_the_partners_course_or_first_aid(
    invoke: Invoke,
    make_workspace: Callable[..., Path],
    tmp_path: Path,
    employees: int,
    tickets_go_to: tuple[str, list[str]],
    course_goes_to: tuple[str, list[str]],
) -> None:
    """A certificate-only requirement for particular courses (ACSA's COR courses, first aid) once won every
    ticket, because between equals the requirement that asks for fewer kinds wins; it now takes only names
    that say what it asks for (its ``named_by`` words)."""
    root = make_workspace(employees=employees)
    proposals = _proposals(invoke, root, _drive(tmp_path, (*TICKETS, LSE)))
    for ticket in TICKETS:
        assert (proposals[ticket]["element"], proposals[ticket]["requirements"]) == tickets_go_to, ticket
    assert (proposals[LSE]["element"], proposals[LSE]["requirements"]) == course_goes_to


def test_named_by_words_gate_only_the_requirements_that_have_them() -> None:
    from corcli.catalog.loader import load_catalog
    from corcli.evidence.vocabulary import load_vocabulary
    from corcli.rules.assignment import match_requirements, read_name, requirement_words

    vocabulary = load_vocabulary()
    standard = load_catalog().standards["acsa-cor"]
    [training] = [e for e in standard.elements if e.id == "4"]
    words = {r.id: requirement_words(r.text, vocabulary) for r in training.requirements}
    best, _ = match_requirements(read_name("ATP auditor certificate.pdf", vocabulary), training.requirements, words)
    assert [r.id for r, _ in best] == ["4.5"]
    best, _ = match_requirements(read_name("Ground disturbance ticket.pdf", vocabulary), training.requirements, words)
    assert [r.id for r, _ in best] == ["4.3"]

"""Every view lists the same files under the same requirements: check, evidence list, binder, assess export.

Why: they all take their ties from the one evidence assignment; this holds them to it on the demo and on a
messy, hand-named folder, and checks that every file under evidence/ is accounted for in each.
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

Invoke = Callable[..., Any]
TODAY = "2026-11-26"
COPIED_ON = datetime(2026, 11, 20, 12, 0).timestamp()

MESSY = {
    "01-policy": ["Health and Safety Policy signed 2026.pdf", "policy draft.docx", "IMG_20261012_093015.jpg"],
    "02-hazard-assessments": [
        "Formal Hazard Assessment - Roofer.pdf",
        "FLHA 14-09-2026.pdf",
        "JHA Torch-on Sep 2026.pdf",
    ],
    "03-safe-work-practices": ["SWP - Ladders.pdf", "Safe Work Practice - Fall Protection 2026_03_01.pdf"],
    "04-safe-job-procedures": ["SJP - Torch-on roofing.pdf", "procedure.pdf"],
    "05-company-rules": ["Company Rules and Discipline Policy.pdf"],
    "08-training-communication": ["Training matrix.xlsx", "Toolbox talk Oct 7 2026.pdf", "First Aid certificates.pdf"],
    "09-inspections": [
        "Site Inspection June 2026.pdf",
        "Site Inspection Jul 2026.pdf",
        "2026-08-14 site inspection.pdf",
        "inspection schedule.pdf",
        "Inspection 03-04-2026.pdf",
    ],
    "10-investigations": ["Near miss report 12-Aug-2026.pdf", "Incident Investigation Procedure.pdf"],
    "13-contracting-services": ["Contractor orientation 2026-05-02.pdf"],
    "misc": ["notes.txt"],
}


@pytest.fixture
def demo(invoke: Invoke, tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    result = invoke("demo", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def messy(make_workspace: Callable[..., Path]) -> Path:
    root = make_workspace()
    for folder, names in MESSY.items():
        (root / "evidence" / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            path = root / "evidence" / folder / name
            path.write_bytes(f"{folder}/{name}".encode())
            os.utime(path, (COPIED_ON, COPIED_ON))  # copied in before the day of the check
    return root


def _files_on_disk(root: Path) -> set[str]:
    evidence = root / "evidence"
    return {
        p.relative_to(evidence).as_posix()
        for p in evidence.rglob("*")
        if p.is_file()
        and not p.name.startswith(".")
        and p.name.lower() != "readme.md"
        and not p.name.endswith(".meta.yaml")
        and p.relative_to(evidence).as_posix() != "index.yaml"
    }


def _views(invoke: Invoke, root: Path, tmp_path: Path) -> dict[str, dict[str, set[str]]]:
    """Return requirement -> files as each view lists them."""
    views: dict[str, dict[str, set[str]]] = {}
    check = json.loads(invoke("check", "-w", root, "--today", TODAY, "-f", "json", "--exit-zero").stdout)
    accounts = {a["path"]: a for a in check["evidence"]}
    assert set(accounts) == _files_on_disk(root)  # every file is accounted for
    for account in accounts.values():
        assert account["counted_for"] or account["not_counted"], account
    views["check"] = _by_requirement((a["path"], a["counted_for"]) for a in accounts.values())
    for element in check["elements"]:  # what scoring used is among the counted files
        for req in element["requirements"]:
            assert set(req["evidence"]) <= views["check"].get(req["id"], set()), req["id"]

    listed = json.loads(invoke("evidence", "list", "-w", root, "--today", TODAY, "-f", "json").stdout)
    assert {i["path"] for i in listed["items"]} == _files_on_disk(root)
    views["list"] = _by_requirement((i["path"], i["counted_for"]) for i in listed["items"])

    target = tmp_path / f"{root.name}-binder.zip"
    built = invoke("binder", "-w", root, "--today", TODAY, "-o", target)
    assert built.exit_code == 0, built.output
    with zipfile.ZipFile(target) as archive:
        index = json.loads(archive.read("index.json"))
        in_zip = {n.removeprefix("evidence/") for n in archive.namelist() if n.startswith("evidence/")}
    assert in_zip == _files_on_disk(root)  # the manifest covers every file
    listed_in_index = set()
    binder: dict[str, set[str]] = {}
    for element in index["elements"]:
        for req in element["requirements"]:
            for name in req["files"]:
                binder.setdefault(req["id"], set()).add(name.removeprefix("evidence/"))
                listed_in_index.add(name.removeprefix("evidence/"))
        listed_in_index.update(e["file"].removeprefix("evidence/") for e in element["not_counted"])
    listed_in_index.update(e["file"].removeprefix("evidence/") for e in index["not_counted"])
    assert listed_in_index == _files_on_disk(root)
    views["binder"] = binder

    exported = invoke("assess", "export", "-w", root, "--today", TODAY, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    views["export"] = {r["requirement"]: set(r["counted_evidence"].split("; ")) for r in rows if r["counted_evidence"]}
    return views


def _by_requirement(pairs: Any) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for path, requirements in pairs:
        for requirement in requirements:
            result.setdefault(requirement, set()).add(path)
    return result


def test_the_four_views_agree_on_the_demo(invoke: Invoke, demo: Path, tmp_path: Path) -> None:
    views = _views(invoke, demo, tmp_path)
    assert views["check"]  # the demo has counted evidence
    assert views["list"] == views["check"]
    assert views["binder"] == views["check"]
    assert views["export"] == views["check"]


def test_the_four_views_agree_on_a_messy_folder(invoke: Invoke, messy: Path, tmp_path: Path) -> None:
    views = _views(invoke, messy, tmp_path)
    assert views["list"] == views["check"]
    assert views["binder"] == views["check"]
    assert views["export"] == views["check"]
    assert "09-inspections/inspection schedule.pdf" not in views["check"]["9.2"]  # a schedule is no inspection
    assert "09-inspections/inspection schedule.pdf" in views["check"]["9.1"]  # it is the written schedule
    assert "09-inspections/Site Inspection June 2026.pdf" in views["check"]["9.2"]


def test_explain_shows_which_files_counted_and_why(invoke: Invoke, messy: Path) -> None:
    result = invoke("check", "-w", messy, "--today", TODAY, "--explain", "9.2")
    assert result.exit_code in {0, 1}, result.output
    assert "Site Inspection June 2026.pdf" in result.stdout
    assert "counted: name says" in result.stdout
    data = json.loads(invoke("check", "-w", messy, "--today", TODAY, "--explain", "9.2", "-f", "json").stdout)
    assert data["requirement"] == "9.2"
    assert any(f["counts"] for f in data["files"])
    unknown = invoke("check", "-w", messy, "--today", TODAY, "--explain", "99.9")
    assert unknown.exit_code == 2


def test_the_text_report_lists_what_counts_for_nothing_and_an_elements_files(invoke: Invoke, messy: Path) -> None:
    whole = invoke("check", "-w", messy, "--today", TODAY, "--exit-zero", "-o", messy / "report.txt")
    assert whole.exit_code == 0, whole.output
    text = " ".join((messy / "report.txt").read_text(encoding="utf-8").split())
    assert "Files that count for nothing" in text
    assert "not an element folder" in text
    element = invoke("check", "-w", messy, "--today", TODAY, "--exit-zero", "--element", "9", "-o", messy / "e9.txt")
    assert element.exit_code == 0, element.output
    nine = " ".join((messy / "e9.txt").read_text(encoding="utf-8").split())
    assert "Files and what they count for" in nine
    assert "9.2 (name says" in nine


def test_an_unknown_explain_id_is_refused_before_the_check_runs(invoke: Invoke, messy: Path) -> None:
    """Like an unknown --element: one line and exit 2, without the scan's warnings first."""
    unknown = invoke("check", "-w", messy, "--today", TODAY, "--explain", "99.9")
    assert unknown.exit_code == 2
    assert "Warning" not in unknown.stderr, unknown.stderr


def test_explain_json_writes_a_name_that_is_not_utf8_as_check_json_does(invoke: Invoke, messy: Path) -> None:
    import os

    folder = os.fsencode(messy / "evidence" / "09-inspections")
    fd = os.open(folder + b"/Site Inspection July 2026 caf\xe9.pdf", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"inspection")
    os.close(fd)
    result = invoke("check", "-w", messy, "--today", TODAY, "--explain", "9.2", "-f", "json")
    assert result.exit_code in {0, 1}, result.output
    result.stdout_bytes.decode("utf-8")  # valid UTF-8: the byte is written as \udce9, not raw
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert "09-inspections/Site Inspection July 2026 caf\udce9.pdf" in paths

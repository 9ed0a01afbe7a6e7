"""``corcli portfolio`` over several client workspaces, and the consultant conflict-window warning."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Invoke = Callable[..., Any]

CLIENTS = (
    ("Prairie Roofing", "AB", "construction", 8, "acsa"),
    ("Nisku Wellsite", "AB", "oil-and-gas", 25, "esc"),
    ("Lakeshore Build", "ON", "construction", 40, "ihsa"),
    ("Town of Example", "AB", "municipal", 60, "amhsa"),
    ("Coastal Haulers", "AB", "trucking", 30, "amta"),
)


@pytest.fixture(scope="module")
def built_clients(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five client workspaces, made once for the module (each test works on its own copy)."""
    from typer.testing import CliRunner

    from corcli.cli import app

    root = tmp_path_factory.mktemp("clients")
    for index, (name, province, industry, employees, partner) in enumerate(CLIENTS):
        args = ["init", str(root / f"c{index}"), "--yes", "--name", name, "--province", province]
        args += ["--industry", industry, "--employees", str(employees), "--partner", partner]
        result = CliRunner().invoke(app, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def clients(built_clients: Path, tmp_path: Path) -> Path:
    shutil.copytree(built_clients, tmp_path / "clients")
    return tmp_path / "clients"


def test_portfolio_one_row_per_client_text_json_html(invoke: Invoke, clients: Path, tmp_path: Path) -> None:
    esc = clients / "c1" / "corcli.yaml"
    esc.write_text(esc.read_text().replace("certified_on: null", "certified_on: 2026-03-01"))
    text = invoke("portfolio", clients, "--today", "2026-11-26", env={"COLUMNS": "160"})
    assert text.exit_code == 1, text.output  # new clients have no evidence: none would pass
    for name, *_ in CLIENTS:
        assert name in text.stdout
    assert "5 clients: 0 would pass today, 5 would not." in text.stdout

    data = json.loads(invoke("portfolio", clients, "-f", "json", "--today", "2026-11-26", "--sort", "score").stdout)
    assert sorted(c["company"] for c in data["clients"]) == sorted(c[0] for c in CLIENTS)
    assert data["not_ready"] == 5
    scores = [c["score_low"] for c in data["clients"]]
    assert scores == sorted(scores)
    assert {c["partner"] for c in data["clients"]} == {"ACSA", "ESC", "IHSA", "AMHSA", "AMTA"}
    esc_row = next(c for c in data["clients"] if c["partner"] == "ESC")
    # ESC: year 2 falls in 2027, whose work must be registered by 15 December (more than 60 days ahead)
    assert (esc_row["next_deadline_on"], esc_row["days_left"]) == ("2027-12-15", 384)

    page = tmp_path / "out" / "portfolio.html"
    assert invoke("portfolio", clients, "-f", "html", "-o", page, "--today", "2026-11-26").exit_code == 1
    html = page.read_text()
    assert html.count('<a href="portfolio-reports/') == 5
    for link in (tmp_path / "out" / "portfolio-reports").iterdir():
        assert f'href="portfolio-reports/{link.name}"' in html
        assert "Readiness report" in link.read_text()
    again = invoke("portfolio", clients, "-f", "html", "-o", page, "--today", "2026-11-26")
    assert again.exit_code == 2  # nothing replaced without --force
    assert "already exists" in again.output
    shutil.rmtree(tmp_path / "out" / "portfolio-reports")
    assert invoke("portfolio", clients, "-f", "html", "-o", page, "--today", "2026-11-26").exit_code == 2
    assert not (tmp_path / "out" / "portfolio-reports").exists()  # refused before any client report is written


def test_portfolio_broken_client_gets_a_row_and_others_still_show(invoke: Invoke, clients: Path) -> None:
    broken = clients / "broken"
    broken.mkdir()
    (broken / "corcli.yaml").write_text("company: [\n")
    result = invoke("portfolio", clients, "-f", "csv", "--today", "2026-11-26")
    assert result.exit_code == 1
    rows = result.stdout.splitlines()
    assert len(rows) == 1 + 6
    assert any(",error," in r and "YAML syntax error" in r for r in rows)


def test_portfolio_file_lists_clients(invoke: Invoke, clients: Path) -> None:
    listing = clients / "portfolio.yaml"
    listing.write_text("clients:\n  - c0\n  - c2\n")
    data = json.loads(invoke("portfolio", listing, "-f", "json", "--today", "2026-11-26").stdout)
    assert [c["company"] for c in data["clients"]] == ["Lakeshore Build", "Prairie Roofing"]


def test_portfolio_no_workspace_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("portfolio", tmp_path)
    assert result.exit_code == 2
    assert "No client workspace" in result.output


def test_conflict_window_warns_in_check_and_portfolio(invoke: Invoke, clients: Path) -> None:
    profile = clients / "c2" / "corcli.yaml"
    text = (
        profile.read_text().replace("planned_audit: null", "planned_audit: 2027-03-01").replace("consultants: []\n", "")
    )
    profile.write_text(
        text
        + "consultants:\n  - consultant: Pat Singh\n    firm: Safe Co\n    start: 2025-06-01\n    end: 2026-06-30\n"
    )
    check = invoke("check", "-w", clients / "c2", "--today", "2026-11-26", "-f", "json")
    warnings = json.loads(check.stdout)["warnings"]
    conflict = [w for w in warnings if "conflict window" in w]
    assert len(conflict) == 1
    assert "Pat Singh (Safe Co)" in conflict[0]
    assert "2025-06-01 to 2026-06-30" in conflict[0]
    assert "https://safetyonsight.ca/areas-of-practice" in conflict[0]
    row = next(
        c for c in json.loads(invoke("portfolio", clients, "-f", "json").stdout)["clients"] if c["partner"] == "IHSA"
    )
    assert len(row["warnings"]) == 1

    outside = text.replace("planned_audit: 2027-03-01", "planned_audit: 2027-08-01")  # 13 months after the end
    profile.write_text(
        outside + "consultants:\n  - consultant: Pat Singh\n    start: 2025-06-01\n    end: 2026-06-30\n"
    )
    warnings = json.loads(invoke("check", "-w", clients / "c2", "--today", "2026-11-26", "-f", "json").stdout)[
        "warnings"
    ]
    assert not [w for w in warnings if "conflict window" in w]


def test_conflict_window_with_named_auditor(invoke: Invoke, clients: Path) -> None:
    profile = clients / "c2" / "corcli.yaml"
    text = (
        profile.read_text().replace("consultants: []\n", "").replace("planned_audit: null", "planned_audit: 2027-03-01")
    )
    text = text.replace('auditor: ""', "auditor: Lee Wong")
    engagement = "consultants:\n  - consultant: Pat Singh\n    start: 2025-06-01\n"
    profile.write_text(text + engagement)
    warnings = json.loads(invoke("check", "-w", clients / "c2", "--today", "2026-11-26", "-f", "json").stdout)[
        "warnings"
    ]
    assert not [w for w in warnings if "conflict window" in w]  # the auditor named is someone else
    profile.write_text(text.replace("Lee Wong", "pat  singh") + engagement)
    warnings = json.loads(invoke("check", "-w", clients / "c2", "--today", "2026-11-26", "-f", "json").stdout)[
        "warnings"
    ]
    assert [w for w in warnings if w.startswith("The planned auditor, pat  singh, consulted")]


def test_portfolio_says_none_set_for_a_client_without_a_deadline(invoke: Invoke, clients: Path) -> None:
    """A new client (no certificate date, no planned audit) shows 'none set', not an empty cell."""
    for fmt in ("text", "markdown"):
        result = invoke("portfolio", clients / "c0", "--today", "2026-11-26", "-f", fmt, env={"COLUMNS": "160"})
        assert result.exit_code == 1, result.output
        assert "none set" in result.stdout

"""Do what a report's ``path_to_pass`` says, as a user would, on a workspace (for the tests that follow it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _days(result: dict[str, Any], window_start: date, today: date) -> list[date]:
    """A record every week over the window for recurring and work-week items, else one recent record."""
    if result["recurrence"] == "once":
        return [today - timedelta(days=1)]
    if result["recurrence"] == "per_event" and result["counted_against"] != "work_period":
        return [today - timedelta(days=7)]
    days, day = [], window_start - timedelta(days=31)
    while day < today:
        days.append(day)
        day += timedelta(days=7)
    return days


def follow_path(invoke: Callable[..., Any], root: Path, report: dict[str, Any], today: date) -> list[str]:
    """Add the records and answers each action of ``report['path_to_pass']`` asks for; return the requirement ids."""
    profile = yaml.safe_load((root / "corcli.yaml").read_text(encoding="utf-8"))
    people = [p["name"] for p in profile.get("people") or []]
    sites = [s["name"] for s in profile.get("sites") or []]
    results = {(r["element"], r["id"]): r for e in report["elements"] for r in e["requirements"]}
    folders = {e["id"]: e["folder"] for e in report["elements"]}
    window_start = date.fromisoformat(report["records_history"]["window_start"])
    answered: list[str] = []
    done: list[str] = []
    for step in report["path_to_pass"]["actions"]:
        result = results[(step["element"], step["requirement"])]
        done.append(result["id"])
        if result["verification"] != "documentation":
            answered.append(result["id"])
            continue
        counted = result["counted_against"]
        names = ["record"]
        if counted == "worker" and people:
            names = [_slug(p) for p in people]
        elif counted == "site" and sites:
            names = [_slug(s) for s in sites]
        folder = root / "evidence" / folders[result["element"]]
        folder.mkdir(parents=True, exist_ok=True)
        for day in _days(result, window_start, today):
            for name in names:
                path = folder / f"{day.isoformat()}_req-{result['id']}_{name}.md"
                path.write_text(f"# {result['id']}\n\nRecord for {name}, {day.isoformat()}.\n", encoding="utf-8")
    if answered:
        args = [arg for rid in answered for arg in ("--answer", f"{rid}=met")]
        outcome = invoke("assess", "-w", root, *args)
        assert outcome.exit_code == 0, outcome.output
    return done

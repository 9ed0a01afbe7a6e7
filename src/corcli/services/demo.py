"""Build the demo workspace: an Alberta roofer of 8 going for SECOR with ACSA, with months of records and real gaps.

Everything is generated from code with dates relative to ``today``, so the demo always looks current. The
records are short Markdown files named by the evidence convention (``YYYY-MM-DD_req-ID_what.md``).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from corcli.catalog.loader import Catalog
from corcli.errors import CorcliError, OverwriteError, WorkspaceError
from corcli.models import (
    AuditStandard,
    CompanyProfile,
    EvidenceKind,
    Recurrence,
    Requirement,
    Verification,
)
from corcli.models.catalog import CountedAgainst
from corcli.rules.dates import add_months
from corcli.storage import files
from corcli.storage.workspace import EVIDENCE_DIR, PROFILE_NAME, STATE_DIR, Workspace, inside, write_atomic

DEMO_STANDARD = "acsa-secor"
MARKER_NAME = "demo.json"
HISTORY_MONTHS = 7
"""The demo company started keeping records this many months ago: a 1-year COR now, a 3-year one later."""

# The demo's deliberate gaps (requirement ids of acsa-secor; ids missing from a future edition are ignored).
MISSING = {
    "1.2": "nobody recorded the yearly policy review",
    "7.2": "equipment maintenance is done but not written down",
    "12.1": "no incident statistics yet",
    "12.2": "the program has not been reviewed yet",
    "13.1": "no written contractor procedure",
}
NOT_APPLICABLE = ("13.2", "13.3", "13.4")
NA_REASON = (
    "Prairie Roofing does all roofing with its own crew and hires no contractors or subcontractors; "
    "only the bin company drops off and picks up containers."
)
STALE_POLICY_MONTHS = 14
UNDATED = {"8.3"}  # saved without a date in the name: dated by file time, which the report flags

OWNER = "Dana Kowalski"
COORDINATOR = "Sam Okafor"
CREW = ("Lee Tran", "Marie Gagnon", "Jordan Whitehorse", "Priya Sandhu", "Tom Barrett")
OFFICE = "Kim Novak"
SITES = (
    "Maple Ridge re-roof, 18 Maple Cres, Red Deer",
    "Gasoline Alley strip mall, flat roof",
    "Sylvan Lake cottage, steep-slope shingles",
    "Shop and yard, 4410 Industrial Dr, Red Deer",
)


@dataclass
class DemoResult:
    """What ``build_demo`` wrote."""

    root: Path
    profile: Path
    standard: str
    files: list[Path] = field(default_factory=list)


def demo_people(today: date, since: date) -> list[dict[str, object]]:
    """The staff list: who works at Prairie Roofing since when, and their tickets (the crew's last hire is new)."""
    first_aid = {"name": "Standard first aid and CPR", "completed": add_months(today, -10)}
    first_aid["expires"] = add_months(today, 26)
    people: list[dict[str, object]] = [
        {"name": OWNER, "role": "Owner", "start": date(2014, 4, 1), "training": [first_aid]},
        {"name": COORDINATOR, "role": "Site supervisor", "start": date(2019, 3, 18), "training": [first_aid]},
        {"name": OFFICE, "role": "Office administrator", "start": date(2021, 9, 7), "training": [first_aid]},
    ]
    for number, name in enumerate(CREW):
        start = since + timedelta(days=30) if name == CREW[-1] else date(2017 + number, 5, 1)
        completed = max(start, add_months(today, -20 + 3 * number))
        people.append(
            {
                "name": name,
                "role": "Roofer",
                "start": start,
                "training": [
                    {"name": "Fall protection", "completed": completed, "expires": add_months(completed, 36)},
                ],
            }
        )
    return people


def demo_profile(today: date) -> CompanyProfile:
    """Return the demo company's profile (records kept since ``HISTORY_MONTHS`` ago)."""
    since = add_months(today, -HISTORY_MONTHS).replace(day=1)
    return CompanyProfile.model_validate(
        {
            "company": {
                "name": "Prairie Roofing Ltd.",
                "province": "AB",
                "industry": "construction",
                "trade": "residential and commercial roofing",
                "employees": 8,
                "address": "4410 Industrial Dr, Red Deer, AB",
            },
            "certification": {
                "partner": "acsa",
                "program": "SECOR",
                "standard": DEMO_STANDARD,
                "records_since": since,
                "planned_audit": add_months(today, 2),
            },
            "senior_manager": {"name": OWNER, "title": "Owner and general manager"},
            "safety_coordinator": {"name": COORDINATOR, "title": "Site supervisor and safety coordinator"},
            "roles": [
                {"name": "Owner", "count": 1, "level": "management"},
                {"name": "Site supervisor", "count": 1, "level": "supervisor", "shifts": ["day"]},
                {"name": "Roofer", "count": 5, "level": "worker", "shifts": ["day"]},
                {"name": "Office administrator", "count": 1, "level": "worker"},
            ],
            "sites": [
                {
                    "name": "Shop and yard",
                    "address": "4410 Industrial Dr, Red Deer",
                    "kind": "shop",
                    "workers_per_shift": 3,
                    "minutes_to_medical": 10,
                },
                {
                    "name": "Client roofs",
                    "address": "Red Deer and area",
                    "kind": "field",
                    "workers_per_shift": 5,
                    "minutes_to_medical": 25,
                },
            ],
            "people": demo_people(today, since),
            # The demo's own manual: field inspections monthly, the shop every three months.
            "schedules": [
                {"kind": "inspection", "every": "monthly", "sites": ["Client roofs"]},
                {"kind": "inspection", "every": "quarterly", "sites": ["Shop and yard"]},
                {"kind": "meeting_minutes", "every": "monthly", "note": "Toolbox talk on the first work day"},
                {"kind": "drill_record", "every": "annual"},
            ],
            "activity": {"work_days_per_week": 5},
            "not_applicable": [
                {"requirement": r, "reason": NA_REASON, "expires": add_months(since, 12)} for r in NOT_APPLICABLE
            ],
        }
    )


# ---------------------------------------------------------------------------- record contents


def _sign(day: date, who: str = COORDINATOR) -> str:
    return f"\nSigned: {who}, {day.isoformat()}\n"


def _site(day: date) -> str:
    return SITES[day.toordinal() % 3]


def _policy(_req: Requirement, day: date) -> str:
    return (
        f"# Prairie Roofing Ltd. health and safety policy\n\nDate: {day.isoformat()}\n\n"
        "Prairie Roofing is committed to a safe and healthy workplace for every worker, client and visitor. "
        "We plan our work to prevent injuries, follow the Alberta OHS Act, Regulation and Code, and expect "
        "everyone to follow our safe work practices.\n\n"
        "- Management provides training, equipment and time to work safely.\n"
        "- Supervisors check hazard assessments and correct unsafe work.\n"
        "- Workers use fall protection, report hazards and may refuse dangerous work.\n" + _sign(day, OWNER)
    )


def _responsibilities(_req: Requirement, day: date) -> str:
    return (
        f"# Health and safety responsibilities\n\nIssued {day.isoformat()}.\n\n"
        "| Role | Responsibilities |\n|---|---|\n"
        "| Owner | Signs the policy, funds training and PPE, reviews the program yearly |\n"
        "| Site supervisor | Daily FLHA, monthly inspections, toolbox talks, investigates incidents |\n"
        "| Roofers | Tie off above 3 m, inspect harness before use, report hazards and near misses |\n"
        "| Office | Keeps training records and the first aid log |\n" + _sign(day, OWNER)
    )


def _hazard_assessment(_req: Requirement, day: date) -> str:
    return (
        f"# Formal hazard assessment: all positions\n\nDate: {day.isoformat()}\n\n"
        "| Position | Task | Hazard | Risk | Controls |\n|---|---|---|---|---|\n"
        "| Roofer | Tear-off | Fall from edge | High | Guardrails or harness with anchor, warning line |\n"
        "| Roofer | Torch-on membrane | Burns, fire | High | Fire watch 1 h, extinguisher within 3 m |\n"
        "| Roofer | Material handling | Strain | Medium | Hoist, two-person lifts |\n"
        "| Supervisor | Site set-up | Overhead power lines | High | 7 m clearance, spotter |\n"
        "| Office | Computer work | Ergonomics | Low | Adjustable chair, breaks |\n" + _sign(day)
    )


def _flha(_req: Requirement, day: date) -> str:
    crew = ", ".join(CREW[day.toordinal() % 3 : day.toordinal() % 3 + 3])
    return (
        f"# Field-level hazard assessment\n\nDate: {day.isoformat()}  \nSite: {_site(day)}  \nCrew: {crew}\n\n"
        "- Hazards today: roof edge, wet shingles in the morning, delivery truck in driveway.\n"
        "- Controls: anchors installed and checked, work starts after dew is gone, spotter for deliveries.\n"
        "- Emergency: nearest hospital Red Deer Regional, first aider on site.\n" + _sign(day)
    )


def _procedure(req: Requirement, day: date) -> str:
    title = req.text.split(".")[0][:80]
    return (
        f"# {title}\n\nWritten {day.isoformat()}.\n\n"
        "1. Review the FLHA and the hazard assessment before starting.\n"
        "2. Set up fall protection (guardrail, warning line or personal fall arrest) before anyone goes on the roof.\n"
        "3. Inspect tools and PPE; tag out anything damaged.\n"
        "4. Keep the work area and ladder access clear; secure materials against wind.\n"
        "5. Stop work and tell the supervisor if conditions change.\n" + _sign(day)
    )


def _inspection(_req: Requirement, day: date) -> str:
    return (
        f"# Monthly site and equipment inspection\n\nDate: {day.isoformat()}  \nSite: {_site(day)}  \n"
        f"Inspected by: {COORDINATOR} and {CREW[day.month % len(CREW)]}\n\n"
        "| Item | OK | Action |\n|---|---|---|\n"
        "| Ladders tied off and extend 1 m above landing | yes | |\n"
        "| Anchors and lifelines | yes | |\n"
        "| Fire extinguisher charged | no | replaced, see corrective action |\n"
        "| First aid kit stocked | yes | |\n" + _sign(day)
    )


def _minutes(_req: Requirement, day: date) -> str:
    topics = ("Ladder safety", "Heat stress", "Torch-on fire watch", "Cold weather and ice", "Near-miss reporting")
    return (
        f"# Toolbox talk: {topics[day.month % len(topics)]}\n\nDate: {day.isoformat()}  \nLed by: {COORDINATOR}\n\n"
        f"Attendance: {', '.join(CREW)}\n\nQuestions raised: none. Next talk in a month.\n" + _sign(day)
    )


def _training(_req: Requirement, day: date) -> str:
    worker = _worker(EvidenceKind.TRAINING_RECORD, day)
    course = ("Fall protection", "Standard first aid and CPR", "WHMIS 2015")[day.toordinal() % 3]
    return (
        f"# Training record\n\nWorker: {worker}  \nCourse: {course}  \nCompleted: {day.isoformat()}  \n"
        f"Expires: {add_months(day, 36).isoformat()}\n\nCertificate copy kept in the office.\n"
    )


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def _orientation(_req: Requirement, day: date) -> str:
    return _orientation_of(CREW[-1], day)


def _orientation_of(worker: str, day: date) -> str:
    return (
        f"# New worker orientation\n\nDate: {day.isoformat()}  \nNew worker: {worker}  \nBy: {COORDINATOR}\n\n"
        "- [x] Policy and responsibilities\n- [x] Right to know, to participate, to refuse dangerous work\n"
        "- [x] Fall protection plan and equipment\n- [x] Emergency plan and first aid\n" + _sign(day)
    )


def _certificate(_req: Requirement, _day: date) -> str:
    return (
        "# Certificate of completion\n\n"
        f"{COORDINATOR} completed the course required by the certifying partner for small employer "
        "health and safety programs.\n"
    )


def _drill(_req: Requirement, day: date) -> str:
    return (
        f"# Emergency drill: fall rescue from the roof\n\nDate: {day.isoformat()}  \nSite: shop and yard\n\n"
        "Rescue of a suspended worker practised with the rescue kit; time to ground 9 minutes.\n"
        "Lesson: keep the rescue kit on the truck, not in the shop.\n" + _sign(day)
    )


def _investigation(_req: Requirement, day: date) -> str:
    return (
        f"# Near-miss investigation\n\nDate of event: {day.isoformat()}  \nSite: {_site(day)}\n\n"
        "What happened: a bundle of shingles slid off the roof edge; nobody was below.\n"
        "Root cause: bundle placed on slope without a stop board.\n"
        "Corrective action: stop boards on every slope above 4/12 (see corrective action record).\n" + _sign(day)
    )


def _corrective(_req: Requirement, day: date) -> str:
    return (
        f"# Corrective action record\n\nRaised: {day.isoformat()}\n\n"
        "| Deficiency | Assigned to | Due | Done |\n|---|---|---|---|\n"
        f"| Extinguisher discharged | {COORDINATOR} | {(day + timedelta(days=7)).isoformat()} | "
        f"{(day + timedelta(days=3)).isoformat()} |\n"
    )


def _plan(_req: Requirement, day: date) -> str:
    return (
        f"# Emergency response plan\n\nUpdated {day.isoformat()}.\n\n"
        "- Emergencies: fall, fire, medical, severe weather.\n- Muster point: the company truck.\n"
        "- First aid: kit and trained first aider on every crew.\n"
        "- Contacts: 911; Red Deer Regional Hospital; owner " + OWNER + ".\n" + _sign(day)
    )


def _generic(req: Requirement, day: date) -> str:
    kind = req.evidence_kinds[0].value.replace("_", " ") if req.evidence_kinds else "record"
    return f"# {kind.capitalize()}\n\nDate: {day.isoformat()}\n\n{req.text}\n" + _sign(day)


WRITERS: dict[EvidenceKind, Callable[[Requirement, date], str]] = {
    EvidenceKind.POLICY: _policy,
    EvidenceKind.RESPONSIBILITIES: _responsibilities,
    EvidenceKind.HAZARD_ASSESSMENT: _hazard_assessment,
    EvidenceKind.FIELD_HAZARD_ASSESSMENT: _flha,
    EvidenceKind.PROCEDURE: _procedure,
    EvidenceKind.INSPECTION: _inspection,
    EvidenceKind.MEETING_MINUTES: _minutes,
    EvidenceKind.TRAINING_RECORD: _training,
    EvidenceKind.ORIENTATION_RECORD: _orientation,
    EvidenceKind.CERTIFICATE: _certificate,
    EvidenceKind.DRILL_RECORD: _drill,
    EvidenceKind.INVESTIGATION: _investigation,
    EvidenceKind.CORRECTIVE_ACTION: _corrective,
    EvidenceKind.PLAN: _plan,
}

SLUGS: dict[EvidenceKind, str] = {
    EvidenceKind.FIELD_HAZARD_ASSESSMENT: "flha",
    EvidenceKind.MEETING_MINUTES: "toolbox-talk-minutes",
    EvidenceKind.DRILL_RECORD: "drill",
}


# ---------------------------------------------------------------------------- schedule


def _months(since: date, today: date) -> list[date]:
    """The 5th of each month from ``since`` up to today (this month only once the 5th has passed)."""
    days: list[date] = []
    day = since.replace(day=5)
    while day <= today:
        days.append(day)
        day = add_months(day, 1)
    return days


def record_dates(req: Requirement, since: date, today: date, *, stale_policy: bool) -> list[date]:
    """Return the dates of the demo records for one documentation requirement (gaps included)."""
    kind = req.evidence_kinds[0] if req.evidence_kinds else EvidenceKind.OTHER
    if req.recurrence == Recurrence.ONCE:
        if stale_policy:
            return [add_months(today, -STALE_POLICY_MONTHS)]
        return [since + timedelta(days=2 + len(req.id))]
    if req.recurrence in (Recurrence.ANNUAL, Recurrence.SEMIANNUAL):
        return [add_months(since, 2) + timedelta(days=10)]
    if req.recurrence == Recurrence.QUARTERLY:
        return [d for n, d in enumerate(_months(since, today)) if n % 3 == 0]
    if req.recurrence == Recurrence.WEEKLY:
        days, day = [], since
        while day <= today:
            days.append(day)
            day += timedelta(days=7)
        return days
    if req.recurrence == Recurrence.MONTHLY:
        months = _months(since, today)
        gap = {EvidenceKind.INSPECTION: 3, EvidenceKind.MEETING_MINUTES: 5}.get(kind)
        if gap is not None and len(months) > gap:
            del months[-gap]  # one month with no record: a real gap the report names
        return months
    if kind == EvidenceKind.FIELD_HAZARD_ASSESSMENT:  # done before work each day: the weekly FLHA booklet
        first = max(since, add_months(today, -HISTORY_MONTHS))  # from the start of the look-back window
        return [first + timedelta(days=7 * n) for n in range((today - first).days // 7 + 1)]
    # per_event
    counts = {
        EvidenceKind.ORIENTATION_RECORD: 2,
        EvidenceKind.TRAINING_RECORD: 3,
        EvidenceKind.INVESTIGATION: 1,
        EvidenceKind.CORRECTIVE_ACTION: 2,
    }
    count = counts.get(kind, 2)
    span = max(1, (today - since).days - 7)
    return [since + timedelta(days=7 + span * (n + 1) // (count + 1)) for n in range(count)]


def _worker(kind: EvidenceKind, day: date) -> str:
    """The worker a training or orientation record is for (the same one its content names)."""
    return CREW[-1] if kind == EvidenceKind.ORIENTATION_RECORD else CREW[day.toordinal() % len(CREW)]


def _about(kind: EvidenceKind, day: date) -> str:
    """Who or where a record is for, in its file name, so coverage can be checked ('-lee-tran')."""
    if kind in (EvidenceKind.ORIENTATION_RECORD, EvidenceKind.TRAINING_RECORD):
        return "-" + _worker(kind, day).lower().replace(" ", "-")
    if kind == EvidenceKind.INSPECTION:
        return "-client-roofs"
    return ""


def demo_records(standard: AuditStandard, since: date, today: date) -> list[tuple[str, str, date]]:
    """Return (path under evidence/, content, record date) for every demo record."""
    records: list[tuple[str, str, date]] = []
    stale_done = False
    for element in standard.elements:
        for req in element.requirements:
            if req.verification != Verification.DOCUMENTATION or req.id in MISSING or req.id in NOT_APPLICABLE:
                continue
            kind = req.evidence_kinds[0] if req.evidence_kinds else EvidenceKind.OTHER
            stale = not stale_done and kind == EvidenceKind.POLICY and req.review_months is not None
            stale_done = stale_done or stale
            writer = WRITERS.get(kind, _generic)
            slug = SLUGS.get(kind, kind.value.replace("_", "-"))
            if kind == EvidenceKind.ORIENTATION_RECORD and req.counted_against == CountedAgainst.WORKER:
                # One for every worker: on their first day, or when the program started for the others.
                for person in demo_people(today, since):
                    name, start = str(person["name"]), person["start"]
                    day = max(start, since + timedelta(days=30)) if isinstance(start, date) else since
                    path = f"{element.folder}/{day.isoformat()}_req-{req.id}_{slug}-{_slug(name)}.md"
                    records.append((path, _orientation_of(name, day), day))
                continue
            if kind == EvidenceKind.INSPECTION and req.recurrence == Recurrence.MONTHLY:  # the shop: quarterly
                for n, day in enumerate(_months(since, today)):
                    if n % 3 == 0:
                        path = f"{element.folder}/{day.isoformat()}_req-{req.id}_{slug}-shop-and-yard.md"
                        records.append((path, _inspection(req, day).replace(_site(day), "Shop and yard"), day))
            for day in record_dates(req, since, today, stale_policy=stale):
                about = _about(kind, day)
                if req.id in UNDATED:
                    name = f"req-{req.id}_{slug}-{COORDINATOR.split()[0].lower()}.md"
                else:
                    name = f"{day.isoformat()}_req-{req.id}_{slug}{about}.md"
                records.append((f"{element.folder}/{name}", writer(req, day), day))
    return records


# ---------------------------------------------------------------------------- build


def _is_empty(root: Path) -> bool:
    return not root.exists() or not any(root.iterdir())


def _is_demo(root: Path) -> bool:
    """Whether ``root`` holds the marker an earlier demo run wrote (a real workspace never has one)."""
    try:
        marker = json.loads(files.read_bytes(root / STATE_DIR / MARKER_NAME, limit=files.LIMIT_CACHE))
    except (OSError, ValueError, RecursionError, CorcliError):
        return False
    return isinstance(marker, dict) and isinstance(marker.get("files"), list)


def _remove_previous(root: Path) -> None:
    """Remove the files an earlier demo run wrote (listed in its marker), and nothing else."""
    marker = root / STATE_DIR / MARKER_NAME
    if not marker.is_file():
        return
    try:
        listed = json.loads(files.read_bytes(marker, limit=files.LIMIT_CACHE)).get("files", [])
    except (OSError, ValueError, AttributeError, RecursionError, CorcliError):
        return
    evidence = root / EVIDENCE_DIR
    for rel in listed:
        if not isinstance(rel, str):
            continue
        try:
            path = inside(evidence, Path(rel))
        except WorkspaceError:
            continue
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                path.unlink()


def _set_mtime(path: Path, day: date) -> None:
    stamp = datetime.combine(day, time(12)).timestamp()  # local noon: the same calendar day everywhere
    os.utime(path, (stamp, stamp))


def build_demo(root: Path, today: date, catalog: Catalog, *, force: bool = False) -> DemoResult:
    """Write the demo workspace into ``root`` (refusing a non-empty folder unless ``force``)."""
    from corcli.evidence.rebuild import rebuild_index
    from corcli.services.project import resolve
    from corcli.services.scaffolding import create_workspace

    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root} is a file, not a folder.", "Give a new or empty folder for the demo.")
    if not force and not _is_empty(root):
        raise OverwriteError(
            f"{root} is not empty.",
            "Give a new or empty folder (e.g. 'corcli demo corcli-demo-2'), or use --force to write the demo "
            "into it (files an earlier demo wrote are replaced; other files are left alone).",
        )
    if force and not _is_empty(root) and not _is_demo(root):
        raise OverwriteError(
            f"{root} is not a demo workspace (it has no {STATE_DIR}/{MARKER_NAME}).",
            "--force only rewrites a folder an earlier 'corcli demo' made; give a new or empty folder instead.",
        )
    if force:
        _remove_previous(root)
    profile = demo_profile(today)
    since = profile.certification.records_since or today
    jurisdiction, partner, decision, standard = resolve(profile, catalog, root / PROFILE_NAME)
    scaffold = create_workspace(root, profile, jurisdiction, partner, decision, standard, force=True)
    result = DemoResult(root=root, profile=scaffold.profile, standard=standard.id)
    evidence = root / EVIDENCE_DIR
    written: list[str] = []
    for rel, content, day in demo_records(standard, since, today):
        path = evidence / rel
        write_atomic(path, content)
        _set_mtime(path, day)
        written.append(rel)
        result.files.append(path)
    workspace = Workspace(root.resolve(), "the demo folder")
    rebuild_index(workspace, standard, now=datetime.combine(today, time(12), tzinfo=UTC))
    marker = {"files": sorted(written), "today": today.isoformat(), "standard": standard.id}
    write_atomic(root / STATE_DIR / MARKER_NAME, json.dumps(marker, indent=2) + "\n")
    return result


__all__ = ["DEMO_STANDARD", "DemoResult", "build_demo", "demo_profile", "demo_records", "record_dates"]

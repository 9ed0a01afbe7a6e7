"""Coverage: are there records for every worker, every site and every work week, as an auditor compares them?

One orientation record does not cover eight workers, and ten field-level hazard assessments do not cover
seven months of daily roofing. Records are compared with the staff list (``people``), the sites and their
active periods, and the company's work activity in ``corcli.yaml``. A record names a worker or a site in its
file name (or its note); a training or ticket listed under a person in the staff list counts for that person.
Without a staff list or activity data the coverage cannot be checked: the item is capped below "met".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from corcli.models import EvidenceItem, EvidenceKind, Person, Requirement, Site
from corcli.models.profile import Activity, Schedule
from corcli.rules.dates import whole_months
from corcli.rules.periods import PeriodCoverage, listing, period_coverage, week_index, week_label, week_start
from corcli.rules.schedules import frequency
from corcli.rules.wording import with_article

UNCHECKED_CAP = 0.5
"""The most an item counted against workers, sites or work periods earns when corcli cannot check coverage."""


@dataclass(frozen=True)
class Roster:
    """What the profile says about who works, where and when."""

    today: date
    window_start: date
    window_months: int
    employees: int
    people: Sequence[Person] = ()
    sites: Sequence[Site] = ()
    schedules: Sequence[Schedule] = ()
    activity: Activity | None = None


@dataclass
class Outcome:
    """Coverage of one requirement's records: the share earned, who or what is missing, and why."""

    share: float
    missing: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    checked: bool = True
    evidence: list[EvidenceItem] = field(default_factory=list)
    setup: str = ""  # what to add to corcli.yaml so the coverage can be checked, when it cannot


STAFF_SETUP = "List your staff under 'people:' in corcli.yaml (names, start dates, training)"
SITES_SETUP = "List your sites under 'sites:' in corcli.yaml"
ACTIVITY_SETUP = "Set activity.work_days_per_week (or list your jobs) in corcli.yaml"


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _tokens(text: str) -> set[str]:
    return {t for t in _NON_ALNUM.split(text.casefold()) if t}


def _compact(text: str) -> str:
    return _NON_ALNUM.sub("", text.casefold())


def _item_text(item: EvidenceItem) -> str:
    return f"{item.path} {item.original_name} {item.note}"


@dataclass(frozen=True, slots=True)
class _Words:
    """A record's words, read once however many names it is compared with."""

    tokens: set[str]
    compact: str


def _words(item: EvidenceItem) -> _Words:
    text = _item_text(item)
    return _Words(_tokens(text), _compact(text))


def _name_parts(name: str) -> list[str]:
    return [t for t in _NON_ALNUM.split(name.casefold()) if t]


def _names(words: _Words, parts: list[str]) -> bool:
    if not parts:
        return False
    if len(parts) > 1 and "".join(parts) in words.compact:
        return True
    surname = parts[-1]
    if surname not in words.tokens:
        return False
    return len(parts) == 1 or parts[0] in words.tokens or parts[0][0] in words.tokens


def names_person(item: EvidenceItem, person: Person) -> bool:
    """Whether a record names ``person``: surname and first name or initial, or the whole name run together."""
    return _names(_words(item), _name_parts(person.name))


def names_site(item: EvidenceItem, site: Site) -> bool:
    """Whether a record names ``site``: its name, spaces and punctuation aside, is in the file's path or note.

    The same convention as ``corcli due`` ('2026-05-05_inspection_shop-and-yard.pdf' is for 'Shop and yard').
    """
    key = _compact(site.name)
    return bool(key) and key in _compact(_item_text(item))


def _kind_word(req: Requirement) -> str:
    if EvidenceKind.ORIENTATION_RECORD in req.evidence_kinds:
        return "orientation"
    if EvidenceKind.TRAINING_RECORD in req.evidence_kinds:
        return "training"
    return req.evidence_kinds[0].value.replace("_", " ") if req.evidence_kinds else "record"


# ---------------------------------------------------------------------------- workers


def _counted_people(roster: Roster, orientation: bool) -> list[Person]:
    """Orientation: everyone who worked in the window; training and tickets: everyone employed today."""
    since = roster.window_start if orientation else roster.today
    return [
        p for p in roster.people if (p.start is None or p.start <= roster.today) and (p.end is None or p.end >= since)
    ]


def worker_coverage(req: Requirement, items: Sequence[EvidenceItem], roster: Roster) -> Outcome:
    """Every worker needs a record (orientation: everyone who worked in the window; training: everyone today)."""
    word = _kind_word(req)
    orientation = word == "orientation"
    if not roster.people:
        workers = max(1, roster.employees)
        share = min(UNCHECKED_CAP, len(items) / workers)
        reason = (
            f"Coverage could not be checked against a staff list: {len(items)} {word} record(s) for "
            f"{roster.employees} workers. List your people with their start dates and training under 'people:' "
            "in corcli.yaml; until then this item cannot score as met."
        )
        return Outcome(share, reasons=[reason], checked=False, evidence=list(items), setup=STAFF_SETUP)
    counted = _counted_people(roster, orientation)
    if not counted:
        return Outcome(1.0, reasons=["Nobody on the staff list worked in the look-back window."], evidence=list(items))
    covered = 0
    missing: list[str] = []
    no_record: list[str] = []
    named_items: set[str] = set()
    read = [(i, _words(i)) for i in items]
    for person in counted:
        parts = _name_parts(person.name)
        named = [i for i, words in read if _names(words, parts)]
        named_items.update(i.path for i in named)
        credentials = [c for c in person.training if ("orient" in c.name.casefold()) == orientation]
        current = {c.name.casefold() for c in credentials if c.expires is None or c.expires >= roster.today}
        expired = [c for c in credentials if c.expires is not None and c.expires < roster.today]
        lapsed = [c for c in expired if c.name.casefold() not in current]
        if lapsed and not orientation:
            ticket = lapsed[0]
            missing.append(
                f"{person.name}'s {ticket.name} expired {ticket.expires.isoformat() if ticket.expires else ''}"
            )
            continue
        if named or current:
            covered += 1
            continue
        started = f", started {person.start.isoformat()}" if person.start else ""
        role = f" ({person.role})" if person.role and not started else ""
        no_record.append(f"no {word} record for {person.name}{role}{started}")
    unnamed = [i for i in items if i.path not in named_items]
    anonymous = min(len(unnamed), len(no_record))
    share = (covered + anonymous) / len(counted)
    reasons: list[str] = []
    if anonymous:
        reasons.append(
            f"{len(unnamed)} {word} record(s) name nobody on the staff list; each is counted for one worker, but "
            "put the worker's name in the file name so the auditor (and corcli) can see whom it covers."
        )
    missing += no_record
    if share < 1:
        have = covered + anonymous
        reasons.insert(0, f"{have} of {len(counted)} workers have {with_article(word)} record: {listing(missing)}.")
    return Outcome(min(1.0, share), missing=missing if share < 1 else [], reasons=reasons, evidence=list(items))


# ---------------------------------------------------------------------------- sites


def _active_window(site: Site, roster: Roster) -> tuple[date, date] | None:
    """The part of the look-back window the site was active in, or None when it was not."""
    if site.active_from is not None and site.active_from > roster.today:
        return None
    if site.active_to is None and not site.active:
        return None
    start = max(roster.window_start, site.active_from or roster.window_start)
    end = min(roster.today, site.active_to or roster.today)
    return (start, end) if start <= end else None


def site_coverage(req: Requirement, items: Sequence[EvidenceItem], roster: Roster) -> Outcome:
    """Each active site needs its records at its own scheduled frequency (the shop may be quarterly)."""
    dated = [i for i in items if i.record_date is not None]
    active = [(s, w) for s in roster.sites if (w := _active_window(s, roster)) is not None]
    word = _kind_word(req)
    pooled_frequency = frequency(req, roster.schedules)
    pooled = period_coverage(
        [i.record_date for i in dated if i.record_date],
        pooled_frequency.every,
        roster.today,
        roster.window_start,
        roster.window_months,
    )
    if len(active) <= 1:
        if not roster.sites:
            reason = (
                f"Coverage could not be checked per site: list your sites (with active_from and active_to for "
                f"jobs that ended) under 'sites:' in corcli.yaml. Checked {pooled_frequency.every.value} across the "
                "company until then."
            )
            missing = pooled.missing
            capped = min(UNCHECKED_CAP, pooled.share)
            return Outcome(capped, missing, [reason], checked=False, evidence=dated, setup=SITES_SETUP)
        if active:
            site, (start, end) = active[0]
            found = period_coverage(
                [i.record_date for i in dated if i.record_date],
                frequency(req, roster.schedules, site.name).every,
                end,
                start,
                max(1, whole_months(start, end)),
            )
            return _site_outcome([(site, found)], dated, word, [])
        return Outcome(1.0, reasons=["No site was active in the look-back window."], evidence=dated)
    per_site: list[tuple[Site, PeriodCoverage]] = []
    unattributed = 0
    for item in dated:
        if not any(names_site(item, s) for s, _ in active):
            unattributed += 1
    for site, (start, end) in active:
        mine = [
            i.record_date
            for i in dated
            if i.record_date and (names_site(i, site) or _only_active_site(i, site, active))
        ]
        every = frequency(req, roster.schedules, site.name).every
        per_site.append((site, period_coverage(mine, every, end, start, max(1, whole_months(start, end)))))
    notes = []
    if unattributed:
        notes.append(
            f"{unattributed} {word} record(s) name no site while several were active; put the site's name in the "
            "file name (e.g. 2026-05-05_inspection_shop-and-yard.pdf)."
        )
    outcome = _site_outcome(per_site, dated, word, notes)
    capped = min(UNCHECKED_CAP, pooled.share)
    if capped > outcome.share:
        outcome.share = capped
        outcome.checked = False
        outcome.setup = "Put the site's name in each record's file name"
        outcome.reasons.append(
            "Counted across the company instead, capped below met, until the records say which site they cover."
        )
    return outcome


def _only_active_site(item: EvidenceItem, site: Site, active: list[tuple[Site, tuple[date, date]]]) -> bool:
    """A record that names no site belongs to the one site that was active on its date, if only one was."""
    day = item.record_date
    if day is None or any(names_site(item, s) for s, _ in active):
        return False
    open_sites = [s for s, (start, end) in active if start <= day <= end]
    return len(open_sites) == 1 and open_sites[0] is site


def _site_outcome(
    per_site: list[tuple[Site, PeriodCoverage]], dated: list[EvidenceItem], word: str, notes: list[str]
) -> Outcome:
    covered = total = 0
    missing: list[str] = []
    for site, found in per_site:
        covered += found.covered
        total += found.total
        if found.missing:
            missing.append(f"{site.name}: {listing(found.missing, 4)}")
    share = covered / total if total else 1.0
    reasons = list(notes)
    if missing:
        have = f"{covered} of {total} site periods have {with_article(word)} record"
        reasons.insert(0, f"{have}; none for {'; '.join(missing)}.")
    return Outcome(share, missing, reasons, evidence=dated)


# ---------------------------------------------------------------------------- work periods


def _work_weeks(roster: Roster) -> tuple[list[int], bool, str]:
    """Return the full weeks of the window the company worked, whether that is known, and how it was found."""
    first = week_index(roster.window_start) + (0 if roster.window_start.weekday() == 0 else 1)
    last = week_index(roster.today) - 1  # the current week is not over
    weeks = list(range(first, last + 1))
    activity = roster.activity
    periods: list[tuple[date, date]] = []
    how = ""
    if activity is not None and activity.jobs:
        periods = [(j.start, j.end or roster.today) for j in activity.jobs]
        how = "the jobs in corcli.yaml"
    elif any(s.active_from is not None for s in roster.sites):
        periods = [(s.active_from, s.active_to or roster.today) for s in roster.sites if s.active_from is not None]
        how = "the sites' active periods in corcli.yaml"
    elif activity is not None and activity.work_days_per_week:
        return weeks, True, f"{activity.work_days_per_week} work days a week"
    else:
        return weeks, False, ""
    worked = [w for w in weeks if any(start < week_start(w + 1) and end >= week_start(w) for start, end in periods)]
    return worked, True, how


def work_period_coverage(req: Requirement, items: Sequence[EvidenceItem], roster: Roster) -> Outcome:
    """Field-level hazard assessments before work each work day: every work week must show them."""
    word = _kind_word(req)
    dated = [i for i in items if i.record_date is not None and i.record_date >= roster.window_start]
    weeks, known, how = _work_weeks(roster)
    if not weeks:
        return Outcome(1.0, reasons=["No full work week in the look-back window."], evidence=dated)
    with_records = {week_index(i.record_date) for i in dated if i.record_date}
    missing_weeks = [w for w in weeks if w not in with_records]
    covered = len(weeks) - len(missing_weeks)
    share = covered / len(weeks)
    missing = [week_label(w) for w in missing_weeks]
    reasons = [
        f"{covered} of {len(weeks)} work weeks have {with_article(word)} record; one is due before work starts each "
        "work day, and an auditor compares them with the days worked."
    ]
    if missing:
        reasons.append(f"None for the {listing(missing)}.")
    if not known:
        reasons.append(
            "The days worked are not known: set activity.work_days_per_week, or list your jobs or the sites' "
            "active periods in corcli.yaml. Until then every week counts as a work week and the item cannot "
            "score as met."
        )
        capped = min(UNCHECKED_CAP, share)
        return Outcome(capped, missing, reasons, checked=False, evidence=dated, setup=ACTIVITY_SETUP)
    reasons[0] = reasons[0].replace("work weeks", f"work weeks (from {how})", 1)
    return Outcome(share, missing, reasons, evidence=dated)


__all__ = [
    "UNCHECKED_CAP",
    "Outcome",
    "Roster",
    "names_person",
    "names_site",
    "site_coverage",
    "work_period_coverage",
    "worker_coverage",
]

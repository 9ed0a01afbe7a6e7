"""The jurisdiction's law as the manual's templates see it: topics, plans and the committee rule, each cited.

The law files (``data/law``) hold what each jurisdiction's OHS law asks of an employer's program; where a
jurisdiction has no law file, or a file lacks a topic or a plan, the templates print a placeholder the
company completes instead of anything about corcli.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from corcli.models import CommitteeRule, Jurisdiction, Program
from corcli.models.content import JurisdictionLaw, LawStatement
from corcli.models.profile import Site
from corcli.rules.first_aid import FirstAidNeed, first_aid_need, site_hazard
from corcli.rules.wording import article

VIOLENCE_TOPIC = "violence-harassment"
"""The topic printed as a section of its own: the violence and harassment plan or policy."""

CORE_TOPICS: dict[str, tuple[str, str]] = {
    "committee": (
        "Joint health and safety committee or representative",
        "when the law asks for a committee or a representative, how often it meets, the training its members "
        "need, and the sections that say so",
    ),
    "work-refusal": (
        "The right to refuse dangerous work",
        "the steps of a work refusal under the law, and the sections that set them",
    ),
    "reporting": (
        "Reporting serious injuries and incidents",
        "the injuries and incidents the law says we report, to whom, how fast, the phone number, and the sections",
    ),
    "first-aid": (
        "First aid",
        "the first aid attendants, kits and room the law asks for at our size and distance from medical help, "
        "and the sections",
    ),
}
"""Topics every manual covers: where a law file has none, the manual prints the title and a placeholder."""


def plan_title(plan_id: str) -> str:
    """A plan's title when the law file does not give one: 'fall-protection' -> 'Fall protection plan'."""
    return plan_id.replace("-", " ").capitalize() + " plan"


_SPECIFIC = re.compile(r"\b(s\.|ss\.|Schedule|Table)", re.IGNORECASE)
"""A citation names a section (or a schedule's table); 'Part III' or the Act's name alone does not."""


def names_section(section: str) -> bool:
    """Whether a citation points at a section, not only at a Part or a whole Act."""
    return bool(_SPECIFIC.search(section))


def _statement(law: JurisdictionLaw, statement: LawStatement) -> dict[str, Any]:
    shorts = {i.id: i.short for i in law.instruments}
    checked = statement.checked or law.checked
    short = shorts.get(statement.law, statement.law)
    section_missing = not names_section(statement.section)
    return {
        "text": " ".join(statement.text.split()),
        "cite": short if statement.section == short else f"{short}, {statement.section}",
        "law": statement.law,
        "checked": checked.isoformat(),
        # Where only a Part or the Act is known, the manual asks the company to complete the section.
        "section_to_complete": f"the section of {short} that says this" if section_missing else "",
    }


def law_context(law: JurisdictionLaw | None) -> dict[str, Any] | None:
    """Plain data for templates, or ``None`` when the jurisdiction has no law file."""
    if law is None:
        return None
    topics = []
    for topic in law.topics:
        topics.append(
            {
                "id": topic.id,
                "title": topic.title,
                "intro": " ".join(topic.intro.split()),
                "own_section": topic.own_section,
                "statements": [_statement(law, s) for s in topic.statements],
                "steps": [_statement(law, s) for s in topic.steps],
                "to_complete": " ".join(topic.to_complete.split()),
                "hazards": list(topic.hazards),
            }
        )
    present = {t.id for t in law.topics}
    for topic_id, (title, to_complete) in CORE_TOPICS.items():
        if topic_id not in present:
            topics.append(
                {
                    "id": topic_id,
                    "title": title,
                    "intro": "",
                    "own_section": False,
                    "statements": [],
                    "steps": [],
                    "to_complete": to_complete,
                    "hazards": [],
                }
            )
    plans = {}
    for plan in law.plans:
        plans[plan.id] = {
            "id": plan.id,
            "title": plan.title,
            "when": _statement(law, plan.when),
            "contents": [_statement(law, s) for s in plan.contents],
            "kept": _statement(law, plan.kept) if plan.kept else None,
        }
    return {
        "code": law.code,
        "checked": law.checked.isoformat(),
        "regulator": law.regulator.model_dump(mode="json"),
        "board": law.board.model_dump(mode="json"),
        "instruments": [i.model_dump(mode="json") for i in law.instruments],
        "committee_meets": law.committee_meets,
        "committee_name": law.committee_name,
        "representative_name": law.representative_name,
        "program_review_years": law.program_review_years,
        "topics": topics,
        "topic": {t["id"]: t for t in topics},
        "plans": plans,
        "required": list(law.required),
    }


def stale_statements(law: JurisdictionLaw) -> list[tuple[str, str, date, date]]:
    """Statements checked before the instrument they cite last changed: (cite, text, checked, in force)."""
    in_force = {i.id: i.in_force for i in law.instruments}
    shorts = {i.id: i.short for i in law.instruments}
    found = []
    statements = [s for t in law.topics for s in (*t.statements, *t.steps)]
    statements += [s for p in law.plans for s in (p.when, *p.contents, *([p.kept] if p.kept else []))]
    for statement in statements:
        changed = in_force.get(statement.law)
        checked = statement.checked or law.checked
        if changed is not None and checked < changed:
            cite = f"{shorts[statement.law]}, {statement.section}"
            found.append((cite, " ".join(statement.text.split()), checked, changed))
    return found


def _names(law_data: dict[str, Any] | None) -> dict[str, str]:
    """What the manual calls each way of involving workers, in the jurisdiction's own words where known."""
    committee = (law_data or {}).get("committee_name") or "joint health and safety committee"
    representative = (law_data or {}).get("representative_name") or "health and safety representative"
    return {
        "committee": committee,
        "representative": representative,
        "meetings": "safety meeting with every worker",
        "unknown": f"{committee} or {representative}",
    }


def _law_to_check(jurisdiction: Jurisdiction) -> str:
    """Name the statute a reader should check, e.g. 'the Occupational Health and Safety Act'."""
    if not jurisdiction.legislation:
        return f"{jurisdiction.name}'s occupational health and safety law"
    title = jurisdiction.legislation[0].title
    return title if title.startswith("The ") else f"the {title}"


def _committee_law(jurisdiction: Jurisdiction, rule: CommitteeRule, names: dict[str, str]) -> str:
    """The jurisdiction's committee and representative rule, in one or two plain sentences.

    Where the size from which a representative is needed is not known, the sentence says nothing of it: the
    templates print a placeholder for the company to complete instead (``representative_to_complete``).
    """
    committee_from = rule.committee_from
    rep = rule.representative_from
    condition = f" {rule.representative_condition}" if rule.representative_condition else ""
    representative = names["representative"]
    if rep is None:
        rep_part = "; below that, no representative is required"
    elif not isinstance(rep, int):
        rep_part = ""
    elif rep <= 1:
        rep_part = f", and {article(representative)} {representative} with fewer than {committee_from}{condition}"
    else:
        rep_part = f", and {article(representative)} {representative} with {rep} to {committee_from - 1}{condition}"
    committee = names["committee"]
    text = (
        f"{_law_of(jurisdiction.name)} asks for {article(committee)} {committee} with {committee_from} or more "
        f"workers{rep_part}. Counted: {rule.counted.rstrip('.')}."
    )
    if rule.designate_below is not None:
        text += (
            f" With fewer than {rule.designate_below} workers, a designate may take the representative's place "
            "where a representative is impractical."
        )
    if rule.also:
        text += f" {rule.also.strip()}"
    return text


def _law_of(name: str) -> str:
    """'Alberta's OHS law'; 'The OHS law of the Northwest Territories and Nunavut' for a joint name."""
    return f"The OHS law of the {name}" if " and " in name else f"{name}'s OHS law"


def committee_context(
    program: Program | None, jurisdiction: Jurisdiction, employees: int, law_data: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What worker participation looks like at this size, from the jurisdiction's committee rule.

    ``kind`` is what the manual sets up: ``committee``, ``representative``, ``meetings`` (the law asks for
    neither) or ``unknown`` (no confirmed rule at this size: the manual asks the reader to check the law).
    """
    rule = jurisdiction.committee if isinstance(jurisdiction.committee, CommitteeRule) else None
    names = _names(law_data)
    law = _law_to_check(jurisdiction)
    required = rule.requirement(employees) if rule else "unknown"
    kind = {"committee": "committee", "representative": "representative", "none": "meetings"}.get(required, "unknown")
    rep_to_complete = ""
    if rule is None:
        note = (
            f"{_law_of(jurisdiction.name)} sets, by the number of workers, when {article(names['committee'])} "
            f"{names['committee']} or {article(names['representative'])} {names['representative']} is needed; "
            f"{law} and its regulations give the numbers."
        )
    else:
        note = _committee_law(jurisdiction, rule, names)
        if not isinstance(rule.representative_from, int) and rule.representative_from is not None:
            rep_to_complete = (
                f"from how many workers {law} asks for {article(names['representative'])} "
                f"{names['representative']}, and the section"
            )
        if required == "representative" and rule.representative_condition:
            note += (
                f" With {employees} workers, we need a representative only {rule.representative_condition}; "
                "we have one either way."
            )
    rep = rule.representative_from if rule else "unknown"
    return {
        "kind": kind,
        "name": names[kind],
        "committee_name": names["committee"],
        "representative_name": names["representative"],
        "required": required,
        "law_known": required != "unknown",
        "rule_known": rule is not None,
        "committee_from": rule.committee_from if rule else None,
        "representative_from": rep if isinstance(rep, int) else None,
        "representative_condition": rule.representative_condition if rule else "",
        "representative_to_complete": rep_to_complete,
        "designate_below": rule.designate_below if rule else None,
        "counted": rule.counted if rule else "",
        "also": rule.also if rule else "",
        "law": law,
        "options": (
            f"{article(names['representative'])} {names['representative']} or neither"
            if rule is not None
            else f"{article(names['committee'])} {names['committee']}, "
            f"{article(names['representative'])} {names['representative']} or neither"
        ),
        "note": note,
        "cor": program == Program.COR,
        "meets": (law_data or {}).get("committee_meets"),
    }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _need_text(need: FirstAidNeed) -> str:
    """One sentence: the first aiders on every shift, the kit, and any equipment or room."""
    people = [
        _count(need.emergency_first_aiders, "emergency first aider") if need.emergency_first_aiders else "",
        _count(need.standard_first_aiders, "standard first aider") if need.standard_first_aiders else "",
    ]
    named = [p for p in people if p]
    aiders = " and ".join(named) + " on every shift" if named else "no trained first aider required by the table"
    extras = [need.kit, *need.equipment, *([need.room] if need.room else [])]
    return f"{aiders}; " + ", ".join(extras[:-1]) + (" and " if len(extras) > 1 else "") + extras[-1]


def first_aid_context(law: JurisdictionLaw | None, sites: Sequence[Site], industry: str) -> dict[str, Any] | None:
    """Each active site's first aid from the jurisdiction's table, or what the profile must give to work it out.

    ``None`` when the jurisdiction's law file has no first aid table (the topic's own text or placeholder stands).
    """
    table = law.first_aid if law else None
    if law is None or table is None:
        return None
    short = {i.id: i.short for i in law.instruments}.get(table.law, table.law)
    rows = []
    for site in [s for s in sites if s.active]:
        hazard = site_hazard(table, industry, site.kind)
        missing = []
        if site.workers_per_shift is None:
            missing.append("the most workers on one shift")
        if site.minutes_to_medical is None:
            missing.append("the travel time in minutes to the nearest health care facility")
        if hazard is None:
            missing.append("the hazard level of the work (Schedule 2, Tables 1 to 3)")
        need = None
        if not missing and hazard is not None and site.workers_per_shift and site.minutes_to_medical is not None:
            need = first_aid_need(table, hazard, site.minutes_to_medical, site.workers_per_shift)
        entry: dict[str, Any] = {
            "site": site.name,
            "hazard": hazard or "",
            "to_complete": "",
            "summary": "",
            "need": "",
            "cite": "",
        }
        if missing:
            entry["to_complete"] = f"{' and '.join(missing)} at {site.name}"
        elif need is None:
            entry["to_complete"] = (
                f"the first aiders, kit and room {short} {table.section} requires at {site.name} "
                f"({hazard} hazard work, {site.workers_per_shift} workers per shift, "
                f"{site.minutes_to_medical} minutes from medical help)"
            )
        else:
            entry["summary"] = (
                f"{need.hazard} hazard work; {need.distance.label}; {_count(need.workers, 'worker')} per shift"
            )
            entry["need"] = _need_text(need)
            entry["cite"] = f"{short}, {need.table}"
        rows.append(entry)
    if not rows:
        rows.append(
            {
                "site": "",
                "hazard": "",
                "summary": "",
                "need": "",
                "cite": "",
                "to_complete": "our work sites, with the most workers on one shift "
                "and the travel time to the nearest health care facility at each",
            }
        )
    return {
        "hazard_rule": " ".join(table.hazard_rule.split()),
        "kits": " ".join(table.kits.split()),
        "sites": rows,
    }

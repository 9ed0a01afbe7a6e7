"""The jurisdiction's law as the manual's templates see it: topics and plans, each statement with its citation.

The law files (``data/law``) hold what each jurisdiction's OHS law asks of an employer's program; where a
jurisdiction has no law file, or a file lacks a topic or a plan, the templates print a placeholder the
company completes instead of anything about corcli.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from corcli.models.content import JurisdictionLaw, LawStatement

VIOLENCE_TOPIC = "violence-harassment"
"""The topic printed as a section of its own: the violence and harassment plan or policy."""


def plan_title(plan_id: str) -> str:
    """A plan's title when the law file does not give one: 'fall-protection' -> 'Fall protection plan'."""
    return plan_id.replace("-", " ").capitalize() + " plan"


def _statement(law: JurisdictionLaw, statement: LawStatement) -> dict[str, Any]:
    shorts = {i.id: i.short for i in law.instruments}
    checked = statement.checked or law.checked
    short = shorts.get(statement.law, statement.law)
    return {
        "text": " ".join(statement.text.split()),
        "cite": short if statement.section == short else f"{short}, {statement.section}",
        "law": statement.law,
        "checked": checked.isoformat(),
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

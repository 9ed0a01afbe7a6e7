"""Pure rules: resolve a partner's program in a jurisdiction, and decide which certificate fits a company.

Why one resolution function: eligibility, audit types, pass rules, records history, validity and deadlines
belong to the partner's program; the jurisdiction supplies a default only where its government sets one.
``resolve_program`` is the only place that chooses between them, and every value it returns keeps who set
it, its sources and its certainty, so ``init``, ``check`` and ``partners show`` tell the user the same thing.
"""

from __future__ import annotations

from typing import Any, Literal

from corcli.errors import EligibilityError
from corcli.models import (
    AUDIT_TYPE_WORDS,
    JURISDICTION_DEADLINE,
    UNKNOWN,
    AuditPlan,
    AuditType,
    Availability,
    CertificateAudit,
    CertifyingPartner,
    Confidence,
    Eligibility,
    EligibilityDecision,
    HeadcountRule,
    Jurisdiction,
    MaintenanceDeadline,
    PartnerProgram,
    PassRules,
    Program,
    ProgramChoice,
    ProgramRules,
    Resolved,
    RuleBasis,
    RuleOrigin,
)

_UNKNOWN: Literal["unknown"] = "unknown"
_ELIGIBILITY_FIELDS = ("available", "max_headcount", "measure", "counted", "not_counted")


def _fact_certainty(uncertain: set[str], *paths: str) -> Confidence | None:
    """Return 'uncertain' when a path (or a parent or child of it) is listed under the file's ``uncertain``."""
    for path in paths:
        for field in uncertain:
            if field == path or field.startswith(path + ".") or path.startswith(field + "."):
                return Confidence.UNCERTAIN
    return None


def _from_program(block: RuleBasis, value: Any, partner: CertifyingPartner) -> Resolved[Any]:
    return Resolved[Any](
        value=value,
        origin=RuleOrigin.PROGRAM,
        decided_by=partner.abbreviation,
        sources=list(block.sources),
        certainty=block.certainty,
        note=block.note,
    )


def _from_jurisdiction(jurisdiction: Jurisdiction, key: str, value: Any, *paths: str) -> Resolved[Any]:
    if value is None or value == UNKNOWN:
        return Resolved[Any](
            value=UNKNOWN if value is None else value,
            origin=RuleOrigin.NONE,
            decided_by="corcli",
            certainty=_UNKNOWN,
            note=f"Neither the partner's program nor {jurisdiction.name}'s government sets this in corcli's sources.",
        )
    sources = jurisdiction.rule_sources.get(key, [])
    # A rule named by its exact fields (``paths``) is not made uncertain by a sibling field's doubt.
    certainty = _fact_certainty(jurisdiction.uncertain_fields(), *(paths or (key,)))
    if certainty is None:
        certainty = Confidence.CONFIRMED if sources else Confidence.LIKELY
    notes = [u.note for u in jurisdiction.uncertain if u.field in {key, *paths}]
    return Resolved[Any](
        value=value,
        origin=RuleOrigin.JURISDICTION,
        decided_by=jurisdiction.name,
        sources=list(sources),
        certainty=certainty,
        note=" ".join(notes),
    )


def _program_sources(partner: CertifyingPartner, program: Program) -> list[str]:
    word = str(program)
    named = [s.url for s in partner.sources if word in s.supports]
    return named[:2] or [partner.sources[0].url]


def _offered(partner: CertifyingPartner, entry: PartnerProgram | None, program: Program) -> Resolved[Availability]:
    if entry is None:
        return Resolved[Availability](
            value=Availability.NO,
            origin=RuleOrigin.PROGRAM,
            decided_by=partner.abbreviation,
            sources=[],
            certainty=Confidence.LIKELY,
            note=f"{partner.abbreviation}'s file lists no {program} program here.",
        )
    uncertain = partner.uncertain_fields()
    certainty: Confidence | Literal["unknown"]
    if entry.offered == Availability.UNKNOWN:
        certainty = _UNKNOWN
    else:
        certainty = _fact_certainty(uncertain, f"programs.{program}.offered", f"programs.{program}") or partner.listing
    notes = [u.note for u in partner.uncertain if u.field in {f"programs.{program}.offered", f"programs.{program}"}]
    return Resolved[Availability](
        value=entry.offered,
        origin=RuleOrigin.PROGRAM,
        decided_by=partner.abbreviation,
        sources=_program_sources(partner, program),
        certainty=certainty,
        note=" ".join(notes),
    )


def _eligibility(
    jurisdiction: Jurisdiction, partner: CertifyingPartner, entry: PartnerProgram | None, program: Program
) -> Resolved[Eligibility | None]:
    if program == Program.COR:
        return Resolved[Eligibility | None](
            value=None,
            origin=RuleOrigin.PROGRAM,
            decided_by=partner.abbreviation,
            certainty=Confidence.CONFIRMED,
            note="COR has no size limit.",
        )
    if entry is None or entry.offered == Availability.NO:
        return Resolved[Eligibility | None](
            value=None,
            origin=RuleOrigin.PROGRAM,
            decided_by=partner.abbreviation,
            certainty=Confidence.LIKELY,
            note=f"{partner.abbreviation} does not offer a small-employer certificate here.",
        )
    if entry.eligibility is not None:
        return _from_program(entry.eligibility, entry.eligibility, partner)
    rule = jurisdiction.small_employer
    if rule.available == Availability.NO:
        resolved = _from_jurisdiction(jurisdiction, "small_employer", "none", "small_employer.available")
        return resolved.model_copy(
            update={"value": None, "note": f"{jurisdiction.name} has no small-employer certificate."}
        )
    if rule.available == Availability.YES and isinstance(rule.max_headcount, int):
        default = Eligibility(
            max_headcount=rule.max_headcount,
            measure=rule.measure,
            counted=rule.counted,
            not_counted=rule.not_counted,
            sources=jurisdiction.rule_sources.get("small_employer", []),
            certainty=Confidence.CONFIRMED if jurisdiction.rule_sources.get("small_employer") else Confidence.LIKELY,
        )
        return _from_jurisdiction(
            jurisdiction, "small_employer", default, *(f"small_employer.{f}" for f in _ELIGIBILITY_FIELDS)
        )
    return Resolved[Eligibility | None](
        value=Eligibility(max_headcount=_UNKNOWN, measure="unknown", certainty=Confidence.UNCERTAIN),
        origin=RuleOrigin.NONE,
        decided_by="corcli",
        certainty=_UNKNOWN,
        note=f"corcli's sources give no {partner.abbreviation} size limit, and {jurisdiction.name}'s government "
        "sets none.",
    )


def _audits(
    jurisdiction: Jurisdiction, partner: CertifyingPartner, entry: PartnerProgram | None, program: Program
) -> Resolved[AuditPlan]:
    if entry is not None and entry.audits is not None:
        return _from_program(entry.audits, entry.audits, partner)
    audit = jurisdiction.audit_for(program)
    if audit is None or (audit.certification == AuditType.UNKNOWN and audit.maintenance == AuditType.UNKNOWN):
        plan = AuditPlan(certification=AuditType.UNKNOWN, maintenance=AuditType.UNKNOWN, certainty=Confidence.UNCERTAIN)
        return _from_jurisdiction(jurisdiction, "audits", UNKNOWN).model_copy(update={"value": plan})
    sources = jurisdiction.rule_sources.get("audits", [])
    plan = AuditPlan(
        certification=audit.certification,
        maintenance=audit.maintenance,
        sources=sources,
        certainty=Confidence.CONFIRMED if sources else Confidence.LIKELY,
    )
    return _from_jurisdiction(jurisdiction, "audits", plan, f"audits.{program}")


def _pass_rules(
    jurisdiction: Jurisdiction, partner: CertifyingPartner, entry: PartnerProgram | None
) -> Resolved[PassRules | Literal["unknown"]]:
    if entry is not None and entry.pass_rules is not None:
        own = PassRules(certification=entry.pass_rules.certification, maintenance=entry.pass_rules.maintenance)
        return _from_program(entry.pass_rules, own, partner)
    return _from_jurisdiction(jurisdiction, "pass_rules", jurisdiction.pass_rules, "pass_rules")


def _deadline(
    jurisdiction: Jurisdiction, partner: CertifyingPartner, entry: PartnerProgram | None
) -> Resolved[MaintenanceDeadline]:
    if entry is not None and entry.maintenance_deadline is not None:
        return _from_program(entry.maintenance_deadline, entry.maintenance_deadline, partner)
    rule = JURISDICTION_DEADLINE.get(jurisdiction.maintenance_deadline or UNKNOWN, "unknown")
    sources = jurisdiction.rule_sources.get("maintenance_deadline", [])
    value = MaintenanceDeadline(
        rule=rule, sources=sources, certainty=Confidence.CONFIRMED if sources else Confidence.UNCERTAIN
    )
    resolved = _from_jurisdiction(jurisdiction, "maintenance_deadline", rule)
    return resolved.model_copy(update={"value": value})


def _audit_conditions(jurisdiction: Jurisdiction, certificate_name: str) -> list[Resolved[str]]:
    """The conditions the certificate's own body sets on its audits (SAFE Work Manitoba for SAFE Work Certified)."""
    return [
        Resolved[str](
            value=condition.condition,
            origin=RuleOrigin.JURISDICTION,
            decided_by=condition.set_by,
            sources=list(condition.sources),
            certainty=condition.certainty,
            note=condition.note,
        )
        for condition in jurisdiction.audit_conditions
        if condition.certificate == certificate_name
    ]


def resolve_program(jurisdiction: Jurisdiction, partner: CertifyingPartner, program: Program) -> ProgramRules:
    """Return ``partner``'s ``program`` in ``jurisdiction`` with every rule resolved and its basis kept.

    The program's own rule wins; else the jurisdiction's default where its government sets one; else the
    value is 'unknown' (certainty 'unknown'), never a guess.
    """
    entry = partner.program(program, jurisdiction.code)
    offered = _offered(partner, entry, program)
    standard_id = entry.standard if entry is not None else None
    standard = Resolved[str | None](
        value=standard_id,
        origin=RuleOrigin.PROGRAM if standard_id else RuleOrigin.NONE,
        decided_by=partner.abbreviation if standard_id else "corcli",
        sources=_program_sources(partner, program) if standard_id else [],
        certainty=Confidence.CONFIRMED
        if standard_id and not (entry and entry.standard_note)
        else (Confidence.UNCERTAIN if standard_id else _UNKNOWN),
        note=entry.standard_note if entry is not None else "",
    )
    if entry is not None and entry.validity is not None:
        validity = _from_program(entry.validity, entry.validity.years, partner)
    else:
        validity = _from_jurisdiction(jurisdiction, "validity_years", jurisdiction.validity_years)
    if entry is not None and entry.records_history is not None:
        history = _from_program(entry.records_history, entry.records_history.terms, partner)
    else:
        history = _from_jurisdiction(jurisdiction, "records_history", jurisdiction.records_history)
    default_name = (jurisdiction.small_employer.certificate_name or "SECOR") if program == Program.SECOR else "COR"
    certificate_name = (entry.certificate_name if entry is not None else "") or default_name
    notes = [entry.standard_note] if entry is not None and entry.standard_note else []
    return ProgramRules(
        partner=partner.id,
        partner_abbreviation=partner.abbreviation,
        jurisdiction=jurisdiction.code,
        program=program,
        certificate_name=certificate_name,
        offered=offered,
        standard=standard,
        eligibility=_eligibility(jurisdiction, partner, entry, program),
        audits=_audits(jurisdiction, partner, entry, program),
        pass_rules=_pass_rules(jurisdiction, partner, entry),
        records_history=history,
        validity_years=validity,
        maintenance_deadline=_deadline(jurisdiction, partner, entry),
        audit_conditions=_audit_conditions(jurisdiction, certificate_name),
        notes=notes,
    )


def program_view(jurisdiction: Jurisdiction, rules: ProgramRules) -> Jurisdiction:
    """Return ``jurisdiction`` with the program's resolved rules in place of its defaults.

    Why: the cycle, scoring and manual read rules off the jurisdiction; this gives them the partner's
    program without each re-resolving it. The basis of each rule stays on ``rules``.
    """
    update: dict[str, Any] = {}
    eligibility = rules.eligibility.value
    if rules.program == Program.SECOR and eligibility is not None:
        update["small_employer"] = HeadcountRule(
            available=Availability.YES if rules.offered.value == Availability.YES else Availability.UNKNOWN,
            certificate_name=rules.certificate_name,
            max_headcount=eligibility.max_headcount,
            measure=eligibility.measure,
            counted=", ".join(filter(None, [eligibility.counted, eligibility.period])),
            not_counted=eligibility.not_counted,
        )
    plan = rules.audits.value
    others = [a for a in jurisdiction.audits if a.program != rules.program]
    update["audits"] = [
        *others,
        CertificateAudit(program=rules.program, certification=plan.certification, maintenance=plan.maintenance),
    ]
    if isinstance(rules.pass_rules.value, PassRules):
        update["pass_rules"] = rules.pass_rules.value
    update["records_history"] = rules.records_history.value
    update["validity_years"] = rules.validity_years.value
    deadline = rules.maintenance_deadline.value.rule
    update["maintenance_deadline"] = {"anniversary": "anniversary", "unknown": "unknown"}.get(
        deadline, "calendar_year_end"
    )
    return jurisdiction.model_copy(update=update)


def program_notices(rules: ProgramRules) -> list[str]:
    """What a report must tell the user about the program beyond the score: whether its instrument is public,
    and its audit conditions (a culture assessment, comments on lost points, sites and workers available)."""
    notices = [note for note in rules.notes if note]
    plan = rules.audits.value
    if plan.conditions:
        conditions = plan.conditions.strip().rstrip(".")
        notices.append(
            f"{rules.partner_abbreviation}'s {rules.certificate_name} audit also asks for: {conditions} "
            f"({rules.audits.basis()})."
        )
    for condition in rules.audit_conditions:
        notices.append(
            f"{condition.decided_by}'s {rules.certificate_name} audit also asks for: {condition.value.rstrip('.')} "
            f"({condition.basis()})." + (f" {condition.note}" if condition.note else "")
        )
    passing = rules.pass_rules
    if passing.certainty == Confidence.UNCERTAIN and passing.note:
        notices.append(f"The pass mark used is uncertain: {passing.note.rstrip('.')}.")
    return notices


def secor_limit(jurisdiction: Jurisdiction, partner: CertifyingPartner) -> int | str | None:
    """Return the SECOR headcount limit (inclusive), ``'unknown'``, or ``None`` when there is none."""
    entry = partner.program(Program.SECOR, jurisdiction.code)
    if entry is None or entry.offered == Availability.NO:
        return None
    value = resolve_program(jurisdiction, partner, Program.SECOR).eligibility.value
    return None if value is None else value.max_headcount


def _audit_words(kind: AuditType, detail: str) -> str:
    """The audit as users read it: the partner's own description when it is a whole one, else corcli's words.

    Why: a detail such as 'an external audit by a certified auditor' already says what the generic words
    say; joining the two repeats the phrase.
    """
    if not detail:
        return AUDIT_TYPE_WORDS[kind]
    if detail.startswith(("a ", "an ")):
        return detail
    return f"{AUDIT_TYPE_WORDS[kind]}: {detail}"


def _people(measure: str, count: int) -> str:
    word = "full-time equivalent" if measure == "fte" else "worker"
    return word if count == 1 else word + "s"


def no_program_error(jurisdiction: Jurisdiction) -> EligibilityError:
    """The error for a jurisdiction without a COR program: plain where that is settled, careful where not."""
    settled = "has_cor_program" not in jurisdiction.uncertain_fields()
    fact = f"{jurisdiction.name} has no COR program" if settled else f"No COR program was found in {jurisdiction.name}"
    return EligibilityError(
        f"{fact}, so corcli cannot prepare a certificate there.",
        jurisdiction.notes.strip()
        or "If your workers' compensation account is in another province, use that province's code.",
    )


def _serves(jurisdiction: Jurisdiction, partner: CertifyingPartner) -> None:
    if not jurisdiction.has_cor_program:
        raise no_program_error(jurisdiction)
    if jurisdiction.code not in partner.jurisdictions and not set(jurisdiction.covers) & set(partner.jurisdictions):
        raise EligibilityError(
            f"{partner.name} ({partner.abbreviation}) does not certify employers in {jurisdiction.name}.",
            f"Run 'corcli partners list --province {jurisdiction.covers[0]}' to see the partners there.",
        )


def _size_class_reason(jurisdiction: Jurisdiction, headcount: int) -> str | None:
    for size in jurisdiction.size_classes:
        if headcount >= size.min_workers and (size.max_workers is None or headcount <= size.max_workers):
            upper = f"-{size.max_workers}" if size.max_workers is not None else "+"
            path = f": {size.path}" if size.path else ""
            return (
                f"{jurisdiction.name} sorts companies by size; with {headcount} workers you are in the "
                f"{size.name} class ({size.min_workers}{upper}){path}."
            )
    return None


def _secor_judgement(secor: ProgramRules, headcount: int) -> tuple[bool | None, list[str], list[str]]:
    """Return whether SECOR is open (None when unknown), the reasons and the warnings."""
    name, who = secor.certificate_name, secor.partner_abbreviation
    offered = secor.offered
    if offered.value == Availability.NO:
        return False, [f"{who} does not offer {name} ({offered.basis()}), so COR is the path."], []
    rule = secor.eligibility
    if rule.value is None:
        return False, [f"{rule.decided_by} has no small-employer certificate ({rule.basis()}), so COR is the path."], []
    limit = rule.value.max_headcount
    if offered.value == Availability.UNKNOWN:
        reason = (
            f"Whether {who} offers {name} is unknown (no source on file says so), so corcli decides COR; "
            f"ask {who} whether a small-employer certificate is open to you."
        )
        return None, [reason], [f"Whether {who} offers {name} is not confirmed; ask them before you start."]
    if not isinstance(limit, int):
        reason = (
            f"{who}'s {name} size limit is unknown ({rule.basis()}), so corcli decides COR until {who} confirms it."
        )
        return None, [reason], [f"The {name} size limit at {who} is not known to corcli; ask {who}."]
    people = _people(rule.value.measure, headcount)
    counted = ", ".join(filter(None, [rule.value.counted, rule.value.period]))
    basis = f"counted: {counted}; " if counted else ""
    warnings = []
    if rule.certainty != Confidence.CONFIRMED:
        detail = (rule.note or f"confirm it with {who}").rstrip(".")
        warnings.append(f"{who}'s {name} limit of {limit} is {rule.certainty}: {detail}.")
    if headcount <= limit:
        return (
            True,
            [f"{headcount} {people} is within {who}'s {name} limit of {limit} ({basis}{rule.basis()})."],
            warnings,
        )
    return (
        False,
        [f"{headcount} {people} is above {who}'s {name} limit of {limit} ({basis}{rule.basis()}), so COR is required."],
        warnings,
    )


def decide(
    jurisdiction: Jurisdiction,
    partner: CertifyingPartner,
    headcount: int,
    requested: ProgramChoice = ProgramChoice.AUTO,
) -> EligibilityDecision:
    """Decide COR or SECOR for a company of ``headcount`` (peak in the last 12 months).

    SECOR is chosen automatically only when the partner offers it and the company is within its limit; when
    either is unknown corcli says so and decides COR. Raises ``EligibilityError`` when the jurisdiction has no
    program, the partner does not serve it, or SECOR is requested where it is not open.
    """
    _serves(jurisdiction, partner)
    secor = resolve_program(jurisdiction, partner, Program.SECOR)
    eligible, reasons, warnings = _secor_judgement(secor, headcount)
    size_reason = _size_class_reason(jurisdiction, headcount)
    if size_reason:
        reasons.append(size_reason)
    name = secor.certificate_name
    if requested == ProgramChoice.SECOR:
        if eligible is False:
            raise EligibilityError(
                f"{name} is not open to this company: " + " ".join(reasons),
                "Use --program COR (or auto), or correct --employees if the count is wrong.",
            )
        program = Program.SECOR
        reasons.append(f"You asked for {name}.")
    elif requested == ProgramChoice.COR:
        program = Program.COR
        reasons.append("You asked for COR" + (f"; {name} would also be open to you." if eligible else "."))
    elif eligible:
        program = Program.SECOR
        reasons.append(f"{name} is the lighter path for small employers; COR is also open to you.")
    else:
        program = Program.COR
    rules = secor if program == Program.SECOR else resolve_program(jurisdiction, partner, Program.COR)
    decided_by = secor.offered if eligible is None or secor.offered.value != Availability.YES else secor.eligibility

    plan = rules.audits.value
    if plan.certification != AuditType.UNKNOWN:
        reasons.append(
            f"{rules.certificate_name} certification is {_audit_words(plan.certification, plan.certification_detail)} "
            f"({rules.audits.basis()})."
        )
    else:
        warnings.append(
            f"Who audits {partner.abbreviation}'s {rules.certificate_name} is not known to corcli; ask them."
        )
    if rules.offered.value == Availability.UNKNOWN:
        warnings.append(f"It is not confirmed that {partner.abbreviation} offers {program}.")
    if rules.standard.value is None:
        warnings.append(f"{partner.abbreviation}'s {program} audit standard is not known to corcli.")
    warnings.extend(rules.notes)
    return EligibilityDecision(
        program=program,
        certificate_name=rules.certificate_name,
        certification_audit=plan.certification,
        maintenance_audit=plan.maintenance,
        standard=rules.standard.value,
        secor_eligible=eligible,
        decided_by=f"{decided_by.decided_by} ({decided_by.certainty})",
        reasons=reasons,
        warnings=list(dict.fromkeys(warnings)),
        rules=rules,
    )


__all__ = ["decide", "no_program_error", "program_notices", "program_view", "resolve_program", "secor_limit"]

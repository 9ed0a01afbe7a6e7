"""Pure rules: which certificate (COR or SECOR) fits a company, and how it is audited."""

from __future__ import annotations

from corcli.errors import EligibilityError
from corcli.models import (
    UNKNOWN,
    AuditType,
    Availability,
    CertifyingPartner,
    EligibilityDecision,
    Jurisdiction,
    Program,
    ProgramChoice,
)


def secor_limit(jurisdiction: Jurisdiction, partner: CertifyingPartner) -> int | str | None:
    """Return the SECOR headcount limit (inclusive), ``'unknown'``, or ``None`` when there is none."""
    entry = partner.program(Program.SECOR, jurisdiction.code)
    if entry is not None and entry.max_headcount is not None:
        return entry.max_headcount
    rule = jurisdiction.small_employer
    if rule.available == Availability.NO:
        return None
    if rule.available == Availability.UNKNOWN or rule.max_headcount in (None, UNKNOWN):
        return UNKNOWN
    return rule.max_headcount


def _people(jurisdiction: Jurisdiction) -> str:
    return "full-time equivalents" if jurisdiction.small_employer.measure == "fte" else "workers"


def decide(
    jurisdiction: Jurisdiction,
    partner: CertifyingPartner,
    headcount: int,
    requested: ProgramChoice = ProgramChoice.AUTO,
) -> EligibilityDecision:
    """Decide COR or SECOR for a company of ``headcount`` (peak in the last 12 months).

    Raises ``EligibilityError`` when the jurisdiction has no program, the partner does not serve it,
    or SECOR is requested above the threshold.
    """
    if not jurisdiction.has_cor_program:
        raise EligibilityError(
            f"No COR program was found in {jurisdiction.name}.",
            "corcli cannot prepare a certificate there; if your WCB account is in another province, "
            "use that province's code.",
        )
    if jurisdiction.code not in partner.jurisdictions and not set(jurisdiction.covers) & set(partner.jurisdictions):
        raise EligibilityError(
            f"{partner.name} ({partner.abbreviation}) does not certify employers in {jurisdiction.name}.",
            f"Run 'corcli partners list --province {jurisdiction.covers[0]}' to see the partners there.",
        )
    name = jurisdiction.small_employer.certificate_name or "SECOR"
    people = _people(jurisdiction)
    reasons: list[str] = []
    warnings: list[str] = []
    limit = secor_limit(jurisdiction, partner)
    secor_entry = partner.program(Program.SECOR, jurisdiction.code)
    secor_offered = secor_entry.offered if secor_entry is not None else Availability.NO
    eligible: bool | None

    if limit is None:
        eligible = False
        reasons.append(f"{jurisdiction.name} has no small-employer certificate, so COR is the path.")
    elif secor_offered == Availability.NO:
        eligible = False
        reasons.append(f"{partner.abbreviation} does not offer {name}, so COR is the path.")
    elif limit == UNKNOWN:
        eligible = None
        warnings.append(
            f"The {name} size limit in {jurisdiction.name} is not known to corcli; ask {partner.abbreviation}."
        )
    else:
        assert isinstance(limit, int)
        counted = jurisdiction.small_employer.counted
        eligible = headcount <= limit
        basis = f" ({counted})" if counted else ""
        if eligible:
            reasons.append(f"{headcount} {people} is within the {name} limit of {limit}{basis}.")
        else:
            reasons.append(f"{headcount} {people} is above the {name} limit of {limit}{basis}, so COR is required.")
    if eligible is not False and secor_offered == Availability.UNKNOWN:
        warnings.append(f"Whether {partner.abbreviation} offers {name} is not confirmed; ask them before you start.")

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
        if eligible is None:
            reasons.append(f"corcli suggests COR until {partner.abbreviation} confirms {name} is open to you.")

    audit = jurisdiction.audit_for(program)
    certification = audit.certification if audit else AuditType.UNKNOWN
    maintenance = audit.maintenance if audit else AuditType.UNKNOWN
    if certification == AuditType.SELF_ASSESSMENT:
        reasons.append(f"{program} is a self-assessment: you audit yourselves and {partner.abbreviation} reviews it.")
    elif certification == AuditType.EXTERNAL:
        reasons.append(f"{program} certification needs an external auditor.")
    elif certification == AuditType.INTERNAL:
        reasons.append(f"{program} certification uses a trained internal auditor.")

    entry = partner.program(program, jurisdiction.code)
    standard = entry.standard if entry is not None else None
    if entry is None or entry.offered == Availability.UNKNOWN:
        warnings.append(f"It is not confirmed that {partner.abbreviation} offers {program}.")
    if standard is None:
        warnings.append(f"{partner.abbreviation}'s {program} audit standard is not known to corcli.")
    elif entry is not None and entry.standard_note:
        warnings.append(entry.standard_note)
    return EligibilityDecision(
        program=program,
        certification_audit=certification,
        maintenance_audit=maintenance,
        standard=standard,
        secor_eligible=eligible,
        reasons=reasons,
        warnings=warnings,
    )

"""``corcli init``: create a company workspace and decide COR or SECOR."""

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corcli.cli._common import DataDirOpt, ForceOpt, cwd, report_overrides, reports_errors

if TYPE_CHECKING:
    from datetime import datetime

    from corcli.catalog.loader import Catalog
    from corcli.cli.interview import Answers
    from corcli.models import AuditStandard, CertifyingPartner, CompanyProfile, EligibilityDecision, Jurisdiction


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("init")(init)


def _parse_date(value: "str | None", flag: str) -> "date | None":
    if value is None or value == "":
        return None
    from corcli.errors import CorcliError
    from corcli.rules.dates import TYPED_DATE_HINT
    from corcli.services.answers import read_date

    parsed = read_date(value)
    if parsed is None:
        hint = TYPED_DATE_HINT + " A month alone, Sept 2025, is the 1st."
        raise CorcliError(f"{flag} {value!r} is not a valid date.", hint)
    if flag in PAST_DATES and parsed > date.today():
        raise CorcliError(f"{flag} {value!r} is in the future ({parsed.isoformat()}).", PAST_DATES[flag])
    return parsed


PAST_DATES = {
    "--records-since": "Give the day you started keeping safety records (today at the latest).",
    "--certified-on": "Give the date on the certificate you hold now; leave it out if you hold none yet.",
}
"""Dates that lie in the past by their nature, and the fix when one is given in the future."""


def _suggest_partners(catalog: "Catalog", province: str, industry: str) -> "list[CertifyingPartner]":
    matches = catalog.partners_in(province=province, industry=industry)
    specific = [p for p in matches if "general" not in p.industries]
    return specific + [p for p in matches if p not in specific]


@dataclass
class InitOptions:
    """What ``init`` was given on the command line (interactive answers fill the gaps)."""

    name: str | None
    province: str | None
    industry: str | None
    trade: str | None
    employees: int | None
    partner_id: str | None
    program: str
    records_since: str | None
    certified_on: str | None
    planned_audit: str | None
    address: str | None
    wcb_account: str | None
    from_workspace: Path | None


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder for the workspace (created if missing).")
    ] = Path(),
    name: Annotated[str | None, typer.Option("--name", help="Company name.")] = None,
    province: Annotated[
        str | None, typer.Option("--province", help="Province/territory of the WCB account: AB, ab or Alberta.")
    ] = None,
    industry: Annotated[
        str | None,
        typer.Option(
            "--industry", help="Industry or line of work, e.g. construction or roofing ('corcli partners list')."
        ),
    ] = None,
    trade: Annotated[str | None, typer.Option("--trade", help="Trade in plain words, e.g. roofing.")] = None,
    employees: Annotated[
        int | None,
        typer.Option("--employees", help="Peak number of workers in the last 12 months (owners, family, part-time)."),
    ] = None,
    partner: Annotated[
        str | None,
        typer.Option("--partner", help="Certifying partner id, e.g. acsa (chosen for you if only one fits)."),
    ] = None,
    program: Annotated[str, typer.Option("--program", help="auto, COR or SECOR.")] = "auto",
    records_since: Annotated[
        str | None, typer.Option("--records-since", help="Date you started keeping safety records (YYYY-MM-DD).")
    ] = None,
    certified_on: Annotated[
        str | None, typer.Option("--certified-on", help="Date of your current certificate, if you hold one.")
    ] = None,
    planned_audit: Annotated[
        str | None, typer.Option("--planned-audit", help="Date (or month, e.g. 'March 2027') of the planned audit.")
    ] = None,
    address: Annotated[str | None, typer.Option("--address", help="Head office address.")] = None,
    wcb_account: Annotated[
        str | None, typer.Option("--wcb-account", help="Workers' compensation account number.")
    ] = None,
    from_workspace: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Start from another client's workspace: its roles, schedules, N/A reasons, templates and partner "
            "files are copied (never its evidence).",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask questions; use the flags given.")] = False,
    interactive: Annotated[
        bool | None, typer.Option("--interactive/--no-interactive", help="Ask questions (default: when a terminal).")
    ] = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
) -> None:
    """Create a workspace: the company profile, the certificate decision and evidence folders."""
    options = InitOptions(
        name,
        province,
        industry,
        trade,
        employees,
        partner,
        program,
        records_since,
        certified_on,
        planned_audit,
        address,
        wcb_account,
        from_workspace,
    )
    _run_init(directory, options, yes, interactive, force, data_dir)


def _interview(
    options: InitOptions, answers: "Answers", catalog: "Catalog", template: "CompanyProfile | None"
) -> dict[str, Any]:
    """Ask for everything the options did not give; every answer is read as typed and kept as it is given."""
    from corcli.cli.interview import ask, ask_roles, ask_sites, ask_text, pick_partner, say
    from corcli.models import INDUSTRIES
    from corcli.services.answers import read_date, read_headcount, read_industry, read_province

    if answers.resumed:
        say("Resuming the init you started: press Enter to keep each earlier answer.")
    got: dict[str, Any] = {}

    def keep(key: str, value: Any) -> Any:
        got[key] = value
        answers.keep(key, value.isoformat() if isinstance(value, date) else value)
        return value

    def saved(key: str) -> "str | None":
        value = answers.get(key)
        return None if value in (None, "") else str(value)

    keep(
        "name",
        options.name or ask("Company name", lambda t: t or None, "Type the company's name.", default=saved("name")),
    )
    province = read_province(options.province) if options.province else None
    if province is None:
        default = saved("province") or (template.company.province if template else None)
        province = ask(
            "Province or territory of your WCB account",
            read_province,
            "Type its name or code, e.g. Alberta or AB.",
            default=default,
        )
    keep("province", province)
    jurisdiction = catalog.jurisdiction(str(province))
    legal = None if jurisdiction.has_cor_program else catalog.legal_program(jurisdiction)
    if not jurisdiction.has_cor_program:
        if legal is None:
            return got
        say(_legal_note(jurisdiction, legal.title))
    industry, trade_guess = (
        (read_industry(options.industry) or (options.industry, "")) if options.industry else (None, "")
    )
    if industry is None:
        default = saved("industry") or (template.company.industry if template else None)
        found = ask(
            "Industry or line of work (e.g. construction, roofing, trucking, oil and gas)",
            read_industry,
            "Try your trade (roofing, trucking, drilling...) or one of: " + ", ".join(INDUSTRIES) + ".",
            default=default,
        )
        industry, trade_guess = found if found else ("general", "")
    keep("industry", industry)
    trade = options.trade
    if trade is None:
        default = saved("trade") or trade_guess or None
        trade = ask_text("Trade, in your own words" + ("" if default else " (blank to skip)"), default)
    keep("trade", trade)
    employees = options.employees
    if employees is None:
        employees = ask(
            "Peak number of workers in the last 12 months (everyone on the WCB account: owners, family, part-time)",
            read_headcount,
            "Type a number, e.g. 23 or 'about 23'.",
            default=saved("employees"),
        )
    keep("employees", employees)
    partner_id = options.partner_id
    if not partner_id and legal is None:
        suggestions = _suggest_partners(catalog, jurisdiction.covers[0], str(industry))
        if len(suggestions) == 1:
            partner_id = suggestions[0].id
            say(f"One certifying partner fits: {suggestions[0].name} ({suggestions[0].abbreviation}).")
        elif suggestions:
            default = saved("partner") or (template.certification.partner if template else None)
            partner_id = pick_partner(suggestions, default)
    keep("partner", partner_id)
    for key, label in (("address", "Head office address"), ("wcb_account", "WCB account number")):
        value = getattr(options, key)
        keep(key, value if value is not None else ask_text(f"{label} (blank to skip)", saved(key)))
    example = "Type a date such as 2025-09-01, 'Sept 1 2025' or just the month, 'Sept 2025'."
    for key, label in (
        ("records_since", "Date you started keeping safety records"),
        ("certified_on", "Date of your current certificate, if you hold one"),
        ("planned_audit", "Planned audit date or month (e.g. March 2027)"),
    )[: 1 if legal else 3]:
        given = getattr(options, key)
        value = _parse_date(given, "--" + key.replace("_", "-")) if given else None
        while value is None and not given:
            value = ask(label, read_date, example, default=saved(key), skippable=True)
            flag = "--" + key.replace("_", "-")
            if value and flag in PAST_DATES and value > date.today():
                say(f"{value.isoformat()} is in the future. {PAST_DATES[flag]}")
                value = None
                continue
            if key == "planned_audit" and value and got.get("records_since") and value < got["records_since"]:
                say(f"The planned audit is before the records start ({got['records_since']}); give a later date.")
                value = None
                continue
            break
        keep(key, value)
    keep("roles", ask_roles(answers))
    keep("sites", ask_sites(answers))
    return got


@reports_errors
def _run_init(
    directory: Path,
    options: InitOptions,
    yes: bool,
    interactive: "bool | None",
    force: bool,
    data_dir: "Path | None",
) -> None:
    from corcli.catalog.loader import load_catalog, require_industry, user_data_dirs
    from corcli.errors import CorcliError, OverwriteError
    from corcli.models import Certification, Company, CompanyProfile, ProgramChoice, Role, Site
    from corcli.rules.eligibility import decide, no_program_error
    from corcli.services.answers import read_industry, read_province
    from corcli.services.scaffolding import copy_setup, create_workspace, load_template_profile
    from corcli.storage.workspace import PROFILE_NAME

    root = directory if directory.is_absolute() else cwd() / directory
    if root.exists() and not root.is_dir():
        raise CorcliError(f"{root} exists and is not a folder.", "Give a folder for the workspace.")
    if (root / PROFILE_NAME).exists() and not force:
        raise OverwriteError(
            f"{root / PROFILE_NAME} already exists.",
            "Use --force to replace the profile (evidence is never touched), or edit it by hand.",
        )
    ask = (not yes) and (interactive if interactive is not None else sys.stdin.isatty())
    catalog = load_catalog(user_data_dirs(data_dir, root if root.is_dir() else None))
    report_overrides(catalog)
    try:
        choice = ProgramChoice(options.program.upper() if options.program.lower() != "auto" else "auto")
    except ValueError:
        raise CorcliError(
            f"--program {options.program!r} is not one of auto, COR, SECOR.", "Use --program auto, COR or SECOR."
        ) from None
    source = options.from_workspace
    template = load_template_profile(source if source is None or source.is_absolute() else cwd() / source)
    existing = _existing_profile(root) if force else None
    asked_for = {key for key in _GIVEN_KEYS if getattr(options, _GIVEN_KEYS[key]) not in (None, "")}
    if options.program.lower() != "auto":
        asked_for.add("program")
    if existing is not None:
        options = _defaults_from(options, existing)

    if ask:
        from corcli.cli.interview import Answers

        answers = Answers(root)
        got = _interview(options, answers, catalog, template)
    else:
        answers = None
        got = {}
    name = got.get("name") or options.name
    given = options.province
    province = got.get("province") or ((read_province(given) or given.strip()) if given else None)
    if province is None and template is not None:
        province = template.company.province
    missing = [flag for flag, value in (("--name", name), ("--province", province)) if not value]
    jurisdiction = catalog.jurisdiction(province) if province else None
    legal = None
    if jurisdiction is not None and not jurisdiction.has_cor_program:
        legal = catalog.legal_program(jurisdiction)
        if legal is None:
            raise no_program_error(jurisdiction)
    industry, trade_guess = got.get("industry"), ""
    if industry is None and options.industry:
        found = read_industry(options.industry)
        industry, trade_guess = found if found else (options.industry, "")
    if industry is None and template is not None:
        industry = template.company.industry
    if industry is not None:
        require_industry(industry)
    trade = got.get("trade") if "trade" in got else (options.trade or trade_guess)
    employees = got.get("employees") or options.employees
    partner_id = got.get("partner") or options.partner_id
    if legal is not None and partner_id:
        raise CorcliError(
            f"{jurisdiction.name if jurisdiction else province} has no COR program on file, so no partner certifies "
            "there.",
            "Leave out --partner: corcli sets up a legal-program workspace instead.",
        )
    if legal is None and jurisdiction is not None and industry and not partner_id:
        options_found = _suggest_partners(catalog, jurisdiction.covers[0], industry)
        if template is not None and template.certification.partner in {p.id for p in options_found}:
            partner_id = template.certification.partner
        elif len(options_found) == 1:
            partner_id = options_found[0].id
            from corcli.cli.console import note

            note(f"One certifying partner fits: {options_found[0].name} ({options_found[0].abbreviation}).")
    missing += [flag for flag, value in (("--industry", industry), ("--employees", employees)) if value is None]
    if legal is None and jurisdiction is not None and industry and not partner_id:
        found_partners = _suggest_partners(catalog, jurisdiction.covers[0], industry)
        hint = (
            "Partners for this province and industry: " + ", ".join(p.id for p in found_partners) + "."
            if found_partners
            else "Run 'corcli partners list --province CODE' to choose one."
        )
        raise CorcliError("--partner is required.", hint)
    if missing:
        raise CorcliError(
            "Missing " + ", ".join(missing) + ".",
            "Give them as options (see 'corcli init --help'), or run 'corcli init' in a terminal to be asked.",
        )
    if jurisdiction is None or industry is None or employees is None or not (partner_id or legal):
        raise CorcliError("Missing company details.", "See 'corcli init --help'.")
    partner = catalog.partner(partner_id) if partner_id else None
    decision = decide(jurisdiction, partner, employees, choice) if partner else None
    standard = legal or (catalog.standard(decision.standard) if decision and decision.standard else None)
    if standard is None:
        what = f"{partner.abbreviation} {decision.program}" if partner and decision else jurisdiction.name
        raise CorcliError(
            f"corcli has no audit standard for {what}.",
            "Add a standard file for it (see data/README.md), or choose another partner.",
        )

    def dated(key: str) -> "date | None":
        if key in got:
            value = got[key]
            return value if isinstance(value, date) or value is None else None
        return _parse_date(getattr(options, key), "--" + key.replace("_", "-"))

    try:
        profile = CompanyProfile(
            company=Company(
                name=name or "",
                province=jurisdiction.covers[0] if province is None else province,
                industry=industry,
                trade=trade or "",
                employees=employees,
                address=got.get("address") or options.address or "",
                wcb_account=got.get("wcb_account") or options.wcb_account or "",
            ),
            certification=Certification(
                partner=partner.id if partner else None,
                program=choice,
                standard=legal.id if legal else None,
                records_since=dated("records_since"),
                certified_on=dated("certified_on"),
                planned_audit=dated("planned_audit"),
            ),
            roles=[Role(**r) for r in got.get("roles", [])] or (list(template.roles) if template else []),
            sites=[Site(**s) for s in got.get("sites", [])],
            schedules=list(template.schedules) if template else [],
            not_applicable=list(template.not_applicable) if template else [],
        )
    except ValueError as exc:
        raise CorcliError(f"Invalid value: {_first_error(exc)}", "Check the options you gave.") from None
    if legal is not None and not profile.schedules:
        from corcli.rules.legal import law_schedules

        # The law's own rhythm (monthly committee minutes, the yearly policy review) starts the schedule.
        profile = profile.model_copy(update={"schedules": law_schedules(legal, profile)})
    change, backup = None, None
    if force and (root / PROFILE_NAME).exists():
        from corcli.services.scaffolding import keep_unchanged

        if existing is not None:
            profile = keep_unchanged(existing, profile, asked_for | set(got))
        from corcli.services.migrate import plan_program_change

        change = plan_program_change(root, existing, catalog, standard)
        if change is not None:
            cert = profile.certification.model_copy(update={"folders": change.folders})
            profile = profile.model_copy(update={"certification": cert})
        from corcli.services.scaffolding import backup_profile

        backup = backup_profile(root, _now().strftime("%Y%m%dT%H%M%S"))
    from corcli.services.project import with_folders

    used = change.new_standard if change else with_folders(standard, profile.certification.folders)
    result = create_workspace(root, profile, jurisdiction, partner, decision, used, force=force)
    if change is not None:
        from corcli.cli.views import report_change
        from corcli.services.migrate import apply_standard_change
        from corcli.storage.workspace import Workspace

        report_change(apply_standard_change(Workspace(root.resolve(), "init --force"), change, _now()), backup)
    elif backup is not None and existing is None:
        from corcli.cli.console import warn

        warn(
            f"{root / PROFILE_NAME} could not be read, so it was written anew from the options given; the old one "
            f"is kept as {backup}: copy back what you need ('corcli validate {backup}' shows what was wrong)."
        )
    elif backup is not None:
        from corcli.cli.console import note

        note(f"The previous profile is kept as {backup}.")
    copied = copy_setup(source if source is None or source.is_absolute() else cwd() / source, root) if source else []
    if answers is not None:
        answers.clear()
    written = len(result.created) + len(copied)
    if partner is None or decision is None:
        _print_legal(root, jurisdiction, standard, profile, written, len(result.kept))
        return
    _print_decision(root, jurisdiction, partner, decision, standard.title, written, len(result.kept))


def _legal_note(jurisdiction: "Jurisdiction", program_title: str) -> str:
    """What init says in a jurisdiction without a COR program that has a legal program on file."""
    from corcli.rules.eligibility import no_program_error

    fact = no_program_error(jurisdiction).message.split(", so ")[0]
    return (
        f"{fact}: there is no certificate to prepare. corcli sets up a legal-program workspace instead "
        f"({program_title}): the manual, evidence folders for each legal duty, and your due dates."
    )


_GIVEN_KEYS = {
    "name": "name",
    "province": "province",
    "industry": "industry",
    "trade": "trade",
    "employees": "employees",
    "partner": "partner_id",
    "records_since": "records_since",
    "certified_on": "certified_on",
    "planned_audit": "planned_audit",
    "address": "address",
    "wcb_account": "wcb_account",
}
"""Profile fields ``init --force`` changes only when given (key: the option's attribute)."""


def _existing_profile(root: Path) -> "CompanyProfile | None":
    """The profile ``init --force`` is about to change, when it can be read (else it is replaced whole)."""
    from corcli.errors import CorcliError
    from corcli.services.project import load_profile
    from corcli.storage.workspace import PROFILE_NAME

    if not (root / PROFILE_NAME).exists():
        return None
    try:
        return load_profile(root / PROFILE_NAME)
    except CorcliError:
        return None


def _defaults_from(options: InitOptions, existing: "CompanyProfile") -> InitOptions:
    """Fill the options not given from the existing profile, so only what was asked for changes."""
    import dataclasses

    company, cert = existing.company, existing.certification
    return dataclasses.replace(
        options,
        name=options.name or company.name,
        province=options.province or company.province,
        industry=options.industry or company.industry,
        employees=options.employees if options.employees is not None else company.employees,
        # A partner certifies in its own provinces: a move to another province chooses the partner anew.
        partner_id=options.partner_id or (cert.partner if _same_province(options.province, company.province) else None),
        program=options.program if options.program.lower() != "auto" else cert.program.value,
    )


def _same_province(given: "str | None", existing: str) -> bool:
    from corcli.services.answers import read_province

    return given is None or (read_province(given) or given.strip().upper()) == existing


def _now() -> "datetime":
    from datetime import datetime

    return datetime.now()


def _print_legal(
    root: Path,
    jurisdiction: "Jurisdiction",
    standard: "AuditStandard",
    profile: "CompanyProfile",
    created: int,
    kept: int,
) -> None:
    from rich.markup import escape
    from rich.panel import Panel

    from corcli.cli import views
    from corcli.cli.console import out
    from corcli.rules.legal import size_exemptions

    console = out(markup=True)  # every piece of data below is escaped
    duties = [r for e in standard.elements for r in e.requirements]
    exempt = size_exemptions(standard, profile)
    lines = [
        escape(_legal_note(jurisdiction, standard.title)),
        "",
        "No certificate, so no audit score or verdict.",
        f"With {profile.company.employees} workers, the law asks {len(duties) - len(exempt)} of its "
        f"{len(duties)} duties of you"
        + (f" (not {', '.join(escape(n.requirement) for n in exempt)}: they depend on size)." if exempt else "."),
    ]
    if jurisdiction.notes.strip():
        lines += ["", escape(" ".join(jurisdiction.notes.split()))]
    console.print(Panel("\n".join(lines), title="Legal program", expand=False))
    console.print(f"Workspace: {escape(str(root))} ({created} files written, {kept} kept)")
    steps = [
        *views.go_to_step(root, cwd()),
        "Fill in people, schedules and contacts in corcli.yaml; 'corcli validate' checks it.",
        "Draft your manual: corcli manual --format docx -o manual.docx",
        "File records in evidence/ (a folder per group of duties); 'corcli check' shows what lacks them.",
        "See what is due: corcli due",
    ]
    console.print(views.numbered_steps(steps))


def _first_error(exc: "ValueError") -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors(include_url=False)[0]
        loc = ".".join(str(p) for p in first["loc"])
        return f"{loc}: {first['msg']}"
    return str(exc)


def _print_decision(
    root: Path,
    jurisdiction: "Jurisdiction",
    partner: "CertifyingPartner",
    decision: "EligibilityDecision",
    standard_title: str,
    created: int,
    kept: int,
) -> None:
    from corcli.cli import views
    from corcli.cli.console import out

    console = out()
    where = f"{partner.name} ({partner.abbreviation})"
    console.print(
        views.init_decision(
            decision.certificate_name, where, jurisdiction.name, standard_title, decision.reasons, decision.warnings
        )
    )
    console.print(f"Workspace: {root} ({created} files written, {kept} kept)")
    steps = [
        *views.go_to_step(root, cwd()),
        "Fill in people, schedules and contacts in corcli.yaml (see its examples); 'corcli validate' checks it.",
        "Draft your manual: corcli manual --format docx -o manual.docx",
        "File records in evidence/ (a folder per element); 'corcli check' scores them.",
    ]
    console.print(views.numbered_steps(steps))

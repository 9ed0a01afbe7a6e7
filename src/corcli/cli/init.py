"""``corcli init``: create a company workspace and decide COR or SECOR."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corcli.cli._common import DataDirOpt, ForceOpt, cwd, parse_date_option, report_overrides, reports_errors

if TYPE_CHECKING:
    from corcli.catalog.loader import Catalog
    from corcli.models import CertifyingPartner, EligibilityDecision, Jurisdiction


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("init")(init)


def _suggest_partners(catalog: "Catalog", province: str, industry: str) -> "list[CertifyingPartner]":
    matches = catalog.partners_in(province=province, industry=industry)
    specific = [p for p in matches if "general" not in p.industries]
    return specific + [p for p in matches if p not in specific]


def _ask(label: str, default: "str | None" = None, choices: "list[str] | None" = None) -> str:
    from rich.prompt import Prompt

    from corcli.cli.console import err

    return Prompt.ask(label, default=default, choices=choices, console=err(), show_choices=bool(choices)) or ""


def _ask_int(label: str, default: "int | None" = None) -> int:
    from rich.prompt import IntPrompt

    from corcli.cli.console import err

    if default is None:
        return int(IntPrompt.ask(label, console=err()))
    return int(IntPrompt.ask(label, default=default, console=err()))


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder for the workspace (created if missing).")
    ] = Path(),
    name: Annotated[str | None, typer.Option("--name", help="Company name.")] = None,
    province: Annotated[
        str | None, typer.Option("--province", help="Province/territory of the WCB account, e.g. AB.")
    ] = None,
    industry: Annotated[
        str | None, typer.Option("--industry", help="Industry, e.g. construction (see 'corcli partners list').")
    ] = None,
    trade: Annotated[str | None, typer.Option("--trade", help="Trade in plain words, e.g. roofing.")] = None,
    employees: Annotated[
        int | None,
        typer.Option("--employees", help="Peak number of workers in the last 12 months (owners, family, part-time)."),
    ] = None,
    partner: Annotated[str | None, typer.Option("--partner", help="Certifying partner id, e.g. acsa.")] = None,
    program: Annotated[str, typer.Option("--program", help="auto, COR or SECOR.")] = "auto",
    records_since: Annotated[
        str | None, typer.Option("--records-since", help="Date you started keeping safety records (YYYY-MM-DD).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask questions; use the flags given.")] = False,
    interactive: Annotated[
        bool | None, typer.Option("--interactive/--no-interactive", help="Ask questions (default: when a terminal).")
    ] = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
) -> None:
    """Create a workspace: the company profile, the certificate decision and evidence folders."""
    _run_init(
        directory,
        name,
        province,
        industry,
        trade,
        employees,
        partner,
        program,
        records_since,
        yes,
        interactive,
        force,
        data_dir,
    )


@reports_errors
def _run_init(
    directory: Path,
    name: "str | None",
    province: "str | None",
    industry: "str | None",
    trade: "str | None",
    employees: "int | None",
    partner_id: "str | None",
    program: str,
    records_since: "str | None",
    yes: bool,
    interactive: "bool | None",
    force: bool,
    data_dir: "Path | None",
) -> None:
    from corcli.catalog.loader import load_catalog, require_industry, user_data_dirs
    from corcli.errors import CorcliError, OverwriteError
    from corcli.models import (
        INDUSTRIES,
        Certification,
        Company,
        CompanyProfile,
        ProgramChoice,
    )
    from corcli.rules.eligibility import decide, no_program_error
    from corcli.services.scaffolding import create_workspace
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
        choice = ProgramChoice(program.upper() if program.lower() != "auto" else "auto")
    except ValueError:
        raise CorcliError(
            f"--program {program!r} is not one of auto, COR, SECOR.", "Use --program auto, COR or SECOR."
        ) from None

    if ask:
        name = name or _ask("Company name")
        codes = sorted({c for j in catalog.jurisdictions.values() for c in j.covers})
        province = province or _ask("Province or territory of your WCB account", "AB", codes)
    missing = [flag for flag, value in (("--name", name), ("--province", province)) if not value]
    jurisdiction = catalog.jurisdiction(province) if province else None
    if jurisdiction is not None and not jurisdiction.has_cor_program:
        raise no_program_error(jurisdiction)
    if ask and jurisdiction is not None:
        industry = industry or _ask("Industry", "construction", list(INDUSTRIES))
    if industry is not None:
        require_industry(industry)
    if ask and employees is None:
        employees = _ask_int("Peak number of workers in the last 12 months (everyone on the WCB account)", 5)
    if ask and jurisdiction is not None and industry and not partner_id:
        suggestions = _suggest_partners(catalog, jurisdiction.covers[0], industry)
        if suggestions:
            from corcli.cli.console import note

            note("Certifying partners for your province and industry:")
            for p in suggestions:
                note(f"  {p.id:<14} {p.name} ({p.listing})")
            partner_id = _ask("Certifying partner id", suggestions[0].id, [p.id for p in suggestions])
    if ask and records_since is None:
        records_since = _ask("Date you started keeping safety records (YYYY-MM-DD, blank if not yet)", "") or None
    missing += [flag for flag, value in (("--industry", industry), ("--employees", employees)) if value is None]
    if jurisdiction is not None and industry and not partner_id:
        options = _suggest_partners(catalog, jurisdiction.covers[0], industry)
        hint = (
            "Partners for this province and industry: " + ", ".join(p.id for p in options) + "."
            if options
            else "Run 'corcli partners list --province CODE' to choose one."
        )
        raise CorcliError("--partner is required.", hint)
    if missing:
        raise CorcliError(
            "Missing " + ", ".join(missing) + ".",
            "Give them as options (see 'corcli init --help'), or run 'corcli init' in a terminal to be asked.",
        )
    if jurisdiction is None or industry is None or employees is None or not partner_id:
        raise CorcliError("Missing company details.", "See 'corcli init --help'.")
    partner = catalog.partner(partner_id)
    decision = decide(jurisdiction, partner, employees, choice)
    standard = catalog.standard(decision.standard) if decision.standard else None
    if standard is None:
        raise CorcliError(
            f"corcli has no audit standard for {partner.abbreviation} {decision.program}.",
            "Add a standard file for it (see data/README.md), or choose another partner.",
        )
    try:
        profile = CompanyProfile(
            company=Company(
                name=name or "",
                province=jurisdiction.covers[0] if province is None else province.upper(),
                industry=industry,
                trade=trade or "",
                employees=employees,
            ),
            certification=Certification(
                partner=partner.id,
                program=choice,
                records_since=parse_date_option(records_since, "--records-since"),
            ),
        )
    except ValueError as exc:
        raise CorcliError(f"Invalid value: {_first_error(exc)}", "Check the options you gave.") from None
    result = create_workspace(root, profile, jurisdiction, partner, decision, standard, force=force)
    _print_decision(root, jurisdiction, partner, decision, standard.title, len(result.created), len(result.kept))


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
    from rich.markup import escape
    from rich.panel import Panel

    from corcli.cli.console import out

    console = out()
    lines = [
        f"[bold]{decision.program}[/] with [bold]{escape(partner.name)}[/] ({escape(partner.abbreviation)}), "
        f"{escape(jurisdiction.name)}",
        f"Audit standard: {escape(standard_title)}",
        "",
        "[bold]Why:[/]",
        *[f"  • {escape(r)}" for r in decision.reasons],
    ]
    if decision.warnings:
        lines += ["", "[bold yellow]To confirm with your partner:[/]", *[f"  • {escape(w)}" for w in decision.warnings]]
    console.print(Panel("\n".join(lines), title="Certificate decision", expand=False))
    console.print(f"Workspace: {escape(str(root))} ({created} files written, {kept} kept)")
    console.print("[bold]Next steps:[/]")
    console.print("  1. Add roles, sites and contacts to corcli.yaml; 'corcli validate' checks it.")
    console.print("  2. Draft your manual: corcli manual --format docx -o manual.docx")
    console.print("  3. File records in evidence/ (a folder per element); 'corcli check' scores them.")

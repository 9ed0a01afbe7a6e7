"""``corcli partners``: list and show certifying partners."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corcli.cli._common import (
    DataDirOpt,
    ForceOpt,
    OutputOpt,
    TableFormat,
    cwd,
    echo_json,
    emit,
    report_overrides,
    reports_errors,
)

if TYPE_CHECKING:
    from corcli.catalog.loader import Catalog
    from corcli.models import CertifyingPartner

partners_app = typer.Typer(
    help="List and show certifying partners (the associations that run COR audits).",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def register(app: typer.Typer) -> None:
    """Add the command group to the app."""
    app.add_typer(partners_app, name="partners")


def _catalog(data_dir: "Path | None", workspace: "Path | None") -> "Catalog":
    from corcli.catalog.loader import load_catalog, user_data_dirs
    from corcli.errors import WorkspaceNotFoundError
    from corcli.storage.workspace import find_workspace

    root = None
    try:
        root = find_workspace(workspace, cwd()).root
    except WorkspaceNotFoundError:
        if workspace is not None:
            raise
    catalog = load_catalog(user_data_dirs(data_dir, root))
    report_overrides(catalog)
    return catalog


def _program_cell(partner: "CertifyingPartner", program: str, code: "str | None") -> str:
    from corcli.models import Program

    entry = partner.program(Program(program), code)
    if entry is None:
        return "no"
    return "?" if entry.offered.value == "unknown" else str(entry.offered.value)


def _resolved_rules(partner: "CertifyingPartner", catalog: "Catalog", program: "Any", codes: list[str]) -> list[Any]:
    """The program's rules as resolved in each jurisdiction it covers (who set each, sources, certainty)."""
    from corcli.rules.eligibility import resolve_program

    rules = []
    for code in codes:
        jurisdiction = catalog.jurisdictions.get(code)
        if jurisdiction is None or not jurisdiction.has_cor_program:
            continue
        rules.append(resolve_program(jurisdiction, partner, program))
    return rules


def partner_summary(partner: "CertifyingPartner", catalog: "Catalog", *, resolved: bool = False) -> dict[str, Any]:
    """Plain data for one partner (used by list and show in JSON); ``resolved`` adds each program's rules."""
    programs = []
    for entry in partner.programs:
        standard = catalog.standards.get(entry.standard) if entry.standard else None
        codes = entry.jurisdictions or partner.jurisdictions
        eligibility = entry.eligibility
        item: dict[str, Any] = {
            "program": entry.program.value,
            "offered": entry.offered.value,
            "jurisdictions": codes,
            "standard": entry.standard,
            "standard_title": standard.title if standard else None,
            "standard_edition": standard.edition if standard else None,
            "standard_note": entry.standard_note,
            "max_headcount": eligibility.max_headcount if eligibility is not None else None,
        }
        if resolved:
            item["rules"] = [r.model_dump(mode="json") for r in _resolved_rules(partner, catalog, entry.program, codes)]
        programs.append(item)
    return {
        "id": partner.id,
        "name": partner.name,
        "abbreviation": partner.abbreviation,
        "jurisdictions": partner.jurisdictions,
        "industries": partner.industries,
        "website": partner.website,
        "listing": partner.listing.value,
        "programs": programs,
        "uncertain": [u.model_dump() for u in partner.uncertain],
        "sources": [s.model_dump(mode="json") for s in partner.sources],
    }


@partners_app.command("list")
@reports_errors
def list_partners(
    province: Annotated[str | None, typer.Option("--province", "-p", help="Only partners in this province.")] = None,
    industry: Annotated[str | None, typer.Option("--industry", "-i", help="Only partners for this industry.")] = None,
    program: Annotated[str | None, typer.Option("--program", help="Only partners offering COR or SECOR.")] = None,
    output_format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    workspace: Annotated[
        Path | None, typer.Option("--workspace", "-w", help="Workspace whose partners/ folder adds to the catalog.")
    ] = None,
    data_dir: DataDirOpt = None,
) -> None:
    """List certifying partners, filtered by province, industry and program."""
    from corcli.catalog.loader import require_industry
    from corcli.errors import UnknownIdError
    from corcli.models import Program

    catalog = _catalog(data_dir, workspace)
    wanted_program = None
    if program is not None:
        try:
            wanted_program = Program(program.upper())
        except ValueError:
            raise UnknownIdError("program", program, [], "Use COR or SECOR.") from None
    if industry is not None:
        require_industry(industry)
    code = catalog.jurisdiction(province).code if province else None
    partners = catalog.partners_in(province, industry, wanted_program)
    if output_format == TableFormat.JSON:
        emit(echo_json([partner_summary(p, catalog) for p in partners]), output, force=force)
        return
    from rich import box
    from rich.table import Table

    from corcli.cli.console import make, out

    console = make(record=True, width=140, no_color=True, markup=True) if output is not None else out(markup=True)
    # In a narrow terminal the industries column goes (partners show lists them), so names stay readable.
    wide = console.width >= 100
    table = Table(
        title=f"Certifying partners ({len(partners)})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption="? = the sources do not say. 'corcli partners show ID' gives the details and sources.",
        caption_justify="left",
    )
    table.add_column("Id", no_wrap=True)
    table.add_column("Partner", min_width=14)
    table.add_column("Serves")
    if wide:
        table.add_column("Industries")
    for column in ("COR", "SECOR", "Listing"):
        table.add_column(column, no_wrap=True)
    for partner in partners:
        listing = partner.listing.value
        cells = [
            partner.id,
            partner.name if partner.abbreviation in partner.name else f"{partner.name} ({partner.abbreviation})",
            ", ".join(partner.jurisdictions),
            *([", ".join(partner.industries)] if wide else []),
            _program_cell(partner, "COR", code),
            _program_cell(partner, "SECOR", code),
            listing if listing == "confirmed" else f"[yellow]{listing}[/]",
        ]
        table.add_row(*cells)
    if output is not None:
        with console.capture():
            console.print(table)
        emit(console.export_text(), output, force=force)
        return
    console.print(table)
    if not partners:
        console.print("No partner matches; try fewer filters.")


@partners_app.command("show")
@reports_errors
def show_partner(
    partner_id: Annotated[str, typer.Argument(metavar="ID", help="Partner id or abbreviation, e.g. acsa.")],
    output_format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    workspace: Annotated[
        Path | None, typer.Option("--workspace", "-w", help="Workspace whose partners/ folder adds to the catalog.")
    ] = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Show a partner: programs, audit standards and their elements, website, sources, uncertain facts."""
    catalog = _catalog(data_dir, workspace)
    partner = catalog.partner(partner_id)
    if output_format == TableFormat.JSON:
        data = partner_summary(partner, catalog, resolved=True)
        data["standards"] = {
            sid: {
                "title": s.title,
                "edition": s.edition,
                "weights": s.weights,
                "elements": [{"id": e.id, "title": e.title, "requirements": len(e.requirements)} for e in s.elements],
            }
            for sid in {p["standard"] for p in data["programs"] if p["standard"]}
            if (s := catalog.standards[sid])
        }
        emit(echo_json(data), output, force=force)
        return

    from corcli.cli.console import make, out

    console = make(record=True, width=120, no_color=True, markup=True) if output is not None else out(markup=True)
    _render_partner(console, partner, catalog)
    if output is not None:
        emit(console.export_text(), output, force=force)


def _rule_line(label: str, value: str, rule: "Any") -> str:
    from rich.markup import escape

    certainty = str(rule.certainty)
    shown = certainty if certainty == "confirmed" else f"[yellow]{certainty}[/]"
    who = "" if rule.origin == "none" else f" — {escape(rule.decided_by)}"
    where = f" — {escape(rule.sources[0])}" if rule.sources else ""
    return f"  {label}: {escape(value)} ({shown}{who}{where})"


def _pass_words(rule: "Any") -> str:
    """One pass rule in words: the overall mark, the element floor and legislated items where set."""
    text = f"{rule.overall_min:g}% overall"
    if rule.element_min is not None:
        text += f", {rule.element_min:g}% per element"
    if rule.mandatory_items_full:
        text += ", legislated items 100%"
    return text


def _render_rules(console: "Any", rules: "Any") -> None:
    """Print a program's resolved rules, each with who set it, how sure corcli is, and its first source."""
    from rich.markup import escape

    from corcli.models import AUDIT_TYPE_WORDS, UNKNOWN, PassRules

    eligibility = rules.eligibility.value
    if rules.program == "SECOR":
        if eligibility is None:
            limit = "none"
        elif eligibility.max_headcount == UNKNOWN:
            limit = "unknown"
        else:
            counted = ", ".join(filter(None, [eligibility.counted, eligibility.period]))
            limit = f"{eligibility.max_headcount} or fewer" + (f" ({counted})" if counted else "")
            if eligibility.not_counted:
                limit += f"; not counted: {eligibility.not_counted}"
        console.print(_rule_line("Size limit", limit, rules.eligibility))
    plan = rules.audits.value
    audits = f"certification: {AUDIT_TYPE_WORDS[plan.certification]}"
    if plan.certification_detail:
        audits += f" ({plan.certification_detail})"
    audits += f"; maintenance: {AUDIT_TYPE_WORDS[plan.maintenance]}"
    if plan.maintenance_detail:
        audits += f" ({plan.maintenance_detail})"
    if plan.conditions:
        audits += f"; conditions: {plan.conditions}"
    console.print(_rule_line("Audits", audits, rules.audits))
    for condition in rules.audit_conditions:
        console.print(_rule_line("Audit condition", condition.value, condition))
        if condition.note:
            console.print(f"    [yellow]{escape(condition.note)}[/]")
    passing = rules.pass_rules.value
    if isinstance(passing, PassRules):
        maintenance = passing.maintenance
        text = f"certification {_pass_words(passing.certification)}; maintenance " + (
            _pass_words(maintenance) if not isinstance(maintenance, str) else "unknown"
        )
    else:
        text = "unknown"
    console.print(_rule_line("Pass rule", text, rules.pass_rules))
    if rules.pass_rules.certainty == "uncertain" and rules.pass_rules.note:
        console.print(f"    [yellow]{escape(rules.pass_rules.note)}[/]")
    console.print(_rule_line("Valid", f"{rules.validity_years.value} years", rules.validity_years))
    deadline = rules.maintenance_deadline.value
    due = {
        "anniversary": "by the certificate anniversary",
        "calendar_year": "within each calendar year",
        "fixed_dates": "on fixed dates",
        "unknown": "unknown",
    }[deadline.rule]
    extras = [f"{d.what} by {d.day} {_MONTHS[d.month - 1]}" for d in deadline.dates]
    if deadline.submit_within_days:
        extras.append(f"submit within {deadline.submit_within_days} days")
    if deadline.qa_round_days:
        extras.append(f"{deadline.qa_round_days} days per QA round")
    console.print(_rule_line("Maintenance due", "; ".join([due, *extras]), rules.maintenance_deadline))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _render_partner(console: "Any", partner: "CertifyingPartner", catalog: "Catalog") -> None:
    from rich.markup import escape
    from rich.table import Table

    uncertain = {u.field: u.note for u in partner.uncertain}
    flag = " [yellow](uncertain)[/]"
    console.print(f"[bold]{escape(partner.name)}[/] ({escape(partner.abbreviation)}) — id [bold]{partner.id}[/]")
    if partner.former_names:
        console.print("Formerly: " + escape(", ".join(partner.former_names)))
    console.print(f"Website: {escape(partner.website)}" + (flag if "website" in uncertain else ""))
    listing = partner.listing.value
    console.print(f"Listing: {listing}" + ("" if listing == "confirmed" else " [yellow]— confirm with the partner[/]"))
    console.print("Serves: " + ", ".join(partner.jurisdictions) + (flag if "jurisdictions" in uncertain else ""))
    console.print("Industries: " + escape(", ".join(partner.industries)) + (flag if "industries" in uncertain else ""))
    if partner.industries_note:
        console.print(f"  {escape(partner.industries_note)}")
    for entry in partner.programs:
        codes = entry.jurisdictions or partner.jurisdictions
        console.print()
        offered = entry.offered.value
        mark = "" if offered == "yes" else f" [yellow]({offered})[/]"
        name = entry.certificate_name or entry.program.value
        console.print(f"[bold]{escape(name)}[/] in {', '.join(codes)}: offered {offered}{mark}")
        for rules in _resolved_rules(partner, catalog, entry.program, codes[:1]):
            _render_rules(console, rules)
        if entry.standard_note:
            console.print(f"  [yellow]{escape(entry.standard_note)}[/]")
        standard = catalog.standards.get(entry.standard) if entry.standard else None
        if standard is None:
            console.print("  Audit standard: not known to corcli")
            continue
        weights = "" if standard.weights == "official" else f" — points {standard.weights.replace('_', ' ')}"
        console.print(
            f"  Audit standard: {escape(standard.title)} {escape(f'[{standard.id}]')}, edition "
            f"{escape(standard.edition)}{weights}"
        )
        table = Table(show_header=True, box=None, padding=(0, 2))
        table.add_column("Element")
        table.add_column("Title")
        table.add_column("Requirements", justify="right")
        for element in standard.elements:
            scored = "" if element.counts_toward_score else " (not scored yet)"
            table.add_row(element.id, escape(element.title) + scored, str(len(element.requirements)))
        console.print(table)
    if partner.uncertain:
        console.print()
        console.print("[bold yellow]Uncertain facts:[/]")
        for fact in partner.uncertain:
            console.print(f"  • {escape(fact.field)}: {escape(fact.note)}")
    console.print()
    console.print("[bold]Sources:[/]")
    for source in partner.sources:
        console.print(f"  • [{source.kind.value}] {escape(source.url)} — {escape(source.supports)}")
    origin = catalog.origin("partner", partner.id)
    if origin is not None:
        console.print(f"[dim]Defined in {escape(str(origin))}[/]", soft_wrap=True)  # a path to copy: never wrapped

"""``corcli portfolio``: every client workspace under some folders, one row each (exit 1 when one would not pass)."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corcli.cli._common import DataDirOpt, ForceOpt, OutputOpt, TodayOpt, emit, parse_today, reports_errors
from corcli.errors import ExitCode

if TYPE_CHECKING:
    from corcli.models.portfolio import Portfolio
    from corcli.services.portfolio import ClientResult


class PortfolioFormat(StrEnum):
    """Formats of ``corcli portfolio``."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    CSV = "csv"


class SortKey(StrEnum):
    """Orders of the rows."""

    COMPANY = "company"
    VERDICT = "verdict"
    SCORE = "score"
    DEADLINE = "deadline"
    ACTIONS = "actions"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("portfolio")(portfolio)


def _text(portfolio: "Portfolio") -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from corcli.cli.console import out
    from corcli.render.portfolio import NO_DEADLINE, VERDICT_WORDS, summary_text

    table = Table(
        title=f"Client portfolio, {portfolio.report_date.isoformat()}", title_justify="left", box=box.SIMPLE_HEAD
    )
    for column in ("Client", "Program", "Verdict", "Score", "Weakest", "Next deadline", "Tickets", "Actions"):
        table.add_column(column, no_wrap=column in ("Score", "Tickets"))
    for row in portfolio.clients:
        style = None if row.ready else ("red" if row.verdict == "error" else "bold")
        weakest = row.weakest_element
        short = f"{weakest.split(' ', 1)[0]} {weakest[weakest.rfind('(') :]}" if "(" in weakest else weakest
        deadline = f"{row.next_deadline_on.isoformat()} ({row.days_left} d)" if row.next_deadline_on else NO_DEADLINE
        table.add_row(
            escape(row.company or Path(row.folder).name),
            escape(f"{row.program} {row.partner}".strip()),
            VERDICT_WORDS.get(row.verdict, row.verdict),
            row.score_text,
            escape(short),
            escape(deadline),
            str(row.expiring_tickets),
            f"{row.open_actions} ({row.overdue_actions} late)" if row.open_actions else "0",
            style=style,
        )
    console = out(markup=True)  # every cell is escaped
    console.print(table)
    console.print(summary_text(portfolio), markup=False)
    for row in portfolio.clients:
        for line in [*row.warnings, *([row.error] if row.error else [])]:
            console.print(f"{row.company or row.folder}: {line}", markup=False)


def _write_client_reports(results: "list[ClientResult]", output: Path, force: bool) -> "list[ClientResult]":
    """Write each client's own HTML report beside the portfolio page and link the rows to them."""
    from corcli.models.legal import LegalCoverage
    from corcli.render import legal
    from corcli.render.report import render_html
    from corcli.services.portfolio import ClientResult, slug
    from corcli.storage.files import check_output, write_output

    check_output(output, force=force)  # refuse before any client report is written, not half-way
    folder_name = f"{output.stem}-reports"
    linked = []
    used: set[str] = set()
    for result in results:
        if result.report is None:
            linked.append(result)
            continue
        name = slug(result.row.company)
        while name in used:
            name += "-2"
        used.add(name)
        page = (
            legal.render(result.report, "html")
            if isinstance(result.report, LegalCoverage)
            else render_html(result.report)
        )
        write_output(output.parent / folder_name / f"{name}.html", page, force=force)
        row = result.row.model_copy(update={"report": f"{folder_name}/{name}.html"})
        linked.append(ClientResult(row, result.report))
    return linked


@reports_errors
def portfolio(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[DIR|FILE]...",
            help="Client workspaces, folders holding them, or a portfolio YAML file (clients: [paths]). Default: here.",
            show_default=False,
        ),
    ] = None,
    data_dir: DataDirOpt = None,
    fmt: Annotated[
        PortfolioFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = PortfolioFormat.TEXT,
    output: OutputOpt = None,
    sort: Annotated[SortKey, typer.Option("--sort", help="Order of the rows.", case_sensitive=False)] = (
        SortKey.COMPANY
    ),
    force: ForceOpt = False,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when a client would not pass.")] = False,
    today_opt: TodayOpt = None,
) -> None:
    """One row per client: verdict, score, weakest element, next deadline, tickets and open actions.

    With --format html --output FILE, each row links to that client's own report, written beside FILE.
    Exit 1 when any client would not pass (or could not be read).
    """
    from corcli.cli._common import cwd
    from corcli.render import portfolio as rendering
    from corcli.services.portfolio import build_portfolio, find_clients
    from corcli.storage.config import load_settings

    today = parse_today(today_opt)
    settings = load_settings()
    base = cwd()
    paths = [p if p.is_absolute() else base / p for p in (folders or [Path()])]
    clients = find_clients(paths)
    result, results = build_portfolio(
        clients, today, data_dir=data_dir, sort=sort.value, prepared_by=settings.prepared_by_line()
    )
    if fmt == PortfolioFormat.HTML and output is not None:
        results = _write_client_reports(results, output if output.is_absolute() else base / output, force)
        result = result.model_copy(update={"clients": [r.row for r in results]})
    if fmt == PortfolioFormat.TEXT:
        if output is not None:
            emit(rendering.render_markdown(result), output, force=force)
        else:
            _text(result)
    elif fmt == PortfolioFormat.HTML:
        emit(rendering.render_html(result, settings.logo_data_uri(), settings.firm), output, force=force)
    else:
        renderers = {"markdown": rendering.render_markdown, "json": rendering.render_json, "csv": rendering.render_csv}
        emit(renderers[fmt.value](result), output, force=force)
    if result.not_ready and not exit_zero:
        raise typer.Exit(ExitCode.FINDINGS)

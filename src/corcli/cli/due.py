"""``corcli due``: what is due or overdue now (exit 1 when something is overdue, for cron or CI)."""

from typing import TYPE_CHECKING, Annotated

import typer

from corcli.cli._common import (
    DataDirOpt,
    ForceOpt,
    ListFormat,
    OutputOpt,
    TodayOpt,
    WorkspaceOpt,
    cwd,
    echo_json,
    emit,
    parse_today,
    reports_errors,
)
from corcli.errors import ExitCode

if TYPE_CHECKING:
    from corcli.rules.due import DueList


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("due")(due)


def _when(days: int) -> str:
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "today"
    return f"in {days} day{'s' if days != 1 else ''}"


def _text(result: "DueList") -> None:
    from rich import box
    from rich.table import Table

    from corcli.cli.console import out

    console = out()
    if not result.items:
        console.print(f"{result.company}: nothing due in the next {result.days} days.", markup=False)
    else:
        table = Table(
            title=f"{result.company}: due by {result.today.isoformat()} + {result.days} days",
            title_justify="left",
            box=box.SIMPLE_HEAD,
        )
        table.add_column("Date", no_wrap=True)
        table.add_column("When", no_wrap=True)
        table.add_column("What")
        table.add_column("Details")
        for item in result.items:
            style = "bold red" if item.status == "overdue" else None
            table.add_row(item.on.isoformat(), _when(item.days(result.today)), item.title, item.detail, style=style)
        console.print(table)
    for line in result.notes:
        console.print(f"Note: {line}", markup=False)


def _plain(result: "DueList") -> str:
    lines = [f"{result.company}: due within {result.days} days of {result.today.isoformat()}"]
    for item in result.items:
        lines.append(f"{item.on.isoformat()}  {_when(item.days(result.today)):<18} {item.title}: {item.detail}")
    if not result.items:
        lines.append("Nothing is due.")
    lines += [f"Note: {n}" for n in result.notes]
    return "\n".join(lines) + "\n"


def _markdown(result: "DueList") -> str:
    from corcli.render.escape import escape_markdown, markdown_cell

    lines = [f"# {escape_markdown(result.company)}: due within {result.days} days of {result.today.isoformat()}", ""]
    if result.items:
        lines += ["| Date | When | What | Details |", "|---|---|---|---|"]
        for item in result.items:
            cells = [item.on.isoformat(), _when(item.days(result.today)), item.title, item.detail]
            lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    else:
        lines.append("Nothing is due.")
    lines += ["", *[f"- {markdown_cell(n)}" for n in result.notes]]
    return "\n".join(lines) + "\n"


def _csv(result: "DueList") -> str:
    import csv
    import io

    from corcli.render.escape import safe_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "days", "status", "kind", "title", "detail", "site", "person", "sources"])
    for item in result.items:
        texts = [item.title, item.detail, item.site, item.person, " ; ".join(item.sources)]
        row = [item.on.isoformat(), item.days(result.today), item.status, item.kind]
        writer.writerow([*row, *(safe_cell(t) for t in texts)])  # numbers stay numbers; text is neutralised
    return buffer.getvalue()


@reports_errors
def due(
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    days: Annotated[int, typer.Option("--days", "-d", min=0, max=3660, help="Look this many days ahead.")] = 30,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)] = (
        ListFormat.TEXT
    ),
    output: OutputOpt = None,
    force: ForceOpt = False,
    today_opt: TodayOpt = None,
) -> None:
    """List what is due or overdue: deadlines, inspections and meetings per your schedule, tickets, actions.

    Exit 1 when something is overdue, so it can run from cron or a CI job.
    """
    from corcli.services.due import due_list
    from corcli.services.project import open_project

    today = parse_today(today_opt)
    project = open_project(workspace, data_dir, cwd())
    result = due_list(project, today, days)
    if fmt == ListFormat.TEXT and output is None:
        _text(result)
    elif fmt == ListFormat.TEXT:
        emit(_plain(result), output, force=force)
    elif fmt == ListFormat.JSON:
        data = result.model_dump(mode="json")
        data["overdue"] = result.overdue
        emit(echo_json(data), output, force=force)
    elif fmt == ListFormat.CSV:
        emit(_csv(result), output, force=force)
    else:
        emit(_markdown(result), output, force=force)
    if result.overdue:
        from corcli.cli.console import warn

        warn(f"{result.overdue} item(s) overdue.")
        raise typer.Exit(ExitCode.FINDINGS)

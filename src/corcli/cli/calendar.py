"""``corcli calendar``: the 3-year certification cycle as a table, JSON or an .ics calendar file."""

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from corcli.cli._common import (
    DataDirOpt,
    ForceOpt,
    OutputOpt,
    TodayOpt,
    WorkspaceOpt,
    cwd,
    emit,
    parse_today,
    reports_errors,
)

if TYPE_CHECKING:
    from datetime import date

    from corcli.rules.cycle import Cycle


class CalendarFormat(StrEnum):
    """Formats of ``calendar``."""

    TABLE = "table"
    JSON = "json"
    ICS = "ics"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("calendar")(calendar_command)


def _table(cycle: "Cycle", today: "date") -> None:
    from rich import box
    from rich.table import Table

    from corcli.cli.console import note, out

    table = Table(
        title=f"{cycle.company}: {cycle.program} certification cycle ({cycle.jurisdiction})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("Date", no_wrap=True)
    table.add_column("When", no_wrap=True)
    table.add_column("Event")
    table.add_column("What to do")
    for event in cycle.events:
        title = event.title + (" (projected)" if event.projected else "")
        style = "bold" if event.deadline and event.on >= today else None
        table.add_row(event.on.isoformat(), event.status(today), title, event.detail, style=style)
    console = out()
    if cycle.events:
        console.print(table)
    else:
        console.print("No dates yet.")
    for line in cycle.notes:
        console.print(f"Note: {line}", markup=False)
    if cycle.sources:
        note("Sources: " + " ; ".join(cycle.sources))


@reports_errors
def calendar_command(
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    fmt: Annotated[CalendarFormat, typer.Option("--format", "-f", help="Output format.")] = CalendarFormat.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    today_opt: TodayOpt = None,
) -> None:
    """Show the certification cycle: maintenance years 2 and 3, recertification, records-history dates.

    Expiring tickets (profile people:) are listed too. With --format ics, write a calendar file with
    reminders 60 and 14 days before each deadline (90, 30 and 0 days before a ticket expires) and the
    recurring work of the profile's schedules: as repeating events.
    """
    from corcli.rules.cycle import to_ics
    from corcli.services.calendar import build_calendar
    from corcli.services.project import open_project

    today = parse_today(today_opt)
    calendar = build_calendar(open_project(workspace, data_dir, cwd()), today)
    cycle, recurring = calendar.cycle, calendar.recurring
    if fmt == CalendarFormat.ICS:
        emit("", output, force=force, binary=to_ics(cycle, today, recurring))
        return
    if fmt == CalendarFormat.JSON:
        emit(cycle.model_dump_json(indent=2) + "\n", output, force=force)
        return
    if output is not None:
        from corcli.errors import CorcliError

        raise CorcliError("--output needs --format json or ics.", "For example: --format ics --output cycle.ics.")
    _table(cycle, today)
    if recurring:
        from corcli.cli.console import note

        note(f"{len(recurring)} recurring item(s) from schedules: are in --format ics; 'corcli due' lists what is due.")

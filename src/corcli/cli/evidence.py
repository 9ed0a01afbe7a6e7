"""``corcli evidence``: add, list, verify and rebuild the evidence index."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corcli.cli._common import (
    DataDirOpt,
    ForceOpt,
    OutputOpt,
    TableFormat,
    WorkspaceOpt,
    cwd,
    echo_json,
    emit,
    parse_date_option,
    reports_errors,
)
from corcli.errors import ExitCode

if TYPE_CHECKING:
    from datetime import date

    from corcli.errors import Problem
    from corcli.evidence.importer import Proposal
    from corcli.evidence.scan import EvidenceScan
    from corcli.rules.assignment import FileAssignment
    from corcli.services.project import Project

evidence_app = typer.Typer(
    name="evidence",
    help="Track evidence files: add them, list them, and verify them against the index.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FormatOpt = Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")]


def register(app: typer.Typer) -> None:
    """Add the ``evidence`` command group to the app."""
    app.add_typer(evidence_app, name="evidence")


def _project(workspace: "Path | None", data_dir: "Path | None") -> "Project":
    from corcli.services.project import open_project

    return open_project(workspace, data_dir, cwd())


def _warn_all(problems: "list[Problem]") -> None:
    from corcli.cli.console import warn

    for problem in problems:
        warn(_show(problem))


def _scan(project: "Project", strict_index: bool, use_cache: bool = True) -> "EvidenceScan":
    from corcli.cli.progress import LazyProgress
    from corcli.evidence.scan import collect_evidence, verify_evidence

    progress = LazyProgress()
    try:
        if strict_index:
            return verify_evidence(project.workspace, project.standard, progress=progress, use_cache=use_cache)
        return collect_evidence(project.workspace, project.standard, progress=progress)
    finally:
        progress.close()


@evidence_app.command("add")
@reports_errors
def add(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE", help="Files to copy into the evidence folder (originals are kept)."),
    ],
    requirement: Annotated[
        list[str],
        typer.Option(
            "--requirement",
            "-r",
            help="Requirement id the files prove, e.g. 3.2; repeat it for a file that proves several.",
            show_default=False,
        ),
    ],
    record_date: Annotated[
        str | None,
        typer.Option("--date", "-d", help="Date the record documents (YYYY-MM-DD), not the file's date."),
    ] = None,
    note: Annotated[str, typer.Option("--note", "-n", help="What the record shows.")] = "",
    force: Annotated[
        bool, typer.Option("--force", help="Replace a different file of the same name instead of renaming the copy.")
    ] = False,
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Copy files into the requirement's element folder and record them in evidence/index.yaml."""
    from datetime import UTC, datetime

    from corcli.evidence.add import add_evidence

    when = parse_date_option(record_date, "--date")
    project = _project(workspace, data_dir)
    result = add_evidence(
        project.workspace,
        project.standard,
        files,
        requirement=requirement[0],
        also=requirement[1:],
        now=datetime.now(UTC),
        record_date=when,
        note=note,
        force=force,
    )
    _warn_all(result.warnings)
    lines = []
    for added in result.added:
        item = added.item
        date_text = item.record_date.isoformat() if item.record_date else "no date"
        lines.append(
            f"{added.action.capitalize()}: {_show(added.source)} -> evidence/{_show(item.path)} "
            f"(requirement {', '.join(item.requirement_ids())}, record date {date_text})"
            + (f"; the version it replaced is kept as {_show(added.kept)}" if added.kept else "")
        )
    emit("\n".join(lines), None)


def _show(text: object) -> str:
    """Make a file name safe to print: control characters and line separators become escapes."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in str(text))


def _item_json(assigned: "FileAssignment") -> "dict[str, Any]":
    from corcli.models import DATE_TRUST

    data = assigned.item.model_dump(mode="json")
    source = assigned.item.date_source
    data["date_trust"] = DATE_TRUST[source] if source else ""
    data["counted_for"] = assigned.counted_for
    data["ties"] = [
        {"requirement": t.requirement, "reason": t.reason, "counts": t.counts, "why_not": t.why_not}
        for t in assigned.ties
    ]
    data["not_counted"] = assigned.not_counted
    data["proposed"] = list(assigned.proposed)
    return data


@evidence_app.command("list")
@reports_errors
def list_(
    element: Annotated[
        str | None, typer.Option("--element", "-e", help="Only this element (id or folder name).", show_default=False)
    ] = None,
    output_format: FormatOpt = TableFormat.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    today: Annotated[
        str | None, typer.Option("--today", hidden=True, help="List as of this date (YYYY-MM-DD), for tests.")
    ] = None,
) -> None:
    """List evidence files with the requirements each counts for and why (or why not), record date and size."""
    from corcli.cli._common import parse_today
    from corcli.services.evidence import project_assignment

    when = parse_today(today)
    project = _project(workspace, data_dir)
    items_filter = None
    if element is not None:
        found = project.standard.element(element)
        if found is None:
            import difflib

            from corcli.errors import UnknownIdError

            choices = [e.id for e in project.standard.elements] + [e.folder for e in project.standard.elements]
            raise UnknownIdError(
                "element",
                element,
                difflib.get_close_matches(element, choices, n=2),
                "Elements: " + ", ".join(f"{e.id} ({e.folder})" for e in project.standard.elements) + ".",
            )
        items_filter = found
    scan = _scan(project, strict_index=False)
    _warn_all(scan.warnings + ([scan.index_problem] if scan.index_problem else []))
    assigned = project_assignment(project, scan.items, when).files
    if items_filter is not None:
        ids = {r.id for r in items_filter.requirements}
        assigned = [a for a in assigned if a.item.element == items_filter.folder or ids & set(a.counted_for)]
    if output_format == TableFormat.JSON:
        emit(echo_json({"schema_version": 1, "items": [_item_json(a) for a in assigned]}), output, force=force)
        return
    emit(_items_table(assigned), output, force=force)


def _render(renderable: "Any") -> str:
    import io
    import shutil

    from corcli.cli.console import make

    width = shutil.get_terminal_size((120, 24)).columns
    console = make(file=io.StringIO(), width=max(width, 60), color_system=None, markup=True)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def _counts_cell(assigned: "FileAssignment") -> str:
    if assigned.counted_for:
        return "; ".join(f"{t.requirement} ({t.reason})" for t in assigned.ties if t.counts)
    proposed = (
        f" (fits {', '.join(assigned.proposed)})" if assigned.proposed and "fits" not in assigned.not_counted else ""
    )
    return f"- {assigned.not_counted}{proposed}"


DATE_LABELS = {
    "filename_month": "month only",
    "filename_year": "year only ?",
    "photo_taken": "photo taken",
    "document_created": "doc's date ?",
    "pdf_created": "PDF's date ?",
    "mtime": "modified *",
}
"""Where a record date came from, when not from its name or a person, short enough for a table column."""
DATE_FOOTNOTES = {
    "?": "? the date is a guess (a year, or the document's own date): check it.",
    "*": "* date taken from the file's modification time; give the record date with --date or in the name.",
}


def _date_cell(when: "date | None", source: "str | None") -> str:
    """The record date, with where it came from on a second line unless the name or a person gave it."""
    if when is None:
        return "-"
    label = DATE_LABELS.get(source or "", "")
    return f"{when.isoformat()}\n({label})" if label else when.isoformat()


def _date_footnotes(sources: "list[str | None]") -> str:
    """The footnotes for the marks the date column used."""
    marks = {DATE_LABELS.get(source or "", "")[-1:] for source in sources}
    return "".join(" " + note for mark, note in DATE_FOOTNOTES.items() if mark in marks)


def _table(*columns: str) -> "Any":
    """A table in the style of every other corcli table: a rule under the header, no outer frame."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _fit_paths(table: "Any", *paths: int) -> None:
    """Let the path columns fold (a long name cannot wrap at spaces) and the others wrap at words."""
    for number in paths:
        table.columns[number].overflow = "fold"
        table.columns[number].ratio = 3


def _items_table(assigned: "list[FileAssignment]") -> str:
    from rich.markup import escape

    if not assigned:
        return "No evidence files yet. Add some with 'corcli evidence add FILE --requirement ID'."
    notes = any(entry.item.note for entry in assigned)
    table = _table("File", "Counts for (why)", "Record date", "Size", *(["Note"] if notes else []))
    _fit_paths(table, 0)
    table.columns[1].ratio = 2
    table.columns[2].no_wrap = True
    table.columns[3].justify = "right"
    table.columns[3].no_wrap = True
    if notes:
        table.columns[4].ratio = 2
    sources = []
    for entry in assigned:
        item = entry.item
        source = item.date_source.value if item.date_source else None
        sources.append(source)
        cells = [escape(_show(item.path)), escape(_counts_cell(entry)), _date_cell(item.record_date, source)]
        cells.append(_size(item.size))
        if notes:
            cells.append(escape(item.note))
        table.add_row(*cells)
    text = _render(table)
    counted = sum(1 for a in assigned if a.counted_for)
    return text + f"{len(assigned)} file(s), {counted} counted." + _date_footnotes(sources)


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} B"  # pragma: no cover


@evidence_app.command("verify")
@reports_errors
def verify(
    output_format: FormatOpt = TableFormat.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Hash every file again, even those unchanged in size and modification time."),
    ] = False,
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Check the files against the index: changed, missing or unsafe files exit 1; unindexed drop-ins are noted."""
    project = _project(workspace, data_dir)
    scan = _scan(project, strict_index=True, use_cache=not no_cache)
    rows: list[dict[str, str]] = []
    rows += [{"status": "changed", "path": p, "detail": "content differs from the index"} for p in scan.changed]
    rows += [{"status": "missing", "path": i.path, "detail": "listed in the index, file gone"} for i in scan.missing]
    rows += [
        {"status": "warning", "path": str(w.path) if w.path else "", "detail": f"{w.message} {w.hint}".strip()}
        for w in scan.warnings
    ]
    if output_format == TableFormat.JSON:
        emit(
            echo_json(
                {
                    "schema_version": 1,
                    "ok": not scan.has_problems,
                    "files": len(scan.items),
                    "problems": rows,
                    "unindexed": scan.unindexed,
                }
            ),
            output,
            force=force,
        )
    else:
        info = [
            {"status": "unindexed", "path": p, "detail": "dropped in, not in the index yet"} for p in scan.unindexed
        ]
        emit(_verify_table(rows, info, len(scan.items)), output, force=force)
    from corcli.cli.console import note

    if scan.unindexed:
        note(
            f"{len(scan.unindexed)} file(s) dropped into evidence/ are not in the index yet (that is fine: they "
            "count by their names); 'corcli evidence rebuild' indexes them."
        )
    if scan.has_problems:
        if scan.changed or scan.missing:
            note("Run 'corcli evidence rebuild' to accept the files as they are now (nothing is deleted).")
        raise typer.Exit(ExitCode.FINDINGS)


def _verify_table(rows: "list[dict[str, str]]", info: "list[dict[str, str]]", count: int) -> str:
    from rich.markup import escape

    if not rows and not info:
        return f"All {count} evidence file(s) match the index."
    table = _table("Status", "File", "Detail")
    table.columns[0].no_wrap = True
    _fit_paths(table, 1)
    table.columns[2].ratio = 2
    for row in rows + info:
        table.add_row(row["status"], escape(_show(row["path"])), escape(_show(row["detail"])))
    summary = f"{len(rows)} problem(s) in {count} evidence file(s)" if rows else f"No problems in {count} file(s)"
    return _render(table) + summary + (f"; {len(info)} not indexed yet." if info else ".")


@evidence_app.command("rebuild")
@reports_errors
def rebuild(workspace: WorkspaceOpt = None, data_dir: DataDirOpt = None) -> None:
    """Rebuild evidence/index.yaml from the files, keeping every note and requirement it can."""
    from datetime import UTC, datetime

    from corcli.cli.console import note
    from corcli.evidence.rebuild import rebuild_index

    project = _project(workspace, data_dir)
    from corcli.cli.progress import LazyProgress

    progress = LazyProgress()
    try:
        result = rebuild_index(project.workspace, project.standard, now=datetime.now(UTC), progress=progress)
    finally:
        progress.close()
    _warn_all(result.warnings)
    if result.kept_corrupt_copy is not None:
        source = "its last good backup" if result.recovered_from_backup else "the files alone"
        note(f"The unreadable index was kept as {result.kept_corrupt_copy}; details were recovered from {source}.")
    for path in result.dropped:
        note(f"Dropped from the index (file gone): {path}")
    for path in result.removed_temp_files:
        note(f"Removed a half-written copy left by an interrupted 'evidence add': {path}")
    lines = [
        f"Rebuilt evidence/index.yaml: {len(result.index.items)} file(s), {len(result.added)} newly indexed, "
        f"{len(result.updated)} updated, {len(result.dropped)} dropped."
    ]
    emit("\n".join(lines), None)


def _proposal_json(proposal: "Proposal") -> "dict[str, Any]":
    from corcli.models import DATE_TRUST

    return {
        "file": proposal.relative,
        "element": proposal.element,
        "requirements": list(proposal.requirements),
        "record_date": proposal.record_date.isoformat() if proposal.record_date else None,
        "date_source": proposal.date_source.value if proposal.date_source else None,
        "date_trust": DATE_TRUST[proposal.date_source] if proposal.date_source else "",
        "why": proposal.why,
        "doubtful": proposal.doubtful,
        "alternatives": list(proposal.alternatives),
        "already_in_evidence": proposal.already or None,
    }


def _proposals_table(proposals: "list[Proposal]") -> str:
    from rich.markup import escape

    if not proposals:
        return "No files found to import."
    table = _table("File", "Goes to", "Record date", "Why")
    _fit_paths(table, 0, 1)
    table.columns[2].no_wrap = True
    table.columns[3].ratio = 2
    for p in proposals:
        where = f"{p.element}/ ({', '.join(p.requirements)})" if p.requirements else f"{p.element}/"
        if p.already:
            where = f"already in evidence/{p.already}"
        source = p.date_source.value if p.date_source is not None else None
        mark = "? " if p.doubtful and not p.already else ""
        when = _date_cell(p.record_date, source)
        table.add_row(escape(_show(mark + p.relative)), escape(_show(where)), when, escape(_show(p.why)))
    doubtful = sum(1 for p in proposals if p.doubtful and not p.already)
    new = sum(1 for p in proposals if not p.already)
    footnotes = _date_footnotes([p.date_source.value if p.date_source is not None else None for p in proposals])
    return _render(table) + f"{len(proposals)} file(s): {new} new, {doubtful} doubtful (marked ?).{footnotes}"


def _confirm(proposals: "list[Proposal]", project: "Project") -> "list[Proposal]":
    """Ask about each doubtful proposal in the terminal; Enter keeps the proposal."""
    from rich.prompt import Prompt

    from corcli.cli.console import err
    from corcli.errors import CorcliError
    from corcli.evidence.importer import corrected
    from corcli.evidence.naming import find_requirement

    result = []
    for proposal in proposals:
        if not proposal.doubtful or proposal.already:
            result.append(proposal)
            continue
        hint = f" (fits {', '.join(proposal.alternatives)})" if proposal.alternatives else ""
        err().print(f"{_show(proposal.relative)}: {_show(proposal.why)}{hint}", markup=False)
        while True:
            answer = Prompt.ask(
                "  Requirement id(s), comma-separated; Enter leaves it unsorted",
                default="",
                show_default=False,
                console=err(),
            ).strip()
            if not answer:
                result.append(corrected(proposal, project.standard, []))
                break
            try:
                ids = [
                    find_requirement(project.standard, part.strip())[0] for part in answer.split(",") if part.strip()
                ]
            except CorcliError as exc:
                err().print(f"  {exc.message}", markup=False)
                continue
            result.append(corrected(proposal, project.standard, ids))
            break
        if "date:" in proposal.why:
            result[-1] = _confirm_date(result[-1])
    return result


def _confirm_date(proposal: "Proposal") -> "Proposal":
    """Ask for the record date of a proposal whose date is a guess; Enter keeps it."""
    from dataclasses import replace

    from rich.prompt import Prompt

    from corcli.cli.console import err
    from corcli.models import DateSource
    from corcli.rules.dates import TYPED_DATE_HINT, parse_typed_date

    shown = proposal.record_date.isoformat() if proposal.record_date else "none"
    while True:
        answer = Prompt.ask(
            f"  Record date (Enter keeps {shown})", default="", show_default=False, console=err()
        ).strip()
        if not answer:
            return proposal
        day = parse_typed_date(answer)
        if day is not None:
            return replace(proposal, record_date=day, date_source=DateSource.FLAG)
        err().print(f"  {TYPED_DATE_HINT}", markup=False)


@evidence_app.command("import")
@reports_errors
def import_(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="SRC_DIR", help="Folder to import (a shared drive, a phone export); files are copied, never moved."
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the proposals only; copy nothing.")] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help="Accept every proposal; files that cannot be placed go to evidence/unsorted/."
        ),
    ] = False,
    output_format: FormatOpt = TableFormat.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Propose element, requirement(s) and record date for each file of a folder, then copy them in."""
    import sys
    from datetime import UTC, datetime

    from corcli.cli.console import note
    from corcli.cli.progress import LazyProgress
    from corcli.evidence.importer import apply_import, propose_import
    from corcli.evidence.vocabulary import load_vocabulary

    project = _project(workspace, data_dir)
    progress = LazyProgress()
    try:
        plan = propose_import(
            project.workspace, project.standard, load_vocabulary(project.workspace.root), source, progress=progress
        )
    finally:
        progress.close()
    _warn_all(plan.warnings)
    interactive = not yes and not dry_run and sys.stdin.isatty() and output_format == TableFormat.TABLE
    if dry_run or not (yes or interactive):
        if output_format == TableFormat.JSON:
            data = {
                "schema_version": 1,
                "source": str(source),
                "proposals": [_proposal_json(p) for p in plan.proposals],
            }
            emit(echo_json(data), output, force=force)
        else:
            emit(_proposals_table(plan.proposals), output, force=force)
        if not dry_run:
            note("Nothing was copied: give --yes to accept these proposals, or run in a terminal to confirm each.")
        return
    accepted = _confirm(plan.proposals, project) if interactive else plan.proposals
    result = apply_import(project.workspace, plan, accepted, now=datetime.now(UTC))
    if output_format == TableFormat.JSON:
        data = {
            "schema_version": 1,
            "source": str(source),
            "copied": [{**_proposal_json(p), "path": rel} for p, rel in result.copied],
            "skipped": [_proposal_json(p) for p in result.skipped],
        }
        emit(echo_json(data), output, force=force)
        return
    lines = []
    for proposal, rel in result.copied:
        reqs = ", ".join(proposal.requirements) or "no requirement yet"
        when = proposal.record_date.isoformat() if proposal.record_date else "no date"
        lines.append(f"Copied: {_show(proposal.relative)} -> evidence/{_show(rel)} ({reqs}; {when})")
    unsorted = [rel for p, rel in result.copied if not p.requirements]
    lines.append(
        f"Imported {len(result.copied)} file(s); {len(result.skipped)} already in evidence/; "
        f"{len(unsorted)} in evidence/unsorted/ to sort by hand ('corcli evidence add FILE -r ID')."
    )
    emit("\n".join(lines), output, force=force)

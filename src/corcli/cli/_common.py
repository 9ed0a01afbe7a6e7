"""Shared pieces of the CLI: option types, the error boundary, output helpers.

Imports stay light (typer and the standard library) so ``corcli --help`` is fast.
"""

import functools
import os
import sys
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from corcli.errors import ExitCode

if TYPE_CHECKING:
    from datetime import date

P = ParamSpec("P")
R = TypeVar("R")

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="Workspace folder (default: CORCLI_WORKSPACE, or search up from here).",
        show_default=False,
    ),
]
DataDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Extra folder of partner/standard YAML that adds to or overrides the built-in catalog.",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write the report to this file instead of standard output.", show_default=False
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]
TodayOpt = Annotated[
    str | None,
    typer.Option("--today", help="Count from this date (YYYY-MM-DD) instead of today.", show_default=False),
]
TemplateDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--template-dir",
        help="Folder of your own templates; each overrides the built-in of the same name (rendered in a sandbox). "
        "Default: CORCLI_TEMPLATE_DIR or template_dir in your settings file.",
        show_default=False,
    ),
]


def template_dir_or_default(given: Path | None) -> Path | None:
    """Return ``--template-dir``, else the one from ``CORCLI_TEMPLATE_DIR`` or the settings file."""
    if given is not None:
        return given
    from corcli.storage.config import load_settings

    return load_settings().template_dir


class ListFormat(StrEnum):
    """Output formats of the commands that list items (``due``, ``actions``)."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"


class TableFormat(StrEnum):
    """Output formats of listing commands."""

    TABLE = "table"
    JSON = "json"


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn corcli errors into a message on stderr and exit code 2 (or the error's own code)."""

    @functools.wraps(func)
    def wrapper(*args: "P.args", **kwargs: "P.kwargs") -> "R":
        from corcli.errors import CorcliError
        from corcli.storage.files import all_or_nothing

        try:
            # A command that fails undoes what it wrote (files made, files replaced, folders made).
            with all_or_nothing() as journal:
                try:
                    return func(*args, **kwargs)
                except typer.Exit:  # findings (exit 1) or a usage exit: what was written stands
                    journal.keep()
                    raise
        except CorcliError as error:
            from corcli.cli.console import print_error

            print_error(error)
            raise typer.Exit(int(error.exit_code)) from None
        except OSError as exc:  # a disk, a permission or a file that vanished: the user's to fix, not a bug
            from corcli.cli.console import print_error

            print_error(_os_error(exc))
            raise typer.Exit(ExitCode.USAGE) from None
        except OverflowError as exc:  # date arithmetic past year 9999
            from corcli.cli.console import print_error
            from corcli.errors import CorcliError as _Error

            print_error(
                _Error(
                    f"A date is out of range ({exc}).",
                    "Check the dates in corcli.yaml and the file dates of your evidence (years 1 to 9999).",
                )
            )
            raise typer.Exit(ExitCode.USAGE) from None

    return wrapper


def _os_error(exc: OSError) -> "Any":
    from corcli.errors import CorcliError, FileAccessError

    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return CorcliError(f"A file could not be read or written ({reason}).", "Check the disk and permissions.")
    return FileAccessError(Path(os.fsdecode(exc.filename)), f"failed ({reason})", "Check the disk and permissions.")


def emit(text: str | Iterable[str], output: Path | None, *, force: bool = False, binary: bytes | None = None) -> None:
    """Print a report to stdout, or write it to ``output`` through the one output writer.

    ``text`` may come in parts (a large JSON report), written one after the other and ending with a line
    break. The writer refuses an existing file without ``--force``, and never replaces the profile, the
    assessment, evidence, a link or a special file.
    """
    if output is None:
        if binary is not None:
            sys.stdout.buffer.write(binary)
            sys.stdout.flush()
            return
        if isinstance(text, str):
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        else:
            last = ""
            for last in text:
                sys.stdout.write(last)
            if not last.endswith("\n"):
                sys.stdout.write("\n")
        sys.stdout.flush()
        return
    from corcli.storage.files import write_output

    write_output(output, binary if binary is not None else text, force=force)
    from corcli.cli.console import note

    note(f"Wrote {output}")


def refuse_output_early(output: Path | None, force: bool) -> None:
    """Refuse an ``--output`` that would be refused at the end before the work (and its warnings) starts."""
    if output is not None:
        from corcli.storage.files import check_output

        check_output(output, force=force)


def report_overrides(catalog: Any) -> None:
    """Tell the user (on stderr) which built-in catalog entries their own files replace."""
    from corcli.cli.console import note

    for override in catalog.overrides:
        note(f"Note: {override.kind} {override.id!r} comes from {override.by} (replaces {override.replaced}).")


def cwd() -> Path:
    """The current folder (the only place the CLI reads it)."""
    return Path.cwd()


def debug_enabled() -> bool:
    """Whether CORCLI_DEBUG asks for tracebacks."""
    return os.environ.get("CORCLI_DEBUG", "") not in {"", "0", "false", "no"}


def echo_json(data: Any) -> str:
    """Serialise plain data as stable, indented JSON text."""
    import json

    return _json_escape_surrogates(json.dumps(data, indent=2, ensure_ascii=False, default=str)) + "\n"


def _json_escape_surrogates(text: str) -> str:
    """Write lone surrogates (bytes of a name that is not UTF-8) as JSON's \\udcXX, which reads back exactly."""
    if text.isascii():
        return text
    import re

    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)


def parse_date_option(value: "str | None", flag: str) -> "date | None":
    """Return a date the user typed for ``flag`` (``2026-11-03`` or ``Nov 3 2026``), ``None`` when not given.

    Why one function: every command reads typed dates by the same rule (``corcli.rules.dates``) and words a
    bad one the same way.
    """
    if value is None or not value.strip():
        return None
    from corcli.errors import CorcliError
    from corcli.rules.dates import TYPED_DATE_HINT, parse_typed_date

    parsed = parse_typed_date(value)
    if parsed is None:
        raise CorcliError(f"{flag} {value!r} is not a valid date.", TYPED_DATE_HINT)
    return parsed


def parse_today(value: "str | None", flag: str = "--today") -> "date":
    """Return ``--today`` as a date, or the real date when it is not given."""
    from datetime import date

    return parse_date_option(value, flag) or date.today()

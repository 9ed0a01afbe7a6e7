"""The questions of interactive ``corcli init``: each answer is read the way people type it, and kept.

Why: a question answered in a way corcli cannot read is asked again (with an example), never an abort;
every answer is saved as it is given (``.corcli/init-answers.json`` in the new workspace), so an
interrupted ``init`` offers them again next time.
"""

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from corcli.models import CertifyingPartner

T = TypeVar("T")
ANSWERS_NAME = "init-answers.json"
SITE_KINDS = ("office", "shop", "field", "plant", "other")
LEVELS = ("management", "supervisor", "worker")


class Answers:
    """Answers given so far, saved after each one."""

    def __init__(self, root: Path) -> None:
        self.path = root / ".corcli" / ANSWERS_NAME
        self.saved: dict[str, Any] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8")) if self.path.is_file() else {}
            self.saved = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            self.saved = {}
        self.resumed = bool(self.saved)

    def get(self, key: str) -> Any:
        """Return an earlier answer, if there is one."""
        return self.saved.get(key)

    def keep(self, key: str, value: Any) -> None:
        """Remember an answer (plain JSON data) and save it."""
        self.saved[key] = value
        from corcli.storage.files import kept_on_failure
        from corcli.storage.workspace import write_atomic

        # Keeping answers is a help, not a requirement; they outlive a failed init on purpose.
        with contextlib.suppress(OSError), kept_on_failure():
            write_atomic(self.path, json.dumps(self.saved, indent=1, ensure_ascii=False, default=str))

    def clear(self) -> None:
        """Forget the answers once the workspace is written."""
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)


def say(text: str) -> None:
    """Print a line of the conversation (stderr)."""
    from corcli.cli.console import note

    note(text)


def ask_text(label: str, default: str | None = None) -> str:
    """Ask a question; return the answer stripped ('' when skipped)."""
    from rich.prompt import Prompt

    from corcli.cli.console import err

    try:
        answer = Prompt.ask(label, default=default or None, console=err(), show_default=bool(default))
    except KeyboardInterrupt:
        say("\nStopped. The answers given so far are kept: run the same 'corcli init' again to continue.")
        raise
    except EOFError:
        from corcli.errors import CorcliError

        raise CorcliError(
            "The answers ended before init was finished; the ones given are kept.",
            "Run 'corcli init' again to continue where you stopped (or give the options, see 'corcli init --help').",
        ) from None
    return (answer or "").strip()


def ask(
    label: str,
    read: Callable[[str], T | None],
    example: str,
    *,
    default: str | None = None,
    skippable: bool = False,
) -> T | None:
    """Ask until ``read`` understands the answer; ``None`` when skipped (only if ``skippable``)."""
    while True:
        answer = ask_text(label + (" (blank to skip)" if skippable and not default else ""), default)
        if not answer and skippable:
            return None
        if answer:
            value = read(answer)
            if value is not None:
                return value
        say(f"Sorry, corcli could not read {answer!r}. {example}")


def pick_partner(suggestions: "list[CertifyingPartner]", default: str | None) -> str:
    """Show the partners that fit and ask for one (by id, abbreviation or number)."""
    say("Certifying partners for your province and industry:")
    for number, partner in enumerate(suggestions, start=1):
        say(f"  {number}. {partner.id:<14} {partner.name} ({partner.listing})")

    def read(text: str) -> str | None:
        wanted = text.strip().lower()
        if wanted.isdigit() and 1 <= int(wanted) <= len(suggestions):
            return suggestions[int(wanted) - 1].id
        for partner in suggestions:
            if wanted in (partner.id, partner.abbreviation.lower()):
                return partner.id
        return None

    chosen = ask(
        "Certifying partner (number or id)",
        read,
        "Type a number from the list, or a partner id such as " + suggestions[0].id + ".",
        default=default or suggestions[0].id,
    )
    return chosen or suggestions[0].id


def one_of(options: tuple[str, ...]) -> Callable[[str], str | None]:
    """Return a reader that takes any option by its first three letters ('sup' is 'supervisor')."""

    def read(text: str) -> str | None:
        start = text.strip().lower()[:3]
        return next((option for option in options if start and option.startswith(start)), None)

    return read


def ask_roles(answers: Answers) -> list[dict[str, Any]]:
    """Ask for the workers by role (for interview sampling), one role at a time."""
    from corcli.services.answers import read_headcount

    roles: list[dict[str, Any]] = list(answers.get("roles") or [])
    if roles:
        say(f"Roles kept from before: {', '.join(r['name'] for r in roles)}. Add more, or press Enter to finish.")
    else:
        say("Workers by role, for interview sampling and the manual (e.g. Owner, Supervisor, Roofer). Blank to finish.")
    while True:
        name = ask_text("Role name")
        if not name:
            break
        count = ask(f"How many people work as {name}", read_headcount, "Type a number, e.g. 4.") or 1
        level = ask(
            "Level (management, supervisor or worker)",
            one_of(LEVELS),
            "Type management, supervisor or worker.",
            default="worker",
        )
        roles.append({"name": name, "count": count, "level": level or "worker"})
        answers.keep("roles", roles)
    return roles


def ask_sites(answers: Answers) -> list[dict[str, Any]]:
    """Ask for the work sites and offices, one at a time."""
    sites: list[dict[str, Any]] = list(answers.get("sites") or [])
    if sites:
        say(f"Sites kept from before: {', '.join(s['name'] for s in sites)}. Add more, or press Enter to finish.")
    else:
        say("Work sites and offices (e.g. Head office, Shop, a job site). Blank to finish.")
    while True:
        name = ask_text("Site name")
        if not name:
            break
        kind = ask(
            "Kind (office, shop, field, plant or other)",
            one_of(SITE_KINDS),
            "Type office, shop, field, plant or other.",
            default="field",
        )
        address = ask_text("Address (blank to skip)")
        sites.append({"name": name, "kind": kind or "field", "address": address})
        answers.keep("sites", sites)
    return sites


__all__ = ["Answers", "ask", "ask_roles", "ask_sites", "ask_text", "pick_partner", "say"]

"""The manual as a use case: render it with the company's own sections, copy a section to edit, and lint it.

Why here: the company's own words live in the workspace (``manual/SECTION.md``), so reading them, noting what
they were copied from (``manual/.copied.json``) and writing a new copy are workspace work, kept out of the
renderer. Nothing the company wrote is ever replaced: ``edit`` refuses an existing file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from corcli.errors import CorcliError, OverwriteError
from corcli.models.content import JurisdictionLaw
from corcli.render.manual import RenderedManual, manual_sections, render_manual, select_sections
from corcli.render.manual_law import law_context, stale_statements
from corcli.render.manual_library import ManualLibrary, plans_for
from corcli.services.project import Project
from corcli.storage.files import read_text, write_atomic, write_output

MANUAL_FOLDER = "manual"
"""The workspace folder of the company's own sections."""
COPIED_FILE = ".copied.json"
"""In ``manual/``: for each section, a fingerprint of the generated text it was copied from, and the day."""
MAX_SECTION_BYTES = 1_000_000
"""A section file larger than this is refused (a manual section is a few pages)."""


@dataclass(frozen=True)
class OwnSection:
    """A section the company has made its own."""

    id: str
    path: Path
    changed_upstream: bool
    copied: str


@dataclass(frozen=True)
class ManualRun:
    """A rendered manual and the company's own sections in it."""

    rendered: RenderedManual
    own: tuple[OwnSection, ...] = ()
    unknown_files: tuple[Path, ...] = ()


@dataclass(frozen=True)
class LintFinding:
    """One thing to fix before the manual goes to the auditor."""

    kind: str
    section: str
    message: str


@dataclass
class LintReport:
    """Every finding of ``manual --lint``."""

    findings: list[LintFinding] = field(default_factory=list)


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of a section's generated Markdown."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _folder(project: Project) -> Path:
    return project.workspace.root / MANUAL_FOLDER


def _read_copied(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / COPIED_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(read_text(path, limit=MAX_SECTION_BYTES, what="manual records"))
    except (CorcliError, ValueError):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


def read_own_sections(project: Project, known: Sequence[str]) -> tuple[dict[str, str], list[Path]]:
    """The company's own sections (id -> Markdown) and files in ``manual/`` that name no section."""
    folder = _folder(project)
    if not folder.is_dir():
        return {}, []
    own: dict[str, str] = {}
    unknown: list[Path] = []
    root = project.workspace.root
    for path in sorted(folder.glob("*.md")):
        if path.name.startswith("."):
            continue
        if path.stem not in known:
            unknown.append(path)
            continue
        own[path.stem] = read_text(path, limit=MAX_SECTION_BYTES, root=root, what="manual sections")
    return own, unknown


def _library(project: Project) -> ManualLibrary:
    return ManualLibrary.from_catalog(project.catalog)


def _law(project: Project) -> JurisdictionLaw | None:
    return project.catalog.laws.get(project.jurisdiction.code)


def section_ids(project: Project) -> list[str]:
    """Every section id of this company's manual."""
    library = _library(project)
    law = law_context(_law(project))
    return [s.id for s in manual_sections(project.standard, law, plans_for(project.profile, library))]


def render(
    project: Project,
    *,
    today: date,
    fmt: str,
    wanted: Sequence[str] = (),
    template_dir: Path | None = None,
    version: str = "",
    prepared_by: str = "",
) -> ManualRun:
    """Render the manual with the company's own sections in place of the generated ones."""
    own, unknown = read_own_sections(project, section_ids(project))
    rendered = render_manual(
        project.profile,
        project.jurisdiction,
        project.partner,
        project.standard,
        project.decision.program if project.decision else None,
        today=today,
        fmt=fmt,
        wanted=wanted,
        template_dir=template_dir,
        version=version,
        library=_library(project),
        overrides=own,
        prepared_by=prepared_by,
    )
    copied = _read_copied(_folder(project))
    sections = []
    for section_id in own:
        record = copied.get(section_id, {})
        generated = rendered.generated.get(section_id)
        changed = (
            bool(record.get("fingerprint"))
            and generated is not None
            and fingerprint(generated) != record["fingerprint"]
        )
        sections.append(
            OwnSection(section_id, _folder(project) / f"{section_id}.md", changed, str(record.get("copied", "")))
        )
    return ManualRun(rendered, tuple(sections), tuple(unknown))


def edit_section(project: Project, section: str, *, today: date, template_dir: Path | None = None) -> Path:
    """Copy one section, as generated now, into ``manual/SECTION.md`` for the company to edit."""
    library = _library(project)
    every = manual_sections(project.standard, law_context(_law(project)), plans_for(project.profile, library))
    chosen = select_sections(every, [section])
    if len(chosen) != 1:
        raise CorcliError(
            f"'{section}' names {len(chosen)} sections; edit one at a time.",
            "Give one section id: " + ", ".join(s.id for s in every[:8]) + " ...",
        )
    section_id = chosen[0].id
    folder = _folder(project)
    target = folder / f"{section_id}.md"
    if target.exists():
        raise OverwriteError(
            f"{target} already exists: it holds your own words for this section.",
            "Edit that file; to start again from the generated text, move it away first.",
        )
    rendered = render_manual(
        project.profile,
        project.jurisdiction,
        project.partner,
        project.standard,
        project.decision.program if project.decision else None,
        today=today,
        wanted=[section_id],
        template_dir=template_dir,
        library=library,
    )
    text = rendered.generated[section_id]
    folder.mkdir(parents=True, exist_ok=True)
    write_output(target, text, force=False)
    copied = _read_copied(folder)
    copied[section_id] = {"fingerprint": fingerprint(text), "copied": today.isoformat()}
    write_atomic(folder / COPIED_FILE, json.dumps(copied, indent=2, sort_keys=True) + "\n")
    return target


def lint(project: Project, run: ManualRun) -> LintReport:
    """Placeholders left, legal sections missing for the jurisdiction, statements older than the law they cite."""
    report = LintReport()
    for placeholder in run.rendered.placeholders:
        report.findings.append(
            LintFinding("placeholder", placeholder.section, f"line {placeholder.line}: {placeholder.label}")
        )
    law = _law(project)
    name = project.jurisdiction.name
    if law is None:
        report.findings.append(
            LintFinding(
                "law",
                "legislation",
                f"corcli has no law file for {name}: check the legislation section against {name}'s OHS law "
                "and complete what it requires (committee, refusal, reporting, violence and harassment).",
            )
        )
    else:
        lines = {
            line.strip().lstrip("#").strip() for line in run.rendered.markdown.splitlines() if line.startswith("#")
        }
        titles = {t.id: t.title for t in law.topics}
        for topic_id in law.required:
            if titles[topic_id] not in lines:
                report.findings.append(
                    LintFinding(
                        "law",
                        "legislation",
                        f"{name}'s law requires '{titles[topic_id]}'; the manual has no such heading.",
                    )
                )
        for cite, text, checked, changed in stale_statements(law):
            report.findings.append(
                LintFinding(
                    "stale",
                    "legislation",
                    f"{cite} changed on {changed.isoformat()}, after this statement was checked "
                    f"({checked.isoformat()}): {text[:80]}",
                )
            )
    for own in run.own:
        if own.changed_upstream:
            report.findings.append(
                LintFinding(
                    "changed",
                    own.id,
                    f"the generated text of this section changed since you copied it to {own.path.name}"
                    + (f" on {own.copied}" if own.copied else "")
                    + "; compare with 'corcli manual --no-own -s "
                    + own.id
                    + "'.",
                )
            )
    return report

"""The ``migrate`` use case: move a workspace's answers and evidence ties onto a newer edition of its standard.

Why: a standard's requirement ids change between editions (ACSA merged two plan items when Alberta's
Part 27 did; IHSA moved to COR 2020). ``plan_migration`` says what would move, what has no known new
id and what only a person can change (a sidecar or a file name); ``apply_migration`` moves it, after
keeping a copy of each file it changes, so nothing is lost.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from corcli.catalog.loader import Catalog
from corcli.errors import CorcliError
from corcli.evidence.index import index_path, load_index, lock_path, write_index
from corcli.evidence.scan import collect_evidence
from corcli.models import (
    AssessmentAnswer,
    AuditStandard,
    CompanyProfile,
    EvidenceIndex,
    EvidenceItem,
    RequirementSource,
)
from corcli.rules.eligibility import decide
from corcli.services.assessment import assessment_path, dump_assessment, load_assessment
from corcli.services.project import Project, with_folders
from corcli.storage import files
from corcli.storage.workspace import Workspace, locked, write_atomic

BACKUP_FOLDER = "migrate-backups"


@dataclass(frozen=True)
class Move:
    """One answer or evidence tie and where it goes."""

    kind: str  # "answer", "evidence" or "by hand"
    subject: str  # the requirement id (answers) or the evidence path
    old: str
    new: str | None


@dataclass
class MigrationPlan:
    """What ``corcli migrate`` would do (or did) for one workspace."""

    old_standard: str
    new_standard: str
    notes: list[str] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    unmapped: list[Move] = field(default_factory=list)
    by_hand: list[Move] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    applied: bool = False

    @property
    def needed(self) -> bool:
        """Whether anything refers to an id the current standard does not have, or the standard changed."""
        return bool(self.moves or self.unmapped or self.by_hand or self.old_standard != self.new_standard)


def _mapping(standard: AuditStandard, old_standard: str) -> tuple[dict[str, str | None], list[str]]:
    mapping: dict[str, str | None] = {}
    notes: list[str] = []
    for migration in standard.migrates_from:
        if migration.standard == old_standard:
            mapping.update(migration.requirements)
            if migration.note:
                notes.append(migration.note)
    return mapping, notes


def _new_id(rid: str, mapping: dict[str, str | None], ids: set[str], same_standard: bool) -> str | None:
    """Return the id ``rid`` becomes: the mapping's, else the same id within one standard, else none known."""
    if rid in mapping:
        return mapping[rid]
    return rid if same_standard and rid in ids else None


def plan_migration(project: Project, old_standard: str | None = None) -> MigrationPlan:
    """Return what would move from the workspace's earlier standard (or edition) onto its current one.

    ``old_standard`` is the standard the evidence ties were made for (default: the workbook's standard).
    """
    return _plan(project.workspace, project.standard, old_standard)


def _plan(workspace: Workspace, standard: AuditStandard, old_standard: str | None) -> MigrationPlan:
    ids = {r.id for e in standard.elements for r in e.requirements}
    assessment = load_assessment(workspace)
    answers_old = assessment.standard if assessment is not None else standard.id
    old = old_standard or answers_old
    mapping, notes = _mapping(standard, old)
    plan = MigrationPlan(old_standard=old, new_standard=standard.id, notes=notes)
    same = old == standard.id
    if not same and not notes:
        plan.notes.append(
            f"corcli knows no mapping from {old!r} to {standard.id!r}: the answers and evidence ties are listed and "
            "kept in the backup, not moved."
        )
    if assessment is not None:
        answer_mapping, _ = _mapping(standard, answers_old) if answers_old != old else (mapping, notes)
        for answer in assessment.answers:
            target = _new_id(answer.requirement, answer_mapping, ids, answers_old == standard.id)
            if target is None:
                plan.unmapped.append(Move("answer", answer.requirement, answer.requirement, None))
            elif target != answer.requirement:
                plan.moves.append(Move("answer", answer.requirement, answer.requirement, target))
    indexed = {item.path for item in load_index(workspace).items}
    scan = collect_evidence(workspace, standard, warn_unknown_requirements=False)
    for item in scan.items:
        for rid in item.requirement_ids():
            if same and rid in ids and rid not in mapping:
                continue
            target = _new_id(rid, mapping, ids, same)
            by_index = item.path in indexed and item.requirement_source in (
                RequirementSource.FLAG,
                RequirementSource.INDEX,
                RequirementSource.IMPORT,
                None,
            )
            if not by_index:
                if target != rid:  # a sidecar or a file name: only its owner may change it
                    plan.by_hand.append(Move("by hand", item.path, rid, target))
            elif target is None:
                plan.unmapped.append(Move("evidence", item.path, rid, None))
            elif target != rid:
                plan.moves.append(Move("evidence", item.path, rid, target))
    return plan


def _backup(path: Path, folder: Path, stamp: str) -> Path | None:
    if not path.is_file():
        return None
    return files.write_copy(
        folder, f"{path.stem}-{stamp}", path.suffix, files.read_bytes(path, limit=files.LIMIT_INDEX)
    )


def _moved_answers(answers: list[AssessmentAnswer], moves: dict[str, str]) -> list[AssessmentAnswer]:
    """Rename answers; where two land on one id, keep the one already there and add the other's note and evidence."""
    result: dict[str, AssessmentAnswer] = {}
    for answer in answers:
        target = moves.get(answer.requirement, answer.requirement)
        renamed = answer.model_copy(update={"requirement": target})
        if target in result:
            kept = result[target]
            note = " ".join(
                filter(None, [kept.note, f"(from {answer.requirement}: {answer.note})" if answer.note else ""])
            )
            evidence = list(dict.fromkeys([*kept.evidence, *answer.evidence]))
            result[target] = kept.model_copy(update={"note": note, "evidence": evidence})
        else:
            result[target] = renamed
    return list(result.values())


def apply_migration(project: Project, plan: MigrationPlan, now: datetime) -> MigrationPlan:
    """Move the answers and indexed ties in ``plan``, keeping a copy of each file first; return the plan, applied.

    Answers and indexed ties with no known new id are taken out (they would count for an unrelated
    requirement of the new standard); the copies keep them.
    """
    return _apply(project.workspace, project.standard, plan, now)


def _apply(workspace: Workspace, standard: AuditStandard, plan: MigrationPlan, now: datetime) -> MigrationPlan:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    folder = workspace.state_dir / BACKUP_FOLDER
    for path in (assessment_path(workspace), index_path(workspace)):
        kept = _backup(path, folder, stamp)
        if kept is not None:
            plan.backups.append(kept)
    answer_moves = {m.subject: m.new for m in plan.moves if m.kind == "answer" and m.new}
    unmapped_answers = {m.subject for m in plan.unmapped if m.kind == "answer"}
    if assessment_path(workspace).is_file():
        # Not update_assessment: that one checks the answers against the new standard, which they do not fit yet.
        with locked(workspace.state_dir / "assessment.lock"):
            current = load_assessment(workspace)
            if current is not None:
                kept_answers = [a for a in current.answers if a.requirement not in unmapped_answers]
                updated = current.model_copy(
                    update={"standard": standard.id, "answers": _moved_answers(kept_answers, answer_moves)}
                )
                write_atomic(assessment_path(workspace), dump_assessment(updated, standard))
    evidence_moves: dict[tuple[str, str], str | None] = {
        (m.subject, m.old): m.new for m in plan.moves if m.kind == "evidence" and m.new
    }
    evidence_moves.update({(m.subject, m.old): None for m in plan.unmapped if m.kind == "evidence"})
    if evidence_moves:

        def retie(item: EvidenceItem) -> EvidenceItem:
            moved = [evidence_moves.get((item.path, rid), rid) for rid in item.requirement_ids()]
            ids = list(dict.fromkeys(rid for rid in moved if rid))
            if ids == item.requirement_ids():
                return item
            return item.model_copy(
                update={
                    "requirement": ids[0] if ids else None,
                    "more_requirements": ids[1:],
                    "requirement_source": item.requirement_source if ids else None,
                }
            )

        with locked(lock_path(workspace)):  # re-read inside the lock, so a concurrent 'evidence add' is kept
            index = load_index(workspace)
            write_index(workspace, EvidenceIndex(items=[retie(item) for item in index.items]))
    plan.applied = True
    return plan


# --- a change of standard (a new certificate or partner, 'corcli init --force') --------------------------------


@dataclass
class StandardChange:
    """What changing a workspace's standard keeps, adds and moves (nothing the user made is moved)."""

    old_standard: str | None
    new_standard: AuditStandard
    """The new standard with the folders it keeps (``certification.folders``) in place."""
    folders: dict[str, str]
    """An element folder of the new standard -> the existing folder that element keeps using."""
    plan: MigrationPlan
    left_folders: list[str] = field(default_factory=list)
    """Folders of the old standard no element of the new one uses, and that hold files."""

    @property
    def new_folders(self) -> list[str]:
        """Element folders the new standard still needs (created by init)."""
        kept = set(self.folders.values())
        return [e.folder for e in self.new_standard.elements if e.folder not in kept]


def _slug(folder: str) -> str:
    """A folder's name without its number and letter prefix: ``05-inspections`` and ``09-inspections`` alike."""
    parts = folder.split("-")
    while len(parts) > 1 and (parts[0].isdigit() or len(parts[0]) == 1):
        parts = parts[1:]
    return "-".join(parts)


def _holds_files(folder: Path) -> bool:
    """Whether ``folder`` holds anything but corcli's own README.md (bounded: stops at the first file)."""
    return any(any(name != "README.md" for name in names) for _dirpath, _dirs, names in os.walk(folder))


def map_folders(evidence: Path, old: AuditStandard | None, new: AuditStandard) -> dict[str, str]:
    """Give each element of ``new`` without a folder on disk an existing folder of ``old`` that files the same.

    Same folder name after the number (``05-inspections`` for ``09-inspections``), or the same element
    title. Folders are never renamed or moved: the profile records which folder an element uses.
    """

    def present(name: str) -> bool:
        path = evidence / name
        return path.is_dir() and not path.is_symlink()

    own = {e.folder for e in new.elements}
    candidates = [e for e in old.elements if e.folder not in own and present(e.folder)] if old else []
    taken: set[str] = set()
    folders: dict[str, str] = {}
    for element in new.elements:
        if present(element.folder):
            continue
        title = element.title.casefold()
        match = next(
            (
                c.folder
                for c in candidates
                if c.folder not in taken
                and (_slug(c.folder).rstrip("s") == _slug(element.folder).rstrip("s") or c.title.casefold() == title)
            ),
            None,
        )
        if match is not None:
            folders[element.folder] = match
            taken.add(match)
    return folders


def plan_standard_change(
    workspace: Workspace, old: AuditStandard | None, old_id: str | None, new: AuditStandard
) -> StandardChange:
    """Say what changing from ``old`` to ``new`` keeps and moves; nothing is written (see ``apply_standard_change``)."""
    folders = map_folders(workspace.evidence_dir, old, new)
    mapped = with_folders(new, folders)
    used = {e.folder for e in mapped.elements}
    left = [
        e.folder
        for e in (old.elements if old else [])
        if e.folder not in used
        and (workspace.evidence_dir / e.folder).is_dir()
        and not (workspace.evidence_dir / e.folder).is_symlink()
        and _holds_files(workspace.evidence_dir / e.folder)
    ]
    plan = _plan(workspace, mapped, old_id)
    return StandardChange(old_id, mapped, folders, plan, left)


def apply_standard_change(workspace: Workspace, change: StandardChange, now: datetime) -> StandardChange:
    """Move the answers and indexed ties of ``change`` onto the new standard (copies kept first)."""
    if change.plan.needed:
        change.plan = _apply(workspace, change.new_standard, change.plan, now)
    return change


def standard_of(profile: CompanyProfile, catalog: Catalog) -> str | None:
    """The id of the standard ``profile`` works to, or ``None`` when it cannot be told (a broken profile)."""
    if profile.certification.partner is None:  # a legal-program workspace names its program
        return profile.certification.standard
    try:
        jurisdiction = catalog.jurisdiction(profile.company.province)
        partner = catalog.partner(profile.certification.partner)
        if profile.certification.standard:
            return profile.certification.standard
        return decide(jurisdiction, partner, profile.company.employees, profile.certification.program).standard
    except CorcliError:
        return None


def _answers_standard(workspace: Workspace) -> str | None:
    try:
        assessment = load_assessment(workspace)
    except CorcliError:
        return None
    return assessment.standard if assessment is not None else None


def plan_program_change(
    root: Path, existing: CompanyProfile | None, catalog: Catalog, standard: AuditStandard
) -> StandardChange | None:
    """What rewriting the profile of ``root`` for ``standard`` keeps and moves (``init --force``).

    ``None`` when the standard stays and the workbook already fits it: nothing to move.
    """
    workspace = Workspace(root.resolve(), "init --force")
    old_id = standard_of(existing, catalog) if existing is not None else None
    if (existing is None or old_id == standard.id) and _answers_standard(workspace) in (None, standard.id):
        return None
    old = None
    if old_id is not None and existing is not None:
        try:
            old = with_folders(catalog.standard(old_id), existing.certification.folders)
        except CorcliError:
            old = None
    return plan_standard_change(workspace, old, old_id, standard)


__all__ = [
    "BACKUP_FOLDER",
    "MigrationPlan",
    "Move",
    "StandardChange",
    "apply_migration",
    "apply_standard_change",
    "map_folders",
    "plan_migration",
    "plan_program_change",
    "plan_standard_change",
    "standard_of",
]

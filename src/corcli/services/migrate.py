"""The ``migrate`` use case: move a workspace's answers and evidence ties onto a newer edition of its standard.

Why: a standard's requirement ids change between editions (ACSA merged two plan items when Alberta's
Part 27 did; IHSA moved to COR 2020). ``plan_migration`` says what would move, what has no known new
id and what only a person can change (a sidecar or a file name); ``apply_migration`` moves it, after
keeping a copy of each file it changes, so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from corcli.evidence.index import index_path, load_index, lock_path, write_index
from corcli.evidence.scan import collect_evidence
from corcli.models import AssessmentAnswer, AuditStandard, EvidenceIndex, EvidenceItem, RequirementSource
from corcli.services.assessment import assessment_path, dump_assessment, load_assessment
from corcli.services.project import Project
from corcli.storage.workspace import locked, write_atomic

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


def plan_migration(project: Project) -> MigrationPlan:
    """Return what would move from the workspace's earlier standard (or edition) onto its current one."""
    standard = project.standard
    ids = {r.id for e in standard.elements for r in e.requirements}
    assessment = load_assessment(project.workspace)
    old = assessment.standard if assessment is not None else standard.id
    mapping, notes = _mapping(standard, old)
    plan = MigrationPlan(old_standard=old, new_standard=standard.id, notes=notes)
    same = old == standard.id
    if not same and not notes:
        plan.notes.append(
            f"corcli knows no mapping from {old!r} to {standard.id!r}: the answers and evidence ties are listed and "
            "kept in the backup, not moved."
        )
    if assessment is not None:
        for answer in assessment.answers:
            target = _new_id(answer.requirement, mapping, ids, same)
            if target is None:
                plan.unmapped.append(Move("answer", answer.requirement, answer.requirement, None))
            elif target != answer.requirement:
                plan.moves.append(Move("answer", answer.requirement, answer.requirement, target))
    indexed = {item.path for item in load_index(project.workspace).items}
    scan = collect_evidence(project.workspace, standard, warn_unknown_requirements=False)
    for item in scan.items:
        for rid in item.requirement_ids():
            if old == standard.id and rid in ids and rid not in mapping:
                continue
            target = _new_id(rid, mapping, ids, same)
            by_index = item.path in indexed and item.requirement_source in (
                RequirementSource.FLAG,
                RequirementSource.INDEX,
                None,
            )
            if target is None:
                plan.unmapped.append(Move("evidence", item.path, rid, None))
            elif not by_index:
                plan.by_hand.append(Move("by hand", item.path, rid, target))
            elif target != rid:
                plan.moves.append(Move("evidence", item.path, rid, target))
    return plan


def _backup(path: Path, folder: Path, stamp: str) -> Path | None:
    if not path.is_file():
        return None
    target = folder / f"{path.stem}-{stamp}{path.suffix}"
    write_atomic(target, path.read_bytes(), force=False)
    return target


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
    """Move the answers and indexed ties in ``plan``, keeping a copy of each file first; return the plan, applied."""
    workspace = project.workspace
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
                    update={"standard": project.standard.id, "answers": _moved_answers(kept_answers, answer_moves)}
                )
                write_atomic(assessment_path(workspace), dump_assessment(updated, project.standard))
    evidence_moves: dict[tuple[str, str], str] = {
        (m.subject, m.old): m.new for m in plan.moves if m.kind == "evidence" and m.new
    }
    if evidence_moves:

        def retie(item: EvidenceItem) -> EvidenceItem:
            ids = [evidence_moves.get((item.path, rid), rid) for rid in item.requirement_ids()]
            ids = list(dict.fromkeys(ids))
            if not ids:
                return item
            return item.model_copy(update={"requirement": ids[0], "more_requirements": ids[1:]})

        with locked(lock_path(workspace)):  # re-read inside the lock, so a concurrent 'evidence add' is kept
            index = load_index(workspace)
            write_index(workspace, EvidenceIndex(items=[retie(item) for item in index.items]))
    plan.applied = True
    return plan


__all__ = ["BACKUP_FOLDER", "MigrationPlan", "Move", "apply_migration", "plan_migration"]

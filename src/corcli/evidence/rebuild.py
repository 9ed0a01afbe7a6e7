"""``evidence rebuild``: rebuild the index from the files, keeping what the old index knew about each file."""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from corcli.errors import (
    DataFileError,
    EvidenceIndexError,
    Problem,
)
from corcli.evidence.add import disk_errors
from corcli.evidence.hashing import Progress
from corcli.evidence.index import BACKUP_NAME, index_path, load_index, load_index_file, lock_path, write_index
from corcli.evidence.scan import scan_folder
from corcli.models.catalog import AuditStandard
from corcli.models.evidence import DateSource, EvidenceIndex, EvidenceItem
from corcli.storage.workspace import Workspace, locked, write_atomic


@dataclass(frozen=True)
class RebuildResult:
    """What ``rebuild_index`` did."""

    index: EvidenceIndex
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept_corrupt_copy: Path | None = None
    recovered_from_backup: bool = False
    warnings: list[Problem] = field(default_factory=list)
    removed_temp_files: list[str] = field(default_factory=list)
    """Half-written copies left by an interrupted ``evidence add`` (older than 15 minutes), now removed."""


def rebuild_index(
    workspace: Workspace,
    standard: AuditStandard | None = None,
    *,
    now: datetime,
    progress: Progress | None = None,
) -> RebuildResult:
    """Rebuild the index from the files, keeping what the old index (or its backup) knew about each file.

    A corrupt index is kept as ``.corcli/index.corrupt-<time>.yaml`` before it is replaced. Entries whose
    file is gone are dropped (and listed); files moved to another folder keep their entry (matched by hash).
    """
    path = index_path(workspace)
    with disk_errors("rebuild the evidence index"), locked(lock_path(workspace)):
        kept: Path | None = None
        from_backup = False
        try:
            old = load_index(workspace)
        except EvidenceIndexError:
            kept = workspace.state_dir / f"index.corrupt-{now.strftime('%Y%m%dT%H%M%S')}.yaml"
            kept.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(kept, path.read_bytes())
            try:
                old = load_index_file(workspace.state_dir / BACKUP_NAME)
                from_backup = True
            except (DataFileError, OSError):
                old = EvidenceIndex()
        warnings: list[Problem] = []
        scan = scan_folder(workspace, standard, EvidenceIndex(), warnings, None, progress, True)
        by_path = {i.path: i for i in old.items}
        on_disk = {i.path for i in scan.items}
        by_hash = {i.sha256: i for i in old.items if i.path not in on_disk}
        items: list[EvidenceItem] = []
        added: list[str] = []
        updated: list[str] = []
        for item in scan.items:
            previous = by_path.get(item.path) or by_hash.get(item.sha256)
            if previous is None:
                added.append(item.path)
                items.append(item)
                continue
            if previous.sha256 != item.sha256 or previous.path != item.path:
                updated.append(item.path)
            items.append(_carry(previous, item))
        kept_hashes = {i.sha256 for i in items}
        dropped = sorted(p for p in by_path if p not in on_disk and by_path[p].sha256 not in kept_hashes)
        index = EvidenceIndex(items=sorted(items, key=lambda i: i.path))
        write_index(workspace, index)
        removed = _sweep_temp_files(workspace.evidence_dir, now)
    return RebuildResult(index, added, dropped, updated, kept, from_backup, scan.warnings, removed)


_TEMP_RE = re.compile(r"^\.(corcli-add\.|index\.yaml\.).*\.tmp$")


def _sweep_temp_files(evidence_dir: Path, now: datetime, max_age_s: float = 900) -> list[str]:
    """Remove corcli's own temp files that an interrupted add left behind (never a user's file)."""
    removed: list[str] = []
    cutoff = now.timestamp() - max_age_s
    for folder, _dirs, names in os.walk(evidence_dir):
        for name in names:
            if not _TEMP_RE.match(name):
                continue
            path = Path(folder) / name
            with contextlib.suppress(OSError):
                if not path.is_symlink() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(path.relative_to(evidence_dir).as_posix())
    return sorted(removed)


def _carry(previous: EvidenceItem, item: EvidenceItem) -> EvidenceItem:
    """Keep what a person gave for a file (flags, note) while taking the hash and size from disk."""
    flagged_date = previous.date_source == DateSource.FLAG and previous.record_date is not None
    return EvidenceItem(
        path=item.path,
        element=item.element,
        requirement=(previous.requirement if previous.added else None) or item.requirement,
        record_date=previous.record_date if flagged_date else item.record_date,
        date_source=DateSource.FLAG if flagged_date else item.date_source,
        sha256=item.sha256,
        size=item.size,
        note=previous.note or item.note,
        added=previous.added,
        original_name=previous.original_name,
    )


__all__ = [
    "RebuildResult",
    "rebuild_index",
]

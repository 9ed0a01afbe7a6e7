"""``evidence add``: copy files into an element folder and index them (never moves the originals)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from corcli.errors import (
    EvidenceError,
    Problem,
)
from corcli.evidence.hashcache import remember_hashes
from corcli.evidence.hashing import CHUNK, hash_file
from corcli.evidence.index import INDEX_NAME, load_index, lock_path, write_index
from corcli.evidence.metadata import read_document_date
from corcli.evidence.naming import evidence_file_name, find_requirement, name_stem, parse_evidence_name
from corcli.evidence.scan import mtime_date
from corcli.evidence.walk import SIDECAR_SUFFIX, is_skipped_name
from corcli.models.catalog import AuditElement, AuditStandard
from corcli.models.evidence import DateSource, EvidenceIndex, EvidenceItem, RequirementSource
from corcli.storage import files
from corcli.storage.files import STATE_DIR
from corcli.storage.workspace import Workspace, inside, locked

AddAction = Literal["copied", "replaced", "already present", "indexed in place"]


@dataclass(frozen=True)
class AddedFile:
    """One file given to ``evidence add`` and what became of it."""

    source: Path
    item: EvidenceItem
    action: AddAction
    renamed: bool = False
    """True when the copy got a different name than the original (convention prefix or a clash)."""
    kept: Path | None = None
    """Where the version a ``--force`` add replaced is kept (``.corcli/replaced/``)."""


@dataclass(frozen=True)
class AddResult:
    """What ``add_evidence`` did."""

    added: list[AddedFile]
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _Staged:
    source: Path
    temp: Path | None
    digest: str
    size: int
    name: str
    folder: Path
    rel_folder: str
    record_date: date
    date_source: DateSource
    in_place: str | None = None


def add_evidence(
    workspace: Workspace,
    standard: AuditStandard,
    sources: Sequence[Path],
    *,
    requirement: str,
    now: datetime,
    record_date: date | None = None,
    note: str = "",
    force: bool = False,
    also: Sequence[str] = (),
) -> AddResult:
    """Copy ``sources`` into the requirement's element folder and index them (never moves the originals).

    ``also`` names further requirements the same files prove (``-r`` given more than once). A different
    file already bearing the name is never replaced unless ``force``: the copy gets a free name
    (``name_2.pdf``). Every source is checked before anything is written.
    """
    req_id, element = find_requirement(standard, requirement)
    more = [r for r in dict.fromkeys(find_requirement(standard, other)[0] for other in also) if r != req_id]
    today = now.date()
    if record_date is not None and record_date > today:
        raise EvidenceError(
            f"The record date {record_date.isoformat()} is in the future.",
            "Give the date the record documents (YYYY-MM-DD), today or earlier.",
        )
    if len(note) > 2000:
        raise EvidenceError("The note is longer than 2000 characters.", "Shorten it; keep details in the file.")
    load_index(workspace, for_update=True)  # fail early, before copying, when the index is corrupt
    evidence_dir = workspace.evidence_dir
    target_folder = inside(workspace.root, evidence_dir / element.folder)
    checked = _check_sources(workspace, sources)
    warnings: list[Problem] = []
    staged: list[_Staged] = []
    try:
        with disk_errors("add the evidence"):
            for source, in_place in checked:
                staged.append(
                    _stage(workspace, source, in_place, target_folder, element, req_id, record_date, warnings)
                )
            with locked(lock_path(workspace)):
                index = load_index(workspace, for_update=True)  # read again: another add may have written
                entries = {i.path: i for i in index.items}
                added: list[AddedFile] = []
                try:
                    for s in staged:
                        added.append(_place(s, entries, force, req_id, note, now, more))
                    write_index(workspace, EvidenceIndex(items=sorted(entries.values(), key=lambda i: i.path)))
                except BaseException:
                    for done in added:  # our own fresh copies only; originals and replaced files stay
                        if done.action == "copied":
                            with contextlib.suppress(OSError):
                                (evidence_dir / done.item.path).unlink()
                    raise
    finally:
        for s in staged:
            if s.temp is not None:
                with contextlib.suppress(OSError):
                    s.temp.unlink()
    remember_hashes(workspace, [a.item for a in added])
    return AddResult(added, warnings)


@contextlib.contextmanager
def disk_errors(action: str) -> Iterator[None]:
    """Turn a file-system failure (permissions, full disk, read-only folder) into a message for people."""
    try:
        yield
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise EvidenceError(
            f"Could not {action}: {exc.strerror or exc}{where}.",
            "Check that the workspace folder is writable and the disk is not full; nothing was lost.",
        ) from None


def _check_sources(workspace: Workspace, sources: Sequence[Path]) -> list[tuple[Path, str | None]]:
    """Check every source is a readable regular file; return (path, evidence-relative path if already inside)."""
    if not sources:
        raise EvidenceError("No files given.", "Name one or more files: corcli evidence add FILE... --requirement ID")
    evidence_root = workspace.evidence_dir.resolve()
    result: list[tuple[Path, str | None]] = []
    seen: set[Path] = set()
    for source in sources:
        try:
            info = source.stat()
        except FileNotFoundError:
            raise EvidenceError(f"{source} does not exist.", "Check the file name and path.") from None
        except OSError as exc:
            raise EvidenceError(
                f"{source} cannot be read: {exc.strerror or exc}.", "Check the path and its permissions."
            ) from None
        if stat.S_ISDIR(info.st_mode):
            raise EvidenceError(f"{source} is a folder.", f"Give the files in it, e.g. {source}/*.")
        if not stat.S_ISREG(info.st_mode):
            raise EvidenceError(f"{source} is not a regular file.", "Give a document, photo or other regular file.")
        if not os.access(source, os.R_OK):
            raise EvidenceError(f"{source} cannot be read (permission denied).", "Give your user read access to it.")
        if source.name.lower().endswith(SIDECAR_SUFFIX):
            raise EvidenceError(
                f"{source} is a sidecar ({SIDECAR_SUFFIX}), not evidence.",
                "Add the file it describes; put sidecars next to files inside evidence/.",
            )
        resolved = source.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        in_place: str | None = None
        absolute = source.absolute()
        if absolute.parent.resolve() == evidence_root or evidence_root in absolute.parent.resolve().parents:
            inside(workspace.root, source)  # a link inside evidence/ pointing out is refused
            rel = absolute.parent.resolve().relative_to(evidence_root) / source.name
            in_place = rel.as_posix()
            if is_skipped_name(source.name, False) or in_place == INDEX_NAME:
                raise EvidenceError(
                    f"{source} is not evidence (README.md, hidden and index files are skipped).",
                    "Add the record itself.",
                )
            if "/" not in in_place:
                raise EvidenceError(
                    f"{source} is directly in evidence/, not in an element folder.",
                    "Add it from outside evidence/ so corcli copies it into the right element folder.",
                )
        result.append((source, in_place))
    return result


def _stage(
    workspace: Workspace,
    source: Path,
    in_place: str | None,
    target_folder: Path,
    element: AuditElement,
    req_id: str,
    record_date: date | None,
    warnings: list[Problem],
) -> _Staged:
    """Copy ``source`` to a temp file in the target folder while hashing it (one streaming pass)."""
    info = parse_evidence_name(source.name)
    mtime_ns = source.stat().st_mtime_ns
    if record_date is not None:
        when, how = record_date, DateSource.FLAG
    elif info.record_date is not None and info.date_source is not None:
        when, how = info.record_date, info.date_source
    elif (read := read_document_date(source)) is not None:
        when, how = read
    else:
        when, how = mtime_date(mtime_ns), DateSource.MTIME
        warnings.append(
            Problem(
                source,
                f"has no record date; its modification date {when.isoformat()} is used and flagged.",
                "Give --date YYYY-MM-DD (the date the record documents).",
            )
        )
    if in_place is not None:
        folder_name = in_place.split("/", 1)[0]
        if folder_name != element.folder:
            warnings.append(
                Problem(
                    source,
                    f"is in {folder_name}/ but requirement {req_id} belongs to {element.folder}/.",
                    "It is indexed where it is; move it with 'corcli evidence add' from outside evidence/.",
                )
            )
        digest = hash_file(source)
        folder = source.absolute().parent
        return _Staged(
            source, None, digest, source.stat().st_size, source.name, folder, "", when, how, in_place=in_place
        )
    inside(workspace.root, target_folder)
    files.make_folder(target_folder)
    fd, temp_name = tempfile.mkstemp(prefix=".corcli-add.", suffix=".tmp", dir=target_folder)
    temp = Path(temp_name)
    digest_obj = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(CHUNK):
                digest_obj.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.utime(temp, ns=(mtime_ns, mtime_ns))
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise EvidenceError(
            f"{source} could not be copied into {target_folder}: {exc.strerror or exc}.",
            "Check free disk space and permissions.",
        ) from None
    name = evidence_file_name(source.name, req_id, record_date)
    return _Staged(source, temp, digest_obj.hexdigest(), size, name, target_folder, element.folder, when, how)


def _place(
    staged: _Staged,
    entries: dict[str, EvidenceItem],
    force: bool,
    req_id: str,
    note: str,
    now: datetime,
    more: Sequence[str] = (),
) -> AddedFile:
    """Move a staged copy to a free name (under the lock) and record it in ``entries``."""
    action: AddAction
    kept: Path | None = None
    if staged.in_place is not None:
        rel, action = staged.in_place, "indexed in place"
    else:
        rel, action = _free_name(staged, entries, force, req_id)
        if action in {"copied", "replaced"}:
            assert staged.temp is not None
            target = staged.folder.parent / rel
            if action == "replaced":  # the old version is evidence too: kept in .corcli/replaced/
                replaced = staged.folder.parent.parent / STATE_DIR / "replaced" / staged.rel_folder
                kept = files.keep_aside(target, replaced, now.strftime("%Y%m%dT%H%M%S"))
                files.journal_replacing(target)  # a later failure of this command puts it back
            staged.temp.replace(target)
            if action == "copied":
                files.journal_created(target)
            staged.temp = None
    name = rel.rsplit("/", 1)[-1]
    previous = entries.get(rel)
    again = previous is not None and action in {"already present", "indexed in place"}
    keep_date = again and previous is not None and previous.record_date is not None
    keep_date = keep_date and staged.date_source != DateSource.FLAG
    renamed = name != staged.source.name
    item = EvidenceItem(
        path=rel,
        element=rel.split("/", 1)[0],
        requirement=req_id,
        record_date=previous.record_date if keep_date and previous else staged.record_date,
        date_source=previous.date_source if keep_date and previous else staged.date_source,
        sha256=staged.digest,
        size=staged.size,
        note=note or (previous.note if previous else ""),
        added=previous.added if again and previous and previous.added else now.replace(microsecond=0),
        original_name=(previous.original_name if again and previous else "") or (staged.source.name if renamed else ""),
        more_requirements=list(more),
        requirement_source=RequirementSource.FLAG,
    )
    entries[rel] = item
    return AddedFile(staged.source, item, action, renamed, kept)


def _free_name(staged: _Staged, entries: dict[str, EvidenceItem], force: bool, req_id: str) -> tuple[str, AddAction]:
    """Pick where a staged copy goes: the same content already there, its own name, or ``name_2.ext``."""
    for entry in entries.values():
        if (
            entry.sha256 == staged.digest
            and entry.requirement == req_id
            and entry.element == staged.rel_folder
            and (staged.folder.parent / entry.path).is_file()
        ):
            return entry.path, "already present"
    stem = name_stem(staged.name)
    ext = staged.name[len(stem) :]
    number = 1
    while True:
        name = staged.name if number == 1 else f"{stem}_{number}{ext}"
        target = staged.folder / name
        rel = f"{staged.rel_folder}/{name}"
        if not target.exists() and not target.is_symlink():
            return rel, "copied"
        if target.is_file() and not target.is_symlink():
            if hash_file(target) == staged.digest:
                return rel, "already present"
            if force and number == 1:
                return rel, "replaced"
        number += 1


__all__ = [
    "AddAction",
    "AddResult",
    "AddedFile",
    "add_evidence",
    "disk_errors",
]

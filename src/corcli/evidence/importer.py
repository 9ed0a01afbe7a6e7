"""``evidence import SRC_DIR``: propose where each file of an existing folder belongs, then copy it there.

For each file of a shared drive or a phone export: the element and requirement(s) its name (and its folders'
names) point to, its record date (name, then metadata, then modification time) and why. Accepted files are
copied, never moved, into their element folders and indexed with their date and where they came from; files
that cannot be placed go to ``evidence/unsorted/`` and are listed. A file whose content is already in the
evidence folder is not copied again, so re-running on the same folder adds only what is new.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from corcli.errors import EvidenceError, Problem
from corcli.evidence.add import disk_errors
from corcli.evidence.hashcache import remember_hashes
from corcli.evidence.hashing import CHUNK, hash_file
from corcli.evidence.index import load_index, lock_path, write_index
from corcli.evidence.metadata import MetadataCache, has_metadata_date
from corcli.evidence.naming import name_stem, parse_name, resolve_requirement
from corcli.evidence.scan import collect_evidence, mtime_date
from corcli.evidence.walk import SIDECAR_SUFFIX, is_lock_or_temp_name, lock_files_skipped
from corcli.models import AuditStandard, DateSource, EvidenceIndex, EvidenceItem, RequirementSource, Verification
from corcli.rules.assignment import (
    UNSORTED_FOLDER,
    CompiledVocabulary,
    match_requirements,
    read_name,
    requirement_words,
    words_of,
)
from corcli.rules.dates import date_in_text
from corcli.rules.wording import with_article
from corcli.storage import files
from corcli.storage.workspace import Workspace, inside, locked

MAX_FILES = 50_000


@dataclass(frozen=True)
class Proposal:
    """Where one file of the source folder would go, and why."""

    source: Path
    relative: str
    """Path inside the source folder, with '/' separators."""
    sha256: str
    size: int
    element: str
    """Element folder it goes to; ``unsorted`` when it cannot be placed."""
    requirements: tuple[str, ...]
    record_date: date | None
    date_source: DateSource | None
    why: str
    doubtful: bool
    """True when a person should confirm it (no requirement, several fit, or the date is a guess)."""
    alternatives: tuple[str, ...] = ()
    already: str = ""
    """The evidence path that already holds the same content (then nothing is copied)."""


@dataclass(frozen=True)
class ImportPlan:
    """Every proposal for a source folder, plus the files that could not be read."""

    source: Path
    proposals: list[Proposal]
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    """What ``apply_import`` copied, and where."""

    copied: list[tuple[Proposal, str]]
    skipped: list[Proposal]


def _walk_source(source: Path, evidence_dir: Path, warnings: list[Problem]) -> list[tuple[Path, str, int]]:
    """Return (path, relative path, size) of every regular file below ``source``; links are not followed."""
    found: list[tuple[Path, str, int]] = []
    evidence = evidence_dir.resolve()
    for folder, dirs, names in os.walk(source, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != evidence)
        junk = [n for n in names if is_lock_or_temp_name(n)]
        if junk:
            warnings.append(lock_files_skipped(here, junk))
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or name.lower().endswith(SIDECAR_SUFFIX) or is_lock_or_temp_name(name):
                continue
            try:
                info = path.lstat()
            except OSError as exc:
                warnings.append(Problem(path, f"cannot be read: {exc.strerror or exc}.", "Check its permissions."))
                continue
            if stat.S_ISLNK(info.st_mode):
                warnings.append(Problem(path, "is a link; it is not followed.", "Import the file it points to."))
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            # A name that is not valid UTF-8 is kept as it is: Python holds its bytes as lone surrogates, the
            # index writes them as escapes that read back exactly, and the copy gets the very same bytes.
            found.append((path, path.relative_to(source).as_posix(), info.st_size))
            if len(found) > MAX_FILES:
                raise EvidenceError(
                    f"{source} holds more than {MAX_FILES} files.", "Import its sub-folders one at a time."
                )
    return found


def _record_date(
    path: Path, relative: str, digest: str, size: int, metadata: MetadataCache
) -> tuple[date | None, DateSource | None, str]:
    """Return (date, source, doubt) for a file: its name, its folders' names, its metadata, its mtime."""
    name = relative.rsplit("/", 1)[-1]
    day, _req, bad, source, ambiguous, _pattern, expiry = parse_name(name)
    if day is not None and source is not None:
        return day, source, ""
    parents = relative.rsplit("/", 1)[0] if "/" in relative else ""
    written = date_in_text(parents.replace("/", " ")) if parents else None
    if written is not None and written.value is not None:
        folder_source = {"day": DateSource.FILENAME, "month": DateSource.FILENAME_MONTH}
        return written.value, folder_source.get(written.precision, DateSource.FILENAME_YEAR), ""
    doubt = f"'{ambiguous}' in its name could be two dates" if ambiguous else f"'{bad}' is no real date" if bad else ""
    if expiry and not doubt:
        doubt = f"'{expiry}' in its name is when it expires, not the record date"
    if has_metadata_date(name):
        found = metadata.date_of(digest, str(path), size)
        if found is not None:
            return found[0], found[1], doubt
    return mtime_date(path.stat().st_mtime_ns), DateSource.MTIME, doubt or "no date in its name or metadata"


def _inside(phrase: tuple[str, ...], words: list[str]) -> bool:
    return any(tuple(words[i : i + len(phrase)]) == phrase for i in range(len(words) - len(phrase) + 1))


def _place(
    standard: AuditStandard, vocabulary: CompiledVocabulary, relative: str
) -> tuple[str, tuple[str, ...], str, bool, tuple[str, ...]]:
    """Return (element folder, requirements, why, doubtful, alternatives) for a file's path."""
    name = relative.rsplit("/", 1)[-1]
    _day, named_req, *_rest = parse_name(name)
    if named_req:
        resolved = resolve_requirement(standard, named_req)
        found = standard.requirement(resolved) if resolved else None
        if found is not None:
            return found[0].folder, (found[1].id,), f"named req-{found[1].id}", False, ()
    parents = relative.rsplit("/", 1)[0].replace("/", " ") if "/" in relative else ""
    reading = read_name(name, vocabulary)  # the kinds come from the name; folders only say what it is about
    folder_words = words_of(parents)
    spelt = {w for short, means in vocabulary.abbreviations.items() if _inside(short, folder_words) for w in means}
    folder_topic = frozenset(folder_words) - vocabulary.ignored | spelt
    if reading.not_record:
        return UNSORTED_FOLDER, (), f"its name says '{reading.not_record}': a blank or sample is no record", True, ()
    requirements = [r for e in standard.elements for r in e.requirements]
    text_words = {r.id: requirement_words(r.text, vocabulary) for r in requirements}
    for element in standard.elements:  # a folder named like an element ("Inspections/") points to it
        if set(folder_words) & set(words_of(element.title)):
            text_words.update({r.id: text_words[r.id] | set(words_of(element.title)) for r in element.requirements})
    best, ambiguous = match_requirements(reading, requirements, text_words, prefer_primary=True, context=folder_topic)
    if best:
        req, reason = best[0]
        owner = standard.requirement(req.id)
        folder = owner[0].folder if owner else UNSORTED_FOLDER
        return folder, (req.id,), reason, False, ()
    if ambiguous:
        ids = tuple(r.id for r in ambiguous)
        return UNSORTED_FOLDER, (), f"its name fits {', '.join(ids)} equally", True, ids
    documentation = [r for r in requirements if r.verification == Verification.DOCUMENTATION]
    named = ", ".join(k.value.replace("_", " ") for k in reading.kinds)
    why = f"no requirement asks for {with_article(named)}" if named else "no kind of record recognised in its name"
    close = sorted(documentation, key=lambda r: -len(reading.topic & text_words[r.id]))
    hint = tuple(r.id for r in close[:3] if reading.topic & text_words[r.id])
    return UNSORTED_FOLDER, (), why, True, hint


def propose_import(
    workspace: Workspace,
    standard: AuditStandard,
    vocabulary: CompiledVocabulary,
    source: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Propose element, requirements and record date for every file below ``source`` (nothing is written)."""
    if not source.is_dir():
        raise EvidenceError(f"{source} is not a folder.", "Give the folder to import, e.g. a shared drive's copy.")
    evidence_dir = workspace.evidence_dir.resolve()
    resolved = source.resolve()
    if resolved == evidence_dir or evidence_dir in resolved.parents:
        raise EvidenceError(f"{source} is inside evidence/.", "Import from a folder outside the workspace's evidence.")
    warnings: list[Problem] = []
    files = _walk_source(source, evidence_dir, warnings)
    existing = {i.sha256: i.path for i in collect_evidence(workspace, standard).items}
    metadata = MetadataCache(workspace)
    proposals: list[Proposal] = []
    total = sum(size for _, _, size in files)
    done = 0
    for path, relative, size in files:
        try:
            digest = hash_file(path)
        except OSError as exc:
            warnings.append(Problem(path, f"cannot be read: {exc.strerror or exc}.", "Check its permissions."))
            continue
        done += size
        if progress is not None:
            progress(done, total)
        when, how, doubt = _record_date(path, relative, digest, size, metadata)
        folder, requirements, why, doubtful, alternatives = _place(standard, vocabulary, relative)
        if doubt:
            why = f"{why}; date: {doubt}"
        proposals.append(
            Proposal(
                path,
                relative,
                digest,
                size,
                folder,
                requirements,
                when,
                how,
                why,
                doubtful or bool(doubt),
                alternatives,
                existing.get(digest, ""),
            )
        )
    metadata.save()
    return ImportPlan(source, proposals, warnings)


def corrected(proposal: Proposal, standard: AuditStandard, requirements: Sequence[str]) -> Proposal:
    """Return ``proposal`` tied to the requirements a person gave (the element follows the first)."""
    if not requirements:
        return replace(proposal, element=UNSORTED_FOLDER, requirements=(), why="left unsorted by you", doubtful=False)
    owner = standard.requirement(requirements[0])
    folder = owner[0].folder if owner else UNSORTED_FOLDER
    return replace(proposal, element=folder, requirements=tuple(requirements), why="confirmed by you", doubtful=False)


def _copy(source: Path, folder: Path, name: str, digest: str) -> str:
    """Copy ``source`` into ``folder`` under a free name (``name_2.ext`` on a clash); return the name used."""
    files.make_folder(folder)
    fd, temp_name = tempfile.mkstemp(prefix=".corcli-add.", suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    sha = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(CHUNK):
                sha.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        mtime = source.stat().st_mtime_ns
        os.utime(temp, ns=(mtime, mtime))
        if sha.hexdigest() != digest:
            raise EvidenceError(f"{source} changed while it was imported.", "Run the import again.")
        stem = name_stem(name)
        ext = name[len(stem) :]
        number = 1
        while True:
            candidate = name if number == 1 else f"{stem}_{number}{ext}"
            try:  # a hard link never replaces a file that appeared meanwhile
                os.link(temp, folder / candidate)
                files.journal_created(folder / candidate)  # a later failure of this import removes it
                return candidate
            except FileExistsError:
                number += 1
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def apply_import(
    workspace: Workspace, plan: ImportPlan, accepted: Sequence[Proposal], *, now: datetime
) -> ImportResult:
    """Copy the accepted proposals into their folders and index them; files already present are skipped."""
    evidence_dir = workspace.evidence_dir
    copied: list[tuple[Proposal, str]] = []
    skipped: list[Proposal] = []
    seen: set[str] = set()
    items: list[EvidenceItem] = []
    with disk_errors("import the evidence"):
        for proposal in accepted:
            if proposal.already or proposal.sha256 in seen:
                skipped.append(proposal)
                continue
            seen.add(proposal.sha256)
            folder = inside(workspace.root, evidence_dir / proposal.element)
            original = proposal.relative.rsplit("/", 1)[-1]
            safe = "".join("_" if ord(c) < 32 or c == "\x7f" else c for c in original).lstrip(". ") or "evidence"
            name = _copy(proposal.source, folder, safe, proposal.sha256)
            rel = f"{proposal.element}/{name}"
            copied.append((proposal, rel))
            items.append(
                EvidenceItem(
                    path=rel,
                    element=proposal.element,
                    requirement=proposal.requirements[0] if proposal.requirements else None,
                    more_requirements=list(proposal.requirements[1:]),
                    requirement_source=RequirementSource.IMPORT if proposal.requirements else None,
                    record_date=proposal.record_date,
                    date_source=proposal.date_source,
                    sha256=proposal.sha256,
                    size=proposal.size,
                    note=f"Imported from {plan.source.name}/{proposal.relative}"[:2000],
                    added=now.replace(microsecond=0),
                    original_name=proposal.relative if proposal.relative != name else "",
                )
            )
        if items:
            with locked(lock_path(workspace)):
                index = load_index(workspace)
                entries = {i.path: i for i in index.items}
                entries.update({i.path: i for i in items})
                write_index(workspace, EvidenceIndex(items=sorted(entries.values(), key=lambda i: i.path)))
            remember_hashes(workspace, items)
    return ImportResult(copied, skipped)


__all__ = ["ImportPlan", "ImportResult", "Proposal", "apply_import", "corrected", "propose_import"]

"""Scanning ``evidence/``: every file on disk merged with the index, its sidecar and its name, plus what differs.

The element of a file is its first sub-folder. A file is tied to requirements and dated by, most trusted
first: the index (``corcli evidence add --requirement ID [--date D]``); a sidecar ``FILE.meta.yaml`` (keys
``requirement`` (one id or a list), ``record_date``, ``note``); its name (``req-ID``, and a date as people write
it, see ``corcli.rules.dates``); and, for the date only, the file's modification time as a flagged last resort.
Which requirements each file then counts for is decided once, by ``corcli.rules.assignment``.

Why: nothing here moves or deletes a user's file, and a bad index or file never stops a scan.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from corcli.errors import (
    DataFileError,
    EvidenceError,
    EvidenceIndexError,
    Problem,
)
from corcli.evidence.hashcache import cache_value, cached_entry, load_cache, save_cache
from corcli.evidence.hashing import Progress, hash_all
from corcli.evidence.index import fast_item, index_path, load_index
from corcli.evidence.metadata import MetadataCache, has_metadata_date
from corcli.evidence.naming import (
    decode_parsed_name,
    encode_parsed_name,
    parse_name,
    requirement_owners,
    resolve_requirement,
)
from corcli.evidence.walk import FoundFile, walk
from corcli.models.catalog import AuditElement, AuditStandard
from corcli.models.evidence import DateSource, EvidenceIndex, EvidenceItem, EvidenceSidecar, RequirementSource
from corcli.rules.assignment import UNSORTED_FOLDER
from corcli.storage.files import LIMIT_SIDECAR
from corcli.storage.workspace import Workspace


@dataclass(frozen=True)
class EvidenceScan:
    """The evidence found on disk, merged with the index, and what does not match."""

    items: list[EvidenceItem]
    """Every evidence file on disk, sorted by path, with requirement, record date and hash."""
    warnings: list[Problem] = field(default_factory=list)
    """Files skipped or doubtful: links out of the workspace, unreadable files, unknown requirements..."""
    changed: list[str] = field(default_factory=list)
    """Paths whose content differs from the hash in the index."""
    missing: list[EvidenceItem] = field(default_factory=list)
    """Index entries whose file is gone."""
    unindexed: list[str] = field(default_factory=list)
    """Paths on disk that the index does not list."""
    index_problem: Problem | None = None
    """Set when the index exists but cannot be read (the scan then uses names and sidecars only)."""
    hashed_files: int = 0
    hashed_bytes: int = 0
    cached_files: int = 0

    @property
    def has_problems(self) -> bool:
        """Whether ``verify`` should fail: changed or missing files, warnings or a bad index.

        Files dropped into ``evidence/`` without being indexed are no problem: they count by their names.
        """
        return bool(self.changed or self.missing or self.warnings or self.index_problem)

    def by_requirement(self) -> dict[str, list[EvidenceItem]]:
        """Return the items tied to each requirement id (items without one are left out)."""
        result: dict[str, list[EvidenceItem]] = {}
        for item in self.items:
            if item.requirement:
                result.setdefault(item.requirement, []).append(item)
        return result

    def in_element(self, element: AuditElement) -> list[EvidenceItem]:
        """Return the items filed in ``element``'s folder or tied to one of its requirements."""
        ids = {r.id for r in element.requirements}
        return [i for i in self.items if i.element == element.folder or ids.intersection(i.requirement_ids())]


def _read_sidecar(path: str, warnings: list[Problem]) -> EvidenceSidecar | None:
    from corcli.storage import yamlio

    try:
        loaded = yamlio.load_yaml(Path(path), limit=LIMIT_SIDECAR)
        if loaded.data is None:
            return EvidenceSidecar()
        return yamlio.validate(loaded, EvidenceSidecar)
    except DataFileError as exc:
        warnings.extend(exc.problems())
        return None


def mtime_date(mtime_ns: int) -> date:
    return datetime.fromtimestamp(mtime_ns / 1e9).date()  # the user's local calendar day


def collect_evidence(
    workspace: Workspace,
    standard: AuditStandard | None = None,
    *,
    progress: Progress | None = None,
    use_cache: bool = True,
    warn_unknown_requirements: bool = True,
) -> EvidenceScan:
    """Scan ``evidence/`` into items (merged with the index), plus warnings and index mismatches.

    ``warn_unknown_requirements=False`` leaves out the warning about requirement ids the standard does
    not have, for callers (``check``) whose scoring reports those files itself.

    A bad index or file never raises: problems become ``warnings`` / ``index_problem``, so scoring still
    runs; only an ``evidence/`` that is a link or a file raises ``EvidenceError``. Unchanged files are not
    re-hashed (``.corcli/hash-cache.json``); pass ``use_cache=False`` to hash everything. ``progress`` is
    called with (bytes hashed, bytes to hash) while hashing, never when nothing needs hashing.
    """
    warnings: list[Problem] = []
    index_problem: Problem | None = None
    with _gc_paused():
        try:
            index = load_index(workspace)
        except EvidenceIndexError as exc:
            index = EvidenceIndex()
            index_problem = Problem(index_path(workspace), exc.message, exc.hint)
        return scan_folder(
            workspace, standard, index, warnings, index_problem, progress, use_cache, warn_unknown_requirements
        )


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a scan builds many small acyclic objects.

    Why: with tens of thousands of items the collector's full passes cost ~20% of a warm scan.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def scan_folder(
    workspace: Workspace,
    standard: AuditStandard | None,
    index: EvidenceIndex,
    warnings: list[Problem],
    index_problem: Problem | None,
    progress: Progress | None,
    use_cache: bool,
    warn_unknown_requirements: bool = True,
) -> EvidenceScan:
    root = workspace.root.resolve()
    evidence_dir = workspace.evidence_dir
    if evidence_dir.is_symlink() or (evidence_dir.exists() and not evidence_dir.is_dir()):
        raise EvidenceError(
            f"{evidence_dir} is not a folder inside the workspace.",
            "Make evidence/ a real folder (not a link or a file) in the workspace.",
        )
    found = list(walk(evidence_dir, root, warnings))
    cache = load_cache(workspace) if use_cache else {}
    hashes: dict[str, str] = {}
    names = _NameData({})
    todo: list[FoundFile] = []
    for f in found:
        cached = cached_entry(cache, f.rel, f.size, f.mtime_ns)
        if cached is None:
            todo.append(f)
        else:
            hashes[f.rel] = cached[0]
            if cached[1] is not None:
                names.known[f.rel] = cached[1]
    cached_files = len(hashes)
    gone = cached_files != len(cache)
    del cache  # what it held is in hashes and names now: free it before the items are built
    fresh, hashed_bytes = hash_all(todo, progress, warnings) if todo else ({}, 0)
    hashes.update(fresh)

    indexed = {i.path: i for i in index.items}
    known = requirement_owners(standard) if standard else None
    folders = {e.folder: e for e in standard.elements} if standard else None
    items: list[EvidenceItem] = []
    changed: list[str] = []
    unindexed: list[str] = []
    unreadable: set[str] = set()
    unknown_folders: set[str] = set()
    metadata = MetadataCache(workspace)
    for f in found:
        digest = hashes.get(f.rel)
        if digest is None:
            unreadable.add(f.rel)
            continue
        entry = indexed.get(f.rel)
        sidecar = _read_sidecar(f.sidecar, warnings) if f.sidecar else None
        item = _merge(f, digest, entry, sidecar, warnings, standard, known, metadata, names)
        if entry is None:
            unindexed.append(f.rel)
        elif entry.sha256 != digest or entry.size != f.size:
            changed.append(f.rel)
        folder = f.rel.split("/", 1)[0] if "/" in f.rel else ""
        known_folder = folder == UNSORTED_FOLDER or (folders is not None and folder in folders)
        if folders is not None and folder and not known_folder and folder not in unknown_folders:
            unknown_folders.add(folder)
            warnings.append(
                Problem(
                    evidence_dir / folder,
                    f"is not an element folder of {standard.id if standard else 'the standard'}; "
                    "files in it count only when tied to a requirement.",
                    "Move the files into an element folder, or tie them to requirements.",
                )
            )
        if not item.element:
            warnings.append(
                Problem(
                    evidence_dir / f.rel,
                    "is directly in evidence/ and names no requirement, so it counts for nothing.",
                    "Move it into its element's folder, or name it with req-ID (e.g. 2026-10-01_req-3.2_name.pdf).",
                )
            )
        if warn_unknown_requirements and known is not None and item.requirement and item.requirement not in known:
            warnings.append(
                Problem(
                    evidence_dir / f.rel,
                    f"names requirement {item.requirement!r}, which is not in {standard.id if standard else ''}.",
                    _did_you_mean(item.requirement, known) + "Fix the name, sidecar or index entry.",
                )
            )
        items.append(item)
    metadata.save()
    # Something was hashed, a cached file is gone, or a name was parsed: the next scan need not do it again.
    if fresh or gone or names.parsed:
        save_cache(
            workspace,
            {
                f.rel: cache_value(f.size, f.mtime_ns, hashes[f.rel], names.known.get(f.rel))
                for f in found
                if f.rel in hashes
            },
        )
    on_disk = {f.rel for f in found}
    missing = [i for i in index.items if i.path not in on_disk and i.path not in unreadable]
    return EvidenceScan(
        items=sorted(items, key=lambda i: i.path),
        warnings=warnings,
        changed=sorted(changed),
        missing=sorted(missing, key=lambda i: i.path),
        unindexed=sorted(unindexed),
        index_problem=index_problem,
        hashed_files=len(fresh),
        hashed_bytes=hashed_bytes,
        cached_files=cached_files,
    )


@dataclass
class _NameData:
    """What file names say (``naming.encode_parsed_name``) by path, and whether this scan parsed a name anew."""

    known: dict[str, str]
    parsed: bool = False


def _did_you_mean(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=2, cutoff=0.5)
    return ("Did you mean " + " or ".join(repr(c) for c in close) + "? ") if close else ""


def _merge(
    found: FoundFile,
    digest: str,
    entry: EvidenceItem | None,
    sidecar: EvidenceSidecar | None,
    warnings: list[Problem],
    standard: AuditStandard | None,
    owners: dict[str, AuditElement] | None,
    metadata: MetadataCache | None = None,
    names: _NameData | None = None,
) -> EvidenceItem:
    """Combine index entry, sidecar, name, metadata and mtime into one item, most trusted first.

    ``names`` holds what file names say, from the hash cache; a name not in it is parsed and added.
    """
    rel = found.rel
    slash = rel.find("/")
    element = rel[:slash] if slash > 0 else ""
    req_source: RequirementSource | None
    if entry is not None and sidecar is None and entry.record_date is not None and entry.date_source is not None:
        # The entry was made for this very name, so the name cannot say anything newer than the entry.
        if element and entry.sha256 == digest and entry.size == found.size and entry.element == element:
            return entry  # unchanged: share the index's object (half the memory for an indexed folder)
        requirements = entry.requirement_ids()
        req_source = entry.requirement_source or (_entry_source(entry) if requirements else None)
        record_date, source = entry.record_date, entry.date_source
        note, added, original = entry.note, entry.added, entry.original_name
    else:
        known_name = names.known.get(rel) if names is not None else None
        parsed = decode_parsed_name(known_name) if known_name is not None else None
        if parsed is None:
            parsed = parse_name(rel[rel.rfind("/") + 1 :])
            if names is not None:
                names.known[rel] = encode_parsed_name(parsed)
                names.parsed = True
        name_date, name_req, bad_date, name_source, ambiguous, _pattern, _expiry = parsed
        if ambiguous and not (entry and entry.record_date) and not (sidecar and sidecar.record_date):
            warnings.append(
                Problem(
                    Path(found.abspath),
                    f"has {ambiguous!r} in its name, which could be day-month or month-day; it is not guessed.",
                    "Rename it with YYYY-MM-DD, or give the date with 'corcli evidence add --date'.",
                )
            )
        if bad_date and not (entry and entry.record_date) and not (sidecar and sidecar.record_date):
            warnings.append(
                Problem(
                    Path(found.abspath),
                    f"has {bad_date!r} in its name, which is not a real date.",
                    "Rename it with a valid YYYY-MM-DD date.",
                )
            )
        requirements = entry.requirement_ids() if entry else []
        req_source = (entry.requirement_source or _entry_source(entry)) if entry and requirements else None
        if not requirements and sidecar is not None and sidecar.requirement_ids():
            requirements, req_source = sidecar.requirement_ids(), RequirementSource.SIDECAR
        if not requirements and name_req:
            requirements = [(resolve_requirement(standard, name_req) if standard else None) or name_req]
            req_source = RequirementSource.FILENAME
        if entry is not None and entry.record_date is not None and entry.date_source == DateSource.FLAG:
            record_date, source = entry.record_date, DateSource.FLAG
        elif sidecar is not None and sidecar.record_date is not None:
            record_date, source = sidecar.record_date, DateSource.SIDECAR
        elif name_date is not None and name_source is not None:
            record_date, source = name_date, name_source
        elif entry is not None and entry.record_date is not None and entry.date_source is not None:
            record_date, source = entry.record_date, entry.date_source
        else:
            read = metadata.date_of(digest, found.abspath, found.size) if metadata and has_metadata_date(rel) else None
            record_date, source = read if read is not None else (mtime_date(found.mtime_ns), DateSource.MTIME)
        note = (entry.note if entry and entry.note else "") or (sidecar.note if sidecar else "")
        added = entry.added if entry else None
        original = entry.original_name if entry else ""
    requirement = requirements[0] if requirements else None
    if not element and requirement and owners is not None:
        owner = owners.get(requirement)
        element = owner.folder if owner else ""
    return fast_item(
        {
            "path": rel,
            "element": element,
            "requirement": requirement,
            "record_date": record_date,
            "date_source": source,
            "sha256": digest,
            "size": found.size,
            "note": note,
            "added": added,
            "original_name": original,
            "more_requirements": requirements[1:],
            "requirement_source": req_source,
        }
    )


def _entry_source(entry: EvidenceItem) -> RequirementSource:
    """Where an index entry's requirement came from, for entries written before the index said so."""
    return RequirementSource.FLAG if entry.added else RequirementSource.INDEX


def verify_evidence(
    workspace: Workspace,
    standard: AuditStandard | None = None,
    *,
    progress: Progress | None = None,
    use_cache: bool = True,
) -> EvidenceScan:
    """Compare the files with the index; raise ``EvidenceIndexError`` if the index is corrupt.

    With ``use_cache=False`` every file is hashed again, which also catches a change that kept the size and
    modification time (the hash cache cannot see those).
    """
    with _gc_paused():
        index = load_index(workspace)
        return scan_folder(workspace, standard, index, [], None, progress, use_cache)


__all__ = [
    "EvidenceScan",
    "collect_evidence",
    "mtime_date",
    "scan_folder",
    "verify_evidence",
]

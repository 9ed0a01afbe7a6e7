"""Evidence files: scanning the evidence folder, the index, the hash cache, adding and verifying.

The evidence folder holds one sub-folder per audit element (``evidence/<element.folder>/``). Every regular
file below it is evidence, except ``README.md`` files, hidden files, ``*.meta.yaml`` sidecars and the index
itself. The element of a file is its first sub-folder. A file is tied to a requirement and dated by, most
trusted first:

1. the index (``evidence/index.yaml``), written by ``corcli evidence add --requirement ID [--date D]``;
2. a sidecar ``FILE.meta.yaml`` next to the file (keys ``requirement``, ``record_date``, ``note``);
3. the naming convention ``YYYY-MM-DD_req-ID_anything.ext``: the first valid ``YYYY-MM-DD`` in the name
   is the record date, and a part ``req-ID`` (parts separated by ``_`` or spaces) names the requirement;
4. for the date only, the file's modification time, as a flagged last resort (``DateSource.MTIME``).

Why: nothing here moves or deletes a user's file. Index writes are atomic and made under
``.corcli/index.lock``, re-reading the index inside the lock, so concurrent ``evidence add`` lose nothing.
Hashes are cached in ``.corcli/hash-cache.json`` keyed by (path, size, mtime_ns), and files are streamed.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import gc
import hashlib
import json
import os
import re
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from corcli.errors import (
    CorcliError,
    DataFileError,
    EvidenceError,
    EvidenceIndexError,
    Problem,
    UnknownIdError,
)
from corcli.models.catalog import AuditElement, AuditStandard
from corcli.models.evidence import DateSource, EvidenceIndex, EvidenceItem, EvidenceSidecar, RequirementSource
from corcli.rules.dates import date_in_text
from corcli.storage.workspace import Workspace, inside, locked, write_atomic

INDEX_NAME = "index.yaml"
SIDECAR_SUFFIX = ".meta.yaml"
HASH_CACHE_NAME = "hash-cache.json"
LOCK_NAME = "index.lock"
BACKUP_NAME = "index.backup.yaml"
INDEX_CACHE_NAME = "index-cache.json"
_CHUNK = 1024 * 1024
_BIG_FILE = 16 * _CHUNK
_CACHE_VERSION = 2
_INDEX_CACHE_VERSION = 3
_HEX64 = re.compile(r"[0-9a-f]{64}")
_INDEX_HEADER = (
    "# corcli evidence index: one entry per evidence file, sorted by path.\n"
    "# Written by 'corcli evidence add' and 'corcli evidence rebuild'; check it with 'corcli evidence verify'.\n"
    "# You may edit 'requirement', 'record_date' and 'note' by hand (dates as YYYY-MM-DD).\n"
)

Progress = Callable[[int, int], None]
"""Progress callback: called with (bytes hashed so far, bytes to hash in total) while hashing."""

_DATE_RE = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")
_REQ_RE = re.compile(r"(?:^|[_ ])req-([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?=$|[_ ])", re.IGNORECASE)
_LEADING_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[_ ]")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


# --------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class NameInfo:
    """What an evidence file's name says under the naming convention."""

    record_date: date | None = None
    requirement: str | None = None
    bad_date: str | None = None  # a YYYY-MM-DD in the name that is not a real date (e.g. 2026-02-30)
    date_source: DateSource | None = None  # FILENAME, FILENAME_MONTH or FILENAME_YEAR when a date was read
    ambiguous: str | None = None  # a date that reads two ways (03-04-2026), never guessed
    pattern: str = ""  # which way of writing the date was recognised


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
        """Whether ``verify`` should fail: changes, missing or unindexed files, warnings or a bad index."""
        return bool(self.changed or self.missing or self.unindexed or self.warnings or self.index_problem)

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
        return [i for i in self.items if i.element == element.folder or (i.requirement in ids)]


AddAction = Literal["copied", "replaced", "already present", "indexed in place"]


@dataclass(frozen=True)
class AddedFile:
    """One file given to ``evidence add`` and what became of it."""

    source: Path
    item: EvidenceItem
    action: AddAction
    renamed: bool = False
    """True when the copy got a different name than the original (convention prefix or a clash)."""


@dataclass(frozen=True)
class AddResult:
    """What ``add_evidence`` did."""

    added: list[AddedFile]
    warnings: list[Problem] = field(default_factory=list)


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


# ------------------------------------------------------------------------------------------ file names


def parse_evidence_name(name: str) -> NameInfo:
    """Read the record date and requirement id from a file name (``2026-10-01_req-3.2_roof.pdf``)."""
    return NameInfo(*_parse_name(name))


def _stem(name: str) -> str:
    """Drop a file extension: 1-10 letters or digits with at least one letter (``.pdf``, not ``.2``)."""
    dot = name.rfind(".")
    if dot <= 0:
        return name
    ext = name[dot + 1 :]
    if 0 < len(ext) <= 10 and ext.isalnum() and not ext.isdigit():
        return name[:dot]
    return name


_PRECISION_SOURCE = {
    "day": DateSource.FILENAME,
    "month": DateSource.FILENAME_MONTH,
    "year": DateSource.FILENAME_YEAR,
}


def _parse_name(name: str) -> tuple[date | None, str | None, str | None, DateSource | None, str | None, str]:
    """Return (record date, requirement, bad date, date source, ambiguous text, pattern) for a file name."""
    stem = _stem(name)
    requirement: str | None = None
    if "req-" in stem or "REQ-" in stem.upper():
        req = _REQ_RE.search(stem)
        requirement = req.group(1) if req else None
        if req:  # the requirement id is no date: 'req-2026.1' must not read as a year
            stem = stem[: req.start(1)] + " " * len(req.group(1)) + stem[req.end(1) :]
    bad_date: str | None = None
    if "-" in stem:
        for match in _DATE_RE.finditer(stem):
            try:
                date.fromisoformat(match.group(0))
                break
            except ValueError:
                bad_date = bad_date or match.group(0)
    written = date_in_text(stem)
    if written is None:
        return None, requirement, bad_date, None, None, ""
    if written.value is None:
        return None, requirement, bad_date, None, written.text, written.pattern
    if bad_date and written.precision != "day":
        return None, requirement, bad_date, None, None, ""
    return written.value, requirement, None, _PRECISION_SOURCE[written.precision], None, written.pattern


def evidence_file_name(original: str, requirement: str, record_date: date | None) -> str:
    """Return the name a file gets when added: the original, prefixed to follow the naming convention."""
    name = _CONTROL_RE.sub("_", original).lstrip(". ") or "evidence"
    info = parse_evidence_name(name)
    lead = ""
    if record_date is not None and info.record_date is None:
        lead = f"{record_date.isoformat()}_"
    elif _LEADING_DATE_RE.match(name):  # keep a leading date first: 2026-10-01_req-3.2_walk.pdf
        lead, name = name[:11], name[11:]
    if info.requirement != requirement:
        lead += f"req-{requirement}_"
    result = lead + name
    encoded = result.encode("utf-8", "surrogateescape")
    if len(encoded) > 200:  # leave room for a "_2" suffix and the temp-file prefix under NAME_MAX
        stem = _stem(result)
        ext = result[len(stem) :]
        budget = 200 - len(ext.encode())
        stem = stem.encode("utf-8", "surrogateescape")[:budget].decode("utf-8", "ignore")
        result = stem + ext
    return result


def resolve_requirement(standard: AuditStandard, raw: str) -> str | None:
    """Return the standard's requirement id that ``raw`` names, trimming trailing ``.x``/``-x`` parts."""
    known = _requirement_ids(standard)
    candidate = raw
    while candidate:
        if candidate in known:
            return candidate
        lowered = {k.lower(): k for k in known}
        if candidate.lower() in lowered:
            return lowered[candidate.lower()]
        cut = max(candidate.rfind("."), candidate.rfind("-"))
        if cut <= 0:
            return None
        candidate = candidate[:cut]
    return None


def _requirement_ids(standard: AuditStandard) -> dict[str, AuditElement]:
    return {r.id: e for e in standard.elements for r in e.requirements}


def find_requirement(standard: AuditStandard, requirement_id: str) -> tuple[str, AuditElement]:
    """Return the requirement id and its element, or raise ``UnknownIdError`` with "did you mean"."""
    wanted = requirement_id.strip()
    if wanted.lower().startswith("req-"):
        wanted = wanted[4:]
    ids = _requirement_ids(standard)
    if wanted in ids:
        return wanted, ids[wanted]
    for known, element in ids.items():
        if known.lower() == wanted.lower():
            return known, element
    raise UnknownIdError(
        "requirement",
        requirement_id,
        difflib.get_close_matches(wanted, list(ids), n=3, cutoff=0.5),
        f"It is not in the standard {standard.id}; each evidence folder's README.md lists its requirement ids.",
    )


# ------------------------------------------------------------------------------------------- the index


def index_path(workspace: Workspace) -> Path:
    """Return the path of the evidence index."""
    return workspace.evidence_dir / INDEX_NAME


def load_index(workspace: Workspace) -> EvidenceIndex:
    """Load the evidence index; an absent index is empty. Raise ``EvidenceIndexError`` if it is corrupt.

    Why: parsing YAML costs ~80 µs per entry, so a JSON copy keyed by the index's SHA-256 is kept in
    ``.corcli/index-cache.json`` and used while the index is unchanged.
    """
    path = index_path(workspace)
    try:
        if path.is_symlink():
            raise DataFileError(path, [Problem(path, "is a symbolic link.", "Replace it with the real index file.")])
        raw = path.read_bytes() if path.is_file() else None
    except FileNotFoundError:
        return EvidenceIndex()
    except DataFileError as exc:
        raise _index_error(path, exc) from None
    except OSError:
        raw = None  # let the YAML loader word the problem (folder, permissions...)
    if raw is None and not path.exists():
        return EvidenceIndex()
    digest = hashlib.sha256(raw).hexdigest() if raw is not None else ""
    cached = _load_index_cache(workspace, digest) if digest else None
    if cached is not None:
        return cached
    try:
        index = _load_index_file(path)
    except DataFileError as exc:
        raise _index_error(path, exc) from None
    if digest:
        _save_index_cache(workspace, digest, index)
    return index


def _load_index_cache(workspace: Workspace, digest: str) -> EvidenceIndex | None:
    try:
        raw = json.loads((workspace.state_dir / INDEX_CACHE_NAME).read_bytes())
        if raw.get("version") != _INDEX_CACHE_VERSION or raw.get("sha256") != digest:
            return None
        return EvidenceIndex.model_construct(schema_version=1, items=[_item_from_json(i) for i in raw["items"]])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):  # pydantic's ValidationError is a ValueError
        return None


_DATE_SOURCES = {source.value: source for source in DateSource}


_FIELD_ORDER = tuple(EvidenceItem.model_fields)


def _item_from_json(row: list[Any]) -> EvidenceItem:
    """Rebuild an item from a row of the index cache, which only ever holds items that passed validation."""
    if len(row) != len(_FIELD_ORDER):
        raise ValueError("index cache row has the wrong length")
    values = dict(zip(_FIELD_ORDER, row, strict=True))
    values["record_date"] = date.fromisoformat(values["record_date"]) if values["record_date"] else None
    values["date_source"] = _DATE_SOURCES[values["date_source"]] if values["date_source"] else None
    values["added"] = datetime.fromisoformat(values["added"]) if values["added"] else None
    source = values["requirement_source"]
    values["requirement_source"] = RequirementSource(source) if source else None
    return _fast_item(values)


def _save_index_cache(workspace: Workspace, digest: str, index: EvidenceIndex) -> None:
    """Keep a compact JSON copy of the index (one row per item, fields in model order)."""
    rows = [list(i.model_dump(mode="json").values()) for i in index.items]
    payload = json.dumps({"version": _INDEX_CACHE_VERSION, "sha256": digest, "items": rows}, ensure_ascii=False)
    with contextlib.suppress(OSError, CorcliError):  # a cache that cannot be written only costs time
        write_atomic(workspace.state_dir / INDEX_CACHE_NAME, payload)


def _load_index_file(path: Path) -> EvidenceIndex:
    from corcli.storage import yamlio

    if path.is_symlink():
        raise DataFileError(path, [Problem(path, "is a symbolic link.", "Replace it with the real index file.")])
    loaded = yamlio.load_yaml(path)
    if loaded.data is None:
        return EvidenceIndex()
    index = yamlio.validate(loaded, EvidenceIndex)
    seen: set[str] = set()
    for position, item in enumerate(index.items):
        if item.path in seen:
            line, column = loaded.locate(("items", position))
            raise DataFileError(
                path,
                [Problem(path, f"lists {item.path!r} twice.", "Keep one entry per file.", line, column)],
            )
        seen.add(item.path)
    return index


def _index_error(path: Path, exc: DataFileError) -> EvidenceIndexError:
    detail = "; ".join(str(p) for p in exc.problems()[:3])
    return EvidenceIndexError(
        f"The evidence index {path} cannot be read: {detail}",
        "Run 'corcli evidence rebuild' to rebuild it from the evidence files (the old file is kept in .corcli/).",
    )


def dump_index(index: EvidenceIndex) -> str:
    """Serialise the index as readable, git-friendly YAML: sorted by path, one key per line, empty fields left out.

    Why: a fixed layout written here is ~100x faster than PyYAML's pure-Python emitter (2 s for 5,000 entries,
    paid on every ``evidence add``). Every string is double-quoted with JSON escapes, which YAML reads back
    exactly; characters YAML may not hold raw are escaped.
    """
    lines = [_INDEX_HEADER.rstrip("\n"), f"schema_version: {index.schema_version}"]
    items = sorted(index.items, key=lambda i: i.path)
    lines.append("items:" if items else "items: []")
    for item in items:
        data = item.model_dump(mode="json", exclude_defaults=True)
        prefix = "- "
        for key in EvidenceItem.model_fields:
            if key not in data:
                continue
            value = data[key]
            if isinstance(value, list):
                text = "[" + ", ".join(_yaml_quote(str(v)) for v in value) + "]"
            else:
                text = str(value) if isinstance(value, int) else _yaml_quote(str(value))
            lines.append(f"{prefix}{key}: {text}")
            prefix = "  "
    return "\n".join(lines) + "\n"


@functools.cache
def _yaml_unsafe() -> re.Pattern[str]:
    """Characters YAML may not hold raw in a double-quoted scalar (compiled on first use: it costs 5 ms)."""
    return re.compile(r"[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def _yaml_quote(text: str) -> str:
    """Return ``text`` as a YAML double-quoted scalar (JSON escapes, plus any character YAML cannot hold raw)."""
    quoted = json.dumps(text, ensure_ascii=False)
    if quoted.isascii() and quoted.isprintable():
        return quoted
    return _yaml_unsafe().sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _write_index(workspace: Workspace, index: EvidenceIndex) -> None:
    text = dump_index(index)
    write_atomic(index_path(workspace), text)
    with contextlib.suppress(OSError, CorcliError):
        write_atomic(workspace.state_dir / BACKUP_NAME, text)
    _save_index_cache(workspace, hashlib.sha256(text.encode("utf-8")).hexdigest(), index)


def _lock_path(workspace: Workspace) -> Path:
    return workspace.state_dir / LOCK_NAME


# ---------------------------------------------------------------------------------------- hash cache


def _load_cache(workspace: Workspace) -> dict[str, str]:
    """Load ``{relative path: "size:mtime_ns:sha256"}``; a missing or damaged cache is empty."""
    try:
        raw = json.loads((workspace.state_dir / HASH_CACHE_NAME).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict) or raw.get("version") != _CACHE_VERSION or not isinstance(raw.get("files"), dict):
        return {}
    return raw["files"]  # type: ignore[no-any-return]


def _save_cache(workspace: Workspace, files: dict[str, str]) -> None:
    payload = json.dumps({"version": _CACHE_VERSION, "files": files}, separators=(",", ":"), ensure_ascii=False)
    with contextlib.suppress(OSError, CorcliError):  # a cache that cannot be written only costs time
        write_atomic(workspace.state_dir / HASH_CACHE_NAME, payload)


def _cache_value(size: int, mtime_ns: int, digest: str) -> str:
    return f"{size}:{mtime_ns}:{digest}"


def _cached_hash(cache: dict[str, str], rel: str, size: int, mtime_ns: int) -> str | None:
    entry = cache.get(rel)
    if isinstance(entry, str) and len(entry) > 64 and entry.startswith(f"{size}:{mtime_ns}:"):
        digest = entry[-64:]
        return digest if _HEX64.fullmatch(digest) else None
    return None


def hash_file(path: Path | str) -> str:
    """Return the SHA-256 of a file, read in 1 MiB chunks.

    Why: ``os.open``/``os.read`` skip the buffered-file layer, which more than halves the cost per small file.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        sha = hashlib.sha256()
        while chunk := os.read(fd, _CHUNK):
            sha.update(chunk)
        return sha.hexdigest()
    finally:
        os.close(fd)


# ------------------------------------------------------------------------------------------------ walk


@dataclass(slots=True)
class _Found:
    rel: str
    abspath: str
    size: int
    mtime_ns: int
    sidecar: str | None


def _is_skipped_name(name: str, top: bool) -> bool:
    lowered = name.lower()
    return (
        name.startswith(".")
        or lowered == "readme.md"
        or lowered.endswith(SIDECAR_SUFFIX)
        or (top and name in {INDEX_NAME, INDEX_NAME + ".lock"})
    )


def _within(target: str, folder: str) -> bool:
    return target == folder or target.startswith(folder.rstrip(os.sep) + os.sep)


def _walk(evidence_dir: Path, root: Path, warnings: list[Problem]) -> Iterator[_Found]:
    """Yield every evidence file below ``evidence_dir``; links out of ``root`` and loops are skipped."""
    root_text = str(root)
    evidence_text = os.path.realpath(evidence_dir)
    try:
        top_stat = evidence_dir.stat()
    except OSError:
        return
    visited = {(top_stat.st_dev, top_stat.st_ino)}
    stack: list[tuple[str, str]] = [(str(evidence_dir), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listing = list(entries)
        except OSError as exc:
            warnings.append(
                Problem(Path(folder), f"cannot be read: {exc.strerror or exc}.", "Give your user read access to it.")
            )
            continue
        names = {e.name for e in listing}
        for entry in listing:
            name = entry.name
            if _is_skipped_name(name, not prefix):
                if name.lower().endswith(SIDECAR_SUFFIX) and name[: -len(SIDECAR_SUFFIX)] not in names:
                    warnings.append(
                        Problem(
                            Path(entry.path),
                            "is a sidecar without its evidence file.",
                            f"Name it after the file it describes (FILE{SIDECAR_SUFFIX}) or delete it.",
                        )
                    )
                continue
            try:
                name.isascii() or name.encode("utf-8")
            except UnicodeEncodeError:
                warnings.append(
                    Problem(Path(entry.path), "has a name that is not valid UTF-8; it is skipped.", "Rename the file.")
                )
                continue
            rel = prefix + name
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not _within(target, root_text):
                        warnings.append(
                            Problem(
                                Path(entry.path),
                                f"is a link to {target}, outside the workspace; it is not followed.",
                                "Copy the file into the evidence folder instead (corcli evidence add FILE).",
                            )
                        )
                        continue
                    info = os.stat(entry.path)  # noqa: PTH116 - str paths are faster here
                else:
                    info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                warnings.append(
                    Problem(
                        Path(entry.path),
                        f"cannot be read: {exc.strerror or exc}.",
                        "Remove the broken or looping link, or fix the file's permissions.",
                    )
                )
                continue
            if stat.S_ISDIR(info.st_mode):
                if entry.is_symlink() and not _within(os.path.realpath(entry.path), evidence_text):
                    warnings.append(
                        Problem(
                            Path(entry.path),
                            "is a link to a folder outside evidence/; it is not followed.",
                            "Move the folder into evidence/ or copy its files in with 'corcli evidence add'.",
                        )
                    )
                    continue
                key = (info.st_dev, info.st_ino)
                if key in visited:
                    warnings.append(
                        Problem(Path(entry.path), "links back to a folder already scanned; it is skipped.", "")
                    )
                    continue
                visited.add(key)
                stack.append((entry.path, rel + "/"))
            elif stat.S_ISREG(info.st_mode):
                sidecar = name + SIDECAR_SUFFIX
                yield _Found(
                    rel,
                    entry.path,
                    info.st_size,
                    info.st_mtime_ns,
                    os.path.join(folder, sidecar) if sidecar in names else None,  # noqa: PTH118
                )
            else:
                warnings.append(
                    Problem(Path(entry.path), "is not a regular file; it is skipped.", "Keep only files in evidence/.")
                )


class _Counter:
    """Bytes hashed so far, updated by the worker threads."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def add(self, amount: int) -> None:
        with self._lock:
            self.value += amount


def _hash_one(found: _Found, counter: _Counter) -> str | OSError:
    """Hash one file; a big one in chunks so progress moves while it is read."""
    try:
        if found.size < _BIG_FILE:
            digest = hash_file(found.abspath)
            counter.add(found.size)
            return digest
        sha = hashlib.sha256()
        buffer = bytearray(_CHUNK)
        view = memoryview(buffer)
        with open(found.abspath, "rb") as handle:  # noqa: PTH123
            while read := handle.readinto(buffer):
                sha.update(view[:read])
                counter.add(read)
        return sha.hexdigest()
    except OSError as exc:
        return exc


def _hash_batch(batch: list[_Found], counter: _Counter) -> list[tuple[_Found, str | OSError]]:
    return [(found, _hash_one(found, counter)) for found in batch]


def _batches(todo: list[_Found]) -> Iterator[list[_Found]]:
    """Group small files (fewer tasks, less overhead); a big file is a batch of its own."""
    batch: list[_Found] = []
    size = 0
    for found in todo:
        batch.append(found)
        size += found.size
        if size >= 4 * _CHUNK or len(batch) >= 64:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _hash_all(todo: list[_Found], progress: Progress | None, warnings: list[Problem]) -> tuple[dict[str, str], int]:
    """Hash ``todo`` in worker threads (hashlib releases the GIL); return hashes by rel and bytes hashed.

    Progress is reported from this thread about ten times a second, also while one big file is read.
    At most a few batches are queued at a time, so memory stays flat however many files there are.
    """
    total = sum(f.size for f in todo)
    results: dict[str, str] = {}
    counter = _Counter()
    if progress is not None:
        progress(0, total)
    workers = max(1, min(4, os.cpu_count() or 1))
    batches = _batches(todo)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: set[Future[list[tuple[_Found, str | OSError]]]] = set()
        while True:
            while len(pending) < workers * 4:
                batch = next(batches, None)
                if batch is None:
                    break
                pending.add(pool.submit(_hash_batch, batch, counter))
            if not pending:
                break
            finished, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in finished:
                for found, outcome in future.result():
                    if isinstance(outcome, OSError):
                        warnings.append(
                            Problem(
                                Path(found.abspath),
                                f"cannot be read: {outcome.strerror or outcome}.",
                                "Give your user read access to it.",
                            )
                        )
                    else:
                        results[found.rel] = outcome
            if progress is not None:
                progress(min(counter.value, total), total)
    if progress is not None and counter.value < total:
        progress(total, total)
    return results, counter.value


def _read_sidecar(path: str, warnings: list[Problem]) -> EvidenceSidecar | None:
    from corcli.storage import yamlio

    try:
        loaded = yamlio.load_yaml(Path(path))
        if loaded.data is None:
            return EvidenceSidecar()
        return yamlio.validate(loaded, EvidenceSidecar)
    except DataFileError as exc:
        warnings.extend(exc.problems())
        return None


def _mtime_date(mtime_ns: int) -> date:
    return datetime.fromtimestamp(mtime_ns / 1e9).date()  # the user's local calendar day


# ------------------------------------------------------------------------------------------------ scan


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
        return _scan(
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


def _scan(
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
    found = list(_walk(evidence_dir, root, warnings))
    cache = _load_cache(workspace) if use_cache else {}
    hashes: dict[str, str] = {}
    todo: list[_Found] = []
    for f in found:
        cached = _cached_hash(cache, f.rel, f.size, f.mtime_ns)
        if cached is None:
            todo.append(f)
        else:
            hashes[f.rel] = cached
    cached_files = len(hashes)
    fresh, hashed_bytes = _hash_all(todo, progress, warnings) if todo else ({}, 0)
    hashes.update(fresh)
    if fresh or cached_files != len(cache):  # something was hashed, or a cached file is gone
        _save_cache(
            workspace, {f.rel: _cache_value(f.size, f.mtime_ns, hashes[f.rel]) for f in found if f.rel in hashes}
        )

    indexed = {i.path: i for i in index.items}
    known = _requirement_ids(standard) if standard else None
    folders = {e.folder: e for e in standard.elements} if standard else None
    items: list[EvidenceItem] = []
    changed: list[str] = []
    unindexed: list[str] = []
    unreadable: set[str] = set()
    unknown_folders: set[str] = set()
    for f in found:
        digest = hashes.get(f.rel)
        if digest is None:
            unreadable.add(f.rel)
            continue
        entry = indexed.get(f.rel)
        sidecar = _read_sidecar(f.sidecar, warnings) if f.sidecar else None
        item = _merge(f, digest, entry, sidecar, warnings, standard, known)
        if entry is None:
            unindexed.append(f.rel)
        elif entry.sha256 != digest or entry.size != f.size:
            changed.append(f.rel)
        folder = f.rel.split("/", 1)[0] if "/" in f.rel else ""
        if folders is not None and folder and folder not in folders and folder not in unknown_folders:
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


_ITEM_FIELDS = frozenset(EvidenceItem.model_fields)
_object_setattr = object.__setattr__


def _fast_item(values: dict[str, Any]) -> EvidenceItem:
    """Build an ``EvidenceItem`` from trusted values without validation (what ``model_construct`` does).

    Why: a scan builds one item per file; ``model_construct`` costs about three times as much.
    ``values`` must hold every field.
    """
    item = EvidenceItem.__new__(EvidenceItem)
    _object_setattr(item, "__dict__", values)
    _object_setattr(item, "__pydantic_fields_set__", set(_ITEM_FIELDS))
    _object_setattr(item, "__pydantic_extra__", None)
    _object_setattr(item, "__pydantic_private__", None)
    return item


def _did_you_mean(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=2, cutoff=0.5)
    return ("Did you mean " + " or ".join(repr(c) for c in close) + "? ") if close else ""


def _merge(
    found: _Found,
    digest: str,
    entry: EvidenceItem | None,
    sidecar: EvidenceSidecar | None,
    warnings: list[Problem],
    standard: AuditStandard | None,
    owners: dict[str, AuditElement] | None,
) -> EvidenceItem:
    """Combine index entry, sidecar, file name and mtime into one item (flag > sidecar > name > mtime)."""
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
        name_date, name_req, bad_date, name_source, ambiguous, _pattern = _parse_name(rel[rel.rfind("/") + 1 :])
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
            record_date, source = _mtime_date(found.mtime_ns), DateSource.MTIME
        note = (entry.note if entry and entry.note else "") or (sidecar.note if sidecar else "")
        added = entry.added if entry else None
        original = entry.original_name if entry else ""
    requirement = requirements[0] if requirements else None
    if not element and requirement and owners is not None:
        owner = owners.get(requirement)
        element = owner.folder if owner else ""
    return _fast_item(
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
        return _scan(workspace, standard, index, [], None, progress, use_cache)


# ------------------------------------------------------------------------------------------------- add


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
) -> AddResult:
    """Copy ``sources`` into the requirement's element folder and index them (never moves the originals).

    A different file already bearing the name is never replaced unless ``force``: the copy gets a free
    name (``name_2.pdf``). Every source is checked before anything is written.
    """
    req_id, element = find_requirement(standard, requirement)
    today = now.date()
    if record_date is not None and record_date > today:
        raise EvidenceError(
            f"The record date {record_date.isoformat()} is in the future.",
            "Give the date the record documents (YYYY-MM-DD), today or earlier.",
        )
    if len(note) > 2000:
        raise EvidenceError("The note is longer than 2000 characters.", "Shorten it; keep details in the file.")
    load_index(workspace)  # fail early, before copying, when the index is corrupt
    evidence_dir = workspace.evidence_dir
    target_folder = inside(workspace.root, evidence_dir / element.folder)
    checked = _check_sources(workspace, sources)
    warnings: list[Problem] = []
    staged: list[_Staged] = []
    try:
        with _disk_errors("add the evidence"):
            for source, in_place in checked:
                staged.append(
                    _stage(workspace, source, in_place, target_folder, element, req_id, record_date, warnings)
                )
            with locked(_lock_path(workspace)):
                index = load_index(workspace)
                entries = {i.path: i for i in index.items}
                added: list[AddedFile] = []
                try:
                    for s in staged:
                        added.append(_place(s, entries, force, req_id, note, now))
                    _write_index(workspace, EvidenceIndex(items=sorted(entries.values(), key=lambda i: i.path)))
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
    _remember_hashes(workspace, [a.item for a in added])
    return AddResult(added, warnings)


@contextlib.contextmanager
def _disk_errors(action: str) -> Iterator[None]:
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
            if _is_skipped_name(source.name, False) or in_place == INDEX_NAME:
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
    else:
        when, how = _mtime_date(mtime_ns), DateSource.MTIME
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
    target_folder.mkdir(parents=True, exist_ok=True)
    inside(workspace.root, target_folder)
    fd, temp_name = tempfile.mkstemp(prefix=".corcli-add.", suffix=".tmp", dir=target_folder)
    temp = Path(temp_name)
    digest_obj = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
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
    staged: _Staged, entries: dict[str, EvidenceItem], force: bool, req_id: str, note: str, now: datetime
) -> AddedFile:
    """Move a staged copy to a free name (under the lock) and record it in ``entries``."""
    action: AddAction
    if staged.in_place is not None:
        rel, action = staged.in_place, "indexed in place"
    else:
        rel, action = _free_name(staged, entries, force, req_id)
        if action in {"copied", "replaced"}:
            assert staged.temp is not None
            staged.temp.replace(staged.folder.parent / rel)
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
    )
    entries[rel] = item
    return AddedFile(staged.source, item, action, renamed)


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
    stem = _stem(staged.name)
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


def _remember_hashes(workspace: Workspace, items: Iterable[EvidenceItem]) -> None:
    cache = _load_cache(workspace)
    for item in items:
        try:
            info = (workspace.evidence_dir / item.path).stat()
        except OSError:
            continue
        cache[item.path] = _cache_value(info.st_size, info.st_mtime_ns, item.sha256)
    _save_cache(workspace, cache)


# --------------------------------------------------------------------------------------------- rebuild


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
    with _disk_errors("rebuild the evidence index"), locked(_lock_path(workspace)):
        kept: Path | None = None
        from_backup = False
        try:
            old = load_index(workspace)
        except EvidenceIndexError:
            kept = workspace.state_dir / f"index.corrupt-{now.strftime('%Y%m%dT%H%M%S')}.yaml"
            kept.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(kept, path.read_bytes())
            try:
                old = _load_index_file(workspace.state_dir / BACKUP_NAME)
                from_backup = True
            except (DataFileError, OSError):
                old = EvidenceIndex()
        warnings: list[Problem] = []
        scan = _scan(workspace, standard, EvidenceIndex(), warnings, None, progress, True)
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
        _write_index(workspace, index)
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
    "BACKUP_NAME",
    "HASH_CACHE_NAME",
    "INDEX_NAME",
    "LOCK_NAME",
    "SIDECAR_SUFFIX",
    "AddResult",
    "AddedFile",
    "EvidenceScan",
    "NameInfo",
    "Progress",
    "RebuildResult",
    "add_evidence",
    "collect_evidence",
    "dump_index",
    "evidence_file_name",
    "find_requirement",
    "hash_file",
    "index_path",
    "load_index",
    "parse_evidence_name",
    "rebuild_index",
    "resolve_requirement",
    "verify_evidence",
]

"""The evidence index (``evidence/index.yaml``): loading (with a JSON cache keyed by its SHA-256), writing and its lock.

Why: index writes are atomic and made under ``.corcli/index.lock``, re-reading the index inside the lock, so
concurrent ``evidence add`` lose nothing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from corcli.errors import (
    CorcliError,
    DataFileError,
    EvidenceIndexError,
    Problem,
)
from corcli.models.base import trusted
from corcli.models.evidence import DateSource, EvidenceIndex, EvidenceItem, RequirementSource
from corcli.storage import files
from corcli.storage.workspace import Workspace, write_atomic

INDEX_NAME = "index.yaml"


LOCK_NAME = "index.lock"


BACKUP_NAME = "index.backup.yaml"


INDEX_CACHE_NAME = "index-cache.json"


_INDEX_CACHE_VERSION = 3


_INDEX_HEADER = (
    "# corcli evidence index: one entry per evidence file, sorted by path.\n"
    "# Written by 'corcli evidence add' and 'corcli evidence rebuild'; check it with 'corcli evidence verify'.\n"
    "# You may edit 'requirement', 'record_date' and 'note' by hand (dates as YYYY-MM-DD).\n"
)


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
        raw = files.read_bytes(path, limit=files.LIMIT_INDEX, what="indexes") if path.is_file() else None
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
        index = load_index_file(path)
    except DataFileError as exc:
        raise _index_error(path, exc) from None
    if digest:
        _save_index_cache(workspace, digest, index)
    return index


def _load_index_cache(workspace: Workspace, digest: str) -> EvidenceIndex | None:
    try:
        raw = json.loads(files.read_bytes(workspace.state_dir / INDEX_CACHE_NAME, limit=files.LIMIT_CACHE))
        if raw.get("version") != _INDEX_CACHE_VERSION or raw.get("sha256") != digest:
            return None
        return EvidenceIndex.model_construct(schema_version=1, items=[_item_from_json(i) for i in raw["items"]])
    # A broken cache (README calls it safe to delete) is ignored and rebuilt; ValidationError is a ValueError.
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError, CorcliError):
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
    return fast_item(values)


def _save_index_cache(workspace: Workspace, digest: str, index: EvidenceIndex) -> None:
    """Keep a compact JSON copy of the index (one row per item, fields in model order)."""
    rows = [list(i.model_dump(mode="json").values()) for i in index.items]
    payload = json.dumps({"version": _INDEX_CACHE_VERSION, "sha256": digest, "items": rows}, ensure_ascii=False)
    with contextlib.suppress(OSError, CorcliError):  # a cache that cannot be written only costs time
        write_atomic(workspace.state_dir / INDEX_CACHE_NAME, payload)


def load_index_file(path: Path) -> EvidenceIndex:
    from corcli.storage import yamlio

    if path.is_symlink():
        raise DataFileError(path, [Problem(path, "is a symbolic link.", "Replace it with the real index file.")])
    loaded = yamlio.load_yaml(path, limit=files.LIMIT_INDEX)
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
    from corcli.storage import yamlio

    if yamlio.has_raw_bytes(text):  # a file name that is not UTF-8: exact on disk, round-trips in the index
        return yamlio.quote_fsname(text)
    return _yaml_unsafe().sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def write_index(workspace: Workspace, index: EvidenceIndex) -> None:
    text = dump_index(index)
    write_atomic(index_path(workspace), text)
    with contextlib.suppress(OSError, CorcliError):
        write_atomic(workspace.state_dir / BACKUP_NAME, text)
    _save_index_cache(workspace, hashlib.sha256(text.encode("utf-8")).hexdigest(), index)


def lock_path(workspace: Workspace) -> Path:
    return workspace.state_dir / LOCK_NAME


def fast_item(values: dict[str, Any]) -> EvidenceItem:
    """Build an ``EvidenceItem`` from trusted values without validation (``models.base.trusted``).

    Why: a scan builds one item per file; ``model_construct`` costs about three times as much.
    ``values`` must hold every field.
    """
    return trusted(EvidenceItem, values)


__all__ = [
    "BACKUP_NAME",
    "INDEX_CACHE_NAME",
    "INDEX_NAME",
    "LOCK_NAME",
    "dump_index",
    "fast_item",
    "index_path",
    "load_index",
    "load_index_file",
    "lock_path",
    "write_index",
]

"""The hash cache (``.corcli/hash-cache.json``): file hashes keyed by (path, size, mtime_ns), so unchanged files
are never read again.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable

from corcli.errors import (
    CorcliError,
)
from corcli.models.evidence import EvidenceItem
from corcli.storage import files
from corcli.storage.workspace import Workspace, write_atomic

HASH_CACHE_NAME = "hash-cache.json"


_CACHE_VERSION = 3
"""3: an entry may end with what the file's name says (``naming.encode_parsed_name``) after a NUL."""


_READABLE_VERSIONS = (2, _CACHE_VERSION)  # a version 2 cache still gives its hashes: no re-hashing on upgrade


_HEX64 = re.compile(r"[0-9a-f]{64}")


_NAME_MARK = "\x00"


def load_cache(workspace: Workspace) -> dict[str, str]:
    """Load ``{relative path: "size:mtime_ns:sha256[NUL name data]"}``; a missing or damaged cache is empty."""
    try:
        raw = json.loads(files.read_bytes(workspace.state_dir / HASH_CACHE_NAME, limit=files.LIMIT_CACHE))
    except (OSError, ValueError, RecursionError, CorcliError):  # broken caches are ignored and rebuilt
        return {}
    if not isinstance(raw, dict) or raw.get("version") not in _READABLE_VERSIONS:
        return {}
    if not isinstance(raw.get("files"), dict):
        return {}
    return raw["files"]  # type: ignore[no-any-return]


def save_cache(workspace: Workspace, files: dict[str, str]) -> None:
    payload = json.dumps({"version": _CACHE_VERSION, "files": files}, separators=(",", ":"), ensure_ascii=False)
    with contextlib.suppress(OSError, CorcliError):  # a cache that cannot be written only costs time
        write_atomic(workspace.state_dir / HASH_CACHE_NAME, payload)


def cache_value(size: int, mtime_ns: int, digest: str, name: str | None = None) -> str:
    """One cache entry; ``name`` is what the file's name says, as ``naming.encode_parsed_name`` wrote it."""
    value = f"{size}:{mtime_ns}:{digest}"
    return value if name is None else f"{value}{_NAME_MARK}{name}"


def cached_entry(cache: dict[str, str], rel: str, size: int, mtime_ns: int) -> tuple[str, str | None] | None:
    """Return (sha256, name data or ``None``) if the file is unchanged since it was cached, else ``None``."""
    entry = cache.get(rel)
    if not isinstance(entry, str):
        return None
    prefix = f"{size}:{mtime_ns}:"
    if not entry.startswith(prefix):
        return None
    start = len(prefix)
    digest = entry[start : start + 64]
    rest = entry[start + 64 :]
    if not _HEX64.fullmatch(digest) or (rest and rest[0] != _NAME_MARK):
        return None
    return digest, (rest[1:] if rest else None)


def remember_hashes(workspace: Workspace, items: Iterable[EvidenceItem]) -> None:
    cache = load_cache(workspace)
    for item in items:
        try:
            info = (workspace.evidence_dir / item.path).stat()
        except OSError:
            continue
        cache[item.path] = cache_value(info.st_size, info.st_mtime_ns, item.sha256)
    save_cache(workspace, cache)


__all__ = [
    "HASH_CACHE_NAME",
    "cache_value",
    "cached_entry",
    "load_cache",
    "remember_hashes",
    "save_cache",
]

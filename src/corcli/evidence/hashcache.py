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


_CACHE_VERSION = 2


_HEX64 = re.compile(r"[0-9a-f]{64}")


def load_cache(workspace: Workspace) -> dict[str, str]:
    """Load ``{relative path: "size:mtime_ns:sha256"}``; a missing or damaged cache is empty."""
    try:
        raw = json.loads(files.read_bytes(workspace.state_dir / HASH_CACHE_NAME, limit=files.LIMIT_CACHE))
    except (OSError, ValueError, RecursionError, CorcliError):  # broken caches are ignored and rebuilt
        return {}
    if not isinstance(raw, dict) or raw.get("version") != _CACHE_VERSION or not isinstance(raw.get("files"), dict):
        return {}
    return raw["files"]  # type: ignore[no-any-return]


def save_cache(workspace: Workspace, files: dict[str, str]) -> None:
    payload = json.dumps({"version": _CACHE_VERSION, "files": files}, separators=(",", ":"), ensure_ascii=False)
    with contextlib.suppress(OSError, CorcliError):  # a cache that cannot be written only costs time
        write_atomic(workspace.state_dir / HASH_CACHE_NAME, payload)


def cache_value(size: int, mtime_ns: int, digest: str) -> str:
    return f"{size}:{mtime_ns}:{digest}"


def cached_hash(cache: dict[str, str], rel: str, size: int, mtime_ns: int) -> str | None:
    entry = cache.get(rel)
    if isinstance(entry, str) and len(entry) > 64 and entry.startswith(f"{size}:{mtime_ns}:"):
        digest = entry[-64:]
        return digest if _HEX64.fullmatch(digest) else None
    return None


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
    "cached_hash",
    "load_cache",
    "remember_hashes",
    "save_cache",
]

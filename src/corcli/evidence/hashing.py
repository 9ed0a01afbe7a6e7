"""Hashing evidence files: streamed SHA-256 in worker threads, with progress."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from corcli.errors import (
    Problem,
)
from corcli.evidence.walk import FoundFile

CHUNK = 1024 * 1024


_BIG_FILE = 16 * CHUNK


Progress = Callable[[int, int], None]
"""Progress callback: called with (bytes hashed so far, bytes to hash in total) while hashing."""


def hash_file(path: Path | str, size: int | None = None) -> str:
    """Return the SHA-256 of a file, read in 1 MiB chunks; ``size`` (from a ``stat``) lets a small file be read
    in one call.

    Why: ``os.open``/``os.read`` skip the buffered-file layer, which more than halves the cost per small file;
    asking for one byte more than ``size`` and getting exactly ``size`` is the end of the file, so the read that
    would only return b"" is saved (a fifth of the hashing time of 50,000 small files).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        if size is not None and size < CHUNK:
            data = os.read(fd, size + 1)
            if len(data) == size:  # a short read of a regular file: nothing more to read
                return hashlib.sha256(data).hexdigest()
            sha = hashlib.sha256(data)  # it changed since the stat: read on to the end
        else:
            sha = hashlib.sha256()
        while chunk := os.read(fd, CHUNK):
            sha.update(chunk)
        return sha.hexdigest()
    finally:
        os.close(fd)


class _Counter:
    """Bytes hashed so far, updated by the worker threads."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def add(self, amount: int) -> None:
        with self._lock:
            self.value += amount


def _hash_one(found: FoundFile, counter: _Counter) -> str | OSError:
    """Hash one file; a big one in chunks so progress moves while it is read."""
    try:
        if found.size < _BIG_FILE:
            digest = hash_file(found.abspath, found.size)
            counter.add(found.size)
            return digest
        sha = hashlib.sha256()
        buffer = bytearray(CHUNK)
        view = memoryview(buffer)
        with open(found.abspath, "rb") as handle:  # noqa: PTH123
            while read := handle.readinto(buffer):
                sha.update(view[:read])
                counter.add(read)
        return sha.hexdigest()
    except OSError as exc:
        return exc


def _hash_batch(batch: list[FoundFile], counter: _Counter) -> list[tuple[FoundFile, str | OSError]]:
    """Hash a batch; small files count towards progress once per batch (one lock, not one per file)."""
    results: list[tuple[FoundFile, str | OSError]] = []
    hashed = 0
    for found in batch:
        if found.size >= _BIG_FILE:
            results.append((found, _hash_one(found, counter)))
            continue
        try:
            results.append((found, hash_file(found.abspath, found.size)))
            hashed += found.size
        except OSError as exc:
            results.append((found, exc))
    counter.add(hashed)
    return results


def _batches(todo: list[FoundFile]) -> Iterator[list[FoundFile]]:
    """Group small files (fewer tasks, less overhead); a big file is a batch of its own."""
    batch: list[FoundFile] = []
    size = 0
    for found in todo:
        batch.append(found)
        size += found.size
        if size >= 4 * CHUNK or len(batch) >= 64:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def hash_all(todo: list[FoundFile], progress: Progress | None, warnings: list[Problem]) -> tuple[dict[str, str], int]:
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
        pending: set[Future[list[tuple[FoundFile, str | OSError]]]] = set()
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


__all__ = [
    "CHUNK",
    "Progress",
    "hash_all",
    "hash_file",
]

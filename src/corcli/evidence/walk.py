"""Walking ``evidence/``: every regular file except README.md, hidden files, sidecars and the index; links out of
the workspace and loops are refused and reported.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from corcli.errors import (
    Problem,
)
from corcli.evidence.index import INDEX_NAME

SIDECAR_SUFFIX = ".meta.yaml"


@dataclass(slots=True)
class FoundFile:
    rel: str
    folder: str
    """The folder's path as scanned, shared by the files in it (a path per file cost 7 MiB at 50,000)."""
    size: int
    mtime_ns: int
    sidecar: str | None

    @property
    def abspath(self) -> str:
        return os.path.join(self.folder, self.rel[self.rel.rfind("/") + 1 :])  # noqa: PTH118 - str paths


_SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store"})


def is_lock_or_temp_name(name: str) -> bool:
    """Whether ``name`` is an Office/LibreOffice lock or temp file or a system file (``~$Policy.docx``,
    ``.~lock.Policy.docx#``, ``~WRL0001.tmp``, ``Thumbs.db``, ``desktop.ini``, ``.DS_Store``).

    Why: editors and file browsers leave these beside the real documents; they hold no record, and a lock
    file named after a policy would otherwise be counted as the policy.
    """
    lowered = name.lower()
    return (
        lowered in _SYSTEM_FILES
        or name.startswith("~$")
        or (lowered.startswith(".~lock.") and name.endswith("#"))
        or (name.startswith("~") and lowered.endswith(".tmp"))
    )


def lock_files_skipped(folder: Path, names: list[str]) -> Problem:
    """One line saying which lock, temp or system files were skipped, so nobody wonders where they went."""
    shown = ", ".join(repr(n) for n in sorted(names)[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
    return Problem(
        folder,
        f"{len(names)} Office lock, temp or system file(s) skipped, not evidence: {shown}.",
        "Nothing to do; close the document to make its lock file go away.",
    )


def is_skipped_name(name: str, top: bool) -> bool:
    lowered = name.lower()
    return (
        name.startswith(".")
        or lowered == "readme.md"
        or lowered.endswith(SIDECAR_SUFFIX)
        or (top and name in {INDEX_NAME, INDEX_NAME + ".lock"})
    )


def _within(target: str, folder: str) -> bool:
    return target == folder or target.startswith(folder.rstrip(os.sep) + os.sep)


def walk(evidence_dir: Path, root: Path, warnings: list[Problem]) -> Iterator[FoundFile]:
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
        junk = sorted(n for n in names if is_lock_or_temp_name(n))
        if junk:
            warnings.append(lock_files_skipped(Path(folder), junk))
        for entry in listing:
            name = entry.name
            if junk and is_lock_or_temp_name(name):
                continue
            if is_skipped_name(name, not prefix):
                if name.lower().endswith(SIDECAR_SUFFIX) and name[: -len(SIDECAR_SUFFIX)] not in names:
                    warnings.append(
                        Problem(
                            Path(entry.path),
                            "is a sidecar without its evidence file.",
                            f"Name it after the file it describes (FILE{SIDECAR_SUFFIX}) or delete it.",
                        )
                    )
                continue
            # A name that is not valid UTF-8 is kept exactly (Python holds its raw bytes as lone surrogates):
            # the index writes it with !fsname, JSON as \udcXX, and the terminal shows the bytes as \xff.
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
                yield FoundFile(
                    rel,
                    folder,
                    info.st_size,
                    info.st_mtime_ns,
                    os.path.join(folder, sidecar) if sidecar in names else None,  # noqa: PTH118
                )
            else:
                warnings.append(
                    Problem(Path(entry.path), "is not a regular file; it is skipped.", "Keep only files in evidence/.")
                )


__all__ = [
    "SIDECAR_SUFFIX",
    "FoundFile",
    "is_lock_or_temp_name",
    "is_skipped_name",
    "lock_files_skipped",
    "walk",
]

"""The one reader and the one writer for every file corcli reads or writes.

Why one of each: the promises in README's Guarantees (nothing replaced without ``--force``, the user's own
files never replaced at all, no link followed out of the workspace, no FIFO or device read or replaced,
reads bounded in size, atomic writes that honour the umask, every disk failure one clear line) only hold
if no command can go around them.

The workspace rule is found from the path itself, so callers need not pass it: a path whose folders
(as written, before links are resolved) lie inside a workspace, i.e. a folder holding ``corcli.yaml``,
must also resolve inside that workspace.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO

from corcli.errors import FileAccessError, OverwriteError

PROFILE_NAME = "corcli.yaml"
EVIDENCE_DIR = "evidence"
STATE_DIR = ".corcli"
ASSESSMENT_NAME = "assessment.yaml"

KIB = 1024
MIB = 1024 * KIB

# Size limits per kind of file corcli reads (bytes). A file above its limit is refused with a clear line.
LIMIT_YAML = 8 * MIB  # profile, assessment, partner and standard files
LIMIT_INDEX = 64 * MIB  # evidence/index.yaml of a very large workspace
LIMIT_SIDECAR = 1 * MIB  # the .yaml note beside an evidence file
LIMIT_CACHE = 256 * MIB  # corcli's own JSON caches (ignored when too big)
LIMIT_TEMPLATE = 2 * MIB  # a user's Jinja2 template
LIMIT_MANIFEST = 64 * MIB  # a binder's MANIFEST.sha256

_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


# ------------------------------------------------------------------------------------------- workspace rule


def _lexical(path: Path) -> Path:
    """``path`` made absolute with ``..`` removed as written (links are not resolved)."""
    return Path(os.path.normpath(path.absolute()))


def enclosing_workspace(path: Path) -> Path | None:
    """Return the nearest folder above ``path`` (as written, links not resolved) that holds ``corcli.yaml``."""
    folder = _lexical(path).parent
    for candidate in (folder, *folder.parents):
        with contextlib.suppress(OSError):
            if os.path.lexists(candidate / PROFILE_NAME):
                return candidate
    return None


def _resolved(path: Path) -> Path:
    try:
        return _lexical(path).resolve(strict=False)
    except (OSError, RuntimeError) as exc:
        raise FileAccessError(path, f"cannot be resolved ({exc})", "Remove the broken or looping link.") from None


def contained(path: Path, root: Path | None = None) -> Path:
    """Return ``path`` resolved, refusing it when it leaves ``root`` (default: the workspace it lies in)."""
    base = root if root is not None else enclosing_workspace(path)
    resolved = _resolved(path)
    if base is None:
        return resolved
    real_base = _resolved(base)
    if resolved != real_base and real_base not in resolved.parents:
        raise FileAccessError(
            path,
            f"leads out of {'the workspace' if root is None else 'the folder'} {real_base} (through a link)",
            "corcli does not follow links out of the workspace; copy the file in instead of linking it.",
        )
    return resolved


def protected_reason(path: Path) -> str | None:
    """Why ``path`` may never be replaced by a report, even with ``--force`` (``None`` when it may be)."""
    resolved = _resolved(path)
    if resolved.name == PROFILE_NAME:
        return "is a company profile"
    bases = {b for b in (enclosing_workspace(path), enclosing_workspace(resolved)) if b is not None}
    for base in bases:
        try:
            rel = resolved.relative_to(_resolved(base))
        except ValueError:
            continue
        parts = rel.parts
        if not parts:
            continue
        if parts[0] == EVIDENCE_DIR:
            return "is in the evidence folder (evidence and its index are never replaced)"
        if parts[0] == STATE_DIR:
            return "is in corcli's own folder .corcli"
        if parts == (ASSESSMENT_NAME,):
            return "is the self-assessment"
    return None


# ------------------------------------------------------------------------------------------------- reading


def _describe_os_error(exc: OSError) -> tuple[str, str]:
    code = exc.errno
    if code in {errno.ENOENT, errno.ENOTDIR}:
        return "does not exist", "Check the path."
    if code in {errno.EACCES, errno.EPERM}:
        return "cannot be read (permission denied)", "Give your user read access to it."
    if code == errno.ELOOP:
        return "is a link corcli does not follow", "Give the real file's path, or copy the file in."
    if code == errno.EISDIR:
        return "is a folder, not a file", "Give the path of a file."
    return f"cannot be read ({exc.strerror or exc})", "Check the path and the disk."


def _open_regular(path: Path, root: Path | None) -> int:
    """Open ``path`` for reading without blocking on a FIFO; refuse anything but a regular file."""
    target = contained(path, root)
    try:
        fd = os.open(target, os.O_RDONLY | _O_BINARY | _O_NONBLOCK | _O_NOFOLLOW | _O_CLOEXEC)
    except OSError as exc:
        message, hint = _describe_os_error(exc)
        raise FileAccessError(path, message, hint) from None
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        message, hint = _describe_os_error(exc)
        raise FileAccessError(path, message, hint) from None
    if stat.S_ISDIR(info.st_mode):
        os.close(fd)
        raise FileAccessError(path, "is a folder, not a file", "Give the path of a file.")
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileAccessError(
            path,
            "is not a regular file (a FIFO, device or socket)",
            "corcli reads only regular files; give the path of a real file.",
        )
    return fd


def open_regular(path: Path, *, root: Path | None = None) -> BinaryIO:
    """Open a regular file for streaming (a zip, a large evidence file) under the rules of ``read_bytes``."""
    return os.fdopen(_open_regular(path, root), "rb")


def read_bytes(path: Path, *, limit: int, root: Path | None = None, what: str = "files") -> bytes:
    """Read a regular file inside its workspace (or ``root``), of at most ``limit`` bytes.

    FIFOs, devices and sockets are refused without blocking; a file that grows past ``limit`` while read
    is refused too, so memory stays bounded.
    """
    fd = _open_regular(path, root)
    try:
        info = os.fstat(fd)
        if info.st_size > limit:
            raise FileAccessError(
                path,
                f"is {info.st_size:,} bytes; corcli reads {what} up to {limit:,} bytes",
                "Check that this is the right file.",
            )
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(limit + 1 - total, 1 * MIB) or 1):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileAccessError(
                    path, f"grew past {limit:,} bytes while being read", "Check that this is the right file."
                )
        return b"".join(chunks)
    except OSError as exc:
        message, hint = _describe_os_error(exc)
        raise FileAccessError(path, message, hint) from None
    finally:
        os.close(fd)


def read_text(path: Path, *, limit: int, root: Path | None = None, what: str = "files") -> str:
    """Read a UTF-8 text file (BOM allowed) with the rules of ``read_bytes``."""
    raw = read_bytes(path, limit=limit, root=root, what=what)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileAccessError(path, f"is not valid UTF-8 text (line {line})", "Save it as UTF-8.") from None


# ------------------------------------------------------------------------------------------------- writing


def _write_failure(path: Path, exc: OSError) -> FileAccessError:
    code = exc.errno
    if code in {errno.ENOSPC, getattr(errno, "EDQUOT", -1)}:
        hint = "The disk is full: free some space and run the command again (nothing was changed)."
    elif code == errno.EROFS:
        hint = "The disk is read-only: write somewhere else."
    elif code in {errno.EACCES, errno.EPERM}:
        hint = "You may not write there: choose another folder or fix its permissions."
    elif code in {errno.ENOTDIR, errno.EEXIST}:
        hint = "A file stands where corcli needs a folder: rename or move it."
    elif code == errno.ENAMETOOLONG:
        hint = "Use a shorter name."
    else:
        hint = "Check the path and the disk."
    return FileAccessError(path, f"cannot be written ({exc.strerror or exc})", hint)


def check_output(path: Path, *, force: bool) -> None:
    """Refuse a report target before any work is done: see ``write_output``."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _write_failure(path, exc) from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise FileAccessError(
                path, "is a link", "corcli never writes through or replaces a link; give another file name."
            )
        if stat.S_ISDIR(info.st_mode):
            raise FileAccessError(path, "is a folder", "Give a file name inside it.")
        if not stat.S_ISREG(info.st_mode):
            raise FileAccessError(
                path,
                "is not a regular file (a FIFO, device or socket)",
                "corcli writes only regular files; leave out --output to print to standard output.",
            )
    reason = protected_reason(path)
    if reason is not None:
        raise FileAccessError(
            path, f"{reason}; corcli never writes a report over it, even with --force", "Choose another file name."
        )
    contained(path)
    if info is not None and not force:
        raise OverwriteError(f"{path} already exists.", "Use --force to replace it, or choose another path.")


def write_output(path: Path, data: str | bytes | Iterable[str], *, force: bool) -> None:
    """Write a file the user asked for (a report, manual, calendar...) under the rules of ``check_output``.

    ``data`` may be text in parts (a large JSON report), written one after the other.
    """
    with open_output(path, force=force) as handle:
        if isinstance(data, bytes):
            handle.write(data)
        elif isinstance(data, str):
            handle.write(data.encode("utf-8", "surrogateescape"))
        else:
            for part in data:
                handle.write(part.encode("utf-8", "surrogateescape"))


@contextlib.contextmanager
def open_output(path: Path, *, force: bool) -> Iterator[BinaryIO]:
    """Stream a file the user asked for (e.g. a zip); it appears atomically when the block ends."""
    check_output(path, force=force)
    with _atomic(path, replace=force, keep_mode=True) as handle:
        yield handle


def write_atomic(path: Path, data: str | bytes, *, force: bool = True, encoding: str = "utf-8") -> None:
    """Write one of corcli's own files (profile at init, index, caches, READMEs) atomically.

    It stays inside its workspace, never replaces a link, folder, FIFO or device, and with ``force=False``
    never replaces an existing file (``OverwriteError``).
    """
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _write_failure(path, exc) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
        raise FileAccessError(path, f"is {kind}", "corcli replaces only regular files; move it away and try again.")
    contained(path)
    if info is not None and not force:
        raise OverwriteError(f"{path} already exists.", "Use --force to replace it, or choose another path.")
    # surrogateescape: a file name that is not UTF-8 goes back to disk as the bytes it was.
    payload = data.encode(encoding, "surrogateescape") if isinstance(data, str) else data
    with _atomic(path, replace=force, keep_mode=True) as handle:
        handle.write(payload)


def write_copy(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Keep ``data`` as a new file ``folder/stem{suffix}`` (``stem-2``, ``stem-3``... when taken); return it.

    Why: backups made in the same second must not collide, and a backup never replaces anything.
    """
    for number in range(1, 1000):
        target = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
        try:
            write_atomic(target, data, force=False)
        except OverwriteError:
            continue
        return target
    raise OverwriteError(f"{folder} holds 999 copies named {stem}.", "Delete old copies you no longer need.")


def keep_aside(path: Path, folder: Path, stamp: str) -> Path:
    """Keep the file at ``path`` under ``folder`` (a hard link, else a copy) before it is replaced; return it.

    Why: ``evidence add --force`` puts a new version of a record under its name; the old version is the
    user's evidence too and must not be lost.
    """
    make_folder(folder)
    for number in range(1, 1000):
        target = folder / f"{stamp}{'' if number == 1 else f'-{number}'}_{path.name}"
        if os.path.lexists(target):
            continue
        try:
            os.link(path, target, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:  # no hard links here: copy it, written like any file of corcli's
            with open_regular(path) as source, _atomic(target, replace=False, keep_mode=False) as handle:
                while chunk := source.read(1024 * 1024):
                    handle.write(chunk)
            return target
        journal_created(target)
        return target
    raise OverwriteError(f"{folder} holds 999 copies of {path.name}.", "Delete old copies you no longer need.")


STALE_TEMP_SECONDS = 600


@contextlib.contextmanager
def _atomic(path: Path, *, replace: bool, keep_mode: bool) -> Iterator[BinaryIO]:
    """Write to a temp file beside ``path``, fsync, then rename (or link, when nothing may be replaced)."""
    folder = path.parent
    make_folder(folder)
    _remove_stale_temps(path)
    tmp = folder / f".{path.name[:80]}.{secrets.token_hex(4)}.tmp"
    try:
        # 0o666 and the kernel applies the umask, as for any file the user makes.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY | _O_CLOEXEC, 0o666)
    except OSError as exc:
        raise _write_failure(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if keep_mode:
            with contextlib.suppress(OSError):
                old = os.lstat(path)
                if stat.S_ISREG(old.st_mode):
                    tmp.chmod(stat.S_IMODE(old.st_mode))
        existed = os.path.lexists(path)
        if replace:
            journal_replacing(path)
            tmp.replace(path)
        else:
            _link_new(tmp, path)
        if not existed:
            journal_created(path)
        _fsync_dir(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _write_failure(path, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _link_new(tmp: Path, path: Path) -> None:
    """Put ``tmp`` at ``path`` only if nothing is there (a hard link fails atomically if it is)."""
    try:
        os.link(tmp, path, follow_symlinks=False)
    except FileExistsError:
        raise OverwriteError(f"{path} already exists.", "Use --force to replace it, or choose another path.") from None
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(path):
            raise OverwriteError(
                f"{path} already exists.", "Use --force to replace it, or choose another path."
            ) from None
        tmp.replace(path)
        return
    tmp.unlink()


def _remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed writer left beside ``path`` (only old ones: a live writer may own a new one)."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f".{path.name[:80]}.*.tmp"):
            with contextlib.suppress(OSError):
                info = os.lstat(leftover)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    leftover.unlink()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def make_folder(path: Path) -> None:
    """Create a folder (and its parents) inside its workspace, as one clear error when it cannot be."""
    contained(path / ".probe")
    missing: list[Path] = []
    if _JOURNAL.get() is not None:
        folder = _lexical(path)
        while not os.path.lexists(folder) and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_failure(path, exc) from None
    for folder in reversed(missing):
        _record(("folder", folder, None))
    contained(path / ".probe")


# ---------------------------------------------------------------------------------------- all or nothing

_Entry = tuple[str, Path, Path | None]
_JOURNAL: ContextVar[list[_Entry] | None] = ContextVar("corcli_write_journal", default=None)


def _record(entry: _Entry) -> None:
    journal = _JOURNAL.get()
    if journal is not None:
        journal.append(entry)


def journal_created(path: Path) -> None:
    """Note that this command made ``path`` (call after creating it), so a failure later removes it."""
    _record(("file", _lexical(path), None))


def journal_replacing(path: Path) -> None:
    """Keep the file at ``path`` (a hard link beside it) before it is replaced, so a failure puts it back."""
    if _JOURNAL.get() is None:
        return
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return
    except OSError:
        return
    keep = path.parent / f".{path.name[:80]}.{secrets.token_hex(4)}.tmp"
    try:
        os.link(path, keep, follow_symlinks=False)
    except OSError:  # no hard links here: the new file stays if the command fails later
        return
    _record(("file", _lexical(path), keep))


class Journal:
    """What one command wrote, so that when it fails nothing it began is left half-done."""

    def __init__(self, entries: list[_Entry], *, owner: bool = True) -> None:
        self._entries = entries
        self._owner = owner  # a nested block leaves the undo to the outermost one

    def undo(self) -> None:
        """Remove the files and folders written, and put back the files replaced (newest first)."""
        if not self._owner:
            return
        entries, self._entries[:] = list(self._entries), []
        for kind, path, kept in reversed(entries):
            with contextlib.suppress(OSError):
                if kind == "folder":
                    path.rmdir()  # only when empty: never anything someone else put there
                elif kept is not None:
                    kept.replace(path)
                else:
                    path.unlink()

    def keep(self) -> None:
        """The command succeeded: drop the copies kept for an undo."""
        if not self._owner:
            return
        entries, self._entries[:] = list(self._entries), []
        for _kind, _path, kept in entries:
            if kept is not None:
                with contextlib.suppress(OSError):
                    kept.unlink()


@contextlib.contextmanager
def kept_on_failure() -> Iterator[None]:
    """Writes in this block stay even when the command fails (the answers an interrupted ``init`` keeps)."""
    token = _JOURNAL.set(None)
    try:
        yield
    finally:
        _JOURNAL.reset(token)


@contextlib.contextmanager
def all_or_nothing() -> Iterator[Journal]:
    """Run one command's writes as a unit: an exception out of the block undoes them; else they stay."""
    outer = _JOURNAL.get()
    if outer is not None:
        yield Journal(outer, owner=False)
        return
    entries: list[_Entry] = []
    token = _JOURNAL.set(entries)
    journal = Journal(entries)
    try:
        yield journal
    except BaseException:
        journal.undo()
        raise
    else:
        journal.keep()
    finally:
        _JOURNAL.reset(token)


__all__ = [
    "LIMIT_CACHE",
    "LIMIT_INDEX",
    "LIMIT_MANIFEST",
    "LIMIT_SIDECAR",
    "LIMIT_TEMPLATE",
    "LIMIT_YAML",
    "Journal",
    "all_or_nothing",
    "check_output",
    "contained",
    "enclosing_workspace",
    "journal_created",
    "journal_replacing",
    "keep_aside",
    "kept_on_failure",
    "make_folder",
    "open_output",
    "open_regular",
    "protected_reason",
    "read_bytes",
    "read_text",
    "write_atomic",
    "write_copy",
    "write_output",
]

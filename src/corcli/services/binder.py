"""The audit binder: a zip of the evidence with an index and a SHA-256 manifest, and its verification.

Why these rules: a binder travels to an auditor and back, so it must extract safely anywhere (plain
relative names only, no links) and show any change. The manifest is ``sha256sum`` compatible, so the
binder can also be checked after extraction with ``sha256sum -c MANIFEST.sha256``.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from corcli.errors import CorcliError, ExitCode, FileAccessError
from corcli.models import Assessment, AuditStandard, EvidenceItem
from corcli.render.documents import DocumentFormat, render_document
from corcli.rules.assessment import ANSWER_LABELS, is_safe_relative
from corcli.rules.assignment import Assignment, assign_evidence
from corcli.services.project import Project
from corcli.storage.files import LIMIT_MANIFEST, check_output, open_output, open_regular
from corcli.storage.workspace import Workspace, inside

MANIFEST_NAME = "MANIFEST.sha256"
INDEX_JSON = "index.json"
INDEX_MARKDOWN = "index.md"
INDEX_HTML = "index.html"
EVIDENCE_PREFIX = "evidence/"
_CHUNK = 1024 * 1024
_MANIFEST_LINE = re.compile(r"^([0-9a-f]{64})  (.+)$")
_FILE_MODE = (stat.S_IFREG | 0o644) << 16
_WINDOWS_BAD_CHARS = re.compile(r'[<>:"|?*\x00-\x1f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
ANSWER_LABELS_BY_VALUE = {answer.value: label for answer, label in ANSWER_LABELS.items()}


class BinderError(CorcliError):
    """A binder cannot be built or read (bad output path, unreadable zip...)."""


@dataclass(frozen=True)
class BuildResult:
    """What ``build_binder`` wrote."""

    path: Path
    files: int
    total_bytes: int
    manifest_sha256: str
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """Evidence paths left out, each with the reason."""


@dataclass
class VerifyResult:
    """What ``verify_binder`` found."""

    path: Path
    checked: int = 0
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    manifest_sha256: str = ""

    @property
    def ok(self) -> bool:
        """Whether the binder is intact."""
        return not (self.changed or self.missing or self.extra or self.unsafe or self.problems)


def is_safe_entry(name: str) -> bool:
    """Whether a zip entry name extracts inside the target folder, as itself, on Linux, macOS and Windows."""
    if not is_safe_relative(name) or len(name) > 1024 or _WINDOWS_BAD_CHARS.search(name):
        return False
    for part in name.split("/"):
        if part.endswith((".", " ")) or part.split(".")[0].upper() in _WINDOWS_RESERVED:
            return False
    return True


# --------------------------------------------------------------------------------------------- index


def binder_index(
    standard: AuditStandard,
    items: Iterable[EvidenceItem],
    *,
    company: str,
    created: date,
    assessment: Assessment | None = None,
    assignment: Assignment | None = None,
) -> dict[str, Any]:
    """Return the index (element -> requirement -> files) as plain, JSON-ready data.

    The files under each requirement are the ones ``check`` counts for it (the same ``assignment``); every
    other file is listed under its element, or at the end, with why it counts for nothing.
    """
    answers = assessment.by_requirement() if assessment and assessment.standard == standard.id else {}
    item_list = sorted(items, key=lambda i: i.path)
    if assignment is None:
        assignment = assign_evidence(standard, item_list, today=created)
    in_binder = {i.path for i in item_list}
    reasons: dict[str, list[dict[str, str]]] = {}
    loose: dict[str, list[dict[str, str]]] = {}
    other: list[dict[str, str]] = []
    folders = {element.folder: element.id for element in standard.elements}
    for assigned in assignment.files:
        path = assigned.item.path
        if path not in in_binder:
            continue
        name = EVIDENCE_PREFIX + path
        for tie in assigned.ties:
            if tie.counts:
                reasons.setdefault(tie.requirement, []).append({"file": name, "reason": tie.reason})
        if assigned.counted_for:
            continue
        entry = {"file": name, "why": assigned.not_counted}
        element_id = folders.get(assigned.item.element)
        if element_id is not None:
            loose.setdefault(element_id, []).append(entry)
        else:
            other.append(entry)
    elements = []
    for element in standard.elements:
        requirements = []
        for req in element.requirements:
            answer = answers.get(req.id)
            ties = reasons.get(req.id, [])
            requirements.append(
                {
                    "id": req.id,
                    "text": req.text,
                    "verification": req.verification.value,
                    "answer": answer.answer.value if answer else None,
                    "files": [t["file"] for t in ties],
                    "reasons": ties,
                }
            )
        not_counted = loose.get(element.id, [])
        elements.append(
            {
                "id": element.id,
                "title": element.title,
                "folder": element.folder,
                "requirements": requirements,
                "other_files": [e["file"] for e in not_counted],
                "not_counted": not_counted,
            }
        )
    return {
        "binder_version": 1,
        "company": company,
        "created": created.isoformat(),
        "standard": {"id": standard.id, "title": standard.title, "edition": standard.edition},
        "elements": elements,
        "other_files": [e["file"] for e in other],
        "not_counted": other,
    }


def render_index(
    index: dict[str, Any], fmt: DocumentFormat, template_dir: Path | None = None, markdown: str | None = None
) -> str:
    """Render the binder index (``binder-index.md.j2``) as Markdown or HTML, links relative to the binder;
    ``markdown``, the index already rendered as Markdown, saves rendering it again for the HTML."""
    context = {"index": index, "manifest": MANIFEST_NAME, "labels": ANSWER_LABELS_BY_VALUE}
    title = f"Audit binder: {index['company']}"
    return render_document("binder-index", context, fmt, title=title, template_dir=template_dir, markdown=markdown)


# --------------------------------------------------------------------------------------------- build


def _zip_info(name: str, created: date) -> zipfile.ZipInfo:
    stamp = (max(created.year, 1980), created.month, created.day, 0, 0, 0)
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = _FILE_MODE
    info.create_system = 3  # Unix, so the mode bits are read as such
    return info


_THROUGH_A_LINK = "it is or passes through a link (links are not followed)"
_SURROGATE = re.compile("[\ud800-\udfff]")
"""What Python holds a file name's bytes that are not UTF-8 as."""


class _Sources:
    """Finds each evidence file for the binder, or why it is left out (unsafe name, link, not a file).

    Why: each folder is checked once (links, and that it resolves inside the evidence folder), so a file
    costs one ``lstat``; resolving every file's real path took a third of a binder of small files.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.evidence_dir = workspace.evidence_dir
        self._folders: dict[str, str | None] = {"": None}

    def _folder_problem(self, folder: str) -> str | None:
        """Why files in ``folder`` (relative, '/'-separated) are left out, or None; cached per folder."""
        if folder in self._folders:
            return self._folders[folder]
        problem = self._folder_problem(folder.rpartition("/")[0])
        if problem is None:
            path = self.evidence_dir / folder
            if path.is_symlink():
                problem = _THROUGH_A_LINK
            else:
                try:
                    inside(self.evidence_dir, path)
                except CorcliError:
                    problem = "it is outside the evidence folder"
        self._folders[folder] = problem
        return problem

    def find(self, relative: str) -> Path | str:
        """Return the evidence file for ``relative``, or why it is left out."""
        if _SURROGATE.search(relative):
            return "its name is not valid UTF-8, which a zip cannot hold so every system reads it; rename the file"
        if not is_safe_entry(EVIDENCE_PREFIX + relative):
            return "its name would not extract safely on every system (e.g. '..', ':', a reserved name)"
        problem = self._folder_problem(relative.rpartition("/")[0])
        if problem is not None:
            return problem
        candidate = self.evidence_dir / relative
        try:
            info = candidate.lstat()
        except OSError:
            return "it cannot be read"
        if stat.S_ISLNK(info.st_mode):
            return _THROUGH_A_LINK
        if not stat.S_ISREG(info.st_mode):
            return "it is not a regular file"
        if info.st_nlink > 1:
            return "it is a hard link (the same file may live outside the workspace); copy it in instead"
        return candidate


def _read_chunk(reader: Any, source: Path) -> bytes:
    try:
        return bytes(reader.read(_CHUNK))
    except OSError as exc:
        raise FileAccessError(source, f"cannot be read ({exc.strerror or exc})", "Check the disk.") from None


def build_binder(
    workspace: Workspace,
    standard: AuditStandard,
    items: Sequence[EvidenceItem],
    output: Path,
    *,
    company: str,
    created: date,
    assessment: Assessment | None = None,
    documents: Mapping[str, str] | None = None,
    force: bool = False,
    template_dir: Path | None = None,
    assignment: Assignment | None = None,
) -> BuildResult:
    """Write the binder zip to ``output`` (atomically; an existing file needs ``force``).

    ``documents`` adds text files at the top of the binder (e.g. the self-assessment export);
    ``template_dir`` may override the index's templates.
    """
    extra = dict(documents or {})
    reserved = {INDEX_JSON, INDEX_MARKDOWN, INDEX_HTML, MANIFEST_NAME}
    for name in extra:
        if not is_safe_entry(name) or "/" in name or name in reserved or name.startswith("evidence"):
            raise BinderError(f"{name!r} cannot be added to the binder.", "Use a plain file name at the top level.")
    output = output.expanduser()
    check_output(output, force=force)
    if output.is_dir():
        raise BinderError(f"{output} is a folder.", "Give a file name, e.g. binder.zip.")
    evidence_root = workspace.evidence_dir.resolve()
    resolved_output = output.resolve()
    if resolved_output == evidence_root or evidence_root in resolved_output.parents:
        raise BinderError(
            f"{output} is inside the evidence folder.", "Write the binder elsewhere, e.g. the workspace folder."
        )
    skipped: list[tuple[str, str]] = []
    usable: list[tuple[EvidenceItem, Path]] = []
    folded: dict[str, str] = {}
    sources = _Sources(workspace)
    for item in sorted(items, key=lambda i: i.path):
        source = sources.find(item.path)
        if isinstance(source, str):
            skipped.append((item.path, source))
        elif item.path.casefold() in folded:
            skipped.append((item.path, f"its name differs only in case from {folded[item.path.casefold()]}"))
        else:
            folded[item.path.casefold()] = item.path
            usable.append((item, source))
    index = binder_index(
        standard,
        [item for item, _ in usable],
        company=company,
        created=created,
        assessment=assessment,
        assignment=assignment,
    )
    hashes: dict[str, str] = {}
    total = 0
    with open_output(output, force=force) as handle, zipfile.ZipFile(handle, "w") as archive:
        for item, source in usable:
            name = EVIDENCE_PREFIX + item.path
            digest = hashlib.sha256()
            try:
                reader = source.open("rb")
            except OSError as exc:
                reason = f"cannot be read ({exc.strerror or exc})"
                raise FileAccessError(source, reason, "Check its permissions.") from None
            with reader, archive.open(_zip_info(name, created), "w", force_zip64=True) as out:
                while chunk := _read_chunk(reader, source):
                    digest.update(chunk)
                    out.write(chunk)
                    total += len(chunk)
            hashes[name] = digest.hexdigest()
        markdown = render_index(index, "markdown", template_dir)
        texts = {
            INDEX_JSON: json.dumps(index, indent=2, ensure_ascii=False) + "\n",
            INDEX_MARKDOWN: markdown,
            INDEX_HTML: render_index(index, "html", template_dir, markdown),
            **extra,
        }
        for name, text in texts.items():
            data = text.encode("utf-8")
            archive.writestr(_zip_info(name, created), data)
            hashes[name] = hashlib.sha256(data).hexdigest()
        manifest = "".join(f"{hashes[name]}  {name}\n" for name in sorted(hashes)).encode("utf-8")
        archive.writestr(_zip_info(MANIFEST_NAME, created), manifest)
    return BuildResult(output, len(usable), total, hashlib.sha256(manifest).hexdigest(), skipped)


# -------------------------------------------------------------------------------------------- verify


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _hash_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    with archive.open(info) as reader:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read an entry, refusing it if it inflates past ``limit`` whatever its header claims."""
    with archive.open(info) as reader:
        data = reader.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"it inflates past {limit:,} bytes")
    return bytes(data)


def _parse_manifest(data: bytes, result: VerifyResult) -> dict[str, str]:
    expected: dict[str, str] = {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        result.problems.append(f"{MANIFEST_NAME} is not UTF-8 text.")
        return expected
    # Split on \n only: a file name may hold U+0085, U+2028 or a lone \r, which splitlines() breaks on.
    for number, line in enumerate(text.removesuffix("\n").split("\n"), 1):
        match = _MANIFEST_LINE.match(line)
        if match is None:
            result.problems.append(f"{MANIFEST_NAME} line {number} is not 'SHA256  NAME'.")
            continue
        digest, name = match.groups()
        if not is_safe_entry(name):
            result.unsafe.append(name)
            continue
        if name in expected:
            result.problems.append(f"{MANIFEST_NAME} lists {name!r} twice.")
        expected[name] = digest
    return expected


def verify_binder(path: Path) -> VerifyResult:
    """Check a binder against its manifest: changed, missing, extra and unsafe entries.

    Raises ``BinderError`` (exit 2) when the file cannot be read as a zip at all.
    """
    try:
        handle = open_regular(path)
    except FileAccessError as exc:
        raise BinderError(f"{path} {exc.reason}.", exc.problems()[0].hint) from None
    with handle:
        return _verify_open(path, handle)


def _verify_open(path: Path, handle: Any) -> VerifyResult:
    result = VerifyResult(path)
    try:
        archive = zipfile.ZipFile(handle)
    except FileNotFoundError:
        raise BinderError(f"{path} does not exist.", "Check the path.") from None
    except IsADirectoryError:
        raise BinderError(f"{path} is a folder.", "Give the binder's .zip file.") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BinderError(f"{path} is not a readable zip file ({exc}).", "Get a fresh copy of the binder.") from None
    with archive:
        infos = archive.infolist()
        seen: set[str] = set()
        entries: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            plain = name[:-1] if info.is_dir() else name
            if not is_safe_entry(plain) or _is_link(info) or "\\" in info.orig_filename:
                result.unsafe.append(name)
                continue
            if name in seen:
                result.problems.append(f"the zip holds {name!r} twice.")
                continue
            seen.add(name)
            if not info.is_dir():
                entries[name] = info
        manifest_info = entries.pop(MANIFEST_NAME, None)
        if manifest_info is None:
            result.problems.append(f"there is no {MANIFEST_NAME}: not a corcli binder, or the manifest was removed.")
            result.extra.extend(sorted(entries))
            return result
        if manifest_info.file_size > LIMIT_MANIFEST:
            result.problems.append(
                f"{MANIFEST_NAME} says it is {manifest_info.file_size:,} bytes, far more than a manifest can be."
            )
            return result
        try:
            manifest = _read_bounded(archive, manifest_info, LIMIT_MANIFEST)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
            result.problems.append(f"{MANIFEST_NAME} cannot be read ({exc}).")
            return result
        result.manifest_sha256 = hashlib.sha256(manifest).hexdigest()
        expected = _parse_manifest(manifest, result)
        for name, digest in sorted(expected.items()):
            entry = entries.get(name)
            if entry is None:
                result.missing.append(name)
                continue
            try:
                actual = _hash_entry(archive, entry)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
                result.changed.append(name)
                continue
            result.checked += 1
            if actual != digest:
                result.changed.append(name)
        result.extra.extend(sorted(set(entries) - set(expected)))
    return result


def verify_exit_code(result: VerifyResult) -> ExitCode:
    """Return 0 for an intact binder, 1 for any change."""
    return ExitCode.OK if result.ok else ExitCode.FINDINGS


# --------------------------------------------------------------------------------------------- use case

DEFAULT_NAME = "audit-binder.zip"


@dataclass
class BinderOutcome:
    """A built binder and what the person should know about it."""

    result: BuildResult
    warnings: list[str] = field(default_factory=list)


def make_binder(
    project: Project,
    output: Path | None,
    today: date,
    *,
    force: bool = False,
    template_dir: Path | None = None,
) -> BinderOutcome:
    """Build the company's binder: today's evidence, the index, and the self-assessment ready to submit.

    A broken workbook does not stop the binder (its answers are left out, with a warning), nor do files
    that changed since they were indexed (the binder holds them as they are now, with a warning).
    """
    from corcli.services.assessment import export_assessment, load_assessment
    from corcli.services.evidence import scan_and_assign

    scan, assignment = scan_and_assign(project, today)
    warnings = [str(problem) for problem in scan.warnings]
    if scan.changed or scan.missing:
        warnings.append(
            f"{len(scan.changed)} evidence file(s) changed and {len(scan.missing)} missing since the index was made; "
            "the binder holds the files as they are now ('corcli evidence verify' lists them)."
        )
    assessment = None
    try:
        assessment = load_assessment(project.workspace, project.standard)
    except CorcliError as exc:
        warnings.append(f"The self-assessment answers are left out of the index: {exc}")
    documents: dict[str, str] = {}
    if assessment is not None:
        options: dict[str, Any] = {
            "company": project.profile.company.name,
            "today": today,
            "profile": project.profile,
            "counted": assignment.counted,
        }
        documents = {
            "self-assessment.md": export_assessment(
                assessment, project.standard, "markdown", **options, template_dir=template_dir
            ),
            "self-assessment.csv": export_assessment(assessment, project.standard, "csv", **options),
        }
    result = build_binder(
        project.workspace,
        project.standard,
        scan.items,
        output if output is not None else project.workspace.root / DEFAULT_NAME,
        company=project.profile.company.name,
        created=today,
        assessment=assessment,
        documents=documents,
        force=force,
        template_dir=template_dir,
        assignment=assignment,
    )
    warnings += [f"Left out evidence/{skipped}: {reason}." for skipped, reason in result.skipped]
    return BinderOutcome(result, warnings)


def check_expected(result: VerifyResult, expect: str | None) -> VerifyResult:
    """Add a problem to ``result`` when the manifest's SHA-256 is not the one the person kept."""
    wanted = (expect or "").strip().lower()
    if wanted and result.manifest_sha256 and wanted != result.manifest_sha256:
        result.problems.append(f"the manifest's SHA-256 is {result.manifest_sha256}, not the expected {wanted}.")
    return result


__all__ = [
    "DEFAULT_NAME",
    "EVIDENCE_PREFIX",
    "INDEX_HTML",
    "INDEX_JSON",
    "INDEX_MARKDOWN",
    "MANIFEST_NAME",
    "BinderError",
    "BinderOutcome",
    "BuildResult",
    "VerifyResult",
    "binder_index",
    "build_binder",
    "check_expected",
    "is_safe_entry",
    "make_binder",
    "render_index",
    "verify_binder",
    "verify_exit_code",
]

"""A catalogue of malformed inputs: each gives one clear message, exit 2, no traceback, nothing written.

Inputs come from people and other tools; every one of them will be wrong sometimes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from corcli.storage import resources

Invoke = Callable[..., Any]
Mutation = Callable[[Path], None]


def _snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` with a digest of its content (links by target)."""
    state: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if ".corcli" in path.relative_to(root).parts:
            continue
        if path.is_symlink():
            state[rel] = "link:" + str(path.readlink())
        elif path.is_dir():
            state[rel] = "dir"
        elif not path.is_file():
            state[rel] = "special"
        else:
            state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def _edit_profile(old: str, new: str) -> Mutation:
    def mutate(root: Path) -> None:
        profile = root / "corcli.yaml"
        text = profile.read_text()
        assert old in text, f"test set-up: {old!r} not in the profile"
        profile.write_text(text.replace(old, new, 1))

    return mutate


def _append_profile(extra: str) -> Mutation:
    def mutate(root: Path) -> None:
        profile = root / "corcli.yaml"
        profile.write_text(profile.read_text() + extra)

    return mutate


def _both(*mutations: Mutation) -> Mutation:
    def mutate(root: Path) -> None:
        for mutation in mutations:
            mutation(root)

    return mutate


def _replace_profile(content: bytes) -> Mutation:
    def mutate(root: Path) -> None:
        (root / "corcli.yaml").write_bytes(content)

    return mutate


@dataclass(frozen=True)
class Case:
    """One malformed input and the words its message must contain."""

    id: str
    mutate: Mutation
    expect: str


PROFILE_CASES = [
    Case("unclosed-bracket", _edit_profile("employees: 8", "employees: [8"), "YAML syntax error"),
    Case("unclosed-quote", _edit_profile('name: "Prairie Roofing Ltd."', 'name: "Prairie Roofing'), "YAML syntax"),
    Case("tab-indent", _edit_profile("  employees: 8", "\temployees: 8"), "tab"),
    Case("bad-indent", _edit_profile("  employees: 8", "      employees: 8"), "YAML syntax error"),
    Case("duplicate-top-key", _append_profile("company:\n  name: twice\n"), "duplicate key 'company'"),
    Case("duplicate-nested-key", _edit_profile("  employees: 8", "  employees: 8\n  employees: 9"), "duplicate key"),
    Case("unknown-top-key", _append_profile("colour: blue\n"), "unknown key 'colour'"),
    Case("misspelt-key", _edit_profile("  employees: 8", "  employes: 8"), "Did you mean 'employees'"),
    Case("employees-text", _edit_profile("employees: 8", "employees: eight"), "whole number"),
    Case("employees-negative", _edit_profile("employees: 8", "employees: -4"), "at least 1"),
    Case("employees-zero", _edit_profile("employees: 8", "employees: 0"), "at least 1"),
    Case("employees-huge", _edit_profile("employees: 8", "employees: 99999999999999999999"), "at most"),
    Case("employees-fraction", _edit_profile("employees: 8", "employees: 8.5"), "whole number"),
    Case("employees-list", _edit_profile("employees: 8", "employees: [8, 9]"), "whole number"),
    Case("province-name", _edit_profile('province: "AB"', "province: Alberta"), "province or territory code"),
    Case("province-lower", _edit_profile('province: "AB"', "province: ab"), "province or territory code"),
    Case("province-unknown", _edit_profile('province: "AB"', "province: XX"), "province or territory code"),
    Case("province-number", _edit_profile('province: "AB"', "province: 12"), "must be text"),
    Case("partner-unknown", _edit_profile('partner: "acsa"', "partner: acme"), "Unknown certifying partner 'acme'"),
    Case("partner-typo", _edit_profile('partner: "acsa"', "partner: acsaa"), "Did you mean 'acsa'"),
    Case("partner-bad-id", _edit_profile('partner: "acsa"', 'partner: "ACSA Inc."'), "not a valid id"),
    Case("program-invalid", _edit_profile('program: "auto"', "program: GOLD"), "not an allowed value"),
    Case(
        "secor-above-limit",
        _both(_edit_profile('program: "auto"', "program: SECOR"), _edit_profile("employees: 8", "employees: 40")),
        "limit of 10",
    ),
    Case("date-impossible", _edit_profile("records_since: null", "records_since: 2026-02-30"), "not a valid date"),
    Case("date-words", _edit_profile("records_since: null", "records_since: last spring"), "not a valid date"),
    Case("date-number", _edit_profile("records_since: null", "records_since: 20260101"), "not a valid date"),
    Case(
        "audit-before-records",
        _both(
            _edit_profile("records_since: null", "records_since: 2026-06-01"),
            _edit_profile("planned_audit: null", "planned_audit: 2025-01-01"),
        ),
        "before records_since",
    ),
    Case("name-empty", _edit_profile('name: "Prairie Roofing Ltd."', 'name: ""'), "is empty"),
    Case("industry-unknown", _edit_profile('industry: "construction"', "industry: rocketry"), "industry"),
    Case("roles-negative", _edit_profile("roles: []", "roles:\n  - {name: Roofer, count: -2}"), "at least 0"),
    Case("roles-not-list", _edit_profile("roles: []", "roles: roofers"), "must be a list"),
    Case("site-kind", _edit_profile("sites: []", "sites:\n  - {name: Yard, kind: moon}"), "not an allowed value"),
    Case("na-without-reason", _edit_profile("not_applicable: []", "not_applicable:\n  - requirement: '1.1'"), "reason"),
    Case("schema-version", _edit_profile("schema_version: 1", "schema_version: 7"), "not an allowed value"),
    Case("python-tag", _edit_profile('name: "Prairie Roofing Ltd."', "name: !!python/object:os.system x"), "YAML"),
    Case("empty-file", _replace_profile(b""), "is empty"),
    Case("only-comments", _replace_profile(b"# nothing here\n"), "is empty"),
    Case("top-level-list", _replace_profile(b"- company\n- certification\n"), "top level"),
    Case("plain-text", _replace_profile(b"Prairie Roofing, 8 people, Alberta"), "top level"),
    Case("binary", _replace_profile(bytes(range(256))), "not a text file"),
    Case("latin-1", _replace_profile("company:\n  name: Toiture Qu\u00e9bec\n".encode("latin-1")), "not valid UTF-8"),
    Case("utf-16", _replace_profile("company: {}\n".encode("utf-16")), "not a text file"),
]


def _profile_is_a_folder(root: Path) -> None:
    (root / "corcli.yaml").unlink()
    (root / "corcli.yaml").mkdir()


PROFILE_CASES.append(Case("profile-is-folder", _profile_is_a_folder, "corcli.yaml"))

# Commands that read the profile; each must refuse every malformed profile the same way.
PROFILE_COMMANDS = [("validate",), ("check",), ("manual", "--format", "markdown")]


@pytest.mark.parametrize("command", PROFILE_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("case", PROFILE_CASES, ids=lambda c: c.id)
def test_malformed_profile_is_refused_cleanly(
    invoke: Invoke, make_workspace: Callable[..., Path], case: Case, command: tuple[str, ...]
) -> None:
    root = make_workspace()
    case.mutate(root)
    before = _snapshot(root)
    result = invoke(*command, "-w", root)
    assert result.exit_code == 2, result.output
    assert case.expect in result.stderr, result.stderr
    assert result.stdout == ""
    if case.id != "profile-is-folder":
        assert str(root / "corcli.yaml") in result.stderr
    assert _snapshot(root) == before


def test_unreadable_profile_is_refused(
    invoke: Invoke, make_workspace: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from corcli.storage import files

    root = make_workspace()
    real_open = os.open

    def deny(path: Any, flags: int, *args: Any) -> int:
        if Path(path).name == "corcli.yaml" and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(files.os, "open", deny)
    result = invoke("validate", "-w", root)
    assert result.exit_code == 2
    assert "permission denied" in result.stderr


# --- catalog data files, in a workspace partners/ folder ---------------------------------------------------------


def _shipped(name: str) -> str:
    return (resources.data_dir() / name).read_text()


def _data_file(name: str, make: Callable[[], str | bytes]) -> Mutation:
    def mutate(root: Path) -> None:
        target = root / "partners" / name
        target.parent.mkdir(exist_ok=True)
        content = make()
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)

    return mutate


def _partner(old: str, new: str) -> Callable[[], str]:
    def make() -> str:
        text = _shipped("partners/acsa.yaml").replace("id: acsa", "id: my-partner", 1)
        assert old in text, f"test set-up: {old!r} not in acsa.yaml"
        return text.replace(old, new, 1)

    return make


def _standard(old: str, new: str) -> Callable[[], str]:
    def make() -> str:
        text = _shipped("standards/acsa-secor.yaml").replace("id: acsa-secor", "id: my-standard", 1)
        assert old in text, f"test set-up: {old!r} not in acsa-secor.yaml"
        return text.replace(old, new, 1)

    return make


def _sources_removed() -> str:
    text = _shipped("partners/acsa.yaml").replace("id: acsa", "id: my-partner", 1)
    return text[: text.index("\nsources:") + 1]  # the top-level key, not a rule block's sources


def _data_folder_file(root: Path) -> None:
    (root / "partners" / "odd.yaml").mkdir(parents=True)


DATA_CASES = [
    Case("partner-no-sources", _data_file("p.yaml", _sources_removed), "missing required key 'sources'"),
    Case("partner-empty-sources", _data_file("p.yaml", lambda: _sources_removed() + "sources: []\n"), "is empty"),
    Case(
        "partner-industry",
        _data_file("p.yaml", _partner("industries: [construction]", "industries: [rockets]")),
        "unknown industry 'rockets'",
    ),
    Case(
        "partner-website-list",
        _data_file("p.yaml", _partner("website: https://www.youracsa.ca", "website: [a, b]")),
        "website",
    ),
    Case(
        "partner-offered-maybe",
        _data_file("p.yaml", _partner('offered: "yes"', "offered: maybe")),
        "not an allowed value",
    ),
    Case(
        "partner-missing-standard",
        _data_file("p.yaml", _partner("standard: acsa-cor", "standard: no-such")),
        "'no-such', which does not exist",
    ),
    Case(
        "partner-bad-jurisdiction",
        _data_file("p.yaml", _partner("jurisdictions: [AB]", "jurisdictions: [ZZ]")),
        "unknown jurisdiction 'ZZ'",
    ),
    Case(
        "partner-listing",
        _data_file("p.yaml", _partner("listing: confirmed", "listing: definitely")),
        "not an allowed value",
    ),
    Case(
        "standard-dup-requirement",
        _data_file("s.yaml", _standard("id: '1.2'", "id: '1.1'")),
        "requirement id '1.1' is used twice",
    ),
    Case(
        "standard-no-evidence-kinds",
        _data_file("s.yaml", _standard("    evidence_kinds:\n    - policy\n", "")),
        "at least one evidence kind",
    ),
    Case("standard-negative-points", _data_file("s.yaml", _standard("points: 10", "points: -10")), "more than 0"),
    Case("standard-huge-points", _data_file("s.yaml", _standard("points: 10", "points: 1e12")), "at most 1000"),
    Case(
        "standard-verification",
        _data_file("s.yaml", _standard("verification: documentation", "verification: vibes")),
        "not an allowed value",
    ),
    Case(
        "standard-recurrence",
        _data_file("s.yaml", _standard("recurrence: annual", "recurrence: fortnightly")),
        "not an allowed value",
    ),
    Case(
        "standard-weights",
        _data_file("s.yaml", _standard("weights: estimated", "weights: guessed")),
        "not an allowed value",
    ),
    Case("no-kind", _data_file("x.yaml", lambda: "id: x\nname: y\n"), "kind: partner"),
    Case("unknown-kind", _data_file("x.yaml", lambda: "kind: auditor\nid: x\n"), "kind 'auditor'"),
    Case("data-empty", _data_file("x.yaml", lambda: ""), "kind: partner"),
    Case("data-binary", _data_file("x.yaml", lambda: b"\x89PNG\r\n\x1a\n\x00\x00"), "not a text file"),
    Case("data-syntax", _data_file("x.yaml", lambda: "kind: partner\nid: [x\n"), "YAML syntax error"),
    Case("data-duplicate-key", _data_file("x.yaml", lambda: "kind: partner\nkind: standard\n"), "duplicate key"),
    Case("data-folder-named-yaml", _data_folder_file, "is a folder"),
    Case(
        "two-files-one-id",
        _both(
            _data_file("a.yaml", _partner("name: Alberta", "name: One")),
            _data_file("b.yaml", _partner("name: Alberta", "name: Two")),
        ),
        "also defined",
    ),
]


@pytest.mark.parametrize("command", [("validate",), ("partners", "list")], ids=lambda c: c[0])
@pytest.mark.parametrize("case", DATA_CASES, ids=lambda c: c.id)
def test_malformed_data_file_is_refused_cleanly(
    invoke: Invoke, make_workspace: Callable[..., Path], case: Case, command: tuple[str, ...]
) -> None:
    root = make_workspace()
    case.mutate(root)
    before = _snapshot(root)
    result = invoke(*command, "-w", root)
    assert result.exit_code == 2, result.output
    assert case.expect in result.stderr, result.stderr
    assert str(root / "partners") in result.stderr
    assert _snapshot(root) == before


# --- user templates (corcli manual --template-dir) ------------------------------------------------------------------


def _template(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def make(base: Path) -> Path:
        folder = base / "my-templates"
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)
        return folder

    return make


def _template_link_out(base: Path) -> Path:
    folder = base / "my-templates"
    folder.mkdir()
    secret = base / "secret.md.j2"
    secret.write_text("secret {{ 1 + 1 }}")
    (folder / "policy.md.j2").symlink_to(secret)
    return folder


TEMPLATE_CASES = [
    ("syntax-error", _template("policy.md.j2", "{% if %}broken"), "policy.md.j2"),
    ("unclosed-block", _template("policy.md.j2", "{% for x in y %}never closed"), "policy.md.j2"),
    ("undefined-variable", _template("policy.md.j2", "{{ no_such_thing.name }}"), "no_such_thing"),
    ("attribute-escape", _template("policy.md.j2", "{{ ''.__class__.__mro__[1].__subclasses__() }}"), "policy.md.j2"),
    ("format-escape", _template("policy.md.j2", "{{ '{0.__class__}'.format(company) }}"), "policy.md.j2"),
    ("include-parent", _template("policy.md.j2", "{% include '../secret.md.j2' %}"), "secret.md.j2"),
    ("include-absolute", _template("policy.md.j2", "{% include '/etc/passwd' %}"), "/etc/passwd"),
    ("binary-template", _template("policy.md.j2", b"\x00\x01\x02\xff"), "policy.md.j2"),
    ("link-out-of-folder", _template_link_out, "policy.md.j2"),
    ("template-dir-missing", lambda base: base / "no-such-folder", "no-such-folder"),
    ("template-dir-is-file", lambda base: _template("f.txt", "x")(base) / "f.txt", "f.txt"),
]


@pytest.mark.parametrize(("case_id", "make", "expect"), TEMPLATE_CASES, ids=[c[0] for c in TEMPLATE_CASES])
def test_malformed_user_template_is_refused_cleanly(
    invoke: Invoke,
    make_workspace: Callable[..., Path],
    tmp_path: Path,
    case_id: str,
    make: Callable[[Path], Path],
    expect: str,
) -> None:
    root = make_workspace()
    folder = make(tmp_path)
    before = _snapshot(root)
    result = invoke("manual", "-w", root, "--format", "markdown", "--template-dir", folder)
    assert result.exit_code == 2, result.output
    assert expect in result.stderr, result.stderr
    assert result.stdout == ""
    assert "secret 2" not in result.output
    assert _snapshot(root) == before


# --- the evidence folder and 'corcli evidence' ----------------------------------------------------------------------


def _index(content: bytes) -> Mutation:
    def mutate(root: Path) -> None:
        (root / "evidence" / "index.yaml").write_bytes(content)

    return mutate


INDEX_CASES = [
    Case("index-syntax", _index(b"items: [\n"), "evidence rebuild"),
    Case("index-binary", _index(b"\x00\x01\x02"), "evidence rebuild"),
    Case("index-not-utf8", _index(b"items:\n  - path: caf\xe9.pdf\n"), "evidence rebuild"),
    Case("index-duplicate-key", _index(b"schema_version: 1\nschema_version: 1\nitems: []\n"), "duplicate key"),
    Case("index-wrong-shape", _index(b"- just\n- a list\n"), "evidence rebuild"),
    Case(
        "index-bad-hash",
        _index(b"items:\n  - {path: 01-policy/a.pdf, element: 01-policy, sha256: xyz, size: 1}\n"),
        "evidence rebuild",
    ),
    Case(
        "index-negative-size",
        _index(b"items:\n  - {path: 01-policy/a.pdf, element: 01-policy, sha256: '" + b"0" * 64 + b"', size: -5}\n"),
        "evidence rebuild",
    ),
]


@pytest.mark.parametrize("case", INDEX_CASES, ids=lambda c: c.id)
def test_corrupt_evidence_index_is_reported_and_nothing_is_lost(
    invoke: Invoke, make_workspace: Callable[..., Path], case: Case
) -> None:
    root = make_workspace()
    record = root / "evidence" / "01-policy" / "2026-09-01_req-1.1_policy.pdf"
    record.write_bytes(b"signed policy")
    case.mutate(root)
    before = _snapshot(root)
    result = invoke("evidence", "verify", "-w", root)
    assert result.exit_code == 2, result.output
    assert case.expect in result.stderr
    assert str(root / "evidence" / "index.yaml") in result.stderr
    assert _snapshot(root) == before
    rebuilt = invoke("evidence", "rebuild", "-w", root)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert record.read_bytes() == b"signed policy"
    assert invoke("evidence", "verify", "-w", root).exit_code == 0


def _outside_file(tmp_path: Path) -> Path:
    target = tmp_path / "outside.pdf"
    target.write_bytes(b"x")
    return target


ADD_CASES: list[tuple[str, Callable[[Path, Path], list[str]], str]] = [
    ("missing-file", lambda root, tmp: [str(tmp / "nope.pdf"), "-r", "1.1"], "does not exist"),
    ("folder-not-file", lambda root, tmp: [str(tmp), "-r", "1.1"], "is a folder"),
    ("unknown-requirement", lambda root, tmp: [str(_outside_file(tmp)), "-r", "99.9"], "Unknown requirement '99.9'"),
    (
        "impossible-date",
        lambda root, tmp: [str(_outside_file(tmp)), "-r", "1.1", "--date", "2026-02-30"],
        "not a valid date",
    ),
    ("future-date", lambda root, tmp: [str(_outside_file(tmp)), "-r", "1.1", "--date", "2099-01-01"], "future"),
    (
        "words-for-date",
        lambda root, tmp: [str(_outside_file(tmp)), "-r", "1.1", "--date", "last week"],
        "not a valid date",
    ),
]


@pytest.mark.parametrize(("case_id", "make_args", "expect"), ADD_CASES, ids=[c[0] for c in ADD_CASES])
def test_bad_evidence_add_is_refused_cleanly(
    invoke: Invoke,
    make_workspace: Callable[..., Path],
    tmp_path: Path,
    case_id: str,
    make_args: Callable[[Path, Path], list[str]],
    expect: str,
) -> None:
    root = make_workspace()
    outside = tmp_path / "outside"
    outside.mkdir()
    args = make_args(root, outside)
    before = _snapshot(root)
    result = invoke("evidence", "add", *args, "-w", root)
    assert result.exit_code == 2, result.output
    assert expect in result.stderr, result.stderr
    assert _snapshot(root) == before


def test_evidence_links_out_and_loops_are_skipped_with_a_warning(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_workspace()
    folder = root / "evidence" / "01-policy"
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"not evidence")
    (folder / "2026-09-01_req-1.1_link.pdf").symlink_to(secret)
    (folder / "loop-a.pdf").symlink_to(folder / "loop-b.pdf")
    (folder / "loop-b.pdf").symlink_to(folder / "loop-a.pdf")
    (folder / "2026-09-02_req-1.1_Politique santé sécurité.pdf").write_bytes(b"real")
    (folder / "2026-09-03_req-1.3_two\nlines.pdf").write_bytes(b"real too")
    result = invoke("evidence", "list", "-w", root, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "secret" not in result.stdout
    assert "outside the workspace" in result.stderr or "link" in result.stderr
    assert "Politique santé sécurité" in result.stdout


# --- the one output writer: what every command that writes a file refuses -----------------------------------------

# Commands that write a report with -o; each must refuse every unsafe target the same way.
WRITE_COMMANDS = [
    ("check",),
    ("check", "--format", "json"),
    ("evidence", "list"),
    ("evidence", "verify"),
    ("partners", "list"),
    ("partners", "show", "acsa"),
    ("manual", "--format", "markdown"),
    ("calendar", "--format", "ics"),
    ("plan",),
    ("assess", "export"),
    ("binder",),
]


def _existing(root: Path) -> Path:
    target = root / "report.txt"
    target.write_text("my own notes")
    return target


def _fifo(root: Path) -> Path:
    target = root / "pipe"
    os.mkfifo(target)
    return target


def _link_to_outside(root: Path) -> Path:
    outside = root.parent / "outside.txt"
    outside.write_text("not yours")
    (root / "report.txt").symlink_to(outside)
    return root / "report.txt"


def _folder_link_out(root: Path) -> Path:
    outside = root.parent / "outside-folder"
    outside.mkdir()
    (root / "reports").symlink_to(outside)
    return root / "reports" / "report.txt"


def _evidence_file(root: Path) -> Path:
    target = root / "evidence" / "01-policy" / "2026-09-01_req-1.1_policy.pdf"
    target.write_bytes(b"signed policy")
    return target


# (id, make target, --force given, words the message must hold)
OUTPUT_CASES: list[tuple[str, Callable[[Path], Path], bool, str]] = [
    ("existing-file", _existing, False, "--force"),
    ("profile", lambda root: root / "corcli.yaml", True, "company profile"),
    ("evidence", _evidence_file, True, "evidence folder"),
    ("index", lambda root: root / "evidence" / "index.yaml", True, "evidence folder"),
    ("assessment", lambda root: root / "assessment.yaml", True, "self-assessment"),
    ("state-folder", lambda root: root / ".corcli" / "x.txt", True, ".corcli"),
    ("fifo", _fifo, True, "not a regular file"),
    ("device", lambda root: Path(os.devnull), True, "not a regular file"),
    ("link", _link_to_outside, True, "is a link"),
    ("folder-link-out", _folder_link_out, True, "leads out of the workspace"),
    ("folder", lambda root: root / "evidence", True, "is a folder"),
]


# Every case with 'check', and every command with the cases that lost data before: all of them go through
# the same writer, so this covers each command without running every pair.
OUTPUT_MATRIX = [
    (command, case)
    for command in WRITE_COMMANDS
    for case in OUTPUT_CASES
    if command == ("check",) or case[0] in {"existing-file", "profile", "evidence", "fifo"}
]


@pytest.mark.parametrize(
    ("command", "case"), OUTPUT_MATRIX, ids=[" ".join(c) + "-" + case[0] for c, case in OUTPUT_MATRIX]
)
def test_unsafe_output_target_is_refused_and_nothing_changes(
    invoke: Invoke,
    make_workspace: Callable[..., Path],
    command: tuple[str, ...],
    case: tuple[str, Callable[[Path], Path], bool, str],
) -> None:
    _, make_target, force, expect = case
    root = make_workspace()
    target = make_target(root)
    before = _snapshot(root.parent)
    args = [*command, "-w", root, "-o", target, *(["--force"] if force else [])]
    if command[0] == "binder":
        args = ["binder", "-w", root, "-o", target, *(["--force"] if force else [])]
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert expect in result.stderr, result.stderr
    assert str(target) in result.stderr
    assert _snapshot(root.parent) == before


def test_report_over_an_existing_file_needs_force(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    target = _existing(root)
    assert invoke("check", "-w", root, "-o", target, "--exit-zero", "--force").exit_code == 0
    assert "my own notes" not in target.read_text()


def test_new_files_honour_the_umask(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    old = os.umask(0o027)
    try:
        invoke("check", "-w", root, "-o", root / "r.txt", "--exit-zero")
        invoke("binder", "-w", root, "-o", root / "b.zip")
    finally:
        os.umask(old)
    assert (root / "r.txt").stat().st_mode & 0o777 == 0o640
    assert (root / "b.zip").stat().st_mode & 0o777 == 0o640


# --- the one reader: links out, FIFOs, devices and bombs in every file corcli reads --------------------------------


def _profile_link_out(root: Path) -> None:
    outside = root.parent / "elsewhere.yaml"
    (root / "corcli.yaml").rename(outside)
    (root / "corcli.yaml").symlink_to(outside)


def _profile_fifo(root: Path) -> None:
    (root / "corcli.yaml").unlink()
    os.mkfifo(root / "corcli.yaml")


ALIAS_BOMB = b"a: &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 10)}]\n".encode() for n in range(8)
)
MERGE_BOMB = b"l0: &l0 {k0: 0}\n" + b"".join(
    f"l{n}: &l{n} {{<<: [{', '.join([f'*l{n - 1}'] * 10)}], k{n}: {n}}}\n".encode() for n in range(1, 9)
)

READ_CASES = [
    Case("profile-link-out", _profile_link_out, "leads out of the workspace"),
    Case("profile-fifo", _profile_fifo, "not a regular file"),
    Case("alias-bomb", _replace_profile(ALIAS_BOMB), "aliases"),
    Case("merge-key-bomb", _replace_profile(MERGE_BOMB), "aliases"),
    Case("recursive-alias", _replace_profile(b"company: &c\n  name: *c\n"), "never ends"),
    Case("deep-nesting", _replace_profile(b"company: " + b"[" * 50_000 + b"]" * 50_000 + b"\n"), "corcli.yaml"),
]


@pytest.mark.parametrize("command", PROFILE_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("case", READ_CASES, ids=lambda c: c.id)
def test_unsafe_profile_is_refused_in_bounded_time(
    invoke: Invoke, make_workspace: Callable[..., Path], case: Case, command: tuple[str, ...]
) -> None:
    import resource
    import time

    root = make_workspace()
    case.mutate(root)
    before = _snapshot(root)
    started = time.monotonic()
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = invoke(*command, "-w", root)
    assert time.monotonic() - started < 10
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before < 200_000  # KiB
    assert result.exit_code == 2, result.output
    assert case.expect in result.stderr, result.stderr
    assert _snapshot(root) == before


def test_demo_force_refuses_a_real_workspace(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    before = _snapshot(root)
    result = invoke("demo", root, "--force", "--today", "2026-11-26")
    assert result.exit_code == 2, result.output
    assert "not a demo workspace" in result.stderr
    assert _snapshot(root) == before


@pytest.mark.parametrize("kind", ["fifo", "device", "missing"])
def test_binder_verify_refuses_what_is_not_a_zip_file_at_once(invoke: Invoke, tmp_path: Path, kind: str) -> None:
    target = {"fifo": tmp_path / "b.zip", "device": Path("/dev/zero"), "missing": tmp_path / "none.zip"}[kind]
    if kind == "fifo":
        os.mkfifo(target)
    result = invoke("binder", "verify", target)
    assert result.exit_code == 2, result.output
    assert str(target) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_binder_manifest_that_inflates_past_its_limit_is_a_finding(invoke: Invoke, tmp_path: Path) -> None:
    import zipfile

    target = tmp_path / "b.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("MANIFEST.sha256", "w") as out:
        chunk = b"0" * (1 << 20)
        for _ in range(80):  # 80 MiB inflated, about 80 KiB on disk
            out.write(chunk)
    result = invoke("binder", "verify", target)
    assert result.exit_code == 1, result.output
    assert "MANIFEST.sha256" in result.output


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[" * 100_000 + b"]" * 100_000, b'{"version": 1, "files": {"a": 1}}', b"\xff\xfe"],
    ids=["truncated", "deeply-nested", "wrong-shape", "not-utf8"],
)
def test_broken_caches_are_ignored_and_rebuilt(
    invoke: Invoke, make_workspace: Callable[..., Path], content: bytes
) -> None:
    root = make_workspace()
    (root / "evidence" / "01-policy" / "2026-09-01_req-1.1_policy.pdf").write_bytes(b"signed")
    assert invoke("evidence", "rebuild", "-w", root).exit_code == 0
    assert invoke("evidence", "verify", "-w", root).exit_code == 0
    assert (root / ".corcli" / "hash-cache.json").is_file()
    for cache in ("hash-cache.json", "index-cache.json"):
        (root / ".corcli" / cache).write_bytes(content)
    result = invoke("check", "-w", root, "--format", "json", "--exit-zero")
    assert result.exit_code == 0, result.output
    assert invoke("evidence", "verify", "-w", root).exit_code == 0


# --- escaping by output: hostile text in the company name and an N/A reason -------------------------------------

HOSTILE = "Evil [/] [link=http://x]Co[/link] <script>alert(1)</script>\r\n# Heading\x1b[31m\u202e"


@pytest.fixture
def hostile_workspace(make_workspace: Callable[..., Path]) -> Path:
    root = make_workspace(name=HOSTILE)
    profile = root / "corcli.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "not_applicable: []" in text
    profile.write_text(
        text.replace(
            "not_applicable: []", 'not_applicable:\n  - {requirement: "2.1", reason: "[/] [bold]x\\u001b[2J"}'
        ).replace("planned_audit: null", 'planned_audit: "2027-05-01"'),
        encoding="utf-8",
    )
    return root


ESCAPE_COMMANDS = [
    ("check",),
    ("check", "--format", "markdown"),
    ("assess", "export", "--format", "markdown"),
    ("assess", "export", "--format", "csv"),
    ("plan", "--format", "markdown"),
    ("calendar", "--format", "ics"),
    ("manual", "--format", "docx"),
    ("evidence", "list"),
]


@pytest.mark.parametrize("command", ESCAPE_COMMANDS, ids=" ".join)
def test_hostile_text_is_escaped_by_each_output(
    invoke: Invoke, hostile_workspace: Path, command: tuple[str, ...]
) -> None:
    target = hostile_workspace / "out.bin"
    result = invoke(*command, "-w", hostile_workspace, "-o", target)
    assert result.exit_code in {0, 1}, result.output
    assert "\x1b" not in result.output
    assert "\u202e" not in result.output
    data = target.read_bytes()
    if "markdown" in command:
        text = data.decode("utf-8")
        assert "\x1b" not in text
        assert "<script>" not in text
        assert "\n# Heading" not in text
    if "csv" in command:
        assert data.startswith("\ufeff".encode())
        assert b"\r\n# Heading" not in data


def test_hostile_text_reaches_the_terminal_as_text(invoke: Invoke, hostile_workspace: Path) -> None:
    result = invoke("check", "-w", hostile_workspace)
    assert result.exit_code in {0, 1}, result.output
    assert "[/]" in result.stdout  # shown, not parsed
    assert "\\x1b" in result.stdout  # the escape character made visible
    assert "\x1b" not in result.stdout


# --- user templates cannot spend the machine ----------------------------------------------------------------------

TEMPLATE_BOMBS = [
    ("nested-range", "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}", "seconds"),
    ("huge-range", "{% for a in range(10**9) %}{% endfor %}", "too large"),
    ("long-range", "{% for a in range(100000) %}{% endfor %}", "range()"),
    ("huge-power", "{{ 7 ** (10 ** 9) }}", "too large"),
    ("huge-repeat", "{{ 'x' * 10**9 }}", "too large"),
    ("huge-ljust", "{{ 'x'.ljust(10**9) }}", "too large"),
    ("huge-filter", "{{ 'x' | center(10**9) }}", "too large"),
    ("huge-output", "{% for a in range(10000) %}{{ 'y' * 1000 }}{% endfor %}", "more than"),
    ("recursion", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "without end"),
]


@pytest.mark.parametrize(("case_id", "source", "expect"), TEMPLATE_BOMBS, ids=[c[0] for c in TEMPLATE_BOMBS])
def test_template_bomb_stops_with_a_clear_error_in_bounded_time(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path, case_id: str, source: str, expect: str
) -> None:
    import resource
    import time

    from corcli.render import sandbox

    root = make_workspace()
    folder = _template("policy.md.j2", source)(tmp_path)
    before = _snapshot(root)
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sandbox, "RENDER_SECONDS", 1.0)
        result = invoke("manual", "-w", root, "--format", "markdown", "--template-dir", folder)
    assert time.monotonic() - started < 8
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before < 200_000  # KiB
    assert result.exit_code == 2, result.output
    assert expect in result.stderr, result.stderr
    assert "policy.md.j2" in result.stderr
    assert result.stdout == ""
    assert _snapshot(root) == before


def test_file_name_that_is_not_utf8_round_trips(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    import json

    root = make_workspace()
    source = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9 \xff.pdf"))
    source.write_bytes(b"signed")
    added = invoke("evidence", "add", source, "-r", "1.1", "--date", "2026-09-01", "--note", "keep me", "-w", root)
    assert added.exit_code == 0, added.output
    listed = invoke("evidence", "list", "-w", root, "--format", "json")
    assert listed.exit_code == 0, listed.output
    [item] = json.loads(listed.stdout)["items"]
    assert os.fsencode(item["path"]).endswith(b"caf\xe9 \xff.pdf")  # exact bytes, through YAML and JSON
    assert (root / "evidence" / item["path"]).read_bytes() == b"signed"
    assert invoke("check", "-w", root, "--format", "json", "--exit-zero").exit_code == 0
    assert invoke("evidence", "rebuild", "-w", root).exit_code == 0
    assert "keep me" in invoke("evidence", "list", "-w", root).stdout
    shown = invoke("evidence", "list", "-w", root).stdout
    assert "caf" in shown
    assert not any("\ud800" <= ch <= "\udfff" for ch in shown)  # shown escaped, never raw


def test_state_folder_that_is_a_file_or_a_link_out_is_refused(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_workspace()
    source = tmp_path / "r.pdf"
    source.write_bytes(b"x")
    state = root / ".corcli"
    if state.exists():
        import shutil

        shutil.rmtree(state)
    state.write_text("not a folder")
    result = invoke("evidence", "add", source, "-r", "1.1", "-w", root)
    assert result.exit_code == 2, result.output
    assert ".corcli" in result.stderr
    state.unlink()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    state.symlink_to(outside)
    result = invoke("evidence", "add", source, "-r", "1.1", "-w", root)
    assert result.exit_code == 2, result.output
    assert "leads out of the workspace" in result.stderr
    assert list(outside.iterdir()) == []

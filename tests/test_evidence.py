"""The evidence core: scanning, naming convention, index, hash cache, add, verify and rebuild."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corcli.errors import EvidenceError, EvidenceIndexError, UnknownIdError, WorkspaceError
from corcli.evidence import hashing
from corcli.evidence import index as index_module
from corcli.evidence import scan as scan_module
from corcli.evidence.add import AddResult, add_evidence
from corcli.evidence.hashcache import HASH_CACHE_NAME
from corcli.evidence.hashing import hash_file
from corcli.evidence.index import INDEX_CACHE_NAME, INDEX_NAME, dump_index, load_index, load_index_file
from corcli.evidence.naming import (
    decode_parsed_name,
    evidence_file_name,
    find_requirement,
    parse_evidence_name,
    parse_name,
    resolve_requirement,
)
from corcli.evidence.rebuild import rebuild_index
from corcli.evidence.scan import collect_evidence, verify_evidence
from corcli.models import AuditStandard, DateSource, EvidenceIndex, EvidenceItem
from corcli.storage.workspace import Workspace

NOW = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)


def _requirement(rid: str, verification: str = "documentation") -> dict[str, Any]:
    data: dict[str, Any] = {"id": rid, "text": f"Requirement {rid}", "verification": verification, "points": 10}
    if verification == "documentation":
        data["evidence_kinds"] = ["policy"]
    return data


STANDARD = AuditStandard.model_validate(
    {
        "kind": "standard",
        "id": "test-secor",
        "title": "Test SECOR",
        "publisher": "Test",
        "edition": "2026",
        "program": "SECOR",
        "jurisdictions": ["AB"],
        "weights": "estimated",
        "structure_confidence": "likely",
        "sources": [{"url": "https://example.org", "supports": "all", "kind": "3p"}],
        "elements": [
            {
                "id": "1",
                "title": "Policy",
                "folder": "01-policy",
                "requirements": [_requirement("1.1"), _requirement("1.2")],
            },
            {
                "id": "3",
                "title": "Inspections",
                "folder": "03-inspections",
                "requirements": [_requirement("3.2"), _requirement("3.10", "interview")],
            },
        ],
    }
)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    for element in STANDARD.elements:
        (root / "evidence" / element.folder).mkdir(parents=True)
        (root / "evidence" / element.folder / "README.md").write_text("# not evidence\n")
    (root / "corcli.yaml").write_text("schema_version: 1\n")
    return Workspace(root.resolve(), "test")


def _put(ws: Workspace, rel: str, content: bytes | str = b"record") -> Path:
    path = ws.evidence_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _source(tmp_path: Path, name: str, content: bytes = b"scanned inspection") -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


def _add(ws: Workspace, *sources: Path, requirement: str = "3.2", **kwargs: Any) -> AddResult:
    return add_evidence(ws, STANDARD, list(sources), requirement=requirement, now=NOW, **kwargs)


# --------------------------------------------------------------------------------------- naming convention


@pytest.mark.parametrize(
    ("name", "expected_date", "expected_req"),
    [
        ("2026-10-01_req-3.2_roof inspection.pdf", date(2026, 10, 1), "3.2"),
        ("req-3.2.pdf", None, "3.2"),
        ("REQ-1.1 policy 2025-12-31.docx", date(2025, 12, 31), "1.1"),
        ("minutes 2026-02-30 then 2026-03-01.pdf", date(2026, 3, 1), None),
        ("12026-10-01x.pdf", None, None),
        ("prereq-3.2_x.pdf", None, None),
        ("policy.pdf", None, None),
        (".hidden", None, None),
        ("2026-10-01", date(2026, 10, 1), None),
    ],
)
def test_parse_evidence_name_examples(name: str, expected_date: date | None, expected_req: str | None) -> None:
    info = parse_evidence_name(name)
    assert (info.record_date, info.requirement) == (expected_date, expected_req)


def test_parse_evidence_name_reports_an_impossible_date() -> None:
    assert parse_evidence_name("2026-02-30_inspection.pdf").bad_date == "2026-02-30"
    assert parse_evidence_name("2026-02-28_inspection.pdf").bad_date is None


requirement_ids = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,10}[A-Za-z0-9])?", fullmatch=True)
rest_text = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), max_size=30)


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)), req=requirement_ids, rest=rest_text)
def test_parse_evidence_name_reads_back_the_convention(day: date, req: str, rest: str) -> None:
    info = parse_evidence_name(f"{day.isoformat()}_req-{req}_{rest}.pdf")
    assert info.record_date == day
    assert info.requirement == req


@given(name=st.text(max_size=80))
def test_parse_evidence_name_never_fails_and_dates_are_real(name: str) -> None:
    info = parse_evidence_name(name)
    if info.record_date is not None:
        assert info.record_date.isoformat() in name


@given(
    original=st.text(
        st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=60
    ),
    req=st.sampled_from(["1.1", "1.2", "3.2", "3.10"]),
    day=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2026, 11, 26)),
)
def test_evidence_file_name_follows_the_convention(original: str, req: str, day: date | None) -> None:
    name = evidence_file_name(original, req, day)
    assert "/" not in name
    assert not name.startswith(".")
    assert not any(ord(c) < 32 for c in name)
    assert len(name.encode("utf-8", "surrogateescape")) <= 200
    info = parse_evidence_name(name)
    assert info.requirement == req
    if day is not None and parse_evidence_name(original).record_date is None:
        assert info.record_date == day


def test_resolve_requirement_trims_trailing_words() -> None:
    assert resolve_requirement(STANDARD, "3.2-roof") == "3.2"
    assert resolve_requirement(STANDARD, "3.10") == "3.10"
    assert resolve_requirement(STANDARD, "9.9") is None


# ------------------------------------------------------------------------------------------------ scan


def test_collect_skips_readmes_hidden_sidecars_and_the_index(ws: Workspace) -> None:
    _put(ws, "01-policy/2026-01-05_req-1.1_policy.pdf")
    _put(ws, "01-policy/.~lock.policy.docx#")
    _put(ws, "01-policy/readme.MD")
    _put(ws, ".hidden/x.pdf")
    _put(ws, "01-policy/2026-01-05_req-1.1_policy.pdf.meta.yaml", "note: signed\n")
    ws.evidence_dir.joinpath("index.yaml").write_text("schema_version: 1\nitems: []\n")
    scan = collect_evidence(ws, STANDARD)
    assert [i.path for i in scan.items] == ["01-policy/2026-01-05_req-1.1_policy.pdf"]
    item = scan.items[0]
    assert (item.element, item.requirement, item.record_date) == ("01-policy", "1.1", date(2026, 1, 5))
    assert item.date_source == DateSource.FILENAME
    assert item.note == "signed"
    assert item.sha256 == hashlib.sha256(b"record").hexdigest()
    [skipped] = scan.warnings  # the lock file is skipped and said so, never counted
    assert "1 Office lock, temp or system file(s) skipped" in skipped.message
    assert "'.~lock.policy.docx#'" in skipped.message


def test_collect_date_precedence_sidecar_over_name_over_mtime(ws: Workspace) -> None:
    _put(ws, "03-inspections/2026-10-01_walk.pdf")
    _put(ws, "03-inspections/2026-10-01_walk.pdf.meta.yaml", "requirement: '3.2'\nrecord_date: 2026-09-30\n")
    undated = _put(ws, "03-inspections/walk.pdf")
    os.utime(undated, (1_700_000_000, 1_700_000_000))
    items = {i.path: i for i in collect_evidence(ws, STANDARD).items}
    sidecar = items["03-inspections/2026-10-01_walk.pdf"]
    assert (sidecar.record_date, sidecar.date_source, sidecar.requirement) == (
        date(2026, 9, 30),
        DateSource.SIDECAR,
        "3.2",
    )
    mtime = items["03-inspections/walk.pdf"]
    assert mtime.date_source == DateSource.MTIME
    assert mtime.record_date == datetime.fromtimestamp(1_700_000_000).date()


def test_collect_flag_date_in_the_index_wins_over_sidecar(ws: Workspace, tmp_path: Path) -> None:
    added = _add(ws, _source(tmp_path, "walk.pdf"), record_date=date(2026, 10, 1)).added[0].item
    _put(ws, added.path + ".meta.yaml", "record_date: 2026-01-01\nnote: from sidecar\n")
    item = collect_evidence(ws, STANDARD).items[0]
    assert (item.record_date, item.date_source, item.note) == (date(2026, 10, 1), DateSource.FLAG, "from sidecar")


def test_collect_warns_about_bad_sidecars_unknown_requirements_and_folders(ws: Workspace) -> None:
    _put(ws, "01-policy/a.pdf")
    _put(ws, "01-policy/a.pdf.meta.yaml", "requirement: '1.1'\nrecord_date: 2026-02-30\n")
    _put(ws, "01-policy/req-7.7_b.pdf")
    _put(ws, "misc/c.pdf")
    _put(ws, "01-policy/orphan.pdf.meta.yaml", "note: x\n")
    scan = collect_evidence(ws, STANDARD)
    text = "\n".join(str(w) for w in scan.warnings)
    assert "a.pdf.meta.yaml" in text
    assert "not a valid date" in text
    assert "'7.7'" in text
    assert "misc" in text
    assert "not an element folder" in text
    assert "orphan.pdf.meta.yaml" in text
    assert "without its evidence file" in text
    assert len(scan.items) == 3  # doubtful files are still listed, never dropped silently


def test_collect_file_at_top_level_gets_the_requirement_element(ws: Workspace) -> None:
    _put(ws, "2026-03-01_req-3.2_loose.pdf")
    item = collect_evidence(ws, STANDARD).items[0]
    assert item.element == "03-inspections"


def test_collect_handles_spaces_accents_and_newlines(ws: Workspace) -> None:
    names = ["01-policy/politique signée.pdf", "01-policy/two\nlines.pdf", "01-policy/ space .pdf"]
    for name in names:
        _put(ws, name)
    scan = collect_evidence(ws, STANDARD)
    assert sorted(i.path for i in scan.items) == sorted(names)
    rebuilt = rebuild_index(ws, STANDARD, now=NOW)
    assert sorted(i.path for i in rebuilt.index.items) == sorted(names)
    assert sorted(i.path for i in load_index(ws).items) == sorted(names)
    assert not verify_evidence(ws, STANDARD).has_problems


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX file names")
def test_collect_keeps_names_that_are_not_utf8_exactly(ws: Workspace) -> None:
    folder = os.fsencode(ws.evidence_dir / "01-policy")
    with open(os.path.join(folder, b"bad-\xff.pdf"), "wb") as handle:  # noqa: PTH118, PTH123
        handle.write(b"x")
    scan = collect_evidence(ws, STANDARD)
    assert [os.fsencode(i.path) for i in scan.items] == [b"01-policy/bad-\xff.pdf"]


def test_collect_refuses_links_out_of_the_workspace(ws: Workspace, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (tmp_path / "outdir").mkdir()
    (tmp_path / "outdir" / "f.pdf").write_text("x")
    (ws.evidence_dir / "01-policy" / "link.pdf").symlink_to(outside)
    (ws.evidence_dir / "01-policy" / "dirlink").symlink_to(tmp_path / "outdir")
    scan = collect_evidence(ws, STANDARD)
    assert scan.items == []
    text = " ".join(str(w) for w in scan.warnings)
    assert "outside the workspace" in text
    assert "link.pdf" in text
    assert "dirlink" in text


def test_collect_follows_links_inside_and_survives_loops(ws: Workspace) -> None:
    real = _put(ws, "01-policy/2026-01-01_req-1.1_policy.pdf")
    (ws.evidence_dir / "03-inspections" / "alias.pdf").symlink_to(real)
    (ws.evidence_dir / "03-inspections" / "loop").symlink_to(ws.evidence_dir / "03-inspections")
    (ws.evidence_dir / "03-inspections" / "a").symlink_to(ws.evidence_dir / "03-inspections" / "b")
    (ws.evidence_dir / "03-inspections" / "b").symlink_to(ws.evidence_dir / "03-inspections" / "a")
    (ws.evidence_dir / "03-inspections" / "dangling").symlink_to(ws.evidence_dir / "nothing-here")
    scan = collect_evidence(ws, STANDARD)
    assert [i.path for i in scan.items] == ["01-policy/2026-01-01_req-1.1_policy.pdf", "03-inspections/alias.pdf"]
    text = " ".join(str(w) for w in scan.warnings)
    assert "loop" in text
    assert "dangling" in text


def test_collect_reports_unreadable_files(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    _put(ws, "01-policy/ok.pdf")
    _put(ws, "01-policy/locked.pdf")
    real = hash_file

    def fake(path: Path | str, size: int | None = None) -> str:
        if str(path).endswith("locked.pdf"):
            raise PermissionError(13, "Permission denied")
        return real(path, size)

    monkeypatch.setattr(hashing, "hash_file", fake)
    scan = collect_evidence(ws, STANDARD)
    assert [i.path for i in scan.items] == ["01-policy/ok.pdf"]
    assert "locked.pdf" in str(scan.warnings[0])
    assert "Permission denied" in str(scan.warnings[0])
    assert scan.missing == []


def test_collect_without_an_evidence_folder_is_empty(tmp_path: Path) -> None:
    (tmp_path / "corcli.yaml").write_text("x: 1\n")
    scan = collect_evidence(Workspace(tmp_path, "test"), STANDARD)
    assert scan.items == []
    assert not scan.has_problems


def test_collect_refuses_an_evidence_folder_that_is_a_link(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    root = tmp_path / "ws"
    root.mkdir()
    (root / "evidence").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(EvidenceError, match="not a folder inside the workspace"):
        collect_evidence(Workspace(root, "test"), STANDARD)


# ------------------------------------------------------------------------------------------ hash cache


def test_hash_cache_avoids_rehashing_an_unchanged_folder(ws: Workspace) -> None:
    for n in range(20):
        _put(ws, f"01-policy/file{n}.pdf", f"content {n}")
    first = collect_evidence(ws, STANDARD)
    assert (first.hashed_files, first.cached_files) == (20, 0)
    second = collect_evidence(ws, STANDARD)
    assert (second.hashed_files, second.cached_files) == (0, 20)
    assert second.items == first.items
    _put(ws, "01-policy/file3.pdf", "changed and longer")
    third = collect_evidence(ws, STANDARD)
    assert third.hashed_files == 1
    assert {i.path: i.sha256 for i in third.items}["01-policy/file3.pdf"] == hashlib.sha256(
        b"changed and longer"
    ).hexdigest()


def test_warm_scan_reads_names_from_the_hash_cache(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    names = [
        "01-policy/2026-03-04_req-1.1_policy.pdf",
        "01-policy/03-04-2026 policy.pdf",  # ambiguous: not guessed, warned about
        "01-policy/2026-02-30_policy.pdf",  # not a real date
        "01-policy/policy Oct 2025.pdf",
        "01-policy/plain.pdf",
    ]
    for name in names:
        _put(ws, name, name)
    first = collect_evidence(ws, STANDARD)
    assert any("day-month" in str(w) for w in first.warnings)
    assert any("not a real date" in str(w) for w in first.warnings)

    def no_parsing(name: str) -> None:
        raise AssertionError(f"{name} parsed again")

    monkeypatch.setattr(scan_module, "parse_name", no_parsing)
    second = collect_evidence(ws, STANDARD)
    assert second.cached_files == len(names)
    assert second.items == first.items
    assert [str(w) for w in second.warnings] == [str(w) for w in first.warnings]


def test_hash_cache_of_version_2_gives_hashes_and_gains_names(ws: Workspace) -> None:
    _put(ws, "01-policy/2026-03-04_policy.pdf")
    info = (ws.evidence_dir / "01-policy" / "2026-03-04_policy.pdf").stat()
    digest = hashlib.sha256(b"record").hexdigest()
    ws.state_dir.mkdir(exist_ok=True)
    old = {"01-policy/2026-03-04_policy.pdf": f"{info.st_size}:{info.st_mtime_ns}:{digest}"}
    (ws.state_dir / HASH_CACHE_NAME).write_text(json.dumps({"version": 2, "files": old}))
    scan = collect_evidence(ws, STANDARD)
    assert (scan.hashed_files, scan.cached_files) == (0, 1)
    assert scan.items[0].record_date == date(2026, 3, 4)
    saved = json.loads((ws.state_dir / HASH_CACHE_NAME).read_text())
    assert saved["version"] == 3
    entry = saved["files"]["01-policy/2026-03-04_policy.pdf"]
    assert entry.startswith(f"{info.st_size}:{info.st_mtime_ns}:{digest}\x00")


def test_damaged_name_data_in_the_hash_cache_is_parsed_again(ws: Workspace) -> None:
    _put(ws, "01-policy/2026-03-04_policy.pdf")
    info = (ws.evidence_dir / "01-policy" / "2026-03-04_policy.pdf").stat()
    digest = hashlib.sha256(b"record").hexdigest()
    ws.state_dir.mkdir(exist_ok=True)
    for name in ("nonsense", "2026-13-45\x00\x00\x00filename\x00\x00x", "\x00\x00\x00bogus\x00\x00x"):
        files = {"01-policy/2026-03-04_policy.pdf": f"{info.st_size}:{info.st_mtime_ns}:{digest}\x00{name}"}
        (ws.state_dir / HASH_CACHE_NAME).write_text(json.dumps({"version": 3, "files": files}))
        scan = collect_evidence(ws, STANDARD)
        assert scan.hashed_files == 0
        assert (scan.items[0].record_date, scan.items[0].date_source) == (date(2026, 3, 4), DateSource.FILENAME)
        saved = json.loads((ws.state_dir / HASH_CACHE_NAME).read_text())["files"]["01-policy/2026-03-04_policy.pdf"]
        assert decode_parsed_name(saved.split("\x00", 1)[1]) == parse_name("2026-03-04_policy.pdf")  # mended


def test_hash_cache_that_is_corrupt_is_ignored(ws: Workspace) -> None:
    _put(ws, "01-policy/a.pdf")
    ws.state_dir.mkdir(exist_ok=True)
    (ws.state_dir / HASH_CACHE_NAME).write_text("{not json")
    assert collect_evidence(ws, STANDARD).hashed_files == 1
    info = (ws.evidence_dir / "01-policy" / "a.pdf").stat()
    for files in (
        {"01-policy/a.pdf": "x"},
        {"01-policy/a.pdf": [info.st_size, info.st_mtime_ns, "f" * 64]},
        {"01-policy/a.pdf": f"{info.st_size}:{info.st_mtime_ns}:{'Z' * 64}"},
        ["not", "a", "mapping"],
    ):
        (ws.state_dir / HASH_CACHE_NAME).write_text(json.dumps({"version": 2, "files": files}))
        assert collect_evidence(ws, STANDARD).items[0].sha256 == hashlib.sha256(b"record").hexdigest()


def test_progress_is_reported_in_bytes_up_to_the_total(ws: Workspace) -> None:
    for n in range(12):
        _put(ws, f"01-policy/f{n}.pdf", b"x" * (1000 + n))
    calls: list[tuple[int, int]] = []
    collect_evidence(ws, STANDARD, progress=lambda done, total: calls.append((done, total)))
    total = sum(1000 + n for n in range(12))
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(calls))
    calls.clear()
    collect_evidence(ws, STANDARD, progress=lambda done, total: calls.append((done, total)))
    assert calls == []  # nothing to hash, no progress


def test_hash_file_streams_large_files(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:
        for _ in range(5):
            handle.write(b"a" * (1024 * 1024))
    assert hash_file(big) == hashlib.sha256(b"a" * 5 * 1024 * 1024).hexdigest()


def test_fast_items_equal_validated_items(ws: Workspace, tmp_path: Path) -> None:
    _add(ws, _source(tmp_path, "x.pdf"), record_date=date(2026, 1, 2), note="n")
    _put(ws, "01-policy/2026-01-05_req-1.1_policy.pdf")
    for item in collect_evidence(ws, STANDARD).items:
        assert item == EvidenceItem.model_validate(item.model_dump())
        assert item.model_dump(mode="json") == EvidenceItem.model_validate(item.model_dump()).model_dump(mode="json")


# ------------------------------------------------------------------------------------------------- add


def test_add_copies_and_never_moves_the_original(ws: Workspace, tmp_path: Path) -> None:
    source = _source(tmp_path, "roof walk.pdf")
    os.utime(source, (1_700_000_000, 1_700_000_000))
    before = source.stat()
    result = _add(ws, source, record_date=date(2026, 10, 1), note="monthly walk")
    added = result.added[0]
    assert added.action == "copied"
    assert added.renamed
    assert added.item.path == "03-inspections/2026-10-01_req-3.2_roof walk.pdf"
    assert source.read_bytes() == b"scanned inspection"
    assert source.stat().st_mtime_ns == before.st_mtime_ns
    copy = ws.evidence_dir / added.item.path
    assert copy.read_bytes() == b"scanned inspection"
    assert copy.stat().st_mtime_ns == before.st_mtime_ns
    entry = load_index(ws).items[0]
    assert entry.requirement == "3.2"
    assert entry.note == "monthly walk"
    assert entry.original_name == "roof walk.pdf"
    assert entry.date_source == DateSource.FLAG
    assert entry.added == NOW.replace(microsecond=0)
    assert not any(p.name.endswith(".tmp") for p in (ws.evidence_dir / "03-inspections").iterdir())


def test_add_takes_the_date_from_the_name_then_flags_mtime(ws: Workspace, tmp_path: Path) -> None:
    named = _add(ws, _source(tmp_path, "2026-09-15_walk.pdf")).added[0].item
    assert (named.record_date, named.date_source) == (date(2026, 9, 15), DateSource.FILENAME)
    result = _add(ws, _source(tmp_path, "undated.pdf", b"other"))
    assert result.added[0].item.date_source == DateSource.MTIME
    assert "--date" in str(result.warnings[0])


def test_add_same_content_twice_is_already_present(ws: Workspace, tmp_path: Path) -> None:
    source = _source(tmp_path, "walk.pdf")
    _add(ws, source, record_date=date(2026, 10, 1))
    again = _add(ws, source, record_date=date(2026, 10, 1))
    assert again.added[0].action == "already present"
    assert len(load_index(ws).items) == 1


def test_add_picks_a_free_name_instead_of_overwriting(ws: Workspace, tmp_path: Path) -> None:
    source = _source(tmp_path, "req-3.2_walk.pdf", b"october")
    first = _add(ws, source).added[0].item
    source.write_bytes(b"november")
    second = _add(ws, source).added[0].item
    assert first.path == "03-inspections/req-3.2_walk.pdf"
    assert second.path == "03-inspections/req-3.2_walk_2.pdf"
    assert (ws.evidence_dir / first.path).read_bytes() == b"october"
    assert (ws.evidence_dir / second.path).read_bytes() == b"november"
    source.write_bytes(b"december")
    forced = _add(ws, source, force=True).added[0]
    assert forced.action == "replaced"
    assert forced.item.path == first.path
    assert (ws.evidence_dir / first.path).read_bytes() == b"december"
    assert forced.kept is not None  # the replaced version is evidence too: kept, never lost
    assert forced.kept.read_bytes() == b"october"
    assert forced.kept.parent == ws.state_dir / "replaced" / "03-inspections"
    assert forced.kept.name.endswith("_req-3.2_walk.pdf")
    assert len(load_index(ws).items) == 2


def test_add_unknown_requirement_suggests_close_ids(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(UnknownIdError) as caught:
        _add(ws, _source(tmp_path, "a.pdf"), requirement="3.3")
    assert "'3.2'" in caught.value.hint
    assert "test-secor" in caught.value.hint
    assert find_requirement(STANDARD, "req-3.2")[0] == "3.2"


def test_add_refuses_bad_input_before_writing_anything(ws: Workspace, tmp_path: Path) -> None:
    good = _source(tmp_path, "good.pdf")
    with pytest.raises(EvidenceError, match="does not exist"):
        _add(ws, good, tmp_path / "missing.pdf")
    with pytest.raises(EvidenceError, match="is a folder"):
        _add(ws, good, tmp_path / "inbox")
    with pytest.raises(EvidenceError, match="in the future"):
        _add(ws, good, record_date=date(2026, 11, 27))
    with pytest.raises(EvidenceError, match="sidecar"):
        _add(ws, _source(tmp_path, "x.pdf.meta.yaml"))
    with pytest.raises(EvidenceError, match="No files"):
        _add(ws)
    assert not (ws.evidence_dir / INDEX_NAME).exists()
    assert [p.name for p in (ws.evidence_dir / "03-inspections").iterdir()] == ["README.md"]


def test_add_refuses_an_element_folder_linked_outside(ws: Workspace, tmp_path: Path) -> None:
    folder = ws.evidence_dir / "03-inspections"
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    (tmp_path / "elsewhere").mkdir()
    folder.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(WorkspaceError, match="outside the workspace"):
        _add(ws, _source(tmp_path, "a.pdf"))
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_add_a_file_already_in_the_evidence_folder_indexes_it_in_place(ws: Workspace) -> None:
    inside = _put(ws, "01-policy/policy.pdf")
    result = _add(ws, inside, requirement="1.1", record_date=date(2026, 1, 1))
    assert result.added[0].action == "indexed in place"
    assert result.added[0].item.path == "01-policy/policy.pdf"
    assert inside.exists()
    assert len(list(inside.parent.iterdir())) == 2


def test_add_with_a_corrupt_index_refuses_and_keeps_it(ws: Workspace, tmp_path: Path) -> None:
    index = ws.evidence_dir / INDEX_NAME
    index.write_text("items: [oops\n")
    with pytest.raises(EvidenceIndexError, match="evidence rebuild"):
        _add(ws, _source(tmp_path, "a.pdf"))
    assert index.read_text() == "items: [oops\n"


# ------------------------------------------------------------------------------------- index and verify


def test_index_is_sorted_readable_and_round_trips(ws: Workspace, tmp_path: Path) -> None:
    _add(ws, _source(tmp_path, "z.pdf", b"z"), record_date=date(2026, 1, 1))
    _add(ws, _source(tmp_path, "a.pdf", b"a"), requirement="1.1", record_date=date(2026, 1, 2))
    text = (ws.evidence_dir / INDEX_NAME).read_text()
    assert text.startswith("# corcli evidence index")
    assert text.index("01-policy/") < text.index("03-inspections/")
    assert "note:" not in text  # empty fields are left out
    index = load_index(ws)
    assert [i.path for i in index.items] == sorted(i.path for i in index.items)
    (ws.state_dir / INDEX_CACHE_NAME).unlink()
    assert load_index(ws) == index


def test_index_edits_by_hand_are_picked_up(ws: Workspace, tmp_path: Path) -> None:
    _add(ws, _source(tmp_path, "a.pdf"), record_date=date(2026, 1, 1))
    index = ws.evidence_dir / INDEX_NAME
    index.write_text(index.read_text().replace('record_date: "2026-01-01"', "record_date: 2026-02-02"))
    assert collect_evidence(ws, STANDARD).items[0].record_date == date(2026, 2, 2)


def test_verify_reports_changed_missing_and_unindexed(ws: Workspace, tmp_path: Path) -> None:
    a = _add(ws, _source(tmp_path, "a.pdf", b"a"), record_date=date(2026, 1, 1)).added[0].item
    b = _add(ws, _source(tmp_path, "b.pdf", b"b"), record_date=date(2026, 1, 1)).added[0].item
    assert not verify_evidence(ws, STANDARD).has_problems
    (ws.evidence_dir / a.path).write_bytes(b"tampered")
    (ws.evidence_dir / b.path).unlink()
    _put(ws, "01-policy/new.pdf")
    scan = verify_evidence(ws, STANDARD)
    assert scan.changed == [a.path]
    assert [m.path for m in scan.missing] == [b.path]
    assert scan.unindexed == ["01-policy/new.pdf"]
    assert scan.has_problems


def test_corrupt_index_is_reported_and_rebuilt_without_losing_anything(ws: Workspace, tmp_path: Path) -> None:
    a = _add(ws, _source(tmp_path, "a.pdf", b"a"), record_date=date(2025, 12, 1), note="signed by owner")
    _put(ws, "01-policy/2026-01-05_req-1.1_loose.pdf")
    index = ws.evidence_dir / INDEX_NAME
    index.write_bytes(b"\x00\x01 binary junk")
    scan = collect_evidence(ws, STANDARD)
    assert scan.index_problem is not None
    assert "evidence rebuild" in str(scan.index_problem)
    assert len(scan.items) == 2  # the scan still works from names and sidecars
    with pytest.raises(EvidenceIndexError, match="cannot be read"):
        verify_evidence(ws, STANDARD)
    result = rebuild_index(ws, STANDARD, now=NOW)
    assert result.kept_corrupt_copy is not None
    assert result.kept_corrupt_copy.read_bytes() == b"\x00\x01 binary junk"
    assert result.recovered_from_backup
    rebuilt = {i.path: i for i in load_index(ws).items}
    kept = rebuilt[a.added[0].item.path]
    assert (kept.note, kept.date_source, kept.record_date) == ("signed by owner", DateSource.FLAG, date(2025, 12, 1))
    assert "01-policy/2026-01-05_req-1.1_loose.pdf" in rebuilt
    assert not verify_evidence(ws, STANDARD).has_problems


def test_rebuild_without_a_backup_uses_the_files(ws: Workspace) -> None:
    _put(ws, "03-inspections/2026-10-01_req-3.2_walk.pdf")
    (ws.evidence_dir / INDEX_NAME).write_text("schema_version: 2\n")
    result = rebuild_index(ws, STANDARD, now=NOW)
    assert not result.recovered_from_backup
    assert result.added == ["03-inspections/2026-10-01_req-3.2_walk.pdf"]
    assert load_index(ws).items[0].requirement == "3.2"


def test_rebuild_keeps_metadata_of_moved_files_and_drops_gone_ones(ws: Workspace, tmp_path: Path) -> None:
    moved = _add(ws, _source(tmp_path, "a.pdf", b"a"), record_date=date(2026, 1, 1), note="keep me").added[0].item
    gone = _add(ws, _source(tmp_path, "b.pdf", b"b"), record_date=date(2026, 1, 1)).added[0].item
    (ws.evidence_dir / moved.path).rename(ws.evidence_dir / "01-policy" / "renamed.pdf")
    (ws.evidence_dir / gone.path).unlink()
    result = rebuild_index(ws, STANDARD, now=NOW)
    assert result.dropped == [gone.path]
    assert result.updated == ["01-policy/renamed.pdf"]
    entry = load_index(ws).items[0]
    assert (entry.path, entry.note, entry.requirement) == ("01-policy/renamed.pdf", "keep me", "3.2")


def test_duplicate_index_entries_are_a_located_error(ws: Workspace) -> None:
    item = {"path": "01-policy/a.pdf", "element": "01-policy", "sha256": "0" * 64, "size": 1}
    from corcli.storage import yamlio

    (ws.evidence_dir / INDEX_NAME).write_text(yamlio.dump_yaml({"items": [item, item]}))
    with pytest.raises(EvidenceIndexError, match="twice"):
        load_index(ws)


def test_index_that_is_a_folder_or_empty(ws: Workspace) -> None:
    (ws.evidence_dir / INDEX_NAME).write_text("")
    assert load_index(ws) == EvidenceIndex()
    (ws.evidence_dir / INDEX_NAME).unlink()
    (ws.evidence_dir / INDEX_NAME).mkdir()
    with pytest.raises(EvidenceIndexError, match="folder"):
        load_index(ws)


def test_scan_helpers_group_by_requirement_and_element(ws: Workspace) -> None:
    _put(ws, "01-policy/req-1.1_a.pdf")
    _put(ws, "03-inspections/b.pdf")
    _put(ws, "01-policy/req-3.2_c.pdf")
    scan = collect_evidence(ws, STANDARD)
    assert set(scan.by_requirement()) == {"1.1", "3.2"}
    assert [i.path for i in scan.in_element(STANDARD.elements[1])] == [
        "01-policy/req-3.2_c.pdf",
        "03-inspections/b.pdf",
    ]


def test_add_same_content_under_another_name_is_already_present(ws: Workspace, tmp_path: Path) -> None:
    first = _add(ws, _source(tmp_path, "scan-001.pdf"), record_date=date(2026, 10, 1), note="first").added[0]
    again = _add(ws, _source(tmp_path, "copy of scan.pdf")).added[0]
    assert again.action == "already present"
    assert again.item.path == first.item.path
    assert again.item.record_date == date(2026, 10, 1)
    assert again.item.note == "first"
    assert len(list((ws.evidence_dir / "03-inspections").glob("*.pdf"))) == 1


def test_add_refuses_readme_or_index_in_place(ws: Workspace) -> None:
    with pytest.raises(EvidenceError, match="not evidence"):
        _add(ws, ws.evidence_dir / "01-policy" / "README.md", requirement="1.1")


def test_add_reports_a_full_disk_for_people(ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(28, "No space left on device", str(ws.evidence_dir / INDEX_NAME))

    monkeypatch.setattr(index_module, "write_atomic", full)
    with pytest.raises(EvidenceError, match="No space left on device") as caught:
        _add(ws, _source(tmp_path, "a.pdf"), record_date=date(2026, 1, 1))
    assert "index.yaml" in caught.value.message
    assert not any(p.name.endswith(".tmp") for p in (ws.evidence_dir / "03-inspections").iterdir())
    assert list((ws.evidence_dir / "03-inspections").iterdir()) == [ws.evidence_dir / "03-inspections" / "README.md"]
    assert (tmp_path / "inbox" / "a.pdf").exists()


def test_rebuild_sweeps_old_temp_files_of_interrupted_adds(ws: Workspace) -> None:
    old = _put(ws, "03-inspections/.corcli-add.abc123.tmp", "half a copy")
    fresh = _put(ws, "03-inspections/.corcli-add.def456.tmp", "being copied now")
    users = _put(ws, "03-inspections/.my-notes.tmp", "a user's hidden file")
    stamp = NOW.timestamp() - 3600
    for path in (old, users):
        os.utime(path, (stamp, stamp))
    os.utime(fresh, (NOW.timestamp(), NOW.timestamp()))
    result = rebuild_index(ws, STANDARD, now=NOW)
    assert result.removed_temp_files == ["03-inspections/.corcli-add.abc123.tmp"]
    assert not old.exists()
    assert fresh.exists()
    assert users.exists()


GOOD_ENTRY = "- path: 01-policy/a.pdf\n  element: 01-policy\n  sha256: " + "ab" * 32 + "\n  size: 1\n"


@pytest.mark.parametrize(
    "content",
    [
        b"items: [\n",
        b"items:\n\t- path: x\n",
        b"schema_version: 1\nschema_version: 1\nitems: []\n",
        b"schema_version: 2\nitems: []\n",
        b"items: 5\n",
        b"- just\n- a list\n",
        b"just text\n",
        b"items:\n" + GOOD_ENTRY.replace("size: 1", "size: -4").encode(),
        b"items:\n" + GOOD_ENTRY.replace("size: 1", "size: lots").encode(),
        b"items:\n" + GOOD_ENTRY.replace("ab" * 32, "abc").encode(),
        b"items:\n" + GOOD_ENTRY.encode() + b"  colour: blue\n",
        b"items:\n" + GOOD_ENTRY.encode() + b"  record_date: 2026-02-30\n",
        b"items:\n" + GOOD_ENTRY.encode() + b"  date_source: guess\n",
        b"items:\n- path: 01-policy/a.pdf\n",
        b"\x00\x01\x02binary",
        b"items: []\n\xff\xfe not utf-8\n",
        b"items: !!python/object:os.system ls\n",
    ],
)
def test_corrupt_index_is_one_clear_error(ws: Workspace, content: bytes) -> None:
    (ws.evidence_dir / INDEX_NAME).write_bytes(content)
    with pytest.raises(EvidenceIndexError) as caught:
        verify_evidence(ws, STANDARD)
    assert "index.yaml" in caught.value.message
    assert "corcli evidence rebuild" in caught.value.hint
    scan = collect_evidence(ws, STANDARD)  # scoring still runs, with the problem reported
    assert scan.index_problem is not None


def test_index_with_a_bom_is_fine(ws: Workspace) -> None:
    (ws.evidence_dir / INDEX_NAME).write_bytes(b"\xef\xbb\xbfitems:\n" + GOOD_ENTRY.encode())
    assert load_index(ws).items[0].path == "01-policy/a.pdf"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"requirement: [1.1\n", "YAML syntax error"),
        (b"requirement: '1.1'\n\tnote: x\n", "tab"),
        (b"note: a\nnote: b\n", "duplicate key 'note'"),
        (b"record_date: 2026-02-30\n", "not a valid date"),
        (b"record_date: yesterday\n", "not a valid date"),
        (b"date: 2026-01-01\n", "Allowed keys here: requirement, record_date, note"),
        (b"requirement: [1.1]\n", "must be text"),
        (b"- a list\n", "keys and values"),
        (b"\x00binary", "not a text file"),
        (b"note: caf\xe9\n", "not valid UTF-8"),
        (b"note: " + b"x" * 3000 + b"\n", "too long"),
    ],
)
def test_bad_sidecars_are_warnings_naming_the_file(ws: Workspace, content: bytes, expected: str) -> None:
    _put(ws, "01-policy/2026-01-01_req-1.1_a.pdf")
    (ws.evidence_dir / "01-policy" / "2026-01-01_req-1.1_a.pdf.meta.yaml").write_bytes(content)
    scan = collect_evidence(ws, STANDARD)
    text = "\n".join(str(w) for w in scan.warnings)
    assert "2026-01-01_req-1.1_a.pdf.meta.yaml" in text
    assert expected in text
    item = scan.items[0]
    assert (item.requirement, item.record_date) == ("1.1", date(2026, 1, 1))  # the name still counts


def test_empty_sidecar_and_sidecar_that_is_a_folder(ws: Workspace) -> None:
    _put(ws, "01-policy/a.pdf")
    _put(ws, "01-policy/a.pdf.meta.yaml", b"")
    _put(ws, "01-policy/b.pdf")
    (ws.evidence_dir / "01-policy" / "b.pdf.meta.yaml").mkdir()
    scan = collect_evidence(ws, STANDARD)
    assert len(scan.items) == 2
    assert "is a folder" in "\n".join(str(w) for w in scan.warnings)


def test_big_files_are_hashed_in_chunks_with_progress(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hashing, "_BIG_FILE", 10)
    monkeypatch.setattr(hashing, "CHUNK", 7)
    payload = bytes(range(256)) * 3
    _put(ws, "01-policy/big.bin", payload)
    calls: list[tuple[int, int]] = []
    scan = collect_evidence(ws, STANDARD, progress=lambda done, total: calls.append((done, total)))
    assert scan.items[0].sha256 == hashlib.sha256(payload).hexdigest()
    assert calls[-1] == (len(payload), len(payload))


def test_index_cache_that_disagrees_is_ignored(ws: Workspace, tmp_path: Path) -> None:
    _add(ws, _source(tmp_path, "a.pdf"), record_date=date(2026, 1, 1))
    expected = load_index(ws)
    cache = ws.state_dir / INDEX_CACHE_NAME
    data = json.loads(cache.read_text())
    row = data["items"][0]
    for broken_row in ([*row, "extra"], row[:-1], [*row[:3], "not a date", *row[4:]], [*row[:4], "guess", *row[5:]]):
        broken = {**data, "items": [broken_row]}
        cache.write_text(json.dumps(broken))
        assert load_index(ws) == expected
    cache.write_text("[]")
    assert load_index(ws) == expected


any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(
    paths=st.lists(any_text.filter(bool), min_size=1, max_size=4, unique=True),
    note=any_text,
    requirement=st.none() | any_text.filter(lambda s: 0 < len(s) <= 24),
    day=st.none() | st.dates(),
)
def test_index_text_round_trips_any_text(
    tmp_path_factory: pytest.TempPathFactory, paths: list[str], note: str, requirement: str | None, day: date | None
) -> None:
    items = [
        EvidenceItem(
            path=path,
            element="01-policy",
            requirement=requirement,
            record_date=day,
            date_source=DateSource.FLAG if day else None,
            sha256="ab" * 32,
            size=len(path),
            note=note,
            added=NOW,
            original_name=path[::-1],
        )
        for path in paths
    ]
    index = EvidenceIndex(items=items)
    file = tmp_path_factory.mktemp("index") / "index.yaml"
    file.write_text(dump_index(index), encoding="utf-8")
    loaded = load_index_file(file)
    assert loaded.items == sorted(items, key=lambda i: i.path)


@settings(max_examples=12, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["add", "add", "add", "hand edit", "drop cache"]),
            st.sampled_from(["a.pdf", "b é.pdf", "z.pdf", '0 "q".pdf', "m\u2028.pdf"]),
            any_text,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_index_written_entry_by_entry_is_what_a_full_rewrite_writes(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, str, str]]
) -> None:
    """``evidence add`` copies unchanged entries from the index it read; the file must be the full dump."""
    tmp = tmp_path_factory.mktemp("incremental")
    root = tmp / "ws"
    for element in STANDARD.elements:
        (root / "evidence" / element.folder).mkdir(parents=True)
    workspace = Workspace(root.resolve(), "test")
    path = workspace.evidence_dir / INDEX_NAME
    for number, (action, name, note) in enumerate(steps):
        if action == "add":
            source = tmp / f"in-{number}" / name
            source.parent.mkdir()
            source.write_bytes(f"{name} {number % 2}".encode())
            _add(workspace, source, note=note.strip(), force=True)
        elif action == "hand edit" and path.exists():  # a person's edit: valid YAML, not corcli's layout
            path.write_text(path.read_text(encoding="utf-8").replace("  size: ", "  size:   "), encoding="utf-8")
        elif action == "drop cache":
            (workspace.state_dir / INDEX_CACHE_NAME).unlink(missing_ok=True)
        if path.exists() and action == "add":
            assert path.read_text(encoding="utf-8") == dump_index(load_index_file(path))
        assert load_index(workspace) == (load_index_file(path) if path.exists() else EvidenceIndex())


@pytest.mark.parametrize("stat_size", [0, 5, 11, 12, 13, 40])
def test_hash_file_with_a_stale_size_still_hashes_the_whole_file(tmp_path: Path, stat_size: int) -> None:
    """The size from the scan's ``stat`` only saves a read: a file that grew or shrank since is hashed in full."""
    path = tmp_path / "record.pdf"
    path.write_bytes(b"hello world!")  # 12 bytes
    expected = hashlib.sha256(b"hello world!").hexdigest()
    assert hash_file(path, stat_size) == expected
    assert hash_file(path) == expected


def test_dump_index_is_fast_for_thousands_of_entries() -> None:
    item = EvidenceItem(path="01-policy/a.pdf", element="01-policy", sha256="ab" * 32, size=1, note="n")
    index = EvidenceIndex(items=[item.model_copy(update={"path": f"01-policy/{n}.pdf"}) for n in range(5000)])
    import time

    started = time.perf_counter()
    dump_index(index)
    assert time.perf_counter() - started < 1.0  # PyYAML's emitter took ~2 s


def test_files_that_count_for_nothing_or_are_not_files_are_reported(ws: Workspace) -> None:
    _put(ws, "loose.pdf")
    os.mkfifo(ws.evidence_dir / "01-policy" / "pipe")
    scan = collect_evidence(ws, STANDARD)
    text = "\n".join(str(w) for w in scan.warnings)
    assert "loose.pdf: is directly in evidence/" in text
    assert "pipe: is not a regular file" in text
    assert [i.path for i in scan.items] == ["loose.pdf"]


def test_add_refuses_a_fifo(ws: Workspace, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(EvidenceError, match="not a regular file"):
        _add(ws, tmp_path / "pipe")

"""The catalog merges user folders over the built-in data, reports overrides, and checks references."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from corcli.catalog.loader import cache_dir, load_catalog
from corcli.errors import CatalogError, UnknownIdError
from tests.helpers import write

JURISDICTION = """\
kind: jurisdiction
code: AB
name: Alberta
covers: [AB]
has_cor_program: true
small_employer: {available: "yes", max_headcount: 10}
sources: [{url: "https://example.org", supports: "test", kind: gov}]
"""

STANDARD = """\
kind: standard
id: t-cor
title: Test COR standard
publisher: Tests
edition: "2026"
program: COR
jurisdictions: [AB]
weights: estimated
structure_confidence: confirmed
elements:
  - id: "1"
    title: Policy
    folder: 01-policy
    requirements:
      - {id: "1.1", text: "A signed policy", verification: documentation, evidence_kinds: [policy], points: 10}
sources: [{url: "https://example.org", supports: "test", kind: cp}]
"""

PARTNER = """\
kind: partner
id: tpa
name: Test Partner Association
abbreviation: TPA
jurisdictions: [AB]
website: https://example.org
industries: [construction]
listing: confirmed
programs:
  - {program: COR, offered: "yes", standard: t-cor}
sources: [{url: "https://example.org", supports: "test", kind: cp}]
"""


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "data"
    for name, text in files.items():
        write(folder / f"{name}.yaml", text)
    return folder


def test_load_catalog_from_a_user_folder_only(tmp_path: Path) -> None:
    folder = _folder(tmp_path, ab=JURISDICTION, t_cor=STANDARD, tpa=PARTNER)
    catalog = load_catalog([folder], builtin=False)
    assert catalog.partner("TPA").id == "tpa"
    assert catalog.standard_for(catalog.partner("tpa"), catalog.standards["t-cor"].program, "AB") is not None


def test_unknown_partner_suggests_close_ids(tmp_path: Path) -> None:
    catalog = load_catalog([_folder(tmp_path, ab=JURISDICTION, t_cor=STANDARD, tpa=PARTNER)], builtin=False)
    with pytest.raises(UnknownIdError) as caught:
        catalog.partner("tpb")
    assert caught.value.suggestions == ["tpa"]
    assert "partners list" in caught.value.hint


def test_partner_pointing_at_missing_standard_is_reported_with_its_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path, ab=JURISDICTION, tpa=PARTNER)
    with pytest.raises(CatalogError) as caught:
        load_catalog([folder], builtin=False)
    (problem,) = caught.value.problems()
    assert problem.path == folder / "tpa.yaml"
    assert "'t-cor'" in problem.message


def test_duplicate_ids_within_a_folder_are_an_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path, ab=JURISDICTION, t_cor=STANDARD, t_cor_copy=STANDARD, tpa=PARTNER)
    with pytest.raises(CatalogError, match="also defined"):
        load_catalog([folder], builtin=False)


def test_duplicate_requirement_ids_are_an_error(tmp_path: Path) -> None:
    doubled = STANDARD.replace(
        "    requirements:\n",
        '    requirements:\n      - {id: "1.1", text: "Again", verification: interview, points: 5}\n',
    )
    folder = _folder(tmp_path, ab=JURISDICTION, t_cor=doubled, tpa=PARTNER)
    with pytest.raises(CatalogError, match=r"requirement id '1\.1' is used twice"):
        load_catalog([folder], builtin=False)


def test_a_later_folder_overrides_and_the_override_is_reported(tmp_path: Path) -> None:
    base = _folder(tmp_path, ab=JURISDICTION, t_cor=STANDARD, tpa=PARTNER)
    user = tmp_path / "user"
    write(user / "tpa.yaml", PARTNER.replace("Test Partner Association", "Renamed Partner"))
    catalog = load_catalog([base, user], builtin=False)
    assert catalog.partner("tpa").name == "Renamed Partner"
    (override,) = catalog.overrides
    assert override.by == user / "tpa.yaml"
    assert override.replaced == base / "tpa.yaml"


def test_file_without_kind_is_explained(tmp_path: Path) -> None:
    folder = _folder(tmp_path, odd="name: something\n")
    with pytest.raises(CatalogError, match="kind: partner"):
        load_catalog([folder], builtin=False)


def test_problems_from_several_files_are_all_reported(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        ab=JURISDICTION.replace("name: Alberta", "name: [x"),
        t_cor=STANDARD.replace("weights: estimated", "weights: guessed"),
        tpa=PARTNER,
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog([folder], builtin=False)
    paths = {p.path for p in caught.value.problems()}
    assert folder / "ab.yaml" in paths
    assert folder / "t_cor.yaml" in paths


def test_missing_data_dir_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="does not exist"):
        load_catalog([tmp_path / "nope"], builtin=False)


def test_catalog_cache_skips_yaml_for_unchanged_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corcli.storage import yamlio

    monkeypatch.setenv("CORCLI_CACHE_DIR", str(tmp_path / "cache"))
    folder = _folder(tmp_path, ab=JURISDICTION, t_cor=STANDARD, tpa=PARTNER)
    first = load_catalog([folder], builtin=False)
    assert list((tmp_path / "cache").glob("catalog-*.json"))

    def no_yaml(path: Path) -> object:
        raise AssertionError(f"{path} was parsed again")

    monkeypatch.setattr(yamlio, "load_yaml", no_yaml)
    second = load_catalog([folder], builtin=False)
    assert second.partner("tpa") == first.partner("tpa")
    assert second.standards.keys() == first.standards.keys()


def test_catalog_cache_sees_an_edited_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORCLI_CACHE_DIR", str(tmp_path / "cache"))
    folder = _folder(tmp_path, ab=JURISDICTION, t_cor=STANDARD, tpa=PARTNER)
    load_catalog([folder], builtin=False)
    write(folder / "tpa.yaml", PARTNER.replace("Test Partner Association", "Edited Partner Association"))
    assert load_catalog([folder], builtin=False).partner("tpa").name == "Edited Partner Association"
    write(folder / "tpa.yaml", PARTNER.replace("listing: confirmed", "listing: sure"))
    with pytest.raises(CatalogError, match="not an allowed value"):
        load_catalog([folder], builtin=False)


def test_catalog_cache_that_is_corrupt_or_tampered_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    cache = tmp_path / "cache"
    monkeypatch.setenv("CORCLI_CACHE_DIR", str(cache))
    folder = _folder(tmp_path, ab=JURISDICTION, t_cor=STANDARD, tpa=PARTNER)
    load_catalog([folder], builtin=False)
    (cache_file,) = cache.glob("catalog-*.json")
    raw = json.loads(cache_file.read_text())
    for entry in raw["files"].values():
        if entry[2].get("kind") == "partner":
            entry[2]["listing"] = "not-a-listing"
    cache_file.write_text(json.dumps(raw))
    assert load_catalog([folder], builtin=False).partner("tpa").listing == "confirmed"
    cache_file.write_text("{not json")
    assert load_catalog([folder], builtin=False).partner("tpa").name == "Test Partner Association"


def test_catalog_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORCLI_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    load_catalog([_folder(tmp_path, ab=JURISDICTION, t_cor=STANDARD, tpa=PARTNER)], builtin=False)
    assert not (tmp_path / "xdg").exists()
    assert not (tmp_path / "home").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_CACHE_HOME is the Linux convention")
def test_catalog_cache_defaults_to_the_user_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CORCLI_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "corcli"

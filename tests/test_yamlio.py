"""The loader names file, line and fix for every problem, and never accepts what PyYAML would hide."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from corcli.errors import DataFileError
from corcli.models import CertifyingPartner, CompanyProfile, Jurisdiction
from corcli.storage import yamlio
from tests.helpers import write

VALID_PROFILE = """\
company:
  name: Prairie Roofing Ltd.
  province: AB
  industry: construction
  employees: 8
certification:
  partner: acsa
"""


def _problems(path: Path) -> list[str]:
    with pytest.raises(DataFileError) as caught:
        yamlio.load_model(path, CompanyProfile)
    return [str(p) for p in caught.value.problems()]


def test_load_model_reads_a_valid_profile(tmp_path: Path) -> None:
    profile = yamlio.load_model(write(tmp_path / "corcli.yaml", VALID_PROFILE), CompanyProfile)
    assert profile.company.employees == 8
    assert profile.certification.partner == "acsa"


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", "company:\n  name: [unclosed\n  province: AB\n")
    problems = _problems(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:")
    assert "YAML syntax error" in problems[0]


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", "company:\n\tname: x\n")
    (problem,) = _problems(path)
    assert f"{path}:2:1" in problem
    assert "spaces" in problem


def test_duplicate_key_is_an_error_with_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", VALID_PROFILE + "company:\n  name: again\n")
    (problem,) = _problems(path)
    assert f"{path}:8:1" in problem
    assert "duplicate key 'company'" in problem
    assert "line 1" in problem


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", VALID_PROFILE.replace("employees: 8", "employes: 8"))
    problems = _problems(path)
    unknown = next(p for p in problems if "unknown key 'employes'" in p)
    assert f"{path}:5:3" in unknown
    assert "Did you mean 'employees'?" in unknown
    assert any("missing required key 'employees'" in p for p in problems)


def test_wrong_type_is_reported_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", VALID_PROFILE.replace("employees: 8", "employees: eight"))
    (problem,) = _problems(path)
    assert f"{path}:5:" in problem
    assert "whole number" in problem


def test_wrong_province_code_lists_the_codes(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", VALID_PROFILE.replace("province: AB", "province: Alberta"))
    (problem,) = _problems(path)
    assert f"{path}:3:" in problem
    assert "AB, BC" in problem


def test_impossible_date_is_located(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", VALID_PROFILE + "  records_since: 2026-02-30\n")
    (problem,) = _problems(path)
    assert f"{path}:8:" in problem
    assert "YYYY-MM-DD" in problem


def test_all_problems_of_a_file_are_reported_at_once(tmp_path: Path) -> None:
    text = VALID_PROFILE.replace("employees: 8", "employees: -3").replace("province: AB", "province: ZZ")
    problems = _problems(write(tmp_path / "p.yaml", text + "colour: blue\n"))
    assert len(problems) == 3


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"# only a comment\n", "is empty"),
        (b"- a list\n- not a mapping\n", "top level"),
        (b"just text", "top level"),
        (b"\x00\x01binary", "not a text file"),
        (b"name: caf\xe9\n", "not valid UTF-8"),
    ],
)
def test_unusable_files_give_one_clear_problem(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(content)
    (problem,) = _problems(path)
    assert expected in problem


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID_PROFILE.encode())
    assert yamlio.load_model(path, CompanyProfile).company.name == "Prairie Roofing Ltd."


def test_missing_file_and_folder_are_problems(tmp_path: Path) -> None:
    assert "does not exist" in _problems(tmp_path / "nope.yaml")[0]
    assert "is a folder" in _problems(tmp_path)[0]


def test_unsafe_tags_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", "company: !!python/object/apply:os.system ['echo hi']\n")
    (problem,) = _problems(path)
    assert "YAML syntax error" in problem


def test_dates_stay_text_until_validated() -> None:
    loaded = yamlio.parse_yaml("when: 2026-01-02\n", Path("x.yaml"))
    assert loaded.data == {"when": "2026-01-02"}


scalars = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1, max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_parse_yaml_round_trips_plain_data(document: object) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    assert yamlio.parse_yaml(text, Path("x.yaml")).data == yaml.safe_load(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parse_yaml_never_raises_anything_but_data_file_error(text: str) -> None:
    try:
        yamlio.parse_yaml(text, Path("fuzz.yaml"))
    except DataFileError as exc:
        problems = exc.problems()
    else:
        return
    assert problems


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["company", "certification", "roles", "sites", "x"]), documents, max_size=5))
def test_profile_validation_fails_only_with_located_problems(document: dict[str, object]) -> None:
    loaded = yamlio.parse_yaml(yaml.safe_dump(document), Path("corcli.yaml"))
    try:
        yamlio.validate(loaded, CompanyProfile)
    except DataFileError as exc:
        problems = exc.problems()
    else:
        return
    assert problems
    assert all(p.path == Path("corcli.yaml") and p.message for p in problems)


def test_keys_named_like_pydantic_union_tags_keep_their_location(tmp_path: Path) -> None:
    from corcli.models import Assessment

    path = write(tmp_path / "assessment.yaml", "standard: acsa-secor\nanswers:\n  - requirement: '1.1'\n    date: x\n")
    with pytest.raises(DataFileError) as caught:
        yamlio.load_model(path, Assessment)
    problem = next(p for p in caught.value.problems() if "unknown key" in p.message)
    assert "unknown key 'date'" in problem.message
    assert (problem.line, problem.column) == (4, 5)


def test_union_branch_tags_do_not_leak_into_messages(tmp_path: Path) -> None:
    from corcli.models import Jurisdiction

    text = (
        "kind: jurisdiction\ncode: AB\nname: Alberta\ncovers: [AB]\nhas_cor_program: true\n"
        "small_employer: {available: 'yes', max_headcount: lots}\n"
        "sources: [{url: 'https://example.org', supports: test facts, kind: gov}]\n"
    )
    path = write(tmp_path / "ab.yaml", text)
    with pytest.raises(DataFileError) as caught:
        yamlio.load_model(path, Jurisdiction)
    messages = [p.message for p in caught.value.problems()]
    assert messages
    assert all(m.startswith("small_employer.max_headcount") for m in messages), messages
    assert all(p.line == 6 for p in caught.value.problems())


# --- what corcli writes, it reads back: any text, any alias trick refused -----------------------------------------

NAME_TEXT = st.text(min_size=1, max_size=40).filter(lambda t: t.strip() != "")


@functools.cache
def _alberta_and_acsa() -> tuple[Jurisdiction, CertifyingPartner]:
    """Alberta and ACSA from the shipped catalog, loaded once (a load per example made the test take 30 s)."""
    from corcli.catalog.loader import load_catalog

    catalog = load_catalog()
    return catalog.jurisdiction("AB"), catalog.partner("acsa")


@settings(max_examples=300, deadline=None)
@given(name=NAME_TEXT, trade=st.text(max_size=20))
def test_profile_written_by_init_loads_back_for_any_text(
    tmp_path_factory: pytest.TempPathFactory, name: str, trade: str
) -> None:
    from corcli.models import Certification, Company
    from corcli.rules.eligibility import decide
    from corcli.services.project import load_profile
    from corcli.services.scaffolding import render_profile

    jurisdiction, partner = _alberta_and_acsa()
    profile = CompanyProfile(
        company=Company(name=name, province="AB", industry="construction", trade=trade, employees=8),
        certification=Certification(partner="acsa"),
    )
    text = render_profile(
        profile, jurisdiction, partner, decide(jurisdiction, partner, 8, profile.certification.program)
    )
    path = tmp_path_factory.mktemp("p") / "corcli.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_profile(path)
    assert loaded.company.name == profile.company.name
    assert loaded.company.trade == profile.company.trade


@pytest.mark.parametrize("char", ["\x80", "\x7f", "\ufffe", "\x85", "\u2028", "\u2029", "\ufeff", "\r", "\x1b"])
def test_init_name_with_any_character_round_trips(invoke: object, tmp_path: Path, char: str) -> None:
    name = f"Toiture{char}Québec"
    result = invoke(  # type: ignore[operator]
        "init",
        tmp_path / "ws",
        "--yes",
        "--name",
        name,
        "--province",
        "AB",
        "--industry",
        "construction",
        "--employees",
        "8",
        "--partner",
        "acsa",
    )
    assert result.exit_code == 0, result.output
    from corcli.services.project import load_profile

    assert load_profile(tmp_path / "ws" / "corcli.yaml").company.name == name
    assert invoke("validate", "-w", tmp_path / "ws").exit_code == 0  # type: ignore[operator]


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("a: &a [1, 2]\nb: *a\nc: *a\n", None),  # ordinary anchors are fine
        ("base: &b {x: 1}\nthis:\n  <<: *b\n  y: 2\n", None),
        ("a: &a [*a]\n", "never ends"),
        ("a: &a {b: *a}\n", "never ends"),
    ],
)
def test_aliases_are_expanded_within_a_budget(tmp_path: Path, text: str, expect: str | None) -> None:
    if expect is None:
        assert yamlio.parse_yaml(text, tmp_path / "x.yaml").data
        return
    with pytest.raises(DataFileError, match=expect):
        yamlio.parse_yaml(text, tmp_path / "x.yaml")


def test_tab_message_only_for_tabs(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as info:
        yamlio.parse_yaml('name: "a\x80b"\n', tmp_path / "x.yaml")
    assert "tab character" not in str(info.value)
    assert "U+0080" in str(info.value)
    with pytest.raises(DataFileError, match="tab"):
        yamlio.parse_yaml("a:\n\tb: 1\n", tmp_path / "x.yaml")

"""A corpus of realistic evidence file names: the dates and kinds of record a person reading them would set."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from corcli.evidence.naming import parse_evidence_name
from corcli.evidence.vocabulary import load_vocabulary
from corcli.models import DateSource
from corcli.rules.assignment import read_name

CORPUS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "corpora" / "evidence-names.yaml").read_text(encoding="utf-8")
)
PRECISION = {DateSource.FILENAME: "day", DateSource.FILENAME_MONTH: "month", DateSource.FILENAME_YEAR: "year"}


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 80
    assert len({c["name"] for c in CORPUS}) == len(CORPUS)


def _written(value: str | None) -> tuple[date | None, str | None]:
    if value is None:
        return None, None
    parts = value.split("-")
    if len(parts) == 1:
        return date(int(parts[0]), 1, 1), "year"
    if len(parts) == 2:
        return date(int(parts[0]), int(parts[1]), 1), "month"
    return date.fromisoformat(value), "day"


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_dates_as_a_person_reads_them(case: dict[str, Any]) -> None:
    info = parse_evidence_name(case["name"])
    expected, precision = _written(case["date"])
    assert info.record_date == expected
    if expected is not None:
        assert info.date_source is not None
        assert PRECISION[info.date_source] == precision


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_kinds_as_a_person_reads_them(case: dict[str, Any]) -> None:
    kinds = {k.value for k in read_name(f"folder/{case['name']}", load_vocabulary()).kinds}
    assert kinds == set(case["kinds"])

"""The action plan's CSV round trip: what corcli exports, a spreadsheet saves and corcli imports, changes nothing."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from corcli.models.actions import ActionPlan, CorrectiveAction
from corcli.services.actions import dump_plan, import_csv, render_csv
from corcli.storage import yamlio

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r")
    | st.sampled_from("=+-@',\"\n"),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() == t and t.strip())
DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def plans(draw: st.DrawFn) -> ActionPlan:
    count = draw(st.integers(min_value=0, max_value=5))
    actions = []
    for number in range(1, count + 1):
        raised = draw(DATES)
        done = draw(st.none() | st.just(raised))
        actions.append(
            CorrectiveAction(
                id=f"A-{number:03d}",
                action=draw(TEXT),
                owner=draw(st.just("") | TEXT),
                raised=raised,
                due=draw(st.none() | DATES),
                done=done,
                evidence=draw(st.just("") | TEXT),
            )
        )
    return ActionPlan(actions=actions)


@settings(max_examples=60, deadline=None)
@given(plans())
def test_exported_csv_imports_back_unchanged(plan: ActionPlan) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.csv"
        path.write_text(render_csv(plan), encoding="utf-8")
        result = import_csv(plan, path, date(2026, 11, 26))
    assert result.added == []
    assert result.updated == []
    assert result.plan == plan


@settings(max_examples=60, deadline=None)
@given(plans())
def test_actions_yaml_round_trips(plan: ActionPlan) -> None:
    loaded = yamlio.validate(yamlio.parse_yaml(dump_plan(plan), Path("actions.yaml")), ActionPlan)
    assert loaded == plan

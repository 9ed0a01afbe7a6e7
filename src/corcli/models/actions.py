"""The corrective-action plan kept in a workspace's ``actions.yaml``."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from corcli.models.base import StrictModel, Text

ACTIONS_SCHEMA_VERSION = 1

ActionId = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=24)
]


class ActionOrigin(StrEnum):
    """Where a corrective action came from."""

    CHECK = "check"  # the path to pass of 'corcli check'
    INSPECTION = "inspection"
    INVESTIGATION = "investigation"
    AUDIT = "audit"
    OTHER = "other"


class CorrectiveAction(StrictModel):
    """One thing to fix, who fixes it, by when, and what proves it was done."""

    id: ActionId = Field(description="Short id, e.g. 'A-007'; kept when the plan is exported and imported.")
    action: Text = Field(description="What to do.")
    origin: ActionOrigin = Field(
        default=ActionOrigin.OTHER, description="check, inspection, investigation, audit or other."
    )
    requirement: str = Field(default="", max_length=24, description="Requirement id it answers, if any.")
    site: str = Field(default="", description="Site it applies to, if any.")
    raised: date | None = Field(default=None, description="Date it was raised.")
    owner: str = Field(default="", description="Person responsible.")
    due: date | None = Field(default=None, description="Date it must be done by.")
    done: date | None = Field(default=None, description="Date it was done; empty while open.")
    evidence: str = Field(default="", description="Evidence of closure: a path under evidence/ or a short note.")
    note: str = Field(default="", description="Anything else.")

    @model_validator(mode="after")
    def _done_after_raised(self) -> CorrectiveAction:
        if self.done and self.raised and self.done < self.raised:
            raise ValueError("done is before raised")
        return self

    @property
    def is_open(self) -> bool:
        """Whether the action is still to do."""
        return self.done is None

    def is_overdue(self, today: date) -> bool:
        """Whether the action is open and past its due date."""
        return self.done is None and self.due is not None and self.due < today


class ActionPlan(StrictModel):
    """The ``actions.yaml`` file."""

    schema_version: Literal[1] = Field(default=1, description="Version of this file's layout.")
    actions: list[CorrectiveAction] = Field(default_factory=list, description="Corrective actions, oldest first.")

    @model_validator(mode="after")
    def _unique_ids(self) -> ActionPlan:
        seen: set[str] = set()
        for item in self.actions:
            if item.id in seen:
                raise ValueError(f"action id {item.id!r} is used twice")
            seen.add(item.id)
        return self

    def counts(self, today: date) -> tuple[int, int]:
        """Return (open, overdue)."""
        open_items = [a for a in self.actions if a.is_open]
        return len(open_items), sum(1 for a in open_items if a.is_overdue(today))

"""Models of ``corcli portfolio``: one row per client workspace."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from corcli.models.base import StrictModel


class ClientRow(StrictModel):
    """Where one client stands, in one row."""

    folder: str = Field(description="The client's workspace folder.")
    company: str = Field(description="Company name ('' when the workspace could not be read).")
    province: str = Field(default="", description="Province or territory.")
    program: str = Field(default="", description="COR or SECOR.")
    partner: str = Field(default="", description="Certifying partner abbreviation.")
    verdict: str = Field(
        description="ready, not_ready, depends or error; legal_covered or legal_lacking for a legal program."
    )
    ready: bool = Field(description="Whether the client would pass today.")
    score_low: float | None = Field(default=None, description="Projected score if awaiting items fail.")
    score_high: float | None = Field(default=None, description="Projected score if awaiting items pass.")
    score_text: str = Field(default="", description="The projected score in words, e.g. '72.5%' or '45.0–78.1%'.")
    weakest_element: str = Field(default="", description="Weakest element, id, title and score.")
    records_history: str = Field(default="", description="Records history status: full, shorter_term, too_short...")
    next_deadline: str = Field(default="", description="The next deadline's title.")
    next_deadline_on: date | None = Field(default=None, description="Its date.")
    days_left: int | None = Field(default=None, description="Days until it.")
    expiring_tickets: int = Field(default=0, ge=0, description="Tickets expired or expiring within 90 days.")
    overdue_items: int = Field(
        default=0, ge=0, description="Overdue items of 'corcli due' (recurring work, tickets...)."
    )
    open_actions: int = Field(default=0, ge=0, description="Open corrective actions.")
    overdue_actions: int = Field(default=0, ge=0, description="Open corrective actions past their due date.")
    warnings: list[str] = Field(default_factory=list, description="Conflict-window and other warnings.")
    report: str = Field(default="", description="Path of the client's own report, relative to the portfolio page.")
    error: str = Field(default="", description="Why the workspace could not be read, with the fix.")


class Portfolio(StrictModel):
    """Every client of a consultant, one row each."""

    report_date: date = Field(description="The date the rows are for.")
    prepared_by: str = Field(default="", description="Who prepared it (from the user settings).")
    clients: list[ClientRow] = Field(description="One row per client workspace.")

    @property
    def not_ready(self) -> int:
        """How many clients would not pass today (or could not be read)."""
        return sum(1 for c in self.clients if not c.ready)

"""The strict base model and the small shared types every data file uses."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

UNKNOWN = "unknown"
Unknown = Literal["unknown"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64),
]
ProvinceCode = Annotated[str, StringConstraints(pattern=r"^(AB|BC|SK|MB|ON|QC|NS|NB|NL|PE|YT|NT|NU)$")]


class StrictModel(BaseModel):
    """Base of every corcli model: unknown keys are errors and values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class Program(StrEnum):
    """The two certificates corcli prepares for."""

    COR = "COR"
    SECOR = "SECOR"


class Availability(StrEnum):
    """Whether something is offered, as far as the sources say."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Confidence(StrEnum):
    """How certain a listing or fact is."""

    CONFIRMED = "confirmed"
    LIKELY = "likely"
    UNCERTAIN = "uncertain"


class SourceKind(StrEnum):
    """Who published a source (see the reference's tags)."""

    GOVERNMENT = "gov"
    CERTIFYING_PARTNER = "cp"
    DOCUMENT_COPY = "copy"
    THIRD_PARTY = "3p"


class Source(StrictModel):
    """A public source and the facts it supports."""

    url: Text = Field(description="Address of the public page or document.")
    supports: Text = Field(description="Which facts in this file the source supports.")
    kind: SourceKind = Field(description="Who published it: gov, cp, copy (a CP document hosted elsewhere) or 3p.")


class UncertainFact(StrictModel):
    """A fact in this file that the sources do not settle, with the reason."""

    field: Text = Field(description="Dotted path of the uncertain value, e.g. 'small_employer.max_headcount'.")
    note: Text = Field(description="Why it is uncertain: the conflict, the missing source, the value chosen and why.")


class DataFile(StrictModel):
    """Fields shared by every catalog data file."""

    sources: list[Source] = Field(min_length=1, description="Public sources for the facts in this file.")
    uncertain: list[UncertainFact] = Field(
        default_factory=list, description="Facts in this file that the sources do not settle."
    )
    notes: str = Field(default="", description="Free text for maintainers and users.")

    def uncertain_fields(self) -> set[str]:
        """Return the dotted paths marked uncertain."""
        return {u.field for u in self.uncertain}

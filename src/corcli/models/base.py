"""The strict base model and the small shared types every data file uses."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar

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


_Model = TypeVar("_Model", bound=BaseModel)


_object_setattr = object.__setattr__


_every_field: dict[type[BaseModel], set[str]] = {}


def trusted(cls: type[_Model], values: dict[str, Any]) -> _Model:
    """Build a model from values that are already valid and name every field, without validating them.

    Why: a check builds a few models per evidence file; validating each costs about 10 µs, and a fields
    set of its own (what ``model_construct`` makes) about 700 bytes. Every instance of a class shares one
    set of field names: every field is set, so pydantic never needs to change it.
    """
    fields = _every_field.get(cls)
    if fields is None:
        fields = _every_field[cls] = set(cls.model_fields)
    model = cls.__new__(cls)
    _object_setattr(model, "__dict__", values)
    _object_setattr(model, "__pydantic_fields_set__", fields)
    _object_setattr(model, "__pydantic_extra__", None)
    _object_setattr(model, "__pydantic_private__", None)
    return model


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

"""The record vocabulary: the words people use in file names for each kind of safety record.

Why a data file: which words mean "inspection" or "toolbox talk" is field knowledge (abbreviations such as
FLHA, SWP, JHSC; French words), not code; a company adds its own words in ``vocabulary.yaml`` in its workspace.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from corcli.models.base import DataFile, StrictModel
from corcli.models.catalog import EvidenceKind

Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class KindWords(StrictModel):
    """The words that name one kind of record in a file name, and the words that say it is not one."""

    kind: EvidenceKind = Field(description="The kind of record (the same kinds requirements list).")
    words: list[Phrase] = Field(
        default_factory=list,
        description="Words or phrases that name the kind, in any case, singular (plurals are understood).",
    )
    negative: list[Phrase] = Field(
        default_factory=list,
        description="Words that, in the same name, say the file is not this kind (a 'schedule' is no inspection).",
    )

    @field_validator("words", "negative")
    @classmethod
    def _no_duplicates(cls, value: list[str]) -> list[str]:
        lowered = [v.casefold() for v in value]
        repeated = sorted({v for v in lowered if lowered.count(v) > 1})
        if repeated:
            raise ValueError(f"listed twice: {', '.join(repeated)}")
        return value


class Abbreviation(StrictModel):
    """A short form used in file names and what it stands for (used to match requirement texts)."""

    short: Phrase = Field(description="The short form, e.g. 'JHSC'.")
    means: Phrase = Field(description="What it stands for, e.g. 'joint health and safety committee'.")


class VocabularyWords(StrictModel):
    """Words shared by the built-in vocabulary and a workspace's own additions."""

    kinds: list[KindWords] = Field(default_factory=list, description="Words for each kind of record.")
    abbreviations: list[Abbreviation] = Field(default_factory=list, description="Short forms and their meaning.")
    not_records: list[Phrase] = Field(
        default_factory=list,
        description="Words that mark a file as no record at all (a blank template), whatever else it names.",
    )
    ignored: list[Phrase] = Field(
        default_factory=list, description="Filler words left out when a name is compared with requirement texts."
    )


class Vocabulary(DataFile, VocabularyWords):
    """A built-in vocabulary file (``data/vocabulary/*.yaml``), with the sources of its words."""

    kind: Literal["vocabulary"] = Field(description="Marks this file as a record vocabulary.")
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)] = Field(
        description="Id of the vocabulary, e.g. 'record-kinds'."
    )
    language: str = Field(default="en", description="Language(s) of the words, e.g. 'en, fr'.")


class WorkspaceVocabulary(VocabularyWords):
    """A workspace's own words (``vocabulary.yaml`` next to ``corcli.yaml``), added to the built-in ones."""

    schema_version: Literal[1] = Field(default=1, description="Version of this file's layout.")


__all__ = ["Abbreviation", "KindWords", "Vocabulary", "VocabularyWords", "WorkspaceVocabulary"]

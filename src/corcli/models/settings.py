"""The user's own settings file (for consultants: template folder, data folder, who prepares documents)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from corcli.models.base import StrictModel


class PreparedBy(StrictModel):
    """Who prepares the documents corcli writes (shown on them)."""

    name: str = Field(default="", description="Your name.")
    firm: str = Field(default="", description="Your firm.")
    logo: Path | None = Field(default=None, description="A PNG, JPEG or SVG logo for HTML documents (under 512 KB).")


class UserSettings(StrictModel):
    """``config.yaml`` in the user's config folder; every key is optional."""

    schema_version: Literal[1] = Field(default=1, description="Version of this file's layout.")
    template_dir: Path | None = Field(default=None, description="Your own templates (as --template-dir).")
    data_dir: Path | None = Field(default=None, description="Your own partner and standard files (as --data-dir).")
    prepared_by: PreparedBy = Field(default_factory=PreparedBy, description="Who prepares the documents.")

"""Where the built-in data and templates live, installed or in a source checkout.

No other module should know these paths.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def _checkout_root() -> Path | None:
    root = _PACKAGE_DIR.parent.parent
    if (root / "pyproject.toml").is_file() and (root / "data").is_dir():
        return root
    return None


def data_dir() -> Path:
    """Return the folder of built-in catalog data (jurisdictions, partners, standards)."""
    installed = _PACKAGE_DIR / "_data"
    if installed.is_dir():
        return installed
    root = _checkout_root()
    if root is not None:
        return root / "data"
    raise FileNotFoundError("corcli's built-in data is missing; reinstall corcli.")


def templates_dir() -> Path:
    """Return the folder of built-in templates (``manuals/`` and others)."""
    installed = _PACKAGE_DIR / "_templates"
    if installed.is_dir():
        return installed
    root = _checkout_root()
    if root is not None:
        return root / "templates"
    raise FileNotFoundError("corcli's built-in templates are missing; reinstall corcli.")

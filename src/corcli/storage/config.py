"""The user settings: a ``config.yaml`` in the platform's config folder, overridden by ``CORCLI_*`` variables.

Why: a consultant preparing many clients should not pass ``--template-dir`` on every command, and wants
their name and firm on what they hand over. Order: command-line option > environment > settings file.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from corcli.errors import CorcliError
from corcli.models.settings import PreparedBy, UserSettings
from corcli.storage import yamlio

CONFIG_ENV = "CORCLI_CONFIG"
TEMPLATE_DIR_ENV = "CORCLI_TEMPLATE_DIR"
PREPARED_BY_ENV = "CORCLI_PREPARED_BY"
FIRM_ENV = "CORCLI_FIRM"
LOGO_ENV = "CORCLI_LOGO"
MAX_LOGO_BYTES = 512 * 1024
_LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def config_path() -> Path:
    """Return where the settings file is (``CORCLI_CONFIG``, else the platform's user config folder)."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("corcli", appauthor=False) / "config.yaml"


@dataclass(frozen=True)
class Settings:
    """The settings in force, and where each came from."""

    template_dir: Path | None
    data_dir: Path | None
    name: str
    firm: str
    logo: Path | None
    path: Path

    def prepared_by_line(self) -> str:
        """Return 'Name, Firm' (either part may be missing), or ''."""
        return ", ".join(part for part in (self.name, self.firm) if part)

    def logo_data_uri(self) -> str:
        """Return the logo as a data: URI for a self-contained HTML page, or '' when there is none."""
        if self.logo is None:
            return ""
        kind = _LOGO_TYPES.get(self.logo.suffix.lower())
        if kind is None:
            raise CorcliError(
                f"The logo {self.logo} is not a PNG, JPEG or SVG file.", "Set prepared_by.logo to such a file."
            )
        try:
            if self.logo.stat().st_size > MAX_LOGO_BYTES:
                raise CorcliError(f"The logo {self.logo} is larger than 512 KB.", "Use a smaller image.")
            data = self.logo.read_bytes()
        except OSError as exc:
            raise CorcliError(
                f"Cannot read the logo {self.logo}: {exc.strerror}.", f"Fix prepared_by.logo in {self.path}."
            ) from None
        return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _path(value: str | Path | None, base: Path) -> Path | None:
    if value is None or str(value) == "":
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Return the settings in force: the file (if any) with ``CORCLI_*`` variables on top."""
    env = os.environ if environ is None else environ
    path = config_path()
    file = yamlio.load_model(path, UserSettings) if path.is_file() else UserSettings()
    prepared = file.prepared_by or PreparedBy()
    base = path.parent
    return Settings(
        template_dir=_path(env.get(TEMPLATE_DIR_ENV), Path.cwd()) or _path(file.template_dir, base),
        data_dir=_path(file.data_dir, base),  # CORCLI_DATA_DIR is read by the catalog itself
        name=env.get(PREPARED_BY_ENV) or prepared.name,
        firm=env.get(FIRM_ENV) or prepared.firm,
        logo=_path(env.get(LOGO_ENV), Path.cwd()) or _path(prepared.logo, base),
        path=path,
    )


__all__ = ["CONFIG_ENV", "Settings", "config_path", "load_settings"]

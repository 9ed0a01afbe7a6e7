"""The catalog: built-in jurisdictions, certifying partners and audit standards, plus user overrides."""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corcli.errors import CatalogError, CorcliError, DataFileError, Problem, UnknownIdError
from corcli.models import (
    INDUSTRIES,
    AuditStandard,
    Availability,
    CatalogEntry,
    CertifyingPartner,
    Jurisdiction,
    Program,
)
from corcli.models.content import ContentEntry, Hazard, JurisdictionLaw, ProtectiveEquipment, Trade
from corcli.models.sampling import SamplingTable
from corcli.storage import files, resources, yamlio

Entry = CatalogEntry | ContentEntry | SamplingTable
"""Any data file the catalog loads."""

DATA_DIR_ENV = "CORCLI_DATA_DIR"
_KINDS: dict[str, type[Entry]] = {
    "jurisdiction": Jurisdiction,
    "partner": CertifyingPartner,
    "standard": AuditStandard,
    "hazard": Hazard,
    "trade": Trade,
    "ppe": ProtectiveEquipment,
    "law": JurisdictionLaw,
    "sampling_table": SamplingTable,
}


@dataclass(frozen=True)
class Override:
    """A user data file that replaced a built-in (or earlier) entry with the same id."""

    kind: str
    id: str
    replaced: Path
    by: Path


@dataclass
class Catalog:
    """Every jurisdiction, partner and standard corcli knows, with where each came from."""

    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)
    partners: dict[str, CertifyingPartner] = field(default_factory=dict)
    standards: dict[str, AuditStandard] = field(default_factory=dict)
    hazards: dict[str, Hazard] = field(default_factory=dict)
    trades: dict[str, Trade] = field(default_factory=dict)
    ppe: dict[str, ProtectiveEquipment] = field(default_factory=dict)
    laws: dict[str, JurisdictionLaw] = field(default_factory=dict)
    sampling_tables: dict[str, SamplingTable] = field(default_factory=dict)
    origins: dict[tuple[str, str], Path] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)

    def jurisdiction(self, code: str) -> Jurisdiction:
        """Return the jurisdiction covering ``code`` (e.g. 'NU' finds the NT-NU file)."""
        wanted = code.strip().upper()
        if wanted in self.jurisdictions:
            return self.jurisdictions[wanted]
        for jurisdiction in self.jurisdictions.values():
            if wanted in jurisdiction.covers:
                return jurisdiction
        known = sorted({c for j in self.jurisdictions.values() for c in j.covers})
        raise UnknownIdError(
            "province or territory",
            code,
            difflib.get_close_matches(wanted, known, n=2),
            "Use a two-letter code: " + ", ".join(known) + ".",
        )

    def partner(self, partner_id: str) -> CertifyingPartner:
        """Return a partner by id or abbreviation (case-insensitive)."""
        wanted = partner_id.strip().lower()
        if wanted in self.partners:
            return self.partners[wanted]
        by_abbreviation = [p for p in self.partners.values() if p.abbreviation.lower() == wanted]
        if len(by_abbreviation) == 1:
            return by_abbreviation[0]
        raise UnknownIdError(
            "certifying partner",
            partner_id,
            difflib.get_close_matches(wanted, list(self.partners), n=3),
            "Run 'corcli partners list' to see every partner id.",
        )

    def standard(self, standard_id: str) -> AuditStandard:
        """Return an audit standard by id."""
        if standard_id in self.standards:
            return self.standards[standard_id]
        raise UnknownIdError(
            "audit standard",
            standard_id,
            difflib.get_close_matches(standard_id, list(self.standards), n=3),
            "Run 'corcli partners show ID' to see which standard a partner uses.",
        )

    def legal_program(self, jurisdiction: Jurisdiction) -> AuditStandard | None:
        """Return the legal program (a standard without a certificate) for a jurisdiction with no COR program."""
        codes = {jurisdiction.code, *jurisdiction.covers}
        found = [s for s in self.standards.values() if s.program is None and codes & set(s.jurisdictions)]
        return min(found, key=lambda s: s.id) if found else None

    def partners_in(
        self, province: str | None = None, industry: str | None = None, program: Program | None = None
    ) -> list[CertifyingPartner]:
        """Return partners filtered by province, industry and offered program, by name."""
        code = self.jurisdiction(province).code if province else None
        result = []
        for partner in self.partners.values():
            if code and code not in partner.jurisdictions:
                continue
            if industry and industry not in partner.industries and "general" not in partner.industries:
                continue
            if program is not None:
                entry = partner.program(program, code)
                if entry is None or entry.offered == Availability.NO:
                    continue
            result.append(partner)
        return sorted(result, key=lambda p: (p.listing != "confirmed", "general" in p.industries, p.name))

    def standard_for(self, partner: CertifyingPartner, program: Program, jurisdiction: str) -> AuditStandard | None:
        """Return the standard ``partner`` uses for ``program`` in ``jurisdiction``, if known."""
        entry = partner.program(program, jurisdiction)
        if entry is None or entry.standard is None:
            return None
        return self.standards.get(entry.standard)

    def origin(self, kind: str, entry_id: str) -> Path | None:
        """Return the file an entry was loaded from."""
        return self.origins.get((kind, entry_id))


def require_industry(industry: str) -> str:
    """Return ``industry`` if it is in the shared vocabulary, else raise with the closest ones."""
    if industry not in INDUSTRIES:
        raise UnknownIdError(
            "industry",
            industry,
            difflib.get_close_matches(industry, list(INDUSTRIES), n=2),
            "Industries: " + ", ".join(INDUSTRIES) + ".",
        )
    return industry


def _entry_id(entry: Entry) -> str:
    return entry.code if isinstance(entry, Jurisdiction | JurisdictionLaw) else entry.id


NOT_CATALOG_FOLDERS = frozenset({"vocabulary"})
"""Top folders of ``data/`` that hold other data than catalog entries (``corcli.evidence.vocabulary`` reads them)."""


def iter_data_files(folder: Path) -> list[Path]:
    """Return the catalog YAML files under ``folder``, sorted, skipping hidden and non-catalog folders."""
    files = [
        p
        for p in folder.rglob("*")
        if p.suffix in {".yaml", ".yml"}
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.relative_to(folder).parts[0] not in NOT_CATALOG_FOLDERS
    ]
    return sorted(files)


CACHE_ENV = "CORCLI_CACHE_DIR"


def cache_dir() -> Path | None:
    """Return where parsed catalog files are cached (``CORCLI_CACHE_DIR=off`` turns caching off).

    Without the variable, the platform's user cache folder (``platformdirs``: XDG on Linux,
    ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows).
    """
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return None if env.lower() in {"", "0", "off", "no"} else Path(env)
    from platformdirs import user_cache_path

    return user_cache_path("corcli", appauthor=False)


class ParsedCache:
    """Plain data of catalog (and vocabulary) files that validated before, keyed by path, size and mtime.

    Why: PyYAML builds Python objects in pure Python, about 1 ms per catalog file, which made the
    catalog the largest part of every command's start. The cache holds JSON (never code), and what it
    returns is validated by the models again; any mismatch falls back to reading the YAML.
    """

    def __init__(self, folder: Path) -> None:
        from corcli._version import __version__

        root = cache_dir()
        digest = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:20]
        self.file = root / f"catalog-{digest}.json" if root is not None else None
        models = Path(__file__).parent.parent / "models"
        stamps = [f"{p.name}:{p.stat().st_mtime_ns}" for p in sorted(models.glob("*.py"))]
        self.key = f"{__version__}|{'|'.join(stamps)}"
        self.entries: dict[str, list[Any]] = {}
        self.fresh: dict[str, list[Any]] = {}
        if self.file is None:
            return
        # A broken cache is ignored and rebuilt: README calls it safe to delete, so it must be safe to break.
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError, RecursionError, CorcliError):
            raw = json.loads(files.read_bytes(self.file, limit=files.LIMIT_CACHE))
            if raw.get("key") == self.key and isinstance(raw.get("files"), dict):
                self.entries = raw["files"]

    @staticmethod
    def _stamp(path: Path) -> list[int]:
        info = path.stat()
        return [info.st_size, info.st_mtime_ns]

    def get(self, path: Path) -> Any | None:
        """Return the cached data of ``path`` if the file is unchanged."""
        entry = self.entries.get(str(path))
        with contextlib.suppress(OSError):
            if entry is not None and len(entry) == 3 and entry[:2] == self._stamp(path):
                return entry[2]
        return None

    def keep(self, path: Path, data: Any) -> None:
        """Remember the data of a file that validated."""
        with contextlib.suppress(OSError):
            self.fresh[str(path)] = [*self._stamp(path), data]

    def save(self) -> None:
        """Write the cache if anything changed; a cache that cannot be written is simply not kept."""
        if self.file is None or self.fresh == self.entries:
            return
        from corcli.storage.workspace import write_atomic

        with contextlib.suppress(OSError, TypeError, ValueError):
            payload = json.dumps({"key": self.key, "files": self.fresh}, ensure_ascii=False, separators=(",", ":"))
            write_atomic(self.file, payload)


def _from_cache(data: Any) -> Entry | None:
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind not in _KINDS:
        return None
    try:
        return _KINDS[kind].model_validate(data)
    except ValueError:
        return None


def load_entry(path: Path, cache: ParsedCache | None = None) -> Entry:
    """Load one catalog data file, dispatching on its ``kind`` key."""
    if cache is not None:
        cached = cache.get(path)
        entry = _from_cache(cached) if cached is not None else None
        if entry is not None:
            cache.keep(path, cached)
            return entry
    loaded = yamlio.load_yaml(path)
    data = loaded.data
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind not in _KINDS:
        line, column = loaded.locate(("kind",))
        shown = "no 'kind' key" if kind is None else f"kind {kind!r}"
        raise DataFileError(
            path,
            [
                Problem(
                    path,
                    f"has {shown}.",
                    "Start the file with 'kind: jurisdiction', 'kind: partner' or 'kind: standard' (manual content: "
                    "'kind: hazard', 'kind: trade', 'kind: ppe' or 'kind: law'; audit sampling: "
                    "'kind: sampling_table').",
                    line or 1,
                    column or 1,
                )
            ],
        )
    entry = yamlio.validate(loaded, _KINDS[kind])
    if cache is not None:
        cache.keep(path, data)
    return entry


def _store(
    catalog: Catalog, entry: Entry, path: Path, layer_paths: dict[tuple[str, str], Path], problems: list[Problem]
) -> None:
    kind = entry.kind
    key = (kind, _entry_id(entry))
    if key in layer_paths:
        problems.append(
            Problem(
                path,
                f"{kind} id {key[1]!r} is also defined in {layer_paths[key]}.",
                "Give each entry its own id, or remove one file.",
            )
        )
        return
    layer_paths[key] = path
    if key in catalog.origins:
        catalog.overrides.append(Override(kind, key[1], catalog.origins[key], path))
    catalog.origins[key] = path
    if isinstance(entry, Jurisdiction):
        catalog.jurisdictions[entry.code] = entry
    elif isinstance(entry, CertifyingPartner):
        catalog.partners[entry.id] = entry
    elif isinstance(entry, AuditStandard):
        catalog.standards[entry.id] = entry
    elif isinstance(entry, Hazard):
        catalog.hazards[entry.id] = entry
    elif isinstance(entry, Trade):
        catalog.trades[entry.id] = entry
    elif isinstance(entry, JurisdictionLaw):
        catalog.laws[entry.code] = entry
    elif isinstance(entry, SamplingTable):
        catalog.sampling_tables[entry.id] = entry
    else:
        catalog.ppe[entry.id] = entry


def check_content(catalog: Catalog) -> list[Problem]:
    """Check the manual's content library: known industries and trades, and every industry has its PPE."""
    problems: list[Problem] = []

    def unknown(kind: str, entry_id: str, what: str, value: str, known: Sequence[str]) -> None:
        close = difflib.get_close_matches(value, list(known), n=1)
        problems.append(
            Problem(
                catalog.origins.get((kind, entry_id)),
                f"{kind} {entry_id!r} names unknown {what} {value!r}.",
                f"Did you mean {close[0]!r}?" if close else f"Known: {', '.join(sorted(known))}.",
            )
        )

    scoped: list[tuple[str, str, list[str], list[str]]] = []
    for hazard in catalog.hazards.values():
        scoped.append(("hazard", hazard.id, hazard.industries, hazard.trades))
        scoped += [("hazard", hazard.id, c.industries, c.trades) for c in hazard.controls]
    for trade in catalog.trades.values():
        scoped.append(("trade", trade.id, trade.industries, []))
        for procedure in trade.procedures:
            scoped.append(("trade", trade.id, procedure.industries, procedure.trades))
            for hazard_id in procedure.hazards:
                if hazard_id not in catalog.hazards:
                    unknown("trade", trade.id, "hazard", hazard_id, list(catalog.hazards))
    scoped += [("ppe", p.id, p.industries, []) for p in catalog.ppe.values()]
    for kind, entry_id, industries, trades in scoped:
        for industry in industries:
            if industry not in INDUSTRIES:
                unknown(kind, entry_id, "industry", industry, list(INDUSTRIES))
        for trade_id in trades:
            if trade_id not in catalog.trades:
                unknown(kind, entry_id, "trade", trade_id, list(catalog.trades))
    for law in catalog.laws.values():
        path = catalog.origins.get(("law", law.code))
        if law.code not in catalog.jurisdictions:
            problems.append(
                Problem(path, f"law file for unknown jurisdiction {law.code!r}.", "Use a jurisdiction code.")
            )
        instruments = {i.id for i in law.instruments}
        topics = {t.id for t in law.topics}
        statements = [s for t in law.topics for s in (*t.statements, *t.steps)]
        statements += [s for p in law.plans for s in (p.when, *p.contents, *([p.kept] if p.kept else []))]
        for statement in statements:
            if statement.law not in instruments:
                unknown("law", law.code, "instrument", statement.law, list(instruments))
        for topic_id in law.required:
            if topic_id not in topics:
                unknown("law", law.code, "topic", topic_id, list(topics))
        for topic in law.topics:
            if not (topic.statements or topic.steps or topic.to_complete.strip()):
                problems.append(
                    Problem(
                        path,
                        f"law topic {topic.id!r} has no statements, no steps and nothing 'to_complete'.",
                        "Add the cited statements, or say in 'to_complete' what the company must fill in.",
                    )
                )
    if catalog.ppe:
        worn = {industry for p in catalog.ppe.values() for industry in p.industries}
        for industry in INDUSTRIES:
            if industry not in worn:
                problems.append(
                    Problem(
                        None,
                        f"no everyday protective equipment (kind: ppe) lists industry {industry!r}.",
                        "Add it to the industries of a ppe file.",
                    )
                )
    return problems


def cross_check(catalog: Catalog) -> list[Problem]:
    """Check references between files: standards, jurisdictions, industries, unique ids."""
    problems: list[Problem] = []
    codes = set(catalog.jurisdictions) | {c for j in catalog.jurisdictions.values() for c in j.covers}
    for partner in catalog.partners.values():
        path = catalog.origins.get(("partner", partner.id))
        for code in partner.jurisdictions:
            if code not in codes:
                problems.append(
                    Problem(
                        path,
                        f"partner {partner.id!r} serves unknown jurisdiction {code!r}.",
                        "Add that jurisdiction's file or correct the code.",
                    )
                )
        for industry in partner.industries:
            if industry not in INDUSTRIES:
                close = difflib.get_close_matches(industry, list(INDUSTRIES), n=1)
                problems.append(
                    Problem(
                        path,
                        f"partner {partner.id!r} lists unknown industry {industry!r}.",
                        (f"Did you mean {close[0]!r}? " if close else "")
                        + "Industries: "
                        + ", ".join(INDUSTRIES)
                        + ".",
                    )
                )
        for entry in partner.programs:
            for code in entry.jurisdictions:
                if code not in partner.jurisdictions:
                    problems.append(
                        Problem(
                            path,
                            f"{entry.program} entry names {code!r}, which the partner does not serve.",
                            "Add it to 'jurisdictions' or remove it here.",
                        )
                    )
            if entry.standard is None:
                continue
            standard = catalog.standards.get(entry.standard)
            if standard is None:
                close = difflib.get_close_matches(entry.standard, list(catalog.standards), n=1)
                problems.append(
                    Problem(
                        path,
                        f"partner {partner.id!r} uses standard {entry.standard!r}, which does not exist.",
                        f"Did you mean {close[0]!r}?" if close else "Add the standard's file.",
                    )
                )
            elif standard.program != entry.program:
                problems.append(
                    Problem(
                        path,
                        f"standard {standard.id!r} is a {standard.program} standard but is listed for {entry.program}.",
                        "Point the program at a standard of the same program.",
                    )
                )
    for standard in catalog.standards.values():
        path = catalog.origins.get(("standard", standard.id))
        element_ids: set[str] = set()
        folders: set[str] = set()
        requirement_ids: set[str] = set()
        for element in standard.elements:
            if element.id in element_ids:
                problems.append(
                    Problem(
                        path, f"element id {element.id!r} is used twice in {standard.id!r}.", "Make element ids unique."
                    )
                )
            if element.folder in folders:
                problems.append(
                    Problem(
                        path,
                        f"evidence folder {element.folder!r} is used twice in {standard.id!r}.",
                        "Make folder names unique.",
                    )
                )
            element_ids.add(element.id)
            folders.add(element.folder)
            for requirement in element.requirements:
                if requirement.id in requirement_ids:
                    problems.append(
                        Problem(
                            path,
                            f"requirement id {requirement.id!r} is used twice in {standard.id!r}.",
                            "Make requirement ids unique within the standard.",
                        )
                    )
                requirement_ids.add(requirement.id)
        for code in standard.jurisdictions:
            if code not in codes and code != "CA":
                problems.append(
                    Problem(
                        path,
                        f"standard {standard.id!r} names unknown jurisdiction {code!r}.",
                        "Correct the code (use CA for a national standard).",
                    )
                )
        if standard.superseded_by and standard.superseded_by not in catalog.standards:
            problems.append(
                Problem(path, f"superseded_by names unknown standard {standard.superseded_by!r}.", "Correct the id.")
            )
    for table in catalog.sampling_tables.values():
        for code in table.jurisdictions:
            if code not in codes:
                problems.append(
                    Problem(
                        catalog.origins.get(("sampling_table", table.id)),
                        f"sampling table {table.id!r} names unknown jurisdiction {code!r}.",
                        "Correct the code, or leave jurisdictions empty for a general table.",
                    )
                )
        for partner_id in table.partners:
            if partner_id not in catalog.partners:
                problems.append(
                    Problem(
                        catalog.origins.get(("sampling_table", table.id)),
                        f"sampling table {table.id!r} names unknown partner {partner_id!r}.",
                        "Correct the id (see 'corcli partners list'), or leave partners empty.",
                    )
                )
    problems.extend(check_content(catalog))
    return problems


def load_catalog(extra_dirs: Sequence[Path] = (), *, builtin: bool = True) -> Catalog:
    """Load the built-in catalog, then each folder of ``extra_dirs`` on top (later wins).

    Raises ``CatalogError`` listing every problem in every file, and every broken reference.
    """
    catalog = Catalog()
    problems: list[Problem] = []
    layers: list[Path] = ([resources.data_dir()] if builtin else []) + list(extra_dirs)
    for folder in layers:
        if not folder.exists():
            problems.append(Problem(folder, "does not exist.", "Check the --data-dir path or CORCLI_DATA_DIR."))
            continue
        if not folder.is_dir():
            problems.append(Problem(folder, "is not a folder.", "Give a folder of partner and standard YAML files."))
            continue
        layer_paths: dict[tuple[str, str], Path] = {}
        try:
            files = iter_data_files(folder)
        except OSError as exc:
            problems.append(Problem(folder, f"cannot be read: {exc.strerror or exc}.", "Check its permissions."))
            continue
        cache = ParsedCache(folder)
        for path in files:
            try:
                _store(catalog, load_entry(path, cache), path, layer_paths, problems)
            except DataFileError as exc:
                problems.extend(exc.problems())
        cache.save()
    problems.extend(cross_check(catalog))
    if problems:
        raise CatalogError(problems)
    return catalog


def user_data_dirs(explicit: Path | None, workspace: Path | None) -> list[Path]:
    """Return the user data folders in order: ``partners/`` in the workspace, then env (else the user settings'
    ``data_dir``), then ``--data-dir``."""
    dirs: list[Path] = []
    if workspace is not None and (workspace / "partners").is_dir():
        dirs.append(workspace / "partners")
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        dirs.append(Path(env))
    else:
        from corcli.storage.config import load_settings

        configured = load_settings().data_dir
        if configured is not None:
            dirs.append(configured)
    if explicit is not None:
        dirs.append(explicit)
    return dirs


__all__ = [
    "Catalog",
    "Override",
    "ParsedCache",
    "check_content",
    "cross_check",
    "iter_data_files",
    "load_catalog",
    "load_entry",
    "require_industry",
    "user_data_dirs",
]

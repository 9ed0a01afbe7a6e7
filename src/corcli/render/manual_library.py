"""Which parts of the content library (``data/hazards``, ``data/trades``, ``data/ppe``) a company's manual uses.

The choice follows the trade and industry in the profile: a hazard comes in when the company's trade brings
it to the front or it is a main hazard of the company's industry; a control, a procedure or a line of PPE that
names trades or industries is printed only for them, so no trade's text leaks into another's manual.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from corcli.catalog.loader import Catalog, load_catalog
from corcli.models import CompanyProfile
from corcli.models.content import Hazard, JurisdictionLaw, ProtectiveEquipment, Trade

_OFFICE_ROLE_WORDS = ("office", "admin", "clerk", "bookkeep", "account", "reception", "estimator", "payroll")
ALWAYS = ("violence",)
"""Hazards every manual covers: every jurisdiction's law asks employers to deal with violence and harassment."""


@dataclass(frozen=True)
class ManualLibrary:
    """The content files a manual draws on."""

    hazards: dict[str, Hazard] = field(default_factory=dict)
    trades: dict[str, Trade] = field(default_factory=dict)
    ppe: dict[str, ProtectiveEquipment] = field(default_factory=dict)
    laws: dict[str, JurisdictionLaw] = field(default_factory=dict)

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> ManualLibrary:
        """Take the content files of a loaded catalog (built-in and the user's own)."""
        return cls(dict(catalog.hazards), dict(catalog.trades), dict(catalog.ppe), dict(catalog.laws))

    @classmethod
    def builtin(cls) -> ManualLibrary:
        """The built-in content only (loaded once per process)."""
        return _builtin()


def is_office_role(name: str) -> bool:
    """Whether a role's name says it is office work (its hazard assessment gets office hazards)."""
    lowered = name.lower()
    return any(word in lowered for word in _OFFICE_ROLE_WORDS)


def trades_for(profile: CompanyProfile, library: ManualLibrary) -> list[Trade]:
    """Return the trades named by the profile's ``company.trade`` words, in the library's order."""
    words = profile.company.trade.lower()
    return [t for t in library.trades.values() if any(stem in words for stem in t.words)]


def is_office_only(profile: CompanyProfile, library: ManualLibrary) -> bool:
    """Whether the company does office work only (all sites are offices, or its trade is office work)."""
    if profile.sites and all(site.kind == "office" for site in profile.sites):
        return True
    trades = trades_for(profile, library)
    return bool(trades) and all(t.office for t in trades)


def hazards_for(profile: CompanyProfile, library: ManualLibrary) -> list[Hazard]:
    """Return the hazards to cover: the trade's first, then the industry's, each group by priority."""
    industry = profile.company.industry
    everything = sorted(library.hazards.values(), key=lambda h: (h.priority, h.id))
    if is_office_only(profile, library):
        chosen = [h for h in everything if h.office]
    else:
        trade_ids = {t.id for t in trades_for(profile, library)}
        chosen = [h for h in everything if trade_ids & set(h.trades)]
        chosen += [h for h in everything if industry in h.industries and h not in chosen]
    chosen += [library.hazards[key] for key in ALWAYS if key in library.hazards and library.hazards[key] not in chosen]
    return chosen


def hazard_context(hazard: Hazard, trade_ids: set[str], industry: str) -> dict[str, Any]:
    """Plain data for templates: the hazard with only the controls that belong to this company."""
    controls = [c.text for c in hazard.controls if c.fits(trade_ids, industry)]
    return {
        "key": hazard.id,
        "name": hazard.name,
        "summary": controls[0].split(";")[0].rstrip(".") if controls else "",
        "where": hazard.where,
        "controls": controls,
        "checks": list(hazard.checks),
        "training": list(hazard.training),
        "plans": list(hazard.plans),
        "ppe": hazard.ppe,
    }


def procedures_for(profile: CompanyProfile, library: ManualLibrary, hazard_ids: set[str]) -> list[dict[str, Any]]:
    """Return the safe job procedures of the company's trades whose hazards it has (plain data)."""
    trade_ids = {t.id for t in trades_for(profile, library)}
    industry = profile.company.industry
    found = []
    for trade in trades_for(profile, library):
        for procedure in trade.procedures:
            if not procedure.fits(trade_ids, industry):
                continue
            if procedure.hazards and not set(procedure.hazards) & hazard_ids:
                continue
            found.append({"title": procedure.title, "trade": trade.name, "steps": list(procedure.steps)})
    return found


def ppe_for(profile: CompanyProfile, library: ManualLibrary) -> dict[str, Any]:
    """The everyday protective equipment of the company's industry: items and what workers supply."""
    industry = profile.company.industry
    for entry in library.ppe.values():
        if industry in entry.industries:
            return {"wear": list(entry.items), "worker_supplied": list(entry.worker_supplied)}
    return {"wear": [], "worker_supplied": []}


@functools.cache
def _builtin() -> ManualLibrary:
    return ManualLibrary.from_catalog(load_catalog())


def plans_for(profile: CompanyProfile, library: ManualLibrary) -> list[str]:
    """Ids of the written plans the company's hazards need (fall protection, confined space...), sorted."""
    return sorted({plan for hazard in hazards_for(profile, library) for plan in hazard.plans})

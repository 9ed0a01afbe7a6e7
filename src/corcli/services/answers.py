"""Read the answers people type at ``corcli init``: provinces by name, industries by trade, "about 23", dates.

Why a module of its own: the first ten minutes decide whether someone keeps using corcli. "Alberta",
"ab", "roofing" and "about 23" are what people type; each reader returns ``None`` for an answer it cannot
read, so the prompt asks again instead of aborting and losing what was already answered.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from corcli.models import INDUSTRIES

PROVINCE_NAMES: dict[str, tuple[str, ...]] = {
    "AB": ("alberta", "alta"),
    "BC": ("british columbia", "bc", "colombie britannique"),
    "SK": ("saskatchewan", "sask"),
    "MB": ("manitoba", "man"),
    "ON": ("ontario", "ont"),
    "QC": ("quebec", "que"),
    "NB": ("new brunswick", "nouveau brunswick"),
    "NS": ("nova scotia", "nouvelle ecosse"),
    "PE": ("prince edward island", "pei", "ile du prince edouard"),
    "NL": ("newfoundland and labrador", "newfoundland", "labrador", "nfld", "terre neuve et labrador"),
    "YT": ("yukon", "yukon territory"),
    "NT": ("northwest territories", "nwt", "territoires du nord ouest"),
    "NU": ("nunavut",),
}

INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "construction": (
        "roofing", "roofer", "framing", "carpentry", "carpenter", "electrical", "electrician", "plumbing",
        "plumber", "hvac", "mechanical contractor", "concrete", "drywall", "painting", "flooring", "masonry",
        "insulation", "siding", "renovation", "renovations", "general contractor", "home building", "builder",
        "landscaping", "demolition", "scaffolding", "glazing", "sheet metal", "steel erection", "welding contractor",
    ),
    "heavy-construction": (
        "road building", "roadbuilding", "paving", "asphalt", "excavation", "earthworks", "grading", "civil",
        "pipeline construction", "bridge", "sewer and water", "aggregate", "gravel",
    ),
    "oil-and-gas": (
        "oil", "gas", "oilfield", "oil field", "drilling", "well servicing", "wellsite", "fracking", "upstream",
        "energy", "petroleum", "pipeline",
    ),
    "manufacturing": ("fabrication", "machining", "machine shop", "metal fabrication", "plant", "factory"),
    "food-processing": ("food", "bakery", "meat", "meat packing", "brewery", "beverage", "dairy"),
    "forestry": ("logging", "sawmill", "timber", "forest", "silviculture", "tree planting"),
    "trucking": ("transport", "transportation", "moving", "courier", "hauling", "freight", "trucks", "logistics"),
    "motor-vehicle": ("auto repair", "dealership", "car dealer", "body shop", "collision repair", "mechanic"),
    "municipal": ("municipality", "town", "city", "county", "village", "municipal district", "local government"),
    "public-sector": ("government", "provincial government", "ministry", "department"),
    "hospitality": ("restaurant", "hotel", "motel", "bar", "catering", "food service"),
    "tourism": ("recreation", "ski hill", "golf course", "outfitter", "camp", "attraction"),
    "continuing-care": ("seniors", "nursing home", "long term care", "home care", "assisted living"),
    "healthcare": ("hospital", "clinic", "dental", "medical", "health"),
    "agriculture": ("farm", "farming", "ranch", "greenhouse", "agri"),
    "sales-and-service": ("retail", "wholesale", "store", "shop", "office", "services", "cleaning", "janitorial"),
    "maritime": ("port", "marine", "shipping", "stevedoring", "longshore"),
    "general": ("other", "none of these", "any"),
}  # fmt: skip
"""Words people use for their line of work, for each industry of the catalog's vocabulary."""

_APPROXIMATE = re.compile(r"^(?:about|around|approx(?:imately)?\.?|roughly|nearly|almost|maybe|~|≈|ca\.?)\s*")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip


def _plain(text: str) -> str:
    """Lower case, accents and punctuation removed, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9&]+", " ", letters.replace("&", " and ")).split())


def read_province(text: str) -> str | None:
    """Return the two-letter code for a province or territory typed by code or name, in any case."""
    plain = _plain(text)
    if not plain:
        return None
    code = plain.replace(" ", "").upper()
    if code in PROVINCE_NAMES:
        return code
    for code, names in PROVINCE_NAMES.items():
        if plain in names or plain.replace(" ", "") in {n.replace(" ", "") for n in names}:
            return code
    return None


def read_industry(text: str) -> tuple[str, str] | None:
    """Return (industry id, trade) for an industry typed by id, name or line of work ('roofing').

    The trade is the words typed when they name a line of work rather than the industry itself.
    """
    plain = _plain(text)
    if not plain:
        return None
    as_id = plain.replace(" and ", "-and-").replace(" ", "-")
    if as_id in INDUSTRIES:
        return as_id, ""
    for industry, label in INDUSTRIES.items():
        if plain == _plain(label) or plain == _plain(label.split("(")[0]):
            return industry, ""
    for industry, words in INDUSTRY_WORDS.items():
        if plain in words:
            return industry, "" if industry == "general" else text.strip()
    for industry, words in INDUSTRY_WORDS.items():
        if any(re.search(rf"\b{re.escape(word)}\b", plain) for word in words if len(word) > 3):
            return industry, text.strip()
    return None


def read_headcount(text: str) -> int | None:
    """Return a number of workers typed as '23', 'about 23', '~23 people', 'twenty' or '20-25' (the peak)."""
    plain = _APPROXIMATE.sub("", text.strip().lower())
    numbers = [int(n) for n in re.findall(r"\d+", plain.replace(",", ""))]
    if not numbers:
        words = [_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", plain) if w in _NUMBER_WORDS]
        numbers = [sum(words)] if words else []
    if not numbers or len(numbers) > 2:
        return None
    value = max(numbers)  # "20-25": the peak is what counts
    return value if 1 <= value <= 1_000_000 else None


def read_date(text: str) -> date | None:
    """Return a date typed as 2026-06-01 or 'June 1 2026', or a month alone ('Sept 2025', '2025-09': the 1st).

    Days are read by the one date module (``corcli.rules.dates``); a numeric date such as 03-04-2026 is
    refused there, since it means different days to different people.
    """
    from corcli.rules.dates import date_in_text, parse_typed_date

    typed = text.strip()
    day = parse_typed_date(typed)
    if day is not None:
        return day
    found = date_in_text(typed)
    if found is None or found.value is None or found.precision != "month":
        return None
    return found.value if found.text.strip(" .,") == typed.strip(" .,") else None


def read_yes(text: str) -> bool | None:
    """Return True for yes, False for no, None for anything else."""
    plain = _plain(text)
    if plain in {"y", "yes", "oui", "o", "true", "1"}:
        return True
    if plain in {"n", "no", "non", "false", "0"}:
        return False
    return None


__all__ = [
    "INDUSTRY_WORDS",
    "PROVINCE_NAMES",
    "read_date",
    "read_headcount",
    "read_industry",
    "read_province",
    "read_yes",
]

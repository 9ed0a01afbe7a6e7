"""Small wording rules for sentences built from data (evidence kinds, labels): articles and plurals.

Why: action texts join a verb to a kind's name ("Add a ... record"); English needs 'an' before a vowel
sound and one plural, not 'record records'.
"""

from __future__ import annotations

_AN_EXCEPTIONS = ("one", "once", "uni", "use", "usu", "eu", "ewe")
"""Words spelt with a vowel but said with a consonant sound ('a unit', 'a one-time', 'a user')."""
_SILENT_H = ("hour", "honest", "honou", "heir")
"""Words spelt with 'h' but said with a vowel sound ('an hour')."""


def article(phrase: str) -> str:
    """Return 'a' or 'an' for ``phrase`` by the sound of its first word."""
    word = phrase.strip().lower()
    if word.startswith(_SILENT_H):
        return "an"
    if word[:1] in "aeiou" and word and not word.startswith(_AN_EXCEPTIONS):
        return "an"
    return "a"


def with_article(phrase: str) -> str:
    """Return ``phrase`` with 'a' or 'an' in front of it."""
    return f"{article(phrase)} {phrase}"


def plural(noun: str) -> str:
    """Return the plural of a kind's name ('inspection' -> 'inspections'; 'meeting minutes' stays)."""
    if noun.endswith(("minutes", "statistics", "s")):
        return noun
    if noun.endswith(("ch", "sh", "x")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


__all__ = ["article", "plural", "with_article"]

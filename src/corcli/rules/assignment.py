"""The one evidence assignment: which requirements each evidence file counts for, and why (or why not).

Every view (``check``, ``evidence list``, the binder's index and manifest, ``assess export``, ``import``
proposals) takes its ties from :func:`assign_evidence`, computed once per run, so they cannot disagree.

A file is tied, most trusted first, by: the index (``evidence add --requirement``, repeatable), a sidecar
(``requirement:`` one id or a list), ``req-ID`` in its name, and only then by what its name says: the kinds of
record its words name (from the record vocabulary in ``data/vocabulary/``) matched with the documentation
requirements of its element folder, the best match by the words the name shares with a requirement's text.
A name that fits several requirements equally is *proposed*, not counted. Every file ends up either counted,
with the reason for each tie, or not counted, with why.
"""

from __future__ import annotations

import difflib
import functools
import math
import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from corcli.models import (
    RECURRENCE_MONTHS,
    AuditElement,
    AuditStandard,
    EvidenceItem,
    EvidenceKind,
    Recurrence,
    Requirement,
    RequirementSource,
    Verification,
)
from corcli.models.vocabulary import VocabularyWords
from corcli.rules.wording import with_article

_SPLIT = re.compile(r"[^0-9a-z]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NUMBERISH = re.compile(r"^\d+[a-z]?$|^\d+(st|nd|rd|th)$")


def fold(text: str) -> str:
    """Return ``text`` lower-cased with accents removed (``Procès-verbal`` -> ``proces-verbal``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@functools.cache
def stem(token: str) -> str:
    """Reduce an English or French word to a rough root, so plurals and -ing/-ion forms meet."""
    word = token
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("s", ""), ("x", "")):
        if len(word) > 3 and word.endswith(suffix) and not (suffix == "s" and word.endswith(("ss", "us", "is"))):
            word = word[: -len(suffix)] + keep
            break
    for suffix in ("ation", "ing", "ion", "ed", "e"):
        shortest = 5 if suffix in {"ation", "ion"} else 4  # 'formation' must not become 'form'
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            return word[: -len(suffix)]
    return word


def words_of(text: str) -> list[str]:
    """Return the stemmed words of a name or text (camelCase split, accents folded, numbers dropped)."""
    spaced = _CAMEL.sub(" ", text)
    return [stem(t) for t in _SPLIT.split(fold(spaced)) if t and not _NUMBERISH.match(t)]


# ----------------------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    text: str


def _phrases(items: Iterable[str]) -> tuple[_Phrase, ...]:
    result = [_Phrase(tuple(words_of(p)), p) for p in items]
    return tuple(sorted((p for p in result if p.words), key=lambda p: -len(p.words)))


@dataclass(frozen=True)
class CompiledVocabulary:
    """The record vocabulary ready for matching (built once per run from the data files)."""

    kinds: dict[EvidenceKind, tuple[_Phrase, ...]]
    negative: dict[EvidenceKind, tuple[_Phrase, ...]]
    abbreviations: dict[tuple[str, ...], tuple[str, ...]]
    not_records: tuple[_Phrase, ...]
    ignored: frozenset[str]
    by_first: dict[str, tuple[tuple[EvidenceKind, _Phrase], ...]] = field(default_factory=dict)
    """Every kind phrase by its first word, so a name is read in one pass over its words."""
    readings: dict[str, NameReading] = field(default_factory=dict, compare=False, repr=False)
    """Names already read this run (many files share a name in different folders)."""

    @classmethod
    def build(cls, parts: Sequence[VocabularyWords]) -> CompiledVocabulary:
        """Merge vocabularies (built-in first, the workspace's additions after) into one."""
        words: dict[EvidenceKind, list[str]] = {kind: [kind.value.replace("_", " ")] for kind in EvidenceKind}
        words[EvidenceKind.OTHER] = []
        negative: dict[EvidenceKind, list[str]] = {}
        abbreviations: dict[tuple[str, ...], tuple[str, ...]] = {}
        not_records: list[str] = []
        ignored: set[str] = set()
        for part in parts:
            for entry in part.kinds:
                words.setdefault(entry.kind, []).extend(entry.words)
                negative.setdefault(entry.kind, []).extend(entry.negative)
            for abbreviation in part.abbreviations:
                abbreviations[tuple(words_of(abbreviation.short))] = tuple(words_of(abbreviation.means))
            not_records.extend(part.not_records)
            ignored.update(w for i in part.ignored for w in words_of(i))
        kinds = {k: _phrases(v) for k, v in words.items()}
        by_first: dict[str, list[tuple[EvidenceKind, _Phrase]]] = {}
        for kind, phrases in kinds.items():
            for phrase in phrases:
                by_first.setdefault(phrase.words[0], []).append((kind, phrase))
        return cls(
            kinds=kinds,
            negative={k: _phrases(v) for k, v in negative.items()},
            abbreviations=abbreviations,
            not_records=_phrases(not_records),
            ignored=frozenset(ignored),
            by_first={w: tuple(p) for w, p in by_first.items()},
        )


def _find(phrase: tuple[str, ...], tokens: Sequence[str]) -> int:
    """Return where ``phrase`` starts in ``tokens``, or -1."""
    n = len(phrase)
    for start in range(len(tokens) - n + 1):
        if tuple(tokens[start : start + n]) == phrase:
            return start
    return -1


@dataclass(frozen=True)
class NameReading:
    """What a file name says about the record: its kinds, the words behind them, and its other words."""

    kinds: dict[EvidenceKind, str]
    """Each kind named, with the vocabulary phrase that named it."""
    vetoed: dict[EvidenceKind, str]
    """Kinds a phrase named but a negative word ruled out, with that word."""
    not_record: str
    """A word saying the file is no record at all (``template``), or ''."""
    topic: frozenset[str]
    """The name's other meaningful words (not those naming its kinds), abbreviations spelt out, for comparing
    with requirement texts."""
    kind_words: dict[EvidenceKind, frozenset[str]] = field(default_factory=dict)
    """The words of the phrases that named each kind ('policy review': the policy is what was reviewed)."""
    head: EvidenceKind | None = None
    """The kind named last, the record's own kind in English names ('maintenance program' is a program)."""


def read_name(path: str, vocabulary: CompiledVocabulary) -> NameReading:
    """Read the kinds of record a file name (or path) names, the most specific phrase winning."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    if dot > 0 and 0 < len(name) - dot - 1 <= 5:
        name = name[:dot]
    known = vocabulary.readings.get(name)
    if known is None:
        known = vocabulary.readings[name] = _read(name, vocabulary)
    return known


def _read(name: str, vocabulary: CompiledVocabulary) -> NameReading:
    tokens = words_of(name)
    present = set(tokens)

    def has(words: tuple[str, ...]) -> bool:
        return words[0] in present and _find(words, tokens) >= 0

    spans: dict[EvidenceKind, list[tuple[int, int, str]]] = {}
    for at, token in enumerate(tokens):
        for kind, phrase in vocabulary.by_first.get(token, ()):
            if tuple(tokens[at : at + len(phrase.words)]) == phrase.words:
                spans.setdefault(kind, []).append((at, len(phrase.words), phrase.text))
    # A phrase inside a longer phrase of another kind names nothing ("action plan" is no plan).
    kinds: dict[EvidenceKind, str] = {}
    used: set[int] = set()
    for kind, found in spans.items():
        free = [
            (at, length, text)
            for at, length, text in found
            if not any(
                other != kind and o_len > length and o_at <= at and at + length <= o_at + o_len
                for other, others in spans.items()
                for o_at, o_len, _ in others
            )
        ]
        if free:
            kinds[kind] = max(free, key=lambda f: f[1])[2]
            for f_at, f_len, _text in free:
                used.update(range(f_at, f_at + f_len))
    vetoed: dict[EvidenceKind, str] = {}
    for kind in list(kinds):
        for phrase in vocabulary.negative.get(kind, ()):
            if has(phrase.words) and not _inside_kind_phrase(phrase.words, kinds[kind]):
                vetoed[kind] = phrase.text
                del kinds[kind]
                break
    if vetoed:  # the words of a ruled-out kind still say what the record is about
        used = {i for kind, found in spans.items() if kind in kinds for at, n, _ in found for i in range(at, at + n)}
    not_record = next((p.text for p in vocabulary.not_records if has(p.words)), "")
    topic = {t for i, t in enumerate(tokens) if i not in used}
    for short, means in vocabulary.abbreviations.items():
        if has(short):
            topic.update(means)
    kind_words = {kind: frozenset(w for _, _, text in spans[kind] for w in words_of(text)) for kind in kinds}
    ends = {kind: max(at + n for at, n, _ in spans[kind]) for kind in kinds}
    head = max(ends, key=lambda k: ends[k]) if ends else None
    return NameReading(kinds, vetoed, not_record, frozenset(topic - vocabulary.ignored), kind_words, head)


def requirement_words(text: str, vocabulary: CompiledVocabulary) -> frozenset[str]:
    """Return the words of a requirement's text, with the short forms it uses spelt out (PPE, JHSC...)."""
    words = words_of(text)
    spelt = {w for short, means in vocabulary.abbreviations.items() if _find(short, words) >= 0 for w in means}
    return frozenset(words) | spelt


def _inside_kind_phrase(negative: tuple[str, ...], phrase: str) -> bool:
    """Whether a negative word is part of the very phrase that named the kind (``inspection plan`` kinds)."""
    return _find(negative, words_of(phrase)) >= 0


# ------------------------------------------------------------------------------------------ results


@dataclass(frozen=True, slots=True)
class Tie:
    """One requirement a file is tied to, the reason, and whether it counts there."""

    requirement: str
    reason: str
    counts: bool = True
    why_not: str = ""


@dataclass(frozen=True, slots=True)
class FileAssignment:
    """What the assignment decided for one evidence file."""

    item: EvidenceItem
    ties: tuple[Tie, ...] = ()
    not_counted: str = ""
    """Why the file counts for nothing ('' when it counts for at least one requirement)."""
    proposed: tuple[str, ...] = ()
    """Requirements its name fits but that it does not count for (ambiguous or uncertain)."""
    kinds: tuple[str, ...] = ()
    future: bool = False
    """Dated after the day of the report, so it counts for nothing yet."""

    @property
    def counted_for(self) -> list[str]:
        """Ids of the requirements the file counts for."""
        return [t.requirement for t in self.ties if t.counts]


@dataclass
class Assignment:
    """The ties of every evidence file, by file and by requirement."""

    files: list[FileAssignment]
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def by_requirement(self) -> dict[str, list[EvidenceItem]]:
        """The items each requirement is scored on (in the look-back window or not; scoring decides)."""
        result: dict[str, list[EvidenceItem]] = {}
        for assigned in self.files:
            for tie in assigned.ties:
                if tie.counts or tie.why_not.startswith(OUTSIDE_WINDOW):
                    result.setdefault(tie.requirement, []).append(assigned.item)
        return result

    @cached_property
    def counted(self) -> dict[str, list[str]]:
        """The paths each requirement counts, in path order (what every view lists under it)."""
        result: dict[str, list[str]] = {}
        for assigned in self.files:
            for tie in assigned.ties:
                if tie.counts:
                    result.setdefault(tie.requirement, []).append(assigned.item.path)
        return result

    @property
    def unassigned(self) -> list[str]:
        """Paths tied to no requirement at all (files dated later, or naming an unknown id, are warned about apart)."""
        return [
            a.item.path
            for a in self.files
            if not a.ties and a.not_counted and not a.future and not a.item.requirement_ids()
        ]

    def of(self, path: str) -> FileAssignment | None:
        """Return the assignment of one path."""
        return self._by_path.get(path)

    @cached_property
    def _by_path(self) -> dict[str, FileAssignment]:
        return {a.item.path: a for a in self.files}

    def reasons(self, requirement: str) -> list[tuple[str, str]]:
        """Return (path, reason) for each file tied to ``requirement``, counted or not (``check --explain``)."""
        result = []
        for assigned in self.files:
            for tie in assigned.ties:
                if tie.requirement == requirement:
                    result.append((assigned.item.path, tie.reason if tie.counts else f"not counted: {tie.why_not}"))
        return result


OUTSIDE_WINDOW = "outside the look-back window"
UNSORTED_FOLDER = "unsorted"
"""Where ``evidence import`` puts files it cannot place; they count once tied to a requirement."""


# --------------------------------------------------------------------------------------- the function


@dataclass(frozen=True)
class _Requirements:
    standard: AuditStandard
    vocabulary: CompiledVocabulary

    @cached_property
    def owners(self) -> dict[str, tuple[AuditElement, Requirement]]:
        return {r.id: (e, r) for e in self.standard.elements for r in e.requirements}

    @cached_property
    def folders(self) -> dict[str, AuditElement]:
        return {e.folder: e for e in self.standard.elements}

    @cached_property
    def shared_ties(self) -> dict[tuple[Tie, ...], tuple[Tie, ...]]:
        """Equal ties of explicitly tied files, kept once (50,000 files name a few dozen requirements)."""
        return {}

    @cached_property
    def text_words(self) -> dict[str, frozenset[str]]:
        reqs = [r for e in self.standard.elements for r in e.requirements]
        return {r.id: requirement_words(r.text, self.vocabulary) for r in reqs}


def _explicit_reason(item: EvidenceItem) -> str:
    source = item.requirement_source.value if item.requirement_source else ""
    return {
        "flag": "added with --requirement",
        "index": "listed in the evidence index",
        "sidecar": "named in its sidecar",
        "filename": "named req-ID in its name",
        "import": "accepted at import",
    }.get(source, "named in the index or sidecar")


def match_requirements(
    reading: NameReading,
    requirements: Sequence[Requirement],
    text_words: dict[str, frozenset[str]],
    *,
    prefer_primary: bool = False,
    context: frozenset[str] = frozenset(),
) -> tuple[list[tuple[Requirement, str]], list[Requirement]]:
    """Return (best ties with their reason, equally good other candidates) for a name among ``requirements``.

    Each documentation requirement that asks for a kind the name names is a candidate; it scores two points
    per kind it shares, one per word the name shares with its text and one when it asks for the kind the name
    names last (its head: a 'policy review' is a review); a requirement with ``named_by`` words is a candidate only
    when the name holds one of them (a worker's ticket is no partner's course); and, with ``prefer_primary``
    (choosing among a whole standard), half a point when that is the kind it asks for first; ``context`` words (the
    names of the folders a file came from) count half as much as the name's own. The single best candidate is tied;
    candidates that score the same as the best are returned as the second list (proposed, not counted).
    """
    scored: list[tuple[float, int, Requirement, list[str]]] = []
    for position, req in enumerate(requirements):
        if req.verification != Verification.DOCUMENTATION:
            continue
        shared_kinds = [k for k in req.evidence_kinds if k in reading.kinds]
        if not shared_kinds:
            continue
        # The words of a kind this requirement does not ask for say what the record is about.
        # The words that named the kinds also pick the requirement ('toolbox talk', 'safe job procedure').
        named = {w for words in reading.kind_words.values() for w in words}
        if req.named_by and not any(words <= reading.topic | named for words in _named_by(tuple(req.named_by))):
            continue  # a requirement for particular records ('ACSA's COR courses') takes only names that say so
        shared_words = sorted((reading.topic | named) & text_words.get(req.id, frozenset()))
        score = 2.0 * len(shared_kinds) + len(shared_words) + (1 if reading.head in req.evidence_kinds else 0)
        score += 0.3 / len(req.evidence_kinds)  # between equals, the requirement that asks for fewer kinds
        if prefer_primary:  # the kind it asks for first, and folder words at half weight
            score += 0.5 if req.evidence_kinds[0] == reading.head else 0
            score += 0.5 * len((context - reading.topic) & text_words.get(req.id, frozenset()))
        scored.append((score, -position, req, [reading.kinds[k] for k in shared_kinds]))
    if not scored:
        return [], []
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    best = scored[0][0]
    top = [s for s in scored if s[0] == best]
    if len(top) > 1:
        return [], [s[2] for s in top]
    _, _, req, phrases = top[0]
    shared = sorted(reading.topic & text_words.get(req.id, frozenset()) - {w for p in phrases for w in words_of(p)})
    reason = "name says " + " and ".join(f"'{p}'" for p in phrases)
    if len(scored) > 1 and shared:
        reason += " and shares " + ", ".join(f"'{w}'" for w in shared[:3]) + " with its text"
    return [(req, reason)], []


@functools.cache
def _named_by(phrases: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(words_of(p)) for p in phrases if words_of(p))


_path_of = operator.attrgetter("path")


def assign_evidence(
    standard: AuditStandard,
    items: Iterable[EvidenceItem],
    vocabulary: CompiledVocabulary | None = None,
    *,
    today: date | None = None,
    window_start: date | None = None,
) -> Assignment:
    """Tie each evidence item to the requirements it counts for, with the reason for every tie.

    ``today`` leaves out files dated after it; ``window_start`` marks ties of recurring and per-event
    requirements to records older than the look-back window as not counted (scoring still sees them, to say
    how old the latest record is).
    """
    vocab = vocabulary or CompiledVocabulary.build([])
    reqs = _Requirements(standard, vocab)
    files: list[FileAssignment] = []
    warnings: list[str] = []
    first_of: dict[tuple[str, str], str] = {}  # (sha256, requirement) -> first path, to spot duplicates
    for item in sorted(items, key=_path_of):
        assigned = _assign_one(item, standard, reqs, vocab, warnings)
        if today is not None and item.record_date is not None and item.record_date > today:
            assigned = FileAssignment(
                item,
                tuple(
                    Tie(t.requirement, t.reason, False, f"dated {item.record_date.isoformat()}, after today")
                    for t in assigned.ties
                ),
                f"dated {item.record_date.isoformat()}, after {today.isoformat()}",
                assigned.proposed,
                assigned.kinds,
                future=True,
            )
        ties: list[Tie] = []
        changed = False
        for tie in assigned.ties:
            if not tie.counts:
                ties.append(tie)
                continue
            _, req = reqs.owners[tie.requirement]
            earliest = _earliest_counted(req.recurrence, today, window_start)
            if earliest is not None and item.record_date is not None and item.record_date < earliest:
                why = f"{OUTSIDE_WINDOW} (records from {earliest.isoformat()} on count)"
                ties.append(Tie(tie.requirement, tie.reason, False, why))
                changed = True
                continue
            key = (item.sha256, tie.requirement)
            if key in first_of:
                ties.append(Tie(tie.requirement, tie.reason, False, f"duplicate of {first_of[key]}"))
                changed = True
                continue
            first_of[key] = item.path
            ties.append(tie)
        not_counted = assigned.not_counted
        if ties and not any(t.counts for t in ties) and not not_counted:
            not_counted = "; ".join(dict.fromkeys(t.why_not for t in ties))
        if changed or not_counted != assigned.not_counted:
            assigned = FileAssignment(
                item, tuple(ties), not_counted, assigned.proposed, assigned.kinds, assigned.future
            )
        files.append(assigned)  # unchanged: kept as it is (one object per file, not two)
    return Assignment(files, warnings)


def _earliest_counted(recurrence: Recurrence, today: date | None, window_start: date | None) -> date | None:
    """Return the first day a record of ``recurrence`` can count on, as scoring's periods fall (or ``None``).

    Scoring counts whole periods ending with the current one or the one before, so the earliest counted day
    is the start of the period that many periods back (a monthly record from earlier in the first month counts).
    """
    if window_start is None or recurrence == Recurrence.ONCE:
        return None
    if recurrence == Recurrence.PER_EVENT or today is None:
        return window_start
    if recurrence == Recurrence.WEEKLY:
        weeks = max(1, (today - window_start).days // 7)
        return date.fromordinal(((today.toordinal() - 1) // 7 - weeks) * 7 + 1)
    step = RECURRENCE_MONTHS[recurrence]
    window_months = (today.year - window_start.year) * 12 + today.month - window_start.month
    back = max(1, math.ceil(window_months / step)) * step
    year, month0 = divmod(today.year * 12 + today.month - 1 - back, 12)
    return date(year, month0 + 1, 1)


def _assign_one(
    item: EvidenceItem,
    standard: AuditStandard,
    reqs: _Requirements,
    vocab: CompiledVocabulary,
    warnings: list[str],
) -> FileAssignment:
    explicit = item.requirement_ids()
    if explicit:
        ties: list[Tie] = []
        for requirement in explicit:
            owner = reqs.owners.get(requirement)
            if owner is None:
                close = difflib.get_close_matches(requirement, list(reqs.owners), n=2, cutoff=0.5)
                suggestion = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
                warnings.append(
                    f"evidence/{item.path} names requirement {requirement!r}, which is not in "
                    f"{standard.id}; it is not counted.{suggestion} Correct the id in its name or sidecar."
                )
                continue
            _, req = owner
            reason = f"named req-{requirement}" if item.requirement_source == RequirementSource.FILENAME else ""
            reason = reason or _explicit_reason(item)
            if req.verification != Verification.DOCUMENTATION:
                how = "an interview" if req.verification == Verification.INTERVIEW else "observation"
                why = f"{req.id} is verified by {how}: record a self-assessment answer with 'corcli assess'"
                ties.append(Tie(requirement, reason, False, why))
                continue
            ties.append(Tie(requirement, reason))
        if not ties:
            return FileAssignment(item, (), "names a requirement that is not in the standard")
        found = tuple(ties)
        return FileAssignment(item, reqs.shared_ties.setdefault(found, found))
    element = reqs.folders.get(item.element)
    if element is None and item.element == UNSORTED_FOLDER:
        why = "in unsorted/: not placed yet; tie it with 'corcli evidence add FILE --requirement ID'"
        return FileAssignment(item, (), why)
    if element is None:
        where = "is directly in evidence/" if not item.element else f"is in {item.element}/, not an element folder"
        return FileAssignment(item, (), f"{where} and names no requirement")
    reading = read_name(item.path, vocab)
    kinds = tuple(k.value for k in reading.kinds)
    if reading.not_record:
        return FileAssignment(
            item, (), f"its name says '{reading.not_record}': a blank or sample is not a record", (), kinds
        )
    documentation = [r for r in element.requirements if r.verification == Verification.DOCUMENTATION]
    best, ambiguous = match_requirements(reading, element.requirements, reqs.text_words)
    if best:
        return FileAssignment(item, tuple(Tie(r.id, reason) for r, reason in best), "", (), kinds)
    if ambiguous:
        ids = ", ".join(r.id for r in ambiguous)
        why = f"its name fits {ids} equally; name it req-ID or add it with --requirement"
        return FileAssignment(item, (), why, tuple(r.id for r in ambiguous), kinds)
    if not reading.kinds and not reading.vetoed and len(documentation) == 1:
        only = documentation[0]
        return FileAssignment(
            item, (Tie(only.id, f"the only documentation requirement of element {element.id}"),), "", (), kinds
        )
    if reading.vetoed:
        kind, word = next(iter(reading.vetoed.items()))
        why = f"its name says '{word}', so it is not taken as {with_article(kind.value.replace('_', ' '))}"
    elif reading.kinds:
        named = ", ".join(k.value.replace("_", " ") for k in reading.kinds)
        why = f"no requirement of element {element.id} asks for {with_article(named)}"
    else:
        why = "no kind of record recognised in its name"
    topic = [
        (len(reading.topic & reqs.text_words[r.id]), r) for r in documentation if reading.topic & reqs.text_words[r.id]
    ]
    topic.sort(key=lambda t: -t[0])
    proposed = tuple(r.id for n, r in topic if n >= 2 and n == topic[0][0]) if topic else ()
    return FileAssignment(item, (), why, proposed, kinds)


__all__ = [
    "OUTSIDE_WINDOW",
    "UNSORTED_FOLDER",
    "Assignment",
    "CompiledVocabulary",
    "FileAssignment",
    "NameReading",
    "Tie",
    "assign_evidence",
    "fold",
    "match_requirements",
    "read_name",
    "requirement_words",
    "stem",
    "words_of",
]

"""The only module that touches PyYAML: safe loading with located, friendly errors.

Why: PyYAML keeps the last of two duplicate keys silently and Pydantic reports errors by key path, not
by line. We compose the node tree once, which gives every key's line and column and lets us catch
duplicate keys, then build plain data with the safe constructor and validate it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from corcli.errors import DataFileError, Problem
from corcli.storage import files

ModelT = TypeVar("ModelT", bound=BaseModel)
KeyPath = tuple[str | int, ...]

MAX_FILE_BYTES = files.LIMIT_YAML

# How many nodes aliases may add when expanded: plenty for a hand-written anchor or merge key, far too few
# for a "billion laughs" file, which is refused before any data is built.
ALIAS_BUDGET = 10_000


@dataclass
class LoadedYaml:
    """A YAML document: its data, and where each key path starts in the file."""

    path: Path
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: Sequence[str | int]) -> tuple[int | None, int | None]:
        """Return the 1-based line and column of the longest known prefix of ``loc``."""
        key = tuple(loc)
        while key:
            if key in self.marks:
                return self.marks[key]
            key = key[:-1]
        return self.marks.get((), (None, None))


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeComposer(_BaseLoader):  # type: ignore[misc]
    """A safe loader that leaves dates as text, so Pydantic validates them with a location."""


FSNAME_TAG = "!fsname"
"""Tag of a file name that is not valid UTF-8: its text with each raw byte written as %XX (and % as %25)."""
_RAW_BYTE = re.compile("[%\udc80-\udcff]")
_PERCENT = re.compile("%([0-9A-Fa-f]{2})")


def has_raw_bytes(text: str) -> bool:
    """Whether ``text`` holds bytes that were not UTF-8 (decoded by Python as lone surrogates)."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def quote_fsname(text: str) -> str:
    """Write a file name of any bytes as YAML that loads back exactly: plain quoting, or ``!fsname``."""
    if not has_raw_bytes(text):
        return quote_scalar(text)
    encoded = _RAW_BYTE.sub(lambda m: "%25" if m.group() == "%" else f"%{ord(m.group()) - 0xDC00:02X}", text)
    return f"{FSNAME_TAG} {quote_scalar(encoded)}"


def _construct_fsname(loader: Any, node: yaml.Node) -> str:
    text = str(loader.construct_scalar(node))

    def byte(match: re.Match[str]) -> str:
        value = int(match.group(1), 16)
        return chr(0xDC00 + value) if value >= 0x80 else chr(value)

    return _PERCENT.sub(byte, text)


_SafeComposer.add_constructor(FSNAME_TAG, _construct_fsname)

_SafeComposer.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path, *, limit: int = MAX_FILE_BYTES, root: Path | None = None) -> str:
    """Read a UTF-8 YAML text file (BOM allowed) through the one reader, as located problems."""
    raw = files.read_bytes(path, limit=limit, root=root, what="YAML files")
    if b"\x00" in raw:
        raise DataFileError(
            path, [Problem(path, "is not a text file (it contains binary data).", "Give a YAML text file.")]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataFileError(
            path,
            [Problem(path, "is not valid UTF-8 text.", "Save it as UTF-8 in your editor.", line=line)],
        ) from None


def _yaml_problem(path: Path, exc: yaml.YAMLError, text: str = "") -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    detail = getattr(exc, "problem", None) or str(exc)
    hint = "Fix the YAML syntax here (check indentation, colons and quotes)."
    lines = text.splitlines()
    source_line = lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip())]
    unacceptable = re.search(r"unacceptable character #x([0-9a-fA-F]+)", str(detail))
    if unacceptable:
        code = int(unacceptable.group(1), 16)
        detail = f"the file holds the control character U+{code:04X}, which YAML does not allow"
        hint = f"Remove it, or write it as \\u{code:04x} inside double quotes."
    elif "\\t" in str(detail) or re.search(r"\btabs?\b", str(detail)) or "\t" in indent:
        detail = "a tab character is used for indentation"
        hint = "YAML allows only spaces for indentation; replace the tabs with spaces."
    return Problem(path, f"YAML syntax error: {detail}.", hint, line, column)


class _AliasBombError(Exception):
    """Aliases expand past ``ALIAS_BUDGET`` nodes, or an alias contains itself."""

    def __init__(self, node: yaml.Node, recursive: bool) -> None:
        super().__init__()
        self.node = node
        self.recursive = recursive


@dataclass
class _Walk:
    file: Path
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)
    open_nodes: set[int] = field(default_factory=set)
    expanded: int = 0

    def visit(self, node: yaml.Node, path: KeyPath, via_alias: bool = False) -> None:
        ident = id(node)
        if ident in self.open_nodes:
            raise _AliasBombError(node, recursive=True)
        if ident in self.seen:
            via_alias = True
        self.seen.add(ident)
        if via_alias:
            self.expanded += 1
            if self.expanded > ALIAS_BUDGET:
                raise _AliasBombError(node, recursive=False)
            if not isinstance(node, yaml.CollectionNode):
                return  # a repeated scalar adds no keys to locate
        self.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        self.open_nodes.add(ident)
        try:
            if isinstance(node, yaml.MappingNode):
                self._mapping(node, path, via_alias)
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    self.visit(item, (*path, index), via_alias)
        finally:
            self.open_nodes.discard(ident)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, via_alias: bool) -> None:
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            line = key_node.start_mark.line + 1
            if key in seen and key != "<<" and not via_alias:
                self.problems.append(
                    Problem(
                        self.file,
                        f"duplicate key {key!r} (first used on line {seen[key]}).",
                        "Keep one of them; YAML would silently use only the last.",
                        line,
                        key_node.start_mark.column + 1,
                    )
                )
            seen.setdefault(key, line)
            self.marks.setdefault((*path, key), (line, key_node.start_mark.column + 1))
            self.visit(value_node, (*path, key), via_alias)


def _alias_problem(file: Path, bomb: _AliasBombError) -> Problem:
    mark = bomb.node.start_mark
    if bomb.recursive:
        message = "an alias (*name) refers to the anchor that contains it, so it never ends."
    else:
        message = f"aliases (*name) and merge keys (<<) expand to more than {ALIAS_BUDGET:,} values."
    return Problem(file, message, "Write the values out instead of repeating them with anchors.", mark.line + 1)


def parse_yaml(text: str, path: Path) -> LoadedYaml:
    """Parse YAML text safely; raise ``DataFileError`` with every syntax or duplicate-key problem."""
    loader = _SafeComposer(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise DataFileError(path, [_yaml_problem(path, exc, text)]) from None
        except RecursionError:
            raise DataFileError(
                path, [Problem(path, "is nested too deeply to read.", "Flatten the structure.")]
            ) from None
        if node is None:
            return LoadedYaml(path, None, {})
        walk = _Walk(path)
        try:
            walk.visit(node, ())
        except _AliasBombError as bomb:
            raise DataFileError(path, [_alias_problem(path, bomb)]) from None
        except RecursionError:
            raise DataFileError(
                path, [Problem(path, "is nested too deeply to read.", "Flatten the structure.")]
            ) from None
        if walk.problems:
            raise DataFileError(path, walk.problems)
        marks = walk.marks
        try:
            data = loader.construct_document(node)
        except yaml.YAMLError as exc:
            raise DataFileError(path, [_yaml_problem(path, exc, text)]) from None
        except (ValueError, OverflowError) as exc:  # e.g. an impossible timestamp like 2026-02-30
            line, column = marks.get((), (None, None))
            raise DataFileError(
                path, [Problem(path, f"a value cannot be read: {exc}.", "Check dates and numbers.", line, column)]
            ) from None
        return LoadedYaml(path, data, marks)
    finally:
        loader.dispose()


def load_yaml(path: Path, *, limit: int = MAX_FILE_BYTES, root: Path | None = None) -> LoadedYaml:
    """Read (regular files only, inside the workspace or ``root``, up to ``limit`` bytes) and parse YAML."""
    return parse_yaml(read_text(path, limit=limit, root=root), path)


def _field_names(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Return the field names allowed at ``loc`` inside ``model`` (best effort, for hints)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _describe(model: type[BaseModel], loc: Sequence[str | int]) -> str:
    current: Any = model
    description = ""
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return ""
        description = fields[part].description or ""
        current = _model_in(fields[part].annotation)
    return description


def _dotted(loc: Sequence[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _clean_loc(loc: Sequence[str | int | Any], data: Any) -> list[str | int]:
    """Keep the parts of a Pydantic location that name keys or indexes in ``data``.

    Pydantic adds union-branch tags (e.g. 'int', "literal['unknown']") to locations; walking the data
    tells them apart from real keys, even a key that happens to be called 'date' or 'int'.
    """
    cleaned: list[str | int] = []
    current = data
    parts = list(loc)
    for position, part in enumerate(parts):
        if isinstance(current, dict) and part in current:
            cleaned.append(part if isinstance(part, int) else str(part))
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            cleaned.append(part)
            current = current[part]
        elif position == len(parts) - 1 and isinstance(current, dict):
            cleaned.append(str(part))  # a missing key: not in the data, but it is what the message is about
            current = None
    return cleaned


def _friendly(error: Any, model: type[BaseModel], loc: list[str | int]) -> tuple[str, str]:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    where = _dotted(loc)
    key = loc[-1] if loc else ""
    if kind == "missing":
        described = _describe(model, loc)
        return (
            f"missing required key {key!r} in {_dotted(loc[:-1])}.",
            f"Add '{key}:'" + (f" ({described.rstrip('.')})." if described else "."),
        )
    if kind == "extra_forbidden":
        allowed = _field_names(model, loc[:-1])
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"Did you mean {close[0]!r}? " if close else ""
        hint += ("Allowed keys here: " + ", ".join(allowed) + ".") if allowed else "Remove it."
        return f"unknown key {key!r}.", hint
    if kind in {"literal_error", "enum"}:
        expected = ctx.get("expected", "")
        return f"{where}: {error.get('input')!r} is not an allowed value.", f"Use one of: {expected}."
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{where} must be a whole number, not {error.get('input')!r}.", "Write a number like 12."
    if kind in {"float_parsing", "float_type"}:
        return f"{where} must be a number, not {error.get('input')!r}.", "Write a number like 80 or 12.5."
    if kind in {"bool_parsing", "bool_type"}:
        return f"{where} must be true or false.", "Write true or false."
    if kind.startswith("date") or kind.startswith("datetime"):
        return (
            f"{where}: {error.get('input')!r} is not a valid date.",
            "Write the date as YYYY-MM-DD, e.g. 2026-10-01.",
        )
    if kind in {"string_type"}:
        return f"{where} must be text.", "Put the value in quotes if it looks like a number or date."
    if kind in {"list_type"}:
        return f"{where} must be a list.", "Write one item per line, each starting with '- '."
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"{where} must be a mapping of keys to values.", "Indent its keys under it."
    if kind == "string_pattern_mismatch":
        if key == "province" or "province" in str(ctx.get("pattern", "")) or "AB|BC" in str(ctx.get("pattern", "")):
            return (
                f"{where}: {error.get('input')!r} is not a Canadian province or territory code.",
                "Use a two-letter code: AB, BC, SK, MB, ON, QC, NS, NB, NL, PE, YT, NT or NU.",
            )
        if "a-z0-9" in str(ctx.get("pattern", "")):
            return (
                f"{where}: {error.get('input')!r} is not a valid id.",
                "Use lower-case letters, digits and hyphens, e.g. 'acsa' or 'oil-and-gas'.",
            )
        return f"{where}: {error.get('input')!r} has the wrong form.", f"It must match {ctx.get('pattern')}."
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        bound = {
            "greater_than": "more than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        limit = next(iter(ctx.values()), "")
        return f"{where} is {error.get('input')!r}; it must be {bound} {limit}.", "Correct the number."
    if kind in {"too_short", "string_too_short"}:
        return f"{where} is empty.", "Give at least one value."
    if kind in {"too_long", "string_too_long"}:
        return f"{where} is too long.", "Shorten it."
    if kind == "value_error":
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        return f"{where}: {message}.", "Correct the value."
    return f"{where}: {error.get('msg', 'invalid value')}.", "Correct the value."


def validation_problems(exc: ValidationError, loaded: LoadedYaml, model: type[BaseModel]) -> list[Problem]:
    """Turn a Pydantic ``ValidationError`` into located, friendly problems."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for error in exc.errors(include_url=False):
        loc = _clean_loc(error["loc"], loaded.data)
        message, hint = _friendly(error, model, loc)
        if (message, hint) in seen:  # union branches repeat the same complaint
            continue
        seen.add((message, hint))
        line, column = loaded.locate(loc[:-1] if error["type"] == "missing" else loc)
        problems.append(Problem(loaded.path, message, hint, line, column))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def validate(loaded: LoadedYaml, model: type[ModelT]) -> ModelT:
    """Validate parsed YAML against ``model``; raise ``DataFileError`` listing every problem."""
    if loaded.data is None:
        raise DataFileError(
            loaded.path, [Problem(loaded.path, "is empty.", "Fill it in, or run the command that writes it.")]
        )
    if not isinstance(loaded.data, dict):
        raise DataFileError(
            loaded.path,
            [
                Problem(
                    loaded.path,
                    "must hold keys and values at the top level.",
                    "Start the file with 'key: value' lines, not a list or a single value.",
                    1,
                    1,
                )
            ],
        )
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        raise DataFileError(loaded.path, validation_problems(exc, loaded, model)) from None


def load_model(path: Path, model: type[ModelT], *, root: Path | None = None) -> ModelT:
    """Load a YAML file into ``model`` with located errors."""
    return validate(load_yaml(path, root=root), model)


# Characters YAML cannot hold as they are (C0/C1 controls, DEL, line separators, non-characters, lone
# surrogates): written as \u escapes inside double quotes, which YAML and JSON both read back exactly.
_UNSAFE_IN_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def quote_scalar(value: str) -> str:
    """Return ``value`` as a double-quoted YAML scalar that loads back to exactly ``value``."""
    import json

    text = json.dumps(value, ensure_ascii=False)
    return _UNSAFE_IN_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dump_yaml(data: Any) -> str:
    """Dump plain data as readable YAML (block style, keys in the given order)."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)

"""Templates and output formats: two Jinja2 environments, and Markdown turned into HTML or DOCX.

Why two environments: built-in templates are ours and trusted; templates from ``--template-dir`` are not,
so they render in an immutable sandbox whose loader cannot leave that folder. Either way templates only
ever see plain data (``model_dump(mode="json")``), never live objects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    pass_context,
    select_autoescape,
)
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.exceptions import SecurityError, TemplateError
from markupsafe import Markup, escape

from corcli.errors import CorcliError, RenderError
from corcli.render.escape import escape_markdown, markdown_cell
from corcli.render.sandbox import BoundedSandbox, TemplateLimitError, render_bounded
from corcli.storage import files

PLACEHOLDER_RE = re.compile(r"\[TO COMPLETE: ([^\]\n]*)\]")
"""Every value the company must fill in is marked ``[TO COMPLETE: what]``."""

MARKER_RE = re.compile(r"^<!--\s*(section:[A-Za-z0-9._-]+|pagebreak|toc|/toc)\s*-->$")
"""Layout markers the Markdown templates may use; HTML comments, so Markdown viewers hide them."""

_PLAIN_TYPES = (str, int, float, bool, type(None))


def placeholder(label: str) -> str:
    """Return the one placeholder form: ``[TO COMPLETE: label]``."""
    return f"[TO COMPLETE: {' '.join(str(label).split())}]"


def _is_markdown(context: Any) -> bool:
    name = getattr(context, "name", None) or ""
    return str(name).endswith(".md.j2")


def _todo(context: Any, label: str) -> Markup:
    """A placeholder for templates: label escaped for Markdown or HTML, result marked safe from re-escaping."""
    if _is_markdown(context):
        return Markup(placeholder(escape_markdown(str(label))))
    return Markup(escape(placeholder(str(label))))


def _or_todo(context: Any, value: Any, label: str) -> Any:
    """Return ``value`` unless it is empty, else a placeholder."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return _todo(context, label)
    return value


def _finalize(context: Any, value: Any) -> Any:
    """Escape every printed string in Markdown templates (HTML templates are autoescaped)."""
    if isinstance(value, str) and not isinstance(value, Markup) and _is_markdown(context):
        return escape_markdown(value)
    return value


_autoescape = select_autoescape(["html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"], default=False)


class RootedLoader(BaseLoader):
    """A template loader over one folder that refuses any name resolving outside it.

    Refused: absolute names, ``..`` parts, backslashes and drive letters, and symbolic links whose target
    lies outside the folder. A refusal raises ``jinja2.exceptions.SecurityError`` (not "not found"), so a
    ``ChoiceLoader`` does not quietly fall through to the next loader.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def resolve(self, name: str) -> Path:
        """Return the file ``name`` refers to, or raise ``SecurityError`` if it leaves the folder."""
        bad = (
            not name
            or "\x00" in name
            or "\\" in name
            or name.startswith(("/", "~"))
            or re.match(r"^[A-Za-z]:", name) is not None
            or ".." in name.split("/")
        )
        if bad:
            raise SecurityError(f"template name {name!r} is not a plain relative path inside the template folder")
        parts = [p for p in name.split("/") if p not in ("", ".")]
        try:
            resolved = self.root.joinpath(*parts).resolve()
        except (OSError, RuntimeError) as exc:
            raise SecurityError(f"template name {name!r} cannot be resolved: {exc}") from None
        if resolved != self.root and self.root not in resolved.parents:
            raise SecurityError(f"template {name!r} resolves to {resolved}, outside the template folder {self.root}")
        return resolved

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:  # noqa: ARG002
        """Return the template's source, file name and an up-to-date check."""
        path = self.resolve(template)
        if not path.is_file():
            raise TemplateNotFound(template)
        try:  # the one reader: regular files only (a FIFO never hangs a render), 2 MiB at most
            source = files.read_text(path, limit=files.LIMIT_TEMPLATE, root=self.root, what="templates")
        except CorcliError as exc:
            raise SecurityError(str(exc)) from None
        mtime = path.stat().st_mtime

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return source, str(path), uptodate

    def list_templates(self) -> list[str]:
        """Return every template name under the folder that stays inside it."""
        names = []
        for path in sorted(self.root.rglob("*")):
            name = path.relative_to(self.root).as_posix()
            try:
                if path.is_file() and self.resolve(name):
                    names.append(name)
            except SecurityError:  # a refused name is simply not listed
                continue
        return names


@dataclass(frozen=True)
class Templates:
    """A Jinja2 environment and the folders its templates come from."""

    environment: Any
    roots: tuple[Path, ...]
    sandboxed: bool
    user_dir: Path | None = None

    def has(self, name: str) -> bool:
        """Whether a template of that name exists (user or built-in)."""
        try:
            self.environment.loader.get_source(self.environment, name)
        except (TemplateNotFound, SecurityError):
            return False
        return True

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """Render template ``name`` with plain-data ``context``; any template failure is a ``RenderError``."""
        check_plain(context)
        try:
            template = self.environment.get_template(name)
            return render_bounded(self.environment, template, context)
        except TemplateSyntaxError as exc:
            where = _where(exc.filename or exc.name, exc.lineno)
            raise RenderError(
                f"{where}: template syntax error: {exc.message}.", "Fix the template and run the command again."
            ) from None
        except TemplateNotFound as exc:
            found = self._location(exc.__traceback__)
            prefix = f"{found}: " if found else ""
            raise RenderError(
                f"{prefix}template {exc.name!r} was not found.",
                "Template names are paths relative to the template folder; check the spelling.",
            ) from None
        except SecurityError as exc:
            found = self._location(exc.__traceback__) or name
            hint = (
                "Make the template do less: templates render within limits of time, output and number size."
                if isinstance(exc, TemplateLimitError)
                else "Templates may only read the data they are given and include files from their own folder."
            )
            raise RenderError(f"{found}: the template sandbox refused this: {str(exc).rstrip('.')}.", hint) from None
        except RecursionError:
            raise RenderError(
                f"{name}: the template calls itself (a macro or include) without end.",
                "Make the recursion stop, e.g. with an '{% if %}' around the call.",
            ) from None
        except UndefinedError as exc:
            found = self._location(exc.__traceback__) or name
            raise RenderError(
                f"{found}: undefined value: {exc.message}.",
                "Check the variable name against the built-in templates, or guard it with '{% if ... %}'.",
            ) from None
        except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
            found = self._location(exc.__traceback__) or name
            message = f"{found}: the template failed: {type(exc).__name__}: {exc}."
            raise RenderError(message, "Fix the template.") from None

    def _location(self, tb: TracebackType | None) -> str:
        """Return 'file, line N' of the innermost template frame of a traceback."""
        found = ""
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            path = Path(filename)
            if any(root == path or root in path.parents for root in self.roots):
                found = _where(filename, tb.tb_lineno)
            tb = tb.tb_next
        return found


def _where(filename: str | None, line: int | None) -> str:
    text = filename or "<template>"
    return f"{text}, line {line}" if line else text


def check_plain(value: Any, path: str = "context") -> None:
    """Refuse anything but dicts, lists, strings, numbers, booleans and None (no live objects in templates)."""
    if isinstance(value, _PLAIN_TYPES):
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path} has a non-string key {key!r}")
            check_plain(item, f"{path}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_plain(item, f"{path}[{index}]")
        return
    raise TypeError(f"{path} is a {type(value).__name__}, not plain data; pass model_dump(mode='json')")


def css_string(value: Any) -> Markup:
    """Escape text for a double-quoted CSS string inside a <style> element (no entity is decoded there)."""
    text = str(value)
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-_()'" else f"\\{ord(ch):X} " for ch in text)
    return Markup(escaped)


def _cell(context: Any, text: Any) -> Markup:
    """A table cell or list item on one line, escaped for the template's language (Markdown or HTML)."""
    if _is_markdown(context):
        return Markup(markdown_cell(str(text)))
    return Markup(" ".join(str(escape(str(text))).split()))


def _link(context: Any, path: Any) -> Markup:
    """A link to a relative file: the name escaped as text, the target percent-encoded."""
    from urllib.parse import quote

    if _is_markdown(context):
        return Markup(f"[{markdown_cell(str(path))}]({quote(str(path))})")
    return Markup(f'<a href="{escape(quote(str(path)))}">{escape(str(path))}</a>')


def possessive(name: Any) -> str:
    """'Prairie Roofing Ltd.' -> "Prairie Roofing Ltd.'s"; 'Acme Builders' -> "Acme Builders'"."""
    text = str(name)
    return f"{text}'" if text.endswith(("s", "S")) else f"{text}'s"


def _configure(env: Any) -> None:
    env.filters["css_string"] = css_string
    env.filters["possessive"] = possessive
    env.globals["todo"] = pass_context(_todo)
    env.filters["or_todo"] = pass_context(_or_todo)
    env.filters["md"] = escape_markdown
    env.filters["cell"] = pass_context(_cell)
    env.filters["link"] = pass_context(_link)


_BUILTIN_ENVIRONMENTS: dict[Path, Environment] = {}
"""One environment per built-in folder: its compiled templates are kept (and reloaded when a file changes)."""


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's compiled templates in the user cache folder; a cache that cannot be written is only slower."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Why: compiling all built-in templates from source costs ~115 ms per ``manual``; the cache ~3 ms."""
    from corcli.catalog.loader import cache_dir

    root = cache_dir()
    if root is None:
        return None
    folder = root / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


def load_templates(folder: str = "manuals", template_dir: Path | None = None) -> Templates:
    """Return the built-in environment, or the sandboxed one when ``template_dir`` is given.

    In the sandboxed environment a template in ``template_dir`` overrides the built-in of the same name.
    """
    from corcli.storage import resources

    builtin_root = (resources.templates_dir() / folder).resolve()
    options: dict[str, Any] = {
        "autoescape": _autoescape,
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "finalize": pass_context(_finalize),
    }
    if template_dir is None:
        env = _BUILTIN_ENVIRONMENTS.get(builtin_root)
        if env is None:
            env = Environment(loader=FileSystemLoader(str(builtin_root)), bytecode_cache=_bytecode_cache(), **options)
            _configure(env)
            _BUILTIN_ENVIRONMENTS[builtin_root] = env
        return Templates(env, (builtin_root,), sandboxed=False)
    user_root = template_dir.expanduser()
    if not user_root.is_dir():
        raise RenderError(
            f"The template folder {template_dir} does not exist or is not a folder.",
            "Give --template-dir a folder of templates named like the built-in ones (e.g. policy.md.j2).",
        )
    user_root = user_root.resolve()
    loader = ChoiceLoader([RootedLoader(user_root), FileSystemLoader(str(builtin_root))])
    sandbox = BoundedSandbox(loader=loader, **options)
    _configure(sandbox)
    return Templates(sandbox, (user_root, builtin_root), sandboxed=True, user_dir=user_root)


# --- Markdown to HTML ---------------------------------------------------------------------------------------


def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table")


_SIGNING_TABLE_RE = re.compile(r"<table>(\s*<thead>(?:(?!</thead>).)*?(?:Signature|Initials|initials)[^<]*</th>)", re.S)
"""A table whose header asks for a signature or initials: its blank rows are made tall enough to sign."""


@dataclass
class _HtmlState:
    open_section: bool = False


def markdown_to_html(markdown: str) -> str:
    """Turn corcli's Markdown into an HTML fragment: raw HTML is escaped, layout markers become tags.

    Each ``<!-- section:ID -->`` opens a ``<section id="ID">``; placeholders get ``<mark class="todo">``.
    """
    md = _markdown()
    state = _HtmlState()

    def html_block(_self: Any, tokens: Any, idx: int, *_rest: Any) -> str:
        content = tokens[idx].content.strip()
        match = MARKER_RE.match(content)
        if match is None:
            return f"<p>{escape(content)}</p>\n"
        marker = match.group(1)
        if marker.startswith("section:"):
            section_id = marker.split(":", 1)[1]
            closing = "</section>\n" if state.open_section else ""
            state.open_section = True
            return f'{closing}<section class="section" id="{escape(section_id)}">\n'
        if marker == "pagebreak":
            return '<div class="page-break"></div>\n'
        if marker == "toc":
            return '<nav class="toc">\n'
        return "</nav>\n"

    def html_inline(_self: Any, tokens: Any, idx: int, *_rest: Any) -> str:
        return str(escape(tokens[idx].content))

    md.add_render_rule("html_block", html_block)
    md.add_render_rule("html_inline", html_inline)
    body = str(md.render(markdown))
    if state.open_section:
        body += "</section>\n"
    body = _SIGNING_TABLE_RE.sub(lambda m: '<table class="sign">' + m.group(1), body)
    return PLACEHOLDER_RE.sub(lambda m: f'<mark class="todo">{m.group(0)}</mark>', body)


def find_placeholders(markdown: str) -> list[tuple[str, int, str]]:
    """Return ``(section id, line, label)`` for every placeholder in rendered Markdown (lines from 1)."""
    found: list[tuple[str, int, str]] = []
    section = ""
    for number, line in enumerate(markdown.splitlines(), start=1):
        marker = MARKER_RE.match(line.strip())
        if marker and marker.group(1).startswith("section:"):
            section = marker.group(1).split(":", 1)[1]
            continue
        found.extend((section, number, match.group(1).strip()) for match in PLACEHOLDER_RE.finditer(line))
    return found

"""Templates and output formats: two Jinja2 environments, and Markdown turned into HTML or DOCX.

Why two environments: built-in templates are ours and trusted; templates from ``--template-dir`` are not,
so they render in an immutable sandbox whose loader cannot leave that folder. Either way templates only
ever see plain data (``model_dump(mode="json")``), never live objects.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from corcli.errors import RenderError
from corcli.render.escape import escape_markdown

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
        source = path.read_text(encoding="utf-8")
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
            return str(template.render(dict(context)))
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
            raise RenderError(
                f"{found}: the template sandbox refused this: {str(exc).rstrip('.')}.",
                "Templates may only read the data they are given and include files from their own folder.",
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


def _configure(env: Any) -> None:
    env.globals["todo"] = pass_context(_todo)
    env.filters["or_todo"] = pass_context(_or_todo)
    env.filters["md"] = escape_markdown


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
        env = Environment(loader=FileSystemLoader(str(builtin_root)), **options)
        _configure(env)
        return Templates(env, (builtin_root,), sandboxed=False)
    user_root = template_dir.expanduser()
    if not user_root.is_dir():
        raise RenderError(
            f"The template folder {template_dir} does not exist or is not a folder.",
            "Give --template-dir a folder of templates named like the built-in ones (e.g. policy.md.j2).",
        )
    user_root = user_root.resolve()
    loader = ChoiceLoader([RootedLoader(user_root), FileSystemLoader(str(builtin_root))])
    sandbox = ImmutableSandboxedEnvironment(loader=loader, **options)
    _configure(sandbox)
    return Templates(sandbox, (user_root, builtin_root), sandboxed=True, user_dir=user_root)


# --- Markdown to HTML ---------------------------------------------------------------------------------------


def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table")


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
    return PLACEHOLDER_RE.sub(lambda m: f'<mark class="todo">{m.group(0)}</mark>', body)


# --- Markdown to DOCX ---------------------------------------------------------------------------------------


@dataclass
class _DocxState:
    doc: Any
    section: str = ""
    sections_seen: int = 0
    in_toc: bool = False
    toc_entries: list[str] = field(default_factory=list)
    toc_paragraph: Any = None
    list_styles: list[str] = field(default_factory=list)
    style_ids: dict[str, str] = field(default_factory=dict)

    def paragraph(self, style: str | None = None) -> Any:
        """Add a paragraph; styles are set by id (python-docx's lookup by name is slow on long documents)."""
        paragraph = self.doc.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_ids.get(style) or self.style_ids["List Bullet"]
        return paragraph


def _inline_text(token: Any) -> str:
    """Plain text of an inline token (links keep their text; escapes resolved)."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _add_runs(paragraph: Any, token: Any) -> None:
    """Add an inline token's children to ``paragraph`` as formatted runs; placeholders are highlighted."""
    from docx.enum.text import WD_COLOR_INDEX

    bold = italic = False
    link: str | None = None
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "link_open":
            link = str(child.attrs.get("href", "")) or None
        elif kind == "link_close":
            if link and not link.startswith("#"):
                run = paragraph.add_run(f" ({link})")
                run.italic = True
            link = None
        elif kind in ("softbreak",):
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in ("text", "code_inline", "html_inline"):
            text = child.content
            position = 0
            for match in PLACEHOLDER_RE.finditer(text):
                if match.start() > position:
                    _styled(paragraph.add_run(text[position : match.start()]), bold, italic, kind)
                run = paragraph.add_run(match.group(0))
                _styled(run, True, italic, kind)
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                position = match.end()
            if position < len(text):
                _styled(paragraph.add_run(text[position:]), bold, italic, kind)


def _styled(run: Any, bold: bool, italic: bool, kind: str) -> None:
    run.bold = bold or None
    run.italic = italic or None
    if kind == "code_inline":
        run.font.name = "Courier New"


def _field_char(kind: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        element.set(qn("w:dirty"), "true")
    return element


def _start_toc(state: _DocxState) -> None:
    """Insert a TOC field; its shown result is filled from the Markdown contents list at the end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = state.paragraph()
    run = paragraph.add_run()
    run._r.append(_field_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    run = paragraph.add_run()
    run._r.append(instr)
    run = paragraph.add_run()
    run._r.append(_field_char("separate"))
    state.toc_paragraph = paragraph


def _end_toc(state: _DocxState) -> None:
    paragraph = state.toc_paragraph
    entries = state.toc_entries or ["Right-click here and choose Update Field to build the table of contents."]
    for index, entry in enumerate(entries):
        run = paragraph.add_run(entry)
        if index < len(entries) - 1:
            run.add_break()
    run = paragraph.add_run()
    run._r.append(_field_char("end"))
    state.in_toc = False


def _page_break(state: _DocxState) -> None:
    from docx.enum.text import WD_BREAK

    state.paragraph().add_run().add_break(WD_BREAK.PAGE)


def _add_table(state: _DocxState, rows: list[tuple[bool, list[Any]]]) -> None:
    from docx.shared import Emu, Pt

    if not rows:
        return
    columns = max(len(cells) for _, cells in rows)
    texts = [[_inline_text(cell) for cell in cells] for _, cells in rows]
    weights = []
    for i in range(columns):
        longest = max((len(r[i]) for r in texts[1:] if i < len(r)), default=0)
        header_length = len(texts[0][i]) if i < len(texts[0]) else 0
        # A column left blank for writing in gets room by its header; a filled one by its longest text.
        weight = header_length * 2.2 if longest == 0 else max(longest, header_length + 2)
        weights.append(min(max(weight, 8.0), 32.0))
    section = state.doc.sections[-1]
    available = int(section.page_width - section.left_margin - section.right_margin)
    widths = [Emu(int(available * weight / sum(weights))) for weight in weights]
    table = state.doc.add_table(rows=0, cols=columns)
    table._tbl.tblPr.style = state.style_ids["Table Grid"]
    table.autofit = False
    for index, width in enumerate(widths):
        table.columns[index].width = width
    size = Pt(8.5) if state.section.startswith("form-") else Pt(9.5)
    for header, cells in rows:
        row = table.add_row()
        row_cells = row.cells
        for index, cell_token in enumerate(cells):
            cell = row_cells[index]
            cell.width = widths[index]
            paragraph = cell.paragraphs[0]
            _add_runs(paragraph, cell_token)
            for run in paragraph.runs:
                run.font.size = size
                if header:
                    run.bold = True
        if header:
            _repeat_header(row)
        elif any(not _inline_text(c).strip() for c in cells):
            row.height = Pt(16)
    spacer = state.paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.line_spacing = Pt(6)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
}  # fmt: skip
"""Elements that must follow ``w:updateFields`` in settings.xml (Word checks the schema's order)."""


def _ask_to_update_fields(doc: Any) -> None:
    """Ask Word to refresh fields (the table of contents) on opening, keeping settings.xml in schema order."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings = doc.settings.element
    following = next((c for c in settings if str(c.tag).rsplit("}", 1)[-1] in _AFTER_UPDATE_FIELDS), None)
    if following is None:
        settings.append(update)
    else:
        following.addprevious(update)


def markdown_to_docx(markdown: str, *, title: str, author: str) -> bytes:
    """Turn corcli's Markdown into a Word document: real headings, tables, a TOC field and page breaks."""
    from docx import Document
    from docx.shared import Inches, Pt

    doc = Document()
    page = doc.sections[0]
    page.page_width, page.page_height = Inches(8.5), Inches(11)
    page.left_margin = page.right_margin = Inches(0.8)
    page.top_margin = page.bottom_margin = Inches(0.8)
    doc.core_properties.title = title
    doc.core_properties.author = author
    doc.styles["Normal"].font.size = Pt(10.5)
    _ask_to_update_fields(doc)
    state = _DocxState(doc, style_ids={style.name: style.style_id for style in doc.styles})
    tokens = _markdown().parse(markdown)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "html_block":
            match = MARKER_RE.match(token.content.strip())
            marker = match.group(1) if match else ""
            if marker.startswith("section:"):
                state.section = marker.split(":", 1)[1]
                if state.sections_seen:
                    _page_break(state)
                state.sections_seen += 1
            elif marker == "pagebreak":
                _page_break(state)
            elif marker == "toc":
                state.in_toc = True
                _start_toc(state)
            elif marker == "/toc":
                _end_toc(state)
            elif token.content.strip():
                state.paragraph().add_run(token.content.strip())
        elif kind == "heading_open":
            level = int(token.tag[1])
            text_token = tokens[index + 1]
            style = "Title" if level == 1 and state.section == "front" else f"Heading {min(level, 4)}"
            paragraph = state.paragraph(style)
            _add_runs(paragraph, text_token)
            index += 2
        elif kind in ("bullet_list_open", "ordered_list_open"):
            style = "List Bullet" if kind == "bullet_list_open" else "List Number"
            depth = len(state.list_styles)
            state.list_styles.append(style + (f" {depth + 1}" if depth else ""))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            state.list_styles.pop()
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            if state.in_toc:
                state.toc_entries.append(_inline_text(token))
            else:
                in_list = bool(state.list_styles) and tokens[index - 2].type == "list_item_open"
                paragraph = state.paragraph(state.list_styles[-1] if in_list else None)
                _add_runs(paragraph, token)
        elif kind == "table_open":
            rows: list[tuple[bool, list[Any]]] = []
            header = False
            cells: list[Any] = []
            while tokens[index].type != "table_close":
                current = tokens[index]
                if current.type == "thead_open":
                    header = True
                elif current.type == "thead_close":
                    header = False
                elif current.type == "tr_open":
                    cells = []
                elif current.type == "tr_close":
                    rows.append((header, cells))
                elif current.type == "inline":
                    cells.append(current)
                index += 1
            _add_table(state, rows)
        elif kind in ("fence", "code_block"):
            for line in token.content.rstrip("\n").split("\n"):
                state.paragraph("No Spacing").add_run(line)
        index += 1
    if state.in_toc:
        _end_toc(state)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


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

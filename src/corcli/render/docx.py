"""Markdown to Word: real headings and styles, a table of contents field, running header and "Page X of Y"
footer, tables that fit the page with a shaded repeating header row, and signature rows tall enough to sign.

Why a module of its own: it is the largest output writer, and only the DOCX formats need python-docx, which
is imported lazily so ``corcli --help`` stays fast.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from corcli.render.engine import MARKER_RE, PLACEHOLDER_RE, _markdown
from corcli.render.escape import docx_text

ACCENT = (0x8A, 0x1C, 0x1C)
"""The headings' colour, the same as the HTML's."""
SIGNATURE_WORDS = ("signature", "initials", "signed")
"""Header words that mark a table whose blank rows are for signing."""


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
    break_before: bool = False

    def paragraph(self, style: str | None = None) -> Any:
        """Add a paragraph; styles are set by id (python-docx's lookup by name is slow on long documents).

        After a section marker or a page break marker, the next paragraph starts a new page (no empty line).
        """
        paragraph = self.doc.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_ids.get(style) or self.style_ids["List Bullet"]
        if self.break_before:
            paragraph.paragraph_format.page_break_before = True
            self.break_before = False
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
    state.break_before = True


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
    size = Pt(8.5) if state.section.startswith(("form-", "plan-")) else Pt(9.5)
    signing = any(word in text.lower() for text in texts[0] for word in SIGNATURE_WORDS)
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
                _shade(cell)
        if header:
            _repeat_header(row)
        elif any(not _inline_text(c).strip() for c in cells):
            row.height = Pt(26) if signing else Pt(18)
    spacer = state.paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.line_spacing = Pt(6)


def _shade(cell: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "E8E8E8")
    cell._tc.get_or_add_tcPr().append(shading)


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


def _add_field(paragraph: Any, instruction: str, shown: str) -> None:
    """Add a field (PAGE, NUMPAGES...) with the text shown until the reader updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run()._r.append(_field_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(_field_char("separate"))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(_field_char("end"))


def _border_below(paragraph: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "9A9A9A")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _header_and_footer(doc: Any, left: str, right: str) -> None:
    """Running header (manual and revision) from page 2, and "Page X of Y" on every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Pt

    page = doc.sections[0]
    page.different_first_page_header_footer = True
    width = page.page_width - page.left_margin - page.right_margin
    header = page.header.paragraphs[0]
    header.style.paragraph_format.tab_stops.clear_all()
    header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    run = header.add_run(f"{left}\t{right}")
    run.font.size = Pt(8)
    _border_below(header)
    for footer in (page.footer, page.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Page ").font.size = Pt(8)
        _add_field(paragraph, "PAGE", "1")
        paragraph.add_run(" of ").font.size = Pt(8)
        _add_field(paragraph, "NUMPAGES", "1")
        for run in paragraph.runs:
            run.font.size = Pt(8)


def _set_styles(doc: Any) -> None:
    """Body and heading fonts, sizes and spacing; headings keep with what follows."""
    from docx.shared import Pt, RGBColor

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    for level, size, before in ((1, 16, 0), (2, 13, 12), (3, 11, 9), (4, 10.5, 6)):
        heading = styles[f"Heading {level}"]
        heading.font.name = "Calibri"
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.color.rgb = RGBColor(*ACCENT) if level == 1 else RGBColor(0x1B, 0x1B, 0x1B)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(4)
        heading.paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.font.name = "Calibri"
    title.font.size = Pt(26)
    title.font.color.rgb = RGBColor(*ACCENT)


def markdown_to_docx(markdown: str, *, title: str, author: str, header: str = "") -> bytes:
    """Turn corcli's Markdown into a Word document: styles, headings, tables, a TOC field, a running header
    (``title`` and ``header``, e.g. the revision) and page numbers, and a new page for each section."""
    from docx import Document
    from docx.shared import Inches

    # XML 1.0 cannot hold some characters a company name or note may carry; python-docx would raise.
    markdown, title, author, header = (docx_text(part) for part in (markdown, title, author, header))
    doc = Document()
    page = doc.sections[0]
    page.page_width, page.page_height = Inches(8.5), Inches(11)
    page.left_margin = page.right_margin = Inches(0.8)
    page.top_margin = page.bottom_margin = Inches(0.8)
    doc.core_properties.title = title
    doc.core_properties.author = author
    _set_styles(doc)
    _header_and_footer(doc, title, header)
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
            in_head = False
            cells: list[Any] = []
            while tokens[index].type != "table_close":
                current = tokens[index]
                if current.type == "thead_open":
                    in_head = True
                elif current.type == "thead_close":
                    in_head = False
                elif current.type == "tr_open":
                    cells = []
                elif current.type == "tr_close":
                    rows.append((in_head, cells))
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

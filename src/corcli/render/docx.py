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
    text_width: int | None = None
    list_num_id: int | None = None

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


def _restarted_numbering(doc: Any, style_name: str) -> int | None:
    """A numbering instance of the style's list that starts again at 1, so each numbered list counts from 1.

    Why: Word continues one "List Number" sequence through the whole document (steps 6, 7... in the second list).
    """
    style = doc.styles[style_name].element
    num_pr = style.pPr.numPr if style.pPr is not None else None
    if num_pr is None or num_pr.numId is None:
        return None
    numbering = doc.part.numbering_part.element
    nums = numbering.xpath(f"./w:num[@w:numId='{num_pr.numId.val}']")
    if not nums:
        return None
    num = numbering.add_num(nums[0].abstractNumId.val)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


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
    _append_runs(paragraph._p, token)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_VAL = _W + "val"


def _sub(parent: Any, tag: str, attrib: dict[str, str] | None = None) -> Any:
    """Append a new ``tag`` element to ``parent`` and return it.

    Why: python-docx's setters search the schema order for every element they add (two thirds of a DOCX
    manual's time); elements appended in schema order here give the same XML at a fraction of the cost.
    """
    child = parent.makeelement(tag, attrib)
    parent.append(child)
    return child


def _append_run(p: Any, text: str, props: tuple[bool, bool, bool, bool] | None, size: str | None = None) -> Any:
    """Append a ``w:r`` to the ``w:p`` element ``p``: exactly what python-docx's ``add_run(text)`` and its font
    setters write. ``props`` is (code font, bold, italic, highlighted), or None for a run without properties;
    ``size`` is the font size in half-points."""
    r = _sub(p, _W + "r")
    if props is not None or size is not None:
        r_pr = _sub(r, _W + "rPr")
        code, bold, italic, highlight = props or (False, False, False, False)
        if code:
            _sub(r_pr, _W + "rFonts", {_W + "ascii": "Courier New", _W + "hAnsi": "Courier New"})
        if bold:
            _sub(r_pr, _W + "b")
        if italic:
            _sub(r_pr, _W + "i")
        if size is not None:
            _sub(r_pr, _W + "sz", {_VAL: size})
        if highlight:
            _sub(r_pr, _W + "highlight", {_VAL: "yellow"})
    pending: list[str] = []
    for char in text:  # as python-docx: a tab is w:tab, a line break w:br, the rest w:t
        if char == "\t" or char in "\r\n":
            _flush_text(r, pending)
            _sub(r, _W + ("tab" if char == "\t" else "br"))
        else:
            pending.append(char)
    _flush_text(r, pending)
    return r


def _flush_text(r: Any, pending: list[str]) -> None:
    if not pending:
        return
    text = "".join(pending)
    pending.clear()
    t = _sub(r, _W + "t")
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")


def _append_runs(p: Any, token: Any, size: str | None = None, header: bool = False) -> None:
    """Append an inline token's children to the ``w:p`` element ``p`` as formatted runs (placeholders highlighted);
    in a table cell every run gets the cell's font ``size`` (half-points), and is bold in a ``header`` row."""
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
                _append_run(p, f" ({link})", (False, header, True, False), size)
            link = None
        elif kind in ("softbreak",):
            _append_run(p, " ", (False, True, False, False) if header else None, size)
        elif kind == "hardbreak":
            r = _append_run(p, "", (False, True, False, False) if header else None, size)
            _sub(r, _W + "br")
        elif kind in ("text", "code_inline", "html_inline"):
            text = child.content
            code = kind == "code_inline"
            position = 0
            for match in PLACEHOLDER_RE.finditer(text):
                if match.start() > position:
                    _append_run(p, text[position : match.start()], (code, bold or header, italic, False), size)
                _append_run(p, match.group(0), (code, True, italic, True), size)
                position = match.end()
            if position < len(text):
                _append_run(p, text[position:], (code, bold or header, italic, False), size)


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
    """Add a table as python-docx would build it (fixed layout, column widths by content, shaded repeating
    header row, rows with blanks tall enough to write in), element by element in schema order."""
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
    if state.text_width is None:
        section = state.doc.sections[-1]
        state.text_width = int(section.page_width - section.left_margin - section.right_margin)
    available = state.text_width
    twips = [str(Emu(int(available * weight / sum(weights))).twips) for weight in weights]
    size = str(round((Pt(8.5) if state.section.startswith(("form-", "plan-")) else Pt(9.5)).pt * 2))
    signing = any(word in text.lower() for text in texts[0] for word in SIGNATURE_WORDS)
    body = state.doc.element.body
    tbl = body.makeelement(_W + "tbl", None)
    tbl_pr = _sub(tbl, _W + "tblPr")
    _sub(tbl_pr, _W + "tblStyle", {_VAL: state.style_ids["Table Grid"]})
    _sub(tbl_pr, _W + "tblW", {_W + "type": "auto", _W + "w": "0"})
    _sub(tbl_pr, _W + "tblLayout", {_W + "type": "fixed"})
    look = {"firstColumn": "1", "firstRow": "1", "lastColumn": "0", "lastRow": "0", "noHBand": "0", "noVBand": "1"}
    _sub(tbl_pr, _W + "tblLook", {_W + key: value for key, value in (*look.items(), ("val", "04A0"))})
    grid = _sub(tbl, _W + "tblGrid")
    for width in twips:
        _sub(grid, _W + "gridCol", {_W + "w": width})
    height = str(round(Pt(26 if signing else 18).pt * 20))
    for header, cells in rows:
        tr = _sub(tbl, _W + "tr")
        if header:
            _sub(_sub(tr, _W + "trPr"), _W + "tblHeader", {_VAL: "true"})
        elif any(not _inline_text(cell).strip() for cell in cells):
            _sub(_sub(tr, _W + "trPr"), _W + "trHeight", {_VAL: height})
        for index, width in enumerate(twips):
            tc = _sub(tr, _W + "tc")
            tc_pr = _sub(tc, _W + "tcPr")
            _sub(tc_pr, _W + "tcW", {_W + "type": "dxa", _W + "w": width})
            if header and index < len(cells):
                _sub(tc_pr, _W + "shd", {_VAL: "clear", _W + "color": "auto", _W + "fill": "E8E8E8"})
            p = _sub(tc, _W + "p")
            if index < len(cells):
                _append_runs(p, cells[index], size, header)
    body._insert_tbl(tbl)
    spacer = state.paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.line_spacing = Pt(6)


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
            if kind == "ordered_list_open" and depth == 0:
                state.list_num_id = _restarted_numbering(doc, "List Number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            state.list_styles.pop()
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            if state.in_toc:
                state.toc_entries.append(_inline_text(token))
            else:
                in_list = bool(state.list_styles) and tokens[index - 2].type == "list_item_open"
                paragraph = state.paragraph(state.list_styles[-1] if in_list else None)
                if in_list and state.list_styles[-1] == "List Number" and state.list_num_id is not None:
                    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                    num_pr.get_or_add_ilvl().val = 0
                    num_pr.get_or_add_numId().val = state.list_num_id
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

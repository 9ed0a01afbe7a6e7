"""rendering.py: autoescape, the sandbox and its loader, error locations, Markdown to HTML and DOCX."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from corcli.errors import ExitCode, RenderError
from corcli.render.docx import markdown_to_docx
from corcli.render.engine import (
    check_plain,
    find_placeholders,
    load_templates,
    markdown_to_html,
)
from corcli.render.escape import escape_markdown, markdown_cell


def _user_dir(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "tpl"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    root.mkdir(exist_ok=True)
    return root


def test_rendering_html_templates_are_autoescaped(tmp_path: Path) -> None:
    templates = load_templates(template_dir=_user_dir(tmp_path, {"page.html.j2": "<h1>{{ name }}</h1>"}))
    out = templates.render("page.html.j2", {"name": "<script>alert(1)</script>"})
    assert out == "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"


def test_rendering_markdown_templates_escape_values_but_not_placeholders(tmp_path: Path) -> None:
    root = _user_dir(tmp_path, {"doc.md.j2": "# {{ name }}\n{{ '' | or_todo('muster point') }}\n{{ todo('x') }}"})
    out = load_templates(template_dir=root).render("doc.md.j2", {"name": "A|B <script> *x*"})
    assert out.splitlines() == [
        "# A\\|B \\<script\\> \\*x\\*",
        "[TO COMPLETE: muster point]",
        "[TO COMPLETE: x]",
    ]


def test_rendering_builtin_environment_is_not_sandboxed_and_user_one_is(tmp_path: Path) -> None:
    assert not load_templates().sandboxed
    assert load_templates(template_dir=_user_dir(tmp_path, {})).sandboxed


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ company.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ '{0.__class__}'.format(company) }}",
        "{{ company.update({'name': 'x'}) }}",
        "{{ items.append(1) }}",
        "{{ todo.__globals__ }}",
    ],
)
def test_rendering_sandbox_refuses_attribute_escapes(tmp_path: Path, source: str) -> None:
    templates = load_templates(template_dir=_user_dir(tmp_path, {"evil.md.j2": source}))
    with pytest.raises(RenderError, match="sandbox refused") as info:
        templates.render("evil.md.j2", {"company": {"name": "ACME"}, "items": [1]})
    assert "evil.md.j2" in info.value.message
    assert info.value.exit_code == ExitCode.USAGE


@pytest.mark.parametrize(
    "include",
    [
        "../secret.txt",
        "../../secret.txt",
        "sub/../../secret.txt",
        "/etc/hostname",
        "ABSOLUTE",
        "C:/x.txt",
        "..\\\\secret.txt",
    ],
)
def test_rendering_sandbox_refuses_includes_outside_its_folder(tmp_path: Path, include: str) -> None:
    (tmp_path / "secret.txt").write_text("TOP SECRET", encoding="utf-8")
    name = str(tmp_path / "secret.txt") if include == "ABSOLUTE" else include
    root = _user_dir(tmp_path, {"evil.md.j2": "{% include '" + name + "' %}", "sub/ok.md.j2": "fine"})
    with pytest.raises(RenderError, match="sandbox refused") as info:
        load_templates(template_dir=root).render("evil.md.j2", {})
    assert "TOP SECRET" not in str(info.value)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_rendering_sandbox_refuses_symlinks_that_leave_its_folder(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("TOP SECRET", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "policy.md.j2").write_text("TOP SECRET", encoding="utf-8")
    root = _user_dir(tmp_path, {"a.md.j2": "{% include 'link.txt' %}", "b.md.j2": "{% include 'dir/policy.md.j2' %}"})
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    (root / "dir").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "evil.md.j2").symlink_to(tmp_path / "secret.txt")
    templates = load_templates(template_dir=root)
    for name in ("a.md.j2", "b.md.j2", "evil.md.j2"):
        with pytest.raises(RenderError, match="sandbox refused"):
            templates.render(name, {})


def test_rendering_symlink_inside_folder_is_allowed(tmp_path: Path) -> None:
    root = _user_dir(tmp_path, {"real.md.j2": "real {{ 1 + 1 }}"})
    (root / "alias.md.j2").symlink_to(root / "real.md.j2")
    assert load_templates(template_dir=root).render("alias.md.j2", {}) == "real 2"


def test_rendering_user_template_overrides_builtin_by_name(tmp_path: Path) -> None:
    builtin = load_templates()
    assert builtin.has("policy.md.j2")
    root = _user_dir(tmp_path, {"policy.md.j2": "OUR OWN POLICY for {{ company.name }}"})
    out = load_templates(template_dir=root).render("policy.md.j2", {"company": {"name": "X"}})
    assert out == "OUR OWN POLICY for X"


def test_rendering_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    root = _user_dir(tmp_path, {"bad.md.j2": "line one\nline two\n{% if %}\n"})
    with pytest.raises(RenderError) as info:
        load_templates(template_dir=root).render("bad.md.j2", {})
    assert f"{root / 'bad.md.j2'}, line 3" in info.value.message


def test_rendering_undefined_value_names_file_and_line(tmp_path: Path) -> None:
    files = {"main.md.j2": "a\n{% include 'part.md.j2' %}", "part.md.j2": "x\ny\n{{ company.nmae }}"}
    root = _user_dir(tmp_path, files)
    with pytest.raises(RenderError) as info:
        load_templates(template_dir=root).render("main.md.j2", {"company": {"name": "X"}})
    assert f"{root / 'part.md.j2'}, line 3" in info.value.message
    assert "undefined" in info.value.message


def test_rendering_missing_template_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="does not exist"):
        load_templates(template_dir=tmp_path / "nope")


def test_rendering_context_must_be_plain_data() -> None:
    check_plain({"a": [1, "b", None, {"c": 2.5, "d": True}]})
    with pytest.raises(TypeError, match=r"context\.a\[0\]"):
        check_plain({"a": [Path("x")]})


def test_rendering_escape_markdown() -> None:
    assert escape_markdown("a_b*c|d<e>&[f]`g`\\") == "a\\_b\\*c\\|d\\<e\\>\\&\\[f\\]\\`g\\`\\\\"


def test_markdown_cell_is_escaped_text_on_one_line() -> None:
    cell = markdown_cell("Roof | walk\n<script>  *now*")
    assert cell == "Roof \\| walk \\<script\\> \\*now\\*"
    assert "<b>" not in markdown_to_html("| a |\n|---|\n| " + markdown_cell("<b>x</b> | y") + " |\n")


MARKDOWN = """<!-- section:front -->

# Title of <b>doc</b>

<!-- toc -->

- Policy
- Forms

<!-- /toc -->

<!-- section:policy -->

# Policy

Muster at [TO COMPLETE: muster point]. \\<script\\>alert(1)\\</script\\> <img src=x onerror=alert(1)>

<script>alert(2)</script>

## Form

| Item | OK |
| --- | --- |
| Guardrails | |
|  |  |
"""


def test_rendering_markdown_to_html_escapes_raw_html_and_wraps_sections() -> None:
    html = markdown_to_html(MARKDOWN)
    assert "<script>" not in html
    assert "<img" not in html
    assert '<section class="section" id="front">' in html
    assert '<section class="section" id="policy">' in html
    assert html.count("</section>") == 2
    assert '<mark class="todo">[TO COMPLETE: muster point]</mark>' in html
    assert '<nav class="toc">' in html


def test_rendering_markdown_to_docx_has_headings_tables_and_toc() -> None:
    from docx import Document

    data = markdown_to_docx(MARKDOWN, title="T", author="A")
    doc = Document(io.BytesIO(data))
    styles = [(p.style.name, p.text) for p in doc.paragraphs if p.text.strip()]
    assert ("Title", "Title of <b>doc</b>") in styles
    assert ("Heading 1", "Policy") in styles
    assert ("Heading 2", "Form") in styles
    assert len(doc.tables) == 1
    assert doc.tables[0].rows[0].cells[0].text == "Item"
    assert len(doc.tables[0].rows) == 3
    body = doc.element.body.xml
    assert 'TOC \\o "1-2"' in body
    assert body.count("<w:pageBreakBefore/>") == 1
    assert 'w:type="page"' not in body  # no empty paragraph holding a break at the top of a page
    assert doc.core_properties.title == "T"
    settings = [str(c.tag).rsplit("}", 1)[-1] for c in doc.settings.element]
    assert settings.index("updateFields") < settings.index("compat")  # Word checks the schema order


def test_rendering_find_placeholders_reports_section_and_line() -> None:
    assert find_placeholders(MARKDOWN) == [("policy", 16, "muster point")]


def test_rendering_markdown_to_html_refuses_script_links() -> None:
    html = markdown_to_html("[click](javascript:alert(1)) [ok](https://example.org/a_b)")
    assert 'href="javascript' not in html
    assert '<a href="https://example.org/a_b">ok</a>' in html


def test_rendering_docx_tables_and_runs_read_back_as_python_docx_writes_them() -> None:
    """Tables and runs are built as XML directly (for speed); python-docx must read them back as its own."""
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt

    markdown = (
        "<!-- section:form-x -->\n\nSee `code`, [site](https://example.org) and [TO COMPLETE: name].\n\n"
        "| Worker | Signature |\n|---|---|\n| *Ann* [TO COMPLETE: who] | |\n| Bob | done |\n"
    )
    doc = Document(io.BytesIO(markdown_to_docx(markdown, title="T", author="A")))
    runs = doc.paragraphs[0].runs
    assert [r.text for r in runs] == [
        "See ",
        "code",
        ", ",
        "site",
        " (https://example.org)",
        " and ",
        "[TO COMPLETE: name]",
        ".",
    ]
    assert runs[1].font.name == "Courier New"
    assert runs[4].italic
    assert runs[6].bold
    assert runs[6].font.highlight_color == WD_COLOR_INDEX.YELLOW
    (table,) = doc.tables
    assert table.style.name == "Table Grid"
    assert not table.autofit
    header, signing, filled = table.rows
    assert [c.text for c in header.cells] == ["Worker", "Signature"]
    assert header._tr.trPr.xpath("w:tblHeader")  # the header row repeats on each page
    assert all(c._tc.tcPr.xpath("w:shd/@w:fill") == ["E8E8E8"] for c in header.cells)
    assert all(r.bold and r.font.size == Pt(8.5) for c in header.cells for r in c.paragraphs[0].runs)
    ann = signing.cells[0].paragraphs[0].runs
    assert ann[0].italic
    assert not ann[0].bold
    assert ann[0].font.size == Pt(8.5)
    assert ann[-1].bold
    assert ann[-1].font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert signing.height == Pt(26)  # a blank to sign in
    assert filled.height is None
    widths = [column.width for column in table.columns]
    assert [c.width for c in filled.cells] == widths
    section = doc.sections[0]
    assert abs(sum(widths) - (section.page_width - section.left_margin - section.right_margin)) < Pt(1)


def test_every_html_page_has_the_one_shell_and_its_print_rules(tmp_path: Path) -> None:
    """One page shell: no template but documents/page.html.j2 opens an HTML page, and every page prints alike."""
    from corcli.storage import resources

    shells = sorted(
        p.relative_to(resources.templates_dir()).as_posix()
        for p in resources.templates_dir().rglob("*.j2")
        if "<!DOCTYPE" in p.read_text(encoding="utf-8") or "<html" in p.read_text(encoding="utf-8")
    )
    assert shells == ["documents/page.html.j2"]

    from corcli.render.documents import html_page

    page = html_page("<p>x</p>", title='A "quoted" <title>', kind="report", running_revision="Rev 1")
    assert '<body class="report">' in page
    assert "<title>A &#34;quoted&#34; &lt;title&gt;</title>" in page
    assert 'counter(page) " of " counter(pages)' in page  # page numbers
    assert "break-after: avoid" in page  # no heading alone at a page foot
    assert "overflow-wrap: anywhere" in page  # wide tables wrap inside the page
    assert "\\22 quoted\\22" in page  # the running header is a CSS string, escaped for it

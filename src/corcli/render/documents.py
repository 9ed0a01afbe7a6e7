"""corcli's documents (assessment export, binder index, prep sheets, sampling plan): one pipeline.

Each document is one Markdown template, ``templates/documents/NAME.md.j2``; its HTML is that Markdown
through ``markdown_to_html`` inside the one page shell, ``page.html.j2``. A ``--template-dir`` holding a
file of the same name overrides either (rendered in the sandbox). The readiness report, the manual and
the portfolio are wrapped by the same shell (``html_page``), so every HTML page prints the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup

DocumentFormat = Literal["markdown", "html"]
DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = ("markdown", "html")
DOCUMENTS_FOLDER = "documents"
PAGE_SHELL = "page.html.j2"
PageKind = Literal["document", "report", "manual", "portfolio"]


def html_page(
    body: str,
    *,
    title: str,
    kind: PageKind = "document",
    template_dir: Path | None = None,
    running_header: str = "",
    running_revision: str = "",
    generator: str = "",
    logo: str = "",
    firm: str = "",
) -> str:
    """Wrap an escaped HTML ``body`` in the one page shell: print CSS, page numbers, a running header."""
    from corcli.render.engine import load_templates

    context = {
        "title": title,
        "body": Markup(body),
        "kind": kind,
        "running_header": running_header or title,
        "running_revision": running_revision,
        "generator": generator,
        "logo": logo,
        "firm": firm,
    }
    return load_templates(DOCUMENTS_FOLDER, template_dir).render(PAGE_SHELL, context)


def render_document(
    name: str,
    context: Mapping[str, Any],
    fmt: DocumentFormat,
    *,
    title: str,
    template_dir: Path | None = None,
    markdown: str | None = None,
) -> str:
    """Render document ``name`` from plain-data ``context`` as Markdown, or as one HTML page titled ``title``.

    ``markdown`` is the document's Markdown when it was already rendered (the HTML is then made from it).
    """
    from corcli.render.engine import load_templates, markdown_to_html

    templates = load_templates(DOCUMENTS_FOLDER, template_dir)
    if markdown is None:
        markdown = templates.render(f"{name}.md.j2", context)
    if fmt == "markdown":
        return markdown
    return html_page(markdown_to_html(markdown), title=title, template_dir=template_dir)


__all__ = ["DOCUMENT_FORMATS", "DocumentFormat", "PageKind", "html_page", "render_document"]

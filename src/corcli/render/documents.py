"""corcli's documents (assessment export, binder index, prep sheets, sampling plan): one pipeline.

Each document is one Markdown template, ``templates/documents/NAME.md.j2``; its HTML is that Markdown
through ``markdown_to_html`` inside the one page shell, ``page.html.j2``. A ``--template-dir`` holding a
file of the same name overrides either (rendered in the sandbox).
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


def render_document(
    name: str,
    context: Mapping[str, Any],
    fmt: DocumentFormat,
    *,
    title: str,
    template_dir: Path | None = None,
) -> str:
    """Render document ``name`` from plain-data ``context`` as Markdown, or as one HTML page titled ``title``."""
    from corcli.render.engine import load_templates, markdown_to_html

    templates = load_templates(DOCUMENTS_FOLDER, template_dir)
    markdown = templates.render(f"{name}.md.j2", context)
    if fmt == "markdown":
        return markdown
    body = Markup(markdown_to_html(markdown))
    return templates.render(PAGE_SHELL, {"title": title, "body": body})


__all__ = ["DOCUMENT_FORMATS", "DocumentFormat", "render_document"]

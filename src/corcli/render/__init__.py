"""Render: documents from templates, Markdown to HTML and DOCX, report formats, escaping per output language."""

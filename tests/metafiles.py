"""Small real files with metadata dates, made by the tests themselves (JPEG with EXIF, DOCX, XLSX, PDF)."""

from __future__ import annotations

import struct
import zipfile
from datetime import datetime
from pathlib import Path


def jpeg_with_exif(taken: datetime) -> bytes:
    """Return a minimal JPEG whose EXIF says when the photo was taken (DateTimeOriginal)."""
    value = taken.strftime("%Y:%m:%d %H:%M:%S").encode() + b"\0"
    ifd0 = struct.pack(">H", 1) + struct.pack(">HHII", 0x8769, 4, 1, 26) + struct.pack(">I", 0)
    exif = struct.pack(">H", 1) + struct.pack(">HHII", 0x9003, 2, len(value), 44) + struct.pack(">I", 0)
    body = b"Exif\x00\x00" + b"MM\x00*" + struct.pack(">I", 8) + ifd0 + exif + value
    return b"\xff\xd8\xff\xe1" + struct.pack(">H", len(body) + 2) + body + b"\xff\xd9"


def write_docx(path: Path, created: datetime, text: str = "Minutes") -> Path:
    """Write a DOCX whose core properties say when it was created."""
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    document.core_properties.created = created
    document.save(str(path))
    return path


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
)


def write_xlsx(path: Path, created: datetime) -> Path:
    """Write an OOXML package (as a spreadsheet is) whose core properties say when it was created."""
    core = (
        '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
        'package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dcterms:created xsi:type="dcterms:W3CDTF">'
        f"{created.strftime('%Y-%m-%dT%H:%M:%SZ')}</dcterms:created></cp:coreProperties>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("docProps/core.xml", core)
    return path


def write_pdf(path: Path, created: datetime | None) -> Path:
    """Write a one-page PDF, with a creation date in its information when ``created`` is given."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    info = {"/Title": path.name}  # each file its own content, as real records are
    if created is not None:
        info["/CreationDate"] = created.strftime("D:%Y%m%d%H%M%S")
    writer.add_metadata(info)
    with path.open("wb") as handle:
        writer.write(handle)
    return path

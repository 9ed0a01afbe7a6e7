"""The manual printed as a person would: HTML through headless Chromium and DOCX through LibreOffice to PDF.

Why: a table clipped at the margin, a missing page number or a header that never appears only shows on
paper. Each document is converted once for the module; the checks read the PDFs with poppler's pdftotext.
CI installs the three programs (``.ci/run``); there a missing program is a failure, not a skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_manual import _profile, _render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")
MISSING = [name for name, path in (("chromium", CHROMIUM), ("soffice", SOFFICE), ("pdftotext", PDFTOTEXT)) if not path]

if MISSING and os.environ.get("CI"):
    pytest.fail(f"CI must install {', '.join(MISSING)} (see .ci/run)", pytrace=False)
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)}")

TIMEOUT = 180


@dataclass(frozen=True)
class Printed:
    """A PDF and what poppler reads from it."""

    path: Path
    pages: list[str]
    width: float
    words: list[tuple[float, float, str]]


def _read(pdf: Path) -> Printed:
    assert pdf.is_file(), f"{pdf} was not written"
    assert pdf.stat().st_size > 1000, f"{pdf} is empty"
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, check=True, timeout=60).stdout
    pages = text.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    bbox = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, check=True, timeout=60).stdout
    html = bbox.decode("utf-8")
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))  # type: ignore[union-attr]
    words = [
        (float(m.group(1)), float(m.group(2)), m.group(3))
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)
    ]
    return Printed(pdf, pages, width, words)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    out = tmp_path_factory.mktemp("printed")
    profile = _profile(company={"employees": 45})
    html = out / "manual.html"
    html.write_text(_render("COR", "html", profile=profile).text, encoding="utf-8")
    docx = out / "manual.docx"
    data = _render("COR", "docx", profile=profile).data
    assert data is not None
    docx.write_bytes(data)
    html_pdf = out / "manual-html.pdf"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={out / 'chromium-profile'}",
            f"--print-to-pdf={html_pdf}",
            html.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=TIMEOUT,
    )
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(out / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        capture_output=True,
        check=True,
        timeout=TIMEOUT,
    )
    return {"html": _read(html_pdf), "docx": _read(out / "manual.pdf")}


@pytest.mark.parametrize("kind", ["html", "docx"])
def test_printed_manual_has_numbered_pages_and_a_running_header(printed: dict[str, Printed], kind: str) -> None:
    pdf = printed[kind]
    count = len(pdf.pages)
    assert 25 <= count <= 120, f"{kind}: {count} pages"
    for number, page in enumerate(pdf.pages, start=1):
        flat = " ".join(page.split())
        assert f"Page {number} of {count}" in flat, f"{kind} page {number} has no page number"
        if number > 1:
            assert "Prairie Roofing Ltd." in flat, f"{kind} page {number} has no running header"


@pytest.mark.parametrize("kind", ["html", "docx"])
def test_printed_manual_tables_stay_on_the_page(printed: dict[str, Printed], kind: str) -> None:
    pdf = printed[kind]
    outside = [(text, x0, x1) for x0, x1, text in pdf.words if x0 < 0 or x1 > pdf.width + 0.5]
    assert not outside, f"{kind}: text past the page edge: {outside[:5]}"
    margin = pdf.width * 0.03
    clipped = [(text, x1) for _, x1, text in pdf.words if x1 > pdf.width - margin]
    assert not clipped, f"{kind}: text in the right margin (a table wider than the page?): {clipped[:5]}"
    text = " ".join(" ".join(pdf.pages).split())
    for last_column in ("Led by", "Reviewed with the crew on", "Worker initials", "For this site or job"):
        assert last_column in text, f"{kind}: the last column {last_column!r} of a wide table is missing"


def test_printed_docx_has_its_contents_and_every_section(printed: dict[str, Printed]) -> None:
    text = " ".join(" ".join(printed["docx"].pages).split())
    for title in (
        "Contents",
        "Hazards and controls",
        "Violence and harassment prevention plan",
        "Fall protection plan",
    ):
        assert title in text, title


def _chromium_pdf(html: Path, pdf: Path, profile: Path) -> Printed:
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
    command += [f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.as_uri()]
    subprocess.run(command, capture_output=True, check=True, timeout=TIMEOUT)
    return _read(pdf)


@pytest.fixture(scope="module")
def printed_report(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """The demo's readiness report, printed: it shares the manual's page shell and its print rules."""
    from typer.testing import CliRunner

    from corcli.cli import app

    out = tmp_path_factory.mktemp("printed-report")
    runner = CliRunner()
    made = runner.invoke(app, ["demo", str(out / "demo"), "--today", "2026-11-26"], catch_exceptions=False)
    assert made.exit_code == 0, made.output
    html = out / "readiness.html"
    args = ["check", "-w", str(out / "demo"), "--today", "2026-11-26", "-f", "html", "-o", str(html)]
    assert runner.invoke(app, args, catch_exceptions=False).exit_code == 1
    return _chromium_pdf(html, out / "readiness.pdf", out / "chromium-profile")


def test_printed_readiness_report_has_numbered_pages_and_stays_on_the_page(printed_report: Printed) -> None:
    count = len(printed_report.pages)
    assert count >= 5, f"{count} pages"
    for number, page in enumerate(printed_report.pages, start=1):
        flat = " ".join(page.split())
        assert f"Page {number} of {count}" in flat, f"page {number} has no page number"
        if number > 1:
            assert "Readiness report: Prairie Roofing Ltd." in flat, f"page {number} has no running header"
    margin = printed_report.width * 0.03
    clipped = [(text, x1) for _, x1, text in printed_report.words if x1 > printed_report.width - margin]
    assert not clipped, f"text in the right margin (a table wider than the page?): {clipped[:5]}"

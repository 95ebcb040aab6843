"""Every HTML page offers the printable handout, and the link always works.

- With a PDF in ``handout_pdf_dir`` (``nox -s build``; Read the Docs builds it first),
  the site serves its own copy and the link says how many pages and how big it is.
- Without one (``nox -s html``, a contributor's preview), the link points at the copy
  on the published site (``html_baseurl``) and says so.
"""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import DOCS, build_docs
from pypdf import PdfReader, PdfWriter

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

CONF: dict[str, Any] = runpy.run_path(str(DOCS / "conf.py"))
PDF_NAME = f"{CONF['handout_name']}.pdf"
SIDEBAR_LINK = ".sidebar-handout-download a"
LANDING_LINK = "article p.handout-download a"
#: Pages in the small stand-in PDF; any number other than the real handout's will do.
FAKE_PAGES = 3


def html_pages(app: SphinxTestApp) -> list[Path]:
    pages = sorted(Path(app.outdir).rglob("*.html"))
    assert len(pages) > len(list(DOCS.glob("*.md")))  # every page, plus search and index
    return pages


def parse(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def words(link: Any) -> str:
    return " ".join(link.get_text(" ").split())


@pytest.fixture(scope="module")
def stand_in_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real PDF, much smaller than the handout, so no TeX is needed here."""
    folder = tmp_path_factory.mktemp("pdf")
    writer = PdfWriter()
    for _ in range(FAKE_PAGES):
        writer.add_blank_page(width=612, height=792)
    writer.add_metadata({"/Title": "stand-in"})
    path = folder / PDF_NAME
    with path.open("wb") as out:
        writer.write(out)
    return path


@pytest.fixture(scope="module")
def html_with_pdf(tmp_path_factory: pytest.TempPathFactory, stand_in_pdf: Path) -> SphinxTestApp:
    outroot = tmp_path_factory.mktemp("docs-html-with-pdf")
    return build_docs("html", outroot, confoverrides={"handout_pdf_dir": str(stand_in_pdf.parent)})


# -- With the PDF -------------------------------------------------------------------


def test_build_with_pdf_has_no_warnings(html_with_pdf: SphinxTestApp) -> None:
    assert html_with_pdf.warning.getvalue() == ""


def test_pdf_is_copied_into_the_site(html_with_pdf: SphinxTestApp, stand_in_pdf: Path) -> None:
    served = Path(html_with_pdf.outdir, PDF_NAME)
    assert served.is_file()
    assert served.read_bytes() == stand_in_pdf.read_bytes()


def test_every_page_links_to_the_sites_copy(
    html_with_pdf: SphinxTestApp, stand_in_pdf: Path
) -> None:
    outdir = Path(html_with_pdf.outdir)
    pages = len(PdfReader(stand_in_pdf).pages)
    size_kb = max(1, round(stand_in_pdf.stat().st_size / 1024))
    for page in html_pages(html_with_pdf):
        soup = parse(page)
        links = soup.select(SIDEBAR_LINK)
        assert len(links) == 1, page.name
        link = links[0]
        href = link["href"]
        assert not urlsplit(href).scheme, f"{page.name}: {href} should be the site's own copy"
        target = urljoin(page.relative_to(outdir).as_posix(), unquote(href))
        assert (outdir / target).resolve() == (outdir / PDF_NAME).resolve(), page.name
        assert (outdir / target).is_file()
        text = words(link)
        assert "Download the printable handout" in text
        assert f"PDF, {pages} pages, {size_kb} KB" in text


def test_landing_page_links_to_the_sites_copy(
    html_with_pdf: SphinxTestApp, stand_in_pdf: Path
) -> None:
    outdir = Path(html_with_pdf.outdir)
    (link,) = parse(outdir / "index.html").select(LANDING_LINK)
    assert (outdir / unquote(link["href"])).resolve() == (outdir / PDF_NAME).resolve()
    assert f"{len(PdfReader(stand_in_pdf).pages)} pages" in words(link)


# -- Without the PDF (the docs_html fixture points handout_pdf_dir at an empty folder) -------


def test_no_pdf_in_the_site_without_one(docs_html: SphinxTestApp) -> None:
    assert not Path(docs_html.outdir, PDF_NAME).exists()


def test_every_page_links_to_the_published_copy(docs_html: SphinxTestApp) -> None:
    published = f"{docs_html.config.html_baseurl.rstrip('/')}/{PDF_NAME}"
    assert urlsplit(published).scheme == "https"
    for page in html_pages(docs_html):
        links = parse(page).select(SIDEBAR_LINK)
        assert len(links) == 1, page.name
        assert links[0]["href"] == published, page.name
        text = words(links[0])
        assert "Download the printable handout" in text
        assert "published site" in text
        assert "pages" not in text  # no page count for a file this build has not seen


def test_landing_page_links_to_the_published_copy(docs_html: SphinxTestApp) -> None:
    (link,) = parse(Path(docs_html.outdir, "index.html")).select(LANDING_LINK)
    assert link["href"] == f"{docs_html.config.html_baseurl.rstrip('/')}/{PDF_NAME}"
    assert "published site" in words(link)

"""Every page offers the printable handout, and the link works on every host."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import build_docs
from helpers import squash, warnings_of
from pypdf import PdfWriter

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.testing.util import SphinxTestApp

NAME = "ketamine-therapy-anxiety-ptsd.pdf"
PAGES_URL = "https://ketamine-handout.github.io/ketamine-handout/"
RTD_URL = "https://ketamine-handout.readthedocs.io/en/latest/"


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Environment variables for a build that is not a test function (module fixtures)."""
    with pytest.MonkeyPatch.context() as patch:
        for key, value in values.items():
            patch.setenv(key, value)
        yield


def pages(app: SphinxTestApp) -> list[Path]:
    found = sorted(Path(app.outdir).glob("*.html"))
    assert len(found) >= 10
    return found


def download_links(page: Path) -> list[tuple[str, str]]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [(a["href"], squash(a.get_text())) for a in soup.select("a.handout-download-link")]


@pytest.fixture(scope="module")
def with_pdf(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """The site built with a (small, generated) PDF beside it, as ``nox -s build`` does."""
    root = tmp_path_factory.mktemp("with-pdf")
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=612, height=792)
    (root / "pdf").mkdir()
    with (root / "pdf" / NAME).open("wb") as handle:
        writer.write(handle)
    with environment(HANDOUT_PDF_DIR=str(root / "pdf")):
        app = build_docs("html", root / "site")
    assert warnings_of(app) == []
    return app


def test_every_page_links_to_the_copy_in_the_site(with_pdf: SphinxTestApp) -> None:
    source = Path(with_pdf.outdir).parent.parent / "pdf" / NAME
    for page in pages(with_pdf):
        links = download_links(page)
        assert links, f"{page.name} offers no download"
        for href, text in links:
            if page.name == "404.html":
                # Served at whatever address was mistyped, so its links are absolute.
                assert href == f"{urlsplit(PAGES_URL).path}{NAME}"
                href = NAME
            target = (page.parent / href).resolve()
            assert target == Path(with_pdf.outdir, NAME).resolve()
            assert target.read_bytes() == source.read_bytes()
            size_kb = max(1, round(source.stat().st_size / 1024))
            assert text == f"Download the printable handout (PDF, 3 pages, {size_kb} KB)"


def test_landing_page_offers_it_in_the_text(with_pdf: SphinxTestApp) -> None:
    soup = BeautifulSoup(Path(with_pdf.outdir, "index.html").read_text("utf-8"), "html.parser")
    link = soup.select_one("article p.handout-download a.handout-download-link")
    assert link is not None
    assert link["href"] == NAME


def test_without_a_pdf_the_link_points_at_the_published_site(docs_html: SphinxTestApp) -> None:
    assert not Path(docs_html.outdir, NAME).exists()
    for page in pages(docs_html):
        for href, text in download_links(page):
            assert href == urljoin(PAGES_URL, NAME)
            assert text == "Download the printable handout (PDF, from the published site)"


def test_read_the_docs_links_to_its_own_copy(tmp_path: Path) -> None:
    with environment(READTHEDOCS_CANONICAL_URL=RTD_URL, HANDOUT_PDF_DIR=str(tmp_path / "none")):
        app = build_docs("html", tmp_path)
    assert warnings_of(app) == []
    hrefs = {href for page in pages(app) for href, _text in download_links(page)}
    assert hrefs == {urljoin(RTD_URL, NAME)}

"""Every page offers the printable handout in both paper sizes, and the links work on every host."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import build_docs
from helpers import squash, warnings_of
from pypdf import PdfReader, PdfWriter

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.testing.util import SphinxTestApp

#: The PDF in each paper size, as the site names and labels it (docs/conf.py, handout_papers).
PDFS = {
    "ketamine-therapy-anxiety-ptsd.pdf": "US Letter",
    "ketamine-therapy-anxiety-ptsd-a4.pdf": "A4 (UK, Ireland, most countries)",
}
INTRO = "Download the printable handout"
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


def sidebar(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    block = soup.select_one(".sidebar-handout-download")
    return squash(block.get_text()) if block else ""


@pytest.fixture(scope="module")
def with_pdfs(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """The site built with (small, generated) PDFs beside it, as ``nox -s build`` does."""
    root = tmp_path_factory.mktemp("with-pdf")
    (root / "pdf").mkdir()
    # Different page counts and sizes, so that each link must say its own.
    for pages_in_it, (name, _label) in enumerate(PDFS.items(), start=3):
        writer = PdfWriter()
        for _ in range(pages_in_it):
            writer.add_blank_page(width=612, height=792)
        with (root / "pdf" / name).open("wb") as handle:
            writer.write(handle)
    with environment(HANDOUT_PDF_DIR=str(root / "pdf")):
        app = build_docs("html", root / "site")
    assert warnings_of(app) == []
    return app


def expected_links(source: Path) -> list[tuple[str, str]]:
    """(file name, link text) for each PDF, in the order offered: US Letter first."""
    found = []
    for name, label in PDFS.items():
        pdf = source / name
        size_kb = max(1, round(pdf.stat().st_size / 1024))
        found.append((name, f"{label} — PDF, {len(PdfReader(pdf).pages)} pages, {size_kb} KB"))
    return found


def test_every_page_links_to_both_copies_in_the_site(with_pdfs: SphinxTestApp) -> None:
    source = Path(with_pdfs.outdir).parent.parent / "pdf"
    expected = expected_links(source)
    assert expected[0][1].startswith("US Letter — PDF, 3 pages")
    assert expected[1][1].startswith("A4 (UK, Ireland, most countries) — PDF, 4 pages")
    for page in pages(with_pdfs):
        links = download_links(page)
        assert links, f"{page.name} offers no download"
        assert sidebar(page).startswith(INTRO), page.name
        # The sidebar offers both; the landing page offers both again in its text.
        assert len(links) == (4 if page.name == "index.html" else 2), page.name
        for (href, text), (name, words) in zip(links, expected * 2, strict=False):
            if page.name == "404.html":
                # Served at whatever address was mistyped, so its links are absolute.
                assert href == f"{urlsplit(PAGES_URL).path}{name}"
                href = name
            target = (page.parent / href).resolve()
            assert target == Path(with_pdfs.outdir, name).resolve()
            assert target.read_bytes() == (source / name).read_bytes()
            assert text == words


def test_landing_page_offers_both_in_the_text(with_pdfs: SphinxTestApp) -> None:
    soup = BeautifulSoup(Path(with_pdfs.outdir, "index.html").read_text("utf-8"), "html.parser")
    paragraph = soup.select_one("article p.handout-download")
    assert paragraph is not None
    assert squash(paragraph.get_text()).startswith(f"{INTRO}: US Letter")
    hrefs = [a["href"] for a in paragraph.select("a.handout-download-link")]
    assert hrefs == list(PDFS)


def test_without_the_pdfs_the_links_point_at_the_published_site(
    docs_html: SphinxTestApp,
) -> None:
    for name in PDFS:
        assert not Path(docs_html.outdir, name).exists()
    for page in pages(docs_html):
        links = download_links(page)
        assert links, page.name
        for href, text in links:
            name = href.rsplit("/", 1)[-1]
            assert href == urljoin(PAGES_URL, name)
            assert text == f"{PDFS[name]} — PDF, from the published site"
        assert {href.rsplit("/", 1)[-1] for href, _text in links} == set(PDFS)


def test_with_one_pdf_only_the_other_points_at_the_published_site(tmp_path: Path) -> None:
    (tmp_path / "pdf").mkdir()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(tmp_path / "pdf" / "ketamine-therapy-anxiety-ptsd-a4.pdf")
    with environment(HANDOUT_PDF_DIR=str(tmp_path / "pdf")):
        app = build_docs("html", tmp_path / "site")
    assert warnings_of(app) == []
    hrefs = [href for href, _text in download_links(Path(app.outdir, "safety.html"))]
    assert hrefs == [
        urljoin(PAGES_URL, "ketamine-therapy-anxiety-ptsd.pdf"),
        "ketamine-therapy-anxiety-ptsd-a4.pdf",
    ]


def test_read_the_docs_links_to_its_own_copies(tmp_path: Path) -> None:
    with environment(READTHEDOCS_CANONICAL_URL=RTD_URL, HANDOUT_PDF_DIR=str(tmp_path / "none")):
        app = build_docs("html", tmp_path)
    assert warnings_of(app) == []
    hrefs = {href for page in pages(app) for href, _text in download_links(page)}
    assert hrefs == {urljoin(RTD_URL, name) for name in PDFS}

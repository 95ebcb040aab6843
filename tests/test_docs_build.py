"""The real handout builds cleanly, as a site and as a PDF, with every page in it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

#: The article, in reading order: page name -> its title.
ARTICLE_PAGES = {
    "what-is-ketamine-therapy": "What is ketamine therapy?",
    "how-it-works": "How does ketamine work?",
    "benefits": "What the research shows for anxiety and PTSD",
    "safety": "How safe is ketamine therapy?",
    "side-effects": "Side effects of ketamine therapy",
    "summary": "Summary",
}


def squash(text: str) -> str:
    """Collapse whitespace (PDF text breaks lines anywhere)."""
    return re.sub(r"\s+", " ", text).strip()


def test_html_build_has_no_warnings(docs_html: SphinxTestApp) -> None:
    assert docs_html.warning.getvalue() == ""


@pytest.mark.parametrize(("page", "title"), ARTICLE_PAGES.items())
def test_html_page_exists_with_title(docs_html: SphinxTestApp, page: str, title: str) -> None:
    html = Path(docs_html.outdir, f"{page}.html")
    assert html.is_file()
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    h1 = soup.select_one("article h1")
    assert h1 is not None
    for permalink in h1.select("a.headerlink"):
        permalink.decompose()
    assert squash(h1.get_text()) == title
    assert soup.title is not None
    assert squash(soup.title.get_text()).startswith(title)


def test_landing_page_lists_every_article_page_in_order(docs_html: SphinxTestApp) -> None:
    soup = BeautifulSoup(Path(docs_html.outdir, "index.html").read_text("utf-8"), "html.parser")
    assert soup.select_one("article h1") is not None
    toctree = soup.select_one("article .toctree-wrapper")
    assert toctree is not None
    linked = [a["href"].removesuffix(".html") for a in toctree.select("a.reference.internal")]
    article_links = [href for href in linked if href in ARTICLE_PAGES]
    assert article_links == list(ARTICLE_PAGES)


def test_html_uses_furo_and_copybutton(docs_html: SphinxTestApp) -> None:
    soup = BeautifulSoup(Path(docs_html.outdir, "index.html").read_text("utf-8"), "html.parser")
    stylesheets = [link.get("href", "") for link in soup.select("link[rel=stylesheet]")]
    scripts = [script.get("src", "") for script in soup.select("script[src]")]
    assert any("furo" in href for href in stylesheets)
    assert any("clipboard" in src or "copybutton" in src for src in scripts)


@pytest.mark.latex
def test_pdf_builds_without_warnings(docs_pdf: tuple[SphinxTestApp, Path]) -> None:
    app, pdf = docs_pdf
    assert app.warning.getvalue() == ""
    assert pdf.is_file()


@pytest.mark.latex
def test_pdf_has_title_and_every_section(docs_pdf: tuple[SphinxTestApp, Path]) -> None:
    app, pdf = docs_pdf
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 1
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert app.config.project in text
    for page in ARTICLE_PAGES:
        title = app.env.titles[page].astext()  # in the PDF's language
        assert title in text, f"section {title!r} missing from the PDF text"

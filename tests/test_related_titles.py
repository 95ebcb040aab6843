"""Citations in a page title, a heading, a figure caption and a table title."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import run_latexmk
from helpers import soup, squash, warnings_of
from pypdf import PdfReader

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

ENTRY = "appendix.html#rr-entry-k"


@pytest.mark.sphinx("html", testroot="titles", freshenv=True)
def test_html_titles_cite_and_tables_of_contents_show_the_titles(app: SphinxTestApp) -> None:
    """Issue 17, defect 2: the sidebar showed the raw key ("Evidence k")."""
    app.build()
    assert warnings_of(app) == []
    page = soup(app, "page")
    for place in ("h1", "h2", "figcaption", "table caption"):
        cite = page.select_one(f"{place} a.related-ref")
        assert (cite.get_text(), cite["href"]) == ("[1]", ENTRY), place
    assert squash(page.select_one("h2").get_text()) == "Evidence [1]¶"
    # Where Sphinx copies the titles, they are the titles' words.
    assert squash(page.title.get_text()).startswith("Page title —")
    assert squash(page.select_one("a[href='#evidence'].reference.internal").get_text()) == (
        "Evidence"
    )
    index = soup(app, "index")
    toc = [squash(a.get_text()) for a in index.select(".toctree-wrapper a")]
    assert toc == ["Page title", "Evidence", "Related reading", "Appendix"]
    sidebar = [squash(a.get_text()) for a in page.select(".sphinxsidebar a")]
    assert "Page title" in sidebar
    assert not any(text.endswith((" k", "[1]")) for text in toc + sidebar)
    # Every place is linked back from the appendix, and each link lands somewhere.
    back = soup(app, "appendix").select("li#rr-entry-k p.related-entry-places a")
    assert [squash(a.get_text()) for a in back] == [
        "Page title",
        "Page title › Evidence",
        "2",
        "3",
        "Page title › Related reading",
    ]
    for link in back:
        assert page.find(id=link["href"].partition("#")[2]) is not None, link["href"]


@pytest.mark.sphinx("text", testroot="titles", freshenv=True)
def test_text_titles_cite(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    text = Path(app.outdir, "page.txt").read_text(encoding="utf-8")
    assert "Page title [1]\n" in text
    assert "Evidence [1]\n" in text
    assert "A caption [1]" in text


@pytest.mark.sphinx("latex", testroot="titles", freshenv=True)
def test_the_pdf_builds_with_citations_in_titles(app: SphinxTestApp) -> None:
    """``latexmk`` failed ("Incomplete \\iffalse"): labels inside a title are moved to
    tables of contents and bookmarks. In chapter headings set in capitals (the manual
    class), the page number must still be found."""
    app.build()
    assert warnings_of(app) == []
    for name in ("titles", "titles-manual"):
        reader = PdfReader(run_latexmk(Path(app.outdir), f"{name}.tex"))
        text = squash(" ".join(page.extract_text() for page in reader.pages))
        assert "??" not in text, name
        for cited in ("Evidence [1, p. ", "A caption [1, p. ", "A table title [1, p. "):
            assert cited in text, (name, cited)
        assert "Cited on p. " in text

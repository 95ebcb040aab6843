"""Nothing is dropped without a word, and every word names where the author wrote it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import run_latexmk
from helpers import parsed_warnings, soup, squash
from pypdf import PdfReader

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

#: MyST-Parser's include directive still reads env.app (deprecated in Sphinx 9).
myst_include = pytest.mark.filterwarnings(
    "ignore:'sphinx.environment.BuildEnvironment.app' is deprecated"
    ":sphinx.deprecation.RemovedInSphinx11Warning:myst_parser"
)

LISTED = [
    "https://example.org/wiki/one",
    "https://example.org/wiki/two",
    "https://example.org/parent",
    "https://example.org/child",
    "https://example.org/first",
    "https://example.org/outer",
    "https://example.org/nested",
    "https://example.org/orphan",
]


def located(app: SphinxTestApp) -> list[tuple[str, str, str]]:
    return [(w["file"], w["line"], w["kind"]) for w in parsed_warnings(app)]


@myst_include
@pytest.mark.sphinx("html", testroot="lost", freshenv=True)
def test_every_link_becomes_an_entry_or_a_located_warning(app: SphinxTestApp) -> None:
    """Issue 17, defect 7: a sub-list's links (under a label, or under an item with a
    link), a second link in an item, a nested directive, an entry listed only on an
    orphan page, and the appendix included twice in one page."""
    app.build()
    assert located(app) == [
        ("page.md", "9", "related_reading.extra-link"),
        ("part.md", "1", "related_reading.duplicate-appendix"),
    ]
    assert "https://example.org/second" in parsed_warnings(app)[0]["message"]
    appendix = soup(app, "appendix")
    assert len(appendix.select("ol.related-reading-appendix")) == 1
    assert [a["href"] for a in appendix.select("p.related-entry-title a")] == LISTED
    assert squash(appendix.select_one("p.related-reading-pointer").get_text()) == (
        "All related reading is listed in Appendix."
    )
    # The label item stays as written, without a forward link; every link item has one.
    items = soup(app, "page").select("ul.related-reading li")
    assert squash(items[0].find("p").get_text()) == "Samba wiki pages:"
    forward = [squash(li.find("p").select("a.related-ref")[-1].get_text()) for li in items[1:]]
    assert forward == ["[1]", "[2]", "[3]", "[4]", "[5]", "[6]", "[7]"]


@myst_include
@pytest.mark.sphinx("latex", testroot="lost", freshenv=True)
def test_an_entry_listed_only_on_an_orphan_page_has_no_page_zero(app: SphinxTestApp) -> None:
    """The orphan page is not in the PDF: its entry is printed, without "Cited on"."""
    app.build()
    tex = Path(app.outdir, "lost.tex").read_text(encoding="utf-8")
    assert "https://example.org/orphan" in tex
    assert r"\sphinxRelatedPage{\detokenize{orphan:" not in tex
    reader = PdfReader(run_latexmk(Path(app.outdir), "lost.tex"))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert "listed only on an orphan page" in text
    assert "p. 0" not in text
    assert "Cited on p. 1" in text


@myst_include
@pytest.mark.sphinx("html", testroot="include", freshenv=True)
def test_warnings_and_the_export_name_the_included_file(app: SphinxTestApp) -> None:
    """Issue 17, defect 8: content from an included file was located in the page that
    includes it."""
    app.build()
    assert sorted(located(app)) == [
        ("part.md", "1", "related_reading.unknown-key"),
        ("part.md", "5", "related_reading.no-link"),
    ]
    data = json.loads(Path(app.outdir, "related-reading.json").read_text("utf-8"))
    (place,) = data["entries"][0]["places"]
    assert (place["page"], place["source"], place["line"]) == ("index", "part.md", 4)

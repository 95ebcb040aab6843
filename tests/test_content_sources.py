"""Every fact in the handout's articles links to its source (issue 16), over https.

On every article page (every page but the reference pages below), each paragraph and
each list item carries at least one ``{related}`` citation, as a reader gets it: a link
to an entry of the sources page (``related-reading.html#...``). Text that states no
fact says so in the source, with a MyST span (``attrs_inline``):

- ``[Talk to your own doctor before you decide anything.]{.advice}``: advice to the reader;
- ``[This handout is for people with anxiety or PTSD.]{.signpost}``: about the handout
  itself, or where to read on.

Not checked: headings, the page list, related-reading lists, the crisis and disclaimer
boxes (their text comes from conf.py) and the download link.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from conftest import DOCS, PAGES
from handout_text import APPENDIX, fail_on, is_citation, shorten

if TYPE_CHECKING:
    from handout_text import Block, RenderedPages
    from sphinx.testing.util import SphinxTestApp

#: Pages that are not articles: reference pages and the page about the handout.
NOT_ARTICLES = {"glossary", "questions", "about", APPENDIX}
ARTICLES = [page for page in PAGES if page not in NOT_ARTICLES]
#: The six parts of the original article: each lists its sources on the page.
ORIGINAL_PARTS = [
    "what-is-ketamine-therapy",
    "how-it-works",
    "benefits",
    "safety",
    "side-effects",
    "summary",
]
#: The classes of the spans that mark a block as stating no fact.
MARKERS = ("advice", "signpost")
#: Rendered regions whose text is not a fact to cite.
NOT_FACTS = ".admonition.crisis, .admonition.disclaimer, .handout-download"


def states_no_fact(block: Block) -> bool:
    marked = block.element.select_one(", ".join(f"span.{name}" for name in MARKERS))
    return marked is not None or any(
        region.css.match(NOT_FACTS) for region in [block.element, *block.element.parents]
    )


def uncited(pages: RenderedPages, docname: str) -> list[str]:
    """One line per paragraph or list item of the page that needs a citation and lacks one."""
    return [
        f"{block.where}: {block.kind} states a fact without a citation: {shorten(block.text)!r} "
        "(cite its source with {related}`key`, or mark advice or signposting as "
        "[text]{.advice} or [text]{.signpost})"
        for block in pages.paragraphs(docname)
        if not states_no_fact(block) and not any(map(is_citation, block.element.select("a")))
    ]


def test_articles_are_every_page_but_the_reference_pages(docs_text: RenderedPages) -> None:
    assert docs_text.docnames == PAGES
    assert set(ARTICLES) | NOT_ARTICLES == set(PAGES)
    assert set(ORIGINAL_PARTS) <= set(ARTICLES)


@pytest.mark.parametrize("page", ARTICLES)
def test_every_fact_is_cited(docs_text: RenderedPages, page: str) -> None:
    fail_on(uncited(docs_text, page))


def test_markers_render_as_spans_with_their_class(rules_root_text: RenderedPages) -> None:
    """MyST's attrs_inline turns ``[text]{.advice}`` into ``<span class="advice">text</span>``."""
    html = Path(rules_root_text.app.outdir, "article.html").read_text("utf-8")
    article = BeautifulSoup(html, "html.parser")
    spans = {name: article.select_one(f"p > span.{name}") for name in MARKERS}
    assert spans["advice"] is not None
    assert spans["advice"].get_text() == "Talk to your own doctor before you decide anything."
    assert spans["signpost"] is not None
    assert spans["signpost"].get_text() == "This page breaks each content rule once."


def test_an_uncited_fact_fails_with_file_and_line(rules_root_text: RenderedPages) -> None:
    """Cited text and marked advice pass; the crisis box is not checked; the rest fails."""
    problems = uncited(rules_root_text, "article")
    assert [problem.split(" (cite its source")[0] for problem in problems] == [
        "content-rules/article.md:9: paragraph states a fact without a citation: "
        "'Ketamine eased symptoms for a week in one small study.'",
        "content-rules/article.md:12: list item states a fact without a citation: "
        "'An uncited list item about a trial.'",
    ]


@pytest.mark.parametrize("page", ORIGINAL_PARTS)
def test_original_parts_list_their_sources(docs_html: SphinxTestApp, page: str) -> None:
    html = Path(docs_html.outdir, f"{page}.html").read_text("utf-8")
    listed = BeautifulSoup(html, "html.parser").select(
        "article ul.related-reading li.related-reading-item a.related-title"
    )
    assert listed, f"docs/{page}.md has no related-reading list"


def test_every_link_is_https(docs_html: SphinxTestApp) -> None:
    for path in sorted(Path(docs_html.outdir).glob("*.html")):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for link in soup.select("a[href]"):
            assert not str(link["href"]).startswith("http:"), f"{path.name}: {link['href']}"
    for source in sorted(DOCS.glob("*.md")):
        assert "http://" not in source.read_text("utf-8"), source.name

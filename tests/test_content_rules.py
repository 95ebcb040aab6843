"""The health-information rules, measured on the built HTML (what readers get).

Prose is each page's ``<article>`` text without: headings, the page list (toctree),
related-reading lists (``ul.related-reading``), citation markers ("[3]"), and whole
pages that are reference lists rather than prose: the appendix and the glossary.
Each paragraph and list item is one block; a block without final punctuation is
treated as one sentence.
"""

from __future__ import annotations

import re
import runpy
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from bs4 import Tag
    from sphinx.testing.util import SphinxTestApp

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # textstat 0.7.4 imports the deprecated pkg_resources
    import textstat

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "000_8c26fc3a364655ba.txt"

#: The six parts of the original article.
ARTICLE_PAGES = [
    "what-is-ketamine-therapy",
    "how-it-works",
    "benefits",
    "safety",
    "side-effects",
    "summary",
]
#: Pages of prose whose reading level is measured.
PROSE_PAGES = ["index", *ARTICLE_PAGES, "questions", "about"]
MAX_GRADE = 8.0
MAX_SENTENCE_WORDS = 25
MAX_PARAGRAPH_SENTENCES = 4
#: The original's filler and its placeholder "related posts" link texts.
SPAM = [
    "Supplement your study with this suggested external site",
    "We’re dedicated to providing a well-rounded educational experience",
    "We're dedicated to providing a well-rounded educational experience",
    "This is why we recommend this external site",
    "Understand more with this helpful link",
    "Complete your reading by visiting the related posts",
    "Learn more with this related document",
    "Know this",
    "link URL",
]
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z0-9\"“(])")


def page_soup(app: SphinxTestApp, page: str) -> BeautifulSoup:
    return BeautifulSoup(Path(app.outdir, f"{page}.html").read_text("utf-8"), "html.parser")


def prose_blocks(app: SphinxTestApp, page: str) -> list[str]:
    """The page's prose, one string per paragraph or list item."""
    article: Tag = page_soup(app, page).select_one("article")
    for unwanted in article.select(
        "h1, h2, h3, h4, h5, h6, a.headerlink, .toctree-wrapper, ul.related-reading, "
        ".related-ref, p.admonition-title"
    ):
        unwanted.decompose()
    blocks = []
    for block in article.find_all(["p", "li"]):
        if block.name == "li" and block.find("p"):
            continue  # its paragraphs are blocks of their own
        text = " ".join(block.get_text(" ").split())
        text = re.sub(r"\s+([.,;:!?)])", r"\1", text)
        if text:
            blocks.append(text)
    return blocks


def sentences(block: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(block) if s.strip()]


def as_text(blocks: list[str]) -> str:
    return "\n".join(b if b[-1] in ".!?" else f"{b}." for b in blocks)


@pytest.mark.parametrize("page", PROSE_PAGES)
def test_reading_level_is_grade_8_or_lower(docs_html: SphinxTestApp, page: str) -> None:
    text = as_text(prose_blocks(docs_html, page))
    assert len(text.split()) > 40, "too little prose to measure"
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"{page}: Flesch-Kincaid grade {grade}"


@pytest.mark.parametrize("page", PROSE_PAGES)
def test_sentences_and_paragraphs_are_short(docs_html: SphinxTestApp, page: str) -> None:
    for block in prose_blocks(docs_html, page):
        found = sentences(block)
        assert len(found) <= MAX_PARAGRAPH_SENTENCES, f"{page}: {len(found)} sentences: {block}"
        for sentence in found:
            words = len(sentence.split())
            assert words <= MAX_SENTENCE_WORDS, f"{page}: {words} words: {sentence}"


def test_the_measure_sees_long_sentences() -> None:
    long_one = "Word " + " ".join(["word"] * 29) + "."
    assert max(len(s.split()) for s in sentences(f"Short one. {long_one} Another.")) == 30
    assert (
        textstat.flesch_kincaid_grade(
            "Ketamine's pharmacological characteristics necessitate comprehensive "
            "institutional monitoring protocols."
        )
        > MAX_GRADE
    )


def all_pages(app: SphinxTestApp) -> list[Path]:
    pages = sorted(Path(app.outdir).glob("*.html"))
    assert len(pages) >= len(PROSE_PAGES) + 3
    return pages


def test_seed_article_is_where_the_spam_list_came_from() -> None:
    if not SEED.is_file():  # ../shared sits beside the project's CI clone, not on GitHub
        pytest.skip(f"the original article is not at {SEED}")
    seed = SEED.read_text(encoding="utf-8")
    for phrase in SPAM:
        assert phrase in seed or phrase.replace("'", "’") in seed, phrase


def test_no_spam_or_placeholder_links_anywhere(docs_html: SphinxTestApp) -> None:
    for path in all_pages(docs_html):
        text = " ".join(BeautifulSoup(path.read_text("utf-8"), "html.parser").get_text().split())
        for phrase in SPAM:
            assert phrase.lower() not in text.lower(), f"{path.name}: {phrase!r}"


def test_every_link_is_https(docs_html: SphinxTestApp) -> None:
    for path in all_pages(docs_html):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for link in soup.select("a[href]"):
            href = link["href"]
            assert not href.startswith("http:"), f"{path.name}: {href}"
    for source in sorted((REPO / "docs").glob("*.md")):
        assert "http://" not in source.read_text("utf-8"), source.name


@pytest.mark.parametrize("page", ARTICLE_PAGES)
def test_article_pages_list_and_cite_sources(docs_html: SphinxTestApp, page: str) -> None:
    soup = page_soup(docs_html, page)
    listed = soup.select("ul.related-reading li.related-reading-item a.related-title")
    assert listed, f"{page} has no related reading"
    cited = [
        a
        for a in soup.select("article a.reference.internal")
        if "related-ref" in a.get("class", []) and not a.find_parent("ul", class_="related-reading")
    ]
    assert cited, f"{page} cites no source in its text"
    assert all(a["href"].startswith("related-reading.html#rr-entry-") for a in cited)


@pytest.fixture(scope="module")
def conf() -> dict[str, Any]:
    """docs/conf.py's values: the one place the dates, disclaimer and crisis lines are set."""
    return runpy.run_path(str(REPO / "docs" / "conf.py"))


def test_disclaimer_and_crisis_lines_on_every_page(
    docs_html: SphinxTestApp, conf: dict[str, Any]
) -> None:
    substitutions = conf["myst_substitutions"]
    for path in all_pages(docs_html):
        text = " ".join(BeautifulSoup(path.read_text("utf-8"), "html.parser").get_text().split())
        assert conf["handout_disclaimer"] in text, path.name
        for line in conf["handout_crisis_lines"]:
            assert line["text"] in text, f"{path.name}: {line['country']} crisis line"
        assert f"Last checked against sources: {substitutions['last_reviewed']}" in text, path.name
        assert f"Next check due: {substitutions['next_review']}" in text, path.name


def test_sources_are_checked_again_within_a_year(conf: dict[str, Any]) -> None:
    last, due = conf["handout_last_reviewed"], conf["handout_next_review"]
    assert (due.year - last.year, due.month, due.day) == (1, last.month, last.day)


#: Words of the landing page's article, from its title on, that fit one phone screen.
#: Measured: at 390x844 CSS pixels (headless Chromium), furo shows the announcement bar,
#: header, title, subtitle, crisis box, download link and the first two key points, about
#: 120 words of the article; 160 leaves room for one more line or two, not for a new block.
FIRST_SCREEN_WORDS = 160


def words_of(element: Tag) -> str:
    """The element's text as one line; no space before punctuation that follows a link
    (the crisis numbers are tap-to-call links: "call <a>911</a>." reads "call 911.")."""
    return re.sub(r"\s+([.,;:!?)])", r"\1", " ".join(element.get_text(" ").split()))


def test_landing_page_first_screen_says_what_it_is_help_and_download(
    docs_html: SphinxTestApp, conf: dict[str, Any]
) -> None:
    """Before the reader scrolls: crisis help, the download, what ketamine is, not approved."""
    article = page_soup(docs_html, "index").select_one("article")
    assert article is not None
    for permalink in article.select("a.headerlink"):
        permalink.decompose()
    crisis = article.select_one("div.admonition.crisis")
    assert crisis is not None, "no crisis box"
    crisis_text = words_of(crisis)
    for line in conf["handout_crisis_lines"]:
        assert line["text"] in crisis_text, line["country"]
    assert article.select_one("p.handout-download a.handout-download-link[href$='.pdf']")

    words = words_of(article)
    must_see = {
        "crisis help": conf["handout_crisis_lines"][-1]["text"],
        "download": "Download the printable handout",
        "what it is": "Ketamine is a medicine",
        "not approved": "No ketamine medicine is approved to treat PTSD or anxiety.",
    }
    for what, phrase in must_see.items():
        at = words.find(phrase)
        assert at >= 0, f"{what}: {phrase!r} not on the landing page"
        seen = len(words[: at + len(phrase)].split())
        assert seen <= FIRST_SCREEN_WORDS, f"{what} only after {seen} words"

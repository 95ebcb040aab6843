"""Words the handout never publishes: the original article's sales words and its filler.

Checked on all a reader gets: the whole text of every built HTML page (the crisis bar,
footer and sidebars included) and the PDF's text. A failure names the page, and the
file and line where the phrase is typed when it is in a page's source.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from handout_text import fail_on
from pypdf import PdfReader

if TYPE_CHECKING:
    from handout_text import RenderedPages
    from sphinx.testing.util import SphinxTestApp

SEED = REPO.parent / "shared" / "seed" / "000_8c26fc3a364655ba.txt"

#: The original's sales tone (issue 16; claims.md row 12): a handout describes evidence,
#: it does not sell a treatment. ("safe and effective": the usual form of its "safe and
#: well-tolerated".)
SALES_WORDS = ["promising", "path to recovery", "not addictive", "safe and effective"]
#: The original's filler and its placeholder "related posts" link texts.
SPAM = [
    "Supplement your study with this suggested external site",
    "We're dedicated to providing a well-rounded educational experience",
    "This is why we recommend this external site",
    "Understand more with this helpful link",
    "Complete your reading by visiting the related posts",
    "Learn more with this related document",
    "Know this",
    "link URL",
]
BANNED = [*SALES_WORDS, *SPAM]


def normalize(text: str) -> str:
    """One space, straight apostrophes, no ligatures (PDF text has "ﬀ")."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("’", "'").split())


def found(text: str) -> list[tuple[str, str]]:
    """Each banned phrase in ``text`` (in any case), with the words around it."""
    text = normalize(text)
    hits = []
    for phrase in BANNED:
        match = re.search(re.escape(phrase), text, re.IGNORECASE)
        if match:
            hits.append((phrase, text[max(0, match.start() - 40) : match.end() + 40]))
    return hits


def typed_at(phrase: str, srcdir: Path) -> list[str]:
    """Where the pages' sources (or conf.py) spell the phrase: ["docs/summary.md:8"]."""
    return [
        f"{path.relative_to(srcdir.parent).as_posix()}:{number}"
        for path in [*sorted(srcdir.glob("*.md")), srcdir / "conf.py"]
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if phrase.lower() in normalize(line).lower()
    ]


def banned_on_pages(app: SphinxTestApp) -> list[str]:
    problems = []
    for path in sorted(Path(app.outdir).glob("*.html")):
        text = BeautifulSoup(path.read_text("utf-8"), "html.parser").get_text()
        for phrase, context in found(text):
            sources = ", ".join(typed_at(phrase, Path(app.srcdir))) or "not typed in a page"
            problems.append(f"{path.name}: {phrase!r} ({sources}): '…{context}…'")
    return problems


def test_no_banned_phrase_on_any_page(docs_html: SphinxTestApp) -> None:
    assert len(list(Path(docs_html.outdir).glob("*.html"))) >= 10
    fail_on(banned_on_pages(docs_html))


@pytest.mark.latex
def test_no_banned_phrase_in_the_pdf(docs_pdf: tuple[SphinxTestApp, Path]) -> None:
    problems = []
    for number, page in enumerate(PdfReader(docs_pdf[1]).pages, start=1):
        # Words hyphenated at a line end come out as "promis- ing": join them again.
        text = re.sub(r"(\w)-\s+(\w)", r"\1\2", page.extract_text())
        for phrase, context in found(text):
            problems.append(f"PDF page {number}: {phrase!r}: '…{context}…'")
    fail_on(problems)


def test_the_check_finds_a_phrase_with_its_page_and_line(rules_root_text: RenderedPages) -> None:
    (problem,) = banned_on_pages(rules_root_text.app)
    assert problem.startswith("article.html: 'promising' (content-rules/article.md:28): '…")
    assert "It is a promising treatment, said the original." in problem


def test_the_check_finds_a_phrase_across_lines_in_any_case() -> None:
    assert [phrase for phrase, _ in found("A Path  to\nRecovery, and safe and eﬀective.")] == [
        "path to recovery",
        "safe and effective",
    ]


def test_the_spam_list_comes_from_the_original_article() -> None:
    if not SEED.is_file():  # ../shared sits beside the project's CI clone, not on GitHub
        pytest.skip(f"the original article is not at {SEED}")
    seed = normalize(SEED.read_text(encoding="utf-8")).lower()
    assert [phrase for phrase in SPAM if phrase.lower() not in seed] == []

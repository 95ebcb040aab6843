"""What every page shows around its text: crisis lines, the disclaimer and the dates.

On every built HTML page (the generated index, search and 404 pages too): the crisis bar
at the top holds each crisis line's short form; the notice at the foot holds each full
crisis line, the disclaimer, and both dates as ``<time>`` elements. The expected texts are
docs/conf.py's values (the PDF's first and last pages: tests/test_pdf_handout.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup
from handout_text import fail_on

if TYPE_CHECKING:
    from bs4 import Tag
    from sphinx.testing.util import SphinxTestApp

#: Words of the landing page's article, from its title on, that fit one phone screen.
#: Measured: at 390x844 CSS pixels (headless Chromium), furo shows the announcement bar,
#: header, title, subtitle, crisis box, download link and the first two key points, about
#: 120 words of the article; 160 leaves room for one more line or two, not for a new block.
FIRST_SCREEN_WORDS = 160


def words_of(element: Tag) -> str:
    """The element's text as one line; no space before punctuation that follows a link
    (the crisis numbers are tap-to-call links: "call <a>911</a>." reads "call 911.")."""
    return re.sub(r"\s+([.,;:!?)])", r"\1", " ".join(element.get_text(" ").split()))


def missing_furniture(page: Path, conf: dict[str, Any]) -> list[str]:
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    bar, notice = soup.select_one(".announcement-content"), soup.select_one("aside.handout-notice")
    if bar is None or notice is None:
        return [f"{page.name}: no crisis bar (.announcement-content) or notice at the foot"]
    problems = []
    bar_text, notice_text = words_of(bar), words_of(notice)
    for line in conf["handout_words"]["crisis_lines"]:
        if line["short"] not in bar_text:
            problems.append(
                f"{page.name}: the crisis bar lacks {line['country']}: {line['short']!r}"
            )
        if line["text"] not in notice_text:
            problems.append(f"{page.name}: the notice lacks {line['country']}: {line['text']!r}")
    if conf["handout_words"]["disclaimer"] not in notice_text:
        problems.append(f"{page.name}: the notice lacks the disclaimer")
    substitutions = conf["myst_substitutions"]
    for name, day, text in [
        ("handout_last_reviewed", conf["handout_last_reviewed"], substitutions["last_reviewed"]),
        ("handout_next_review", conf["handout_next_review"], substitutions["next_review"]),
    ]:
        time = notice.select_one(f"time[datetime='{day.isoformat()}']")
        if time is None or time.get_text(strip=True) != text:
            problems.append(f"{page.name}: the notice lacks {name}: <time>{text}</time>")
    return problems


def test_every_page_shows_crisis_lines_disclaimer_and_dates(
    docs_html: SphinxTestApp, conf: dict[str, Any]
) -> None:
    pages = sorted(Path(docs_html.outdir).glob("*.html"))
    assert {"index.html", "genindex.html", "search.html", "404.html"} <= {p.name for p in pages}
    fail_on([problem for page in pages for problem in missing_furniture(page, conf)])


def test_the_check_sees_a_missing_crisis_line(
    docs_html: SphinxTestApp, conf: dict[str, Any], tmp_path: Path
) -> None:
    page = tmp_path / "safety.html"
    html = Path(docs_html.outdir, "safety.html").read_text("utf-8")
    page.write_text(html.replace("116 123", "116 124"), "utf-8")
    lines = [line for line in conf["handout_words"]["crisis_lines"] if "116 123" in line["text"]]
    assert lines, "no crisis line has the number this test removes"
    assert missing_furniture(page, conf) == [
        problem
        for line in lines
        for problem in (
            f"safety.html: the crisis bar lacks {line['country']}: {line['short']!r}",
            f"safety.html: the notice lacks {line['country']}: {line['text']!r}",
        )
    ]


def test_review_cycle_is_twelve_months(conf: dict[str, Any]) -> None:
    """Facts on this topic changed twice in 2025 (issue 16): check them every year."""
    last, due = conf["handout_last_reviewed"], conf["handout_next_review"]
    if due != last.replace(year=last.year + 1):
        pytest.fail(
            f"docs/conf.py: handout_next_review is {due}: it must be 12 months after "
            f"handout_last_reviewed ({last}), on {last.replace(year=last.year + 1)}",
            pytrace=False,
        )


def test_landing_page_first_screen_says_what_it_is_help_and_download(
    docs_html: SphinxTestApp, conf: dict[str, Any]
) -> None:
    """Before the reader scrolls: crisis help, the download, what ketamine is, not approved."""
    html = Path(docs_html.outdir, "index.html").read_text("utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article is not None
    for permalink in article.select("a.headerlink"):
        permalink.decompose()
    crisis = article.select_one("div.admonition.crisis")
    assert crisis is not None, "no crisis box"
    crisis_text = words_of(crisis)
    for line in conf["handout_words"]["crisis_lines"]:
        assert line["text"] in crisis_text, line["country"]
    assert article.select_one("p.handout-download a.handout-download-link[href$='.pdf']")

    words = words_of(article)
    must_see = {
        "crisis help": conf["handout_words"]["crisis_lines"][-1]["text"],
        "download": "Download the printable handout",
        "what it is": "Ketamine is a medicine",
        "not approved": "No ketamine medicine is approved to treat PTSD or anxiety.",
    }
    for what, phrase in must_see.items():
        at = words.find(phrase)
        assert at >= 0, f"{what}: {phrase!r} not on the landing page"
        seen = len(words[: at + len(phrase)].split())
        assert seen <= FIRST_SCREEN_WORDS, f"{what} only after {seen} words"

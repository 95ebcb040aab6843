"""Printing a page from the browser: no navigation on paper, and every outside link's URL.

Each page is printed with Chromium's own print path (Playwright's ``page.pdf``) and
read back with pypdf. On paper:

- the skip link, crisis banner, headers, menu, page contents, previous/next links and
  back-to-top button are gone (their text appears nowhere in the PDF);
- the crisis lines and disclaimer of the footer notice are still there;
- every outside (http/https) link in the page's content is followed by its address.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

import pytest
from pypdf import PdfReader

if TYPE_CHECKING:
    from browser.site_server import SiteServer

pytestmark = pytest.mark.browser

#: The parts of a page that only make sense on a screen.
NAVIGATION = [
    ".skip-to-content",
    ".announcement",
    ".mobile-header",
    ".sidebar-drawer",
    ".toc-drawer",
    ".back-to-top",
    ".related-pages",
    ".content-icon-container",
]


def squash(text: str) -> str:
    """Text without any whitespace: a URL broken over two printed lines still matches."""
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def printed(browser: Any, server: SiteServer, pages: list[str]) -> dict[str, dict[str, Any]]:
    """Each page as printed: the PDF's text, and what the page held on screen."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    result = {}
    for name in pages:
        page.goto(server.url(name))
        on_screen = page.evaluate(
            """navigation => ({
                urls: Array.from(document.querySelectorAll("article a[href^='http']"),
                                 (a) => a.getAttribute("href")),
                kept: [document.querySelector("article").innerText,
                       document.querySelector(".handout-notice")?.innerText || ""].join("\\n"),
                navigation: navigation.flatMap((selector) => Array.from(
                    document.querySelectorAll(selector), (e) => e.innerText)),
                notice: document.querySelector(".handout-notice")?.innerText || "",
            })""",
            NAVIGATION,
        )
        page.emulate_media(media="print")
        shown = page.evaluate(
            """navigation => navigation.filter((selector) => Array.from(
                document.querySelectorAll(selector)).some((e) => e.getClientRects().length))""",
            NAVIGATION,
        )
        text = pdf_text(page.pdf(format="Letter", print_background=False))
        page.emulate_media(media="screen")
        result[name] = {**on_screen, "shown_in_print": shown, "text": text}
    context.close()
    return result


def test_printing_hides_the_navigation(printed: dict[str, dict[str, Any]]) -> None:
    problems = []
    for name, page in printed.items():
        if page["shown_in_print"]:
            problems.append(f"{name}: printed with {page['shown_in_print']}")
        kept = squash(page["kept"])
        printed_text = squash(page["text"])
        # Lines that only the navigation has (the article may name the same pages).
        only_navigation = {
            squash(line)
            for block in page["navigation"]
            for line in block.splitlines()
            if len(squash(line)) > 3 and squash(line) not in kept
        }
        leaked = sorted(line for line in only_navigation if line in printed_text)
        if leaked:
            problems.append(f"{name}: navigation text on paper: {leaked[:5]}")
        if not only_navigation:
            problems.append(f"{name}: no navigation text to look for (is the page empty?)")
    assert not problems, "\n".join(problems)


def test_printing_keeps_the_crisis_lines_and_disclaimer(
    printed: dict[str, dict[str, Any]],
) -> None:
    for name, page in printed.items():
        assert page["notice"], f"{name}: no footer notice on screen"
        assert squash(page["notice"]) in squash(page["text"]), f"{name}: notice not printed"


def test_printing_shows_every_outside_link_address(printed: dict[str, dict[str, Any]]) -> None:
    problems = []
    for name, page in printed.items():
        text = squash(page["text"])
        problems += [
            f"{name}: {url} not printed" for url in page["urls"] if squash(url) not in text
        ]
    assert not problems, "\n".join(problems)
    assert any(page["urls"] for page in printed.values()), "no outside links anywhere?"

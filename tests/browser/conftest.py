"""The built site served on 127.0.0.1, and Debian's Chromium driven by Playwright.

Every check here runs over every HTML page found in the built site (``site_pages``),
never a list typed by hand, so new pages are checked as soon as they exist.

Without Chromium (or without ``npm ci`` for axe-core) the browser tests skip with a
message, unless ``HANDOUT_REQUIRE_BROWSER=1`` (CI sets it in ``.ci/run``): then they fail.
"""

from __future__ import annotations

import os
import shutil
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser.site_server import SiteServer, site_pages
from browser.support import AXE, CHROMIUM, CHROMIUM_ARGS, LAPTOP, REPO

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page
    from sphinx.testing.util import SphinxTestApp


def browser_or_skip(message: str) -> None:
    """Skip (or, when the run requires the browser checks, fail) with ``message``."""
    if os.environ.get("HANDOUT_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def site(docs_html: SphinxTestApp) -> Path:
    """The real docs, built once per session (``docs_html`` in tests/conftest.py)."""
    return Path(docs_html.outdir)


@pytest.fixture(scope="session")
def pages(site: Path) -> list[str]:
    """Every page of the built site: ``index.html``, ``glossary.html``, ..."""
    found = site_pages(site)
    assert "index.html" in found, f"no index.html in {site}: {found}"
    return found


# The server and the browser live for one test file, not the whole session: a later
# Sphinx build in the same process (another test file; sphinx-sitemap forks a
# multiprocessing manager) must not fork while their threads are running.


@pytest.fixture(scope="module")
def server(site: Path, docs_html: SphinxTestApp) -> Iterator[SiteServer]:
    """The built site on http://127.0.0.1:<free port>/<path>/, gzip as static hosts serve it.

    ``<path>`` is the path of ``html_baseurl`` ("/ketamine-handout/" on GitHub Pages), so
    that links written as absolute paths (the 404 page's) resolve as they do when published.
    """
    prefix = urllib.parse.urlsplit(docs_html.config.html_baseurl).path or "/"
    with SiteServer(site, prefix=prefix) as running:
        yield running


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[Browser]:
    """Debian's Chromium, headless, one per test file; started after the site is built."""
    if shutil.which(CHROMIUM) is None:
        browser_or_skip(
            f"Chromium not found at {CHROMIUM}: `sudo apt-get install chromium` "
            "(or set HANDOUT_CHROMIUM) to run the browser checks"
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, to inject into each page."""
    if not AXE.is_file():
        browser_or_skip(f"{AXE} not found: run `npm ci` in {REPO} to run the axe-core checks")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Any]:
    """``open_page(viewport=..., color_scheme=...)``: a fresh page; closed after the test."""
    contexts = []

    def make(**options: Any) -> Page:
        options.setdefault("viewport", LAPTOP)
        options.setdefault("reduced_motion", "reduce")  # no half-finished slide-ins
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()

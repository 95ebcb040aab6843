"""Every internal link and anchor in the built site resolves, as served over HTTP.

The crawl starts from every page of the built site (orphans included) and follows each
``href``/``src`` on the same host, and each ``url()`` in the stylesheets it loads: every
one must answer 200, and every ``#fragment`` must name an ``id`` on the page it points to.
External links are not fetched (tests never use the internet; ``nox -s linkcheck`` does).
No browser needed: plain HTTP against the same server the browser checks use.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from browser.site_server import SiteServer

#: Attributes that make the browser fetch or go somewhere.
LINK_ATTRIBUTES = {
    "a": "href",
    "area": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "form": "action",
}
CSS_URL = re.compile(r"""url\(\s*['"]?(?P<url>[^'")\s]+)""")


@dataclass
class Crawl:
    server: SiteServer
    fetched: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    external: set[str] = field(default_factory=set)

    def fetch(self, url: str) -> tuple[int, str, bytes]:
        if url not in self.fetched:
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    self.fetched[url] = (
                        response.status,
                        response.headers["Content-Type"],
                        response.read(),
                    )
            except urllib.error.HTTPError as error:
                self.fetched[url] = (error.code, "", b"")
        return self.fetched[url]

    def anchors(self, url: str) -> set[str]:
        """Every ``id`` (and old-style ``<a name>``) on an HTML page."""
        if url not in self.ids:
            _status, _ctype, body = self.fetch(url)
            soup = BeautifulSoup(body, "html.parser")
            names = {tag["id"] for tag in soup.find_all(id=True)}
            names |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
            self.ids[url] = {str(name) for name in names}
        return self.ids[url]

    def links_in(self, url: str, ctype: str, body: bytes) -> list[str]:
        if ctype.startswith("text/css"):
            found = [m["url"] for m in CSS_URL.finditer(body.decode("utf-8"))]
            return [link for link in found if not link.startswith("data:")]
        if not ctype.startswith("text/html"):
            return []
        soup = BeautifulSoup(body, "html.parser")
        found = []
        for tag, attribute in LINK_ATTRIBUTES.items():
            found += [
                str(element[attribute]) for element in soup.find_all(tag, attrs={attribute: True})
            ]
        return found

    def run(self, start: list[str]) -> None:
        queue = list(start)
        seen = set(queue)
        while queue:
            url = queue.pop(0)
            status, ctype, body = self.fetch(url)
            if status != 200:
                continue  # reported where it is linked from (or below, for a start page)
            for link in self.links_in(url, ctype, body):
                target = urllib.parse.urljoin(url, link)
                parsed = urllib.parse.urlsplit(target)
                if parsed.scheme not in ("http", "https"):
                    continue  # tel:, sms:, mailto:
                if parsed.netloc != urllib.parse.urlsplit(self.server.base).netloc:
                    self.external.add(target)
                    continue
                page = urllib.parse.urlunsplit(parsed._replace(fragment=""))
                where = f"{self.short(url)} → {link}"
                target_status, target_type, _ = self.fetch(page)
                if target_status != 200:
                    self.problems.append(f"{where}: HTTP {target_status}")
                    continue
                fragment = urllib.parse.unquote(parsed.fragment)
                html = target_type.startswith("text/html")
                if fragment and html and fragment not in self.anchors(page):
                    self.problems.append(f"{where}: no id {fragment!r} on {self.short(page)}")
                if page not in seen:
                    seen.add(page)
                    queue.append(page)

    def short(self, url: str) -> str:
        return url.removeprefix(self.server.base) or "/"


@pytest.fixture(scope="module")
def crawl(server: SiteServer, pages: list[str]) -> Crawl:
    crawl = Crawl(server)
    start = [server.url(page) for page in pages]
    crawl.run(start)
    for url in start:
        if crawl.fetch(url)[0] != 200:
            crawl.problems.append(f"{crawl.short(url)}: HTTP {crawl.fetch(url)[0]}")
    return crawl


def test_every_internal_link_and_anchor_resolves(crawl: Crawl) -> None:
    assert not crawl.problems, "Broken internal links:\n" + "\n".join(crawl.problems)


def test_the_crawl_covers_the_site(crawl: Crawl, pages: list[str], server: SiteServer) -> None:
    """The crawl reached every page, the stylesheets and scripts, and real anchors."""
    fetched = {
        crawl.short(urllib.parse.urlsplit(url)._replace(query="").geturl()) for url in crawl.fetched
    }
    assert set(pages) <= fetched
    assert any(url.endswith(".css") for url in fetched)
    assert any(url.endswith(".js") for url in fetched)
    # Anchors were checked on pages that have them (the citations in running text).
    assert sum(len(ids) for ids in crawl.ids.values()) > len(pages)


def test_the_crawl_catches_a_missing_anchor_and_page(server: SiteServer) -> None:
    """The checker itself fails on a broken fragment and on a missing page."""
    crawl = Crawl(server)
    index = server.url("index.html")
    crawl.fetched[index] = (
        200,
        "text/html; charset=utf-8",
        b'<a href="glossary.html#no-such-term">x</a><a href="no-such-page.html">y</a>',
    )
    crawl.run([index])
    assert any("no id 'no-such-term'" in problem for problem in crawl.problems)
    assert any("no-such-page.html: HTTP 404" in problem for problem in crawl.problems)


def test_every_page_names_an_icon_that_resolves(crawl: Crawl, server: SiteServer) -> None:
    """Without ``<link rel="icon">`` a browser asks for /favicon.ico at the root of the
    host, outside a site published under a path: a 404 in every reader's console, and
    Lighthouse's "best practices" below 1.0. Checked here, not by chance in a browser."""
    problems = []
    for url, (status, ctype, body) in sorted(crawl.fetched.items()):
        if status != 200 or not ctype.startswith("text/html"):
            continue
        soup = BeautifulSoup(body, "html.parser")
        icons = [link for link in soup.find_all("link", href=True) if "icon" in link.get("rel", [])]
        if not icons:
            problems.append(f"{crawl.short(url)}: no <link rel=icon>")
        for icon in icons:
            target = urllib.parse.urljoin(url, str(icon["href"]))
            if crawl.fetch(target)[0] != 200:
                problems.append(f"{crawl.short(url)}: icon {icon['href']} does not load")
    assert not problems, "\n".join(problems)

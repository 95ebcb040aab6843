"""Every builtin builder copes with the extension's output; linkcheck sees every source."""

from __future__ import annotations

import http.server
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, build_app, copy_root
from helpers import local_http_server, soup, squash, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.testing.util import SphinxTestApp

FEDER = "https://doi.org/10.1001/jamapsychiatry.2014.62"


@pytest.mark.parametrize(
    "buildername",
    ["dirhtml", "singlehtml", "epub", "text", "man", "texinfo", "xml", "pseudoxml", "gettext"],
)
def test_builder_runs_cleanly(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, buildername: str
) -> None:
    app = make_app(buildername, srcdir=ROOTS / "test-basic", builddir=tmp_path)
    app.build()
    assert warnings_of(app) == []
    outputs = [path for path in Path(app.outdir).rglob("*") if path.is_file()]
    assert outputs
    if buildername in {"text", "man", "texinfo", "xml", "pseudoxml"}:
        text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in outputs)
        text = text.replace("\\:", "").replace("\\%", "")  # roff's break points in man pages
        # The appendix survives in every format: the URL and the back references.
        assert FEDER in text
        assert "Monitoring" in text


@pytest.mark.sphinx("epub", testroot="basic", freshenv=True)
def test_epub_prints_each_entry_url_after_its_title(app: SphinxTestApp) -> None:
    """An e-book reader may not follow links: Sphinx's epub builder prints an external
    link's URL after it (``epub_show_urls``). It must see the appendix's title links as
    the standard references they are, whatever HTML gets."""
    app.build()
    appendix = BeautifulSoup(
        Path(app.outdir, "related-reading.xhtml").read_text(encoding="utf-8"), "html.parser"
    )
    entry = appendix.select_one("li#rr-entry-feder-2014")
    assert entry is not None
    shown = entry.select_one("p.related-entry-title span.link-target")
    assert shown is not None
    assert FEDER in shown.get_text()


@pytest.mark.sphinx("text", testroot="basic", freshenv=True)
def test_text_builder_shows_numbers(app: SphinxTestApp) -> None:
    app.build()
    page = squash(Path(app.outdir, "how-it-works.txt").read_text(encoding="utf-8"))
    assert "A small trial found a benefit [2]." in page
    appendix = squash(Path(app.outdir, "related-reading.txt").read_text(encoding="utf-8"))
    assert "Cited in: How it works › Evidence 2; How it works › Related reading" in appendix


@pytest.mark.sphinx("dirhtml", testroot="basic", freshenv=True)
def test_dirhtml_export_uses_directory_urls(app: SphinxTestApp) -> None:
    app.build()
    data = json.loads(Path(app.outdir, "related-reading.json").read_text(encoding="utf-8"))
    assert data["appendix"] == "related-reading/"
    assert data["entries"][0]["places"][0]["url"] == "how-it-works/#rr-cite-nimh-1"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self.send_response(200 if self.path == "/good" else 404)
        self.end_headers()

    def do_GET(self) -> None:
        self.do_HEAD()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[int]:
    with local_http_server(_Handler) as port:
        yield port


def test_linkcheck_sees_every_source(tmp_path: Path, local_server: int) -> None:
    srcdir = copy_root("linkcheck", tmp_path)
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace("PORT", str(local_server)), encoding="utf-8")
    app = build_app("linkcheck", srcdir, freshenv=True)
    results = [
        json.loads(line)
        for line in Path(app.outdir, "output.json").read_text(encoding="utf-8").splitlines()
    ]
    status = {r["uri"]: r["status"] for r in results}
    base = f"http://127.0.0.1:{local_server}"
    assert status[f"{base}/good"] == "working"
    assert status[f"{base}/missing"] == "broken"
    assert sorted(uri for uri in status if uri.startswith("http")) == [
        f"{base}/good",
        f"{base}/missing",
    ]


def test_linkcheck_reports_a_broken_source_where_it_is_listed(
    tmp_path: Path, local_server: int
) -> None:
    """Issue 17, defect 8: linkcheck named the appendix, not the list."""
    srcdir = copy_root("linkcheck", tmp_path)
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace("PORT", str(local_server)), encoding="utf-8")
    app = build_app("linkcheck", srcdir, freshenv=True)
    lines = Path(app.outdir, "output.json").read_text(encoding="utf-8").splitlines()
    results = {r["uri"]: r for r in map(json.loads, lines)}
    missing = results[f"http://127.0.0.1:{local_server}/missing"]
    assert (missing["status"], missing["filename"], missing["lineno"]) == ("broken", "index.md", 7)


def test_a_place_moved_by_another_extension_is_still_rendered(tmp_path: Path) -> None:
    """Another extension may replace the nodes the extension marked (here with copies)
    after the page is read: every list item still gets its forward link."""
    srcdir = copy_root("basic", tmp_path)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            "\n\ndef _copy_titles(app, doctree):\n"
            "    for node in list(doctree.findall(lambda n: 'related-title' in "
            "getattr(n, 'get', lambda *a: [])('classes', []))):\n"
            "        node.replace_self(node.deepcopy())\n\n\n"
            "def setup(app):\n"
            "    app.connect('doctree-read', _copy_titles)\n"
        )
    app = build_app("html", srcdir, freshenv=True)
    assert warnings_of(app) == []
    items = soup(app, "safety").select("ul.related-reading li")
    assert len(items) == 2
    for item in items:  # every list item still has its forward link into the appendix
        forward = item.select_one("a.related-ref")
        assert forward is not None
        assert forward["href"].startswith("related-reading.html#rr-entry-")


@pytest.mark.sphinx("singlehtml", testroot="basic", freshenv=True)
def test_singlehtml_links_land_on_their_places(app: SphinxTestApp) -> None:
    """Issue 17, defect 10: links were "#document-appendix#rr-entry-..." (two fragments),
    and places on different pages had the same id in the one page."""
    app.build()
    assert warnings_of(app) == []
    page = BeautifulSoup(Path(app.outdir, "index.html").read_text("utf-8"), "html.parser")
    forward = page.select("a.related-ref")
    assert len(forward) == 10  # 5 citations and 5 list items
    for link in forward:
        assert re.fullmatch(r"#rr-entry-[a-z0-9-]+", link["href"]), link["href"]
        assert len(page.select(f"[id='{link['href'][1:]}']")) == 1
    back = page.select("p.related-entry-places a")
    assert len(back) == 10
    for link in back:
        node_id = link["href"].removeprefix("#")
        (target,) = page.select(f"[id='{node_id}']")
        document = target.find_previous("span", id=re.compile("^document-"))["id"]
        assert node_id.startswith(f"{document}-rr-"), (node_id, document)
        entry = link.find_parent("li")["id"]
        cites = target.name == "a" and "related-title" not in target["class"]
        forwards = [target] if cites else target.find_parent("p").select("a")
        assert f"#{entry}" in [a["href"] for a in forwards]


@pytest.mark.sphinx("text", testroot="basic", freshenv=True)
def test_text_prints_every_url_whole_and_numbers_entries_as_the_links_do(
    app: SphinxTestApp,
) -> None:
    """Issue 17, defect 12: URLs were wrapped at hyphens and entries numbered "1."."""
    app.build()
    lines = Path(app.outdir, "related-reading.txt").read_text("utf-8").splitlines()
    for url in (
        FEDER,
        "https://www.nimh.nih.gov/news/science-updates/2023/cracking-the-ketamine-code",
    ):
        assert any(line.strip() == url for line in lines), url
    numbers = [
        line.split()[0] for line in lines if re.match(r"\S", line) and line[0] in "[0123456789"
    ]
    assert numbers == ["[1]", "[2]", "[3]", "[4]"]
    page = Path(app.outdir, "how-it-works.txt").read_text("utf-8")
    assert "A small trial found a benefit [2]." in squash(page)


@pytest.mark.sphinx("html", testroot="unused", freshenv=True)
def test_loaded_but_unused_it_adds_nothing_to_the_site(app: SphinxTestApp) -> None:
    """Issue 17, defect 13: every page linked the stylesheet, and an empty JSON was written."""
    app.build()
    assert warnings_of(app) == []
    for page in ("index", "other"):
        assert "related-reading" not in Path(app.outdir, f"{page}.html").read_text("utf-8")
    assert not Path(app.outdir, "related-reading.json").exists()
    assert not Path(app.outdir, "_static", "related-reading.css").exists()


@pytest.mark.sphinx("latex", testroot="unused", freshenv=True)
def test_loaded_but_unused_it_adds_nothing_to_the_pdf(app: SphinxTestApp) -> None:
    app.build()
    assert "sphinxrelatedreading" not in Path(app.outdir, "unused.tex").read_text("utf-8")
    assert not Path(app.outdir, "sphinxrelatedreading.sty").exists()

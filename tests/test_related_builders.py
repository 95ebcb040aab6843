"""Every builtin builder copes with the extension's output; linkcheck sees every source."""

from __future__ import annotations

import gc
import http.server
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from conftest import build_app, copy_root
from docutils import nodes
from helpers import local_http_server, soup, squash, warnings_of
from sphinx import addnodes

from related_reading import transforms
from related_reading.domain import get_domain
from related_reading.nodes import (
    related_backlinks,
    related_citation,
    related_entry,
    related_forward,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.testing.util import SphinxTestApp

FEDER = "https://doi.org/10.1001/jamapsychiatry.2014.62"


@pytest.mark.parametrize(
    "buildername",
    ["dirhtml", "singlehtml", "epub", "text", "man", "texinfo", "xml", "pseudoxml", "gettext"],
)
def test_builder_runs_cleanly(built: Callable[..., SphinxTestApp], buildername: str) -> None:
    app = built("basic", buildername, freshenv=True)
    assert warnings_of(app) == []
    outputs = [path for path in Path(app.outdir).rglob("*") if path.is_file()]
    assert outputs
    if buildername in {"text", "man", "texinfo", "xml", "pseudoxml"}:
        text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in outputs)
        text = text.replace("\\:", "").replace("\\%", "")  # roff's break points in man pages
        # The appendix survives in every format: the URL and the back references.
        assert FEDER in text
        assert "Monitoring" in text


def test_epub_prints_each_entry_url_after_its_title(built: Callable[..., SphinxTestApp]) -> None:
    """An e-book reader may not follow links: Sphinx's epub builder prints an external
    link's URL after it (``epub_show_urls``). It must see the appendix's title links as
    the standard references they are, whatever HTML gets."""
    app = built("basic", "epub", freshenv=True)
    appendix = BeautifulSoup(
        Path(app.outdir, "related-reading.xhtml").read_text(encoding="utf-8"), "html.parser"
    )
    entry = appendix.select_one("li#rr-entry-feder-2014")
    assert entry is not None
    shown = entry.select_one("p.related-entry-title span.link-target")
    assert shown is not None
    assert FEDER in shown.get_text()


def test_text_builder_shows_numbers(built: Callable[..., SphinxTestApp]) -> None:
    app = built("basic", "text", freshenv=True)
    page = squash(Path(app.outdir, "how-it-works.txt").read_text(encoding="utf-8"))
    assert "A small trial found a benefit [2]." in page
    appendix = squash(Path(app.outdir, "related-reading.txt").read_text(encoding="utf-8"))
    assert "Cited in: How it works › Evidence 2; How it works › Related reading" in appendix


def test_dirhtml_export_uses_directory_urls(built: Callable[..., SphinxTestApp]) -> None:
    app = built("basic", "dirhtml", freshenv=True)
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


def _written(app: SphinxTestApp, node: nodes.Node) -> str:
    """What the builder's own translator writes for ``node`` (its body only)."""
    translator = app.builder.create_translator(node.document, app.builder)
    node.walkabout(translator)
    if hasattr(translator, "states"):  # the text writer keeps its output in states
        # (inline text is a string, a finished block a list of lines)
        return squash(
            "".join(
                text if isinstance(text, str) else " ".join(text) + " "
                for _indent, text in translator.states[-1]
            )
        )
    return "".join(translator.body)


def _written_both_ways(
    app: SphinxTestApp,
    found: list[related_backlinks] | list[related_forward] | list[related_entry],
) -> list[str]:
    """Write each node directly and as its standard expansion; both must agree."""
    written = []
    for node in found:
        expanded = nodes.inline("", "", *node.expand())
        node.parent.append(expanded)  # same place in the tree, for the writer
        direct = _written(app, node)
        standard = _written(app, expanded)
        expanded.parent.remove(expanded)
        assert direct
        assert standard == (f"<span>{direct}</span>" if app.builder.format == "html" else direct)
        written.append(direct)
    return written


@pytest.mark.parametrize("buildername", ["html", "text"])
def test_one_node_links_write_what_their_standard_nodes_would(
    built: Callable[..., SphinxTestApp], buildername: str
) -> None:
    """Forward links, appendix entries and their back links are one node each in HTML (a
    speed measure) and that changes nothing in the output: HTML writes them directly,
    other writers walk their standard expansion."""
    html = built("basic", "html", freshenv=True)
    appendix = html.env.get_and_resolve_doctree("related-reading", html.builder, tags=html.tags)
    page = html.env.get_and_resolve_doctree("how-it-works", html.builder, tags=html.tags)
    entries = list(appendix.findall(related_entry))
    assert len(entries) == 4  # the basic root's sources
    assert not list(appendix.findall(nodes.list_item))  # nothing else in the list
    forwards = list(page.findall(related_forward))
    assert any(again for node in entries for _uri, _text, again in node["links"])
    assert any(node.get("reftitle") for node in forwards)  # citations
    assert any(not node.get("reftitle") for node in forwards)  # list items
    # Back links on their own, as writers other than HTML meet them in an entry.
    backlinks = [related_backlinks(links=entry["links"]) for entry in entries]
    appendix += nodes.paragraph("", "", *backlinks)
    app = html if buildername == "html" else built("basic", buildername, freshenv=True)
    for doctree in (appendix, page):
        doctree.settings = html.builder.docsettings  # type: ignore[attr-defined]

    back = " ".join(_written_both_ways(app, backlinks))
    forward = " ".join(_written_both_ways(app, forwards))
    listing = entries[0].parent
    if buildername == "html":
        assert (
            'Evidence</a> <a class="related-backref related-again reference internal" '
            'href="how-it-works.html#rr-cite-feder-2014-2">2</a>; '
        ) in back
        assert (
            '<a class="related-ref reference internal" '
            'href="related-reading.html#rr-entry-feder-2014" id="rr-cite-feder-2014-1" '
            'title="Efficacy of Intravenous Ketamine for Treatment of Chronic PTSD">[2]</a>'
        ) in forward
        written = "".join(_written_both_ways(app, entries))
        assert written.count("<li ") == written.count("</li>") == 4
        assert (
            '<li class="related-entry" id="rr-entry-feder-2014"><p class="related-entry-title">'
            f'<a class="reference external" href="{FEDER}">'
            "Efficacy of Intravenous Ketamine for Treatment of Chronic PTSD</a> \u2014 "
        ) in written
        assert '</p>\n<p class="related-entry-places no-search">Cited in: <a ' in written
    else:
        assert "How it works › Evidence 2; How it works › Related reading" in back
        assert "[2]" in forward
        # The whole list, its entries as they are and as their expansion: the same text.
        direct = _written(app, listing)
        for entry in entries:
            entry.replace_self(entry.expand())
        assert _written(app, listing) == direct
        assert "Efficacy of Intravenous Ketamine for Treatment of Chronic PTSD" in direct
        assert "Cited in: How it works › Evidence 2; How it works › Related reading" in direct


def _count_walks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents whose whole tree the extension walks, in the order walked."""
    walked: list[str] = []
    real = transforms._find_ours

    def counting(root: nodes.Node) -> list[nodes.Element]:
        walked.append(root["source"])
        return real(root)

    monkeypatch.setattr(transforms, "_find_ours", counting)
    return walked


def test_html_finds_places_by_their_ids_without_walking(
    built: Callable[..., SphinxTestApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing HTML, each page's places are looked up by the ids given when it was read:
    the tree is walked once per page, when reading, and not again when writing."""
    walked = _count_walks(monkeypatch)
    app = built("basic", "html", freshenv=True)
    assert warnings_of(app) == []
    assert len(walked) == len(app.env.found_docs) == 4
    assert len(set(walked)) == 4


def test_a_place_moved_by_another_extension_is_still_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If another extension replaces a place after it was read (here with a copy), its id
    no longer leads to it in the tree: the extension notices and walks the tree instead."""
    srcdir = copy_root("basic", tmp_path)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            "\n\ndef _copy_titles(app, doctree):\n"
            "    for node in list(doctree.findall(lambda n: 'related_identity' in getattr(n, "
            "'attributes', {}))):\n"
            "        node.replace_self(node.deepcopy())\n\n\n"
            "def setup(app):\n"
            "    app.connect('doctree-read', _copy_titles)\n"
        )
    walked = _count_walks(monkeypatch)
    app = build_app("html", srcdir, freshenv=True)
    assert warnings_of(app) == []
    assert len(walked) > len(app.env.found_docs)  # read, then writing fell back to walking
    page = (app.outdir / "safety.html").read_text(encoding="utf-8")
    items = soup(app, "safety").select("ul.related-reading li")
    assert len(items) == 2
    for item in items:  # every list item still has its forward link into the appendix
        forward = item.select_one("a.related-ref")
        assert forward is not None, page
        assert forward["href"].startswith("related-reading.html#rr-entry-")


def test_stored_places_are_not_tracked_by_the_garbage_collector(
    built: Callable[..., SphinxTestApp],
) -> None:
    """Places are kept as plain tuples of strings and numbers, which CPython's cyclic
    garbage collector stops tracking: its full collections visit every tracked object,
    and a large site has thousands of places (see ``records``)."""
    app = built("basic", "html", freshenv=True)
    domain = get_domain(app.env)
    gc.collect()
    stored = list(domain.records.values())
    assert sum(len(rows) for rows in stored) >= 8
    assert not any(gc.is_tracked(rows) or any(map(gc.is_tracked, rows)) for rows in stored)
    entries = domain.catalogue.entries
    assert entries
    assert not any(gc.is_tracked(entry.place_rows) for entry in entries)
    # The catalogue shares the stored rows instead of copying them.
    stored_ids = {id(row) for rows in stored for row in rows}
    assert all(id(row) in stored_ids for entry in entries for row in entry.place_rows)


def test_citations_stay_small_until_their_page_is_written(
    built: Callable[..., SphinxTestApp],
) -> None:
    """A page read is kept in memory until it is written, so a citation is a leaf node
    that holds only its key and its anchor, not a ``pending_xref`` with docutils' five
    attribute lists and a text child. Code that expects those lists still finds them."""
    app = built("basic", "html", freshenv=True)
    doctree = app.env.get_doctree("how-it-works")  # as read and pickled, not yet rendered
    citations = list(doctree.findall(related_citation))
    assert [node["key"] for node in citations].count("feder-2014") == 2
    for node in citations:
        key = node["key"]
        assert node.children == []
        assert node.attributes == {"key": key, "ids": [node["ids"][0]]}
        assert node["ids"][0].startswith(f"rr-cite-{key}-")
        assert node.astext() == key
    node = citations[0]
    assert node.get("classes") is None
    node["classes"].append("extra")  # made when first used, and kept
    assert node["classes"] == ["extra"]
    assert node.attributes["classes"] == ["extra"]
    with pytest.raises(KeyError):
        node["no-such-attribute"]
    assert not list(doctree.findall(addnodes.pending_xref))


@pytest.mark.parametrize("buildername", ["html", "text"])
def test_a_citation_nothing_rendered_is_written_as_its_key(
    built: Callable[..., SphinxTestApp], buildername: str
) -> None:
    """Every citation is rendered before writing; should another extension bring one in
    later, writers show its key instead of failing on an unknown node."""
    html = built("basic", "html", freshenv=True)
    doctree = html.env.get_doctree("how-it-works")
    doctree.settings = html.builder.docsettings  # type: ignore[attr-defined]
    app = html if buildername == "html" else built("basic", buildername, freshenv=True)
    for citation in doctree.findall(related_citation):
        assert _written(app, citation).endswith(
            citation["key"] + ("</span>" if app is html else "")
        )

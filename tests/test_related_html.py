"""related_reading in HTML: forward links, one appendix entry per source, back links, export."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import build_app, copy_root
from helpers import soup, squash, warnings_of
from sphinx.util.inventory import InventoryFile

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

FEDER = "https://doi.org/10.1001/jamapsychiatry.2014.62"
NIMH = "https://www.nimh.nih.gov/news/science-updates/2023/cracking-the-ketamine-code"
VA = "https://www.ptsd.va.gov/understand_tx/meds_for_ptsd.asp"
ABDALLAH = "https://doi.org/10.1038/s41386-022-01266-9"
FEDER_TITLE = "Efficacy of Intravenous Ketamine for Treatment of Chronic PTSD"


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    return build_app("html", copy_root("basic", tmp_path_factory.mktemp("html")), freshenv=True)


def appendix_entries(app: SphinxTestApp) -> list:
    return soup(app, "related-reading").select("ol.related-reading-appendix > li")


def test_builds_without_warnings(basic: SphinxTestApp) -> None:
    assert warnings_of(basic) == []


def test_each_source_appears_once_in_reading_order(basic: SphinxTestApp) -> None:
    urls = [li.select_one("p.related-entry-title a")["href"] for li in appendix_entries(basic)]
    # First appearance in the toctree's order: how-it-works (nimh, feder, abdallah), then safety.
    assert urls == [NIMH, FEDER, ABDALLAH, VA]


def test_entry_shows_title_link_and_annotation(basic: SphinxTestApp) -> None:
    entry = soup(basic, "related-reading").select_one("li#rr-entry-feder-2014")
    assert entry is not None
    title = entry.select_one("p.related-entry-title")
    link = title.select_one("a.reference.external")
    assert link["href"] == FEDER
    assert (
        squash(link.get_text()) == "Efficacy of Intravenous Ketamine for Treatment of Chronic PTSD"
    )
    # The first list that names the URL gives the annotation.
    assert squash(title.get_text()).endswith("— JAMA Psychiatry, 2014")
    # The title is the link; the URL itself is printed only where readers cannot click.
    assert entry.select_one("p.related-entry-url") is None


def test_back_links_reach_every_place_by_page_and_section(basic: SphinxTestApp) -> None:
    entry = soup(basic, "related-reading").select_one("li#rr-entry-feder-2014")
    links = [(squash(a.get_text()), a["href"]) for a in entry.select("p.related-entry-places a")]
    assert links == [
        ("How it works › Evidence", "how-it-works.html#rr-cite-feder-2014-1"),
        ("2", "how-it-works.html#rr-cite-feder-2014-2"),
        ("How it works › Related reading", "how-it-works.html#rr-list-feder-2014-1"),
        ("Safety › Monitoring", "safety.html#rr-cite-feder-2014-1"),
        (
            "Safety › Related reading",
            "safety.html#rr-list-doi-org-10-1001-jamapsychiatry-2014-62-11c5e8-1",
        ),
    ]


def test_search_finds_entries_by_what_they_say_not_by_who_cites_them(
    basic: SphinxTestApp,
) -> None:
    index_js = (basic.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(index_js.removeprefix("Search.setIndex(").removesuffix(")"))
    appendix = index["docnames"].index("related-reading")

    def pages_with(word: str) -> set[int]:
        pages: set[int] = set()
        for kind in ("terms", "titleterms"):
            found = index[kind].get(word, [])
            pages |= {found} if isinstance(found, int) else set(found)
        return pages

    # The entry's own words are searchable on the appendix page...
    assert appendix in pages_with("intraven")
    # ...but "Safety › Monitoring", a back link's label, is not what the page is about.
    assert index["docnames"].index("safety") in pages_with("monitor")
    assert appendix not in pages_with("monitor")


def test_entries_are_in_the_inventory_but_not_search_results(basic: SphinxTestApp) -> None:
    """Other projects can link to entries through intersphinx (``objects.inv``); the
    search index does not list them as objects, since their words are already found on
    the appendix page and on every page that lists them."""
    with (basic.outdir / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", posixpath.join)
    entries = inventory["related:entry"]
    assert entries["feder-2014"].uri == "related-reading.html#rr-entry-feder-2014"
    assert len(entries) == 4  # the basic root's sources
    index_js = (basic.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(index_js.removeprefix("Search.setIndex(").removesuffix(")"))
    assert "related" not in json.dumps(index["objnames"])
    assert "feder-2014" not in json.dumps(index["objects"])


def test_every_back_link_lands_on_an_element_with_that_id(basic: SphinxTestApp) -> None:
    for a in soup(basic, "related-reading").select("p.related-entry-places a"):
        page, _, anchor = a["href"].partition("#")
        target = soup(basic, page.removesuffix(".html")).find(id=anchor)
        assert target is not None, a["href"]
        # ...and that place links forward to this very entry: a citation is the link
        # itself; a list item's anchor is on its title, whose paragraph ends with the link.
        entry = a.find_parent("li")["id"]
        forward = (
            [target]
            if target.name == "a" and "related-title" not in target.get("class", [])
            else target.find_parent("p").select("a.reference.internal")
        )
        assert f"related-reading.html#{entry}" in [link["href"] for link in forward]


def test_citations_link_forward_with_entry_number(basic: SphinxTestApp) -> None:
    page = soup(basic, "how-it-works")
    cites = [
        (squash(a.get_text()), a["href"], a.get("title"))
        for a in page.select("section#evidence > p a.reference.internal")
    ]
    feder_title = "Efficacy of Intravenous Ketamine for Treatment of Chronic PTSD"
    assert cites == [
        ("[2]", "related-reading.html#rr-entry-feder-2014", feder_title),
        ("[3]", "related-reading.html#rr-entry-abdallah", "Dose-related effects of ketamine"),
        ("[2]", "related-reading.html#rr-entry-feder-2014", feder_title),
    ]


def test_list_stays_in_place_with_forward_links(basic: SphinxTestApp) -> None:
    items = soup(basic, "safety").select("ul.related-reading li.related-reading-item")
    assert [squash(li.get_text()) for li in items] == [
        "Medications for PTSD — U.S. Department of Veterans Affairs [4]",
        "Efficacy of Intravenous Ketamine for Treatment of Chronic PTSD — JAMA Psychiatry [2]",
    ]
    forward = [li.select("a.reference.internal")[-1]["href"] for li in items]
    assert forward == [
        "related-reading.html#rr-entry-ptsd-va-gov-understand-tx-meds-for-ptsd-1b9d8f",
        "related-reading.html#rr-entry-feder-2014",
    ]


def test_json_export_lists_every_entry_and_place(basic: SphinxTestApp) -> None:
    data = json.loads(Path(basic.outdir, "related-reading.json").read_text(encoding="utf-8"))
    assert data["appendix"] == "related-reading.html"
    assert [e["url"] for e in data["entries"]] == [NIMH, FEDER, ABDALLAH, VA]
    feder = data["entries"][1]
    assert feder["key"] == "feder-2014"
    assert feder["title"] == "Efficacy of Intravenous Ketamine for Treatment of Chronic PTSD"
    assert feder["annotation"] == "JAMA Psychiatry, 2014"
    assert feder["appendix_url"] == "related-reading.html#rr-entry-feder-2014"
    assert [(p["kind"], p["page_title"], p["section"], p["url"]) for p in feder["places"]] == [
        ("cite", "How it works", "Evidence", "how-it-works.html#rr-cite-feder-2014-1"),
        ("cite", "How it works", "Evidence", "how-it-works.html#rr-cite-feder-2014-2"),
        ("list", "How it works", "Related reading", "how-it-works.html#rr-list-feder-2014-1"),
        ("cite", "Safety", "Monitoring", "safety.html#rr-cite-feder-2014-1"),
        (
            "list",
            "Safety",
            "Related reading",
            "safety.html#rr-list-doi-org-10-1001-jamapsychiatry-2014-62-11c5e8-1",
        ),
    ]
    # Every key that can cite an entry is exported, the canonical one first.
    assert feder["keys"][0] == "feder-2014"
    assert "doi-org-10-1001-jamapsychiatry-2014-62-11c5e8" in feder["keys"]


def test_stylesheet_is_shipped_to_the_pages_that_show_related_reading(
    basic: SphinxTestApp,
) -> None:
    assert Path(basic.outdir, "_static", "related-reading.css").is_file()
    for page, linked in [
        ("how-it-works", True),
        ("safety", True),
        ("related-reading", True),
        ("index", False),
    ]:
        hrefs = [link["href"] for link in soup(basic, page).select("link[rel=stylesheet]")]
        assert any("related-reading.css" in href for href in hrefs) is linked, page


def basic_with(tmp_path: Path, page: str, old: str, new: str) -> Path:
    """A copy of the basic root with one change to one page."""
    srcdir = copy_root("basic", tmp_path)
    text = (srcdir / page).read_text(encoding="utf-8")
    assert old in text
    (srcdir / page).write_text(text.replace(old, new), encoding="utf-8")
    return srcdir


def test_order_follows_the_toctree_then_orphans(tmp_path: Path) -> None:
    srcdir = basic_with(tmp_path, "index.md", "how-it-works\nsafety\n", "safety\nhow-it-works\n")
    (srcdir / "aaa-orphan.md").write_text(
        "---\norphan: true\n---\n# Orphan\n\n```{related-reading}\n"
        "- [Orphan source](https://example.org/orphan) — not in any toctree\n```\n",
        encoding="utf-8",
    )
    app = build_app("html", srcdir, freshenv=True)
    assert warnings_of(app) == []
    urls = [li.select_one("p.related-entry-title a")["href"] for li in appendix_entries(app)]
    # Safety first now (its citation of Feder comes before its list), orphans last.
    assert urls == [FEDER, VA, NIMH, ABDALLAH, "https://example.org/orphan"]


@pytest.mark.sphinx("html", testroot="rst", freshenv=True)
def test_restructuredtext_pages_work_too(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    entries = soup(app, "appendix").select("ol.related-reading-appendix > li")
    # Sorted by title, as the appendix asks.
    titles = [squash(li.select_one("p.related-entry-title a").get_text()) for li in entries]
    assert titles == ["Efficacy of Intravenous Ketamine", "Medications for PTSD"]
    cites = [squash(a.get_text()) for a in soup(app, "index").select("section > p a")]
    assert cites == ["[2]", "[1]"]


def test_one_key_listed_twice_on_a_page(tmp_path: Path) -> None:
    srcdir = copy_root("basic", tmp_path)
    page = srcdir / "safety.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n## More reading\n\n```{related-reading}\n"
        "- [Efficacy of Intravenous Ketamine for Treatment of Chronic PTSD]"
        "(https://doi.org/10.1001/jamapsychiatry.2014.62){#feder-2014} — again\n```\n",
        encoding="utf-8",
    )
    app = build_app("html", srcdir, freshenv=True)
    # Not a "duplicate explicit target" to docutils: {#key} names an entry, not a target.
    assert warnings_of(app) == []
    entry = soup(app, "related-reading").select_one("li#rr-entry-feder-2014")
    hrefs = [a["href"] for a in entry.select("p.related-entry-places a")]
    assert "safety.html#rr-list-feder-2014-1" in hrefs
    ids = [a.get("id") for a in soup(app, "safety").select("a.related-title")]
    assert ids == [
        "rr-list-ptsd-va-gov-understand-tx-meds-for-ptsd-1b9d8f-1",
        "rr-list-doi-org-10-1001-jamapsychiatry-2014-62-11c5e8-1",
        "rr-list-feder-2014-1",
    ]


def test_the_any_role_finds_entries_by_key(tmp_path: Path) -> None:
    see = "See {any}`feder-2014`. Supervision is required"
    srcdir = basic_with(tmp_path, "safety.md", "Supervision is required", see)
    app = build_app("html", srcdir, freshenv=True)
    assert warnings_of(app) == []
    link = soup(app, "safety").select_one("section#monitoring p a.reference.internal")
    assert link["href"] == "related-reading.html#rr-entry-feder-2014"
    assert link["title"] == FEDER_TITLE

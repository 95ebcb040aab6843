"""Bad input: a warning with file, line and subtype; nothing lost; no crash."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ROOTS
from helpers import parsed_warnings, soup, squash

from related_reading.diagnostics import SUBTYPES

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

#: (file, line, subtype) of every warning the "bad" test root must give, in order.
EXPECTED_BAD = [
    ("items.md", "3", "related_reading.empty"),
    ("items.md", "7", "related_reading.not-a-list"),
    ("items.md", "10", "related_reading.no-link"),
    ("items.md", "11", "related_reading.internal-link"),
    ("items.md", "12", "related_reading.internal-link"),
    ("items.md", "13", "related_reading.unsafe-scheme"),
    ("items.md", "14", "related_reading.unsafe-scheme"),
    ("items.md", "15", "related_reading.tracking-params"),
    ("items.md", "16", "related_reading.invalid-key"),
    ("items.md", "17", "related_reading.invalid-url"),
    ("items.md", "18", "related_reading.extra-link"),
    ("conflicts.md", "4", "related_reading.key-conflict"),
    ("conflicts.md", "5", "related_reading.title-conflict"),
    ("conflicts.md", "8", "related_reading.unknown-key"),
    ("appendix-again.md", "3", "related_reading.duplicate-appendix"),
]


#: The tests that take ``bad`` build the "bad" root.
pytestmark = pytest.mark.sphinx("html", testroot="bad", freshenv=True)


def located(app: SphinxTestApp) -> list[tuple[str, str, str]]:
    return [(w["file"], w["line"], w["kind"]) for w in parsed_warnings(app)]


@pytest.fixture
def bad(app: SphinxTestApp) -> SphinxTestApp:
    app.build()
    return app


def test_every_bad_input_is_reported_with_file_line_and_subtype(bad: SphinxTestApp) -> None:
    assert located(bad) == EXPECTED_BAD


def test_messages_say_what_to_do(bad: SphinxTestApp) -> None:
    messages = {w["kind"]: w["message"] for w in parsed_warnings(bad)}
    assert "'- [Title](https://...) — annotation'" in messages["related_reading.no-link"]
    assert (
        "link to https://example.org/page?id=3 instead"
        in messages["related_reading.tracking-params"]
    )
    assert "items.md:9" in messages["related_reading.key-conflict"]
    assert "'Valid'" in messages["related_reading.title-conflict"]
    assert "appendix.md:3" in messages["related_reading.duplicate-appendix"]


def test_bad_items_stay_on_the_page_without_unsafe_links(bad: SphinxTestApp) -> None:
    page = soup(bad, "items")
    # The paragraph stays where it was written, just before the list.
    listing = page.select("ul.related-reading")[0]
    before = listing.find_previous_sibling()
    assert before is not None
    assert squash(before.get_text()) == "Just a paragraph, not a list."
    text = squash(listing.get_text())
    for shown in ("No link at all here", "Relative", "Anchor", "Evil", "Mail"):
        assert shown in text
    hrefs = [a.get("href", "") for a in page.select("a")]
    assert not any(href.startswith(("javascript:", "mailto:", "data:")) for href in hrefs)


def test_tracking_parameters_are_stripped_everywhere(bad: SphinxTestApp) -> None:
    hrefs = [a["href"] for a in soup(bad, "items").select("a[href]")]
    hrefs += [a["href"] for a in soup(bad, "appendix").select("a[href]")]
    assert "https://example.org/page?id=3" in hrefs
    assert not [href for href in hrefs if "utm_" in href or "fbclid" in href]


def test_conflicting_key_keeps_both_sources(bad: SphinxTestApp) -> None:
    urls = [a["href"] for a in soup(bad, "appendix").select("p.related-entry-title a.reference")]
    assert urls == [
        "https://example.org/valid",
        "https://example.org/page?id=3",
        "https://example.org/badkey",
        "https://example.org/one",
        "https://example.org/other",
    ]
    # The key stays with the first URL; the citation goes there.
    cite = soup(bad, "conflicts").select("section > p a.reference.internal")
    assert [a["href"] for a in cite] == ["appendix.html#rr-entry-valid"]


def test_unknown_key_stays_visible(bad: SphinxTestApp) -> None:
    unknown = soup(bad, "conflicts").select_one(".related-unknown")
    assert unknown is not None
    assert unknown.get_text() == "[nope?]"


def test_second_appendix_points_at_the_first(bad: SphinxTestApp) -> None:
    pointer = soup(bad, "appendix-again").select_one("p.related-reading-pointer a")
    assert pointer is not None
    assert pointer["href"] == "appendix.html"


@pytest.mark.parametrize("subtype", sorted({kind for _f, _l, kind in EXPECTED_BAD}))
def test_suppress_warnings_silences_exactly_one_kind(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, subtype: str
) -> None:
    settings = {"suppress_warnings": [subtype]}
    app = make_app("html", srcdir=ROOTS / "test-bad", builddir=tmp_path, confoverrides=settings)
    app.build()
    assert located(app) == [w for w in EXPECTED_BAD if w[2] != subtype]


@pytest.mark.sphinx("html", testroot="bad", freshenv=True, warningiserror=True)
def test_warnings_fail_a_strict_build(app: SphinxTestApp) -> None:
    app.build()
    assert app.statuscode == 1


@pytest.mark.sphinx("html", testroot="noappendix", freshenv=True)
def test_no_appendix_and_disabled_attrs_inline(app: SphinxTestApp) -> None:
    app.build()
    assert located(app) == [
        ("index.md", "6", "related_reading.key-syntax"),
        ("index.md", "3", "related_reading.no-appendix"),
    ]
    page = soup(app, "index")
    # Without an appendix the forward links go straight to the source.
    assert [a["href"] for a in page.select("a.related-ref")] == [
        "https://example.org/a",
        "https://example.org/a",
    ]
    # The unparsed "{#a-source}" is not taken into the annotation.
    item = squash(page.select_one("li.related-reading-item").get_text())
    assert "with a key the parser cannot see" in item


def test_every_subtype_is_exercised() -> None:
    seen = {kind.removeprefix("related_reading.") for _f, _l, kind in EXPECTED_BAD}
    seen |= {"key-syntax", "no-appendix"}
    assert seen == set(SUBTYPES)


def test_extension_readme_documents_every_subtype() -> None:
    readme = Path(__file__).parent.parent / "extensions" / "related_reading" / "README.md"
    text = readme.read_text(encoding="utf-8")
    for subtype in SUBTYPES:
        assert f"`related_reading.{subtype}`" in text, subtype

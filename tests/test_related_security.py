"""Hostile input: no unsafe link is ever written, and every refusal says where and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_root
from helpers import parsed_warnings, soup, squash
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from related_reading.urls import url_scheme


def located(app: SphinxTestApp) -> list[tuple[str, str, str]]:
    return [(w["file"], w["line"], w["kind"]) for w in parsed_warnings(app)]


def hrefs(app: SphinxTestApp, *pages: str) -> list[str]:
    return [a["href"] for page in pages for a in soup(app, page).select("a[href]")]


@pytest.mark.sphinx("html", testroot="unsafe", freshenv=True)
def test_unsafe_links_in_restructuredtext_are_shown_as_text(app: SphinxTestApp) -> None:
    """Issue 17, defect 1: named targets and references get their URL only after
    parsing, a control character hid the scheme, and only an item's first link was
    checked. Every link is now checked where its URL is final, as a browser reads it."""
    app.build()
    assert located(app) == [
        ("index.rst", "6", "related_reading.unsafe-scheme"),
        ("index.rst", "7", "related_reading.unsafe-scheme"),
        ("index.rst", "8", "related_reading.unsafe-scheme"),
        ("index.rst", "9", "related_reading.unsafe-scheme"),
    ]
    for href in hrefs(app, "index", "appendix"):
        assert url_scheme(href) in {None, "https", "http"}, href
    listing = squash(soup(app, "index").select_one("ul.related-reading").get_text())
    for shown in ("Named", "Cookie", "see x", "Control", "Title"):
        assert shown in listing
    entries = soup(app, "appendix").select("ol.related-reading-appendix > li")
    titles = [a["href"] for li in entries for a in li.select("p.related-entry-title a")]
    # `Title`_ with ".. _Title: https://..." is an entry like any other link.
    assert titles == ["https://example.com/good", "https://example.com/title"]


@pytest.mark.sphinx("html", testroot="messages", freshenv=True)
def test_each_refusal_names_its_real_cause(app: SphinxTestApp) -> None:
    """Issue 17, defect 11: a key MyST could not read, a key without ASCII letters, a
    refused autolink and URLs that cannot be links each get the warning that fits."""
    app.build()
    warnings = sorted(parsed_warnings(app), key=lambda w: int(w["line"]))
    assert [(w["line"], w["kind"]) for w in warnings] == [
        ("4", "related_reading.invalid-key"),
        ("5", "related_reading.invalid-key"),
        ("6", "related_reading.unsafe-scheme"),
        ("7", "related_reading.invalid-url"),
        ("8", "related_reading.invalid-url"),
        ("9", "related_reading.invalid-url"),
        ("13", "related_reading.invalid-key"),
    ]
    messages = [w["message"] for w in warnings]
    assert "'{#feder 2014}' is not a key: MyST could not read it" in messages[0]
    assert "attrs_inline" not in messages[0]  # it is on
    assert "no ASCII letters or digits" in messages[1]
    assert "'javascript:' links are not allowed" in messages[2]
    assert "names no host" in messages[3]
    assert "names no host" in messages[4]
    assert "port" in messages[5]
    assert "ASCII" in messages[6]
    # Refused URLs are text; the valid entries are in the appendix.
    listed = soup(app, "index").select("ul.related-reading a[href]")
    assert [a["href"] for a in listed] == [
        "https://example.org/feder",
        "appendix.html#rr-entry-example-org-feder-1bc4c4",
        "https://example.org/ru",
        "appendix.html#rr-entry-example-org-ru-3bb859",
        "https://example.org/fine",
        "appendix.html#rr-entry-fine",
    ]


@pytest.mark.sphinx("html", testroot="rst-keys", freshenv=True)
def test_restructuredtext_gives_keys_with_a_key_field(app: SphinxTestApp) -> None:
    """Issue 17, defect 11: reStructuredText had no way to give an entry a key."""
    app.build()
    assert located(app) == [("index.rst", "12", "related_reading.key-syntax")]
    assert "':key: some-key'" in parsed_warnings(app)[0]["message"]
    page = soup(app, "index")
    cite = page.select_one("section > p a.related-ref")
    assert cite["href"] == "appendix.html#rr-entry-feder-2014"
    assert cite.get_text() == "[1]"
    # The field gave the key and left the page: the list shows what the reader needs.
    listing = page.select_one("ul.related-reading")
    assert listing.select("dl, .field-list") == []
    assert "feder-2014" not in listing.get_text()


@pytest.mark.parametrize(
    "export",
    ["nope/deeper/export.json", "index.html", "/tmp/related-reading-outside.json", "../up.json"],
)
def test_a_harmful_export_name_stops_the_build_before_it_starts(
    tmp_path: Path, export: str
) -> None:
    """Issue 17, defect 9: a folder crashed the build at its end, ``index.html`` was
    overwritten with JSON, and an absolute path wrote outside the output folder."""
    srcdir = copy_root("basic", tmp_path)
    with pytest.raises(ConfigError, match="related_reading_export"):
        SphinxTestApp("html", srcdir=srcdir, confoverrides={"related_reading_export": export})
    assert [path for path in (srcdir / "_build").rglob("*") if path.is_file()] == []
    assert not Path("/tmp/related-reading-outside.json").exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("related_reading_allowed_schemes", ("https", "javascript")),
        ("related_reading_tracking_params", [1, 2]),
        ("related_reading_separator", 3),
        ("related_reading_latex_lists", "some"),
    ],
)
def test_other_bad_values_are_config_errors(tmp_path: Path, name: str, value: object) -> None:
    srcdir = copy_root("basic", tmp_path)
    with pytest.raises(ConfigError, match=name):
        SphinxTestApp("html", srcdir=srcdir, confoverrides={name: value})

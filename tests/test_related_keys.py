"""Keys belong to the extension: never lost to docutils' target names, never moved."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import build_app, copy_root
from helpers import parsed_warnings, soup, squash

from related_reading.urls import clean_url, derive_key

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


def located(app: SphinxTestApp) -> list[tuple[str, str, str]]:
    return [(w["file"], w["line"], w["kind"]) for w in parsed_warnings(app)]


@pytest.mark.sphinx("html", testroot="keys", freshenv=True)
def test_keys_are_not_docutils_targets(app: SphinxTestApp) -> None:
    """Issue 17, defect 4: one {#key} twice in a list, one key for two URLs in a list,
    and a key equal to a page label were "duplicate explicit target names": the key
    was lost and every citation of it became "[key?]"."""
    app.build()
    assert located(app) == [("index.md", "12", "related_reading.key-conflict")]
    assert (
        "key 'shared' already names https://example.org/first"
        in (parsed_warnings(app)[0]["message"])
    )
    page = soup(app, "index")
    cites = [(a.get_text(), a["href"]) for a in page.select("section > p a.related-ref")]
    assert cites == [
        ("[1]", "appendix.html#rr-entry-feder-2014"),
        ("[2]", "appendix.html#rr-entry-shared"),
        ("[3]", "appendix.html#rr-entry-twice"),
    ]
    assert not page.select(".related-unknown")
    label = page.select_one("section > p a.reference.internal[href='#feder-2014']")
    assert squash(label.get_text()) == "Keys"  # the page label still works
    appendix = soup(app, "appendix")
    urls = [a["href"] for a in appendix.select("p.related-entry-title a")]
    assert urls == [
        "https://doi.org/10.1001/jamapsychiatry.2014.62",
        "https://example.org/first",
        "https://example.org/same",
        "https://example.org/second",
    ]
    # The same source twice in one list is one entry, listed at both places.
    twice = appendix.select("li#rr-entry-twice p.related-entry-places a")
    assert [a["href"] for a in twice] == [
        "index.html#rr-cite-twice-1",
        "index.html#rr-list-twice-1",
        "index.html#rr-list-twice-2",
    ]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    later = time.time() + 2  # newer than the last build, whatever the clock
    os.utime(path, (later, later))


def test_a_derived_key_stays_with_its_url_when_another_url_shares_it(tmp_path: Path) -> None:
    """Issue 17, defect 6: two YouTube links share a derived key. When a page that
    comes first adds the second, the key stays with the URL it named, with a warning."""
    talk = "https://www.youtube.com/watch?v=v002844"
    other = "https://www.youtube.com/watch?v=v004428"
    key = derive_key(clean_url(talk).identity)
    assert key == derive_key(clean_url(other).identity) == "youtube-com-watch-cf742c"
    srcdir = copy_root("derived", tmp_path)
    first = build_app("html", srcdir, freshenv=True)
    assert located(first) == []

    edit(
        srcdir / "first.md",
        "No video here yet.\n",
        f"```{{related-reading}}\n- [Another talk]({other}) — another video\n```\n",
    )
    again = build_app("html", srcdir)
    assert located(again) == [("first.md", "4", "related_reading.key-conflict")]
    message = parsed_warnings(again)[0]["message"]
    assert f"key '{key}' already names {talk}" in message
    longer = derive_key(clean_url(other).identity, 12)
    assert f"is '{longer}' instead" in message
    cite = soup(again, "cites").select_one("section > p a.related-ref")
    entry = soup(again, "appendix").select_one(cite["href"].replace("appendix.html", "li"))
    assert entry.select_one("p.related-entry-title a")["href"] == talk
    data = json.loads(Path(again.outdir, "related-reading.json").read_text("utf-8"))
    assert {e["url"]: e["key"] for e in data["entries"]} == {other: longer, talk: key}

    # Built from scratch, the collision is still reported.
    clean = build_app("html", srcdir, freshenv=True)
    assert [w[2] for w in located(clean)] == ["related_reading.key-conflict"]

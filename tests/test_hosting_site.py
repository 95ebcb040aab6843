"""The built site is ready to host: sitemap, descriptions, OpenGraph, 404, edit buttons, dates.

Most tests read the real docs built once (``docs_html``, with the default ``html_baseurl``
from docs/conf.py). The "last updated" tests build a copy of docs/ outside any git
repository, and a copy in a fresh repository whose commit date they choose.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import DOCS, LANGUAGES, REPO, build_app, docs_config
from defusedxml import ElementTree
from helpers import soup, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_CITATION_MARK = re.compile(r"\[\d+\]")


def pages(app: SphinxTestApp) -> list[str]:
    """Every page made from a source file (the 404, search and index pages are generated)."""
    return sorted(app.env.found_docs)


def meta(page: BeautifulSoup, attribute: str, value: str) -> list[str]:
    """The content of every ``<meta attribute="value" content="...">``."""
    return [tag["content"] for tag in page.find_all("meta", attrs={attribute: value})]


def git(*args: str, cwd: Path, **env: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    ).stdout


# -- Addresses: one place --------------------------------------------------------------


def test_addresses_come_from_one_place(conf: dict[str, Any]) -> None:
    base = conf["html_baseurl"]
    assert base == "https://ketamine-handout.github.io/ketamine-handout/"
    assert conf["handout_repository"] == "https://github.com/ketamine-handout/ketamine-handout"
    assert conf["ogp_site_url"] == base
    assert conf["notfound_urls_prefix"] == "/ketamine-handout/"
    options = conf["html_theme_options"]
    assert options["source_repository"] == conf["handout_repository"] + "/"
    assert options["source_branch"] == conf["handout_source_branch"]
    assert options["source_directory"] == "docs/"
    # Written once in conf.py: a fork changes one line each.
    source = (DOCS / "conf.py").read_text("utf-8")
    for name in ("handout_repository", "handout_source_branch", "html_baseurl"):
        assert len(re.findall(rf"^{name} = ", source, re.M)) == 1, name


@pytest.mark.parametrize(
    ("variable", "value", "prefix"),
    [
        (
            "READTHEDOCS_CANONICAL_URL",
            "https://ketamine-handout.readthedocs.io/en/latest/",
            "/en/latest/",
        ),
        ("HANDOUT_BASEURL", "https://staging.example.org/handout", "/handout/"),
    ],
)
def test_site_address_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, prefix: str
) -> None:
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    monkeypatch.delenv("HANDOUT_BASEURL", raising=False)
    monkeypatch.setenv(variable, value)
    conf = docs_config(**{variable: value})
    assert conf["html_baseurl"] == value.rstrip("/") + "/"
    assert conf["ogp_site_url"] == conf["html_baseurl"]
    assert conf["notfound_urls_prefix"] == prefix


# -- sitemap.xml -----------------------------------------------------------------------


def test_sitemap_lists_every_page_once(docs_html: SphinxTestApp, conf: dict[str, Any]) -> None:
    """Every page in every language (English at the root, Spanish in es/), each once."""
    tree = ElementTree.parse(Path(docs_html.outdir, "sitemap.xml"))
    locations = [loc.text for loc in tree.getroot().iter(f"{SITEMAP}loc")]
    base = conf["html_baseurl"]
    folders = ["" if language == "en" else f"{language}/" for language in LANGUAGES]
    expected = [f"{base}{folder}{page}.html" for folder in folders for page in pages(docs_html)]
    assert sorted(locations) == sorted(expected)
    for location in locations:
        assert Path(docs_html.outdir, location.removeprefix(base)).is_file(), location
    for lastmod in tree.getroot().iter(f"{SITEMAP}lastmod"):
        datetime.strptime(lastmod.text or "", "%Y-%m-%dT%H:%M:%SZ")  # a W3C date


# -- Descriptions and OpenGraph --------------------------------------------------------


def test_every_page_has_a_description_and_opengraph_tags(
    docs_html: SphinxTestApp, conf: dict[str, Any]
) -> None:
    base = conf["html_baseurl"]
    for name in pages(docs_html):
        page = soup(docs_html, name)
        (description,) = meta(page, "name", "description")
        (og_description,) = meta(page, "property", "og:description")
        assert description == og_description, name
        assert 40 <= len(description) <= conf["ogp_description_length"], (name, description)
        assert not _CITATION_MARK.search(description), (name, description)
        assert meta(page, "property", "og:title") == [docs_html.env.titles[name].astext()], name
        assert meta(page, "property", "og:url") == [f"{base}{name}.html"], name
        assert meta(page, "property", "og:type") == ["website"], name
        assert meta(page, "property", "og:site_name") == [conf["html_title"]], name


def test_front_matter_description_and_automatic_ones(
    built: Callable[..., SphinxTestApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(DOCS / "_ext"))
    app = built("hosting-meta", freshenv=True)
    assert warnings_of(app) == []

    def descriptions(name: str) -> tuple[str, str]:
        page = soup(app, name)
        (description,) = meta(page, "name", "description")
        (og_description,) = meta(page, "property", "og:description")
        return description, og_description

    # The page's own words win, for search results and link previews alike.
    hand_written = 'Written by hand: fish & chips, "quoted".'
    assert descriptions("index") == (hand_written, hand_written)
    # Otherwise the opening prose: no citation markers, admonitions, headings or lists.
    text, og_text = descriptions("cited")
    assert text == og_text
    assert text.startswith("Ketamine is a medicine. It is used for surgery. The second paragraph")
    assert text.endswith("…")
    assert len(text) <= 120
    assert "[" not in text
    assert "admonition" not in text
    assert "heading" not in text
    assert descriptions("short") == ("Short. Second short paragraph.",) * 2
    # No prose at all: sphinxext-opengraph's own description is the fallback.
    text, og_text = descriptions("listonly")
    assert text == og_text
    assert "First item" in text
    # The 404 page is not for search engines.
    not_found = BeautifulSoup(Path(app.outdir, "404.html").read_text("utf-8"), "html.parser")
    assert meta(not_found, "name", "robots") == ["noindex"]


# -- The 404 page ----------------------------------------------------------------------


def test_404_page_links_are_absolute(docs_html: SphinxTestApp, conf: dict[str, Any]) -> None:
    prefix = conf["notfound_urls_prefix"]
    page = BeautifulSoup(Path(docs_html.outdir, "404.html").read_text("utf-8"), "html.parser")
    local = []
    for tag in page.find_all(["a", "link", "script", "img", "form", "source"]):
        for attribute in ("href", "src", "action"):
            url = tag.get(attribute)
            if not url or url.startswith("#") or urlsplit(url).scheme:
                continue
            assert url.startswith(prefix), f"<{tag.name} {attribute}={url!r}> is relative"
            local.append(url)
    assert any("/_static/" in url for url in local)  # stylesheets and scripts were checked
    assert f"{prefix}index.html" in local  # the way back to the start
    for url in local:
        path = urlsplit(url).path.removeprefix(prefix)
        assert Path(docs_html.outdir, path).is_file(), url
    assert meta(page, "name", "robots") == ["noindex"]
    assert "Page not found" in page.get_text()


def test_404_page_links_to_the_pdf_in_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, conf: dict[str, Any]
) -> None:
    """With the PDFs built first (GitHub Actions, Read the Docs), their links are absolute too."""
    from pypdf import PdfWriter

    pdf_dir = tmp_path / "pdf"
    pdf_dir.mkdir()
    pdfs = [f"{conf['handout_name']}.pdf", f"{conf['handout_name']}-a4.pdf"]  # Letter, A4
    for pdf in pdfs:
        writer = PdfWriter()
        writer.add_blank_page(width=612, height=792)
        with (pdf_dir / pdf).open("wb") as out:
            writer.write(out)
    monkeypatch.setenv("HANDOUT_PDF_DIR", str(pdf_dir))
    app = build_app("html", _copy_docs(tmp_path), freshenv=True)
    prefix = conf["notfound_urls_prefix"]
    for pdf in pdfs:
        assert Path(app.outdir, pdf).is_file()
    page = BeautifulSoup(Path(app.outdir, "404.html").read_text("utf-8"), "html.parser")
    links = {a["href"] for a in page.find_all("a", href=True) if a["href"].endswith(".pdf")}
    assert links == {f"{prefix}{pdf}" for pdf in pdfs}
    assert {a["href"] for a in soup(app, "safety").find_all("a", href=True)} >= set(pdfs)


# -- Edit and view buttons ----------------------------------------------------------


def test_edit_buttons_open_files_that_exist(docs_html: SphinxTestApp, conf: dict[str, Any]) -> None:
    repository, branch = conf["handout_repository"], conf["handout_source_branch"]
    tracked = set(git("ls-files", "docs", cwd=REPO).splitlines())
    with_buttons = set()
    for name in pages(docs_html):
        page = soup(docs_html, name)
        edit = page.select("div.edit-this-page a[href]")
        view = page.select("div.view-this-page a[href]")
        if not edit:
            assert not view, name
            continue
        with_buttons.add(name)
        path = edit[0]["href"].removeprefix(f"{repository}/edit/{branch}/")
        assert path != edit[0]["href"], edit[0]["href"]
        assert (REPO / path).is_file(), path
        assert path in tracked, path
        assert view[0]["href"] == f"{repository}/blob/{branch}/{path}?plain=true"
    # Every committed page has the buttons; a page not committed yet has none.
    expected = {
        name
        for name in pages(docs_html)
        if f"docs/{docs_html.env.doc2path(name, False)}" in tracked
    }
    assert with_buttons == expected
    assert with_buttons  # the committed pages at least


# -- "Last updated" from git -----------------------------------------------------------


def footer_date(app: SphinxTestApp, name: str) -> str | None:
    found = soup(app, name).select_one("div.last-updated")
    return " ".join(found.get_text().split()) if found else None


def test_last_updated_is_each_pages_last_commit(docs_html: SphinxTestApp) -> None:
    dirty = set(git("status", "--porcelain", "--untracked-files=all", "docs", cwd=REPO).split())
    checked = 0
    for name in pages(docs_html):
        source = f"docs/{docs_html.env.doc2path(name, False)}"
        # The last commit on this branch that changed the file, a merge bringing the change
        # in included: what sphinx-last-updated-by-git reports.
        stamp = git("log", "-1", "-m", "--format=%at", "--", source, cwd=REPO).strip()
        if not stamp or source in dirty:
            continue  # not committed, or changed since: the test with a fresh repo covers it
        day = datetime.fromtimestamp(int(stamp), UTC)
        assert footer_date(docs_html, name) == f"Last updated on {day:%d %B %Y}", name
        modified = meta(soup(docs_html, name), "property", "article:modified_time")
        assert modified == [day.isoformat()], name
        checked += 1
    assert checked


def _copy_docs(destination: Path) -> Path:
    srcdir = destination / "docs"
    shutil.copytree(DOCS, srcdir, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    return srcdir


def test_build_outside_git_has_no_dates_and_no_warnings(tmp_path: Path) -> None:
    srcdir = _copy_docs(tmp_path)
    assert subprocess.run(
        ["git", "rev-parse", "--git-dir"], cwd=srcdir, capture_output=True, check=False
    ).returncode, "the copy must not be inside a git repository"
    app = build_app("html", srcdir, freshenv=True)
    assert warnings_of(app) == []  # -W would fail on any
    assert footer_date(app, "index") is None
    assert not soup(app, "index").select("div.edit-this-page")


def test_dates_come_from_commits_not_the_build(tmp_path: Path) -> None:
    srcdir = _copy_docs(tmp_path)
    author = {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": "2024-02-03T04:05:06+00:00",
        "GIT_COMMITTER_DATE": "2024-02-03T04:05:06+00:00",
    }
    git("init", "-q", cwd=tmp_path)
    git("add", "docs", cwd=tmp_path)
    git("rm", "-q", "--cached", "docs/about.md", cwd=tmp_path)  # a page not committed yet
    git("commit", "-q", "-m", "pages", cwd=tmp_path, **author)

    app = build_app("html", srcdir, freshenv=True)
    assert warnings_of(app) == []
    assert footer_date(app, "safety") == "Last updated on 03 February 2024"
    assert footer_date(app, "index") == "Last updated on 03 February 2024"
    assert footer_date(app, "about") is None
    assert not soup(app, "about").select("div.edit-this-page")
    sitemap = Path(app.outdir, "sitemap.xml").read_text("utf-8")
    assert "<lastmod>2024-02-03T04:05:06Z</lastmod>" in sitemap

"""The handout in every language: sound catalogues, nothing lost in translation, plain Spanish.

The English pages are the reference. A translated page keeps every citation, link and
related-reading entry of its English page; text that is not translated yet is shown in
English, marked as English, under a notice in the page's language. The built sites come
from ``docs_sites`` (tests/conftest.py): English at the root, Spanish in ``es/``.
"""

from __future__ import annotations

import json
import re
import shutil
import warnings
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

import pytest
from babel.messages.pofile import PoFileError, read_po
from bs4 import BeautifulSoup
from conftest import CONF, DOCS, LANGUAGES, PAGES, build_app
from handout_text import fail_on
from helpers import warnings_of

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # textstat 0.7.4 imports the deprecated pkg_resources
    import textstat

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from sphinx.testing.util import SphinxTestApp

TRANSLATIONS = LANGUAGES[1:]
LOCALE = DOCS / "locale"
#: Szigriszt-Pazos perspicuity on the INFLESZ scale: 55 and up is "normal" or easier, the
#: benchmark for Spanish patient information (the English pages' grade-8 rule, in Spanish).
MIN_INFLESZ = 55
#: What a translation must carry over from its message, as it is: citations, links,
#: glossary targets, substitutions, keys and the advice/signpost markers.
MARKUP = {
    "citation": re.compile(r"\{related\}`[^`]+`"),
    "link": re.compile(r"\]\(([^)\s]+)\)"),
    "glossary term": re.compile(r"\{term\}`(?:[^`<]*<)?([^`>]+)>?`"),
    "substitution": re.compile(r"\{\{\s*\w+\s*\}\}"),
    "key": re.compile(r"\{#[^}]+\}"),
    "marker": re.compile(r"\{\.(?:advice|signpost)\}"),
}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
#: A phone number in a crisis line.
PHONE = re.compile(r"\b\d{3} \d{3}\b|\b\d{3,6}\b")


def catalogue(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, abort_invalid=True)


def catalogue_paths(language: str) -> list[Path]:
    return sorted((LOCALE / language / "LC_MESSAGES").glob("*.po"))


def markup(text: str) -> dict[str, Counter[str]]:
    return {name: Counter(pattern.findall(text)) for name, pattern in MARKUP.items()}


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text("utf-8"), "html.parser")


def sources_on(page: BeautifulSoup) -> dict[str, Counter[str]]:
    """What a reader can follow from a page: citations, outside links, listed sources."""
    article = page.select_one("article")
    assert article is not None
    links = Counter(
        a["href"]
        for a in article.select("a[href]:not(.handout-download-link)")  # each language's PDF
        if a["href"].startswith(("http://", "https://", "tel:", "sms:"))
    )
    citations = Counter(
        a["href"].partition("#")[2]
        for a in article.select("a[href*='related-reading.html#']")
        if not a.find_parent("ul", class_="related-reading")
    )
    listed = Counter(a["href"] for a in article.select("ul.related-reading a[href^='http']"))
    return {"outside link": links, "citation": citations, "related-reading entry": listed}


def spanish_prose(page: BeautifulSoup) -> str:
    """The page's running text, as the English reading-level test measures it."""
    article = page.select_one("article")
    assert article is not None
    for unwanted in article.select(
        "h1, h2, h3, h4, a.headerlink, .toctree-wrapper, ul.related-reading, .related-ref, "
        "p.admonition-title, .rubric"
    ):
        unwanted.decompose()
    blocks = []
    for block in article.find_all(["p", "li"]):
        if block.name == "li" and block.find("p"):
            continue
        text = re.sub(r"\s+([.,;:!?)])", r"\1", " ".join(block.get_text(" ").split()))
        if text:
            blocks.append(text if text[-1] in ".!?:" else f"{text}.")
    return "\n".join(blocks)


def translated_share(language: str) -> dict[str, float]:
    """Per page: the share of its messages that have a translation (not fuzzy)."""
    shares = {}
    for path in catalogue_paths(language):
        messages = [m for m in catalogue(path) if m.id]
        done = [m for m in messages if m.string and not m.fuzzy]
        shares[path.stem] = len(done) / len(messages) if messages else 1.0
    return shares


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_catalogues_are_sound_and_nothing_is_fuzzy(language: str) -> None:
    """Every message parses; none is marked fuzzy (a translation nobody has checked); each
    translation carries over its message's citations, links, glossary targets and markers."""
    problems = []
    paths = catalogue_paths(language)
    assert paths, f"no catalogues in {LOCALE / language}"
    for path in paths:
        where = path.relative_to(DOCS.parent)
        try:
            messages = catalogue(path)
        except PoFileError as error:
            problems.append(f"{where}: malformed: {error}")
            continue
        if messages.fuzzy:
            problems.append(f"{where}: the catalogue's header is marked fuzzy")
        for message in messages:
            if not message.id:
                continue
            line = f"{where}:{message.lineno}"
            if message.fuzzy:
                problems.append(f"{line}: fuzzy: check the translation, then remove the mark")
            if not message.string:
                continue  # not translated yet: the page shows the English
            expected, found = markup(message.id), markup(message.string)
            problems += [
                f"{line}: the translation has {dict(found[name])} for the {name}s "
                f"{dict(expected[name])} of {message.id[:60]!r}"
                for name in MARKUP
                if found[name] != expected[name]
            ]
    fail_on(problems)


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_page_has_a_catalogue(language: str) -> None:
    names = {path.stem for path in catalogue_paths(language)}
    assert sorted(set(PAGES) - names) == [], "run `nox -s translations`"


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_report_each_pages_translated_share(language: str, record_property: Any) -> None:
    """Printed at the end of the run (tests/conftest.py), so that a reviewer sees it."""
    shares = translated_share(language)
    record_property("translated share", {"language": language, "pages": shares})
    assert set(shares) >= set(PAGES)


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("page", PAGES)
def test_a_translated_page_keeps_every_source(
    docs_sites: dict[str, SphinxTestApp], language: str, page: str
) -> None:
    """Every citation, outside link and listed source of the English page, as often.
    (A translation may add: the About page says who translated it, with a link.)"""
    english = sources_on(soup(Path(docs_sites["en"].outdir), page))
    translated = sources_on(soup(Path(docs_sites[language].outdir), page))
    fail_on(
        [
            f"{language}/{page}.html lost {name}s: {sorted(lost.elements())}"
            for name in english
            if (lost := english[name] - translated[name])
        ]
    )


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_the_reading_list_is_the_same_in_every_language(
    docs_sites: dict[str, SphinxTestApp], language: str
) -> None:
    """related-reading.json: the same entries, keys, sources and places to cite them."""

    def entries(app: SphinxTestApp) -> list[tuple[Any, ...]]:
        export = json.loads(Path(app.outdir, "related-reading.json").read_text("utf-8"))
        return [
            (e["number"], e["key"], e["url"], [(p["kind"], p["page"]) for p in e["places"]])
            for e in export["entries"]
        ]

    english, translated = entries(docs_sites["en"]), entries(docs_sites[language])
    assert len(english) >= 30
    assert translated == english


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize(
    "page", [page for page in PAGES if page not in {"glossary", "related-reading"}]
)
def test_spanish_is_plain(docs_sites: dict[str, SphinxTestApp], language: str, page: str) -> None:
    """Every Spanish page scores at least 55 on the INFLESZ scale (Szigriszt-Pazos)."""
    assert language == "es", "a new language needs its own plain-language measure"
    text = spanish_prose(soup(Path(docs_sites[language].outdir), page))
    assert len(text.split()) > 40, "too little prose to measure"
    textstat.set_lang("es")
    try:
        score = textstat.szigriszt_pazos(text)
    finally:
        textstat.set_lang("en_US")
    assert score >= MIN_INFLESZ, f"{language}/{page}.html: INFLESZ {score}"


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_crisis_lines_give_the_same_numbers_in_every_language(language: str) -> None:
    """A number corrected in English cannot stay wrong in a translation's crisis lines."""
    table = CONF["handout_text"]
    english, translated = table["en"]["crisis_lines"], table[language]["crisis_lines"]
    assert len(translated) == len(english)
    for ours, theirs in zip(english, translated, strict=True):
        for field in ("short", "text"):
            assert set(PHONE.findall(ours[field])) <= set(PHONE.findall(theirs[field])), (
                f"handout_text[{language!r}]: {theirs['country']} {field}"
            )


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_each_page_is_in_its_language_and_links_the_others(
    docs_sites: dict[str, SphinxTestApp], language: str
) -> None:
    """``<html lang>``, the language menu (each name in its own language), ``hreflang``."""
    base = docs_sites["en"].config.html_baseurl
    for code, app in docs_sites.items():
        for page in PAGES:
            html = soup(Path(app.outdir), page)
            assert html.html is not None, page
            assert html.html["lang"] == code, page
            alternates = {
                link["hreflang"]: link["href"]
                for link in html.select("link[rel=alternate][hreflang]")
            }
            assert alternates == {
                "en": f"{base}{page}.html",
                language: f"{base}{language}/{page}.html",
                "x-default": f"{base}{page}.html",
            }, page
            menu = html.select_one("nav.sidebar-language")
            assert menu is not None, page
            names = {item["lang"]: item.get_text(strip=True) for item in menu.select("[lang]")}
            assert names == {"en": "English", "es": "Español"}, page
            (current,) = menu.select("[aria-current]")
            assert current["lang"] == code
            (other,) = menu.select("a[hreflang]")
            site = Path(docs_sites["en"].outdir, "" if code == "en" else code)
            assert (site / other["href"]).resolve().is_file(), f"{code}/{page}: {other['href']}"


def test_the_sitemap_lists_every_page_in_every_language(
    docs_sites: dict[str, SphinxTestApp],
) -> None:
    urlset = ElementTree.parse(Path(docs_sites["en"].outdir, "sitemap.xml")).getroot()
    base = docs_sites["en"].config.html_baseurl
    entries = urlset.findall(f"{SITEMAP}url")
    locations = {entry.findtext(f"{SITEMAP}loc") for entry in entries}
    for language in LANGUAGES:
        prefix = base if language == "en" else f"{base}{language}/"
        for page in PAGES:
            assert f"{prefix}{page}.html" in locations
    for entry in entries:
        hreflangs = {link.get("hreflang") for link in entry.findall(f"{XHTML}link")}
        assert hreflangs == set(LANGUAGES), entry.findtext(f"{SITEMAP}loc")


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_translated_site_offers_its_own_pdfs(
    docs_sites: dict[str, SphinxTestApp], language: str
) -> None:
    for code, app in docs_sites.items():
        links = soup(Path(app.outdir), "index").select(".sidebar-handout-download a[href]")
        assert links, code
        for link in links:
            name = Path(link["href"]).name
            assert name.startswith(CONF["handout_name"]), name
            assert ("-es" in name) == (code == "es"), (code, name)


def test_untranslated_text_falls_back_to_english_with_a_notice(tmp_path: Path) -> None:
    """A message new in English (no translation yet) is shown in English, marked as English,
    and its page says, in Spanish, that part of it awaits translation. No other page does."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("*.mo", "_build"))
    safety = docs / "locale" / "es" / "LC_MESSAGES" / "safety.po"
    text = safety.read_text("utf-8")
    english = "Ketamine can be misused"
    spanish = "La ketamina se puede usar mal"
    assert f'msgstr "{spanish}"' in text
    safety.write_text(text.replace(f'msgstr "{spanish}"', 'msgstr ""'), "utf-8")
    app = build_app(
        "html", docs, builddir=tmp_path / "out", freshenv=True, confoverrides={"language": "es"}
    )
    assert warnings_of(app) == []
    site = Path(app.outdir)
    notice = CONF["handout_text"]["es"]["untranslated"]
    page = soup(site, "safety")
    (shown,) = page.select("p.handout-untranslated")
    assert shown.get_text(strip=True) == notice
    (heading,) = [h for h in page.select("h2") if english in h.get_text()]
    assert heading.find_parent(lang="en") is not None or heading.get("lang") == "en"
    assert spanish not in page.get_text()
    for other in PAGES:
        if other != "safety":
            assert not soup(site, other).select("p.handout-untranslated"), other

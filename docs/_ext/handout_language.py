"""The handout in the build's language, and the way to the same page in the other languages.

``language`` (conf.py, or ``sphinx-build -D language=es``) picks the build's words from
conf.py's ``handout_text``; a text that a language lacks is shown in English. At
``config-inited``, before the other extensions read them, this sets every setting that
shows those words, so that each is written once: the title, the date format, the crisis bar
and the footer notice (template context), the PDF's title block and metadata, the
related-reading labels, OpenGraph, the 404 page, and where this language's site and PDFs
live (English at the site's root, another language at ``<site>/<language>/``).

On every HTML page it offers the same page in the other languages: the sidebar's language
menu (``handout_languages`` in templates) and ``<link rel="alternate" hreflang>``; and the
English build's ``sitemap.xml`` lists every page in every language. Pages get the
``handout-text`` directive, for the words above that a page shows (the crisis lines, the
disclaimer, the subtitle): made from conf.py, not from the page, they are not messages to
translate.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit
from xml.etree import ElementTree

from babel.dates import format_date
from docutils import nodes
from docutils.parsers.rst import directives
from handout_pdf import latex_elements
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The reference language: its site is the root, and its words stand in for missing ones.
REFERENCE = "en"
_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML = "http://www.w3.org/1999/xhtml"


def words_for(config: Config, language: str) -> dict[str, Any]:
    return {**config.handout_text[REFERENCE], **config.handout_text.get(language, {})}


def long_date(day: date, words: dict[str, Any], language: str) -> str:
    return format_date(day, words["date_format"], locale=language)


def site_url(root: str, language: str) -> str:
    """Where a language's site lives: the root for the reference, else ``<root><language>/``."""
    return root if language == REFERENCE else f"{root}{language}/"


def apply_language(_app: Sphinx, config: Config) -> None:
    """Every setting that shows the words around the pages, in the build's language."""
    language = config.language
    if language not in config.handout_text:
        raise ConfigError(
            f"language {language!r} has no words in handout_text (conf.py): "
            f"add them, or build one of {', '.join(config.handout_text)}"
        )
    words = words_for(config, language)
    config.handout_words = words
    config.handout_site_root = config.html_baseurl
    config.html_baseurl = site_url(config.html_baseurl, language)
    if language != REFERENCE:
        config.handout_pdf_dir = str(Path(config.handout_pdf_dir) / language)
        config.handout_name = f"{config.handout_name}-{language}"
    config.handout_papers = words["papers"]
    config.handout_pdf_language = words["pdf_language"]

    title, checked = words["title"], long_date(config.handout_last_reviewed, words, language)
    due = long_date(config.handout_next_review, words, language)
    config.project = config.html_title = config.ogp_site_name = title
    repository = config.handout_repository
    config.myst_substitutions = {
        "last_reviewed": checked,
        "next_review": due,
        "report_issue": f"[{repository}/issues]({repository}/issues)",
    }
    config.html_context = {
        **config.html_context,
        "handout_words": words,
        "handout_last_reviewed": checked,
        "handout_next_review": due,
        "handout_last_reviewed_iso": config.handout_last_reviewed.isoformat(),
        "handout_next_review_iso": config.handout_next_review.isoformat(),
    }
    config.html_theme_options = {
        **config.html_theme_options,
        # The crisis lines on every page, above everything else (the full lines: the footer).
        "announcement": f"<strong>{escape(words['crisis_bar'])}</strong> "
        + " ".join(
            f'<span class="crisis-line"><strong>{escape(line["country"])}:</strong> '
            f"{escape(line['short'])}.</span>"
            for line in words["crisis_lines"]
        ),
    }
    config.related_reading_backrefs_label = words["cited_in"]
    config.related_reading_latex_backrefs_label = words["cited_on"]
    config.related_reading_latex_list_label = words["sources_for_page"]

    config.latex_documents = [
        (start, f"{config.handout_name}.tex", title, author, theme, *rest)
        for start, _target, _title, author, theme, *rest in config.latex_documents
    ]
    config.latex_elements = {
        **latex_elements(words=words, last_reviewed=checked, next_review=due),
        **config.latex_elements,  # conf.py's and -D's own keys (the paper size) win
    }

    config.ogp_site_url = config.html_baseurl
    config.notfound_urls_prefix = urlsplit(config.html_baseurl).path
    config.notfound_context = {
        "title": words["not_found_title"],
        "body": (
            f"<h1>{escape(words['not_found_title'])}</h1>\n"
            f"<p>{escape(words['not_found_text'])}</p>\n"
            f'<p><a href="{config.notfound_urls_prefix}index.html">'
            f"{escape(words['not_found_link'])}</a>, {escape(words['not_found_rest'])}</p>\n"
        ),
    }


def other_languages(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    """The same page in every language, for the language menu and ``hreflang`` links."""
    config = app.config
    page = app.builder.get_target_uri(pagename)
    if pagename == getattr(config, "notfound_pagename", None):
        page = ""  # served at any address: offer each language's start page
    here = site_url("", config.language) + page
    languages, links = [], []
    for code in [*config.handout_text, "x-default"]:
        language = REFERENCE if code == "x-default" else code
        absolute = site_url(config.handout_site_root, language) + page
        links.append(f'<link rel="alternate" hreflang="{code}" href="{absolute}" />')
        if code == "x-default":
            continue
        there = site_url("", language) + page
        languages.append(
            {
                "code": language,
                "name": words_for(config, language)["language_name"],
                "url": relative_uri(here, there) if page else absolute,
                "current": language == config.language,
            }
        )
    context["handout_languages"] = languages
    context["metatags"] = (context.get("metatags") or "") + "\n" + "\n".join(links)


def _page_context(
    app: Sphinx, pagename: str, _template: str, context: dict[str, Any], doctree: Any
) -> None:
    other_languages(app, pagename, context)
    # A translated page with text not translated yet says so, in its language.
    progress = doctree.get("translation_progress") if doctree is not None else None
    behind = (
        progress and app.config.language != REFERENCE and progress["translated"] < progress["total"]
    )
    context["handout_untranslated"] = app.config.handout_words["untranslated"] if behind else ""


def mark_untranslated(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """Text that falls back to English is marked as English (``lang="en"`` in HTML)."""
    if app.config.language == REFERENCE:
        return
    for node in doctree.findall(nodes.Element):
        if node.get("translated") is False:
            node["classes"].append(f"language-{REFERENCE}")


def sitemap_every_language(app: Sphinx, exception: BaseException | None) -> None:
    """The reference build's sitemap.xml: each page in every language, with its alternates.

    sphinx-sitemap writes the reference language's pages; every language has the same
    pages (untranslated text falls back to English), so each entry gets its translations.
    """
    config = app.config
    sitemap = Path(app.builder.outdir, "sitemap.xml")
    if exception or config.language != REFERENCE or not sitemap.is_file():
        return
    ElementTree.register_namespace("", _SITEMAP)
    ElementTree.register_namespace("xhtml", _XHTML)
    tree = ElementTree.parse(sitemap)
    urlset = tree.getroot()
    root = config.handout_site_root
    for entry in list(urlset):
        loc = entry.find(f"{{{_SITEMAP}}}loc")
        if loc is None or not (loc.text or "").startswith(root):
            continue
        link = loc.text.removeprefix(root)
        lastmod = entry.find(f"{{{_SITEMAP}}}lastmod")
        for alternate in entry.findall(f"{{{_XHTML}}}link"):
            entry.remove(alternate)
        for code in config.handout_text:
            page = entry if code == REFERENCE else ElementTree.SubElement(urlset, "url")
            if code != REFERENCE:
                ElementTree.SubElement(page, f"{{{_SITEMAP}}}loc").text = (
                    site_url(root, code) + link
                )
                if lastmod is not None:
                    ElementTree.SubElement(page, f"{{{_SITEMAP}}}lastmod").text = lastmod.text
            for other in config.handout_text:
                ElementTree.SubElement(
                    page,
                    f"{{{_XHTML}}}link",
                    rel="alternate",
                    hreflang=other,
                    href=site_url(root, other) + link,
                )
    tree.write(sitemap, xml_declaration=True, encoding="utf-8")


class HandoutText(SphinxDirective):
    """``handout-text`` with one of :data:`NAMES`: words from conf.py, in the build's language.

    They are translated in conf.py, so they are not messages for the page's catalogue.
    """

    NAMES: ClassVar[tuple[str, ...]] = (
        "crisis-lines",
        "crisis-lines-short",
        "disclaimer",
        "subtitle",
        "translation-note",
    )
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = directives.choice(self.arguments[0], self.NAMES)
        words = self.config.handout_words
        if name.startswith("crisis-lines"):
            field = "short" if name.endswith("short") else "text"
            items = []
            for line in words["crisis_lines"]:
                text = line[field][0].upper() + line[field][1:].rstrip(".") + "."
                country = nodes.strong("", f"{line['country']}:")
                items.append(nodes.list_item("", _words(country, nodes.Text(f" {text}"))))
            return [nodes.bullet_list("", *items, bullet="-")]
        if name == "disclaimer":
            return [_words(nodes.Text(words["disclaimer"]))]
        if name == "subtitle":
            subtitle = nodes.inline(
                "", "", nodes.strong("", words["subtitle"]), classes=["signpost"]
            )
            return [_words(subtitle, classes=["handout-subtitle"])]
        return self.translation_note(words)

    def translation_note(self, words: dict[str, Any]) -> list[nodes.Node]:
        """A translation says what it translates, who made it and how to report an error."""
        note = words.get("translation_note")
        if not note:
            return []
        english = long_date(words["translated_from"], words, self.config.language)
        issues = f"{self.config.handout_repository}/issues"
        title = nodes.rubric("", note["title"], heading_level=3, translatable=False)
        found: list[nodes.Node] = [title]
        for paragraph in note["paragraphs"]:
            before, link, after = paragraph.replace("{date}", english).partition("{issues}")
            parts: list[nodes.Node] = [nodes.Text(before)]
            if link:
                parts += [nodes.reference(issues, issues, refuri=issues), nodes.Text(after)]
            found.append(_words(*parts))
        return found


def _words(*children: nodes.Node, classes: list[str] | None = None) -> nodes.paragraph:
    """A paragraph of conf.py's words: not a message of the page's catalogue."""
    return nodes.paragraph("", "", *children, classes=classes or [], translatable=False)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handout_text", {}, "env", dict)
    app.add_config_value("handout_last_reviewed", date.today(), "env", date)
    app.add_config_value("handout_next_review", date.today(), "env", date)
    app.add_config_value("handout_repository", "", "env", str)
    app.add_config_value("handout_source_branch", "main", "env", str)
    # Set from the above, for this build's language (not set in conf.py):
    app.add_config_value("handout_words", {}, "env", dict)
    app.add_config_value("handout_site_root", "", "env", str)
    app.add_directive("handout-text", HandoutText)
    # Before every other extension reads the settings this writes.
    app.connect("config-inited", apply_language, priority=100)
    app.connect("html-page-context", _page_context)
    app.connect("doctree-resolved", mark_untranslated)
    # After sphinx-sitemap has written sitemap.xml.
    app.connect("build-finished", sitemap_every_language, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

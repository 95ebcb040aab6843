"""Small additions for hosting the site (a docs-local Sphinx extension).

- Every page gets ``<meta name="description">`` and the same text as its OpenGraph
  ``og:description`` (what search results and link previews show):

  * the page's own description when its MyST front matter sets one::

        ---
        myst:
          html_meta:
            description: "One or two plain sentences about this page."
        ---

  * otherwise the page's opening prose: its first top-level paragraphs, without the
    "[3]" citation markers, cut at a sentence end (or a word) within
    ``ogp_description_length`` characters. sphinxext-opengraph's own automatic
    description is the last resort (it would keep the markers and run headings into
    the text).

- The 404 page asks search engines not to index it, and its PDF download link (from
  docs/_ext/handout_download.py) is made absolute like its other links, since the page
  is served at whatever address was mistyped.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_META_DESCRIPTION = re.compile(
    r"<meta\b(?=[^>]*\bname=\"description\")[^>]*\bcontent=\"(?P<content>[^\"]*)\"", re.I
)
#: Shorter than this, the description takes the next paragraph too.
_MIN_DESCRIPTION = 90


def _is_citation(node: nodes.Node) -> bool:
    """A related_reading citation ("[3]"): a reference with the ``related-ref`` class."""
    return isinstance(node, nodes.Element) and "related-ref" in node.get("classes", [])


def _prose(paragraph: nodes.paragraph) -> str:
    copy = paragraph.deepcopy()
    for citation in list(copy.findall(_is_citation)):
        citation.parent.remove(citation)
    text = " ".join(copy.astext().split())
    return re.sub(r"\s+([.,;:!?)])", r"\1", text)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    sentence_end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    if sentence_end >= limit // 2:
        return head[: sentence_end + 1]
    return head.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def page_description(doctree: nodes.document, limit: int) -> str:
    """The page's opening prose, at most ``limit`` characters ("" if it has none)."""
    text = ""
    for paragraph in doctree.findall(nodes.paragraph):
        # Prose only: not lists, admonitions, tables, the appendix or the toctree.
        if not isinstance(paragraph.parent, (nodes.section, nodes.document)):
            continue
        text = f"{text} {_prose(paragraph)}".strip()
        if len(text) >= _MIN_DESCRIPTION:
            break
    return _shorten(text, limit)


def _notfound_page(app: Sphinx) -> str | None:
    """The 404 page's name, when sphinx-notfound-page is loaded."""
    return getattr(app.config, "notfound_pagename", None)


def _page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if pagename == _notfound_page(app):
        context["metatags"] = context.get("metatags", "") + (
            '\n<meta name="robots" content="noindex" />'
        )
        return
    if doctree is None:  # search, genindex: no page text
        return
    metatags = context.get("metatags") or ""
    match = _META_DESCRIPTION.search(metatags)
    if match:
        description = match["content"]  # already HTML-escaped
    else:
        description = html.escape(page_description(doctree, app.config.ogp_description_length))
        if not description:
            return  # sphinxext-opengraph's automatic description, if any
        context["metatags"] = f'{metatags}\n<meta name="description" content="{description}" />'
    # sphinxext-opengraph copies "og:*" page metadata into its tags (after this runs).
    # A copy: the environment's own metadata must not change.
    context["meta"] = {"og:description": description, **(context.get("meta") or {})}


def _absolute_links_on_404(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """After the other extensions: a relative link in a template value would break there."""
    if pagename != _notfound_page(app):
        return
    prefix = getattr(app.config, "notfound_urls_prefix", None) or "/"
    context["handout_pdfs"] = [
        {**pdf, "url": prefix.rstrip("/") + "/" + pdf["url"]}
        if not urlsplit(pdf["url"]).scheme and not pdf["url"].startswith("/")
        else pdf
        for pdf in context.get("handout_pdfs", [])
    ]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxext.opengraph")
    # Before sphinxext-opengraph (default priority 500) reads the page metadata.
    app.connect("html-page-context", _page_context, priority=450)
    app.connect("html-page-context", _absolute_links_on_404, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

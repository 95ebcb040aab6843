"""A ``<meta name="description">`` for Sphinx's generated pages (the index, search).

The pages written from MyST files get theirs from the hosting setup (front matter or
opening text); the pages Sphinx generates have no source to take one from, and Lighthouse's
SEO score (``nox -s audit``) is 1.0 only with one on every indexable page. This adds one
only to a generated page that has none, so it never duplicates another extension's.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Each generated page's description: its words in conf.py's ``handout_text``.
DESCRIPTIONS = {"genindex": "index_description", "search": "search_description"}


def add_description(
    app: Sphinx, pagename: str, _template: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is not None or pagename not in DESCRIPTIONS:
        return
    metatags = context.get("metatags") or ""
    if 'name="description"' in metatags:
        return
    text = app.config.handout_words[DESCRIPTIONS[pagename]].format(title=app.config.project)
    context["metatags"] = f'{metatags}<meta name="description" content="{html.escape(text)}">\n'


def setup(app: Sphinx) -> dict[str, Any]:
    # After other extensions (default priority 500), so that theirs wins if they add one.
    app.connect("html-page-context", add_description, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

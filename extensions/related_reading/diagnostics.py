"""Warnings: ``related_reading.<subtype>``, always with the file and line, so that
``suppress_warnings`` silences exactly one kind. The README says how to fix each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes


_HOW = "'- [Title](https://...) — annotation'"
NO_ASCII = "it has no ASCII letters or digits (keys use a-z, 0-9 and '-')"

#: Every subtype, with its message (``str.format`` fields given by the caller).
SUBTYPES = {
    "empty": f"related-reading has no list items; write one per source: {_HOW}",
    "not-a-list": "related-reading holds a list of links; this {what} is shown but is no entry",
    "no-link": f"this related-reading item has no link; write it as {_HOW}",
    "internal-link": "related reading links to external sources, not to {target!r}; "
    "link to this site's pages from the text",
    "unsafe-scheme": "'{scheme}:' links are not allowed in related reading (allowed: "
    "{allowed}); it is shown as plain text",
    "invalid-url": "{url!r} cannot be a link: {reason}; it is shown as plain text",
    "extra-link": "only an item's first link is its source: {target!r} is not in the "
    "appendix; give each source its own list item",
    "tracking-params": "removed tracking parameters ({removed}) from {url}; link to "
    "{clean} instead",
    "invalid-key": "{key!r} is not a key: {why}",
    "key-syntax": "{key} is not read as a key here: {fix}",
    "key-conflict": "key {key!r} already names {owner} (at {at}); {outcome}",
    "title-conflict": "{url} is listed as {title!r} here but as {first!r} at {at}; the "
    "appendix uses the first title",
    "unknown-key": "no related-reading list has an entry with key {key!r}",
    "no-appendix": "pages list related reading but no page has a related-reading-appendix "
    "directive, so entries have nowhere to link to",
    "duplicate-appendix": "only one related-reading-appendix is allowed; the first, at {at} "
    "on page {page!r}, is used, and this one points to it",
}

_logger = logging.getLogger("related_reading")


def warn(subtype: str, location: nodes.Node | str, **fields: object) -> None:
    """Log a ``related_reading.<subtype>`` warning at ``location``."""
    text = SUBTYPES[subtype].format(**fields)
    _logger.warning(text, type="related_reading", subtype=subtype, location=location)

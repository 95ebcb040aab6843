"""Warnings: one type, a subtype per problem, always with a file and line.

``-W`` turns them into errors; ``suppress_warnings = ["related_reading.<subtype>"]``
silences exactly one kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes

__all__ = ["SUBTYPES", "WARNING_TYPE", "logger", "warn"]

WARNING_TYPE = "related_reading"

#: Every subtype, with what it means (the README documents how to fix each).
SUBTYPES = {
    "empty": "a related-reading directive with no list items",
    "not-a-list": "content in a related-reading directive that is not a bullet list",
    "no-link": "a list item without a link",
    "internal-link": "a relative or internal link where an external one is needed",
    "unsafe-scheme": "a URL scheme not in related_reading_allowed_schemes",
    "invalid-url": "a URL that cannot be a link (no host, a port out of range, control characters)",
    "extra-link": "a list item with more than one link: only the first is its source",
    "tracking-params": "tracking parameters removed from a URL",
    "invalid-key": "a key with no ASCII letters or digits, or one MyST could not read",
    "key-syntax": "{#key} written where it is not key syntax (no attrs_inline; reStructuredText)",
    "key-conflict": "one key claimed for two different URLs, by authors or derived from URLs",
    "title-conflict": "one URL listed with different titles",
    "unknown-key": "a citation of a key that no list defines",
    "no-appendix": "entries exist but no page has the appendix directive",
    "duplicate-appendix": "more than one appendix directive",
}

logger = logging.getLogger("related_reading")


def warn(subtype: str, message: str, location: nodes.Node | str | None) -> None:
    """Log ``message`` as a ``related_reading.<subtype>`` warning at ``location``."""
    assert subtype in SUBTYPES, subtype
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)

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
    "tracking-params": "tracking parameters removed from a URL",
    "invalid-key": "a key with no letters or digits",
    "key-syntax": "{#key} written but MyST's attrs_inline extension is off",
    "key-conflict": "one key used for two different URLs",
    "title-conflict": "one URL listed with different titles",
    "unknown-key": "a citation of a key that no list defines",
    "no-appendix": "entries exist but no page has the appendix directive",
    "duplicate-appendix": "more than one appendix directive",
}

logger = logging.getLogger("related_reading")


def warn(
    subtype: str,
    message: str,
    location: nodes.Node | tuple[str, int | None] | str | None,
) -> None:
    """Log ``message`` as a ``related_reading.<subtype>`` warning at ``location``."""
    assert subtype in SUBTYPES, subtype
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)

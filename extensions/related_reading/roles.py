"""The ``{related}`key``` role: cite an entry in running text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from .diagnostics import warn
from .nodes import related_citation
from .urls import normalize_key

if TYPE_CHECKING:
    from docutils.nodes import Node, system_message

__all__ = ["RelatedRole"]


class RelatedRole(SphinxRole):
    """Renders a short forward link ("[3]") to the entry and marks this spot as citing it.

    Whether the key exists is only known once every page is read, so an unknown key is
    reported by the global step, with this role's file and line. Until the page is
    written, the spot is a ``related_citation``: a node much smaller than a
    ``pending_xref``, because every page read stays in memory until it is written.
    """

    def run(self) -> tuple[list[Node], list[system_message]]:
        key = normalize_key(self.text)
        if not key:
            warn(
                "invalid-key",
                f"{self.rawtext} cites no key: write {{related}}`some-key`, "
                "where some-key is a {#some-key} in a related-reading list",
                self.get_location(),
            )
            return [nodes.inline(self.rawtext, self.text, classes=["related-ref"])], []
        citation = related_citation(key=key)
        self.set_source_info(citation)
        return [citation], []

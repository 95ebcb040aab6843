"""The ``related`` role: cite an entry in running text."""

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
    """A short forward link ("[3]") to the entry, and a place its appendix entry links
    back to. Whether the key exists is only known once every page is read: an unknown
    key is reported then, with this role's file and line."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        key = normalize_key(self.text)
        if not key:
            why = "it has no ASCII letters or digits (keys use a-z, 0-9 and '-')"
            warn("invalid-key", self.get_location(), key=self.text, why=why)
            return [nodes.inline(self.rawtext, self.text, classes=["related-ref"])], []
        citation = related_citation(self.rawtext, key=key)
        self.set_source_info(citation)
        return [citation], []

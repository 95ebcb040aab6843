"""The two transforms: collect places while reading, render them while writing.

``CollectPlaces`` runs on each document as it is read (in a worker process under
``-j``): it gives every list item and citation a stable anchor and stores plain
records in the domain. ``RenderRelatedReading`` runs when a document is written,
after the global step has numbered the entries, and before references are resolved.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import get_domain
from .nodes import related_reading_appendix
from .records import AppendixRecord, Listing, Place
from .render import Renderer
from .urls import derive_key

__all__ = ["CollectPlaces", "RenderRelatedReading"]


def _is_ours(node: nodes.Node) -> bool:
    """List items' title links, citations, appendix placeholders."""
    if isinstance(node, nodes.reference):
        return "related_identity" in node.attributes
    if isinstance(node, addnodes.pending_xref):
        return bool(node.get("refdomain") == "related" and node.get("reftype") == "cite")
    return isinstance(node, related_reading_appendix)


def _context(node: nodes.Node) -> tuple[str, tuple[str, ...], int]:
    """Where a node sits, in one walk up the tree: its section title, the expressions of
    the ``only`` directives around it (outermost first), and its nearest line number."""
    section = ""
    exprs: list[str] = []
    line = node.line or 0
    ancestor = node.parent
    while ancestor is not None:
        if not line and ancestor.line:
            line = ancestor.line
        if isinstance(ancestor, addnodes.only):
            exprs.append(ancestor["expr"])
        elif (
            not section
            and isinstance(ancestor, nodes.section)
            and ancestor.children
            and isinstance(ancestor[0], nodes.title)
        ):
            section = " ".join(ancestor[0].astext().split())
        ancestor = ancestor.parent
    return section, tuple(reversed(exprs)), line


class CollectPlaces(SphinxTransform):
    """Anchor every list item and citation, and record them in the domain."""

    # After docutils' own reference transforms, before Sphinx's domain collection (850).
    default_priority = 840

    def apply(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        docname = self.env.current_document.docname
        taken: dict[str, int] = {}
        for node in list(self.document.findall(_is_ours)):
            assert isinstance(node, nodes.Element)
            section, conditions, lineno = _context(node)
            if isinstance(node, related_reading_appendix):
                domain.note_appendix(AppendixRecord(docname, lineno, node["sort"], conditions))
                continue
            listing = isinstance(node, nodes.reference)
            if listing:
                key = node.attributes.pop("related_key")
                base = key or derive_key(node["related_identity"])
                anchor = self._anchor(f"rr-list-{base}", taken)
            else:
                key = node["reftarget"]
                anchor = self._anchor(f"rr-cite-{key}", taken)
            node["ids"].append(anchor)
            self.document.ids[anchor] = node
            place = Place(
                kind="list" if listing else "cite",
                docname=docname,
                lineno=lineno,
                anchor=anchor,
                section=section,
                conditions=conditions,
                key=key,
            )
            if listing:
                record: Listing | Place = Listing(
                    place=place,
                    url=node["refuri"],
                    identity=node["related_identity"],
                    title=node.attributes.pop("related_title"),
                    annotation=node.attributes.pop("related_annotation"),
                )
            else:
                record = place
            domain.note_place(docname, record)

    def _anchor(self, prefix: str, taken: dict[str, int]) -> str:
        """``prefix-N``: N counts this prefix in the document, so ids stay stable."""
        number = taken.get(prefix, 0) + 1
        while f"{prefix}-{number}" in self.document.ids:
            number += 1
        taken[prefix] = number
        return f"{prefix}-{number}"


class RenderRelatedReading(SphinxPostTransform):
    """Fill in forward links and the appendix from the numbered catalogue."""

    # Before ReferencesResolver (10): the links made here are already resolved.
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        renderer = Renderer(domain, self.env, self.config)
        for node in list(self.document.findall(_is_ours)):
            if isinstance(node, related_reading_appendix):
                node.replace_self(renderer.appendix(node))
            elif isinstance(node, addnodes.pending_xref):
                renderer.citation(node)
            else:
                assert isinstance(node, nodes.reference)
                renderer.listed(node)
        if domain.builder_format == "latex":
            for container in list(self.document.findall(nodes.container)):
                if "related-reading" in container["classes"]:
                    renderer.compact_list(container)

"""The two transforms: collect places while reading, render them while writing.

``CollectPlaces`` runs on each document as it is read (in a worker process under
``-j``): it gives every list item and citation a stable anchor and stores plain
records in the domain. ``RenderRelatedReading`` runs when a document is written,
after the global step has numbered the entries, and before references are resolved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import get_domain
from .nodes import related_citation, related_reading_appendix
from .records import AppendixRecord, Place, from_rows
from .render import Renderer
from .urls import derive_key
from .walk import preorder

if TYPE_CHECKING:
    from .domain import RelatedReadingDomain

__all__ = ["PER_DOCUMENT_BUILDERS", "CollectPlaces", "RenderRelatedReading"]

#: Builders that write each document from its own doctree, so that the document's ``ids``
#: know every node in it. Others (LaTeX, singlehtml, texinfo, man) assemble several
#: documents into one tree, and the extension walks that tree instead.
PER_DOCUMENT_BUILDERS = frozenset({"html", "dirhtml", "epub"})


def _is_ours(node: nodes.Node) -> bool:
    """List items' title links, citations, appendix placeholders."""
    if isinstance(node, nodes.reference):
        return "related_identity" in node.attributes
    return isinstance(node, related_citation | related_reading_appendix)


def _find_ours(root: nodes.Node) -> list[nodes.Element]:
    """What ``root.findall(_is_ours)`` finds, in the same order (see ``walk``)."""
    return [node for node in preorder(root) if isinstance(node, nodes.Element) and _is_ours(node)]


def _attached(node: nodes.Element, root: nodes.Node) -> bool:
    """Whether ``node`` is in ``root``'s tree (a replaced node still names its parent)."""
    while node.parent is not None:
        parent = node.parent
        if node not in parent.children:  # elements compare by identity
            return False
        node = parent
    return node is root


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
        found: list[Place] = []
        for node in _find_ours(self.document):
            section, conditions, lineno = _context(node)
            if isinstance(node, related_reading_appendix):
                domain.note_appendix(AppendixRecord(docname, lineno, node["sort"], conditions))
                continue
            if isinstance(node, nodes.reference):  # a list item's title link
                key = node.attributes.pop("related_key")
                base = key or derive_key(node["related_identity"])
                anchor = self._anchor(f"rr-list-{base}", taken)
                place = Place(
                    "list",
                    docname,
                    lineno,
                    anchor,
                    section,
                    conditions,
                    key,
                    url=node["refuri"],
                    identity=node["related_identity"],
                    title=node.attributes.pop("related_title"),
                    annotation=node.attributes.pop("related_annotation"),
                )
            else:
                key = node["key"]
                anchor = self._anchor(f"rr-cite-{key}", taken)
                place = Place("cite", docname, lineno, anchor, section, conditions, key)
            node["ids"].append(anchor)
            self.document.ids[anchor] = node
            found.append(place)
        domain.note_places(docname, found)

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
        builder = domain.builder
        per_document = builder is not None and builder.name in PER_DOCUMENT_BUILDERS
        found = self._by_anchor(domain) if per_document else None
        for node in _find_ours(self.document) if found is None else found:
            if isinstance(node, related_reading_appendix):
                node.replace_self(renderer.appendix(node))
            elif isinstance(node, related_citation):
                renderer.citation(node)
            else:
                assert isinstance(node, nodes.reference)
                renderer.listed(node)
        if domain.builder_format == "latex":
            for listing in list(self.document.findall(nodes.Element)):
                if (
                    isinstance(listing, nodes.Sequential)
                    and "related-reading" in listing["classes"]
                ):
                    renderer.compact_list(listing)

    def _by_anchor(self, domain: RelatedReadingDomain) -> list[nodes.Element] | None:
        """This document's places, by the ids ``CollectPlaces`` gave them, and its
        appendix: no walk over the whole tree. ``None`` when any place is no longer where
        it was read (another extension replaced it): then the tree is walked. (A copy made
        after reading was never a place: it has no back link either way.)"""
        docname = self.env.current_document.docname
        ids = self.document.ids
        found: list[nodes.Element] = []
        for place in from_rows(domain.records.get(docname, ())):
            node = ids.get(place.anchor)
            if node is None or not _is_ours(node) or not _attached(node, self.document):
                return None
            found.append(node)
        if docname in domain.appendices:
            found.extend(self.document.findall(related_reading_appendix))
        return found

"""Docutils nodes for forward links and the appendix.

Only standard nodes, plus page numbers (``related_pageref``, ``related_pages``) and
footnote-free links (``related_href``) when the builder writes LaTeX. Links inside the
site are ``pending_xref`` nodes of the ``related`` domain, so Sphinx's own resolver turns
them into the right URL for every builder (``page.html#id``, ``%page#id`` in LaTeX).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from .nodes import related_href, related_pageref, related_pages

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.config import Config

    from .catalogue import Entry
    from .domain import RelatedReadingDomain
    from .nodes import related_reading_appendix
    from .records import Place

__all__ = ["Renderer"]


class Renderer:
    """Builds the nodes for one document, from the catalogue of this build."""

    def __init__(
        self, domain: RelatedReadingDomain, titles: Mapping[str, nodes.title], config: Config
    ) -> None:
        self.catalogue = domain.catalogue
        self.latex = domain.builder_format == "latex"
        self.titles = titles
        self.separator: str = config.related_reading_separator
        self.backrefs_label: str = config.related_reading_backrefs_label
        self.page_label: str = config.related_reading_page_label

    # -- forward links: "[3]" (HTML, text) or "[3, p. 7]" (LaTeX) --------------------

    def forward_link(self, ref: addnodes.pending_xref) -> None:
        """Give a forward link its text, or replace it when there is nothing to link to."""
        entry = (
            self.catalogue.by_identity.get(ref["reftarget"])
            if ref["reftype"] == "listing"
            else self.catalogue.lookup(ref["reftarget"])
        )
        appendix = self.catalogue.appendix
        if entry is None:
            # An unknown key (already reported, with its line) keeps its text visible.
            text = f"[{ref['reftarget']}?]" if ref["reftype"] == "cite" else ""
            ref.replace_self(nodes.inline(text, text, classes=["related-ref", "related-unknown"]))
            return
        if appendix is None:
            # No appendix (already reported): link straight to the source.
            label = f"[{entry.number}]"
            ref.replace_self(
                nodes.reference(
                    label, label, refuri=entry.url, reftitle=entry.title, classes=["related-ref"]
                )
            )
            return
        content = nodes.inline(classes=["related-ref"])
        if self.latex:
            content += nodes.Text(f"[{entry.number}, {self.page_label}")
            content += related_pageref(refdoc=appendix.docname, refid=entry.anchor)
            content += nodes.Text("]")
        else:
            content += nodes.Text(f"[{entry.number}]")
        ref.children = []
        ref += content

    # -- the appendix ------------------------------------------------------------------

    def appendix(self, placeholder: related_reading_appendix) -> list[nodes.Node]:
        here = self.catalogue.appendix
        docname = placeholder["docname"]
        if here is None or (here.docname, here.lineno) != (docname, placeholder.line or 0):
            # A second appendix (already reported): point readers at the real one.
            if here is None:
                return []
            para = nodes.paragraph(classes=["related-reading-pointer"])
            para += nodes.Text("All related reading is listed in ")
            para += addnodes.pending_xref(
                "",
                nodes.inline("", here.docname),
                refdomain="std",
                reftype="doc",
                reftarget=f"/{here.docname}",
                refdoc=docname,
                refexplicit=False,
            )
            para += nodes.Text(".")
            return [para]
        if not self.catalogue.entries:
            return [nodes.paragraph("", "No related reading is listed yet.")]
        listing = nodes.enumerated_list(
            enumtype="arabic",
            prefix="[",
            suffix="]",
            start=1,
            classes=["related-reading-appendix"],
        )
        for entry in self.catalogue.entries:
            listing += self._entry(entry, docname)
        return [listing]

    def _entry(self, entry: Entry, docname: str) -> nodes.list_item:
        item = nodes.list_item(classes=["related-entry"])
        heading = nodes.paragraph(classes=["related-entry-title"])
        if self.latex:
            # A LaTeX label lands a link on the entry itself, not on the section start.
            heading += nodes.target("", "", ids=[entry.anchor])
            heading += related_href("", entry.title, refuri=entry.url)
        else:
            item["ids"].append(entry.anchor)
            heading += nodes.reference(entry.title, entry.title, refuri=entry.url)
        if entry.annotation:
            heading += nodes.Text(f" \u2014 {entry.annotation}")
        item += heading
        item += nodes.paragraph(
            "",
            "",
            nodes.reference(entry.url, entry.url, refuri=entry.url),
            classes=["related-entry-url"],
        )
        item += self._backrefs(entry, docname)
        return item

    def _backrefs(self, entry: Entry, docname: str) -> nodes.paragraph:
        para = nodes.paragraph(classes=["related-entry-places"])
        para += nodes.Text(f"{self.backrefs_label} ")
        groups: dict[tuple[str, str], list[Place]] = {}
        for place in entry.places:
            groups.setdefault((place.docname, place.section), []).append(place)
        for index, ((place_doc, section), places) in enumerate(groups.items()):
            if index:
                para += nodes.Text("; ")
            para += self._backlink(places[0], self.place_label(place_doc, section), docname)
            if self.latex:
                para += nodes.Text(f", {self.page_label}")
                para += related_pages(labels=[f"{p.docname}:{p.anchor}" for p in places])
                continue
            for number, place in enumerate(places[1:], start=2):
                para += nodes.Text(" ")
                para += self._backlink(place, str(number), docname, classes=["related-again"])
        return para

    def place_label(self, docname: str, section: str) -> str:
        """ "Page title › Section", or just the page title at the top of a page."""
        title_node = self.titles.get(docname)
        page = " ".join(title_node.astext().split()) if title_node is not None else docname
        if section and section != page:
            return f"{page}{self.separator}{section}"
        return page

    def _backlink(
        self, place: Place, text: str, docname: str, classes: list[str] | None = None
    ) -> addnodes.pending_xref:
        return addnodes.pending_xref(
            "",
            nodes.inline(text, text, classes=["related-backref", *(classes or [])]),
            refdomain="related",
            reftype="place",
            reftarget=f"{place.docname}#{place.anchor}",
            refdoc=docname,
            refexplicit=True,
        )

"""Writing: forward links and the appendix, from this build's catalogue. Standard nodes
for every builder but LaTeX's page references; what differs is in ``builders.OUTPUTS``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .builders import internal_uri, output_of
from .catalogue import current_catalogue
from .collect import ancestors
from .markup import READING_LIST_CLASS
from .nodes import (
    related_citation,
    related_href,
    related_latex_ref,
    related_pages,
    related_reading_appendix,
)

if TYPE_CHECKING:
    from .catalogue import Entry
    from .domain import Place


def _is_ours(node: nodes.Node) -> bool:
    """Citations, appendices, and list items' title links (``collect``)."""
    if isinstance(node, nodes.reference):
        return "related_identity" in node
    return isinstance(node, related_citation | related_reading_appendix)


def _is_place_id(node_id: str) -> bool:
    return node_id.startswith(("rr-list-", "rr-cite-"))


class RenderRelatedReading(SphinxPostTransform):
    """Replace citations and appendices; give list items their forward links."""

    # Before ReferencesResolver (10), which resolves the pointer of a second appendix.
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        self.builder = self.env._app.builder
        self.out = output_of(self.builder)
        self.catalogue = current_catalogue(self.env)
        self.fromdoc = self.env.current_document.docname
        # The documents in this PDF: it prints page numbers only for them.
        sofs = self.document.findall(addnodes.start_of_file) if self.out.paper else ()
        self.included = {self.fromdoc, *(node["docname"] for node in sofs)}
        if self.out.paper and self.config.related_reading_latex_lists == "numbers":
            for listing in list(self.document.findall(nodes.Element)):
                if READING_LIST_CLASS in listing["classes"]:
                    self._as_numbers(listing)
        for node in cast("list[nodes.Element]", list(self.document.findall(_is_ours))):
            if isinstance(node, related_reading_appendix):
                node.replace_self(self._appendix(node))
            elif isinstance(node, related_citation):
                self._cite(node)
            else:
                self._listed(node)
        if self.out.one_page:
            self._rename_places()

    def _rename_places(self) -> None:
        """In one page, a place id ("rr-cite-k-1") gets its document's name. Documents are
        start_of_file nodes (only their children lists lead in); inner ones come later."""
        owner: dict[nodes.Element, str] = {}
        for holder in [self.document, *self.document.findall(addnodes.start_of_file)]:
            for node in holder.findall(nodes.Element):
                if any(map(_is_place_id, node["ids"])):
                    owner[node] = holder.get("docname", self.fromdoc)
        for node, docname in owner.items():
            node["ids"] = [f"document-{docname}-{i}" if _is_place_id(i) else i for i in node["ids"]]

    def _forward(self, entry: Entry, ids: list[str], title: str = "") -> nodes.Element:
        label, appendix = f"[{entry.number}]", self.catalogue.appendix
        if appendix is None:  # (reported) straight to the source
            link = nodes.reference(label, label, refuri=entry.url, reftitle=entry.title, ids=ids)
            link["classes"].append("related-ref")
            return link
        if self.out.paper and appendix.docname not in self.included:  # not in this PDF
            return nodes.inline(label, label, ids=ids, classes=["related-ref"])
        if self.out.paper:
            # A non-breaking space: "[3, p. 7]" stays on one line.
            text = f"[{entry.number},\u00a0{self.config.related_reading_page_label}"
            return related_latex_ref(
                refdoc=appendix.docname, refid=entry.anchor, text=text, ids=ids
            )
        uri = internal_uri(self.builder, self.fromdoc, appendix.docname, entry.anchor)
        link = nodes.reference(label, label, internal=True, refuri=uri, ids=ids)
        link["classes"].append("related-ref")
        if title:
            link["reftitle"] = title
        return link

    def _cite(self, citation: nodes.Element) -> None:
        space = [nodes.Text(" ")] if "space_before" in citation else []
        entry = self.catalogue.by_key.get(citation["key"])
        if entry is None:  # (reported) the key stays visible
            text, classes = f"[{citation['key']}?]", ["related-ref", "related-unknown"]
            citation.replace_self([*space, nodes.inline(text, text, classes=classes)])
        else:
            citation.replace_self([*space, self._forward(entry, citation["ids"], entry.title)])

    def _listed(self, link: nodes.Element) -> None:
        """A list item's title link: its forward link ends the link's paragraph."""
        entry = self.catalogue.by_identity.get(link["related_identity"])
        paragraph = next((a for a in ancestors(link) if isinstance(a, nodes.paragraph)), None)
        if entry is not None and paragraph is not None:
            paragraph += [nodes.Text(" "), self._forward(entry, [])]
        if self.out.paper:  # the appendix prints the URL: no footnote for it here
            href = related_href("", "", *link.children, refuri=link["refuri"], ids=link["ids"])
            link.replace_self(href)

    def _as_numbers(self, listing: nodes.Element) -> None:
        """On paper, if asked: a list as its entries' numbers ("[3, p. 8]") when every item
        is an entry. The items' ids go to their numbers, for the back links."""
        items = list(listing.findall(nodes.list_item))
        links = [n for n in listing.findall(nodes.reference) if "related_identity" in n]
        entries = [self.catalogue.by_identity.get(link["related_identity"]) for link in links]
        if not links or len(links) != len(items) or None in entries:
            return
        label = f"{self.config.related_reading_latex_list_label} "
        paragraph = nodes.paragraph("", label, classes=["related-reading-numbers"])
        for index, (link, entry) in enumerate(zip(links, entries, strict=True)):
            paragraph += [nodes.Text(", ")] if index else []
            paragraph += self._forward(cast("Entry", entry), link["ids"])
        listing.replace_self(paragraph)

    def _appendix(self, placeholder: nodes.Element) -> list[nodes.Node]:
        here = self.catalogue.appendix
        if here is None:
            return []
        if (here.docname, here.serial) != (placeholder["docname"], placeholder["serial"]):
            pointer = addnodes.pending_xref(  # a second appendix (reported) points here
                "",
                nodes.inline("", here.docname),
                refdomain="std",
                reftype="doc",
                reftarget=f"/{here.docname}",
                refdoc=placeholder["docname"],
                refexplicit=False,
            )
            text = "All related reading is listed in "
            classes = ["related-reading-pointer"]
            return [nodes.paragraph("", text, pointer, nodes.Text("."), classes=classes)]
        if not self.catalogue.entries:
            return [nodes.paragraph("", "No related reading is listed yet.")]
        if self.out.web or self.out.paper:  # they show "[1]" as the list's numbers
            listing: nodes.Element = nodes.enumerated_list(
                enumtype="arabic", prefix="[", suffix="]", start=1
            )
        else:  # others would write "1.": each number is written before its entry
            listing = nodes.definition_list()
        listing["classes"].append("related-reading-appendix")
        listing.extend(self._entry(entry) for entry in self.catalogue.entries)
        return [listing]

    def _entry(self, entry: Entry) -> nodes.Element:
        heading = nodes.paragraph(classes=["related-entry-title"])
        if self.out.paper:  # a label on the entry itself, not at its section's start
            heading += [nodes.target("", "", ids=[entry.anchor])]
            heading += related_href("", entry.title, refuri=entry.url)
        elif self.out.web:
            heading += nodes.reference(entry.title, entry.title, refuri=entry.url)
        else:  # the URL is printed below it
            heading += nodes.Text(entry.title)
        if entry.annotation:
            heading += nodes.Text(f" \u2014 {entry.annotation}")
        places = nodes.paragraph(classes=["related-entry-places", "no-search"])
        if self.out.paper:  # "Cited on p. 2, 4", each page a link to the place
            labels = [f"{p.docname}:{p.anchor}" for p in entry.places if p.docname in self.included]
            label = self.config.related_reading_latex_backrefs_label
            if labels:
                places += nodes.Text(f"{label} {self.config.related_reading_page_label}")
                places += related_pages(labels=labels)
        else:
            places += nodes.Text(f"{self.config.related_reading_backrefs_label} ")
            for index, (place, text, again) in enumerate(self._labelled(entry)):
                places += [nodes.Text(" " if again else "; ")] if index else []
                uri = internal_uri(self.builder, self.fromdoc, place.docname, place.anchor, True)
                classes = ["related-backref"] + ["related-again"] * again
                places += nodes.reference(text, text, internal=True, refuri=uri, classes=classes)
        if self.out.web:  # the title is the link, and the export lists every URL
            return nodes.list_item(
                "", heading, places, ids=[entry.anchor], classes=["related-entry"]
            )
        url: nodes.Node = nodes.Text(entry.url)  # paper and plain text cannot click
        if self.out.appendix_links:
            url = nodes.reference(entry.url, entry.url, refuri=entry.url)
        if self.out.paper:
            line = nodes.paragraph("", "", url, classes=["related-entry-url"])
            line += [nodes.Text(" \u2014 "), *places.children] if places.children else []
            return nodes.list_item("", heading, line, classes=["related-entry"])
        # Plain text: the URL in a line block, which is never wrapped: it copies whole.
        block = nodes.line_block("", nodes.line("", "", url), classes=["related-entry-url"])
        return nodes.definition_list_item(
            "",
            nodes.term("", f"[{entry.number}]"),
            nodes.definition("", heading, block, places),
            ids=[entry.anchor],
            classes=["related-entry"],
        )

    def _labelled(self, entry: Entry) -> list[tuple[Place, str, bool]]:
        """Each place and its link's text: "Page › Section" for the first place in a
        section, then "2", "3"... (``again``) for the others in that section."""
        groups: dict[tuple[str, str], list[Place]] = {}
        for place in entry.places:
            groups.setdefault((place.docname, place.section), []).append(place)
        labelled = []
        for (docname, section), places in groups.items():
            title = self.env.titles.get(docname)
            page = " ".join(title.astext().split()) if title is not None else docname
            text = f"{page}{self.config.related_reading_separator}{section}"
            labelled.append((places[0], text if section and section != page else page, False))
            labelled += [(place, str(n), True) for n, place in enumerate(places[1:], start=2)]
        return labelled

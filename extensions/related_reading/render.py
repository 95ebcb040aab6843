"""Docutils nodes for forward links and the appendix.

Only standard nodes, plus, when the builder writes LaTeX, page numbers
(``related_pageref``, ``related_pages``), footnote-free links (``related_href``) and
label links (``related_latex_ref``), and, for the html and dirhtml builders, forward
links and appendix entries as one node each (``related_forward``, ``related_entry``;
see ``ONE_NODE_BUILDERS``). Links inside the site are
resolved here with the builder's own URLs (``page.html#id``, ``page/#id``); should no
builder be known, they are left as ``pending_xref`` nodes for the domain's
``resolve_xref``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from .nodes import (
    annotation_suffix,
    related_entry,
    related_forward,
    related_href,
    related_latex_ref,
    related_pageref,
    related_pages,
)

if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .catalogue import Entry
    from .domain import RelatedReadingDomain
    from .nodes import related_citation, related_reading_appendix
    from .records import Place

__all__ = ["ONE_NODE_BUILDERS", "Renderer"]

#: Builders that write their HTML as the post-transforms leave it, and so get forward
#: links and appendix entries as one node each. Others may still work on references
#: afterwards (the epub builder prints each external link's URL after it), so they get
#: standard reference nodes, which every builder knows.
ONE_NODE_BUILDERS = frozenset({"html", "dirhtml"})


class Renderer:
    """Builds the nodes for one document, from the catalogue of this build."""

    def __init__(self, domain: RelatedReadingDomain, env: BuildEnvironment, config: Config) -> None:
        self.catalogue = domain.catalogue
        self.builder = domain.builder
        self.latex = domain.builder_format == "latex"
        self.html = domain.builder_format == "html"
        self.one_node = self.builder is not None and self.builder.name in ONE_NODE_BUILDERS
        self.fromdoc = env.current_document.docname
        self.titles = env.titles
        self.separator: str = config.related_reading_separator
        self.backrefs_label: str = config.related_reading_backrefs_label
        self.page_label: str = config.related_reading_page_label
        self.latex_backrefs_label: str = config.related_reading_latex_backrefs_label
        self.latex_lists: str = config.related_reading_latex_lists
        self.latex_list_label: str = config.related_reading_latex_list_label
        #: ``builder.get_relative_uri`` per target document: every forward link on a
        #: page goes to the appendix, and the appendix links back to each page many times.
        self._uris: dict[str, str] = {}
        #: Page titles as plain text: the appendix names each page once per entry it cites.
        self._page_titles: dict[str, str] = {}

    def _link(
        self,
        docname: str,
        anchor: str,
        children: list[nodes.Node],
        classes: list[str],
        title: str | None = None,
    ) -> nodes.Element:
        """A link to ``docname#anchor``, resolved now when the builder is known."""
        if self.latex:
            # One document: a label link, whatever file the link sits in.
            return related_latex_ref(
                "", "", *children, refdoc=docname, refid=anchor, classes=classes
            )
        if self.builder is None:
            return addnodes.pending_xref(
                "",
                nodes.inline("", "", *children, classes=classes),
                refdomain="related",
                reftype="place",
                reftarget=f"{docname}#{anchor}",
                refdoc=self.fromdoc,
                refexplicit=True,
            )
        link = nodes.reference(
            "", "", *children, internal=True, refuri=self._uri(docname, anchor), classes=classes
        )
        if title:
            link["reftitle"] = title
        return link

    def _uri(self, docname: str, anchor: str) -> str:
        """The builder's URL of ``docname#anchor``, relative to this document."""
        if docname == self.fromdoc:
            return f"#{anchor}"
        page = self._uris.get(docname)
        if page is None:
            assert self.builder is not None
            page = self._uris[docname] = self.builder.get_relative_uri(self.fromdoc, docname)
        return f"{page}#{anchor}"

    # -- forward links: "[3]" (HTML, text) or "[3, p. 7]" (LaTeX) --------------------

    def _forward(self, entry: Entry, title: str | None = None) -> nodes.Element:
        """ "[3]" (or "[3, p. 7]" on paper), linking to the entry; ``title`` is a tooltip."""
        appendix = self.catalogue.appendix
        label = f"[{entry.number}]"
        if appendix is None:
            # No appendix (already reported): link straight to the source.
            return nodes.reference(
                label, label, refuri=entry.url, reftitle=entry.title, classes=["related-ref"]
            )
        children: list[nodes.Node]
        if self.latex:
            # Non-breaking: "[3, p. 7]" never splits across lines.
            children = [
                nodes.Text(f"[{entry.number},\u00a0{self.page_label}"),
                related_pageref(refdoc=appendix.docname, refid=entry.anchor),
                nodes.Text("]"),
            ]
        elif self.one_node:
            # One node, already resolved (see related_forward).
            forward = related_forward(
                refuri=self._uri(appendix.docname, entry.anchor),
                label=label,
                classes=["related-ref"],
            )
            if title:
                forward["reftitle"] = title
            return forward
        else:
            children = [nodes.Text(label)]
        return self._link(appendix.docname, entry.anchor, children, ["related-ref"], title)

    def citation(self, ref: related_citation) -> None:
        """``{related}`key```: the forward link, or the key kept visible if unknown."""
        entry = self.catalogue.lookup(ref["key"])
        if entry is None:  # already reported, with its line
            text = f"[{ref['key']}?]"
            ref.replace_self(nodes.inline(text, text, classes=["related-ref", "related-unknown"]))
            return
        ref.replace_self(self._forward(entry, title=entry.title))

    def listed(self, link: nodes.reference) -> None:
        """A list item's title link: add its forward link at the end of the item's text."""
        entry = self.catalogue.by_identity.get(link["related_identity"])
        if entry is not None:
            paragraph = link.parent
            while paragraph is not None and not isinstance(paragraph, nodes.paragraph):
                paragraph = paragraph.parent
            if paragraph is not None:
                forward = self._forward(entry)
                if isinstance(forward, related_forward):
                    forward["space_before"] = True  # written by its visitor: no node for it
                else:
                    last = paragraph[-1] if paragraph.children else None
                    if isinstance(last, nodes.Text):  # one node fewer than a Text(" ")
                        paragraph[-1] = nodes.Text(f"{last} ")
                    else:
                        paragraph += nodes.Text(" ")
                paragraph += forward
        if self.latex:
            # The appendix prints the URL: no footnote for it here, just a link.
            href = related_href(
                "",
                "",
                *link.children,
                refuri=link["refuri"],
                related_identity=link["related_identity"],
            )
            link.replace_self(href)

    def compact_list(self, listing: nodes.Element) -> None:
        """On paper, optionally: a page's list as its entries' numbers ("[3, p. 8]").

        Only when every item is a valid entry; otherwise the list stays as written.
        The list items' anchors move to their numbers, so back links still land here.
        """
        if not self.latex or self.latex_lists != "numbers":
            return
        links = [
            link
            for link in listing.findall(nodes.Element)
            if isinstance(link, related_href | nodes.reference)
            and "related-title" in link["classes"]
        ]
        items = list(listing.findall(nodes.list_item))
        entries = [self.catalogue.by_identity.get(link["related_identity"]) for link in links]
        if not links or len(links) != len(items) or None in entries:
            return
        para = nodes.paragraph(classes=["related-reading-numbers"])
        para += nodes.Text(f"{self.latex_list_label} ")
        for index, (link, entry) in enumerate(zip(links, entries, strict=True)):
            assert entry is not None
            if index:
                para += nodes.Text(", ")
            forward = self._forward(entry)
            forward["ids"].extend(link["ids"])
            para += forward
        listing.replace_self(para)

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
            listing += self._entry(entry)
        return [listing]

    def _entry(self, entry: Entry) -> nodes.Element:
        if self.one_node:
            # One node for the whole entry (see related_entry), links already resolved.
            return related_entry.make(
                entry.anchor,
                entry.url,
                entry.title,
                entry.annotation,
                self.backrefs_label,
                self._backlink_data(entry),
            )
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
            heading += nodes.Text(annotation_suffix(entry.annotation))
        item += heading
        places = self._backrefs(entry)
        if not self.html:
            # Paper and plain text cannot click: print the whole URL, then the places.
            # (On the web the title is the link, and the export lists every URL.)
            url = nodes.paragraph(classes=["related-entry-url"])
            url += nodes.reference(entry.url, entry.url, refuri=entry.url)
            url += nodes.Text(" \u2014 ")
            url.extend(places.children)
            places = url
        item += places
        return item

    def _backrefs(self, entry: Entry) -> nodes.paragraph:
        # "no-search": page and section titles are navigation here, not what the entry is
        # about; the HTML search index would otherwise match every entry a page cites.
        para = nodes.paragraph(classes=["related-entry-places", "no-search"])
        if self.latex:
            # Paper: "Cited on p. 2, 4", each page number a link to the place.
            para += nodes.Text(f"{self.latex_backrefs_label} {self.page_label}")
            para += related_pages(labels=[f"{p.docname}:{p.anchor}" for p in entry.places])
            return para
        para += nodes.Text(f"{self.backrefs_label} ")
        for index, (place, text, again) in enumerate(self._labelled_places(entry)):
            if index:
                para += nodes.Text(" " if again else "; ")
            para += self._backlink(place, text, classes=["related-again"] if again else None)
        return para

    def _backlink_data(self, entry: Entry) -> list[tuple[str, str, bool]]:
        """``related_backlinks``' links: ``(uri, text, again)`` per place."""
        return [
            (self._uri(place.docname, place.anchor), text, again)
            for place, text, again in self._labelled_places(entry)
        ]

    def _labelled_places(self, entry: Entry) -> list[tuple[Place, str, bool]]:
        """Each place with its link text: "Page › Section" for the first place in a
        section, then "2", "3", ... (``again``) for further places in the same section."""
        groups: dict[tuple[str, str], list[Place]] = {}
        for place in entry.places:
            groups.setdefault((place.docname, place.section), []).append(place)
        labelled = []
        for (docname, section), places in groups.items():
            labelled.append((places[0], self.place_label(docname, section), False))
            labelled.extend((place, str(n), True) for n, place in enumerate(places[1:], start=2))
        return labelled

    def place_label(self, docname: str, section: str) -> str:
        """ "Page title › Section", or just the page title at the top of a page."""
        page = self._page_titles.get(docname)
        if page is None:
            title_node = self.titles.get(docname)
            page = " ".join(title_node.astext().split()) if title_node is not None else docname
            self._page_titles[docname] = page
        if section and section != page:
            return f"{page}{self.separator}{section}"
        return page

    def _backlink(self, place: Place, text: str, classes: list[str] | None = None) -> nodes.Element:
        classes = ["related-backref", *(classes or [])]
        return self._link(place.docname, place.anchor, [nodes.Text(text)], classes)

"""The extension's own nodes, and how each builder writes them.

Everything else the extension emits is standard docutils: lists, paragraphs,
references, targets. These few nodes exist for what docutils cannot say:

* ``related_reading_appendix``: where the appendix goes (replaced at write time).
* ``related_citation``: where the ``related`` role cites an entry (replaced at write
  time by its forward link).
* ``related_pageref`` and ``related_pages``: page numbers, which only paper has.
* ``related_href``: a link whose URL is printed elsewhere (the appendix), so LaTeX must
  not add a URL footnote for it.
* ``related_forward``, ``related_backlinks`` and ``related_entry``: for the builders in
  ``render.ONE_NODE_BUILDERS`` (html, dirhtml), a forward link ("[3]"), an appendix
  entry's links back to the places that cite it, and a whole appendix entry, as data.
  There is one forward link per list item and citation, one back link per place and one
  entry per source, and every post-transform and writer walks every node: one node
  instead of a list item, its paragraphs, references and texts keeps them cheap. HTML
  writes them directly; any other writer that meets one walks its standard expansion
  (``expand()``), which is exactly what HTML would otherwise have been given.

Every builder gets a visitor: LaTeX writes the real thing; HTML, text, man and texinfo
get a safe rendering (page numbers skipped, links as their text or a plain link).

The nodes that exist in large numbers are ``LeanElement``s: docutils' five attribute
lists are only made when something uses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

__all__ = [
    "LeanElement",
    "annotation_suffix",
    "register_nodes",
    "related_backlinks",
    "related_citation",
    "related_entry",
    "related_forward",
    "related_href",
    "related_latex_ref",
    "related_pageref",
    "related_pages",
    "related_reading_appendix",
]


#: The attribute lists docutils gives every element (``ids``, ``classes``, ...).
_LIST_ATTRIBUTES = frozenset(nodes.Element.list_attributes)


class LeanElement(nodes.Element):
    """An element whose attribute lists are made when first used, not when it is made.

    docutils gives every element five empty lists. Each is an object that the garbage
    collector visits at every full collection for as long as the node lives, and a cited
    page keeps its citations from reading until it is written. Looking up a missing list
    (``node["classes"]``) makes it, so code that expects every element to have its lists
    still works; ``node.get("ids")`` is ``None`` until one is made.
    """

    list_attributes: ClassVar[Sequence[str]] = ()

    def __getitem__(self, key: str | int | slice) -> Any:
        if isinstance(key, str):
            try:
                return self.attributes[key]
            except KeyError:
                if key not in _LIST_ATTRIBUTES:
                    raise
                made: list[Any] = []
                self.attributes[key] = made
                return made
        return super().__getitem__(key)


class related_reading_appendix(nodes.General, LeanElement):  # noqa: N801  (docutils naming)
    """Placeholder for the appendix; attributes ``docname``, ``sort``."""


class related_citation(nodes.Inline, LeanElement):  # noqa: N801
    """Where ``{related}`key``` cites an entry: attribute ``key``; no children.

    A ``pending_xref`` with its text would be 11 objects; this is 4 (5 once it has its
    anchor). The forward link replaces it when the page is written, before references
    are resolved; its text is the key, as the role's was.
    """

    def astext(self) -> str:
        return str(self["key"])

    def expand(self) -> list[nodes.Node]:
        """The key, as written, for a writer that meets a citation nothing rendered."""
        return [nodes.inline("", self.astext(), classes=["related-ref"])]


class related_pageref(nodes.Inline, nodes.Element):  # noqa: N801
    """The page number of ``refdoc``/``refid``, on paper only."""


class related_pages(nodes.Inline, nodes.Element):  # noqa: N801
    """The distinct page numbers of ``labels`` (``docname:id`` strings), each a link."""


class related_href(nodes.Inline, nodes.TextElement):  # noqa: N801
    """An external link (``refuri``) that must not get a LaTeX URL footnote."""


class related_latex_ref(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A link to ``refdoc``/``refid`` in the single LaTeX document.

    Unlike a ``reference``, it never gets ``latex_show_pagerefs``' "(page N)": these
    links print their own page numbers.
    """


class related_backlinks(nodes.Inline, LeanElement):  # noqa: N801
    """Links back to places: ``links`` is a list of ``(uri, text, again)``.

    ``again`` marks a further place in the same page section as the link before it: it
    follows that link after a space ("Safety 2 3"); other links are separated by "; ".
    """

    def expand(self) -> list[nodes.Node]:
        """The same links as standard nodes, for writers without a visitor of their own."""
        expanded: list[nodes.Node] = []
        for separator, uri, text, classes in _backlink_pieces(self["links"]):
            if separator:
                expanded.append(nodes.Text(separator))
            expanded.append(nodes.reference("", text, internal=True, refuri=uri, classes=classes))
        return expanded


def _backlink_pieces(links: list[tuple[str, str, bool]]) -> list[tuple[str, str, str, list[str]]]:
    """``(separator before, uri, text, classes)`` per link, for every writer."""
    return [
        (
            ("" if not index else " " if again else "; "),
            uri,
            text,
            ["related-backref", "related-again"] if again else ["related-backref"],
        )
        for index, (uri, text, again) in enumerate(links)
    ]


class related_entry(nodes.General, LeanElement):  # noqa: N801
    """An appendix entry in HTML: ``url``, ``title``, ``annotation``, ``label`` ("Cited
    in:") and ``links`` (as in ``related_backlinks``); its id is the entry's anchor.

    Its one child is the title and annotation as text, so the search index finds the
    same words in it as in the standard expansion.
    """

    @classmethod
    def make(
        cls,
        anchor: str,
        url: str,
        title: str,
        annotation: str,
        label: str,
        links: list[tuple[str, str, bool]],
    ) -> related_entry:
        text = title + annotation_suffix(annotation)
        return cls(
            "",
            nodes.Text(text),
            ids=[anchor],
            classes=["related-entry"],
            url=url,
            title=title,
            annotation=annotation,
            label=label,
            links=links,
        )

    def expand(self) -> list[nodes.Node]:
        """The same entry as standard nodes, for writers without a visitor of their own."""
        item = nodes.list_item("", ids=list(self["ids"]), classes=list(self["classes"]))
        heading = nodes.paragraph(classes=["related-entry-title"])
        heading += nodes.reference(self["title"], self["title"], refuri=self["url"])
        if self["annotation"]:
            heading += nodes.Text(annotation_suffix(self["annotation"]))
        places = nodes.paragraph(classes=["related-entry-places", "no-search"])
        places += nodes.Text(f"{self['label']} ")
        places += related_backlinks(links=self["links"])
        item += heading
        item += places
        return [item]


def annotation_suffix(annotation: str) -> str:
    """What follows an entry's title: " — annotation", or nothing."""
    return f" \u2014 {annotation}" if annotation else ""


class related_forward(nodes.Inline, LeanElement):  # noqa: N801
    """A forward link to an appendix entry: ``refuri``, ``label`` ("[3]"), ``reftitle``;
    ``space_before`` when a space separates it from the text before it (a list item's)."""

    def expand(self) -> list[nodes.Node]:
        """The same link as standard nodes, for writers without a visitor of their own."""
        link = nodes.reference(
            "", self["label"], internal=True, refuri=self["refuri"], classes=self["classes"]
        )
        link["ids"] = list(self.get("ids", ()))
        if self.get("reftitle"):
            link["reftitle"] = self["reftitle"]
        return [nodes.Text(" "), link] if self.get("space_before") else [link]


def _skip(_translator: Any, _node: nodes.Element) -> None:
    raise nodes.SkipNode


def _pass(_translator: Any, _node: nodes.Element) -> None:
    pass


def _latex_label(translator: LaTeXTranslator, label: str) -> str:
    return translator.idescape(label)


def visit_pageref_latex(translator: LaTeXTranslator, node: nodes.Element) -> None:
    label = _latex_label(translator, f"{node['refdoc']}:{node['refid']}")
    # Starred: no link of its own, since it usually sits inside a link already.
    translator.body.append(rf"\pageref*{{{label}}}")
    raise nodes.SkipNode


def visit_pages_latex(translator: LaTeXTranslator, node: nodes.Element) -> None:
    translator.body.append(r"\sphinxRelatedPagesStart")
    for label in node["labels"]:
        translator.body.append(rf"\sphinxRelatedPage{{{_latex_label(translator, label)}}}")
    raise nodes.SkipNode


def visit_href_latex(translator: LaTeXTranslator, node: nodes.Element) -> None:
    _place_labels(translator, node)
    translator.body.append(rf"\sphinxhref{{{translator.encode_uri(node['refuri'])}}}{{")


def depart_href_latex(translator: LaTeXTranslator, _node: nodes.Element) -> None:
    translator.body.append("}")


def _place_labels(translator: LaTeXTranslator, node: nodes.Element) -> None:
    """Labels for a node's ids: the places the appendix links back to."""
    for node_id in node["ids"]:
        translator.body.append(translator.hypertarget(node_id))


def visit_latex_ref_latex(translator: LaTeXTranslator, node: nodes.Element) -> None:
    _place_labels(translator, node)
    label = _latex_label(translator, f"{node['refdoc']}:{node['refid']}")
    translator.body.append(rf"{{\hyperref[{label}]{{\sphinxcrossref{{")


def depart_latex_ref_latex(translator: LaTeXTranslator, _node: nodes.Element) -> None:
    translator.body.append("}}}")


def visit_href_html(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append(
        translator.starttag(node, "a", "", href=node["refuri"], CLASS="reference external")
    )


def depart_href_html(translator: HTML5Translator, _node: nodes.Element) -> None:
    translator.body.append("</a>")


def _backlinks_html(translator: HTML5Translator, links: list[tuple[str, str, bool]]) -> str:
    # What the HTML writer makes of related_backlinks.expand(), without a node per link.
    return "".join(
        f'{separator}<a class="{" ".join(classes)} reference internal" '
        f'href="{translator.attval(uri)}">{translator.encode(text)}</a>'
        for separator, uri, text, classes in _backlink_pieces(links)
    )


def visit_backlinks_html(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append(_backlinks_html(translator, node["links"]))
    raise nodes.SkipNode


def visit_entry_html(translator: HTML5Translator, node: nodes.Element) -> None:
    # What the HTML writer makes of expand(): the list item, its two paragraphs (each
    # followed by a newline, as in any list item of more than one paragraph), the
    # title link, the back links.
    url = node["url"]
    if url.startswith("mailto:") and translator.settings.cloak_email_addresses:
        visit_expanded(translator, node)  # the writer's own cloaking; raises SkipNode
    ids = node["ids"]
    start = (
        f'<li class="{translator.attval(" ".join(node["classes"]))}" '
        f'id="{translator.attval(ids[0])}">'
        if len(ids) == 1 and node["classes"]
        else translator.starttag(node, "li", "")
    )
    translator.body.append(
        f"{start}"
        '<p class="related-entry-title"><a class="reference external" '
        f'href="{translator.attval(url) or "#"}">{translator.encode(node["title"])}</a>'
        f"{translator.encode(annotation_suffix(node['annotation']))}</p>\n"
        '<p class="related-entry-places no-search">'
        f"{translator.encode(node['label'] + ' ')}{_backlinks_html(translator, node['links'])}"
        "</p>\n</li>\n"
    )
    raise nodes.SkipNode


def visit_forward_html(translator: HTML5Translator, node: nodes.Element) -> None:
    # What the HTML writer makes of expand(), without a node for the label, and with
    # the start tag written here (docutils' starttag is general, and slow for this).
    ids = node.get("ids") or ()
    if len(ids) > 1:  # docutils adds a <span> per further id
        atts = {"class": "reference internal", "href": node["refuri"]}
        if node.get("reftitle"):
            atts["title"] = node["reftitle"]
        start = translator.starttag(node, "a", "", **atts)
    else:
        start = (
            f'<a class="{" ".join([*node["classes"], "reference", "internal"])}" '
            f'href="{translator.attval(node["refuri"])}"'
            + (f' id="{translator.attval(ids[0])}"' if ids else "")
            + (f' title="{translator.attval(node["reftitle"])}"' if node.get("reftitle") else "")
            + ">"
        )
    space = " " if node.get("space_before") else ""
    translator.body.append(f"{space}{start}{translator.encode(node['label'])}</a>")
    raise nodes.SkipNode


def visit_expanded(translator: Any, node: nodes.Element) -> None:
    """Any other writer: walk the standard nodes in the node's place."""
    assert isinstance(node, related_backlinks | related_forward | related_entry | related_citation)
    holder = nodes.inline("", "", *node.expand())
    holder.parent = node.parent
    for child in holder.children:
        child.walkabout(translator)
    raise nodes.SkipNode


def register_nodes(app: Sphinx) -> None:
    """Add the nodes with a visitor for every builtin writer."""
    skip = (_skip, None)
    children = (_pass, _pass)
    plain_writers = ("text", "man", "texinfo")
    app.add_node(
        related_reading_appendix,
        html=skip,
        latex=skip,
        **dict.fromkeys(plain_writers, skip),  # type: ignore[arg-type]
    )
    app.add_node(
        related_pageref,
        html=skip,
        latex=(visit_pageref_latex, None),
        **dict.fromkeys(plain_writers, skip),  # type: ignore[arg-type]
    )
    app.add_node(
        related_pages,
        html=skip,
        latex=(visit_pages_latex, None),
        **dict.fromkeys(plain_writers, skip),  # type: ignore[arg-type]
    )
    app.add_node(
        related_latex_ref,
        html=children,
        latex=(visit_latex_ref_latex, depart_latex_ref_latex),
        **dict.fromkeys(plain_writers, children),  # type: ignore[arg-type]
    )
    # One node in HTML, written directly; every other writer walks its standard expansion.
    expanded = (visit_expanded, None)
    one_node_visitors: list[tuple[type[nodes.Element], Any]] = [
        (related_forward, visit_forward_html),
        (related_backlinks, visit_backlinks_html),
        (related_entry, visit_entry_html),
    ]
    for node_class, visit_html in one_node_visitors:
        app.add_node(
            node_class,
            html=(visit_html, None),
            latex=expanded,
            **dict.fromkeys(plain_writers, expanded),  # type: ignore[arg-type]
        )
    # Replaced before any writer sees it; should one still meet it, the key is written.
    app.add_node(
        related_citation,
        html=expanded,
        latex=expanded,
        **dict.fromkeys(plain_writers, expanded),  # type: ignore[arg-type]
    )
    app.add_node(
        related_href,
        html=(visit_href_html, depart_href_html),
        latex=(visit_href_latex, depart_href_latex),
        **dict.fromkeys(plain_writers, children),  # type: ignore[arg-type]
    )

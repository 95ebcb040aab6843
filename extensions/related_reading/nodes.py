"""The extension's own nodes, and how each builder writes them.

Everything else the extension emits is standard docutils: lists, paragraphs,
references, targets. These few nodes exist for what docutils cannot say:

* ``related_reading_appendix``: where the appendix goes (replaced at write time).
* ``related_pageref`` and ``related_pages``: page numbers, which only paper has.
* ``related_href``: a link whose URL is printed elsewhere (the appendix), so LaTeX must
  not add a URL footnote for it.
* ``related_forward`` and ``related_backlinks``: in HTML, a forward link ("[3]") and an
  appendix entry's links back to the places that cite it, as data. There is one forward
  link per list item and citation and one back link per place, and every post-transform
  and writer walks every node: one node instead of a reference, its text and a separator
  keeps them cheap. HTML writes them directly; other writers walk their standard expansion.

Every builder gets a visitor: LaTeX writes the real thing; HTML, text, man and texinfo
get a safe rendering (page numbers skipped, links as their text or a plain link).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

__all__ = [
    "register_nodes",
    "related_backlinks",
    "related_forward",
    "related_href",
    "related_latex_ref",
    "related_pageref",
    "related_pages",
    "related_reading_appendix",
]


class related_reading_appendix(nodes.General, nodes.Element):  # noqa: N801  (docutils naming)
    """Placeholder for the appendix; attributes ``docname``, ``sort``."""


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


class related_backlinks(nodes.Inline, nodes.Element):  # noqa: N801
    """Links back to places: ``links`` is a list of ``(uri, text, again)``.

    ``again`` marks a further place in the same page section as the link before it: it
    follows that link after a space ("Safety 2 3"); other links are separated by "; ".
    """

    def pieces(self) -> list[tuple[str, str, str, list[str]]]:
        """``(separator before, uri, text, classes)`` per link, for every writer."""
        return [
            (
                ("" if not index else " " if again else "; "),
                uri,
                text,
                ["related-backref", "related-again"] if again else ["related-backref"],
            )
            for index, (uri, text, again) in enumerate(self["links"])
        ]

    def expand(self) -> list[nodes.Node]:
        """The same links as standard nodes, for writers without a visitor of their own."""
        expanded: list[nodes.Node] = []
        for separator, uri, text, classes in self.pieces():
            if separator:
                expanded.append(nodes.Text(separator))
            expanded.append(nodes.reference("", text, internal=True, refuri=uri, classes=classes))
        return expanded


class related_forward(nodes.Inline, nodes.Element):  # noqa: N801
    """A forward link to an appendix entry: ``refuri``, ``label`` ("[3]"), ``reftitle``."""

    def expand(self) -> list[nodes.Node]:
        """The same link as a standard node, for writers without a visitor of their own."""
        link = nodes.reference(
            "", self["label"], internal=True, refuri=self["refuri"], classes=self["classes"]
        )
        link["ids"] = self["ids"]
        if self.get("reftitle"):
            link["reftitle"] = self["reftitle"]
        return [link]


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


def visit_backlinks_html(translator: HTML5Translator, node: nodes.Element) -> None:
    # What the HTML writer makes of expand(), without a node per link.
    assert isinstance(node, related_backlinks)
    translator.body.append(
        "".join(
            f'{separator}<a class="{" ".join(classes)} reference internal" '
            f'href="{translator.attval(uri)}">{translator.encode(text)}</a>'
            for separator, uri, text, classes in node.pieces()
        )
    )
    raise nodes.SkipNode


def visit_forward_html(translator: HTML5Translator, node: nodes.Element) -> None:
    # What the HTML writer makes of expand(), without a node for the label.
    atts = {"class": "reference internal", "href": node["refuri"]}
    if node.get("reftitle"):
        atts["title"] = node["reftitle"]
    translator.body.append(
        f"{translator.starttag(node, 'a', '', **atts)}{translator.encode(node['label'])}</a>"
    )
    raise nodes.SkipNode


def visit_expanded(translator: Any, node: nodes.Element) -> None:
    """Any other writer: walk the standard nodes in the node's place."""
    assert isinstance(node, related_backlinks | related_forward)
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
    expanded = (visit_expanded, None)
    app.add_node(
        related_forward,
        html=(visit_forward_html, None),
        latex=expanded,
        **dict.fromkeys(plain_writers, expanded),  # type: ignore[arg-type]
    )
    app.add_node(
        related_backlinks,
        html=(visit_backlinks_html, None),
        latex=expanded,
        **dict.fromkeys(plain_writers, expanded),  # type: ignore[arg-type]
    )
    app.add_node(
        related_href,
        html=(visit_href_html, depart_href_html),
        latex=(visit_href_latex, depart_href_latex),
        **dict.fromkeys(plain_writers, children),  # type: ignore[arg-type]
    )

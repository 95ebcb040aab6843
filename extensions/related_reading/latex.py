"""LaTeX's own nodes: page numbers, and links that neither get a URL footnote nor a
``latex_show_pagerefs`` "(page N)", since they print their page numbers themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.latex import LaTeXTranslator

__all__ = [
    "register_latex_nodes",
    "related_href",
    "related_latex_ref",
    "related_pageref",
    "related_pages",
]


class related_pageref(nodes.Inline, nodes.Element):  # noqa: N801  (docutils' naming)
    """The page number of ``refdoc``/``refid``."""


class related_pages(nodes.Inline, nodes.Element):  # noqa: N801
    """The distinct page numbers of ``labels`` (``docname:id``), each a link to its place
    (``sphinxrelatedreading.sty``)."""


class related_href(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A link to ``refuri`` whose URL the appendix prints: no footnote for it."""


class related_latex_ref(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A link to ``refdoc``/``refid``, the label of a spot in the one LaTeX document."""


def _label(translator: LaTeXTranslator, docname: str, node_id: str) -> str:
    return translator.idescape(f"{docname}:{node_id}")


def _place_labels(translator: LaTeXTranslator, node: nodes.Element) -> None:
    """The node's ids as labels: the places that the appendix links back to."""
    for node_id in node["ids"]:
        translator.body.append(translator.hypertarget(node_id))


def visit_pageref(translator: LaTeXTranslator, node: nodes.Element) -> None:
    # Starred: no link of its own, as it sits inside a link already.
    translator.body.append(rf"\pageref*{{{_label(translator, node['refdoc'], node['refid'])}}}")
    raise nodes.SkipNode


def visit_pages(translator: LaTeXTranslator, node: nodes.Element) -> None:
    translator.body.append(r"\sphinxRelatedPagesStart")
    for label in node["labels"]:
        translator.body.append(rf"\sphinxRelatedPage{{{translator.idescape(label)}}}")
    raise nodes.SkipNode


def visit_href(translator: LaTeXTranslator, node: nodes.Element) -> None:
    _place_labels(translator, node)
    translator.body.append(rf"\sphinxhref{{{translator.encode_uri(node['refuri'])}}}{{")


def visit_latex_ref(translator: LaTeXTranslator, node: nodes.Element) -> None:
    _place_labels(translator, node)
    label = _label(translator, node["refdoc"], node["refid"])
    # Some chapter styles set headings with \MakeUppercase, which must not change labels.
    translator.body.append(rf"\NoCaseChange{{\hyperref[{label}]{{\sphinxcrossref{{")


def depart_href(translator: LaTeXTranslator, _node: nodes.Element) -> None:
    translator.body.append("}")


def depart_latex_ref(translator: LaTeXTranslator, _node: nodes.Element) -> None:
    translator.body.append("}}}")


def register_latex_nodes(app: Sphinx) -> None:
    """Only the LaTeX builder gets these nodes (``render``), so only it has visitors."""
    app.add_node(related_pageref, latex=(visit_pageref, None))
    app.add_node(related_pages, latex=(visit_pages, None))
    app.add_node(related_href, latex=(visit_href, depart_href))
    app.add_node(related_latex_ref, latex=(visit_latex_ref, depart_latex_ref))

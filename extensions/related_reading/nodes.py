"""The extension's nodes. A citation and an appendix are known once every page is read:
``render`` replaces them, and a copy Sphinx made for a table of contents or ``<title>``
writes nothing. The others are LaTeX's: page numbers, and links that print their own
pages (so no URL footnote, no ``latex_show_pagerefs``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.latex import LaTeXTranslator


class related_citation(nodes.Inline, nodes.Element):  # noqa: N801  (docutils' naming)
    """Where the ``related`` role cites an entry: attribute ``key``."""

    def astext(self) -> str:
        """No words: a heading that cites is still titled by its own words (in tables of
        contents, back links, ``{ref}`` texts and the search index)."""
        return ""


class related_reading_appendix(nodes.General, nodes.Element):  # noqa: N801
    """Where the appendix goes: attributes ``docname``, ``serial`` and ``sort``."""


def _skip(_translator: Any, _node: nodes.Element) -> None:
    raise nodes.SkipNode


class related_pages(nodes.Inline, nodes.Element):  # noqa: N801
    """The distinct pages of ``labels`` (``docname:id``), each a link (the ``.sty``)."""


class related_href(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A link to ``refuri``, whose URL the appendix prints: no footnote for it."""


class related_latex_ref(nodes.Inline, nodes.Element):  # noqa: N801
    """A forward link, "[3, p. 7]", to the label ``refdoc``/``refid``; ``text`` is what
    comes before the page number ("[3, p. ")."""


def _labels(translator: LaTeXTranslator, node: nodes.Element) -> str:
    """The node's ids as labels: the places that the appendix links back to."""
    return "".join(map(translator.hypertarget, node["ids"]))


def _label(translator: LaTeXTranslator, node: nodes.Element) -> str:
    return translator.idescape(f"{node['refdoc']}:{node['refid']}")


def visit_pages(translator: LaTeXTranslator, node: nodes.Element) -> None:
    pages = "".join(rf"\sphinxRelatedPage{{{translator.idescape(x)}}}" for x in node["labels"])
    translator.body.append(rf"\sphinxRelatedPagesStart{pages}")
    raise nodes.SkipNode


def visit_href(translator: LaTeXTranslator, node: nodes.Element) -> None:
    uri = translator.encode_uri(node["refuri"])
    translator.body.append(rf"{_labels(translator, node)}\sphinxhref{{{uri}}}{{")


def visit_latex_ref(translator: LaTeXTranslator, node: nodes.Element) -> None:
    # Some chapter styles set headings with \MakeUppercase, which must not change labels;
    # the page reference is starred: no link of its own inside the link.
    label, text = _label(translator, node), translator.encode(node["text"])
    link = rf"\hyperref[{label}]{{\sphinxcrossref{{{text}\pageref*{{{label}}}{{]}}}}}}"
    translator.body.append(rf"{_labels(translator, node)}\NoCaseChange{{{link}}}")
    raise nodes.SkipNode


def depart_href(translator: LaTeXTranslator, _node: nodes.Element) -> None:
    translator.body.append("}")


def register_nodes(app: Sphinx) -> None:
    skip = (_skip, None)
    for node_class in (related_citation, related_reading_appendix):
        app.add_node(node_class, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    # Only the LaTeX builder gets the others (``render``), so only it has visitors.
    app.add_node(related_pages, latex=(visit_pages, None))
    app.add_node(related_href, latex=(visit_href, depart_href))
    app.add_node(related_latex_ref, latex=(visit_latex_ref, None))

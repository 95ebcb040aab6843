"""The two nodes that stand for what is only known once every page is read.

Both are replaced when their page is written (``render``). A writer that still meets
one, in a copy Sphinx made for a table of contents or a page's ``<title>``, writes
nothing: there a citation's "[3]" would only repeat what the page says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["register_nodes", "related_citation", "related_reading_appendix"]


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


def register_nodes(app: Sphinx) -> None:
    skip = (_skip, None)
    for node_class in (related_citation, related_reading_appendix):
        app.add_node(node_class, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)

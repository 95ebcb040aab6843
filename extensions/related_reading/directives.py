"""The ``related-reading`` and ``related-reading-appendix`` directives.

``related-reading`` parses its content as ordinary markup (MyST or reStructuredText),
so that the list looks on the page exactly as the author wrote it, and marks it. Its
items are read later (``collect``), once references are resolved and translations
applied, so that what is checked is what the reader gets.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .catalogue import SORT_ORDERS
from .diagnostics import warn
from .nodes import related_reading_appendix

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Node
    from sphinx.util.typing import OptionSpec

__all__ = ["READING_LIST_CLASS", "RelatedReading", "RelatedReadingAppendix"]

#: The class that marks a reading list (and styles it).
READING_LIST_CLASS = "related-reading"


@contextmanager
def _keys_are_not_targets(document: nodes.document) -> Iterator[None]:
    """While a list is parsed, MyST's ``{#key}`` on a link names an entry, not a place on
    the page: it stays out of the document's table of names, where the same key twice
    (one source listed twice) or a key equal to a page label would be a "duplicate
    explicit target name" to docutils, and the key would be lost."""
    outer = vars(document).get("note_explicit_target")
    note = document.note_explicit_target

    def note_unless_link(target: nodes.Element, msgnode: nodes.Element | None = None) -> None:
        if not isinstance(target, nodes.reference):
            note(target, msgnode)

    vars(document)["note_explicit_target"] = note_unless_link
    try:
        yield
    finally:
        if outer is None:
            del vars(document)["note_explicit_target"]
        else:
            vars(document)["note_explicit_target"] = outer


class RelatedReading(SphinxDirective):
    """A page's related reading: a bullet list of external links with annotations."""

    has_content = True
    option_spec: ClassVar[OptionSpec] = {"class": directives.class_option}

    def run(self) -> list[Node]:
        with _keys_are_not_targets(self.state.document):
            parsed = self.parse_content_to_nodes()
        items = 0
        for node in parsed:
            if isinstance(node, nodes.bullet_list | nodes.enumerated_list):
                node["classes"] += [READING_LIST_CLASS, *self.options.get("class", [])]
                items += len(list(node.findall(nodes.list_item)))
            elif not isinstance(node, nodes.system_message | nodes.comment | nodes.target):
                location = node if node.line else self.get_location()
                warn("not-a-list", location, what=type(node).__name__)
        if not items:
            warn("empty", self.get_location())
        return parsed


class RelatedReadingAppendix(SphinxDirective):
    """Where the appendix of every page's related reading goes (one per project)."""

    option_spec: ClassVar[OptionSpec] = {
        "sort": lambda argument: directives.choice(argument, SORT_ORDERS),
    }

    def run(self) -> list[Node]:
        node = related_reading_appendix(
            docname=self.env.current_document.docname,
            sort=self.options.get("sort", SORT_ORDERS[0]),
        )
        self.set_source_info(node)
        return [node]

"""What authors write: the ``related-reading`` and ``related-reading-appendix``
directives, and the ``related`` role. ``related-reading`` parses its content as ordinary
markup, so the list shows as written, and marks it; ``collect`` reads it later."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .catalogue import SORT_ORDERS
from .diagnostics import NO_ASCII, warn
from .nodes import related_citation, related_reading_appendix
from .urls import normalize_key

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Node, system_message
    from sphinx.util.typing import OptionSpec


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


class RelatedRole(SphinxRole):
    """A short forward link ("[3]") to the entry, and a place its appendix entry links
    back to. Whether the key exists is only known once every page is read: an unknown
    key is reported then, with this role's file and line."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        key = normalize_key(self.text)
        if not key:
            warn("invalid-key", self.get_location(), key=self.text, why=NO_ASCII)
            return [nodes.inline(self.rawtext, self.text, classes=["related-ref"])], []
        citation = related_citation(self.rawtext, key=key)
        self.set_source_info(citation)
        return [citation], []

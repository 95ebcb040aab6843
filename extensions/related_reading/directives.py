"""The ``related-reading`` and ``related-reading-appendix`` directives.

``related-reading`` parses its content as ordinary markup (MyST or reStructuredText),
so the list looks on the page exactly as the author wrote it. Each item is checked
here, where its line number is known. A valid item's title link is marked with the
entry's URL identity; its forward link to the appendix is only added when writing,
once every page has been read and the entries are numbered.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .catalogue import SORT_ORDERS
from .config import tracking_params
from .diagnostics import warn
from .nodes import related_reading_appendix
from .urls import clean_url, normalize_key, url_scheme
from .walk import first, preorder

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.util.typing import OptionSpec

__all__ = ["RelatedReading", "RelatedReadingAppendix"]

#: Separators authors put between a link and its annotation.
_LEADING_SEPARATORS = " \t\n\u2014\u2013-:;,."
#: A Markdown link that the parser refused to make a link (markdown-it drops
#: ``javascript:``, ``data:``, ``file:`` and ``vbscript:`` links and leaves their text).
_REFUSED_LINK = re.compile(r"\]\(\s*<?([A-Za-z][A-Za-z0-9+.\-]*):")
_KEY_ATTRIBUTE = re.compile(r"^\{#[^}]*\}")

LinkNode = nodes.reference | addnodes.pending_xref


def _first_link(paragraph: nodes.Element) -> LinkNode | None:
    return first(paragraph, (nodes.reference, addnodes.pending_xref))  # type: ignore[return-value]


def _text_after(link: nodes.Element, paragraph: nodes.Element) -> str:
    """The annotation: what follows the link in its paragraph, without leading dashes."""
    # Climb to the link's ancestor that is a direct child of the paragraph.
    top: nodes.Node = link
    while top.parent is not None and top.parent is not paragraph:
        top = top.parent
    index = paragraph.index(top)
    text = "".join(
        node.astext()
        for child in paragraph.children[index + 1 :]
        for node in preorder(child)
        if isinstance(node, nodes.Text)
        and not isinstance(node.parent, nodes.raw)  # raw HTML/LaTeX is markup, not words
    )
    text = _KEY_ATTRIBUTE.sub("", " ".join(text.split()).lstrip())  # "{#key}" MyST did not parse
    return text.lstrip(_LEADING_SEPARATORS).strip()


def _next_text(link: nodes.Element) -> str:
    parent = link.parent
    if parent is None:
        return ""
    index = parent.index(link)
    following = parent.children[index + 1 : index + 2]
    return following[0].astext().lstrip() if following else ""


class RelatedReading(SphinxDirective):
    """A page's related reading: a bullet list of external links with annotations."""

    has_content = True
    required_arguments = 0
    optional_arguments = 0
    option_spec: ClassVar[OptionSpec] = {
        "class": directives.class_option,
    }

    def run(self) -> list[Node]:
        if not self.content:
            warn(
                "empty",
                "related-reading has no entries; write one list item per source: "
                "'- [Title](https://...) — annotation'",
                self.get_location(),
            )
            return []
        # No wrapper around the list: the lists carry the classes themselves, and every
        # page's doctree has one node fewer for every transform and writer to walk.
        classes = ["related-reading", *self.options.get("class", [])]
        parsed = self.parse_content_to_nodes()
        items = 0
        for node in parsed:
            if isinstance(node, nodes.bullet_list | nodes.enumerated_list):
                node["classes"].extend(classes)
                for item in node.children:
                    if isinstance(item, nodes.list_item):
                        items += self._check_item(item)
            elif not isinstance(node, nodes.system_message | nodes.comment):
                warn(
                    "not-a-list",
                    "related-reading content must be a bullet list of links; "
                    f"this {getattr(node, 'tagname', 'text')} is shown as written but is "
                    "not an entry",
                    node if getattr(node, "line", None) else self.get_location(),
                )
        if items == 0:
            warn(
                "empty",
                "related-reading has no valid entries; write one list item per source: "
                "'- [Title](https://...) — annotation'",
                self.get_location(),
            )
        return parsed

    def _item_location(self, item: nodes.Element) -> str | nodes.Node:
        for node in preorder(item):
            if isinstance(node, nodes.Element) and node.line:
                return node
        return self.get_location()

    def _check_item(self, item: nodes.list_item) -> int:
        """Validate one list item; give it a forward link. Return 1 if it is an entry."""
        paragraph = first(item, nodes.paragraph)
        link = _first_link(paragraph) if paragraph is not None else None
        location = self._item_location(item)
        if paragraph is None or link is None:
            refused = _REFUSED_LINK.search(item.astext())
            scheme = refused.group(1).lower() if refused else None
            if scheme and scheme not in self.config.related_reading_allowed_schemes:
                warn(
                    "unsafe-scheme",
                    f"'{scheme}:' links are not allowed in related reading "
                    f"(allowed: {', '.join(self.config.related_reading_allowed_schemes)}); "
                    "the item is shown as plain text",
                    location,
                )
            else:
                warn(
                    "no-link",
                    "related-reading list item has no link; write it as "
                    "'- [Title](https://...) — annotation'",
                    location,
                )
            return 0

        target = (
            link.get("reftarget", "")
            if isinstance(link, addnodes.pending_xref)
            else link.get("refuri", "")
        )
        scheme = url_scheme(target)
        if scheme is None:
            warn(
                "internal-link",
                f"related reading must link to an external source, not {target!r}; "
                "use a normal link in the text for pages of this site",
                link if link.line else location,
            )
            return 0
        if scheme not in self.config.related_reading_allowed_schemes:
            warn(
                "unsafe-scheme",
                f"'{scheme}:' links are not allowed in related reading "
                f"(allowed: {', '.join(self.config.related_reading_allowed_schemes)}); "
                "the title is shown as plain text",
                link if link.line else location,
            )
            link.replace_self(nodes.inline("", "", *link.children, classes=["related-unsafe"]))
            return 0
        assert isinstance(link, nodes.reference)  # allowed schemes are parsed as links

        cleaned = clean_url(target, tracking_params(self.config))
        if cleaned.removed:
            warn(
                "tracking-params",
                f"removed tracking parameters ({', '.join(cleaned.removed)}) from {target}; "
                f"link to {cleaned.url} instead",
                link if link.line else location,
            )
            link["refuri"] = cleaned.url

        key = ""
        if link.get("names"):
            key = normalize_key(link["names"][0])
            if not key:
                warn(
                    "invalid-key",
                    f"key {link['names'][0]!r} has no letters or digits; "
                    "the entry gets a key derived from its URL",
                    link if link.line else location,
                )
            self._forget_target(link)
        elif _KEY_ATTRIBUTE.match(_next_text(link)):
            warn(
                "key-syntax",
                "'{#key}' after a link needs MyST's inline attributes: add 'attrs_inline' "
                "to myst_enable_extensions in conf.py",
                link if link.line else location,
            )

        # The title link marks the entry. CollectPlaces records it (and drops the
        # transient attributes); the forward link is only added when writing, so the
        # cached doctree stays as small as the author's list.
        link["classes"].append("related-title")
        link["related_identity"] = cleaned.identity
        link["related_key"] = key
        link["related_title"] = " ".join(link.astext().split()) or cleaned.url
        link["related_annotation"] = _text_after(link, paragraph)
        item["classes"].append("related-reading-item")
        return 1

    def _forget_target(self, link: nodes.Element) -> None:
        """Take back the page target MyST made of ``{#key}``: here it is an entry's key.

        Otherwise the same source listed on a page twice (two lists, one key) would be a
        "duplicate explicit target name" to docutils. The place gets its own anchor later.
        """
        document = self.state.document
        for name in link["names"]:
            document.nameids.pop(name, None)
            document.nametypes.pop(name, None)
        for node_id in link["ids"]:
            if document.ids.get(node_id) is link:
                del document.ids[node_id]
        link["names"] = []
        link["ids"] = []


class RelatedReadingAppendix(SphinxDirective):
    """Where the appendix of every page's related reading goes (one per project)."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "sort": lambda argument: directives.choice(argument, SORT_ORDERS),
    }

    def run(self) -> list[Node]:
        node = related_reading_appendix(
            docname=self.env.current_document.docname, sort=self.options.get("sort", SORT_ORDERS[0])
        )
        self.set_source_info(node)
        return [node]

"""Reading: every list item and citation checked, anchored and recorded in the domain.

Runs on each document as it is read (in a worker process under ``-j``), after docutils
has resolved named references (reStructuredText's ```Title`_``), after Sphinx has
translated the document and applied smart quotes: the URL checked is the one the
reader's link will have, and the title recorded is the one the page shows.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from .diagnostics import warn
from .directives import READING_LIST_CLASS
from .domain import get_domain
from .nodes import related_citation, related_reading_appendix
from .records import Appendix, Place
from .urls import clean_url, derive_key, normalize_key, url_scheme

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["CollectPlaces", "ancestors"]

#: What authors put between a link and its annotation.
_LEADING_SEPARATORS = " \t\n\u2014\u2013-:;,."
#: A link markdown-it refused to make (it drops ``javascript:``, ``data:``, ``file:`` and
#: ``vbscript:`` links, and ``<javascript:...>`` autolinks) and left as text.
_REFUSED_LINK = re.compile(r"(?:\]\(\s*<?|<)([A-Za-z][A-Za-z0-9+.\-]*):")
#: A ``{#key}`` MyST did not read, left as text after the link.
_KEY_ATTRIBUTE = re.compile(r"\{#[^}]*\}")
_HOW = "write it as '- [Title](https://...) — annotation'"
#: The source Sphinx gives a translated paragraph's nodes: the original file and line.
_TRANSLATED = re.compile(r"(?P<path>.*):(?P<line>\d+):<translated>")


def ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _in_reading_list(node: nodes.Node) -> bool:
    return isinstance(node, nodes.list_item) and any(
        isinstance(ancestor, nodes.Sequential) and READING_LIST_CLASS in ancestor["classes"]
        for ancestor in ancestors(node)
    )


def _is_ours(node: nodes.Node) -> bool:
    """List items of reading lists (sub-lists' too), citations and appendices."""
    return isinstance(node, related_citation | related_reading_appendix) or _in_reading_list(node)


def _item_of(node: nodes.Node) -> nodes.Element | None:
    return next((a for a in ancestors(node) if isinstance(a, nodes.list_item)), None)


def _is_link(node: nodes.Node) -> bool:
    return isinstance(node, nodes.reference | addnodes.pending_xref)


def _located(node: nodes.Element) -> nodes.Element:
    """The node, or its first descendant that knows its line (an item's paragraph)."""
    return next((n for n in node.findall(nodes.Element) if n.line), node)


def _context(node: nodes.Node) -> tuple[str, tuple[str, ...], nodes.Element | None]:
    """The innermost section's title, the ``only`` expressions around the node
    (outermost first), and the section, figure or table whose title or caption holds it."""
    section, expressions, titled = "", [], None
    for ancestor in ancestors(node):
        if isinstance(ancestor, addnodes.only):
            expressions.append(ancestor["expr"])
        elif isinstance(ancestor, nodes.title | nodes.caption) and titled is None:
            titled = ancestor.parent
        elif isinstance(ancestor, nodes.section) and not section and ancestor.children:
            section = " ".join(ancestor[0].astext().split())
    return section, tuple(reversed(expressions)), titled


def _annotation(link: nodes.Element) -> str:
    """What follows the link in its paragraph, without leading dashes or colons."""
    top: nodes.Element = link
    for ancestor in ancestors(link):
        if isinstance(ancestor, nodes.paragraph):
            following = ancestor.children[ancestor.index(top) + 1 :]
            text = "".join(
                t.astext()
                for child in following
                for t in child.findall(nodes.Text)
                if not isinstance(t.parent, nodes.raw)  # raw HTML or LaTeX is markup, not words
            )
            text = _KEY_ATTRIBUTE.sub("", " ".join(text.split()).lstrip(), count=1)
            return text.lstrip(_LEADING_SEPARATORS).strip()
        top = ancestor
    return ""


class CollectPlaces(SphinxTransform):
    """Check and anchor every list item and citation; record them in the domain."""

    # After references (docutils, 640), translations (20) and smart quotes (750);
    # before Sphinx collects the document (doctree-read, 880).
    default_priority = 840

    def apply(self, **kwargs: Any) -> None:
        self.docname = self.env.current_document.docname
        self.allowed: tuple[str, ...] = tuple(self.config.related_reading_allowed_schemes)
        self.taken: dict[str, int] = {}
        places: list[Place] = []
        appendices: list[Appendix] = []
        for found in list(self.document.findall(_is_ours)):
            node = cast("nodes.Element", found)
            if isinstance(node, related_reading_appendix):
                node["serial"] = len(appendices) + 1
                _section, conditions, _titled = _context(node)
                appendices.append(
                    Appendix(
                        self.docname, node["serial"], *self._where(node), node["sort"], conditions
                    )
                )
            elif isinstance(node, related_citation):
                places.append(self._place("cite", node, node["key"], f"rr-cite-{node['key']}"))
            elif (listed := self._read_item(node)) is not None:
                places.append(listed)
        get_domain(self.env).note_document(self.docname, places, appendices)

    # -- where things are ---------------------------------------------------------------

    def _where(self, node: nodes.Element) -> tuple[str, int]:
        """The file (relative to the source folder) and line where the author wrote it."""
        source, line = get_source_line(_located(node))
        if source and (translated := _TRANSLATED.fullmatch(source)):
            source, line = translated["path"], int(translated["line"])
        path = Path(source) if source and Path(source).is_absolute() else None
        path = path or self.env.doc2path(self.docname)
        return Path(os.path.relpath(path, self.env.srcdir)).as_posix(), line or 0

    def _place(self, kind: str, node: nodes.Element, key: str, prefix: str, **item: str) -> Place:
        section, conditions, titled = _context(node)
        # In a title or caption, the place's id goes on what it titles: LaTeX moves
        # titles into tables of contents, where a label inside them breaks the PDF.
        holder = titled or node
        index = node.parent.index(node) if titled else 0
        before = node.parent[index - 1] if index else None
        if isinstance(before, nodes.Text) and before.endswith(" "):
            # Its space goes with it, so that "Evidence [3]" is "Evidence" as a title.
            node.parent.replace(before, nodes.Text(before.rstrip()))
            node["space_before"] = True
        number = self.taken.get(prefix, 0) + 1
        while f"{prefix}-{number}" in self.document.ids:
            number += 1
        self.taken[prefix] = number
        anchor = f"{prefix}-{number}"
        holder["ids"].append(anchor)
        self.document.ids[anchor] = holder
        source, line = self._where(node)
        return Place(kind, self.docname, source, line, anchor, section, conditions, key, **item)  # type: ignore[arg-type]

    # -- list items ---------------------------------------------------------------------

    def _read_item(self, item: nodes.Element) -> Place | None:
        links = [cast("nodes.Element", n) for n in item.findall(_is_link) if _item_of(n) is item]
        if not links:
            self._no_link(item)
            return None
        place = self._entry(item, links[0])
        for extra in links[1:]:
            if isinstance(extra, nodes.reference) and not self._unsafe(extra):
                warn(
                    "extra-link",
                    f"only a list item's first link is its source: the link to "
                    f"{extra.get('refuri') or extra.astext()!r} is shown here but is not in "
                    "the appendix; give each source its own list item",
                    _located(extra),
                )
        return place

    def _no_link(self, item: nodes.Element) -> None:
        if any(isinstance(child, nodes.Sequential) for child in item.children):
            return  # a label ("Wiki pages:") over a sub-list, whose items are the entries
        refused = _REFUSED_LINK.search(item.astext())
        if refused and refused.group(1).lower() not in self.allowed:
            warn(
                "unsafe-scheme",
                f"'{refused.group(1)}:' links are not allowed in related reading (allowed: "
                f"{', '.join(self.allowed)}); the item is shown as plain text",
                _located(item),
            )
        else:
            warn("no-link", f"related-reading list item has no link; {_HOW}", _located(item))

    def _unsafe(self, link: nodes.Element) -> bool:
        """Whether the link's scheme is not allowed; then it becomes its text."""
        scheme = url_scheme(link.get("refuri", ""))
        if scheme is None or scheme in self.allowed:
            return False
        warn(
            "unsafe-scheme",
            f"'{scheme}:' links are not allowed in related reading (allowed: "
            f"{', '.join(self.allowed)}); the link is shown as plain text",
            _located(link),
        )
        link.replace_self(nodes.inline("", "", *link.children, classes=["related-unsafe"]))
        return True

    def _entry(self, item: nodes.Element, link: nodes.Element) -> Place | None:
        url = link.get("refuri", "")
        if not isinstance(link, nodes.reference) or url_scheme(url) is None:
            target = url or link.get("reftarget") or link.get("refid") or link.astext()
            warn(
                "internal-link",
                f"related reading must link to an external source, not {target!r}; "
                "link to pages of this site from the text instead",
                _located(link),
            )
            return None
        if self._unsafe(link):
            return None
        try:
            cleaned = clean_url(url, tuple(self.config.related_reading_tracking_params))
        except ValueError as reason:
            warn("invalid-url", f"{url!r} cannot be a link: {reason}", _located(link))
            link.replace_self(nodes.inline("", "", *link.children, classes=["related-unsafe"]))
            return None
        if cleaned.removed:
            warn(
                "tracking-params",
                f"removed tracking parameters ({', '.join(cleaned.removed)}) from {url}; "
                f"link to {cleaned.url} instead",
                _located(link),
            )
        link["refuri"] = cleaned.url
        link["classes"].append("related-title")
        link["related_identity"] = cleaned.identity  # which entry: read when writing
        item["classes"].append("related-reading-item")
        key = self._key(item, link)
        return self._place(
            "list",
            link,
            key,
            f"rr-list-{key or derive_key(cleaned.identity)}",
            url=cleaned.url,
            identity=cleaned.identity,
            title=" ".join(link.astext().split()) or cleaned.url,
            annotation=_annotation(link),
        )

    # -- keys ---------------------------------------------------------------------------

    def _key(self, item: nodes.Element, link: nodes.Element) -> str:
        """The author's key: MyST's ``{#key}`` (left on the link as a name, see
        ``directives``) or reStructuredText's ``:key:`` field in the item."""
        raw = link["names"][0] if link["names"] else self._key_field(item)
        for node_id in link["ids"]:  # a translated item's {#key} made an id: not a target
            if self.document.ids.get(node_id) is link:
                del self.document.ids[node_id]
        link["names"], link["ids"] = [], []
        if raw:
            if not (key := normalize_key(raw)):
                warn(
                    "invalid-key",
                    f"key {raw!r} has no ASCII letters or digits (keys are written with a-z, "
                    "0-9 and '-'); the entry gets a key derived from its URL",
                    _located(link),
                )
            return key
        following = link.parent[link.parent.index(link) + 1 :] if link.parent else []
        written = _KEY_ATTRIBUTE.match(following[0].astext().lstrip()) if following else None
        if written:
            self._misplaced_key(written.group(0), link)
        return ""

    def _key_field(self, item: nodes.Element) -> str:
        """The value of a ``:key:`` field in the item, which the field list leaves."""
        for field_list in [c for c in item.children if isinstance(c, nodes.field_list)]:
            for field in [c for c in field_list.children if isinstance(c, nodes.field)]:
                if field[0].astext().strip().lower() == "key":
                    field_list.remove(field)
                    if not field_list.children:
                        item.remove(field_list)
                    return field[1].astext().strip()
        return ""

    def _misplaced_key(self, written: str, link: nodes.Element) -> None:
        source, _line = self._where(link)
        markdown = self.config.source_suffix.get(Path(source).suffix) == "markdown"
        if not markdown:
            warn(
                "key-syntax",
                f"{written} is MyST's syntax: in reStructuredText, give the item its key "
                "with a field on its own line below the link, ':key: some-key'",
                _located(link),
            )
        elif "attrs_inline" in getattr(self.config, "myst_enable_extensions", ()):
            warn(
                "invalid-key",
                f"MyST could not read {written} as a key: write it without spaces or "
                "quotes, with letters, digits and '-', such as {#feder-2014}",
                _located(link),
            )
        else:
            warn(
                "key-syntax",
                f"{written} after a link needs MyST's inline attributes: add 'attrs_inline' "
                "to myst_enable_extensions in conf.py",
                _located(link),
            )

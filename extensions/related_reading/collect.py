"""Reading: every list item and citation checked, anchored and recorded in the domain,
after docutils resolved named references (rST's ```Title`_``) and Sphinx applied
translations and smart quotes: what is checked and recorded is what the reader gets."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from .diagnostics import NO_ASCII, warn
from .domain import Appendix, Place, get_domain
from .markup import READING_LIST_CLASS
from .nodes import related_citation, related_reading_appendix
from .urls import clean_url, derive_key, normalize_key, url_scheme

if TYPE_CHECKING:
    from collections.abc import Iterator


#: What authors put between a link and its annotation.
_SEPARATORS = " \t\n\u2014\u2013-:;,."
#: A link markdown-it refused (``javascript:``, ``data:``, ``file:``, ``vbscript:``,
#: as ``[x](...)`` or ``<...>``) and left as text.
_REFUSED_LINK = re.compile(r"(?:\]\(\s*<?|<)([A-Za-z][A-Za-z0-9+.\-]*):")
#: A ``{#key}`` that MyST did not read, left as text after the link.
_KEY_TEXT = re.compile(r"^\{#[^}]*\}")
#: The source Sphinx gives a translated paragraph: the original file and line.
_TRANSLATED = re.compile(r"(?P<path>.*):(?P<line>\d+):<translated>")


@lru_cache(maxsize=4096)  # a page's places are in one or a few files
def _relative(path: str, srcdir: str) -> str:
    return Path(os.path.relpath(path, srcdir)).as_posix()


def ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    while node.parent is not None:
        node = node.parent
        yield node


def _is_ours(node: nodes.Node) -> bool:
    """Citations, appendices, and the items of reading lists (their sub-lists' too)."""
    if isinstance(node, nodes.list_item):
        return any(READING_LIST_CLASS in a["classes"] for a in ancestors(node))
    return isinstance(node, related_citation | related_reading_appendix)


def _located(node: nodes.Element) -> nodes.Element:
    """The node, or its first descendant that knows its line (an item's paragraph)."""
    return next((n for n in node.findall(nodes.Element) if n.line), node)


def _context(node: nodes.Node) -> tuple[str, tuple[str, ...], nodes.Element | None]:
    """The innermost section's title, the ``only`` expressions around the node (outermost
    first), and the section, figure or table whose title or caption holds the node."""
    section, expressions, titled = "", list[str](), None
    for ancestor in ancestors(node):
        if isinstance(ancestor, addnodes.only):
            expressions.insert(0, ancestor["expr"])
        elif isinstance(ancestor, nodes.title | nodes.caption) and titled is None:
            titled = ancestor.parent
        elif isinstance(ancestor, nodes.section) and not section:
            section = " ".join(ancestor[0].astext().split())
    return section, tuple(expressions), titled


def _annotation(link: nodes.Element) -> str:
    """What follows the link in its paragraph, without leading dashes or colons."""
    top = link
    for paragraph in ancestors(link):
        if isinstance(paragraph, nodes.paragraph):
            text = "".join(
                t.astext()
                for child in paragraph.children[paragraph.index(top) + 1 :]
                for t in child.findall(nodes.Text)
                if not isinstance(t.parent, nodes.raw)  # markup, not words
            )
            text = _KEY_TEXT.sub("", " ".join(text.split()))
            return text.lstrip(_SEPARATORS).strip()
        top = paragraph
    return ""


class CollectPlaces(SphinxTransform):
    """Check and anchor every list item and citation; record them in the domain."""

    # After references (640), translations (20) and smart quotes (750); before Sphinx
    # collects the document (880).
    default_priority = 840

    def apply(self, **kwargs: Any) -> None:
        self.docname = self.env.current_document.docname
        self.allowed = tuple(self.config.related_reading_allowed_schemes)
        self.taken: dict[str, int] = {}
        places: list[Place] = []
        appendices: list[Appendix] = []
        for node in cast("list[nodes.Element]", list(self.document.findall(_is_ours))):
            if isinstance(node, related_reading_appendix):
                node["serial"] = len(appendices) + 1
                where = self._where(node)
                conditions = _context(node)[1]
                appendices.append(
                    Appendix(self.docname, node["serial"], *where, node["sort"], conditions)
                )
            elif isinstance(node, related_citation):
                places.append(self._place("cite", node, node["key"], f"rr-cite-{node['key']}"))
            elif place := self._read_item(node):
                places.append(place)
        domain = get_domain(self.env)
        domain.places[self.docname], domain.appendices[self.docname] = places, appendices

    def _where(self, node: nodes.Element) -> tuple[str, int]:
        """The file (relative to the source folder) and line where the author wrote it."""
        source, line = get_source_line(_located(node))
        if source and (translated := _TRANSLATED.fullmatch(source)):
            source, line = translated["path"], int(translated["line"])
        if not (source and Path(source).is_absolute()):
            source = str(self.env.doc2path(self.docname))
        return _relative(source, str(self.env.srcdir)), line or 0

    def _place(
        self, kind: Literal["list", "cite"], node: nodes.Element, key: str, prefix: str, **item: str
    ) -> Place:
        section, conditions, titled = _context(node)
        if titled is not None and (index := node.parent.index(node)):
            before = node.parent[index - 1]
            if isinstance(before, nodes.Text) and before.endswith(" "):
                # Its space goes with it: in tables of contents the title is "Evidence".
                node.parent.replace(before, nodes.Text(before.rstrip()))
                node["space_before"] = True
        number = self.taken.get(prefix, 0) + 1
        while f"{prefix}-{number}" in self.document.ids:
            number += 1
        self.taken[prefix] = number
        anchor = f"{prefix}-{number}"
        # In a title or caption, the id goes on what it titles: LaTeX copies titles into
        # tables of contents, where a label breaks the PDF.
        holder = titled or node
        holder["ids"].append(anchor)
        self.document.ids[anchor] = holder
        source, line = self._where(node)
        return Place(kind, self.docname, source, line, anchor, section, conditions, key, **item)

    def _read_item(self, item: nodes.Element) -> Place | None:
        own = [  # its links, not those of its sub-lists' items
            cast("nodes.Element", link)
            for link in item.findall(
                lambda n: isinstance(n, nodes.reference | addnodes.pending_xref)
            )
            if next(a for a in ancestors(link) if isinstance(a, nodes.list_item)) is item
        ]
        if not own:
            self._no_link(item)
            return None
        place = self._entry(item, own[0])
        for extra in own[1:]:
            if isinstance(extra, nodes.reference) and not self._unsafe(extra):
                target = extra.get("refuri") or extra.astext()
                warn("extra-link", _located(extra), target=target)
        return place

    def _no_link(self, item: nodes.Element) -> None:
        if any(isinstance(child, nodes.Sequential) for child in item.children):
            return  # a label ("Wiki pages:") over a sub-list, whose items are the entries
        refused = _REFUSED_LINK.search(item.astext())
        if refused and refused.group(1).lower() not in self.allowed:
            allowed = ", ".join(self.allowed)
            warn("unsafe-scheme", _located(item), scheme=refused.group(1), allowed=allowed)
        else:
            warn("no-link", _located(item))

    def _as_text(self, link: nodes.Element) -> None:
        link.replace_self(nodes.inline("", "", *link.children, classes=["related-unsafe"]))

    def _unsafe(self, link: nodes.Element) -> bool:
        """Whether the link's scheme is not allowed; then it becomes its text."""
        scheme = url_scheme(link.get("refuri", ""))
        if scheme is None or scheme in self.allowed:
            return False
        warn("unsafe-scheme", _located(link), scheme=scheme, allowed=", ".join(self.allowed))
        self._as_text(link)
        return True

    def _entry(self, item: nodes.Element, link: nodes.Element) -> Place | None:
        url = link.get("refuri", "")
        if url_scheme(url) is None:  # relative links, and MyST's links to documents
            target = url or link.get("reftarget") or link.get("refid") or link.astext()
            warn("internal-link", _located(link), target=target)
            return None
        if self._unsafe(link):
            return None
        try:
            cleaned = clean_url(url, tuple(self.config.related_reading_tracking_params))
        except ValueError as reason:
            warn("invalid-url", _located(link), url=url, reason=reason)
            self._as_text(link)
            return None
        if cleaned.removed:
            removed = ", ".join(cleaned.removed)
            warn("tracking-params", _located(link), removed=removed, url=url, clean=cleaned.url)
        link["refuri"] = cleaned.url
        link["classes"].append("related-title")
        link["related_identity"] = cleaned.identity  # which entry: read when writing
        item["classes"].append("related-reading-item")
        key = self._key(item, link)
        title = " ".join(link.astext().split()) or cleaned.url
        prefix = f"rr-list-{key or derive_key(cleaned.identity)}"
        return self._place(
            "list",
            link,
            key,
            prefix,
            url=cleaned.url,
            identity=cleaned.identity,
            title=title,
            annotation=_annotation(link),
        )

    def _key(self, item: nodes.Element, link: nodes.Element) -> str:
        """The author's key: MyST's ``{#key}``, left on the link as a name (``markup``),
        or a ``:key:`` field in the item (reStructuredText)."""
        raw = link["names"][0] if link["names"] else self._key_field(item)
        for node_id in link["ids"]:  # a translated {#key} made an id: it is not a target
            if self.document.ids.get(node_id) is link:
                del self.document.ids[node_id]
        link["names"], link["ids"] = [], []
        if raw and not normalize_key(raw):
            warn("invalid-key", _located(link), key=raw, why=NO_ASCII)
        following = link.parent[link.parent.index(link) + 1 :]
        if not raw and following and (text := _KEY_TEXT.match(following[0].astext().lstrip())):
            self._key_text(text.group(0), link)
        return normalize_key(raw)

    def _key_field(self, item: nodes.Element) -> str:
        """The value of a ``:key:`` field in the item, which leaves the page."""
        for fields in [c for c in item.children if isinstance(c, nodes.field_list)]:
            for field in [c for c in fields.children if isinstance(c, nodes.field)]:
                if field[0].astext().strip().lower() == "key":
                    fields.remove(field)
                    if not fields.children:
                        item.remove(fields)
                    return field[1].astext().strip()
        return ""

    def _key_text(self, written: str, link: nodes.Element) -> None:
        """A ``{#key}`` left as text: say why it was not read."""
        if self.config.source_suffix.get(Path(self._where(link)[0]).suffix) != "markdown":
            fix = "in reStructuredText, give the item a field of its own, ':key: some-key'"
        elif "attrs_inline" not in getattr(self.config, "myst_enable_extensions", ()):
            fix = "add 'attrs_inline' to myst_enable_extensions in conf.py"
        else:
            why = "MyST could not read it: write letters, digits and '-' only (feder-2014)"
            warn("invalid-key", _located(link), key=written, why=why)
            return
        warn("key-syntax", _located(link), key=written, fix=fix)

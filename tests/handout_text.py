"""The handout's text as a reader gets it, block by block, with the line each block comes from.

The content tests judge the rendered HTML (what a reader sees: a citation is a link into
the appendix, an advice marker is a ``<span class="advice">``), but must say where to fix
a problem: ``docs/safety.md:17``. So each page's resolved doctree (the one the HTML
builder writes) is rendered once more by the builder's own translator, with every block
tagged by a class, and each rendered block is paired with its doctree node's source and
line. (The tag is the only difference: it keeps a list item's ``<p>``, which a compact
list drops.)

A block is a paragraph (on its own, in a list item, an admonition, a glossary
definition ...), a heading (section title, rubric, admonition title) or a glossary
term. Never text: the page list (toctree) and the related-reading lists, whose items are
sources' titles as published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import docutils_namespace, register_node
from sphinx.util.osutil import relative_uri

if TYPE_CHECKING:
    from bs4 import Tag
    from sphinx.builders import Builder
    from sphinx.testing.util import SphinxTestApp

#: Rendered regions that hold no prose of ours: the page list and sources' titles.
NOT_PROSE = ".toctree-wrapper, ul.related-reading"
#: The sources page (the related-reading appendix): titles as published, not prose.
APPENDIX = "related-reading"
#: Which rendered blocks are headings (never checked as paragraphs).
HEADINGS = {"heading", "glossary term"}
_TAG = "handout-text-block-"


@dataclass(frozen=True)
class Block:
    """One rendered block of a page and where its text is written."""

    docname: str
    #: "docs/safety.md:17": the source file (relative to the docs folder's parent) and line.
    where: str
    #: "paragraph", "list item", "heading" or "glossary term".
    kind: str
    #: The block as rendered into the page.
    element: Tag

    @property
    def text(self) -> str:
        """What a reader reads: the words without citation labels ("[3]") or permalinks."""
        words = "".join(
            string
            for string in self.element.find_all(string=True)
            if not any(
                is_citation(link) or "headerlink" in link.get("class", [])
                for link in string.find_parents("a")
            )
        )
        return re.sub(r"\s+([.,;:!?)])", r"\1", " ".join(words.split()))


def is_citation(link: Tag) -> bool:
    """A ``{related}`` citation as rendered: a link to an entry of the appendix page."""
    page, _, anchor = str(link.get("href", "")).partition("#")
    return bool(anchor) and Path(page).stem == APPENDIX and page.endswith(".html")


def _kind(node: nodes.Element) -> str:
    if isinstance(node, nodes.term):
        return "glossary term"
    if isinstance(node, (nodes.title, nodes.rubric)):
        return "heading"
    return "list item" if isinstance(node.parent, nodes.list_item) else "paragraph"


def _line(node: nodes.Element) -> tuple[str | None, int | None]:
    """The node's source and line, or its nearest ancestor's (titles may have none)."""
    current: nodes.Element | None = node
    while current is not None:
        if current.line:
            break
        current = current.parent
    else:
        return node.source, None
    if current.source and _ancestor(node, addnodes.glossary) is not None:
        return current.source, _glossary_line(node, Path(current.source), current.line)
    return current.source, current.line


def _ancestor(node: nodes.Element, kind: type[nodes.Element]) -> nodes.Element | None:
    current = node.parent
    while current is not None and not isinstance(current, kind):
        current = current.parent
    return current


def _glossary_line(node: nodes.Element, source: Path, fallback: int) -> int:
    """Where a glossary term or definition is written in ``source``.

    Sphinx's glossary directive gives a MyST page's terms and definitions lines counted
    from inside the directive (Sphinx 9.0, MyST-Parser 5.2), so look for the text: a term
    is a line of its own; a definition starts after its term with the same first words.
    """
    lines = [" ".join(line.split()) for line in source.read_text("utf-8").splitlines()]
    item = _ancestor(node, nodes.definition_list_item)
    term = item.next_node(nodes.term) if item is not None else None
    if term is None:
        return fallback
    term_line = next((n for n, text in enumerate(lines, 1) if text == term.astext()), None)
    if term_line is None or isinstance(node, nodes.term):
        return term_line or fallback
    start = " ".join(node.astext().split()[:4])
    return next(
        (n for n, text in enumerate(lines, 1) if n > term_line and start in text), term_line + 1
    )


def _body_html(builder: Builder, docname: str, doctree: nodes.document) -> str:
    """The page's body exactly as ``StandaloneHTMLBuilder.write_doc`` renders it, unwritten."""
    doctree.settings = builder.docsettings  # type: ignore[attr-defined]
    uri = builder.get_target_uri(docname)
    builder.secnumbers = builder.env.toc_secnumbers.get(docname, {})  # type: ignore[attr-defined]
    builder.fignumbers = builder.env.toc_fignumbers.get(docname, {})  # type: ignore[attr-defined]
    builder.imgpath = relative_uri(uri, "_images")
    builder.dlpath = relative_uri(uri, "_downloads")  # type: ignore[attr-defined]
    builder.current_docname = docname  # type: ignore[attr-defined]
    visitor = builder.create_translator(doctree, builder)
    doctree.walkabout(visitor)
    return "".join(visitor.fragment)  # type: ignore[attr-defined]


class RenderedPages:
    """The pages of one HTML build, each rendered and split into blocks once."""

    def __init__(self, app: SphinxTestApp) -> None:
        self.app = app
        self._blocks: dict[str, list[Block]] = {}

    @property
    def docnames(self) -> list[str]:
        return sorted(self.app.env.found_docs)

    def file(self, docname: str, source: str | None = None) -> str:
        """The page's source file relative to the docs folder's parent: docs/safety.md."""
        path = Path(source or self.app.env.doc2path(docname))
        base = Path(self.app.srcdir).parent
        return (path.relative_to(base) if path.is_relative_to(base) else path).as_posix()

    def where(self, docname: str, source: str | None, line: int | None) -> str:
        return f"{self.file(docname, source)}:{line or '?'}"

    def blocks(self, docname: str) -> list[Block]:
        """Every block of the page's article text, in reading order, outside NOT_PROSE."""
        if docname not in self._blocks:
            self._blocks[docname] = self._render(docname)
        return self._blocks[docname]

    def paragraphs(self, docname: str) -> list[Block]:
        return [block for block in self.blocks(docname) if block.kind not in HEADINGS]

    def _render(self, docname: str) -> list[Block]:
        app = self.app
        doctree = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.builder.tags)
        found = [
            node
            for node in doctree.findall(nodes.Element)
            if isinstance(node, (nodes.paragraph, nodes.title, nodes.rubric, nodes.term))
        ]
        for number, node in enumerate(found):
            node["classes"].append(f"{_TAG}{number}")
        with docutils_namespace():
            # The test app's clean-up made docutils forget Sphinx's and the extensions'
            # node classes; its writer needs them again (docutils_namespace forgets them after).
            for node_class in {type(node) for node in doctree.findall(nodes.Element)}:
                register_node(node_class)
            html = _body_html(app.builder, docname, doctree)
        soup = BeautifulSoup(html, "html.parser")
        hidden = {id(tag) for region in soup.select(NOT_PROSE) for tag in region.find_all(True)}
        blocks = []
        for number, node in enumerate(found):
            element = soup.select_one(f".{_TAG}{number}")
            if element is None or id(element) in hidden:
                continue  # not rendered (a toctree's own paragraphs) or not prose
            element["class"].remove(f"{_TAG}{number}")
            source, line = _line(node)
            blocks.append(Block(docname, self.where(docname, source, line), _kind(node), element))
        return blocks


def shorten(text: str, width: int = 90) -> str:
    """A block's text, cut to fit one line of a failure message."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def fail_on(problems: list[str]) -> None:
    """Fail with one line per problem (each starts with its file and line), and nothing else."""
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)

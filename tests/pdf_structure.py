"""A tagged PDF as a screen reader meets it: the structure tree, each element with its text.

pikepdf walks the structure tree; pypdf extracts the text of each marked-content sequence
(a page's ``BDC /P <</MCID 7>> ... EMC``), which the tree's elements point at by page and
MCID. The tests compare what comes out with the PDF's outline and with the source.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pikepdf
from helpers import squash
from pypdf import PageObject, PdfReader
from pypdf.generic import NameObject

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

#: Headings, by structure type: "H1" -> 1.
HEADINGS = {f"H{level}": level for level in range(1, 7)}


@dataclass
class Element:
    """A structure element: its standard type ("P", "H2", "L", ...), text and children."""

    tag: str
    children: list[Element] = field(default_factory=list)
    #: Its own marked content's text, then its children's, in reading order.
    parts: list[str] = field(default_factory=list)
    #: The link annotations it holds (``/OBJR``), as pikepdf object ids.
    annotations: list[tuple[int, int]] = field(default_factory=list)
    #: Pages (1-based) its own marked content is on.
    pages: set[int] = field(default_factory=set)

    @property
    def text(self) -> str:
        return squash(" ".join(self.parts))

    def walk(self) -> Iterator[Element]:
        """This element and every element below it, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, tag: str) -> list[Element]:
        return [element for element in self.walk() if element.tag == tag]


def marked_content_texts(path: Path) -> dict[tuple[int, int | None], str]:
    """(page, MCID) -> text; MCID None for artifacts, -1 for text outside marked content."""
    texts = {}
    for number, page in enumerate(PdfReader(path).pages, start=1):
        for mcid, text in _page_texts(page).items():
            texts[number, mcid] = text
    return texts


def _page_texts(page: PageObject) -> dict[int | None, str]:
    properties = page["/Resources"].get("/Properties", {})
    texts: dict[int | None, str] = defaultdict(str)
    stack: list[int | None] = []

    def before(operator: bytes, operands: list[Any], _cm: Any, _tm: Any) -> None:
        if operator in {b"BDC", b"BMC"}:
            mcid = None
            if operator == b"BDC":
                props = operands[1]
                if isinstance(props, NameObject):  # named in the page's resources
                    props = properties[props]
                mcid = props.get_object().get("/MCID")
            stack.append(None if mcid is None else int(mcid))
        elif operator == b"EMC":
            stack.pop()

    def text(chunk: str, *_args: Any) -> None:
        texts[stack[-1] if stack else -1] += chunk

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def artifact_texts(path: Path) -> dict[int, str]:
    """Page -> the text marked as artifacts on it (running headers, footers, page numbers)."""
    return {
        page: squash(text)
        for (page, mcid), text in marked_content_texts(path).items()
        if mcid is None
    }


def structure_tree(path: Path) -> Element:
    """The structure tree's root (its /Document element), with every element's text."""
    texts = marked_content_texts(path)
    pdf = pikepdf.open(path)
    page_numbers = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}

    def standard_type(node: pikepdf.Dictionary) -> str:
        """The structure type, through its namespace's role map when it has one (PDF 2.0)."""
        tag = str(node.S)
        role_map = node.get("/NS", {}).get("/RoleMapNS", {})
        if tag in role_map:
            tag = str(role_map[tag][0])
        return tag.removeprefix("/")

    def visit(node: Any, parent: Element, page: int | None) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                visit(kid, parent, page)
        elif isinstance(node, int):  # an MCID on the element's page
            parent.parts.append(texts.get((page, node), ""))
            parent.pages.add(page)
        elif isinstance(node, pikepdf.Dictionary):
            kind = node.get("/Type")
            if kind == "/MCR":
                on = page_numbers[node.Pg.objgen]
                parent.parts.append(texts.get((on, int(node.MCID)), ""))
                parent.pages.add(on)
            elif kind == "/OBJR":
                parent.annotations.append(node.Obj.objgen)
            else:
                element = Element(standard_type(node))
                parent.children.append(element)
                if "/Pg" in node:
                    page = page_numbers[node.Pg.objgen]
                visit(node.get("/K", pikepdf.Array()), element, page)
                parent.parts.append(element.text)

    root = Element("StructTreeRoot")
    visit(pdf.Root.StructTreeRoot.K, root, None)
    (document,) = root.children
    return document


def comparable(text: str) -> str:
    """Letters and digits only, lower case: line-end hyphens, spaces and ligatures aside."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).lower() if c.isalnum())


def reads_as(printed: str, source: str, length: int = 60) -> bool:
    """Whether the printed text begins like the source: the source's first ``length`` letters
    and digits appear in it in order, from its start (paper adds page numbers in between)."""
    want, have = comparable(source)[:length], iter(comparable(printed))
    return comparable(printed).startswith(want[:4]) and all(c in have for c in want)

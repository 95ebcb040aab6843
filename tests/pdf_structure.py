"""A tagged PDF as a screen reader meets it: the structure tree, each element with its text.

pikepdf walks the structure tree; pypdf extracts the text of each marked-content sequence
(a page's ``BDC /P <</MCID 7>> ... EMC``), which the tree's elements point at by page and
MCID. The ``*_problems`` functions compare what comes out with the PDF's outline, with the
source's lists and with the link annotations, and say what does not match.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pikepdf
from docutils import nodes
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


def outline(reader: PdfReader) -> list[tuple[int, str]]:
    """Every bookmark, in order, as (depth, title); depth 0 at the top."""
    found = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, squash(str(item.title))))

    walk(reader.outline, 0)
    return found


def heading_problems(structure: Element, reader: PdfReader, title: str) -> list[str]:
    """H1 is the title; below it, one heading per bookmark, in order, nested as they are;
    no level skipped."""
    headings = [
        (HEADINGS[element.tag], element.text)
        for element in structure.walk()
        if element.tag in HEADINGS
    ]
    problems = []
    if headings[:1] != [(1, title)]:
        problems.append(f"the first heading is {headings[:1]}, not H1 {title!r}")
    expected = [(depth + 2, text) for depth, text in outline(reader)]
    if headings[1:] != expected:
        problems.append(f"headings {headings[1:]} are not the outline {expected}")
    for (before, _), (level, text) in itertools.pairwise(headings):
        if level > before + 1:
            problems.append(f"H{level} {text!r} follows an H{before}")
    return problems


def source_lists(doctree: nodes.document) -> list[list[tuple[str | None, str]]]:
    """Each list in the source, in order: its items' expected labels and texts.

    A bullet's glyph is LaTeX's choice (None: any); a number is printed with the list's
    prefix and suffix ("[3]" in the handout's appendix); a glossary entry's label is its
    terms.
    """
    kinds = nodes.bullet_list | nodes.enumerated_list | nodes.definition_list
    found = []
    for node in doctree.findall(lambda n: isinstance(n, kinds)):
        items: list[tuple[str | None, str]] = []
        if isinstance(node, nodes.definition_list):
            for item in node.children:
                terms = " ".join(term.astext() for term in item.findall(nodes.term))
                (definition,) = item.findall(nodes.definition)
                items.append((terms, definition.astext()))
        else:
            for number, item in enumerate(node.children, start=node.get("start", 1)):
                label = None
                if isinstance(node, nodes.enumerated_list):
                    assert node["enumtype"] == "arabic", node["enumtype"]
                    label = f"{node.get('prefix', '')}{number}{node.get('suffix', '.')}"
                items.append((label, item.astext()))
        found.append(items)
    return found


def list_problems(structure: Element, doctree: nodes.document) -> list[str]:
    """Every list in the source is L > LI > Lbl + LBody, with its labels and its text."""
    expected = source_lists(doctree)
    tagged = structure.find("L")
    if len(tagged) != len(expected):
        return [f"{len(tagged)} L elements for {len(expected)} lists in the source"]
    problems = []
    for items, lst in zip(expected, tagged, strict=True):
        if [item.tag for item in lst.children] != ["LI"] * len(items):
            problems.append(
                f"{[i.tag for i in lst.children]} for {len(items)} items: {lst.text[:60]}"
            )
            continue
        for (label, text), item in zip(items, lst.children, strict=True):
            if [part.tag for part in item.children] != ["Lbl", "LBody"]:
                problems.append(f"LI holds {[p.tag for p in item.children]}: {item.text[:60]}")
                continue
            lbl, body = item.children
            if not lbl.text or (label is not None and lbl.text != squash(label)):
                problems.append(f"label {lbl.text!r}, expected {label!r}: {body.text[:60]}")
            if not reads_as(body.text, text):
                problems.append(f"item {body.text[:60]!r} is not {text[:60]!r}")
    return problems


def link_problems(path: Path, structure: Element, reader: PdfReader) -> list[str]:
    """Each link annotation leads to a Link element, and its /Contents says where it goes:
    a web address, "Go to page N" (the page it goes to) or "Go to footnote N"."""
    pdf = pikepdf.open(path)
    parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    tagged = {annotation for link in structure.find("Link") for annotation in link.annotations}
    pages = {
        name: reader.get_destination_page_number(destination) + 1
        for name, destination in reader.named_destinations.items()
    }
    problems = []
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            where = f"page {number}, {annotation.A.get('/URI') or annotation.A.get('/D')}"
            # A link broken over two lines is two annotations; the Link element holds the
            # one LaTeX made, and both lead to it through the parent tree.
            if parents[int(annotation.StructParent)].S != "/Link":
                problems.append(f"{where}: not in a Link element")
            tagged.discard(annotation.objgen)
            contents, action = str(annotation.get("/Contents", "")), annotation.A
            if action.S == "/URI":
                expected = str(action.URI)
            elif contents.startswith("Go to footnote") and str(action.D).startswith("fn"):
                expected = contents
            else:
                expected = f"Go to page {pages.get(str(action.D))}"
            if contents != expected:
                problems.append(f"{where}: /Contents {contents!r}, expected {expected!r}")
    if tagged:
        problems.append(f"Link elements hold annotations on no page: {sorted(tagged)}")
    problems += [
        f"a Link element holds no annotation: {link.text!r}"
        for link in structure.find("Link")
        if not link.annotations
    ]
    return problems


def pdfua_check(path: Path) -> tuple[int, str]:
    """``pdfua check`` (PyPI's pdfua: PDF/UA-1's machine-checkable rules): exit code, report."""
    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr

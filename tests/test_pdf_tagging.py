"""handouttagging.sty beyond the handout: lists and headings nested every way Sphinx writes them.

The root ``tagging`` has a list straight after a paragraph, lists in lists, an item whose
first content is a list, a block quote in an item (a LaTeX \\list that is not a list), a
glossary entry with two terms, a numbered list that starts at 3, rubrics before and inside
sections, headings four levels deep, and a footnote.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import DOCS, build_app, copy_root, latexmk_or_skip, run_latexmk
from helpers import warnings_of
from pdf_structure import (
    Element,
    heading_problems,
    link_problems,
    list_problems,
    outline,
    pdfua_check,
    structure_tree,
)
from pypdf import PdfReader

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.latex


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> tuple[SphinxTestApp, Path]:
    latexmk_or_skip()
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(DOCS / "_ext"))
        app = build_app(
            "latex",
            copy_root("tagging", tmp_path_factory.mktemp("tagging")),
            confoverrides={"templates_path": [str(DOCS / "_templates")]},
            freshenv=True,
        )
    assert warnings_of(app) == []
    return app, run_latexmk(Path(app.outdir), "tagging.tex")


@pytest.fixture(scope="module")
def structure(tagged: tuple[SphinxTestApp, Path]) -> Element:
    return structure_tree(tagged[1])


def test_pdfua_check_finds_nothing(tagged: tuple[SphinxTestApp, Path]) -> None:
    returncode, report = pdfua_check(tagged[1])
    assert returncode == 0, report


def test_tagpdf_has_nothing_to_say(tagged: tuple[SphinxTestApp, Path]) -> None:
    """No nested marked content, no structure where PDF forbids it, nothing left open."""
    log = tagged[1].with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert "tagpdf Warning" not in log
    assert "Package handouttagging Error" not in log


def test_headings_nest_as_the_outline_does(
    structure: Element, tagged: tuple[SphinxTestApp, Path]
) -> None:
    reader = PdfReader(tagged[1])
    assert heading_problems(structure, reader, "Tagging") == []
    # A rubric before any section is H2; a rubric inside one, H3; \subsubsection, H4.
    assert outline(reader) == [
        (0, "Before any section"),
        (0, "Section one"),
        (1, "A rubric inside a section"),
        (1, "Subsection"),
        (2, "Deep section"),
        (0, "Section two"),
    ]


def test_every_list_is_tagged_at_its_depth(
    structure: Element, tagged: tuple[SphinxTestApp, Path]
) -> None:
    app = tagged[0]
    source = app.builder.assemble_doctree("index", False, [])
    assert list_problems(structure, source) == []
    # Nested lists are in the item they belong to; the quote in an item is not a list.
    depths = [len(_ancestors(structure, lst, "L")) for lst in structure.find("L")]
    assert depths == [0, 1, 2, 1, 0, 1, 0, 0, 0]


def _ancestors(root: Element, target: Element, tag: str) -> list[Element]:
    """The elements tagged ``tag`` that contain ``target``."""
    path: list[Element] = []

    def find(element: Element) -> bool:
        if element is target:
            return True
        path.append(element)
        if any(find(child) for child in element.children):
            return True
        path.pop()
        return False

    find(root)
    return [element for element in path if element.tag == tag]


def test_links_say_where_they_go(structure: Element, tagged: tuple[SphinxTestApp, Path]) -> None:
    assert link_problems(tagged[1], structure, PdfReader(tagged[1])) == []
    # The web link, the two links to sections and the footnote's mark.
    assert len(structure.find("Link")) == 4


def test_footnote_text_is_a_note_in_the_paragraph_that_cites_it(structure: Element) -> None:
    (note,) = structure.find("FENote")
    assert note.text == "1 The footnote’s text."
    (citing,) = [p for p in structure.find("P") if note in p.children]
    assert citing.text.startswith("A paragraph with a footnote 1 1 The footnote’s text.")
    assert [child.tag for child in note.children] == ["P"]

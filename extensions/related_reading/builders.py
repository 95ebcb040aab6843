"""What each builder can do, in one table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.builders import Builder

__all__ = ["Output", "internal_uri", "output_of", "place_id"]


@dataclass(frozen=True, slots=True)
class Output:
    """How the extension writes for one builder."""

    #: Web pages: readers click, so the appendix need not print each URL, and the
    #: stylesheet numbers the appendix "[1]", "[2]" like the links to it.
    web: bool = False
    #: Writes ``related-reading.json``.
    export: bool = False
    #: Every document in one page: place ids get their document's name, to stay unique.
    one_page: bool = False
    #: Paper (LaTeX): "[3, p. 7]", "Cited on p. 2, 4", links by label (``latex.py``).
    paper: bool = False
    #: The appendix links each entry to its source. Not for linkcheck: each source is
    #: checked, and reported, where a page lists it.
    appendix_links: bool = True


#: Builders not named here get ``Output(web=True)`` if they write HTML, else
#: ``Output()``: every URL printed, entries numbered in their text.
OUTPUTS = {
    "html": Output(web=True, export=True),
    "dirhtml": Output(web=True, export=True),
    "singlehtml": Output(web=True, one_page=True),
    "epub": Output(web=True),
    "latex": Output(paper=True),
    "linkcheck": Output(appendix_links=False),
}


def output_of(builder: Builder) -> Output:
    return OUTPUTS.get(builder.name) or Output(web=builder.format == "html")


def place_id(docname: str, anchor: str) -> str:
    """A place's id in a one-page output, where every document's ids meet."""
    return f"document-{docname}-{anchor}"


def internal_uri(
    builder: Builder, fromdocname: str, docname: str, anchor: str, *, place: bool = False
) -> str:
    """The URL of ``docname#anchor`` from ``fromdocname``. Only one fragment: in one-page
    outputs the builder's own URL of a document is already a fragment."""
    if output_of(builder).one_page:
        return f"#{place_id(docname, anchor) if place else anchor}"
    if docname == fromdocname:
        return f"#{anchor}"
    return f"{builder.get_relative_uri(fromdocname, docname)}#{anchor}"

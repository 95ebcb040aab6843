"""What each builder can do, in one table, and the files that go with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util.fileutil import copy_asset_file

from .catalogue import current_catalogue

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


_HERE = Path(__file__).parent
LATEX_PACKAGE = "sphinxrelatedreading"


@dataclass(frozen=True, slots=True)
class Output:
    """How the extension writes for one builder."""

    #: Web pages: readers click, so the appendix need not print each URL, and the
    #: stylesheet numbers the appendix "[1]", "[2]" like the links to it.
    web: bool = False
    #: Writes ``related-reading.json``.
    export: bool = False
    #: All documents in one page: place ids get their document's name, to stay unique.
    one_page: bool = False
    #: Paper (LaTeX): "[3, p. 7]", "Cited on p. 2, 4", links by label (``latex.py``).
    paper: bool = False
    #: The appendix links each entry to its source. Not for linkcheck: each source is
    #: checked, and reported, where a page lists it.
    appendix_links: bool = True


#: Builders not named here get ``Output(web=True)`` if they write HTML, else ``Output()``:
#: every URL printed, the entries' numbers written out.
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
    builder: Builder, fromdocname: str, docname: str, anchor: str, place: bool = False
) -> str:
    """The URL of ``docname#anchor`` from ``fromdocname``, with one fragment (in one-page
    outputs, the builder's own URL of a document is already a fragment)."""
    if output_of(builder).one_page:
        return f"#{place_id(docname, anchor) if place else anchor}"
    if docname == fromdocname:
        return f"#{anchor}"
    return f"{builder.get_relative_uri(fromdocname, docname)}#{anchor}"


# -- the stylesheet and the LaTeX package: only where something uses them -------------


def add_files(app: Sphinx, _builder: Builder) -> None:
    """Before writing (``write-started``), when any page shows related reading."""
    if current_catalogue(app.env).pages:
        app.add_latex_package(LATEX_PACKAGE)
        if str(_HERE / "static") not in app.config.html_static_path:
            app.config.html_static_path.append(str(_HERE / "static"))


def link_stylesheet(app: Sphinx, pagename: str, *_args: Any) -> None:
    pages = current_catalogue(app.env).pages
    if pagename in pages or (pages and output_of(app.builder).one_page):
        app.add_css_file("related-reading.css")


def copy_latex_package(app: Sphinx, exception: BaseException | None) -> None:
    """Next to the ``.tex`` files, where latexmk looks for it."""
    if not exception and app.builder.format == "latex" and current_catalogue(app.env).pages:
        copy_asset_file(_HERE / f"{LATEX_PACKAGE}.sty", app.builder.outdir, force=True)

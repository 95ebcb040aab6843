"""What each builder can do, in one table, and the files that go with them: the
stylesheet, the LaTeX package and ``related-reading.json``, where something uses them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util.fileutil import copy_asset_file

from .catalogue import current_catalogue

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .domain import Place


_HERE = Path(__file__).parent
LATEX_PACKAGE = "sphinxrelatedreading"


@dataclass(frozen=True, slots=True)
class Output:
    """How the extension writes for a builder. ``web``: readers click, so URLs need not be
    printed, and the stylesheet numbers entries "[1]". ``one_page``: all documents in one
    page (place ids get their document's name). ``paper``: LaTeX's "[3, p. 7]". Without
    ``appendix_links``, linkcheck checks (and reports) each source where a page lists it."""

    web: bool = False
    export: bool = False
    one_page: bool = False
    paper: bool = False
    appendix_links: bool = True


#: Others: ``Output(web=True)`` if they write HTML, else ``Output()`` (URLs printed).
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


def internal_uri(
    builder: Builder, fromdocname: str, docname: str, anchor: str, place: bool = False
) -> str:
    """The URL of ``docname#anchor`` from ``fromdocname``, with one fragment (in one-page
    outputs, the builder's own URL of a document is already a fragment)."""
    if output_of(builder).one_page:  # a place's id there names its document (``render``)
        return f"#document-{docname}-{anchor}" if place else f"#{anchor}"
    if docname == fromdocname:
        return f"#{anchor}"
    return f"{builder.get_relative_uri(fromdocname, docname)}#{anchor}"


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


SCHEMA_VERSION = 1


def write_export(app: Sphinx, exception: BaseException | None) -> None:
    """``related-reading.json`` after an HTML build that shows related reading: every entry
    once, with every place that lists or cites it."""
    catalogue, name = current_catalogue(app.env), app.config.related_reading_export
    if exception or not name or not output_of(app.builder).export or not catalogue.pages:
        return
    base: str = app.config.html_baseurl
    base += "/" if base and not base.endswith("/") else ""
    titles = app.env.titles

    def url(docname: str, anchor: str = "") -> str:
        return base + app.builder.get_target_uri(docname) + (f"#{anchor}" if anchor else "")

    def place(place: Place) -> dict[str, Any]:
        title = titles[place.docname].astext() if place.docname in titles else place.docname
        return {
            "kind": place.kind,
            "page": place.docname,
            "page_title": title,
            "section": place.section,
            "source": place.source,
            "line": place.line,
            "url": url(place.docname, place.anchor),
        }

    here = catalogue.appendix.docname if catalogue.appendix else None
    data = {
        "schema_version": SCHEMA_VERSION,
        "appendix": url(here) if here else None,
        "entries": [
            {
                "number": entry.number,
                "key": entry.key,
                "keys": list(entry.keys),
                "title": entry.title,
                "url": entry.url,
                "annotation": entry.annotation,
                "appendix_url": url(here, entry.anchor) if here else None,
                "places": [place(p) for p in entry.places],
            }
            for entry in catalogue.entries
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    target = Path(app.builder.outdir, name)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")  # an unchanged file is not touched

"""A PDF that screen readers can navigate: headings, lists and link descriptions.

The handout's LaTeX starts with ``\\DocumentMetadata{testphase=phase-II}``, which tags
paragraphs and links; ``handouttagging.sty`` (next to this file, documented there) adds
headings, lists, link descriptions and the title bar. This extension loads that package
into the LaTeX build and, because LaTeX leaves starred headings out of the PDF's outline,
asks it to give every rubric (``\\subsection*`` and the like) an outline entry too, so that
the outline and the headings a screen reader lists are the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import _
from sphinx.util.fileutil import copy_asset_file
from sphinx.util.texescape import escape

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PACKAGE = "handouttagging"
_STY = Path(__file__).with_name(f"{PACKAGE}.sty")


def _outline_rubrics(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    if app.builder.format != "latex":
        return
    for rubric in list(doctree.findall(nodes.rubric)):
        text = rubric.astext()
        if text in {"Footnotes", _("Footnotes")}:
            continue  # Sphinx's LaTeX writer drops these
        entry = nodes.raw("", rf"\HandoutOutlineEntry{{{escape(text)}}}", format="latex")
        rubric.parent.insert(rubric.parent.index(rubric), entry)


def _pdf_language(app: Sphinx) -> None:
    """The PDF's language tag (``/Lang``), which ``\\DocumentMetadata`` sets before anything
    else (docs/_templates/latex.tex.jinja): ``handout_pdf_language``, else ``language``."""
    if app.builder.format == "latex":
        tag = app.config.handout_pdf_language or app.config.language
        app.builder.context["handout_pdf_language"] = tag


def _copy_package(app: Sphinx, exception: BaseException | None) -> None:
    """Put the package next to the ``.tex`` files, where latexmk will look for it."""
    if exception is None and app.builder.format == "latex":
        copy_asset_file(_STY, app.builder.outdir, force=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handout_pdf_language", "", "env", str)
    app.add_latex_package(PACKAGE)
    app.connect("builder-inited", _pdf_language)
    app.connect("doctree-resolved", _outline_rubrics)
    app.connect("build-finished", _copy_package)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""The stylesheet and the LaTeX package: added only where something uses them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util.fileutil import copy_asset_file

from .builders import output_of
from .domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

__all__ = ["LATEX_PACKAGE", "add_files", "copy_latex_package", "link_stylesheet"]

STYLESHEET = "related-reading.css"
LATEX_PACKAGE = "sphinxrelatedreading"
_HERE = Path(__file__).parent


def _in_use(app: Sphinx) -> bool:
    domain = get_domain(app.env)
    return bool(domain.places or domain.appendices)


def add_files(app: Sphinx, builder: Builder) -> None:
    """Before writing: the stylesheet and the LaTeX package, if any page needs them."""
    if _in_use(app):
        app.add_latex_package(LATEX_PACKAGE)
        if str(_HERE / "static") not in app.config.html_static_path:
            app.config.html_static_path.append(str(_HERE / "static"))


def link_stylesheet(
    app: Sphinx, pagename: str, _template: str, _context: dict[str, Any], _doctree: Any
) -> None:
    """Only pages that show related reading link the stylesheet."""
    domain = get_domain(app.env)
    if (
        pagename in domain.places
        or pagename in domain.appendices
        or (output_of(app.builder).one_page and _in_use(app))
    ):
        app.add_css_file(STYLESHEET)


def copy_latex_package(app: Sphinx, exception: BaseException | None) -> None:
    """Put the package next to the ``.tex`` files, where latexmk looks for it."""
    if exception is None and app.builder.format == "latex" and _in_use(app):
        copy_asset_file(_HERE / f"{LATEX_PACKAGE}.sty", app.builder.outdir, force=True)

"""LaTeX support: the small package that prints distinct, linked page numbers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.fileutil import copy_asset_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["PACKAGE", "on_build_finished"]

PACKAGE = "sphinxrelatedreading"
_STY = Path(__file__).with_name(f"{PACKAGE}.sty")


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Put the package next to the ``.tex`` files, where latexmk will look for it."""
    if exception is None and app.builder.format == "latex":
        copy_asset_file(_STY, app.builder.outdir, force=True)

"""Sphinx configuration for the ketamine therapy patient handout (site and PDF)."""

from __future__ import annotations

import os
from pathlib import Path

# -- Project ------------------------------------------------------------------

project = "How Ketamine Therapy Can Help with Anxiety and PTSD"
author = "The Ketamine Handout contributors"
copyright = "2026, The Ketamine Handout contributors"
language = "en"

#: File name (without ".pdf") of the printable handout, in ``build/pdf`` and on the site.
handout_name = "ketamine-therapy-anxiety-ptsd"

# -- General ------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx_copybutton",
]

root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "README.md"]

# MyST: only the syntax extensions the pages use.
myst_enable_extensions = [
    "attrs_inline",  # {#key} on related-reading links
]
myst_heading_anchors = 3

nitpicky = True

# -- HTML ---------------------------------------------------------------------

html_theme = "furo"
html_title = "Ketamine therapy for anxiety and PTSD"
html_static_path = ["_static"]
html_css_files = ["custom.css"]

# The PDF handout is built first (``nox -s pdf``) into build/pdf; the HTML build
# copies it to the site root so the hosted site serves ``<site>/<handout_name>.pdf``.
_handout_pdf_dir = Path(
    os.environ.get("HANDOUT_PDF_DIR", Path(__file__).parent.parent / "build" / "pdf")
)
html_extra_path = (
    [str(_handout_pdf_dir)] if (_handout_pdf_dir / f"{handout_name}.pdf").is_file() else []
)

# -- LaTeX / PDF --------------------------------------------------------------

latex_engine = "pdflatex"
latex_documents = [
    (root_doc, f"{handout_name}.tex", project, author, "howto"),
]
latex_show_urls = "footnote"

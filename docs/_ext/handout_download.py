"""Offer the printable PDF on every page: copy it into the site, say how big it is.

The PDF is built first (``nox -s pdf``, or Read the Docs' pre-build step) into a folder
given by ``handout_pdf_dir``. This extension copies it to ``<site>/<handout_name>.pdf``,
measures it (pages, size), and gives templates and pages a link to it:

- the ``sidebar/handout-download.html`` template (every page), via ``handout_pdf``;
- the ``handout-download`` directive (the landing page).

Without a PDF (``nox -s html``, a contributor's preview), the link points at the copy on
the published site (``html_baseurl``), so it is never a broken link.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


class handout_download(nodes.General, nodes.Element):  # noqa: N801  (docutils naming)
    """Where the landing page's download link goes; filled in when writing."""


class HandoutDownload(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [handout_download()]


def pdf_path(config: Config) -> Path:
    return Path(config.handout_pdf_dir) / f"{config.handout_name}.pdf"


def measure(_app: Sphinx, config: Config) -> None:
    """Count pages and size now, as a config value: when it changes, pages are rewritten."""
    path = pdf_path(config)
    if not path.is_file():
        config.handout_pdf_summary = ""
        return
    from pypdf import PdfReader

    pages = len(PdfReader(path).pages)
    size_kb = max(1, round(path.stat().st_size / 1024))
    config.handout_pdf_summary = f"PDF, {pages} pages, {size_kb} KB"


def link(config: Config, from_uri: str) -> dict[str, str]:
    """Where the download link points, and its words, from a page at ``from_uri``."""
    filename = f"{config.handout_name}.pdf"
    if config.handout_pdf_summary:
        return {
            "url": relative_uri(from_uri, filename),
            "text": "Download the printable handout",
            "details": config.handout_pdf_summary,
        }
    return {
        "url": f"{config.html_baseurl.rstrip('/')}/{filename}",
        "text": "Download the printable handout",
        "details": "PDF, from the published site",
    }


def page_context(
    app: Sphinx, pagename: str, _template: str, context: dict[str, Any], _doctree: Any
) -> None:
    context["handout_pdf"] = link(app.config, app.builder.get_target_uri(pagename))


def fill_in(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(handout_download)):
        if app.builder.format != "html":
            placeholder.parent.remove(placeholder)  # paper: this is the handout
            continue
        target = link(app.config, app.builder.get_target_uri(docname))
        paragraph = nodes.paragraph(classes=["handout-download"])
        paragraph += nodes.reference(
            "",
            "",
            nodes.strong(target["text"], target["text"]),
            nodes.Text(f" ({target['details']})"),
            refuri=target["url"],
            classes=["handout-download-link"],
        )
        placeholder.replace_self(paragraph)


def copy_pdf(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = pdf_path(app.config)
    if source.is_file():
        shutil.copyfile(source, Path(app.builder.outdir, source.name))
    else:
        logger.info("no PDF in %s: the download link points at the published site", source.parent)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handout_name", "handout", "html", str)
    app.add_config_value("handout_pdf_dir", "", "html", str)
    app.add_config_value("handout_pdf_summary", "", "html", str)
    app.add_node(handout_download)
    app.add_directive("handout-download", HandoutDownload)
    app.connect("config-inited", measure)
    app.connect("html-page-context", page_context)
    app.connect("doctree-resolved", fill_in)
    app.connect("build-finished", copy_pdf)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

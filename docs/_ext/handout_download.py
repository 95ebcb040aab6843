"""Offer the printable PDF on every page, in each paper size: copy it into the site, say how big.

``handout_papers`` (conf.py) lists LaTeX's paper options and what the site calls each, the
default first. Each paper size's PDF has its own name: ``<handout_name>.pdf`` for the
default (so that old links keep working), ``<handout_name>-a4.pdf`` for ``a4paper``. A LaTeX
build makes the handout on ``latex_elements["papersize"]``, and this extension names its
``.tex`` (and so the PDF) after that paper; ``nox -s pdf`` runs one build per paper size
into a folder given by ``handout_pdf_dir``. The HTML build copies every PDF it finds there
to the site's root, measures it (pages, size), and gives templates and pages a link to each:

- the ``sidebar/handout-download.html`` template (every page), via ``handout_pdfs``;
- the ``handout-download`` directive (the landing page).

Its words (the paper sizes' names, "PDF, 8 pages, 170 KB") are in the build's language
(conf.py's ``handout_text``, set by docs/_ext/handout_language.py).

A paper size whose PDF is not there (``nox -s html``, a contributor's preview) is linked on
the published site (``html_baseurl``), so that it is never a broken link.
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
    """Where the landing page's download links go; filled in when writing."""


class HandoutDownload(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [handout_download()]


def pdf_name(config: Config, paper: str) -> str:
    """The PDF's file name for a LaTeX paper option: the default paper keeps the plain name."""
    if paper == next(iter(config.handout_papers)):
        return f"{config.handout_name}.pdf"
    return f"{config.handout_name}-{paper.removesuffix('paper')}.pdf"


def name_latex_output(_app: Sphinx, config: Config) -> None:
    """A LaTeX build for another paper size writes ``<handout_name>-a4.tex``, and so its PDF."""
    paper = config.latex_elements.get("papersize") or next(iter(config.handout_papers))
    plain, named = f"{config.handout_name}.tex", pdf_name(config, paper).removesuffix(".pdf")
    config.latex_documents = [
        (start, f"{named}.tex" if target == plain else target, *rest)
        for start, target, *rest in config.latex_documents
    ]


def measure(_app: Sphinx, config: Config) -> None:
    """Pages and size of each PDF, now, as a config value: when one changes, pages are rewritten."""
    from pypdf import PdfReader

    summaries = {}
    for paper in config.handout_papers:
        path = Path(config.handout_pdf_dir) / pdf_name(config, paper)
        if path.is_file():
            pages = len(PdfReader(path).pages)
            size_kb = max(1, round(path.stat().st_size / 1024))
            summaries[paper] = config.handout_words["pdf_details"].format(pages=pages, size=size_kb)
    config.handout_pdf_summaries = summaries


def links(config: Config, from_uri: str) -> list[dict[str, str]]:
    """One link per paper size, from a page at ``from_uri``: where it points and its words."""
    found = []
    for paper, label in config.handout_papers.items():
        filename = pdf_name(config, paper)
        if paper in config.handout_pdf_summaries:
            url, details = relative_uri(from_uri, filename), config.handout_pdf_summaries[paper]
        else:
            url = f"{config.html_baseurl.rstrip('/')}/{filename}"
            details = config.handout_words["pdf_elsewhere"]
        found.append({"url": url, "label": label, "details": details})
    return found


def page_context(
    app: Sphinx, pagename: str, _template: str, context: dict[str, Any], _doctree: Any
) -> None:
    context["handout_download_intro"] = app.config.handout_words["download"]
    context["handout_pdfs"] = links(app.config, app.builder.get_target_uri(pagename))


def fill_in(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(handout_download)):
        if app.builder.format != "html":
            placeholder.parent.remove(placeholder)  # paper: this is the handout
            continue
        paragraph = nodes.paragraph(classes=["handout-download"])
        words = app.config.handout_words
        paragraph += nodes.strong(words["download"], words["download"])
        for number, pdf in enumerate(links(app.config, app.builder.get_target_uri(docname))):
            paragraph += nodes.Text(": " if number == 0 else f" {words['or']} ")
            paragraph += nodes.reference(
                "",
                "",
                nodes.Text(f"{pdf['label']} — {pdf['details']}"),
                refuri=pdf["url"],
                classes=["handout-download-link"],
            )
        paragraph += nodes.Text(".")
        placeholder.replace_self(paragraph)


def copy_pdfs(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for paper in app.config.handout_papers:
        source = Path(app.config.handout_pdf_dir) / pdf_name(app.config, paper)
        if source.is_file():
            shutil.copyfile(source, Path(app.builder.outdir, source.name))
        else:
            logger.info(
                "no %s in %s: its link points at the published site", source.name, source.parent
            )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handout_name", "handout", "html", str)
    app.add_config_value("handout_papers", {"letterpaper": "US Letter"}, "html", dict)
    app.add_config_value("handout_pdf_dir", "", "html", str)
    app.add_config_value("handout_pdf_summaries", {}, "html", dict)
    app.add_node(handout_download)
    app.add_directive("handout-download", HandoutDownload)
    app.connect("config-inited", name_latex_output)
    app.connect("config-inited", measure)
    app.connect("html-page-context", page_context)
    app.connect("doctree-resolved", fill_in)
    app.connect("build-finished", copy_pdfs)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

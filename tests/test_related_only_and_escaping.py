"""``only`` blocks decide what each build lists; special characters stay text in every output."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import run_latexmk
from helpers import soup, squash, warnings_of
from pypdf import PdfReader

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

SPECIAL_TITLE = (
    "<script>alert(1)</script> & 100% of_under #hash {brace} \\back ~tilde ^caret $dollar"
)
SPECIAL_URL = "https://example.org/a_b%20c?x=1&y=%7B#frag"


@pytest.mark.sphinx("html", testroot="only", freshenv=True)
def test_only_html_lists_what_html_shows(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    entries = soup(app, "appendix").select("ol.related-reading-appendix > li")
    assert [li["id"] for li in entries] == ["rr-entry-shared", "rr-entry-web-only"]
    # Back links point only at places this build shows.
    for a in soup(app, "appendix").select("p.related-entry-places a"):
        anchor = a["href"].partition("#")[2]
        assert soup(app, "index").find(id=anchor) is not None, anchor


@pytest.mark.sphinx("latex", testroot="only", freshenv=True)
def test_only_latex_lists_what_the_pdf_shows(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    tex = Path(app.outdir, "only.tex").read_text(encoding="utf-8")
    assert r"\label{\detokenize{appendix:rr-entry-paper-only}}" in tex
    assert r"\label{\detokenize{appendix:rr-entry-shared}}" in tex
    assert "rr-entry-web-only" not in tex
    assert "Web only source" not in tex
    # Back links into the root document name it (the LaTeX file is one document).
    assert r"\sphinxRelatedPage{\detokenize{index:rr-cite-shared-1}}" in tex


@pytest.mark.sphinx("html", testroot="special", freshenv=True)
def test_special_characters_are_text_in_html(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    for page in ("index", "appendix"):
        html = soup(app, page)
        assert html.select("article script, div.body script") == []
        link = html.select_one("a.reference.external[href^='https://example.org/a_b']")
        assert link is not None
        assert link["href"] == SPECIAL_URL
        assert squash(link.get_text()) == SPECIAL_TITLE
    entry = soup(app, "appendix").select_one("li#rr-entry-special")
    assert squash(entry.select_one("p.related-entry-title").get_text()).endswith(
        "— R&D 50% {ok} <i>"
    )
    assert entry.find("i") is None


@pytest.mark.sphinx("latex", testroot="special", freshenv=True)
def test_special_characters_are_text_in_the_pdf(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    tex = Path(app.outdir, "special.tex").read_text(encoding="utf-8")
    assert (
        r"\textless{}script\textgreater{}alert(1)\textless{}/script\textgreater{} \& 100\% "
        r"of\_under \#hash \{brace\} \textbackslash{}back" in tex
    )
    reader = PdfReader(run_latexmk(Path(app.outdir), "special.tex"))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert "<script>alert(1)</script> & 100% of_under #hash {brace}" in text
    assert "R&D 50% {ok} <i>" in text
    # The printed URL keeps every character (PDF text may break it across lines).
    assert SPECIAL_URL in text.replace(" ", "")

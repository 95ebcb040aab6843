"""The printed handout: fits on 8 pages, says who and when on page 1, loses nothing on paper."""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import DOCS, build_docs, latexmk_or_skip, run_latexmk
from helpers import squash, warnings_of
from pypdf import PdfReader
from pypdf.generic import ArrayObject, NameObject

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.latex

MAX_PAGES = 8
#: A Markdown link's target in the page sources: [title](https://...).
SOURCE_URL = re.compile(r"\]\((https?://[^)\s]+)\)")


@pytest.fixture(scope="module")
def conf() -> dict[str, Any]:
    return runpy.run_path(str(DOCS / "conf.py"))


@pytest.fixture(scope="module")
def reader(docs_pdf: tuple[SphinxTestApp, Path]) -> PdfReader:
    return PdfReader(docs_pdf[1])


@pytest.fixture(scope="module")
def texts(reader: PdfReader) -> list[str]:
    return [squash(page.extract_text()) for page in reader.pages]


def test_fits_the_page_budget(reader: PdfReader) -> None:
    assert 1 <= len(reader.pages) <= MAX_PAGES


def test_metadata_is_set(reader: PdfReader, conf: dict[str, Any]) -> None:
    info = reader.metadata
    assert info is not None
    assert info.title == conf["project"]
    assert info.author == conf["author"]
    assert info.subject == conf["handout_subtitle"]
    assert "ketamine" in (info.get("/Keywords") or "")
    assert reader.trailer["/Root"]["/Lang"] == conf["handout_pdf_language"]
    # LaTeX reads the language before conf.py's preamble: the template must agree.
    template = (DOCS / "_templates" / "latex.tex.jinja").read_text(encoding="utf-8")
    assert f"lang={conf['handout_pdf_language']}}}" in template


def test_is_a_tagged_pdf(reader: PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root


def test_first_page_has_title_dates_disclaimer_and_crisis_lines(
    texts: list[str], conf: dict[str, Any]
) -> None:
    first = texts[0]
    assert conf["project"] in first
    assert conf["handout_subtitle"] in first
    substitutions = conf["myst_substitutions"]
    assert f"Last reviewed: {substitutions['last_reviewed']}" in first
    assert f"Next review due: {substitutions['next_review']}" in first
    assert squash(conf["handout_disclaimer"]) in first
    for line in conf["handout_crisis_lines"]:
        assert squash(line["text"]) in first, line["country"]


def test_every_page_says_page_n_of_m(texts: list[str], conf: dict[str, Any]) -> None:
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert conf["project"] in text


def test_every_source_url_is_printed(texts: list[str]) -> None:
    # Lines break anywhere inside a long URL on paper: compare without white space.
    printed = "".join(texts).replace(" ", "")
    urls = {
        url
        for page in DOCS.glob("*.md")
        for url in SOURCE_URL.findall(page.read_text(encoding="utf-8"))
    }
    assert len(urls) >= 20
    missing = sorted(url for url in urls if url not in printed)
    assert missing == []


def test_no_unresolved_references(texts: list[str]) -> None:
    assert not [text for text in texts if "??" in text]


def test_every_internal_link_has_a_destination(reader: PdfReader) -> None:
    named = reader.named_destinations
    links = 0
    for page in reader.pages:
        for annotation in page.get("/Annots", ArrayObject()):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != NameObject("/Link"):
                continue
            action = annotation.get("/A")
            if action is not None and action.get("/S") == NameObject("/GoTo"):
                links += 1
                assert str(action["/D"]) in named
    assert links >= 40  # citations, page lists, the appendix's page numbers, glossary terms


def test_every_font_is_embedded(docs_pdf: tuple[SphinxTestApp, Path]) -> None:
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.fail("pdffonts not found: install poppler-utils")
    out = subprocess.run(
        [pdffonts, str(docs_pdf[1])], capture_output=True, text=True, check=True
    ).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        columns = row.split()
        # name, type..., emb, sub, uni, object, id: "emb" is the 5th column from the end.
        assert columns[-5] == "yes", row


def test_body_text_is_at_least_10pt(docs_pdf: tuple[SphinxTestApp, Path]) -> None:
    tex = next(Path(docs_pdf[0].outdir).glob("*.tex")).read_text(encoding="utf-8")
    match = re.search(r"\\documentclass\[[^]]*?(\d+)pt", tex)
    assert match
    assert int(match.group(1)) >= 10


def build_pdf(outroot: Path, **kwargs: object) -> Path:
    app = build_docs("latex", outroot, **kwargs)
    assert warnings_of(app) == []
    (tex,) = sorted(Path(app.outdir).glob("*.tex"))
    return run_latexmk(Path(app.outdir), tex.name)


def test_a4_builds_within_the_budget_too(tmp_path: Path) -> None:
    pdf = build_pdf(tmp_path, confoverrides={"latex_elements.papersize": "a4paper"})
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert len(reader.pages) <= MAX_PAGES


def test_two_builds_of_one_commit_are_identical(tmp_path: Path) -> None:
    latexmk_or_skip()
    epoch = {"SOURCE_DATE_EPOCH": "1764115200", "FORCE_SOURCE_DATE": "1"}
    saved = {key: os.environ.get(key) for key in epoch}
    os.environ.update(epoch)
    try:
        first = build_pdf(tmp_path / "one").read_bytes()
        second = build_pdf(tmp_path / "two").read_bytes()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert first == second

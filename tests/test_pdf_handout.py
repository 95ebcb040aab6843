"""The printed handout (issue 5): what a clinic prints and a screen reader opens.

Everything expected here is read from the sources (``docs/conf.py``, the MyST pages),
never typed in: the tests hold when the content changes, and fail when the PDF loses
something the sources have.
"""

from __future__ import annotations

import math
import os
import re
import runpy
import shutil
import subprocess
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import DOCS, build_app, build_docs, latexmk_or_skip, run_latexmk
from pypdf import PdfReader
from pypdf.generic import BooleanObject, Destination

from related_reading.urls import clean_url

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.latex

#: The issue's target: the whole handout, appendix included, on at most 8 pages.
MAX_PAGES = 8
#: Body text at least this size (points).
MIN_BODY_PT = 10.0
#: Lines of text that must fit under a heading on its page (else it belongs on the next).
MIN_LINES_BELOW = 3
#: Paper sizes in PostScript points (width, height).
PAPER = {"letterpaper": (612, 792), "a4paper": (595, 842)}

CONF: dict[str, Any] = runpy.run_path(str(DOCS / "conf.py"))
_FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})\{related-reading\}[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$",
    re.MULTILINE | re.DOTALL,
)
_LINK = re.compile(r"\]\(<?(?P<url>[a-zA-Z][a-zA-Z0-9+.-]*://[^)\s>]+)>?\)")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def no_space(text: str) -> str:
    """Without any whitespace: a URL broken over two lines is whole again."""
    return re.sub(r"\s+", "", text)


def page_texts(reader: PdfReader) -> list[str]:
    return [squash(page.extract_text()) for page in reader.pages]


def source_urls() -> list[str]:
    """Every link in every page's ``related-reading`` list, as written in the MyST sources."""
    urls = []
    for source in sorted(DOCS.glob("*.md")):
        for block in _FENCE.finditer(source.read_text(encoding="utf-8")):
            urls += [link["url"] for link in _LINK.finditer(block["body"])]
    return urls


def outline_pages(reader: PdfReader) -> dict[str, int]:
    """Bookmark title -> 1-based page, for the top-level sections (one per page of the site)."""
    found = {}
    for item in reader.outline:
        if isinstance(item, Destination):
            found[squash(str(item.title))] = reader.get_destination_page_number(item) + 1
    return found


@pytest.fixture(scope="module")
def handout(docs_pdf: tuple[SphinxTestApp, Path]) -> tuple[SphinxTestApp, Path, PdfReader]:
    app, pdf = docs_pdf
    return app, pdf, PdfReader(pdf)


@pytest.fixture(scope="module")
def texts(handout: tuple[SphinxTestApp, Path, PdfReader]) -> list[str]:
    return page_texts(handout[2])


@pytest.fixture(scope="module")
def log(handout: tuple[SphinxTestApp, Path, PdfReader]) -> str:
    return handout[1].with_suffix(".log").read_text(encoding="utf-8", errors="replace")


# -- Layout -------------------------------------------------------------------------


def test_page_count_is_within_the_target(texts: list[str]) -> None:
    assert 1 <= len(texts) <= MAX_PAGES


def test_paper_size_is_the_configured_one(handout: tuple[SphinxTestApp, Path, PdfReader]) -> None:
    app, _pdf, reader = handout
    expected = PAPER[app.config.latex_elements["papersize"]]
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == expected


def test_page_one_has_the_title_block(texts: list[str]) -> None:
    first = texts[0]
    long_date = CONF["_long_date"]
    for expected in (
        CONF["project"],
        CONF["handout_subtitle"],
        CONF["author"],
        f"Last reviewed: {long_date(CONF['handout_last_reviewed'])}",
        f"Next review due: {long_date(CONF['handout_next_review'])}",
        squash(CONF["handout_disclaimer"]),
    ):
        assert expected in first
    for line in CONF["handout_crisis_lines"]:
        assert f"{line['country']}: {squash(line['text'])}" in first


def test_page_one_says_each_thing_once(texts: list[str]) -> None:
    """The title block replaces the landing page's own crisis box, disclaimer and subtitle."""
    first = texts[0]
    assert first.count(squash(CONF["handout_disclaimer"])) == 1
    assert first.count(CONF["handout_subtitle"]) == 1
    for line in CONF["handout_crisis_lines"]:
        assert first.count(squash(line["text"])) == 1


def test_every_page_has_the_running_footer(texts: list[str]) -> None:
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert CONF["project"] in text


def test_no_download_link_on_paper(texts: list[str]) -> None:
    assert not any("Download the printable handout" in text for text in texts)


def test_body_text_is_at_least_10_points(handout: tuple[SphinxTestApp, Path, PdfReader]) -> None:
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        # The rendered size: the font size scaled by the text and transformation matrices.
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        sizes[round(size * scale, 1)] += len(text.strip())

    for page in handout[2].pages:
        page.extract_text(visitor_text=visit)
    body_size, _count = sizes.most_common(1)[0]
    assert body_size >= MIN_BODY_PT, sizes.most_common(5)


def test_no_heading_alone_at_the_bottom_of_a_page(
    handout: tuple[SphinxTestApp, Path, PdfReader],
) -> None:
    """Every heading has at least MIN_LINES_BELOW lines of room under it on its page."""
    reader = handout[2]
    lowest = math.inf  # the lowest line of body text anywhere: the text area's bottom
    for page in reader.pages:

        def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
            nonlocal lowest
            if text.strip() and size * tm[3] >= MIN_BODY_PT - 0.5:
                lowest = min(lowest, tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
    line = 1.2 * MIN_BODY_PT
    headings = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                headings.append(item)

    walk(reader.outline)
    assert headings
    stranded = [
        (str(h.title), reader.get_destination_page_number(h) + 1)
        for h in headings
        if float(h.top) - lowest < MIN_LINES_BELOW * line
    ]
    assert stranded == []


def test_latex_log_has_no_overfull_lines_or_undefined_references(log: str) -> None:
    overfull = [
        float(width)
        for width in re.findall(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)", log, re.M)
    ]
    assert [width for width in overfull if width > 1.0] == []
    assert not re.search(r"undefined|Rerun to get", log, re.IGNORECASE)


# -- Text: nothing lost on paper ------------------------------------------------------


def test_every_related_reading_url_is_printed(
    handout: tuple[SphinxTestApp, Path, PdfReader], texts: list[str]
) -> None:
    app = handout[0]
    urls = source_urls()
    assert urls, "no related-reading lists found in docs/*.md"
    printed = no_space(" ".join(texts))
    tracking = tuple(app.config.related_reading_tracking_params)
    # Two spellings of one address are one entry, printed once as first written.
    spellings: dict[str, list[str]] = {}
    for url in urls:
        cleaned = clean_url(url, tracking)
        spellings.setdefault(cleaned.identity, []).append(cleaned.url)
    missing = [
        forms[0] for forms in spellings.values() if not any(no_space(u) in printed for u in forms)
    ]
    assert missing == []


def test_no_unresolved_reference_marks(texts: list[str]) -> None:
    for number, text in enumerate(texts, start=1):
        assert "??" not in text, f"page {number}"
        assert not re.search(r"\[[\w-]+\?\]", text), f"unknown related-reading key, page {number}"


def test_printed_page_numbers_are_where_things_are(texts: list[str]) -> None:
    """A forward link "[3, p. 6]": entry [3] starts on page 6. "Cited on p. 2, 4": exactly
    the pages with a forward link to that entry."""
    entry_page = {}
    for number, text in enumerate(texts, start=1):
        for label in re.findall(r"\[(\d+)\](?= )", text):
            entry_page.setdefault(int(label), number)
    forward = [
        (int(n), int(p), page)
        for page, text in enumerate(texts, start=1)
        for n, p in re.findall(r"\[(\d+), p\.\s?(\d+)\]", text)
    ]
    assert forward, "no [N, p. X] links in the PDF"
    assert [(n, p) for n, p, _page in forward if entry_page.get(n) != p] == []
    cited_on = {n: set() for n in entry_page}
    for n, _p, page in forward:
        cited_on[n].add(page)
    appendix = " ".join(texts)
    for n in sorted(entry_page):
        after = appendix.split(f"[{n}] ", 1)[1]
        pages = re.search(r"Cited on p\.\s?([\d, ]+)", after)
        assert pages is not None, f"entry [{n}] has no 'Cited on p.'"
        listed = {int(p) for p in re.findall(r"\d+", pages[1])}
        assert listed == cited_on[n], f"entry [{n}]"


def test_glossary_and_page_references_show_the_right_page(
    handout: tuple[SphinxTestApp, Path, PdfReader], texts: list[str]
) -> None:
    sections = outline_pages(handout[2])
    glossary_title = handout[0].env.titles["glossary"].astext()
    start = sections[glossary_title]
    end = min([page for page in sections.values() if page > start], default=len(texts))
    term_pages = [
        int(p) for text in texts for p in re.findall(rf"\({glossary_title}, page (\d+)\)", text)
    ]
    assert term_pages, "no glossary terms with page numbers in the text"
    assert all(start <= page <= end for page in term_pages)
    for title, page in sections.items():
        for text in texts:
            for printed in re.findall(rf"{re.escape(title)} \(page (\d+)\)", text):
                assert int(printed) == page, title


# -- PDF structure --------------------------------------------------------------------


def test_metadata_is_set(handout: tuple[SphinxTestApp, Path, PdfReader]) -> None:
    reader = handout[2]
    info = reader.metadata
    assert info is not None
    assert info.title == CONF["project"]
    assert info.author == CONF["author"]
    assert info.subject == CONF["handout_subtitle"]
    keywords = [word.strip() for word in (info.get("/Keywords") or "").split(",")]
    assert "PTSD" in keywords
    assert len(keywords) >= 3
    assert reader.trailer["/Root"].get("/Lang") == CONF["_pdf_language"]


def test_xmp_metadata_matches(handout: tuple[SphinxTestApp, Path, PdfReader]) -> None:
    if not CONF["handout_pdf_document_metadata"]:
        pytest.skip("untagged PDF: no XMP metadata")
    xmp = handout[2].xmp_metadata
    assert xmp is not None
    language = CONF["_pdf_language"]
    assert xmp.dc_title == {language: CONF["project"]}
    assert xmp.dc_description == {language: CONF["handout_subtitle"]}
    assert xmp.dc_creator == [CONF["author"]]
    assert xmp.dc_language == [language]


def test_pdf_is_tagged(handout: tuple[SphinxTestApp, Path, PdfReader]) -> None:
    if not CONF["handout_pdf_document_metadata"]:
        pytest.skip("handout_pdf_document_metadata is empty: an untagged PDF")
    root = handout[2].trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    tree = root["/StructTreeRoot"].get_object()
    assert tree.get("/K") is not None


def test_every_internal_link_has_a_destination(
    handout: tuple[SphinxTestApp, Path, PdfReader],
) -> None:
    reader = handout[2]
    named = reader.named_destinations
    targets = []
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action.get("/S") == "/URI":
                continue
            dest = annot.get("/Dest") if action is None else action.get("/D")
            assert dest is not None, f"internal link without a destination: {annot}"
            targets.append(dest)
    # At least one link per citation in the sources ({related}`key`), and their back links.
    citations = sum(source.read_text("utf-8").count("{related}`") for source in DOCS.glob("*.md"))
    assert len(targets) >= 2 * citations
    names = [str(dest) for dest in targets if not isinstance(dest, list)]
    assert [name for name in names if name not in named] == []


def test_every_font_is_embedded(handout: tuple[SphinxTestApp, Path, PdfReader]) -> None:
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        message = "pdffonts not found: install poppler-utils"
        if os.environ.get("HANDOUT_REQUIRE_TEX") == "1":
            pytest.fail(message)
        pytest.skip(message)
    out = subprocess.run(
        [pdffonts, str(handout[1])], capture_output=True, text=True, check=True
    ).stdout
    rows = out.splitlines()[2:]  # after the header and its underline
    assert rows, out
    # Columns: name, type (may contain a space), encoding, emb, sub, uni, object, ID.
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not_embedded == []


# -- Builds ---------------------------------------------------------------------------


def _latex_and_pdf(outroot: Path, **kwargs: Any) -> tuple[Path, Path]:
    app = build_docs("latex", outroot, **kwargs)
    assert app.warning.getvalue() == ""
    (tex,) = sorted(Path(app.outdir).glob("*.tex"))
    return tex, run_latexmk(Path(app.outdir), tex.name)


def test_two_builds_of_one_commit_are_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    latexmk_or_skip()
    epoch = 1_700_000_000  # any fixed time: what a commit's timestamp gives nox
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    monkeypatch.setenv("FORCE_SOURCE_DATE", "1")
    tex_a, pdf_a = _latex_and_pdf(tmp_path / "a")
    tex_b, pdf_b = _latex_and_pdf(tmp_path / "somewhere-else")
    assert tex_a.read_bytes() == tex_b.read_bytes()
    assert pdf_a.read_bytes() == pdf_b.read_bytes()
    # ... because every date in it is the commit's, not the clock's.
    when = datetime.fromtimestamp(epoch, tz=UTC)
    reader = PdfReader(pdf_a)
    assert reader.metadata is not None
    assert reader.metadata.creation_date == when
    assert reader.metadata.modification_date == when
    if CONF["handout_pdf_document_metadata"]:
        xmp = reader.xmp_metadata
        assert xmp is not None
        assert xmp.xmp_create_date == when.replace(tzinfo=None)
        assert xmp.xmp_modify_date == when.replace(tzinfo=None)


def test_the_other_paper_size_builds_too(
    handout: tuple[SphinxTestApp, Path, PdfReader], tmp_path: Path
) -> None:
    configured = handout[0].config.latex_elements["papersize"]
    (other,) = set(PAPER) - {configured}
    _tex, pdf = _latex_and_pdf(tmp_path, confoverrides={"latex_elements.papersize": other})
    reader = PdfReader(pdf)
    assert len(reader.pages) <= MAX_PAGES
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == PAPER[other]
    assert "??" not in " ".join(page_texts(reader))


# -- Characters -----------------------------------------------------------------------

#: Characters the pages and the related_reading extension use, and ones medical text may:
#: each must build with pdfLaTeX and come out of the PDF as itself (copy and paste).
CHARACTERS = (
    "›",
    "\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}",
    "—",
    "–",
    "…",
    "\N{NON-BREAKING HYPHEN}",
    "’",
    "‘",
    "“",
    "”",
    "→",
    "≥",
    "≤",
    "≈",
    "≠",
    "\N{MINUS SIGN}",
    "±",
    "\N{MULTIPLICATION SIGN}",
    "°",
    "µ",
    "μ",
    "½",
    "£",
    "€",
    "é",
    "ü",
    "☐",
)
#: What text extraction gives for the few that print as something close but not the same
#: code point: T1 fonts have no ellipsis glyph or non-breaking hyphen, LaTeX builds "≠"
#: from "=" and a slash, and the two micro signs share one glyph.
EXTRACTED = {
    "…": "...",
    "\N{NON-BREAKING HYPHEN}": "-",
    "≠": "\N{COMBINING LONG SOLIDUS OVERLAY}=",
    "μ": "µ",
    "☐": "□",
}


def test_unicode_characters_build_and_extract(tmp_path: Path) -> None:
    """A page using every character in CHARACTERS, built with the handout's LaTeX setup."""
    latexmk_or_skip()
    words = CHARACTERS
    srcdir = tmp_path / "unicode"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(DOCS / '_ext')!r})\n"
        "from handout_pdf import latex_elements\n"
        "project = 'Characters'\n"
        "extensions = ['myst_parser', 'handout_pdf']\n"
        "latex_documents = [('index', 'unicode.tex', project, 'Tester', 'howto')]\n"
        "latex_elements = latex_elements(title=project, subtitle='…', organisation='Tester',\n"
        "    last_reviewed='1 January 2026', next_review='1 January 2029', disclaimer='—',\n"
        "    crisis_lines=[{'country': 'UK', 'text': '›'}], keywords=['x'], language='en-GB')\n",
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text(
        "# Characters\n\n" + "\n\n".join(f"Character X{c}X here." for c in words) + "\n",
        encoding="utf-8",
    )
    app = build_app("latex", srcdir, freshenv=True)
    assert app.warning.getvalue() == ""
    text = " ".join(page_texts(PdfReader(run_latexmk(Path(app.outdir), "unicode.tex"))))
    missing = [c for c in words if f"X{EXTRACTED.get(c, c)}X" not in text]
    assert missing == []

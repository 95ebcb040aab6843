"""related_reading in LaTeX and in the PDF: labels on the spot, page numbers, working links."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import build_app, copy_root, run_latexmk
from helpers import squash, warnings_of
from pypdf import PdfReader

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


@pytest.fixture(scope="module")
def latex(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    return build_app("latex", copy_root("basic", tmp_path_factory.mktemp("latex")), freshenv=True)


@pytest.fixture(scope="module")
def tex(latex: SphinxTestApp) -> str:
    return Path(latex.outdir, "basic.tex").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf(latex: SphinxTestApp) -> PdfReader:
    return PdfReader(run_latexmk(Path(latex.outdir), "basic.tex"))


def page_texts(reader: PdfReader) -> list[str]:
    return [squash(page.extract_text()) for page in reader.pages]


def test_latex_build_has_no_warnings(latex: SphinxTestApp) -> None:
    assert warnings_of(latex) == []


def test_package_is_loaded_and_shipped(latex: SphinxTestApp, tex: str) -> None:
    assert r"\usepackage{sphinxrelatedreading}" in tex
    assert Path(latex.outdir, "sphinxrelatedreading.sty").is_file()


def test_entries_and_places_have_labels(tex: str) -> None:
    # Each appendix entry carries its own label, so links land on it, not on the section.
    for key in ("nimh", "feder-2014", "abdallah"):
        assert rf"\phantomsection\label{{\detokenize{{related-reading:rr-entry-{key}}}}}" in tex
    # Each citing place is a label the appendix links back to.
    assert r"\label{\detokenize{safety:rr-cite-feder-2014-1}}" in tex
    assert r"\sphinxRelatedPage{\detokenize{safety:rr-cite-feder-2014-1}}" in tex


def test_forward_links_carry_page_references(tex: str) -> None:
    assert (
        r"\hyperref[\detokenize{related-reading:rr-entry-feder-2014}]"
        r"{\sphinxcrossref{{[}2,"
        "\u00a0"
        r"p."
        "\u00a0"  # a non-breaking space keeps "p. 5" together
        r"\pageref*"
        r"{\detokenize{related-reading:rr-entry-feder-2014}}{]}}}"
    ) in tex


def test_related_titles_get_no_url_footnote(tex: str) -> None:
    # The appendix prints the URL; the page's list item links without a footnote.
    assert r"\sphinxhref{https://doi.org/10.1001/jamapsychiatry.2014.62}{Efficacy" in tex
    assert r"\footnote" not in tex


@pytest.mark.latex
def test_pdf_prints_full_urls_in_the_appendix(pdf: PdfReader) -> None:
    text = " ".join(page_texts(pdf)).replace(" ", "")
    for url in (
        "https://doi.org/10.1001/jamapsychiatry.2014.62",
        "https://www.ptsd.va.gov/understand_tx/meds_for_ptsd.asp",
        "https://www.nimh.nih.gov/news/science-updates/2023/cracking-the-ketamine-code",
    ):
        assert url in text


@pytest.mark.latex
def test_pdf_page_numbers_are_where_things_are(latex: SphinxTestApp, pdf: PdfReader) -> None:
    pages = page_texts(pdf)

    def page_of(needle: str) -> int:
        found = [number for number, text in enumerate(pages, start=1) if needle in text]
        assert found, needle
        return found[0]

    entry_page = page_of("[2] Efficacy of Intravenous Ketamine")
    forward = re.findall(r"\[2, p\. (\d+)\]", " ".join(pages))
    assert forward
    assert {int(p) for p in forward} == {entry_page}
    appendix = pages[entry_page - 1]
    match = re.search(r"jamapsychiatry\.2014\.62 — Cited on p\. ([\d, ]+?) \[3\]", appendix)
    assert match, appendix
    # The distinct pages of the entry's five places, each once, in order.
    labels = aux_labels(latex)
    places = [
        "how-it-works:rr-cite-feder-2014-1",
        "how-it-works:rr-cite-feder-2014-2",
        "how-it-works:rr-list-feder-2014-1",
        "safety:rr-cite-feder-2014-1",
        "safety:rr-list-doi-org-10-1001-jamapsychiatry-2014-62-11c5e8-1",
    ]
    expected = sorted({int(labels[label][0]) for label in places})
    assert len(expected) < len(places)  # some places share a page: each page is printed once
    assert match.group(1) == ", ".join(map(str, expected))


def aux_labels(latex: SphinxTestApp) -> dict[str, tuple[str, str]]:
    """label -> (page, PDF anchor name), from the ``.aux`` file hyperref writes."""
    aux = Path(latex.outdir, "basic.aux").read_text(encoding="utf-8")
    pattern = re.compile(r"\\newlabel\{([^{}]+)\}\{\{[^{}]*\}\{([^{}]*)\}\{.*?\}\{([^{}]*)\}\{\}\}")
    return {m[1]: (m[2], m[3]) for m in pattern.finditer(aux)}


@pytest.mark.latex
def test_pdf_internal_links_all_have_destinations(pdf: PdfReader) -> None:
    named = pdf.named_destinations
    targets = []
    for page in pdf.pages:
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if annot.get("/Subtype") != "/Link" or action is None or action.get("/S") != "/GoTo":
                continue
            targets.append(str(action["/D"]))
    # 6 citations and 5 list items link forward; each entry's pages link back.
    assert len(targets) >= 6 + 5 + 4
    assert [name for name in targets if name not in named] == []


@pytest.mark.latex
def test_pdf_links_land_on_each_entry(latex: SphinxTestApp, pdf: PdfReader) -> None:
    labels = aux_labels(latex)
    named = pdf.named_destinations
    spots = {}
    for key in ("nimh", "feder-2014", "abdallah", "ptsd-va-gov-understand-tx-meds-for-ptsd-1b9d8f"):
        page, anchor = labels[f"related-reading:rr-entry-{key}"]
        destination = named[anchor]
        assert pdf.get_destination_page_number(destination) + 1 == int(page)
        spots[key] = (int(page), float(destination.top))
    # Four different spots, none of them the section heading's.
    section_page, section_anchor = labels["related-reading::doc"]
    section = named[section_anchor]
    assert len(set(spots.values())) == 4
    assert (int(section_page), float(section.top)) not in spots.values()


def test_lists_can_print_as_numbers(tmp_path: Path) -> None:
    app = build_app(
        "latex",
        copy_root("basic", tmp_path),
        freshenv=True,
        confoverrides={"related_reading_latex_lists": "numbers"},
    )
    assert warnings_of(app) == []
    tex = Path(app.outdir, "basic.tex").read_text(encoding="utf-8")
    assert "Sources for this page:" in tex
    assert (
        r"\sphinxhref{https://www.ptsd.va.gov"
        not in tex.split("Related reading}")[1].split("\\section")[0]
    )
    # The list's places keep their labels, on the numbers, for the appendix's back links.
    assert (
        r"\label{\detokenize{safety:rr-list-ptsd-va-gov-understand-tx-meds-for-ptsd-1b9d8f-1}}"
        in tex
    )
    reader = PdfReader(run_latexmk(Path(app.outdir), "basic.tex"))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert re.search(r"Sources for this page: \[4, p\. \d+\], \[2, p\. \d+\]", text)

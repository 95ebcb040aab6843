"""One spelling standard: US English, as the PDF's language tag (en-US) says.

Every word of every page (headings, glossary and boxes included) and of the text around
the pages (title, crisis bar, footer) is looked up in codespell's British-to-US
dictionary and in BRITISH_MEDICAL below. Not checked: related-reading lists and the
sources page, which quote sources' titles as published, and PROPER_NAMES.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup
from conftest import PAGES
from handout_text import APPENDIX, fail_on

if TYPE_CHECKING:
    from handout_text import RenderedPages
    from sphinx.testing.util import SphinxTestApp

#: British spellings of medical and everyday words that codespell's dictionary lacks.
BRITISH_MEDICAL = {
    "anaemia": "anemia",
    "anaesthesia": "anesthesia",
    "anaesthetic": "anesthetic",
    "anaesthetist": "anesthesiologist",
    "ageing": "aging",
    "caesarean": "cesarean",
    "counselling": "counseling",
    "diarrhoea": "diarrhea",
    "dialled": "dialed",
    "dialling": "dialing",
    "dyspnoea": "dyspnea",
    "fibre": "fiber",
    "foetal": "fetal",
    "foetus": "fetus",
    "gynaecology": "gynecology",
    "haematology": "hematology",
    "haemoglobin": "hemoglobin",
    "hospitalisation": "hospitalization",
    "ischaemia": "ischemia",
    "oedema": "edema",
    "oesophagus": "esophagus",
    "oestrogen": "estrogen",
    "offence": "offense",
    "orthopaedic": "orthopedic",
    "paediatric": "pediatric",
    "randomisation": "randomization",
    "travelled": "traveled",
    "tumour": "tumor",
}
#: Names spelled as their owners spell them (none yet): "Royal College of Anaesthetists".
PROPER_NAMES: tuple[str, ...] = ()


@cache
def british_to_us() -> dict[str, str]:
    dictionary = resources.files("codespell_lib") / "data" / "dictionary_en-GB_to_en-US.txt"
    pairs = (line.split("->", 1) for line in dictionary.read_text("utf-8").splitlines())
    return {british: us.rstrip(",") for british, us in pairs} | BRITISH_MEDICAL


def us_spelling(word: str) -> str | None:
    """The US spelling of a British word ("Licence" -> "License"), else None."""
    lower = word.lower()
    spellings = british_to_us()
    us = spellings.get(lower)
    if us is None and lower.endswith("s") and lower[:-1] in spellings:
        us = spellings[lower[:-1]] + "s"  # "programmes"
    if us is None:
        return None
    return us.capitalize() if word[0].isupper() else us


def british_words(text: str, proper_names: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """Each British word in ``text``: the word, its US spelling, and the words around it."""
    for name in proper_names:
        text = text.replace(name, " " * len(name))
    return [
        (match[0], us, " ".join(text[max(0, match.start() - 30) : match.end() + 30].split()))
        for match in re.finditer(r"[A-Za-z]+", text)
        if (us := us_spelling(match[0])) is not None
    ]


def british_on_page(pages: RenderedPages, docname: str, proper_names: tuple[str, ...]) -> list[str]:
    return [
        f"{block.where}: British spelling {word!r} (US: {us!r}): '…{context}…'"
        for block in pages.blocks(docname)
        for word, us, context in british_words(block.text, proper_names)
    ]


@pytest.mark.parametrize("page", [page for page in PAGES if page != APPENDIX])
def test_page_uses_us_spelling(docs_text: RenderedPages, page: str) -> None:
    fail_on(british_on_page(docs_text, page, PROPER_NAMES))


def test_text_around_the_pages_uses_us_spelling(
    docs_html: SphinxTestApp, conf: dict[str, Any]
) -> None:
    """The title, the crisis bar and the footer (the same on every page), and the PDF's subtitle."""
    soup = BeautifulSoup(Path(docs_html.outdir, "index.html").read_text("utf-8"), "html.parser")
    around = [
        ("<title>", soup.title),
        ("the crisis bar", soup.select_one(".announcement-content")),
        ("the footer", soup.select_one("footer")),
    ]
    problems = [
        f"{where}: British spelling {word!r} (US: {us!r}): '…{context}…'"
        for where, element in around
        if element is not None
        for word, us, context in british_words(element.get_text(" "), PROPER_NAMES)
    ]
    problems += [
        f"docs/conf.py: handout_text['en'][{name!r}]: British spelling {word!r} (US: {us!r}): "
        f"'…{context}…'"
        for name, text in strings_in(conf["handout_words"])
        for word, us, context in british_words(text, PROPER_NAMES)
    ]
    assert all(element is not None for _where, element in around)
    fail_on(problems)


def strings_in(words: Any, name: str = "") -> list[tuple[str, str]]:
    """Every text in conf.py's words for a language, with where it is: [("title", "Can...")]."""
    if isinstance(words, str):
        return [(name, words)]
    if isinstance(words, dict):
        return [found for key, value in words.items() for found in strings_in(value, key)]
    if isinstance(words, list):
        return [found for value in words for found in strings_in(value, name)]
    return []


def test_the_check_sees_british_spelling_outside_names_and_sources(
    rules_root_text: RenderedPages,
) -> None:
    """The root's "colour" (a heading) and "anaesthetic" are found; a source's "Behaviour"
    is not, nor is a proper name given in ``proper_names``."""
    names = ("Royal College of Anaesthetists",)
    problems = british_on_page(rules_root_text, "article", names)
    assert [problem[: problem.index(")") + 1] for problem in problems] == [
        "content-rules/article.md:20: British spelling 'colour' (US: 'color')",
        "content-rules/article.md:28: British spelling 'anaesthetic' (US: 'anesthetic')",
    ]
    assert british_words("Royal College of Anaesthetists", ()) == [
        ("Anaesthetists", "Anesthesiologists", "Royal College of Anaesthetists")
    ]


def test_the_dictionary_adds_only_what_codespell_lacks() -> None:
    dictionary = resources.files("codespell_lib") / "data" / "dictionary_en-GB_to_en-US.txt"
    codespell = {line.split("->", 1)[0] for line in dictionary.read_text("utf-8").splitlines()}
    assert len(codespell) > 400
    assert sorted(set(BRITISH_MEDICAL) & codespell) == []

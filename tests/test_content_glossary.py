"""Medical words are explained: glossary terms are linked and used; hard words are in the glossary.

- Where a page first uses a term the glossary defines (the term or its plural, as a whole
  word, in any case; headings do not count), that use is a link to the term's entry, as
  ``{term}`` makes it.
- Every glossary term is linked from at least one other page: an entry nobody reaches is
  either missing its links or not needed.
- The medical words in HARD_WORDS are either in the glossary (a term containing the word)
  or not used anywhere in the text, glossary definitions included.

Not checked: related-reading lists and the sources page (titles as published).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from conftest import PAGES
from handout_text import APPENDIX, fail_on

if TYPE_CHECKING:
    from bs4 import Tag
    from handout_text import Block, RenderedPages

GLOSSARY = "glossary"

# Medical words a reader may not know (issue 16's list, extended): explain them or avoid them.
#: Name -> its forms, as a regular expression (any case; ``(?-i:...)`` for abbreviations).
HARD_WORDS = {
    "sedative": r"sedatives?",
    "controlled drug": r"controlled (?:drugs?|substances?)",
    "label": r"(?<!-)labels?",  # the prescribing label; "off-label" is a term of its own
    "trial": r"trials?",
    "review": r"reviews?",
    "antidepressant": r"antidepressants?",
    "trauma-focused": r"trauma[- ]focused",
    "talking therapy": r"talking therap(?:y|ies)",
    "placebo": r"placebos?",
    "FDA": r"(?-i:FDA)",
    "MedWatch": r"MedWatch",
    "REMS": r"(?-i:REMS)",
    "bias": r"bias(?:es|ed)?",
    "meta-analysis": r"meta-?analys[ie]s",
    "randomized": r"randomi[sz](?:ed|ation)",
    "off-label": r"off-label",
    "infusion": r"infusions?",
    "dissociation": r"dissociation",
    "sedation": r"sedation",
    "hallucination": r"hallucinations?",
    "psychosis": r"psychos[ie]s|psychotic",
    "aneurysm": r"aneurysms?",
    "benzodiazepine": r"benzodiazepines?",
    "opioid": r"opioids?",
    "compounded": r"compound(?:ed|ing)",
    # Added: words the December 2026 sources use for what the pages are to say.
    "dissociative": r"dissociative",
    "intravenous": r"intravenous(?:ly)?|(?<!Schedule )(?-i:IV)",
    "subcutaneous": r"subcutaneous(?:ly)?",
    "monotherapy": r"monotherap(?:y|ies)",
    "treatment-resistant": r"treatment[- ]resistant",
    "contraindication": r"contraindicat(?:ed|ions?)",
    "efficacy": r"efficacy",
    "double-blind": r"double[- ]blind(?:ed)?",
    "open-label": r"open[- ]label",
    "statistically significant": r"statistically significant",
    "suicidal ideation": r"suicidal ideation",
    "psychotherapy": r"psychotherap(?:y|ies)",
    "MHRA": r"(?-i:MHRA)",
    "Yellow Card": r"Yellow Card",
}


def whole_word(forms: str) -> re.Pattern[str]:
    # A hyphen joins words into one: "label" is not used in "off-label".
    return re.compile(rf"(?<![\w-])(?:{forms})(?![\w-])", re.IGNORECASE)


def term_forms(term: str) -> re.Pattern[str]:
    """The term or its plural, as a whole word, in any case, across line breaks."""
    return whole_word(r"\s+".join(map(re.escape, term.split())) + "(?:s|es)?")


def glossary_terms(pages: RenderedPages) -> list[Block]:
    return [block for block in pages.blocks(GLOSSARY) if block.kind == "glossary term"]


def links_to(link: Tag, term: Block) -> bool:
    page, _, anchor = str(link.get("href", "")).partition("#")
    return page.split("/")[-1] == f"{GLOSSARY}.html" and anchor == term.element.get("id")


def unlinked_first_uses(pages: RenderedPages, docname: str) -> list[str]:
    problems = []
    blocks = pages.paragraphs(docname)
    for term in glossary_terms(pages):
        pattern = term_forms(term.text)
        for number, block in enumerate(blocks):
            strings = block.element.find_all(string=True)
            text = "".join(strings)
            match = pattern.search(text)
            if match is None:
                continue
            if not all(
                any(links_to(link, term) for link in string.find_parents("a"))
                for string in _covering(strings, match.start(), match.end())
            ):
                context = " ".join(text[max(0, match.start() - 30) : match.end() + 30].split())
                role = (
                    match[0]
                    if match[0].lower() == term.text.lower()
                    else f"{match[0]} <{term.text}>"
                )
                message = (
                    f"{block.where}: first use of the glossary term {term.text!r} on this page "
                    f"is not linked to it (write {{term}}`{role}`): '…{context}…'"
                )
                problems.append((number, message))
            break
    return [message for _number, message in sorted(problems)]


def _covering(strings: list[str], start: int, end: int) -> list[str]:
    """The strings of ``"".join(strings)`` that hold characters start to end - 1."""
    covering, at = [], 0
    for string in strings:
        if at < end and at + len(string) > start:
            covering.append(string)
        at += len(string)
    return covering


def unlinked_terms(pages: RenderedPages) -> list[str]:
    links = [
        link
        for docname in pages.docnames
        if docname != GLOSSARY
        for block in pages.blocks(docname)
        for link in block.element.select("a[href]")
    ]
    return [
        f"{term.where}: the glossary term {term.text!r} is not linked from any page: link it "
        f"where a page uses it ({{term}}`{term.text}`), or remove it from the glossary"
        for term in glossary_terms(pages)
        if not any(links_to(link, term) for link in links)
    ]


def unexplained(pages: RenderedPages, word: str) -> list[str]:
    """Each block using ``word``, unless a glossary term contains it."""
    pattern = whole_word(HARD_WORDS[word])
    if any(pattern.search(term.text) for term in glossary_terms(pages)):
        return []
    problems = []
    for docname in pages.docnames:
        if docname == APPENDIX:
            continue
        for block in pages.blocks(docname):
            match = pattern.search(block.text)
            if match is not None:
                context = block.text[max(0, match.start() - 40) : match.end() + 40]
                problems.append(
                    f"{block.where}: {match[0]!r} is not in the glossary: say it in plain "
                    f"words, or add a glossary term containing {word!r} and link it: "
                    f"'…{context}…'"
                )
    return problems


@pytest.mark.parametrize("page", [page for page in PAGES if page not in {GLOSSARY, APPENDIX}])
def test_first_use_of_a_glossary_term_is_linked(docs_text: RenderedPages, page: str) -> None:
    fail_on(unlinked_first_uses(docs_text, page))


def test_every_glossary_term_is_linked_from_a_page(docs_text: RenderedPages) -> None:
    assert len(glossary_terms(docs_text)) >= 10
    fail_on(unlinked_terms(docs_text))


@pytest.mark.parametrize("word", HARD_WORDS)
def test_hard_word_is_in_the_glossary_or_not_used(docs_text: RenderedPages, word: str) -> None:
    fail_on(unexplained(docs_text, word))


def test_the_checks_see_unlinked_unused_and_unexplained_words(
    rules_root_text: RenderedPages,
) -> None:
    """The root links "infusions" where first used, "sedation" only the second time, and
    "Dissociation" never; "trial" is not in the glossary (a source's "Trial" does not count)."""
    (first_use,) = unlinked_first_uses(rules_root_text, "article")
    assert first_use.startswith(
        "content-rules/article.md:22: first use of the glossary term 'Sedation' on this page "
        "is not linked to it (write {term}`sedation`): '…"
    )
    assert unlinked_terms(rules_root_text) == [
        "content-rules/glossary.md:4: the glossary term 'Dissociation' is not linked from any "
        "page: link it where a page uses it ({term}`Dissociation`), or remove it from the glossary"
    ]
    (trial,) = unexplained(rules_root_text, "trial")
    assert trial.startswith("content-rules/article.md:12: 'trial' is not in the glossary: ")
    assert unexplained(rules_root_text, "sedation") == []  # the glossary defines it

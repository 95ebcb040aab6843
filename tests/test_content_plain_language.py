"""Plain language on every page of prose: grade 8, short sentences, short paragraphs.

Measured on what a reader reads (the rendered pages, without citation labels such as
"[3]"), paragraph by paragraph, including list items and the crisis and disclaimer
boxes. Not measured: headings, the page list, related-reading lists, and the reference
pages whose entries are not sentences (the glossary and the sources page). A paragraph
without final punctuation counts as one sentence; a bold lead-in such as "**Misuse.**"
counts as a sentence, as it does for the grade.
"""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING

import pytest
from conftest import PAGES
from handout_text import APPENDIX, fail_on, shorten

if TYPE_CHECKING:
    from handout_text import Block, RenderedPages

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # textstat 0.7.4 imports the deprecated pkg_resources
    import textstat

#: Pages of prose whose reading level is measured.
PROSE_PAGES = [page for page in PAGES if page not in {"glossary", APPENDIX}]
MAX_GRADE = 8.0
MAX_SENTENCE_WORDS = 25
MAX_PARAGRAPH_SENTENCES = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z0-9\"“(])")


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def as_text(blocks: list[Block]) -> str:
    """One paragraph a line, each ending a sentence (as textstat expects)."""
    return "\n".join(b.text if b.text[-1] in ".!?" else f"{b.text}." for b in blocks if b.text)


def grade(blocks: list[Block]) -> float:
    return float(textstat.flesch_kincaid_grade(as_text(blocks)))


def too_hard(pages: RenderedPages, page: str) -> list[str]:
    blocks = pages.paragraphs(page)
    assert len(as_text(blocks).split()) > 40, f"{page}: too little prose to measure"
    measured = grade(blocks)
    if measured <= MAX_GRADE:
        return []
    hardest = sorted(blocks, key=lambda block: grade([block]), reverse=True)[:3]
    return [
        f"{pages.file(page)}: Flesch-Kincaid grade {measured} "
        f"(at most {MAX_GRADE:g}); the hardest paragraphs:",
        *(f"{b.where}: grade {grade([b])}: {shorten(b.text)!r}" for b in hardest),
    ]


def long_sentences(pages: RenderedPages, page: str) -> list[str]:
    return [
        f"{block.where}: sentence of {len(sentence.split())} words "
        f"(at most {MAX_SENTENCE_WORDS}): {sentence!r}"
        for block in pages.paragraphs(page)
        for sentence in sentences(block.text)
        if len(sentence.split()) > MAX_SENTENCE_WORDS
    ]


def long_paragraphs(pages: RenderedPages, page: str) -> list[str]:
    return [
        f"{block.where}: {block.kind} of {len(sentences(block.text))} sentences "
        f"(at most {MAX_PARAGRAPH_SENTENCES}): {shorten(block.text)!r}"
        for block in pages.paragraphs(page)
        if len(sentences(block.text)) > MAX_PARAGRAPH_SENTENCES
    ]


@pytest.mark.parametrize("page", PROSE_PAGES)
def test_reading_level_is_grade_8_or_lower(docs_text: RenderedPages, page: str) -> None:
    fail_on(too_hard(docs_text, page))


@pytest.mark.parametrize("page", PROSE_PAGES)
def test_sentences_are_short(docs_text: RenderedPages, page: str) -> None:
    fail_on(long_sentences(docs_text, page))


@pytest.mark.parametrize("page", PROSE_PAGES)
def test_paragraphs_are_short(docs_text: RenderedPages, page: str) -> None:
    fail_on(long_paragraphs(docs_text, page))


def test_the_measures_see_long_sentences_and_paragraphs(rules_root_text: RenderedPages) -> None:
    assert long_sentences(rules_root_text, "article") == [
        "content-rules/article.md:24: sentence of 26 words (at most 25): 'This sentence goes on "
        "and on, well past the limit of twenty-five words that the handout sets for every "
        "sentence it publishes, and so it fails.'"
    ]
    assert long_paragraphs(rules_root_text, "article") == [
        "content-rules/article.md:26: paragraph of 4 sentences (at most 3): "
        "'One. Two. Three. Four sentences are one too many.'"
    ]


def test_the_grade_sees_hard_words() -> None:
    assert (
        textstat.flesch_kincaid_grade(
            "Ketamine's pharmacological characteristics necessitate comprehensive "
            "institutional monitoring protocols."
        )
        > MAX_GRADE
    )

"""The global step on its own: records in, numbered entries and problems out."""

from __future__ import annotations

from related_reading.catalogue import build_catalogue
from related_reading.domain import Appendix, Place
from related_reading.urls import clean_url, derive_key


def listing(doc: str, line: int, url: str, title: str, key: str = "", note: str = "") -> Place:
    identity = clean_url(url).identity
    return Place(
        "list",
        doc,
        f"{doc}.md",
        line,
        f"rr-list-{line}",
        "Related reading",
        (),
        key,
        url,
        identity,
        title,
        note,
    )


def cite(doc: str, line: int, key: str, conditions: tuple[str, ...] = ()) -> Place:
    return Place("cite", doc, f"{doc}.md", line, f"rr-cite-{line}", "", conditions, key)


APPENDIX = {"appendix": [Appendix("appendix", 1, "appendix.md", 1, "appearance", ())]}
ORDER = ["a", "b", "appendix"]


def always(_conditions: tuple[str, ...]) -> bool:
    return True


def test_entries_follow_first_appearance_including_citations() -> None:
    records = {
        "a": [cite("a", 1, "late"), listing("a", 5, "https://x.org/1", "One")],
        "b": [listing("b", 2, "https://x.org/2", "Two", key="late")],
    }
    catalogue = build_catalogue(records, APPENDIX, ORDER, always)
    assert [(e.number, e.title) for e in catalogue.entries] == [(1, "Two"), (2, "One")]
    assert catalogue.problems == ()


def test_sort_by_title() -> None:
    records = {
        "a": [
            listing("a", 1, "https://x.org/z", "zebra"),
            listing("a", 2, "https://x.org/a", "Ant"),
        ]
    }
    appendix = {"appendix": [Appendix("appendix", 1, "appendix.md", 1, "title", ())]}
    catalogue = build_catalogue(records, appendix, ORDER, always)
    assert [e.title for e in catalogue.entries] == ["Ant", "zebra"]


def test_every_key_of_an_entry_cites_it() -> None:
    records = {
        "a": [listing("a", 1, "https://x.org/1", "One", key="first")],
        "b": [listing("b", 1, "https://X.org/1/", "One", key="second"), cite("b", 9, "second")],
    }
    catalogue = build_catalogue(records, APPENDIX, ORDER, always)
    (entry,) = catalogue.entries
    derived = derive_key(clean_url("https://x.org/1").identity)
    assert entry.key == "first"
    assert set(entry.keys) == {"first", "second", derived}
    assert catalogue.by_key.get("second") is entry
    assert catalogue.by_key.get(derived) is entry
    assert len(entry.places) == 3


def test_annotation_comes_from_the_first_list_that_has_one() -> None:
    records = {
        "a": [listing("a", 1, "https://x.org/1", "One")],
        "b": [listing("b", 1, "https://x.org/1", "One", note="Publisher, 2020")],
    }
    (entry,) = build_catalogue(records, APPENDIX, ORDER, always).entries
    assert entry.annotation == "Publisher, 2020"


def test_problems_carry_their_place() -> None:
    records = {
        "a": [listing("a", 3, "https://x.org/1", "One", key="k")],
        "b": [
            listing("b", 4, "https://x.org/2", "Two", key="k"),
            listing("b", 5, "https://x.org/1", "Uno"),
            cite("b", 6, "missing"),
        ],
    }
    appendices = {**APPENDIX, "b": [Appendix("b", 1, "b.md", 7, "appearance", ())]}
    problems = build_catalogue(records, appendices, ORDER, always).problems
    assert [(p.subtype, p.docname, p.line) for p in problems] == [
        ("key-conflict", "b", 4),
        ("title-conflict", "b", 5),
        ("unknown-key", "b", 6),
        ("duplicate-appendix", "appendix", 1),
    ]


def test_conditions_that_do_not_hold_leave_things_out() -> None:
    identity = clean_url("https://x.org/1").identity
    hidden = Place(
        "list", "a", "a.md", 1, "rr-list-1", "", ("latex",), "", "https://x.org/1", identity, "One"
    )
    records = {
        "a": [
            hidden,
            cite("a", 2, "one", ("latex",)),
        ]
    }

    def html(conditions: tuple[str, ...]) -> bool:
        return "latex" not in conditions

    catalogue = build_catalogue(records, APPENDIX, ORDER, html)
    assert catalogue.entries == ()
    assert catalogue.problems == ()


def test_entries_without_appendix_are_a_problem_at_the_first_place() -> None:
    records = {"b": [listing("b", 8, "https://x.org/1", "One")]}
    catalogue = build_catalogue(records, {}, ORDER, always)
    assert [(p.subtype, p.docname, p.line) for p in catalogue.problems] == [("no-appendix", "b", 8)]
    assert catalogue.appendix is None


def test_orphan_documents_come_after_the_toctree_in_given_order() -> None:
    records = {
        "orphan": [listing("orphan", 1, "https://x.org/o", "Orphan")],
        "a": [listing("a", 1, "https://x.org/a", "A")],
    }
    catalogue = build_catalogue(records, APPENDIX, ["a", "appendix", "orphan"], always)
    assert [e.title for e in catalogue.entries] == ["A", "Orphan"]

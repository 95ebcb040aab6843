"""From every document's records to one numbered list of entries, with its problems.

This is the extension's one global step. It is a pure function of the records, the
document order and the ``only`` conditions that hold, so the same sources always give
the same appendix, in serial and parallel builds alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from .records import AppendixRecord, Place, PlaceRow, from_rows
from .urls import derive_key

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

__all__ = ["SORT_ORDERS", "Catalogue", "Entry", "Problem", "build_catalogue", "entry_anchor"]

#: Appendix orders: first appearance in reading order (default), or by title.
SORT_ORDERS = ("appearance", "title")


def entry_anchor(key: str) -> str:
    """The id of an entry in the appendix; keys are already id-safe (``[a-z0-9-]``)."""
    return f"rr-entry-{key}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One source in the appendix, however many places list or cite it."""

    number: int
    key: str
    #: Every key that cites this entry: the canonical one first.
    keys: tuple[str, ...]
    url: str
    identity: str
    title: str
    annotation: str
    #: Every place that lists or cites it, in reading order, as stored (``records``).
    place_rows: tuple[PlaceRow, ...]

    @property
    def anchor(self) -> str:
        return entry_anchor(self.key)

    @property
    def places(self) -> tuple[Place, ...]:
        return from_rows(self.place_rows)


@dataclass(frozen=True, slots=True)
class Problem:
    """A global problem, reported as a ``related_reading.<subtype>`` warning."""

    subtype: str
    message: str
    docname: str
    lineno: int


@dataclass(frozen=True, slots=True)
class Catalogue:
    entries: tuple[Entry, ...] = ()
    appendix: AppendixRecord | None = None
    problems: tuple[Problem, ...] = ()
    by_key: Mapping[str, Entry] = field(default_factory=dict)
    by_identity: Mapping[str, Entry] = field(default_factory=dict)

    def lookup(self, key: str) -> Entry | None:
        return self.by_key.get(key)


#: Where a stored row keeps a place's fields (``records.Place``, in that order).
_KIND: Final = 0
_DOCNAME: Final = 1
_LINENO: Final = 2
_CONDITIONS: Final = 5
_KEY: Final = 6
_URL: Final = 7
_IDENTITY: Final = 8
_TITLE: Final = 9


def _docname_line(docname: str, lineno: int) -> str:
    return f"{docname}:{lineno}"


def build_catalogue(
    records: Mapping[str, Iterable[PlaceRow]],
    appendices: Mapping[str, Sequence[AppendixRecord]],
    doc_order: Iterable[str],
    holds: Callable[[tuple[str, ...]], bool],
    where: Callable[[str, int], str] = _docname_line,
) -> Catalogue:
    """Merge the per-document records into numbered entries.

    ``doc_order`` is the reading order (toctree, then orphans sorted); ``holds`` says
    whether a place's ``only`` conditions are true for this build; ``where`` names a
    document and line in messages.
    """

    def _where(row: PlaceRow) -> str:
        return where(row[_DOCNAME], row[_LINENO])

    order = list(doc_order)
    problems: list[Problem] = []
    # The places that hold in this build, as stored (kept by the entries, not copied).
    # They are read as Place objects one at a time, and what is collected per entry is
    # kept in dicts of strings and rows, not in an object per entry: thousands of objects
    # alive at once here would be promoted to the garbage collector's oldest generation,
    # and so bring its next full collection nearer (see ``records``).
    rows = [row for docname in order for row in records.get(docname, ()) if holds(row[_CONDITIONS])]

    # Pass 1: list items make entries (one per URL identity) and claim their keys.
    first_row: dict[str, PlaceRow] = {}  # identity -> the first list item of that URL
    annotation: dict[str, str] = {}  # identity -> the first annotation given
    first_key: dict[str, str] = {}  # identity -> the first {#key} given
    key_owner: dict[str, str] = {}  # key -> identity
    key_row: dict[str, PlaceRow] = {}  # key -> the list item that claimed it
    for row in rows:
        if row[_KIND] != "list":
            continue
        item = Place._make(row)
        first = first_row.setdefault(item.identity, row)
        if first is not row and item.title != first[_TITLE]:
            problems.append(
                Problem(
                    "title-conflict",
                    f"{item.url} is listed as {item.title!r} here but as "
                    f"{first[_TITLE]!r} at {_where(first)}; "
                    "the appendix uses the first title",
                    item.docname,
                    item.lineno,
                )
            )
        if not annotation.get(item.identity):
            annotation[item.identity] = item.annotation
        key = item.key
        if not key:
            continue
        owner = key_owner.get(key)
        if owner is None:
            key_owner[key] = item.identity
            key_row[key] = row
            first_key.setdefault(item.identity, key)
        elif owner != item.identity:
            problems.append(
                Problem(
                    "key-conflict",
                    f"key {key!r} already names {first_row[owner][_URL]} "
                    f"(at {_where(key_row[key])}); this link to {item.url} "
                    "is kept under its own key",
                    item.docname,
                    item.lineno,
                )
            )

    # Canonical keys: the first explicit key, else one derived from the URL.
    canonical: dict[str, str] = {}
    for identity in first_row:
        if identity in first_key:
            canonical[identity] = first_key[identity]
            continue
        key = derive_key(identity)
        while key_owner.setdefault(key, identity) != identity:
            key = f"{key}-x"  # an author used this derived key for another URL
        canonical[identity] = key
    for identity in first_row:  # derived keys cite too, unless an author took them
        key_owner.setdefault(derive_key(identity), identity)

    # Pass 2: every place, in reading order, joins its entry; unknown keys are problems.
    # Entries appear in the order of their first place, since dicts keep insertion order.
    joined: dict[str, list[PlaceRow]] = {}  # identity -> its places' rows
    for row in rows:
        if row[_KIND] == "list":
            identity = row[_IDENTITY]
        else:
            owner = key_owner.get(row[_KEY])
            if owner is None:
                problems.append(
                    Problem(
                        "unknown-key",
                        f"no related-reading list has an entry with key {row[_KEY]!r}",
                        row[_DOCNAME],
                        row[_LINENO],
                    )
                )
                continue
            identity = owner
        places = joined.get(identity)
        if places is None:
            places = joined[identity] = []
        places.append(row)

    # Number the entries in the appendix's order.
    appendix_records = [
        record
        for docname in order
        for record in appendices.get(docname, ())
        if holds(record.conditions)
    ]
    appendix = appendix_records[0] if appendix_records else None
    for extra in appendix_records[1:]:
        problems.append(
            Problem(
                "duplicate-appendix",
                "only one related-reading-appendix is allowed; the one at "
                f"{where(appendix.docname, appendix.lineno)} is used"
                if appendix
                else "only one related-reading-appendix is allowed",
                extra.docname,
                extra.lineno,
            )
        )
    sort = appendix.sort if appendix else "appearance"
    ordered = list(joined)  # identities, by first appearance
    if sort == "title":
        ordered.sort(key=lambda identity: (first_row[identity][_TITLE].casefold(), identity))

    keys_of: dict[str, tuple[str, ...]] = {}  # tuples of strings: not tracked (see above)
    for alias, owner in key_owner.items():
        keys_of[owner] = (*keys_of.get(owner, ()), alias)
    entries = []
    by_key: dict[str, Entry] = {}
    for number, identity in enumerate(ordered, start=1):
        first = first_row[identity]
        key = canonical[identity]
        aliases = [k for k in keys_of.get(identity, ()) if k != key]
        entry = Entry(
            number=number,
            key=key,
            keys=(key, *sorted(aliases)),
            url=first[_URL],
            identity=identity,
            title=first[_TITLE],
            annotation=annotation[identity],
            place_rows=tuple(joined.pop(identity)),
        )
        entries.append(entry)
        for alias in entry.keys:
            by_key[alias] = entry

    if entries and appendix is None:
        first = entries[0].places[0]
        problems.append(
            Problem(
                "no-appendix",
                "pages list related reading but no page has a related-reading-appendix "
                "directive, so entries have nowhere to link to",
                first.docname,
                first.lineno,
            )
        )
    return Catalogue(
        entries=tuple(entries),
        appendix=appendix,
        problems=tuple(problems),
        by_key=by_key,
        by_identity={entry.identity: entry for entry in entries},
    )

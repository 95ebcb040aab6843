"""The plain data the domain stores per document: no docutils nodes, so it pickles small.

A place is read as a named tuple but kept as a plain tuple (a *row*). The reason is
speed: a build spends a large part of its time (about 40% of a 300-page HTML build
here) in the garbage collector's full collections, each of which visits every object
it tracks. CPython stops tracking a plain tuple of strings and numbers, but never an
instance of a class, named tuples included: thousands of places kept as objects for
the whole build would make every full collection longer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple, cast

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["AppendixRecord", "Place", "PlaceKind", "PlaceRow", "from_rows", "to_rows"]

PlaceKind = Literal["list", "cite"]


class Place(NamedTuple):
    """One spot in one document that lists or cites an entry."""

    kind: PlaceKind
    docname: str
    lineno: int
    #: The id of the spot, for back links (``docname#anchor`` in HTML, ``docname:anchor`` in LaTeX).
    anchor: str
    #: Title of the innermost section around the spot ("" when outside any section).
    section: str
    #: Expressions of the ``only`` directives around the spot, outermost first.
    conditions: tuple[str, ...]
    #: For ``cite``: the key cited. For ``list``: the author's ``{#key}``, or "" when none.
    key: str
    # What a list item says (all "" for a citation):
    url: str = ""
    #: The URL's identity (``urls.clean_url``): which entry the item belongs to.
    identity: str = ""
    title: str = ""
    annotation: str = ""


#: A ``Place`` as stored: the same fields, in the same order, as a plain tuple.
PlaceRow = tuple[str, str, int, str, str, tuple[str, ...], str, str, str, str, str]


def to_rows(items: Iterable[Place]) -> tuple[PlaceRow, ...]:
    """Places as they are stored (see the module's docstring)."""
    return tuple(cast("PlaceRow", tuple(place)) for place in items)


def from_rows(stored: Iterable[PlaceRow]) -> tuple[Place, ...]:
    """Stored rows as places again, to read by name."""
    return tuple(map(Place._make, stored))


@dataclass(frozen=True, slots=True)
class AppendixRecord:
    """A ``related-reading-appendix`` directive."""

    docname: str
    lineno: int
    sort: str
    conditions: tuple[str, ...]

"""The plain data the domain stores per document: no docutils nodes, so it pickles small."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["AppendixRecord", "Listing", "Place", "PlaceKind"]

PlaceKind = Literal["list", "cite"]


@dataclass(frozen=True, slots=True)
class Place:
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


@dataclass(frozen=True, slots=True)
class Listing:
    """A list item of a ``related-reading`` directive: the place plus what it says."""

    place: Place
    url: str
    identity: str
    title: str
    annotation: str


@dataclass(frozen=True, slots=True)
class AppendixRecord:
    """A ``related-reading-appendix`` directive."""

    docname: str
    lineno: int
    sort: str
    conditions: tuple[str, ...]

"""What the extension records about each document while reading it: plain data.

The domain stores these per document (and pickles them with the environment); the
catalogue merges them once every document is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Appendix", "Place"]


@dataclass(frozen=True, slots=True)
class Place:
    """One spot in one document that lists or cites an entry."""

    kind: Literal["list", "cite"]
    docname: str
    #: Where the author wrote it: a file relative to the source directory (the
    #: document, or a file it includes) and a line in that file.
    source: str
    line: int
    #: The spot's id, which back links point at.
    anchor: str
    #: Title of the innermost section around the spot ("" outside any section).
    section: str
    #: Expressions of the ``only`` directives around the spot, outermost first.
    conditions: tuple[str, ...]
    #: For ``cite``: the key cited. For ``list``: the author's key, or "" when none.
    key: str
    #: For ``list``, what the item says: the URL it links to, its identity (which
    #: entry it belongs to, ``urls.clean_url``), its title and its annotation.
    url: str = ""
    identity: str = ""
    title: str = ""
    annotation: str = ""


@dataclass(frozen=True, slots=True)
class Appendix:
    """A ``related-reading-appendix`` directive."""

    docname: str
    #: 1 for the document's first appendix directive, 2 for the next: one file may be
    #: included twice, so its source and line do not tell them apart.
    serial: int
    source: str
    line: int
    sort: str
    conditions: tuple[str, ...]

"""Every document's records merged into one numbered list of entries, and its problems.

A pure function of the records, the reading order, the ``only`` conditions that hold
and the keys' owners in the previous build: the same sources give the same appendix
in serial and parallel builds alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .urls import derive_key

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from sphinx.environment import BuildEnvironment

    from .records import Appendix, Place

__all__ = [
    "ENV_ATTRIBUTE",
    "SORT_ORDERS",
    "Catalogue",
    "Entry",
    "Problem",
    "build_catalogue",
    "current_catalogue",
]

#: Appendix orders: first appearance in reading order (the default), or by title.
SORT_ORDERS = ("appearance", "title")


@dataclass(frozen=True, slots=True)
class Entry:
    """One source in the appendix, however many places list or cite it."""

    number: int
    key: str
    #: Every key that cites this entry, the canonical one first.
    keys: tuple[str, ...]
    url: str
    identity: str
    title: str
    annotation: str
    #: Every place that lists or cites it, in reading order.
    places: tuple[Place, ...]

    @property
    def anchor(self) -> str:
        """The entry's id in the appendix (keys are id-safe: ``[a-z0-9-]``)."""
        return f"rr-entry-{self.key}"


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem only the whole project shows, reported as ``related_reading.<subtype>``."""

    subtype: str
    message: str
    docname: str
    source: str
    line: int


@dataclass(frozen=True)
class Catalogue:
    entries: tuple[Entry, ...] = ()
    appendix: Appendix | None = None
    problems: tuple[Problem, ...] = ()
    by_key: Mapping[str, Entry] = field(default_factory=dict)
    by_identity: Mapping[str, Entry] = field(default_factory=dict)


#: Where the environment keeps this build's catalogue (pickled with it: the next build
#: reads which URL each key named).
ENV_ATTRIBUTE = "related_reading_catalogue"


def current_catalogue(env: BuildEnvironment) -> Catalogue:
    """This build's catalogue (empty until every document is read)."""
    found = getattr(env, ENV_ATTRIBUTE, None)
    return found if isinstance(found, Catalogue) else Catalogue()


def _at(place: Place | Appendix) -> str:
    return f"{place.source}:{place.line}"


def _problem(subtype: str, message: str, place: Place | Appendix) -> Problem:
    return Problem(subtype, message, place.docname, place.source, place.line)


def build_catalogue(
    places: Mapping[str, Sequence[Place]],
    appendices: Mapping[str, Sequence[Appendix]],
    reading_order: Iterable[str],
    holds: Callable[[tuple[str, ...]], bool],
    last_owners: Mapping[str, str] | None = None,
) -> Catalogue:
    """Merge the documents' records into numbered entries.

    ``reading_order`` lists the documents (toctree, then orphans sorted); ``holds`` says
    whether ``only`` conditions are true in this build; ``last_owners`` maps each key to
    the identity it named in the previous build, so that a key never moves silently.
    """
    order = list(reading_order)
    kept = [p for docname in order for p in places.get(docname, ()) if holds(p.conditions)]
    listed = [place for place in kept if place.kind == "list"]
    problems: list[Problem] = []

    # Entries, one per URL identity: the first list item gives the title and link.
    first: dict[str, Place] = {}
    annotation: dict[str, str] = {}
    for item in listed:
        earlier = first.setdefault(item.identity, item)
        if item.title != earlier.title:
            problems.append(
                _problem(
                    "title-conflict",
                    f"{item.url} is listed as {item.title!r} here but as {earlier.title!r} "
                    f"at {_at(earlier)}; the appendix uses the first title",
                    item,
                )
            )
        if not annotation.get(item.identity):
            annotation[item.identity] = item.annotation

    # Keys: each names one URL. Claims are settled in this order: the key's owner in
    # the last build, then the authors' keys, then keys derived from URLs; each in
    # reading order. A claim that loses is reported where it was made.
    owned: dict[str, str] = {}  # key -> identity
    claimed_at: dict[str, Place] = {}
    claims = [(item.key, item, True) for item in listed if item.key]
    claims += [(derive_key(identity), item, False) for identity, item in first.items()]
    last = last_owners or {}
    claims.sort(key=lambda claim: last.get(claim[0]) != claim[1].identity)  # stable
    derived: dict[str, str] = {}  # identity -> its derived key
    for key, item, explicit in claims:
        owner = owned.setdefault(key, item.identity)
        if owner == item.identity:
            claimed_at.setdefault(key, item)
            if not explicit:
                derived[item.identity] = key
            continue
        if explicit:
            message = f"this link to {item.url} is kept under a key derived from its URL"
        else:
            longer = derive_key(item.identity, 12)
            key_of, number = longer, 1
            while owned.setdefault(key_of, item.identity) != item.identity:
                number += 1
                key_of = f"{longer}-{number}"
            derived[item.identity] = key_of
            message = f"the key derived from this link to {item.url} is {key_of!r} instead"
        problems.append(
            _problem(
                "key-conflict",
                f"key {key!r} already names {first[owner].url} "
                f"(at {_at(claimed_at[key])}); {message}",
                item,
            )
        )

    # Every place joins its entry; an entry's position is its first place.
    joined: dict[str, list[Place]] = {}
    for place in kept:
        identity = place.identity if place.kind == "list" else owned.get(place.key)
        if identity is None:
            problems.append(
                _problem(
                    "unknown-key",
                    f"no related-reading list has an entry with key {place.key!r}",
                    place,
                )
            )
            continue
        joined.setdefault(identity, []).append(place)

    found = [a for docname in order for a in appendices.get(docname, ()) if holds(a.conditions)]
    appendix = found[0] if found else None
    for extra in found[1:]:
        problems.append(
            _problem(
                "duplicate-appendix",
                f"only one related-reading-appendix is allowed; the first, at {_at(found[0])} "
                f"on page {found[0].docname!r}, is used, and this one points to it",
                extra,
            )
        )
    ordered = list(joined)
    if appendix is not None and appendix.sort == "title":
        ordered.sort(key=lambda identity: (first[identity].title.casefold(), identity))

    keys_of: dict[str, list[str]] = {}
    for key, identity in owned.items():
        keys_of.setdefault(identity, []).append(key)
    canonical = dict(derived)  # the first key an author gave, else the derived one
    for item in reversed(listed):
        if item.key and owned[item.key] == item.identity:
            canonical[item.identity] = item.key
    entries = []
    for number, identity in enumerate(ordered, start=1):
        item = first[identity]
        key = canonical[identity]
        others = sorted(k for k in keys_of[identity] if k != key)
        entries.append(
            Entry(
                number=number,
                key=key,
                keys=(key, *others),
                url=item.url,
                identity=identity,
                title=item.title,
                annotation=annotation[identity],
                places=tuple(joined[identity]),
            )
        )
    if entries and appendix is None:
        problems.append(
            _problem(
                "no-appendix",
                "pages list related reading but no page has a related-reading-appendix "
                "directive, so entries have nowhere to link to",
                entries[0].places[0],
            )
        )
    position = {docname: index for index, docname in enumerate(order)}
    problems.sort(key=lambda p: (position.get(p.docname, len(order)), p.line))
    return Catalogue(
        entries=tuple(entries),
        appendix=appendix,
        problems=tuple(problems),
        by_key={key: entry for entry in entries for key in entry.keys},
        by_identity={entry.identity: entry for entry in entries},
    )

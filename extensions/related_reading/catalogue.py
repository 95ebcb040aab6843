"""Every document's records merged into one numbered list of entries, with its problems:
a pure function of the records, the reading order, the ``only`` conditions that hold and
the keys' owners in the last build, so that serial and parallel builds agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .urls import derive_key

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from sphinx.environment import BuildEnvironment

    from .domain import Appendix, Place


#: Appendix orders: first appearance in reading order (the default), or by title.
SORT_ORDERS = ("appearance", "title")
#: This build's catalogue, on the environment (pickled: the next build reads its keys).
ENV_ATTRIBUTE = "related_reading_catalogue"


@dataclass(frozen=True, slots=True)
class Entry:
    """One source in the appendix, however many places list or cite it."""

    number: int
    key: str
    keys: tuple[str, ...]  # every key that cites it, the canonical one first
    url: str
    identity: str
    title: str
    annotation: str
    places: tuple[Place, ...]  # in reading order

    @property
    def anchor(self) -> str:
        return f"rr-entry-{self.key}"  # keys are id-safe: [a-z0-9-]


@dataclass(frozen=True, slots=True)
class Problem:
    """What only the whole project shows: reported as ``related_reading.<subtype>``."""

    subtype: str
    docname: str
    source: str
    line: int
    fields: Mapping[str, object]  # for its message (``diagnostics.SUBTYPES``)


@dataclass(frozen=True)
class Catalogue:
    entries: tuple[Entry, ...] = ()
    appendix: Appendix | None = None
    problems: tuple[Problem, ...] = ()
    by_key: Mapping[str, Entry] = field(default_factory=dict)
    by_identity: Mapping[str, Entry] = field(default_factory=dict)
    #: The documents that show related reading (lists, citations, appendices).
    pages: frozenset[str] = frozenset()


def current_catalogue(env: BuildEnvironment) -> Catalogue:
    """This build's catalogue (empty until every document is read)."""
    found = getattr(env, ENV_ATTRIBUTE, None)
    return found if isinstance(found, Catalogue) else Catalogue()


def build_catalogue(
    places: Mapping[str, Sequence[Place]],
    appendices: Mapping[str, Sequence[Appendix]],
    reading_order: Iterable[str],
    holds: Callable[[tuple[str, ...]], bool],
    last_owners: Mapping[str, str] | None = None,
) -> Catalogue:
    """``holds``: whether ``only`` conditions are true in this build; ``last_owners``: each
    key's identity in the last build."""
    order = list(reading_order)
    kept = [p for docname in order for p in places.get(docname, ()) if holds(p.conditions)]
    listed = [place for place in kept if place.kind == "list"]
    problems: list[Problem] = []

    def report(subtype: str, where: Place | Appendix, **fields: object) -> None:
        problems.append(Problem(subtype, where.docname, where.source, where.line, fields))

    # One entry per URL identity: its first list item gives the title and the link.
    first: dict[str, Place] = {}
    annotation: dict[str, str] = {}
    for item in listed:
        earlier = first.setdefault(item.identity, item)
        if item.title != earlier.title:
            at, first_title = f"{earlier.source}:{earlier.line}", earlier.title
            report("title-conflict", item, url=item.url, title=item.title, first=first_title, at=at)
        annotation[item.identity] = annotation.get(item.identity) or item.annotation

    # Each key names one URL. Claims are settled in this order: the key's owner in the
    # last build, the authors' keys, the keys derived from URLs; each in reading order.
    claims = [(item.key, item, True) for item in listed if item.key]
    claims += [(derive_key(identity), item, False) for identity, item in first.items()]
    last = last_owners or {}
    claims.sort(key=lambda claim: last.get(claim[0]) != claim[1].identity)  # a stable sort
    owner: dict[str, Place] = {}  # key -> the item that claimed it first
    derived: dict[str, str] = {}  # identity -> its derived key
    for key, item, explicit in claims:
        holder = owner.setdefault(key, item)
        if holder.identity == item.identity:
            if not explicit:
                derived[item.identity] = key
            continue
        if explicit:
            outcome = f"this link to {item.url} is kept under a key derived from its URL"
        else:  # the longer form of the derived key, unless someone took that too
            longer = other = derive_key(item.identity, 12)
            suffix = 1
            while owner.setdefault(other, item).identity != item.identity:
                suffix += 1
                other = f"{longer}-{suffix}"
            derived[item.identity] = other
            outcome = f"the key derived from this link to {item.url} is {other!r} instead"
        at = f"{holder.source}:{holder.line}"
        report("key-conflict", item, key=key, owner=holder.url, at=at, outcome=outcome)

    # Every place joins its entry; entries come in the order a reader first meets them.
    joined: dict[str, list[Place]] = {}
    for place in kept:
        if place.kind == "cite" and place.key not in owner:
            report("unknown-key", place, key=place.key)
            continue
        identity = place.identity if place.kind == "list" else owner[place.key].identity
        joined.setdefault(identity, []).append(place)

    found = [a for docname in order for a in appendices.get(docname, ()) if holds(a.conditions)]
    for extra in found[1:]:
        at = f"{found[0].source}:{found[0].line}"
        report("duplicate-appendix", extra, at=at, page=found[0].docname)
    appendix = found[0] if found else None
    ordered = list(joined)
    if appendix is not None and appendix.sort == "title":
        ordered.sort(key=lambda identity: (first[identity].title.casefold(), identity))

    keys_of: dict[str, set[str]] = {}
    for key, holder in owner.items():
        keys_of.setdefault(holder.identity, set()).add(key)
    canonical = dict(derived)
    for item in reversed(listed):  # the first key an author gave, else the derived one
        if item.key and owner[item.key].identity == item.identity:
            canonical[item.identity] = item.key
    entries = []
    for number, identity in enumerate(ordered, start=1):
        key, item = canonical[identity], first[identity]
        keys = (key, *sorted(keys_of[identity] - {key}))
        note, places_of = annotation[identity], tuple(joined[identity])
        entries.append(Entry(number, key, keys, item.url, identity, item.title, note, places_of))
    if entries and appendix is None:
        report("no-appendix", entries[0].places[0])
    position = {docname: index for index, docname in enumerate(order)}
    problems.sort(key=lambda problem: (position[problem.docname], problem.line))
    return Catalogue(
        entries=tuple(entries),
        appendix=appendix,
        problems=tuple(problems),
        by_key={key: entry for entry in entries for key in entry.keys},
        by_identity={entry.identity: entry for entry in entries},
        pages=frozenset([place.docname for place in kept] + [a.docname for a in found]),
    )

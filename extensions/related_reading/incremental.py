"""The global step between reading and writing, run once per build.

Sphinx's ``todolist`` and sphinxcontrib-bibtex render their list pages from whatever
was read in *this* build, so a change on another page leaves them stale. Here, after
reading, the catalogue is rebuilt from every document's records; a fingerprint of what
each page will render (its forward links' numbers and titles; for the appendix, all of
it) is compared with the last build's, and the pages whose fingerprint changed are
returned to Sphinx to be written again. Nothing is re-read.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .diagnostics import warn
from .domain import get_domain
from .records import from_rows
from .urls import clear_url_cache

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .catalogue import Catalogue
    from .domain import RelatedReadingDomain

__all__ = ["on_builder_inited", "on_env_get_updated", "reading_order"]


def reading_order(env: BuildEnvironment, root_doc: str) -> list[str]:
    """Documents in the order a reader meets them: the toctree depth-first from the root,
    then the documents no toctree reaches (orphans), sorted by name."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [root_doc]
    while stack:
        docname = stack.pop()
        if docname in seen or docname not in env.all_docs:
            continue
        seen.add(docname)
        order.append(docname)
        stack.extend(reversed(env.toctree_includes.get(docname, ())))
    order.extend(sorted(set(env.all_docs) - seen))
    return order


def on_builder_inited(app: Sphinx) -> None:
    """Tell the domain which builder writes, and how to test ``only`` conditions."""
    domain = get_domain(app.env)
    domain.builder = app.builder
    domain.builder_format = app.builder.format
    tags = app.tags
    cache: dict[str, bool] = {}

    def holds(conditions: tuple[str, ...]) -> bool:
        for expr in conditions:
            if expr not in cache:
                try:
                    cache[expr] = tags.eval_condition(expr)
                except Exception:
                    cache[expr] = True
            if not cache[expr]:
                return False
        return True

    domain.holds = holds


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:20]


def fingerprints(
    domain: RelatedReadingDomain, catalogue: Catalogue, env: BuildEnvironment
) -> dict[str, str]:
    """What each page renders from global data, as a short digest per page."""
    appendix = catalogue.appendix
    target = appendix.docname if appendix else None
    prints: dict[str, str] = {}
    for docname, rows in domain.records.items():
        resolved = []
        for place in from_rows(rows):
            entry = (
                catalogue.by_identity.get(place.identity)
                if place.kind == "list"
                else catalogue.lookup(place.key)
            )
            resolved.append(entry and (entry.number, entry.key, entry.title))
        prints[docname] = _digest((target, resolved))
    rendered = []
    cited_in: set[str] = set()
    for entry in catalogue.entries:
        places = entry.places
        cited_in.update(place.docname for place in places)
        rendered.append(
            (
                entry.number,
                entry.keys,
                entry.url,
                entry.title,
                entry.annotation,
                # Tuples of strings, which the garbage collector stops tracking.
                tuple((p.kind, p.docname, p.anchor, p.section) for p in places),
            )
        )
    titles = {
        docname: env.titles[docname].astext() if docname in env.titles else docname
        for docname in cited_in
    }
    for docname in domain.appendices:
        whole = (appendix, rendered, sorted(titles.items())) if docname == target else target
        prints[docname] = _digest((prints.get(docname), whole))
    return prints


def _changed(old: dict[str, str], new: dict[str, str], alive: Iterable[str]) -> list[str]:
    return sorted(d for d in set(old) | set(new) if old.get(d) != new.get(d) and d in alive)


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rebuild the catalogue, report its problems, return the pages to write again."""
    # Reading is over, and with it the use of the URL cache; kept, its objects would
    # only lengthen the garbage collector's full collections while pages are written.
    clear_url_cache()
    domain = get_domain(env)
    catalogue = domain.rebuild_catalogue(reading_order(env, app.config.root_doc))
    for problem in catalogue.problems:
        warn(problem.subtype, problem.message, (problem.docname, problem.lineno))
    new = fingerprints(domain, catalogue, env)
    old = domain.snapshots.get(app.builder.name, {})
    domain.snapshots[app.builder.name] = new
    return _changed(old, new, env.all_docs)

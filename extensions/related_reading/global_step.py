"""The one step between reading and writing: the catalogue, its warnings, and the pages
that must be written again.

Sphinx's ``todolist`` and sphinxcontrib-bibtex render their list pages from what was
read in *this* build, so that a change on another page leaves them stale. Here, once
every document is read, the catalogue is rebuilt from every document's records (nothing
is read again), and a digest of what each page renders from it is compared with the
one from the last build by the same builder: pages whose digest changed are written
again.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .catalogue import ENV_ATTRIBUTE, build_catalogue, current_catalogue
from .diagnostics import warn
from .domain import get_domain

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

    from .catalogue import Catalogue

__all__ = ["on_env_get_updated", "on_env_updated", "reading_order"]

#: Where the environment keeps, per builder, the digests of what each page rendered.
_RENDERED = "related_reading_rendered"


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
    return order + sorted(set(env.all_docs) - seen)


def _holds(tags: Tags) -> Callable[[tuple[str, ...]], bool]:
    """Whether ``only`` expressions hold in this build (an expression Sphinx cannot
    evaluate holds, as Sphinx's own ``only`` handling keeps its content)."""

    def holds_one(expression: str) -> bool:
        try:
            return tags.eval_condition(expression)
        except Exception:  # any error in the author's expression
            return True

    return lambda conditions: all(map(holds_one, conditions))


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    """Rebuild the catalogue, report its problems, keep it on the environment."""
    domain = get_domain(env)
    last_owners = {key: entry.identity for key, entry in current_catalogue(env).by_key.items()}
    catalogue = build_catalogue(
        domain.places,
        domain.appendices,
        reading_order(env, app.config.root_doc),
        _holds(app.tags),
        last_owners,
    )
    for problem in catalogue.problems:
        warn(problem.subtype, problem.message, f"{env.srcdir / problem.source}:{problem.line}")
    setattr(env, ENV_ATTRIBUTE, catalogue)


def _digests(catalogue: Catalogue, env: BuildEnvironment) -> dict[str, str]:
    """What each page renders from the catalogue, as a short digest per page."""
    appendix = catalogue.appendix
    target = (appendix.docname, appendix.serial) if appendix else None
    shown: dict[str, list[object]] = {}  # what each page's forward links say
    whole = []  # what the appendix says
    for entry in catalogue.entries:
        for place in entry.places:
            shown.setdefault(place.docname, []).append((place.anchor, entry.number, entry.title))
        places = [(p.kind, p.docname, p.anchor, p.section) for p in entry.places]
        whole.append((entry.number, entry.keys, entry.url, entry.title, entry.annotation, places))
    titles = sorted((d, env.titles[d].astext()) for d in shown if d in env.titles)
    for docname in get_domain(env).appendices:
        here = appendix is not None and appendix.docname == docname
        shown.setdefault(docname, []).append((whole, titles) if here else None)

    def digest(value: object) -> str:
        return hashlib.sha256(repr((target, value)).encode()).hexdigest()[:20]

    return {docname: digest(value) for docname, value in shown.items()}


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages whose rendering changed since this builder last wrote them."""
    rendered: dict[str, dict[str, str]] = getattr(env, _RENDERED, {})
    old = rendered.get(app.builder.name, {})
    new = rendered[app.builder.name] = _digests(current_catalogue(env), env)
    setattr(env, _RENDERED, rendered)
    changed = {page for page in old.keys() | new.keys() if old.get(page) != new.get(page)}
    return sorted(changed & env.all_docs.keys())

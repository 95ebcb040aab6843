"""Between reading and writing: the catalogue, its warnings, the pages to write again.
(Sphinx's ``todolist`` renders from what *this* build read, and goes stale.) The pages
whose rendering of the catalogue changed since the builder's last build are rewritten."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .catalogue import ENV_ATTRIBUTE, build_catalogue, current_catalogue
from .diagnostics import warn
from .domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


_RENDERED = "related_reading_rendered"  # on the environment: builder -> page -> digest


def reading_order(env: BuildEnvironment, root_doc: str) -> list[str]:
    """Documents in the order a reader meets them: the toctree depth-first from the root,
    then the documents no toctree reaches (orphans), sorted by name."""
    order: dict[str, None] = {}  # a set that keeps the order
    stack = [root_doc]
    while stack:
        docname = stack.pop()
        if docname not in order and docname in env.all_docs:
            order[docname] = None
            stack.extend(reversed(env.toctree_includes.get(docname, ())))
    return [*order, *sorted(set(env.all_docs) - set(order))]


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    """Rebuild the catalogue, report its problems, keep it on the environment."""

    def holds(expression: str) -> bool:
        try:
            return app.tags.eval_condition(expression)
        except Exception:  # any error in the author's expression: as Sphinx's own ``only``
            return True

    domain = get_domain(env)
    last_owners = {key: entry.identity for key, entry in current_catalogue(env).by_key.items()}
    order = reading_order(env, app.config.root_doc)
    catalogue = build_catalogue(
        domain.places, domain.appendices, order, lambda c: all(map(holds, c)), last_owners
    )
    for problem in catalogue.problems:
        location = f"{env.srcdir / problem.source}:{problem.line}"
        warn(problem.subtype, location, **problem.fields)
    setattr(env, ENV_ATTRIBUTE, catalogue)


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages whose rendering changed since this builder last wrote them."""
    catalogue = current_catalogue(env)
    here = catalogue.appendix.docname if catalogue.appendix else None
    shown: dict[str, list[object]] = {docname: [here] for docname in catalogue.pages}
    whole = []  # what the appendix says
    for entry in catalogue.entries:
        for place in entry.places:  # what the page's links say
            shown[place.docname].append((place.anchor, entry.number, entry.title))
        cited = [(p.kind, p.docname, p.anchor, p.section) for p in entry.places]
        whole.append((entry.number, entry.keys, entry.url, entry.title, entry.annotation, cited))
    if here is not None:
        titles = [env.titles[d].astext() if d in env.titles else d for d in sorted(shown)]
        shown[here] += [whole, titles]
    new = {d: hashlib.sha256(repr(v).encode()).hexdigest()[:20] for d, v in shown.items()}
    rendered: dict[str, dict[str, str]] = getattr(env, _RENDERED, {})
    old, rendered[app.builder.name] = rendered.get(app.builder.name, {}), new
    setattr(env, _RENDERED, rendered)
    changed = [d for d in old.keys() | new.keys() if old.get(d) != new.get(d)]
    return sorted(d for d in changed if d in env.all_docs)

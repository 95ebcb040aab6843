"""``related-reading.json``: the whole reading list, for link-rot monitors and reuse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .catalogue import Catalogue

__all__ = ["export_data", "on_build_finished"]

#: Builders whose output is a website with one URL per document.
WEB_BUILDERS = frozenset({"html", "dirhtml"})
SCHEMA_VERSION = 1


def _page_url(builder: Builder, base: str, docname: str) -> str:
    return base + builder.get_target_uri(docname)


def export_data(catalogue: Catalogue, builder: Builder, base: str, titles: dict[str, str]) -> Any:
    """Plain JSON data: every entry once, with every place that lists or cites it."""
    appendix = catalogue.appendix
    pages: dict[str, str] = {}  # docname -> URL: each page holds many places

    def place_url(docname: str, anchor: str) -> str:
        page = pages.get(docname)
        if page is None:
            page = pages[docname] = _page_url(builder, base, docname)
        return f"{page}#{anchor}"

    entries = []
    for entry in catalogue.entries:
        entries.append(
            {
                "number": entry.number,
                "key": entry.key,
                "keys": list(entry.keys),
                "title": entry.title,
                "url": entry.url,
                "annotation": entry.annotation,
                "appendix_url": (place_url(appendix.docname, entry.anchor) if appendix else None),
                "places": [
                    {
                        "kind": place.kind,
                        "page": place.docname,
                        "page_title": titles.get(place.docname, place.docname),
                        "section": place.section,
                        "line": place.lineno,
                        "url": place_url(place.docname, place.anchor),
                    }
                    for place in entry.places
                ],
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "appendix": _page_url(builder, base, appendix.docname) if appendix else None,
        "entries": entries,
    }


def dump_lines(data: dict[str, Any]) -> str:
    """JSON with one entry per line: readable in a diff, and written by the fast C encoder."""
    entries = data["entries"]
    head = {key: value for key, value in data.items() if key != "entries"}
    lines = [json.dumps(entry, ensure_ascii=False, sort_keys=False) for entry in entries]
    body = ",\n".join(lines)
    text = json.dumps(head, ensure_ascii=False)[:-1]
    return f'{text}, "entries": [\n{body}\n]}}\n' if lines else f'{text}, "entries": []}}\n'


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    filename: str = app.config.related_reading_export
    if exception is not None or not filename or app.builder.name not in WEB_BUILDERS:
        return
    env = app.env
    base = app.config.html_baseurl or ""
    if base and not base.endswith("/"):
        base += "/"
    titles = {docname: title.astext() for docname, title in env.titles.items()}
    data = export_data(get_domain(env).catalogue, app.builder, base, titles)
    text = dump_lines(data)
    target = Path(app.builder.outdir, filename)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")

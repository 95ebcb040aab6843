"""``related-reading.json``: the whole reading list, for link checkers and reuse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .builders import output_of
from .catalogue import current_catalogue

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .catalogue import Catalogue

__all__ = ["SCHEMA_VERSION", "export_data", "write_export"]

SCHEMA_VERSION = 1


def export_data(catalogue: Catalogue, builder: Builder, base: str) -> dict[str, Any]:
    """Every entry once, with every place that lists or cites it."""
    titles = builder.env.titles

    def url(docname: str, anchor: str = "") -> str:
        return base + builder.get_target_uri(docname) + (f"#{anchor}" if anchor else "")

    appendix = catalogue.appendix
    return {
        "schema_version": SCHEMA_VERSION,
        "appendix": url(appendix.docname) if appendix else None,
        "entries": [
            {
                "number": entry.number,
                "key": entry.key,
                "keys": list(entry.keys),
                "title": entry.title,
                "url": entry.url,
                "annotation": entry.annotation,
                "appendix_url": url(appendix.docname, entry.anchor) if appendix else None,
                "places": [
                    {
                        "kind": place.kind,
                        "page": place.docname,
                        "page_title": (
                            titles[place.docname].astext()
                            if place.docname in titles
                            else place.docname
                        ),
                        "section": place.section,
                        "source": place.source,
                        "line": place.line,
                        "url": url(place.docname, place.anchor),
                    }
                    for place in entry.places
                ],
            }
            for entry in catalogue.entries
        ],
    }


def write_export(app: Sphinx, exception: BaseException | None) -> None:
    """After an HTML build, when there is something to export."""
    filename: str = app.config.related_reading_export
    catalogue = current_catalogue(app.env)
    if exception or not filename or not output_of(app.builder).export:
        return
    if not (catalogue.entries or catalogue.appendix):
        return
    base = app.config.html_baseurl
    base = base if not base or base.endswith("/") else f"{base}/"
    text = json.dumps(export_data(catalogue, app.builder, base), ensure_ascii=False, indent=1)
    target = Path(app.builder.outdir, filename)
    if not target.is_file() or target.read_text(encoding="utf-8") != text + "\n":
        target.write_text(text + "\n", encoding="utf-8")

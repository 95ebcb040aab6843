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
    from .domain import Place


SCHEMA_VERSION = 1


def export_data(catalogue: Catalogue, builder: Builder, base: str) -> dict[str, Any]:
    """Every entry once, with every place that lists or cites it."""
    titles = builder.env.titles

    def url(docname: str, anchor: str = "") -> str:
        return base + builder.get_target_uri(docname) + (f"#{anchor}" if anchor else "")

    def place(place: Place) -> dict[str, Any]:
        title = titles[place.docname].astext() if place.docname in titles else place.docname
        return {
            "kind": place.kind,
            "page": place.docname,
            "page_title": title,
            "section": place.section,
            "source": place.source,
            "line": place.line,
            "url": url(place.docname, place.anchor),
        }

    here = catalogue.appendix.docname if catalogue.appendix else None
    return {
        "schema_version": SCHEMA_VERSION,
        "appendix": url(here) if here else None,
        "entries": [
            {
                "number": entry.number,
                "key": entry.key,
                "keys": list(entry.keys),
                "title": entry.title,
                "url": entry.url,
                "annotation": entry.annotation,
                "appendix_url": url(here, entry.anchor) if here else None,
                "places": [place(p) for p in entry.places],
            }
            for entry in catalogue.entries
        ],
    }


def write_export(app: Sphinx, exception: BaseException | None) -> None:
    """After an HTML build that shows related reading (``build-finished``)."""
    catalogue, name = current_catalogue(app.env), app.config.related_reading_export
    if exception or not name or not output_of(app.builder).export or not catalogue.pages:
        return
    base = app.config.html_baseurl
    base += "/" if base and not base.endswith("/") else ""
    text = json.dumps(export_data(catalogue, app.builder, base), ensure_ascii=False, indent=1)
    target = Path(app.builder.outdir, name)
    if not target.is_file() or target.read_text(encoding="utf-8") != f"{text}\n":
        target.write_text(f"{text}\n", encoding="utf-8")  # unchanged: not touched

"""Helpers shared by the test modules (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

import http.server
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.testing.util import SphinxTestApp

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING = re.compile(
    r"^(?P<location>\S*?):(?P<line>\d+)?: WARNING: (?P<message>.*?)(?: \[(?P<kind>[\w.-]+)\])?$"
)


def strip_colors(text: str) -> str:
    return _ANSI.sub("", text)


def warnings_of(app: SphinxTestApp) -> list[str]:
    """The build's warnings, one string each, without colour codes."""
    return [line for line in strip_colors(app.warning.getvalue()).splitlines() if line.strip()]


def parsed_warnings(app: SphinxTestApp) -> list[dict[str, str]]:
    """Warnings split into file, line, message and ``type.subtype``."""
    found = []
    for line in warnings_of(app):
        match = _WARNING.match(line)
        assert match, f"unexpected warning format: {line!r}"
        found.append(
            {
                "file": Path(match["location"]).name,
                "line": match["line"] or "",
                "message": match["message"],
                "kind": match["kind"] or "",
            }
        )
    return found


def soup(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    path = Path(app.outdir, f"{docname}.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def squash(text: str) -> str:
    """Collapse whitespace (PDF and HTML text break lines anywhere)."""
    return re.sub(r"\s+", " ", text).strip()


@contextmanager
def local_http_server(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[int]:
    """Serve ``handler`` on 127.0.0.1 (a free port) in a thread; yield the port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()

"""Serve a built site on 127.0.0.1 the way a static host does, gzip included.

Used by the browser tests (``tests/browser/conftest.py``) and by ``nox -s audit``
(``tests/browser/audit.py``). Text responses (HTML, CSS, JS, JSON, SVG, TXT) are
gzip-compressed when the client asks for it, as GitHub Pages and Read the Docs do,
so that Lighthouse's "transferred" bytes are the bytes a reader's phone downloads.
Only the standard library: nothing to install.
"""

from __future__ import annotations

import gzip
import http.server
import threading
import urllib.parse
from functools import partial
from pathlib import Path
from typing import Any

#: Content types worth compressing (what static hosts compress).
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
#: Level 6, the default of nginx-style hosts and of ``gzip`` itself.
GZIP_LEVEL = 6


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip for text, ``404.html`` for missing pages, and no logging."""

    extensions_map = {  # noqa: RUF012  (the base class declares it as a class attribute)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".svg": "image/svg+xml",
        ".json": "application/json",
        ".txt": "text/plain",
        ".xml": "application/xml",
        ".woff2": "font/woff2",
    }

    def __init__(self, *args: Any, prefix: str = "/", **kwargs: Any) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests report what matters."""

    def send_head(self) -> _Body | None:
        url_path = urllib.parse.urlsplit(self.path).path
        if not url_path.startswith(self.prefix):
            if url_path + "/" == self.prefix:
                return self.redirect(self.prefix)
            return self.send_missing()
        relative = url_path.removeprefix(self.prefix)
        path = Path(self.translate_path("/" + relative))
        if path.is_dir():
            if relative and not relative.endswith("/"):
                return self.redirect(url_path + "/")
            path = path / "index.html"
        if not path.is_file():
            return self.send_missing()
        ctype = self.guess_type(str(path))
        body = path.read_bytes()
        headers = {"Content-Type": ctype}
        accepts = self.headers.get("Accept-Encoding", "")
        if ctype.startswith(COMPRESSIBLE) and "gzip" in accepts:
            body = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_missing(self) -> _Body:
        """404, with the site's own 404 page when it has one (as GitHub Pages does)."""
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found\n"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def guess_type(self, path: str | Path) -> str:
        ctype = super().guess_type(path)
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            return f"{ctype}; charset=utf-8"
        return ctype


class _Body:
    """The file-like object ``SimpleHTTPRequestHandler`` copies to the socket."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        self.data = b""


class SiteServer:
    """``with SiteServer(path) as server: server.url("index.html")`` on a free port.

    ``prefix`` is the path the site is published under ("/ketamine-handout/" on GitHub
    Pages), so that pages which link with absolute paths (the 404 page) work here too.
    """

    def __init__(self, root: Path, port: int = 0, prefix: str = "/") -> None:
        self.root = Path(root)
        self.prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        handler = partial(SiteHandler, directory=str(self.root), prefix=self.prefix)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port: int = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}{self.prefix}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str = "") -> str:
        return urllib.parse.urljoin(self.base, path)

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)


def site_pages(root: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to its root ("index.html", ...).

    Sphinx's own folders (``_static``, ``_sources``, ``_images``...) hold no pages.
    """
    pages = []
    for page in root.rglob("*.html"):
        relative = page.relative_to(root)
        if any(part.startswith("_") for part in relative.parts[:-1]):
            continue
        pages.append(relative.as_posix())
    return sorted(pages)


def free_port() -> int:
    """A port that is free now (for a build that must know its own URL in advance)."""
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler) as s:
        return int(s.server_address[1])

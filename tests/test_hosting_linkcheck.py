"""The link check, offline: the handout's linkcheck settings against a tiny local site.

A server on 127.0.0.1 answers like the real web: a page that works, one that is gone
(404), one that moved (301), and a DOI that redirects to a publisher who refuses robots
(403), the case ``linkcheck_ignore`` exists for. The run must report exactly the gone
page as broken, and ``.ci/linkcheck-report`` (the weekly workflow's summary) must name it.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pytest
from conftest import DOCS, REPO, build_app, copy_root
from helpers import local_http_server

if TYPE_CHECKING:
    from collections.abc import Iterator


class _Site(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str]]]] = {
        "/good": (200, {}),
        "/missing": (404, {}),
        "/moved": (301, {"Location": "/good"}),
        "/doi/10.1234/abc": (302, {"Location": "/publisher/paper"}),
        "/publisher/paper": (403, {}),
    }

    def _answer(self, body: bool) -> None:
        status, headers = self.routes.get(self.path, (404, {}))
        content = b"<!DOCTYPE html><html><body><h1>Hello</h1></body></html>"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output quiet


@pytest.fixture
def site() -> Iterator[int]:
    with local_http_server(_Site) as port:
        yield port


def handout_linkcheck_settings() -> dict[str, Any]:
    """Every ``linkcheck_*`` value from docs/conf.py: the test checks the real settings."""
    conf = runpy.run_path(str(DOCS / "conf.py"))
    return {name: value for name, value in conf.items() if name.startswith("linkcheck_")}


def test_settings_are_the_patient_ones() -> None:
    settings = handout_linkcheck_settings()
    assert settings["linkcheck_retries"] >= 2
    assert settings["linkcheck_timeout"] >= 10
    assert settings["linkcheck_rate_limit_timeout"] > 0
    assert settings["linkcheck_report_timeouts_as_broken"] is True
    # Redirects are reported, never failures: no allowed-redirects table is set.
    assert "linkcheck_allowed_redirects" not in settings
    for pattern in settings["linkcheck_ignore"] + settings["linkcheck_anchors_ignore_for_url"]:
        re.compile(pattern)
        assert pattern.startswith("https://"), pattern  # whole hosts, never a bare path


def test_linkcheck_reports_exactly_the_broken_link(tmp_path: Path, site: int) -> None:
    srcdir = copy_root("hosting-linkcheck", tmp_path)
    index = srcdir / "index.md"
    index.write_text(index.read_text("utf-8").replace("PORT", str(site)), encoding="utf-8")
    settings = handout_linkcheck_settings()
    base = f"http://127.0.0.1:{site}"
    # This local "publisher" refuses robots, like the hosts docs/conf.py ignores.
    settings["linkcheck_ignore"] = [*settings["linkcheck_ignore"], re.escape(f"{base}/publisher/")]

    app = build_app("linkcheck", srcdir, freshenv=True, confoverrides=settings)

    output = Path(app.outdir, "output.json")
    results = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    status = {row["uri"]: row["status"] for row in results}
    assert status == {
        f"{base}/good": "working",
        f"{base}/missing": "broken",
        f"{base}/moved": "redirected",
        f"{base}/doi/10.1234/abc": "ignored",
    }
    assert app.statuscode == 1  # `nox -s linkcheck` fails, so the weekly run turns red

    # The weekly workflow's report names the broken link, its page and line, and only it.
    summary = tmp_path / "summary.md"
    report = subprocess.run(
        [sys.executable, str(REPO / ".ci" / "linkcheck-report"), str(output)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert report.returncode == 1, report.stderr
    annotations = [line for line in report.stdout.splitlines() if line.startswith("::error")]
    assert len(annotations) == 1
    assert annotations[0].startswith("::error file=docs/index.md,line=4,title=Broken link::")
    assert f"{base}/missing" in annotations[0]
    table = summary.read_text("utf-8")
    assert "1 broken link(s)" in table
    assert f"{base}/missing" in table
    assert f"{base}/good" not in table
    assert f"{base}/moved" not in table


def test_report_without_broken_links_passes(tmp_path: Path) -> None:
    output = tmp_path / "output.json"
    row = {"filename": "index.md", "lineno": 3, "status": "working", "code": 0, "info": ""}
    output.write_text(json.dumps({**row, "uri": "https://example.org/"}) + "\n", "utf-8")
    report = subprocess.run(
        [sys.executable, str(REPO / ".ci" / "linkcheck-report"), str(output)],
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
    )
    assert report.returncode == 0, report.stdout
    assert "0 broken or timed-out link(s)." in report.stdout

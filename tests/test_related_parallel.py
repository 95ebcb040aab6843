"""Parallel builds give the same output as serial ones; clean builds repeat exactly."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import build_app
from helpers import strip_colors, warnings_of
from treegen import generate

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

PAGES = 40


def output_digests(app: SphinxTestApp) -> dict[str, str]:
    """Digest of every page and of the export (Sphinx's own search index excluded)."""
    outdir = Path(app.outdir)
    files = sorted([*outdir.glob("*.html"), outdir / "related-reading.json"])
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def fresh_build(tmp_path: Path, name: str, **kwargs: object) -> SphinxTestApp:
    srcdir = generate(tmp_path / name, pages=PAGES, links_per_page=8, urls=120, seed=7)
    app = build_app("html", srcdir, freshenv=True, **kwargs)
    assert warnings_of(app) == []
    return app


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    return fresh_build(tmp_path_factory.mktemp("serial"), "tree")


def test_parallel_build_matches_serial(serial: SphinxTestApp, tmp_path: Path) -> None:
    parallel = fresh_build(tmp_path, "tree", parallel=2)
    # Sphinx really read and wrote in chunks, in worker processes ("[ 33%] a .. b").
    status = strip_colors(parallel.status.getvalue())
    assert re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. \S+", status)
    assert re.search(r"writing output\.\.\. \[ *\d+%\] \S+ \.\. \S+", status)
    assert output_digests(parallel) == output_digests(serial)
    # The pages, index, appendix, genindex, search and the export.
    assert len(output_digests(serial)) == PAGES + 5


def test_two_clean_builds_are_identical(serial: SphinxTestApp, tmp_path: Path) -> None:
    again = fresh_build(tmp_path, "tree")
    assert output_digests(again) == output_digests(serial)


def test_parallel_incremental_build_updates_the_appendix(tmp_path: Path) -> None:
    app = fresh_build(tmp_path, "tree", parallel=2)
    srcdir = Path(app.srcdir)
    page = srcdir / "page0007.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "## Related reading\n\n```{related-reading}\n",
            "## Related reading\n\n```{related-reading}\n"
            "- [A new source](https://example.net/new){#brand-new} — added later\n",
        ),
        encoding="utf-8",
    )
    again = build_app("html", srcdir, parallel=2)
    assert warnings_of(again) == []
    appendix = Path(again.outdir, "related-reading.html").read_text(encoding="utf-8")
    assert 'id="rr-entry-brand-new"' in appendix

"""Incremental builds (no ``-E``): the appendix and citing pages follow every change.

Sphinx's own ``todolist`` (sphinx-doc/sphinx#9706) and sphinxcontrib-bibtex leave their
list pages stale when another page changes; these tests edit one page at a time and
check what was read again, what was written again, and what the reader now sees.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import copy_root
from helpers import soup, squash, warnings_of
from sphinx.testing.util import SphinxTestApp

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

VA = "https://www.ptsd.va.gov/understand_tx/meds_for_ptsd.asp"


@dataclass
class Run:
    app: SphinxTestApp
    read: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


def build(srcdir: Path, buildername: str = "html", **kwargs: object) -> Run:
    """One more ``sphinx-build`` over ``srcdir``, recording what it reads and writes."""
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        status=StringIO(),
        warning=StringIO(),
        **kwargs,  # type: ignore[arg-type]
    )
    run = Run(app)

    def on_read(_app: Sphinx, _env: BuildEnvironment, docnames: list[str]) -> None:
        run.read.extend(docnames)

    def on_written(_app: Sphinx, _doctree: nodes.document, docname: str) -> None:
        run.written.append(docname)

    app.connect("env-before-read-docs", on_read)
    app.connect("doctree-resolved", on_written)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings_of(app) == []
    return run


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    # Make sure the change is newer than the last build's output, whatever the clock.
    later = time.time() + 2
    os.utime(path, (later, later))


def appendix(run: Run) -> list[str]:
    return [squash(li.get_text()) for li in soup(run.app, "related-reading").select("ol > li")]


def export(run: Run) -> dict:
    return json.loads(Path(run.app.outdir, "related-reading.json").read_text(encoding="utf-8"))


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    srcdir = copy_root("basic", tmp_path)
    first = build(srcdir, freshenv=True)
    assert len(appendix(first)) == 4
    return srcdir


def test_nothing_changed_nothing_read_or_written(srcdir: Path) -> None:
    run = build(srcdir)
    assert run.read == []
    assert run.written == []


def test_adding_an_entry_updates_the_appendix(srcdir: Path) -> None:
    edit(
        srcdir / "safety.md",
        "- [Medications for PTSD]",
        "- [Ketamine](https://nida.nih.gov/research-topics/ketamine){#nida} — NIDA\n"
        "- [Medications for PTSD]",
    )
    run = build(srcdir)
    assert run.read == ["safety"]
    assert "related-reading" in run.written
    assert appendix(run)[3].startswith("Ketamine — NIDA")
    assert [e["key"] for e in export(run)["entries"]][3] == "nida"


def test_editing_an_entry_title_updates_the_appendix(srcdir: Path) -> None:
    edit(srcdir / "safety.md", "[Medications for PTSD]", "[PTSD: medications]")
    run = build(srcdir)
    assert run.read == ["safety"]
    assert appendix(run)[3].startswith("PTSD: medications — U.S. Department of Veterans Affairs")
    assert export(run)["entries"][3]["title"] == "PTSD: medications"


def test_removing_an_entry_updates_the_appendix(srcdir: Path) -> None:
    edit(
        srcdir / "safety.md",
        "- [Medications for PTSD](https://www.ptsd.va.gov/understand_tx/meds_for_ptsd.asp)"
        " — U.S. Department of Veterans Affairs\n",
        "",
    )
    run = build(srcdir)
    assert run.read == ["safety"]
    assert not any("Medications for PTSD" in entry for entry in appendix(run))
    assert VA not in {e["url"] for e in export(run)["entries"]}


def test_deleting_a_page_updates_the_appendix(srcdir: Path) -> None:
    (srcdir / "safety.md").unlink()
    edit(srcdir / "index.md", "safety\n", "")
    run = build(srcdir)
    assert run.read == ["index"]
    assert "related-reading" in run.written
    entries = appendix(run)
    assert len(entries) == 3
    assert not any("Safety" in entry for entry in entries)
    pages = {p["page"] for e in export(run)["entries"] for p in e["places"]}
    assert pages == {"how-it-works"}


def test_renaming_a_citing_page_updates_back_links(srcdir: Path) -> None:
    edit(srcdir / "safety.md", "# Safety\n", "# Safety and supervision\n")
    run = build(srcdir)
    assert run.read == ["safety"]
    feder = appendix(run)[1]
    assert "Safety and supervision › Monitoring" in feder
    assert "Safety ›" not in feder.replace("Safety and supervision ›", "")
    titles = {p["page_title"] for e in export(run)["entries"] for p in e["places"]}
    assert titles == {"How it works", "Safety and supervision"}


def test_renumbering_rewrites_unread_citing_pages(srcdir: Path) -> None:
    # Cite the VA page (entry 4) first thing on the first page: it becomes entry 1.
    edit(
        srcdir / "how-it-works.md",
        "Ketamine blocks a receptor",
        "Guidelines come first {related}`ptsd-va-gov-understand-tx-meds-for-ptsd-1b9d8f`.\n\n"
        "Ketamine blocks a receptor",
    )
    run = build(srcdir)
    assert run.read == ["how-it-works"]
    # safety.html was not read again, but its numbers changed, so it was written again.
    assert "safety" in run.written
    items = soup(run.app, "safety").select("li.related-reading-item")
    assert [squash(li.get_text())[-3:] for li in items] == ["[1]", "[3]"]
    assert appendix(run)[0].startswith("Medications for PTSD")


def test_unrelated_edit_rewrites_only_what_changed(srcdir: Path) -> None:
    edit(srcdir / "safety.md", "Supervision is required", "Supervision is always required")
    run = build(srcdir)
    assert run.read == ["safety"]
    # Numbers did not change: the other citing page is left alone.
    assert "how-it-works" not in run.written

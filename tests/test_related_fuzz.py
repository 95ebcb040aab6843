"""Fuzzing the directive and the role: no input makes the build raise."""

from __future__ import annotations

import os
import time
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from related_reading.diagnostics import SUBTYPES

if TYPE_CHECKING:
    from collections.abc import Iterator

SCHEMES = ["https", "http", "javascript", "data", "file", "mailto", "ftp", ""]
# Text that stays on one line and cannot close the directive's fence.
line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="`\n\r"),
    max_size=40,
)
url = st.builds(
    lambda scheme, rest: f"{scheme}:{rest}" if scheme else rest,
    st.sampled_from(SCHEMES),
    st.text(alphabet="/abc.-_?=&%#~:", max_size=25),
)
key = st.one_of(
    st.just(""), st.builds("{{#{}}}".format, line_text.map(lambda s: s.replace("}", "")))
)
item = st.one_of(
    st.builds("- [{}]({}){} — {}".format, line_text, url, key, line_text),
    st.builds("- {}".format, line_text),
    line_text,
)
role_target = line_text.filter(lambda s: s.strip() != "")

KNOWN = {f"related_reading.{subtype}" for subtype in SUBTYPES}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    srcdir = tmp_path_factory.mktemp("fuzz")
    (srcdir / "conf.py").write_text(
        "extensions = ['myst_parser', 'related_reading']\n"
        "myst_enable_extensions = ['attrs_inline']\n",
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text("# Fuzz\n", encoding="utf-8")
    (srcdir / "appendix.md").write_text(
        "---\norphan: true\n---\n# Appendix\n\n```{related-reading-appendix}\n```\n",
        encoding="utf-8",
    )
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    yield app
    app.cleanup()


def rebuild(app: SphinxTestApp, text: str) -> None:
    marker = f"marker{time.monotonic_ns()}"
    index = Path(app.srcdir, "index.md")
    index.write_text(f"{text}\n\n{marker}\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(index, (later, later))
    app.warning.seek(0)
    app.warning.truncate()
    app.build()  # must not raise
    assert marker in Path(app.outdir, "index.html").read_text(encoding="utf-8")
    assert Path(app.outdir, "appendix.html").is_file()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(items=st.lists(item, max_size=6), targets=st.lists(role_target, max_size=3))
def test_directive_and_role_never_raise(
    app: SphinxTestApp, items: list[str], targets: list[str]
) -> None:
    cites = " ".join(f"{{related}}`{target}`" for target in targets)
    body = "\n".join(items)
    rebuild(app, f"# Fuzz\n\nText {cites}.\n\n```{{related-reading}}\n{body}\n```\n")

"""Shared fixtures: Sphinx's own test fixtures plus one build of the real docs per session."""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import tempfile
from fnmatch import fnmatch
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from handout_text import RenderedPages
from sphinx.testing.util import SphinxTestApp

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.config import Config

pytest_plugins = ["sphinx.testing.fixtures"]

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
ROOTS = Path(__file__).resolve().parent / "roots"
#: docs/conf.py as written (for what no build changes: the pages, the paper sizes).
CONF = runpy.run_path(str(DOCS / "conf.py"))
#: Every page of the handout, by name ("safety" for docs/safety.md); not the files that
#: conf.py's exclude_patterns leave out of the build (contributors' notes).
PAGES = sorted(
    path.stem
    for path in DOCS.glob("*.md")
    if not any(fnmatch(path.name, pattern) for pattern in CONF["exclude_patterns"])
)
#: The paper sizes the handout comes in (docs/conf.py's handout_text), default first.
PAPERS = list(CONF["handout_text"]["en"]["papers"])
#: The handout's languages, the reference (English) first.
LANGUAGES = list(CONF["handout_text"])


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``roots/test-<name>``."""
    return ROOTS


def latexmk_or_skip() -> str:
    """The latexmk path; skip without TeX Live unless the run requires it (CI does)."""
    latexmk = shutil.which("latexmk")
    if latexmk is None:
        message = "latexmk not found: install TeX Live (see README) to run the PDF tests"
        if os.environ.get("HANDOUT_REQUIRE_TEX") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return latexmk


def run_latexmk(latex_dir: Path, tex_name: str) -> Path:
    """Compile a LaTeX builder's output the way ``nox -s pdf`` does; return the PDF."""
    latexmk = latexmk_or_skip()
    result = subprocess.run(
        [latexmk, "-pdf", "-dvi-", "-ps-", "-interaction=nonstopmode", "-halt-on-error", tex_name],
        cwd=latex_dir,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LATEXOPTS": "-interaction=nonstopmode -halt-on-error"},
    )
    if result.returncode != 0:
        log = (latex_dir / tex_name).with_suffix(".log")
        tail = log.read_text(errors="replace")[-4000:] if log.exists() else result.stdout[-4000:]
        pytest.fail(f"latexmk failed on {tex_name}:\n{tail}")
    if "Maximum runs" in result.stdout + result.stderr:
        pytest.fail(f"latexmk gave up before page numbers settled in {tex_name}")
    return (latex_dir / tex_name).with_suffix(".pdf")


def copy_root(testroot: str, destination: Path) -> Path:
    """A private copy of ``tests/roots/test-<testroot>`` that a test may edit."""
    srcdir = destination / testroot
    shutil.copytree(ROOTS / f"test-{testroot}", srcdir)
    return srcdir


def build_app(buildername: str, srcdir: Path, **kwargs: object) -> SphinxTestApp:
    """One ``sphinx-build`` run over ``srcdir`` (output in ``srcdir/_build``).

    A second call on the same ``srcdir`` is an incremental build, like running the
    command again: it reuses the pickled environment unless ``freshenv=True``.
    """
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        status=StringIO(),
        warning=StringIO(),
        **kwargs,  # type: ignore[arg-type]
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture
def built(tmp_path: Path) -> Callable[..., SphinxTestApp]:
    """``built("basic", "latex", confoverrides=...)``: copy a test root and build it."""

    def build(testroot: str, buildername: str = "html", **kwargs: object) -> SphinxTestApp:
        return build_app(buildername, copy_root(testroot, tmp_path / buildername), **kwargs)

    return build


def build_docs(builder: str, outroot: Path, **kwargs: object) -> SphinxTestApp:
    """Build the real ``docs/`` tree into ``outroot`` (never into the source tree)."""
    return build_app(builder, DOCS, builddir=outroot, freshenv=True, **kwargs)


@pytest.fixture(scope="session")
def docs_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SphinxTestApp]]:
    """The docs built once as HTML in every language, as ``nox -s html`` does, without a PDF
    beside them: the English site, with each other language's site copied into its folder
    (``es/``), so that links between them work. One build per language, by language."""
    outroot = tmp_path_factory.mktemp("docs-html")
    os.environ["HANDOUT_PDF_DIR"] = str(outroot / "no-pdf")
    try:
        sites = {"en": build_docs("html", outroot)}
        for language in LANGUAGES[1:]:
            sites[language] = build_docs(
                "html", outroot / language, confoverrides={"language": language}
            )
            shutil.copytree(sites[language].outdir, Path(sites["en"].outdir, language))
        yield sites
    finally:
        os.environ.pop("HANDOUT_PDF_DIR", None)


@pytest.fixture(scope="session")
def docs_html(docs_sites: dict[str, SphinxTestApp]) -> SphinxTestApp:
    """The English site, with the other languages' sites in its folders (``es/``)."""
    return docs_sites["en"]


def docs_config(language: str = "en", **environ: str) -> Config:
    """docs/ settings as a build in ``language`` has them, with ``environ`` set meanwhile.

    Some settings are derived while the build starts (docs/_ext/handout_language.py), so a
    Sphinx application reads conf.py; the dummy builder reads no page.
    """
    saved = {name: os.environ.get(name) for name in environ}
    os.environ.update(environ)
    try:
        outroot = Path(tempfile.mkdtemp(prefix="docs-config-"))
        app = SphinxTestApp(
            "dummy",
            srcdir=DOCS,
            builddir=outroot,
            confoverrides={"language": language},
            status=StringIO(),
            warning=StringIO(),
        )
        app.cleanup()
        shutil.rmtree(outroot, ignore_errors=True)
        return app.config
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def build_pdf(
    outroot: Path, paper: str, language: str = "en", **kwargs: object
) -> tuple[SphinxTestApp, Path]:
    """The docs in one language on one paper size, as ``nox -s pdf`` builds them: LaTeX
    builder, then latexmk."""
    latexmk_or_skip()
    overrides = {"latex_elements.papersize": paper, "language": language}
    app = build_docs("latex", outroot, confoverrides=overrides, **kwargs)
    (tex,) = sorted(Path(app.outdir).glob("*.tex"))
    return app, run_latexmk(Path(app.outdir), tex.name)


@pytest.fixture(scope="session")
def conf() -> Config:
    """The English build's settings: ``conf["handout_words"]`` has the title, disclaimer and
    crisis lines (docs/conf.py's ``handout_text``)."""
    return docs_config()


@pytest.fixture(scope="session")
def docs_text(docs_html: SphinxTestApp) -> RenderedPages:
    """The built docs' pages, block by block, with each block's file and line."""
    return RenderedPages(docs_html)


@pytest.fixture(scope="session")
def rules_root_text(tmp_path_factory: pytest.TempPathFactory) -> RenderedPages:
    """``roots/test-content-rules``: a page that breaks each content rule once, built once."""
    app = build_app("html", copy_root("content-rules", tmp_path_factory.mktemp("rules")))
    assert app.warning.getvalue() == ""
    return RenderedPages(app)


@pytest.fixture(
    scope="session",
    params=[(language, paper) for language in LANGUAGES for paper in PAPERS],
    ids=lambda combination: "-".join(combination),
)
def docs_pdf(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[SphinxTestApp, Path]:
    """The docs built once per language and paper size through LaTeX and latexmk."""
    language, paper = request.param
    outroot = tmp_path_factory.mktemp(f"docs-latex-{language}-{paper}")
    return build_pdf(outroot, paper, language)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Each translation's share of translated messages, page by page (test_translations.py)."""
    for report in terminalreporter.stats.get("passed", []):
        for name, value in getattr(report, "user_properties", []):
            if name == "translated share":
                shares = ", ".join(f"{page} {share:.0%}" for page, share in value["pages"].items())
                terminalreporter.write_line(f"Translated ({value['language']}): {shares}")

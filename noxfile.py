"""Development tasks: build the site and the PDF handout, preview, test, lint.

Run ``nox -l`` to list the sessions. Every session installs from the pinned
``requirements/constraints.txt`` so that two builds a month apart use the same
versions; ``nox -s lock`` regenerates that file.
"""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
from pathlib import Path
from typing import Any

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.error_on_external_run = True
nox.options.sessions = ["lint", "tests"]

#: The pins are resolved for the oldest supported Python and hold on newer ones.
LOCK_PYTHON = "3.11"
DEPENDENCY_GROUPS = ["docs", "preview", "translations", "tests", "lint"]
ROOT = Path(__file__).parent
DOCS = ROOT / "docs"
BUILD = ROOT / "build"
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"

#: Warnings are errors; keep going to report them all; nitpicky about references.
SPHINX_STRICT = ["-W", "--keep-going", "-n"]

TEX_INSTALL_HINT = (
    "latexmk was not found, so the PDF handout cannot be built.\n"
    "Install TeX Live, then run this again:\n"
    "  Debian/Ubuntu: sudo apt-get install -y latexmk texlive-latex-recommended "
    "texlive-latex-extra texlive-fonts-recommended tex-gyre texlive-lang-spanish\n"
    "  macOS:         brew install --cask mactex-no-gui\n"
    "To build only the HTML site, run: nox -s html"
)


def install(session: nox.Session, *groups: str) -> None:
    """Install the project (editable) plus dependency groups, within the pins."""
    args = ["-c", str(CONSTRAINTS), "-e", "."]
    for group in groups:
        args += ["--group", group]
    session.install(*args)


def source_date_epoch() -> str:
    """Timestamp of the last commit, so that two builds of one commit are identical."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    return out or "0"


def handout_text() -> dict[str, Any]:
    """docs/conf.py's ``handout_text``: its languages (English first), each with its words
    (``papers``: the PDF's paper sizes, the default first)."""
    return runpy.run_path(str(DOCS / "conf.py"))["handout_text"]


def language_dir(root: Path, language: str) -> Path:
    """English at the root of each output; another language in a folder of its own (es/)."""
    return root if language == "en" else root / language


def build_html(session: nox.Session, *extra: str) -> None:
    """The site in every language: English in build/html, Spanish in build/html/es."""
    outdir = BUILD / "html"
    for language in handout_text():
        session.run(
            "sphinx-build",
            "-b",
            "html",
            *SPHINX_STRICT,
            "-D",
            f"language={language}",
            *extra,
            str(DOCS),
            str(language_dir(outdir, language)),
            env={"SOURCE_DATE_EPOCH": source_date_epoch()},
        )
    session.log(f"Site: {outdir / 'index.html'}")


def require_latexmk(session: nox.Session) -> str:
    """Stop before doing anything when TeX Live is missing, saying how to install it."""
    latexmk = shutil.which("latexmk")
    if latexmk is None:
        session.error(TEX_INSTALL_HINT)
    return latexmk


def latex_pdf(session: nox.Session, language: str, paper: str, env: dict[str, str]) -> Path:
    """One language on one paper size: LaTeX builder into ``build/latex/<language>/<paper>``
    (which names its ``.tex``, and so the PDF, after them), then latexmk."""
    latex_dir = BUILD / "latex" / language / paper
    session.run(
        "sphinx-build",
        "-b",
        "latex",
        *SPHINX_STRICT,
        "-D",
        f"language={language}",
        "-D",
        f"latex_elements.papersize={paper}",
        str(DOCS),
        str(latex_dir),
        env=env,
    )
    documents = sorted(latex_dir.glob("*.tex"))
    if len(documents) != 1:
        session.error(f"The LaTeX builder wrote {len(documents)} .tex files into {latex_dir}")
    (tex,) = documents
    with session.chdir(latex_dir):
        session.run(
            require_latexmk(session),
            "-pdf",
            "-dvi-",
            "-ps-",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-file-line-error",
            tex.name,
            env={**env, "LATEXOPTS": "-interaction=nonstopmode -halt-on-error"},
            external=True,
            silent=True,
        )
    return tex.with_suffix(".pdf")


def build_pdf(session: nox.Session) -> list[Path]:
    """Every language on every paper size; the PDFs are copied into build/pdf (English) and
    build/pdf/es (Spanish)."""
    require_latexmk(session)
    # Never leave an old PDF next to a failed build: it would look done.
    shutil.rmtree(BUILD / "pdf", ignore_errors=True)
    env = {"SOURCE_DATE_EPOCH": source_date_epoch(), "FORCE_SOURCE_DATE": "1"}
    text = handout_text()
    pdfs = []
    for language in text:
        pdf_dir = language_dir(BUILD / "pdf", language)
        pdf_dir.mkdir(parents=True, exist_ok=True)
        for paper in text["en"]["papers"]:
            built = latex_pdf(session, language, paper, env)
            pdfs.append(Path(shutil.copy2(built, pdf_dir / built.name)))
            session.log(f"PDF: {pdfs[-1]}")
    return pdfs


@nox.session
def build(session: nox.Session) -> None:
    """Build the PDF handouts (US Letter and A4) and the HTML site (which serves copies)."""
    require_latexmk(session)
    install(session, "docs")
    build_pdf(session)
    build_html(session)


@nox.session
def html(session: nox.Session) -> None:
    """Build only the HTML site (no TeX needed)."""
    install(session, "docs")
    build_html(session, *session.posargs)


@nox.session
def pdf(session: nox.Session) -> None:
    """Build only the PDF handouts (one per paper size) into build/pdf."""
    require_latexmk(session)
    install(session, "docs")
    build_pdf(session)


@nox.session
def preview(session: nox.Session) -> None:
    """Serve the site on http://127.0.0.1:8000 and rebuild it on every save."""
    install(session, "preview")
    session.run(
        "sphinx-autobuild",
        "-b",
        "html",
        "--keep-going",
        "-n",
        "--watch",
        str(ROOT / "extensions"),
        "--port",
        "8000",
        "--host",
        "127.0.0.1",
        *session.posargs,
        str(DOCS),
        str(BUILD / "preview"),
    )


@nox.session
def translations(session: nox.Session) -> None:
    """Bring the translation catalogues up to date with the English pages.

    Extracts every message of the English pages (Sphinx's gettext builder, into
    build/gettext), then updates docs/locale/<language>/LC_MESSAGES/<page>.po with
    sphinx-intl: a new message is added untranslated (the site shows it in English, with a
    notice, until it is translated); a changed one keeps its old translation as a suggestion,
    marked fuzzy, which the tests refuse until a translator checks it and removes the mark.
    CONTRIBUTING ("Translations") explains the round trip.
    """
    install(session, "translations")
    gettext = BUILD / "gettext"
    shutil.rmtree(gettext, ignore_errors=True)
    session.run("sphinx-build", "-b", "gettext", *SPHINX_STRICT, str(DOCS), str(gettext))
    for language in list(handout_text())[1:]:
        session.run(
            "sphinx-intl", "update", "-p", str(gettext), "-l", language, "-d", str(DOCS / "locale")
        )


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check every external link in the pages (needs internet)."""
    install(session, "docs")
    session.run(
        "sphinx-build",
        "-b",
        "linkcheck",
        *SPHINX_STRICT,
        *session.posargs,
        str(DOCS),
        str(BUILD / "linkcheck"),
    )


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (builds HTML and, with TeX Live, the PDF)."""
    install(session, "tests")
    # Tests of one file share their builds, so spread files (not tests) over the CPUs.
    args = session.posargs or ["-n", "auto", "--dist", "loadfile"]
    session.run("pytest", *args, env={"SOURCE_DATE_EPOCH": source_date_epoch()})


@nox.session
def bench(session: nox.Session) -> None:
    """What related_reading costs over plain Sphinx, on two generated trees.

    300 pages listing 8 sources each (held to a CPU-time ratio of 1.10), and 2,000 pages
    in 20 folders that also cite 2 sources each (held to 1.15). Each round builds both
    sides at once on one shared CPU and compares their CPU time. Pass ``-- --check`` to
    fail when a target is missed, ``-- --rounds 15`` for more rounds of the first tree
    (9 by default; ``-- --big-rounds N``, 5 by default, for the second), and
    ``-- --self-check 3`` to first measure plain Sphinx against itself (the method's
    own error). See benchmarks/README.md.
    """
    install(session, "docs")
    session.run("python", str(ROOT / "benchmarks" / "bench.py"), *session.posargs)


# -- Browser checks (issue 7): Lighthouse on every page ----------------------------
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


@nox.session
def audit(session: nox.Session) -> None:
    """Lighthouse (mobile preset) on every page; fails below 0.95/1/1/1 or over 250 kB.

    Builds the site into build/audit/html, serves it on 127.0.0.1 with gzip, and prints
    each page's scores and transferred weight; reports go to build/lighthouse/. Needs
    ``npm ci`` (pinned Lighthouse) and Chromium (``CHROME_PATH``, default /usr/bin/chromium).
    ``nox -s audit -- --runs 3`` takes the median of three runs per page.
    """
    if not LIGHTHOUSE.is_file():
        session.error(f"{LIGHTHOUSE.relative_to(ROOT)} is missing: run `npm ci` first")
    install(session, "docs")
    session.run(
        "python",
        str(ROOT / "tests" / "browser" / "audit.py"),
        *session.posargs,
        env={"CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )


@nox.session
def lint(session: nox.Session) -> None:
    """The pre-commit hooks on every file (ruff, codespell, Markdown, YAML, ...), then mypy.

    .pre-commit-config.yaml is the one definition of "clean": contributors who run
    ``pre-commit install`` get the same checks on each commit.
    """
    install(session, "lint")
    session.run("pre-commit", "run", "--all-files", "--show-diff-on-failure", *session.posargs)
    session.run("mypy")


@nox.session
def lock(session: nox.Session) -> None:
    """Re-resolve requirements/constraints.txt from pyproject.toml.

    Keeps existing pins and adds what is new; ``nox -s lock -- --upgrade`` upgrades every pin.
    """
    session.install("uv")
    groups = [arg for group in DEPENDENCY_GROUPS for arg in ("--group", group)]
    session.run(
        "uv",
        "pip",
        "compile",
        "pyproject.toml",
        *groups,
        "--python-version",
        LOCK_PYTHON,
        "--output-file",
        str(CONSTRAINTS.relative_to(ROOT)),
        *session.posargs,
        external=True,
    )

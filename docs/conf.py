"""Sphinx configuration for the ketamine therapy patient handout (site and PDF)."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent / "_ext"))  # the project's local helpers

from handout_pdf import latex_elements as handout_latex_elements

# -- Project ------------------------------------------------------------------

#: The handout's title: a question, because the evidence does not show that it helps.
#: (The original article was called "How Ketamine Therapy Can Help with Anxiety and PTSD".)
project = "Can Ketamine Therapy Help with Anxiety and PTSD?"
author = "The Ketamine Handout contributors"
copyright = "2026, The Ketamine Handout contributors"
language = "en"

#: File name (without ".pdf") of the printable handout, in ``build/pdf`` and on the site.
handout_name = "ketamine-therapy-anxiety-ptsd"
handout_subtitle = (
    "What ketamine therapy is, what the research shows so far, and what to ask your doctor."
)

# -- Review dates, disclaimer and crisis lines: the one place they are set --------
# Every HTML page and the PDF's first page show these; change them here only.

#: When the contributors last checked every claim against its listed source. This is not a
#: clinical review: no clinician has reviewed the handout yet (docs/about.md says so).
handout_last_reviewed = date(2026, 12, 2)
#: Checked again within 12 months: the facts on this topic changed twice in 2025.
handout_next_review = handout_last_reviewed.replace(year=handout_last_reviewed.year + 1)

handout_disclaimer = (
    "This handout is general information, not medical advice. It does not replace advice "
    "from your own doctor or care team. Do not start, stop or change a treatment without "
    "talking to them."
)

# -- Hosting: where the repository and the published site live -------------------
# THE ONE PLACE a fork changes: its GitHub repository, the branch that "Edit this page"
# opens, and the address of its published site. Everything else (edit and view buttons,
# "report an error" links, the PDF link without a local PDF, sitemap.xml, OpenGraph tags,
# the 404 page) is derived from these. On Read the Docs the site's address comes from
# READTHEDOCS_CANONICAL_URL, which Read the Docs sets; elsewhere the environment variable
# HANDOUT_BASEURL can override it (e.g. for a staging copy).

#: The GitHub repository (no trailing slash).
handout_repository = "https://github.com/ketamine-handout/ketamine-handout"
#: The branch that "Edit this page" and "View source" open.
handout_source_branch = "main"
#: The published site's address, ending in "/" (GitHub Pages by default).
html_baseurl = (
    os.environ.get("READTHEDOCS_CANONICAL_URL")
    or os.environ.get("HANDOUT_BASEURL")
    or "https://ketamine-handout.github.io/ketamine-handout/"
).rstrip("/") + "/"


def _long_date(day: date) -> str:
    """26 November 2026: unambiguous for US and UK readers alike."""
    return f"{day.day} {day:%B %Y}"


#: Crisis lines (from ../shared/content/sources.md), shown on every page and on the first and
#: last pages of the PDF. "short" fits the announcement bar on a phone; "text" is the full line.
handout_crisis_lines = [
    {
        "country": "US",
        "short": "call or text 988, or 911 in an emergency",
        "text": "Call or text 988 (988 Suicide and Crisis Lifeline). "
        "Veterans: dial 988 then press 1, or text 838255. In immediate danger, call 911.",
    },
    {
        "country": "UK",
        "short": "call Samaritans on 116 123, or 999 in an emergency",
        "text": "Call Samaritans free on 116 123, any time, day or night. "
        "In England, for urgent mental health help, call NHS 111 and choose the mental health "
        "option. In an emergency, call 999.",
    },
    {
        "country": "Ireland",
        "short": "call Samaritans on 116 123, or 112 in an emergency",
        "text": "Call Samaritans free on 116 123, any time, day or night. "
        "In an emergency, call 112 or 999.",
    },
]

# -- General ------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "related_reading",  # ours: extensions/related_reading, installed with the project
    "handout_download",  # docs/_ext: the PDF download link on every page
    "handout_pdf",  # docs/_ext: on paper, glossary terms say which page explains them
]

root_doc = "index"
# source-notes.md: contributors' notes on where facts were checked, not a page of the handout.
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "README.md", "source-notes.md"]

# MyST: only the syntax extensions the pages use.
myst_enable_extensions = [
    "attrs_inline",  # {#key} on related-reading links
    "substitution",  # {{ last_reviewed }} and friends, from the values above
]
myst_substitutions = {
    "last_reviewed": _long_date(handout_last_reviewed),
    "next_review": _long_date(handout_next_review),
    "disclaimer": handout_disclaimer,
    "subtitle": handout_subtitle,
    # The crisis lines as a Markdown list, for a page's crisis box: {{ crisis_lines }} on its
    # own line; {{ crisis_lines_short }} gives the short ones, for a box in the middle of a page.
    "crisis_lines": "\n".join(
        f"- **{line['country']}:** {line['text']}" for line in handout_crisis_lines
    ),
    "crisis_lines_short": "\n".join(
        f"- **{line['country']}:** {line['short'][0].upper()}{line['short'][1:]}."
        for line in handout_crisis_lines
    ),
    "report_issue": f"[{handout_repository}/issues]({handout_repository}/issues)",
}
myst_heading_anchors = 3

nitpicky = True

# -- HTML ---------------------------------------------------------------------

html_theme = "furo"
html_title = project
html_static_path = ["_static"]
html_css_files = ["custom.css"]
templates_path = ["_templates"]
html_theme_options = {
    # Crisis lines on every page, above everything else (the full lines are in the footer).
    "announcement": (
        "<strong>In crisis?</strong> "
        + " ".join(
            f'<span class="crisis-line"><strong>{line["country"]}:</strong> {line["short"]}.</span>'
            for line in handout_crisis_lines
        )
    ),
}
# For the templates: the disclaimer and review dates at the foot of every page.
html_context = {
    "handout_disclaimer": handout_disclaimer,
    "handout_crisis_lines": handout_crisis_lines,
    "handout_last_reviewed": _long_date(handout_last_reviewed),
    "handout_next_review": _long_date(handout_next_review),
    "handout_last_reviewed_iso": handout_last_reviewed.isoformat(),
    "handout_next_review_iso": handout_next_review.isoformat(),
}

# The PDF handouts are built first (``nox -s pdf``) into build/pdf; the HTML build copies
# them to the site root, so that the hosted site serves ``<site>/<handout_name>.pdf`` (US
# Letter) and ``<site>/<handout_name>-a4.pdf`` (see handout_papers below).
handout_pdf_dir = os.environ.get(
    "HANDOUT_PDF_DIR", str(Path(__file__).parent.parent / "build" / "pdf")
)
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/handout-download.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}

# -- Browser checks (issue 7): accessibility fixes on top of furo ---------------
# tests/browser checks every page with axe-core, the keyboard, 200% zoom and print.
extensions.append("phone_links")  # docs/_ext: crisis numbers as tap-to-call links
html_css_files.append("handout-a11y.css")  # focus ring, phone-width drawers, print
extensions.append("generated_page_meta")  # docs/_ext: descriptions for genindex and search

# -- LaTeX / PDF --------------------------------------------------------------

latex_engine = "pdflatex"
# Headings, lists and link descriptions in the PDF's structure, for screen readers.
extensions.append("handout_tagging")  # docs/_ext: see handouttagging.sty beside it
#: The PDF's language tag (also in _templates/latex.tex.jinja, which LaTeX reads first).
handout_pdf_language = "en-US"
latex_documents = [
    (root_doc, f"{handout_name}.tex", project, author, "howto"),
]
latex_show_urls = "footnote"  # paper cannot click: print every external URL
latex_show_pagerefs = True  # "see How safe is ketamine therapy? (page 4)"
latex_domain_indices = False
# On paper each page's related reading is printed as its sources' numbers and pages;
# the appendix prints every source in full, once.
related_reading_latex_lists = "numbers"
#: The printable handout in each paper size (LaTeX's paper option: what the site calls it);
#: ``nox -s pdf`` builds them all. The first is the default, and its PDF keeps the plain
#: name (old links keep working); the others are named after their paper ("...-a4.pdf").
#: US Letter first: most sources and rules described are US ones, and a letter page printed
#: on A4 shrinks less (97%) than an A4 page printed on letter (94%).
handout_papers = {
    "letterpaper": "US Letter",
    "a4paper": "A4 (UK, Ireland, most countries)",
}
latex_elements = handout_latex_elements(
    title=project,
    subtitle=handout_subtitle,
    organisation=author,
    last_reviewed=_long_date(handout_last_reviewed),
    next_review=_long_date(handout_next_review),
    disclaimer=handout_disclaimer,
    crisis_lines=handout_crisis_lines,
    keywords=["ketamine", "esketamine", "PTSD", "anxiety", "patient information"],
    language=handout_pdf_language,
    papersize=next(iter(handout_papers)),
)

# -- Hosting: sitemap, OpenGraph, 404 page, favicon, "last updated", edit buttons, link check ---
# The addresses they use are set once, near the top ("Hosting: where the repository ...").

extensions += [
    "sphinx_sitemap",  # sitemap.xml
    "sphinxext.opengraph",  # OpenGraph tags and each page's <meta name="description">
    "notfound.extension",  # 404.html that works at any depth
    "sphinx_last_updated_by_git",  # "Last updated on ..." from each page's last commit
    "hosting",  # ours: docs/_ext/hosting.py (description override, 404 not indexed)
]

html_favicon = "_static/favicon.svg"

# furo's "Edit this page" and "View source" buttons open the page's file on GitHub.
html_theme_options.update(
    {
        "source_repository": f"{handout_repository}/",
        "source_branch": handout_source_branch,
        "source_directory": "docs/",
    }
)

# "Last updated on 26 November 2026" in every page's footer: the date of the last commit
# that changed the page (not the build date). A build outside a git checkout (for example
# from a downloaded zip) shows no date rather than failing; a page not committed yet
# shows none either.
html_last_updated_fmt = "%d %B %Y"
git_last_updated_timezone = "UTC"
suppress_warnings = [
    *globals().get("suppress_warnings", []),
    "git.subprocess_error",  # not a git checkout
    "git.command_not_found",  # git not installed
]

# sitemap.xml: every page, with its last-commit date; not the 404, search or index pages.
sitemap_url_scheme = "{link}"  # no language/version prefix: one English site
sitemap_show_lastmod = True
sitemap_excludes = ["404.html", "search.html", "genindex.html"]

# OpenGraph (link previews) and <meta name="description"> for every page, both taken from
# the page's opening text. A page can set its own description in its front matter:
#   ---
#   myst:
#     html_meta:
#       description: "One or two plain sentences about this page."
#   ---
# and docs/_ext/hosting.py uses the same text for og:description.
ogp_site_url = html_baseurl
ogp_site_name = html_title
ogp_enable_meta_description = True
ogp_description_length = 160  # what search results show
ogp_social_cards = {"enable": False}  # no generated images (would need matplotlib)

# The 404 page: links and assets are absolute ("/<site path>/_static/..."), so it works
# whatever URL the visitor mistyped.
notfound_urls_prefix = urlsplit(html_baseurl).path
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>\n"
        "<p>Sorry, there is no page at this address. It may have moved.</p>\n"
        f'<p><a href="{notfound_urls_prefix}index.html">Go to the start of the handout</a>, '
        "or use the menu or the search box.</p>\n"
    ),
}

# `nox -s linkcheck` (weekly in CI): patient with slow or busy servers, polite to them.
linkcheck_timeout = 30  # seconds per request
linkcheck_retries = 3  # a link is broken only after three failures
linkcheck_workers = 3  # few parallel requests: most links go to a handful of hosts
linkcheck_rate_limit_timeout = 120.0  # obey "429 Too Many Requests" + Retry-After up to 2 min
linkcheck_report_timeouts_as_broken = True  # a dead server is a broken link for a reader
linkcheck_anchors = True
linkcheck_anchors_ignore_for_url = [
    r"https://github\.com/",  # GitHub builds its #anchors with JavaScript
]
# Redirects are reported (every DOI redirects to its publisher) but are not failures.
# Publishers behind bot walls answer automated requests with 403 although the page works
# in a browser; doi.org still has to resolve the DOI (the redirect is followed up to them).
linkcheck_ignore = [
    r"https://(www\.)?jamanetwork\.com/",
    r"https://(www\.)?psychiatryonline\.org/",
    r"https://(www\.)?acpjournals\.org/",
    r"https://(www\.)?science\.org/",
    r"https://(www\.)?tandfonline\.com/",
]

"""Sphinx configuration for the ketamine therapy patient handout (site and PDF).

Top to bottom: the words readers see around the pages (title, crisis lines, disclaimer) in
each language, the dates, where the site lives, then how each output is built.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))  # the project's local helpers

# -- Language -----------------------------------------------------------------
# English is the reference. ``nox -s build`` builds the English site and PDF, then the
# Spanish ones (``-D language=es``) into ``<site>/es/``. A page's text is translated in
# ``docs/locale/<language>/LC_MESSAGES/<page>.po`` (see CONTRIBUTING, "Translations");
# the words around the pages are translated in ``handout_text`` below. This one setting
# gives the build its language: the page's ``lang``, the PDF's language tag and hyphenation.
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False  # one catalogue per page, as translators work

# -- The words around the pages, in each language --------------------------------
# The title, the crisis lines and the disclaimer appear on every HTML page and on the
# PDF's first and last pages; change them here only. A text a language lacks is shown in
# English. docs/_ext/handout_language.py puts them where they appear.
handout_text = {
    "en": {
        "language_name": "English",
        #: A question, because the evidence does not show that ketamine helps. (The original
        #: article was called "How Ketamine Therapy Can Help with Anxiety and PTSD".)
        "title": "Can Ketamine Therapy Help with Anxiety and PTSD?",
        "subtitle": "What ketamine therapy is, what the research shows so far, "
        "and what to ask your doctor.",
        "disclaimer": "This handout is general information, not medical advice. It does not "
        "replace advice from your own doctor or care team. Do not start, stop or change a "
        "treatment without talking to them.",
        #: From ../shared/content/sources.md. "short" fits the crisis bar on a phone.
        "crisis_lines": [
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
                "In England, for urgent mental health help, call NHS 111 and choose the "
                "mental health option. In an emergency, call 999.",
            },
            {
                "country": "Ireland",
                "short": "call Samaritans on 116 123, or 112 in an emergency",
                "text": "Call Samaritans free on 116 123, any time, day or night. "
                "In an emergency, call 112 or 999.",
            },
        ],
        # The words around them.
        "crisis_bar": "In crisis?",
        "crisis_notice": "If you are in crisis:",
        "crisis_box": "If you are in crisis now",
        "not_advice": "This is not medical advice.",
        "last_checked": "Last checked against sources",
        "next_check": "Next check due",
        "date_format": "d MMMM y",  # 2 December 2026: unambiguous in the US and the UK
        "organisation": "The Ketamine Handout contributors",
        "page_of": "Page {page} of {pages}",
        "page": "page",  # "PTSD (Glossary, page 8)"
        "download": "Download the printable handout",
        #: The paper sizes of the PDF (LaTeX's option: what the site calls it); ``nox -s pdf``
        #: builds each. The first is the default and keeps the plain file name (old links keep
        #: working). US Letter first: a letter page printed on A4 shrinks less (97%) than an
        #: A4 page printed on letter (94%).
        "papers": {
            "letterpaper": "US Letter",
            "a4paper": "A4 (UK, Ireland, most countries)",
        },
        "pdf_details": "PDF, {pages} pages, {size} KB",
        "pdf_elsewhere": "PDF, from the published site",
        "or": "or",
        "pdf_language": "en-US",  # the PDF's language tag
        "keywords": ["ketamine", "esketamine", "PTSD", "anxiety", "patient information"],
        "cited_in": "Cited in:",
        "cited_on": "Cited on",
        "sources_for_page": "Sources for this page:",
        "not_found_title": "Page not found",
        "not_found_text": "Sorry, there is no page at this address. It may have moved.",
        "not_found_link": "Go to the start of the handout",
        "not_found_rest": "or use the menu or the search box.",
        "index_description": "An A to Z of the terms explained in “{title}”, each linked to "
        "where the handout explains it.",
        "search_description": "Search the patient handout “{title}”.",
        "untranslated": "",
        # Names that screen readers announce.
        "label_crisis_bar": "Crisis lines",
        "label_notice": "Getting help and about this information",
        "label_menu": "Menu",
        "label_contents": "Contents of this page",
        "label_tools": "Page tools",
        "language_menu": "Language",
    },
    "es": {
        "language_name": "Español",
        "title": "¿Puede la terapia con ketamina ayudar con la ansiedad y el TEPT?",
        "subtitle": "Qué es la terapia con ketamina, qué muestran los estudios hasta ahora "
        "y qué preguntar a su médico.",
        "disclaimer": "Este folleto es información general, no un consejo médico. No "
        "sustituye los consejos de su médico o su equipo de atención. No empiece, deje ni "
        "cambie un tratamiento sin hablar con ellos.",
        #: The 988 Lifeline in Spanish: docs/source-notes.md says where it was checked.
        "crisis_lines": [
            {
                "country": "EE. UU.",
                "short": "llame al 988 y marque 2 para español, o al 911 en una emergencia",
                "text": "Llame o envíe un mensaje de texto al 988 (988 Suicide and Crisis "
                "Lifeline). En español: llame al 988 y marque 2, o envíe AYUDA por mensaje de "
                "texto al 988. Veteranos: marquen el 988 y luego el 1, o envíen un mensaje de "
                "texto al 838255. Si corre peligro inmediato, llame al 911.",
            },
            {
                "country": "Reino Unido",
                "short": "llame a Samaritans al 116 123, o al 999 en una emergencia",
                "text": "Llame gratis a Samaritans al 116 123, a cualquier hora del día o de "
                "la noche. En Inglaterra, para ayuda urgente de salud mental, llame al NHS 111 "
                "y elija la opción de salud mental. En una emergencia, llame al 999.",
            },
            {
                "country": "Irlanda",
                "short": "llame a Samaritans al 116 123, o al 112 en una emergencia",
                "text": "Llame gratis a Samaritans al 116 123, a cualquier hora del día o de "
                "la noche. En una emergencia, llame al 112 o al 999.",
            },
        ],
        "crisis_bar": "¿Está en crisis?",
        "crisis_notice": "Si está en crisis:",
        "crisis_box": "Si está en crisis ahora",
        "not_advice": "Esto no es un consejo médico.",
        "last_checked": "Última comprobación con las fuentes",
        "next_check": "Próxima comprobación",
        "date_format": "d 'de' MMMM 'de' y",  # 2 de diciembre de 2026
        "page_of": "Página {page} de {pages}",
        "page": "página",
        "download": "Descargue el folleto para imprimir",
        "papers": {
            "letterpaper": "Carta (EE. UU.)",
            "a4paper": "A4 (la mayoría de los países)",
        },
        "pdf_details": "PDF, {pages} páginas, {size} KB",
        "pdf_elsewhere": "PDF, del sitio publicado",
        "or": "o",
        "pdf_language": "es-US",
        "keywords": ["ketamina", "esketamina", "TEPT", "ansiedad", "información para pacientes"],
        "cited_in": "Citado en:",
        "cited_on": "Citado en la",
        "sources_for_page": "Fuentes de esta página:",
        "not_found_title": "No se encontró la página",
        "not_found_text": "Lo sentimos, no hay ninguna página en esta dirección. "
        "Puede que se haya movido.",
        "not_found_link": "Vaya al inicio del folleto",
        "not_found_rest": "o use el menú o el buscador.",
        "index_description": "Los términos que explica «{title}», de la A a la Z, cada uno "
        "con un enlace a donde el folleto lo explica.",
        "search_description": "Busque en el folleto para pacientes «{title}».",
        #: Shown on a page with text not yet translated (that text is in English).
        "untranslated": "Parte de esta página aún no está traducida y se muestra en inglés.",
        #: On the About page: what this translation is, and which English text it follows.
        "translated_from": date(2026, 12, 2),
        "translation_note": {
            "title": "Sobre esta traducción",
            "paragraphs": [
                "Este folleto es una traducción de la versión en inglés del {date}. "
                "Las fuentes están en su idioma original, casi siempre en inglés.",
                "Lo tradujeron las personas que colaboran en el folleto. Unas pruebas "
                "automáticas comprueban que cada página en español conserva todas las citas, "
                "los enlaces y las fuentes de la versión en inglés. Todavía no lo ha revisado "
                "un traductor profesional.",  # codespell:ignore profesional
                "Si las dos versiones no dicen lo mismo, la versión en inglés es la que vale.",
                "Si encuentra un error de traducción, díganoslo: abra un aviso (issue) en "
                "{issues} y diga qué página y qué frase están mal.",
            ],
        },
        "label_crisis_bar": "Líneas de crisis",
        "label_notice": "Cómo pedir ayuda y sobre esta información",
        "label_menu": "Menú",
        "label_contents": "Contenido de esta página",
        "label_tools": "Herramientas de la página",
        "language_menu": "Idioma",
    },
}

# -- Dates: when the handout was last checked ---------------------------------------
#: When the contributors last checked every claim against its listed source. This is not a
#: clinical review: no clinician has reviewed the handout yet (docs/about.md says so).
handout_last_reviewed = date(2026, 12, 2)
#: Checked again within 12 months: the facts on this topic changed twice in 2025.
handout_next_review = handout_last_reviewed.replace(year=handout_last_reviewed.year + 1)

# -- Hosting: where the repository and the published site live -------------------
# THE ONE PLACE a fork changes: its GitHub repository, the branch that "Edit this page"
# opens, and the address of its published site. Everything else (edit and view buttons,
# "report an error" links, the PDF link without a local PDF, sitemap.xml, OpenGraph tags,
# the 404 page, the Spanish site at ``<site>/es/``) is derived from these. On Read the Docs
# the site's address comes from READTHEDOCS_CANONICAL_URL, which Read the Docs sets;
# elsewhere the environment variable HANDOUT_BASEURL can override it (e.g. for a staging copy).

#: The GitHub repository (no trailing slash).
handout_repository = "https://github.com/ketamine-handout/ketamine-handout"
#: The branch that "Edit this page" and "View source" open.
handout_source_branch = "main"
#: The published (English) site's address, ending in "/" (GitHub Pages by default).
html_baseurl = (
    os.environ.get("READTHEDOCS_CANONICAL_URL")
    or os.environ.get("HANDOUT_BASEURL")
    or "https://ketamine-handout.github.io/ketamine-handout/"
).rstrip("/") + "/"

# -- General ------------------------------------------------------------------

project = handout_text["en"]["title"]  # each build's language sets its own
author = handout_text["en"]["organisation"]
copyright = "2026, The Ketamine Handout contributors"
root_doc = "index"
# source-notes.md: contributors' notes on where facts were checked, not a page of the handout.
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "README.md", "source-notes.md"]
nitpicky = True

extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "related_reading",  # ours: extensions/related_reading, installed with the project
    # docs/_ext, the project's own helpers:
    "handout_language",  # the words above, in the build's language; the language switcher
    "handout_download",  # the PDF download links on every page
    "handout_pdf",  # the PDF's title block; on paper, glossary terms give their page
    "handout_tagging",  # headings, lists and links in the PDF's structure, for screen readers
    "phone_links",  # crisis numbers as tap-to-call links
    "generated_page_meta",  # descriptions for the index and search pages
    "hosting",  # descriptions, the 404 page
    # Hosting, from PyPI:
    "sphinx_sitemap",  # sitemap.xml
    "sphinxext.opengraph",  # OpenGraph tags and each page's <meta name="description">
    "notfound.extension",  # 404.html that works at any depth
    "sphinx_last_updated_by_git",  # "Last updated on ..." from each page's last commit
]

# MyST: only the syntax extensions the pages use.
myst_enable_extensions = [
    "attrs_inline",  # {#key} on related-reading links; [advice]{.advice} spans
    "substitution",  # {{ last_reviewed }}, {{ next_review }}, {{ report_issue }}
]
myst_heading_anchors = 3

# -- HTML ---------------------------------------------------------------------

html_theme = "furo"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = [
    "custom.css",
    "handout-a11y.css",  # focus ring, phone-width drawers, print (tests/browser checks them)
]
html_favicon = "_static/favicon.svg"
html_theme_options = {
    # furo's "Edit this page" and "View source" buttons open the page's file on GitHub.
    # (The crisis bar, "announcement", comes from the crisis lines above.)
    "source_repository": f"{handout_repository}/",
    "source_branch": handout_source_branch,
    "source_directory": "docs/",
}
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/language.html",
        "sidebar/search.html",
        "sidebar/handout-download.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
# The PDF handouts are built first (``nox -s pdf``) into build/pdf (build/pdf/es for
# Spanish); the HTML build copies them into the site, which serves
# ``<site>/<handout_name>.pdf`` (US Letter) and ``<site>/<handout_name>-a4.pdf``.
handout_name = "ketamine-therapy-anxiety-ptsd"
handout_pdf_dir = os.environ.get(
    "HANDOUT_PDF_DIR", str(Path(__file__).parent.parent / "build" / "pdf")
)

# "Last updated on 2 December 2026" in every page's footer: the date of the last commit
# that changed the page (not the build date). A build outside a git checkout (for example
# from a downloaded zip) shows no date rather than failing; a page not committed yet
# shows none either.
html_last_updated_fmt = "%d %B %Y"
git_last_updated_timezone = "UTC"
suppress_warnings = [
    "git.subprocess_error",  # not a git checkout
    "git.command_not_found",  # git not installed
]

# -- LaTeX / PDF --------------------------------------------------------------

latex_engine = "pdflatex"
latex_documents = [
    (root_doc, f"{handout_name}.tex", project, author, "howto"),
]
latex_elements = {"papersize": "letterpaper"}  # the rest: docs/_ext/handout_pdf.py
latex_show_urls = "footnote"  # paper cannot click: print every external URL
latex_show_pagerefs = True  # "see How safe is ketamine therapy? (page 4)"
latex_domain_indices = False
# On paper each page's related reading is printed as its sources' numbers and pages;
# the appendix prints every source in full, once.
related_reading_latex_lists = "numbers"

# -- Hosting: sitemap, OpenGraph, 404 page, link check ----------------------------
# The addresses they use are set once, near the top ("Hosting: where the repository ...").

# sitemap.xml: every page in both languages, with its last-commit date; not the 404,
# search or index pages.
sitemap_url_scheme = "{link}"  # docs/_ext/handout_language.py adds the other languages
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
ogp_enable_meta_description = True
ogp_description_length = 160  # what search results show
ogp_social_cards = {"enable": False}  # no generated images (would need matplotlib)

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

"""LaTeX for the printed handout: a compact title block and page furniture.

Kept out of conf.py so that conf.py stays a list of settings. Everything printed
here comes from the values conf.py sets once (title, dates, disclaimer, crisis lines), in
the build's language (docs/_ext/handout_language.py passes them).

It is also a small Sphinx extension (``extensions += ["handout_pdf"]``): with
``latex_show_pagerefs``, glossary terms used in the text print where they are explained
after them on paper, "PTSD (Glossary, page 6)", as Sphinx does for other internal links.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util.texescape import escape

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.latex import LaTeXTranslator

__all__ = ["latex_elements", "setup"]

#: Colours of the crisis box: dark red on a pale red, 7:1 contrast for the text.
_COLOURS = r"""
\definecolor{handoutcrisisborder}{HTML}{B3261E}
\definecolor{handoutcrisisback}{HTML}{FDECEA}
\definecolor{handoutnoteborder}{HTML}{5F6368}
\definecolor{handoutnoteback}{HTML}{F1F3F4}
"""


#: Characters that pdfLaTeX's UTF-8 input (TeX Live 2022) does not know, declared so that a
#: page using one still builds instead of stopping with "Unicode character ... not set up
#: for use with LaTeX". The kernel already covers the dashes, curly quotes, "›", "…", the
#: non-breaking hyphen and the no-break space (tests/test_pdf_handout.py checks all of them).
_UNICODE = r"""
\ifdefined\DeclareUnicodeCharacter
  \DeclareUnicodeCharacter{2007}{\hphantom{0}}% figure space
  \DeclareUnicodeCharacter{2009}{\,}% thin space
  \DeclareUnicodeCharacter{202F}{\nobreak\,}% narrow no-break space
  \DeclareUnicodeCharacter{200B}{\hspace{0pt}}% zero-width space: a possible line break
  \DeclareUnicodeCharacter{200D}{}% zero-width joiner
  \DeclareUnicodeCharacter{2060}{\nobreak}% word joiner
  \DeclareUnicodeCharacter{00B5}{\textmu}% micro sign
  \DeclareUnicodeCharacter{03BC}{\textmu}% Greek mu, as in "μg"
  \DeclareUnicodeCharacter{2032}{\ensuremath{\prime}}
  \DeclareUnicodeCharacter{2033}{\ensuremath{\prime\prime}}
  \DeclareUnicodeCharacter{2212}{\textminus}
  \DeclareUnicodeCharacter{2248}{\ensuremath{\approx}}
  \DeclareUnicodeCharacter{2260}{\ensuremath{\neq}}
  \DeclareUnicodeCharacter{2264}{\ensuremath{\leq}}
  \DeclareUnicodeCharacter{2265}{\ensuremath{\geq}}
  \DeclareUnicodeCharacter{2190}{\ensuremath{\leftarrow}}
  \DeclareUnicodeCharacter{2194}{\ensuremath{\leftrightarrow}}
  \DeclareUnicodeCharacter{2610}{\ensuremath{\square}}% ballot box, for checklists
\fi
% Copy and paste (and text extraction) give the right characters for symbols too.
\ifdefined\pdfgentounicode\input{glyphtounicode}\pdfgentounicode=1\fi
"""


def _box(border: str, background: str, body: str) -> str:
    # In a tagged PDF the box's text belongs to the paragraph around the box: without
    # \tagpdfparaOff, tagpdf opens a paragraph inside a paragraph (invalid structure,
    # and 8 tagpdf warnings in the log).
    return (
        rf"\noindent\fcolorbox{{{border}}}{{{background}}}{{\parbox"
        r"{\dimexpr\linewidth-2\fboxsep-2\fboxrule\relax}"
        r"{\ifdefined\tagpdfparaOff\tagpdfparaOff\fi\raggedright " + body + "}}\n"
    )


def _notices(words: dict[str, Any], last_reviewed: str, next_review: str) -> list[str]:
    """The crisis box, the disclaimer and the dates: they open and close the handout."""
    crisis = r"\\[2pt]".join(
        rf"\textbf{{{escape(line['country'])}:}} {escape(line['text'])}"
        for line in words["crisis_lines"]
    )
    return [
        _box(
            "handoutcrisisborder",
            "handoutcrisisback",
            rf"\textbf{{{escape(words['crisis_box'])}}}\\[3pt]" + crisis,
        ),
        r"\vspace{5pt}",
        _box(
            "handoutnoteborder",
            "handoutnoteback",
            rf"\textbf{{{escape(words['not_advice'])}}} " + escape(words["disclaimer"]),
        ),
        r"\vspace{5pt}",
        rf"\noindent{{\small {escape(words['last_checked'])}: {escape(last_reviewed)}\quad"
        rf" {escape(words['next_check'])}: {escape(next_review)}\par}}",
    ]


def _title_block(words: dict[str, Any], *dates: str) -> str:
    lines = [
        r"\begingroup\sffamily\setlength{\parskip}{0pt}",
        r"\ifdefined\HandoutHeading\HandoutHeading{1}\fi",  # the title is H1 (handout_tagging)
        rf"\noindent{{\LARGE\bfseries\raggedright {escape(words['title'])}\par}}",
        r"\vspace{3pt}",
        rf"\noindent{{\large\raggedright {escape(words['subtitle'])}\par}}",
        r"\vspace{3pt}",
        rf"\noindent{{\small {escape(words['organisation'])}\par}}",
        r"\vspace{8pt}",
        *_notices(words, *dates),
        r"\par\endgroup\vspace{6pt}",
    ]
    return "\n".join(lines) + "\n"


def _closing_block(words: dict[str, Any], *dates: str) -> str:
    """Someone holding only the last sheet still has the crisis lines and the dates."""
    lines = [
        r"\par\vspace{12pt}\begingroup\sffamily\setlength{\parskip}{0pt}",
        *_notices(words, *dates),
        r"\par\endgroup",
    ]
    return "\n".join(lines) + "\n"


def _reproducible_dates() -> str:
    """With SOURCE_DATE_EPOCH (nox sets it from the last commit), every date and
    identifier in the PDF comes from it, so two builds of one commit are identical.
    (pdfTeX honours the variable itself, but LaTeX's PDF management layer, which the
    tagged PDF needs, stamps its own dates and identifiers.)"""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return ""
    stamp = datetime.fromtimestamp(int(epoch), tz=UTC).strftime("D:%Y%m%d%H%M%SZ")
    digest = hashlib.md5(epoch.encode(), usedforsecurity=False).hexdigest().upper()
    instance = uuid.UUID(hex=digest, version=4)
    return rf"""
\pdftrailerid{{{digest}}}
\AddToDocumentProperties[document]{{pdfcreationdate}}{{{stamp}}}
\AddToDocumentProperties[document]{{pdfmoddate}}{{{stamp}}}
\AddToDocumentProperties[hyperref]{{pdfmetadate}}{{{stamp}}}
\AddToDocumentProperties[hyperref]{{pdfdate}}{{{stamp}}}
\AddToDocumentProperties[hyperref]{{pdfinstanceid}}{{uuid:{instance}}}
"""


def latex_elements(
    *, words: dict[str, Any], last_reviewed: str, next_review: str
) -> dict[str, str]:
    """Sphinx's ``latex_elements`` for the handout, in the words of the build's language
    (conf.py's ``handout_text``; docs/_ext/handout_language.py passes them)."""
    title = escape(words["title"])
    page_of = (
        escape(words["page_of"].replace("{page}", "\0").replace("{pages}", "\1"))
        .replace("\0", r"{\thepage}")
        .replace("\1", r"\pageref*{LastPage}")
    )
    return {
        "pointsize": "10pt",
        # TeX Gyre Heros (a Helvetica-like sans serif) for everything: clear on paper,
        # hinted Type 1 fonts that pdfTeX embeds.
        "fontpkg": r"\usepackage{tgheros}\renewcommand{\familydefault}{\sfdefault}"
        r"\renewcommand{\ttdefault}{txtt}",
        "passoptionstopackages": (
            r"\PassOptionsToPackage{"
            # Double braces: the XMP metadata would split a title or subject at its commas.
            rf"pdftitle={{{{{title}}}}},"
            rf"pdfauthor={{{escape(words['organisation'])}}},"
            rf"pdflang={{{words['pdf_language']}}},"
            rf"pdfsubject={{{{{escape(words['subtitle'])}}}}},"
            rf"pdfkeywords={{{escape(', '.join(words['keywords']))}}}"
            r"}{hyperref}"
            # A heading in the last lines of a page moves to the next page with its text.
            "\n"
            r"\PassOptionsToPackage{nobottomtitles*}{titlesec}"
        ),
        "sphinxsetup": "hmargin={0.75in,0.75in}, vmargin={0.7in,0.75in}, marginpar=0in",
        "preamble": _COLOURS
        + _reproducible_dates()
        + r"""
\usepackage{lastpage}
\usepackage{multicol}% the glossary, in two columns
% Spanish babel marks list items with a drawn square, which a screen reader cannot read
% as the item's label; the bullet character (as in English) it can.
\ifdefined\spanishsignitems\spanishsignitems\fi
% A page's ``{container} small-print`` (the list of sources) is set a size smaller on paper.
\newenvironment{sphinxclasssmall-print}{\small}{\par}
% A crisis note inside a page (see _unbox_crisis_notes): its title bold, in the crisis colour.
\newenvironment{sphinxclasscrisis}{\par\medskip}{\par\medskip}
\expandafter\def\csname DUrolecrisistitle\endcsname#1{%
  \textbf{\textcolor{handoutcrisisborder}{#1}}}
\usepackage{xurl}% long URLs may break anywhere rather than run into the margin
\makeatletter
\fancypagestyle{normal}{%
  \fancyhf{}%
  \fancyfoot[L]{\footnotesize\sffamily """
        + title
        + r"""}%
  \fancyfoot[R]{\footnotesize\sffamily """
        + page_of
        + r"""}%
  \renewcommand{\headrulewidth}{0pt}%
  \renewcommand{\footrulewidth}{0.4pt}%
}
\fancypagestyle{plain}{\pagestyle{normal}}
% Sections are not numbered: a handout, not a manual.
\setcounter{secnumdepth}{0}
% Less space around headings than titlesec's defaults (3.5ex and 3.25ex above): a handout
% of short sections, which would otherwise spend a page on gaps.
\titlespacing*{\section}{0pt}{2.5ex plus 1ex minus .2ex}{1.2ex plus .2ex}
\titlespacing*{\subsection}{0pt}{2.2ex plus 1ex minus .2ex}{0.8ex plus .2ex}
% No heading alone at a page bottom (titlesec's nobottomtitles*, see above): it needs
% room for a few lines of its text below it; no single line of a paragraph left behind.
\renewcommand{\bottomtitlespace}{5\baselineskip}
\widowpenalty=10000
\clubpenalty=10000
\makeatother
"""
        + _UNICODE,
        "maketitle": _title_block(words, last_reviewed, next_review),
        "atendofbody": _closing_block(words, last_reviewed, next_review),
        "tableofcontents": "",
        "printindex": "",
        "releasename": "",
        "extraclassoptions": "oneside",
    }


# -- The extension -------------------------------------------------------------------


class handout_pageref(nodes.Inline, nodes.Element):  # noqa: N801  (docutils naming)
    """Prints " (Glossary, page 6)" after a term on paper: where the term is explained."""


def _visit_pageref_latex(self: LaTeXTranslator, node: handout_pageref) -> None:
    where, page = self.encode(node["where"]), self.encode(self.config.handout_words["page"])
    self.body.append(rf"~({where}, {page}~\pageref*{{{self.idescape(node['label'])}}})")
    raise nodes.SkipNode


def _add_term_pages(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """After each link to a glossary term, its page (LaTeX only: on screen it is a link)."""
    if app.builder.format != "latex" or not app.config.latex_show_pagerefs:
        return
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        first = ref.children[0] if ref.children else None
        is_term = isinstance(first, nodes.Element) and "std-term" in first["classes"]
        if is_term and uri.startswith("%") and "#" in uri:
            docname, _, anchor = uri[1:].partition("#")
            title = app.env.titles.get(docname)
            pageref = handout_pageref(
                label=f"{docname}:{anchor}",
                where=title.astext() if title is not None else docname,
            )
            ref.parent.insert(ref.parent.index(ref) + 1, pageref)


def _unbox_crisis_notes(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """On paper, a crisis box inside a page becomes its title, in dark red, and its lines.

    A framed admonition puts the box's paragraphs inside the paragraph that holds the frame,
    which a tagged PDF cannot express (a P inside a P); unboxed, it reads as a heading-like
    line and a list, in order. (The title page's and last page's boxes are drawn by
    ``_box``, whose text is one paragraph.)
    """
    if app.builder.format != "latex":
        return
    for note in list(doctree.findall(nodes.admonition)):
        if "crisis" not in note["classes"]:
            continue
        title, *body = note.children
        heading = nodes.paragraph("", "", nodes.inline("", title.astext(), classes=["crisistitle"]))
        note.replace_self(nodes.container("", heading, *body, classes=["crisis"]))


def _visit_glossary_latex(self: LaTeXTranslator, _node: nodes.Element) -> None:
    # Short terms and definitions: two columns on paper save most of a page.
    self.body.append("\n\\begin{multicols}{2}\\raggedright\n")


def _depart_glossary_latex(self: LaTeXTranslator, _node: nodes.Element) -> None:
    self.body.append("\n\\end{multicols}\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(handout_pageref, latex=(_visit_pageref_latex, None))
    app.add_node(
        addnodes.glossary, override=True, latex=(_visit_glossary_latex, _depart_glossary_latex)
    )
    app.connect("doctree-resolved", _add_term_pages)
    app.connect("doctree-resolved", _unbox_crisis_notes)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

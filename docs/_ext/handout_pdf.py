"""LaTeX for the printed handout: a compact title block and page furniture.

Kept out of conf.py so that conf.py stays a list of settings. Everything printed
here comes from the values conf.py sets once (title, dates, disclaimer, crisis lines).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, datetime

from sphinx.util.texescape import escape

__all__ = ["latex_elements"]

#: Colours of the crisis box: dark red on a pale red, 7:1 contrast for the text.
_COLOURS = r"""
\definecolor{handoutcrisisborder}{HTML}{B3261E}
\definecolor{handoutcrisisback}{HTML}{FDECEA}
\definecolor{handoutnoteborder}{HTML}{5F6368}
\definecolor{handoutnoteback}{HTML}{F1F3F4}
"""


def _box(border: str, background: str, body: str) -> str:
    return (
        rf"\noindent\fcolorbox{{{border}}}{{{background}}}{{\parbox"
        r"{\dimexpr\linewidth-2\fboxsep-2\fboxrule\relax}{\raggedright " + body + "}}\n"
    )


def _title_block(
    *,
    title: str,
    subtitle: str,
    organisation: str,
    last_reviewed: str,
    next_review: str,
    disclaimer: str,
    crisis_lines: list[dict[str, str]],
) -> str:
    crisis = r"\\[2pt]".join(
        rf"\textbf{{{escape(line['country'])}:}} {escape(line['text'])}" for line in crisis_lines
    )
    lines = [
        r"\begingroup\sffamily\setlength{\parskip}{0pt}",
        rf"\noindent{{\LARGE\bfseries\raggedright {escape(title)}\par}}",
        r"\vspace{3pt}",
        rf"\noindent{{\large\raggedright {escape(subtitle)}\par}}",
        r"\vspace{5pt}",
        rf"\noindent{{\small {escape(organisation)}\hfill"
        rf" Last reviewed: {escape(last_reviewed)}\quad"
        rf" Next review due: {escape(next_review)}\par}}",
        r"\vspace{8pt}",
        _box(
            "handoutcrisisborder",
            "handoutcrisisback",
            r"\textbf{If you are in crisis now}\\[3pt]" + crisis,
        ),
        r"\vspace{5pt}",
        _box(
            "handoutnoteborder",
            "handoutnoteback",
            r"\textbf{This is not medical advice.} " + escape(disclaimer),
        ),
        r"\par\endgroup\vspace{6pt}",
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
    *,
    title: str,
    subtitle: str,
    organisation: str,
    last_reviewed: str,
    next_review: str,
    disclaimer: str,
    crisis_lines: list[dict[str, str]],
    keywords: list[str],
    language: str,
    papersize: str = "letterpaper",
) -> dict[str, str]:
    """Sphinx's ``latex_elements`` for the handout."""
    footer_title = escape(title)
    return {
        "papersize": papersize,
        "pointsize": "10pt",
        # TeX Gyre Heros (a Helvetica-like sans serif) for everything: clear on paper,
        # hinted Type 1 fonts that pdfTeX embeds.
        "fontpkg": r"\usepackage{tgheros}\renewcommand{\familydefault}{\sfdefault}"
        r"\renewcommand{\ttdefault}{txtt}",
        "passoptionstopackages": (
            r"\PassOptionsToPackage{"
            rf"pdftitle={{{escape(title)}}},"
            rf"pdfauthor={{{escape(organisation)}}},"
            rf"pdflang={{{language}}},"
            rf"pdfsubject={{{escape(subtitle)}}},"
            rf"pdfkeywords={{{escape(', '.join(keywords))}}}"
            r"}{hyperref}"
        ),
        "sphinxsetup": "hmargin={0.75in,0.75in}, vmargin={0.7in,0.75in}, marginpar=0in",
        "preamble": _COLOURS
        + _reproducible_dates()
        + r"""
\usepackage{lastpage}
\usepackage{xurl}% long URLs may break anywhere rather than run into the margin
\makeatletter
\fancypagestyle{normal}{%
  \fancyhf{}%
  \fancyfoot[L]{\footnotesize\sffamily """
        + footer_title
        + r"""}%
  \fancyfoot[R]{\footnotesize\sffamily Page \thepage\ of \pageref*{LastPage}}%
  \renewcommand{\headrulewidth}{0pt}%
  \renewcommand{\footrulewidth}{0.4pt}%
}
\fancypagestyle{plain}{\pagestyle{normal}}
% Sections are not numbered: a handout, not a manual.
\setcounter{secnumdepth}{0}
% Keep a heading with the text after it (no heading alone at a page bottom).
\renewcommand{\sphinxstylestrong}[1]{\textbf{#1}}
\widowpenalty=10000
\clubpenalty=10000
\makeatother
""",
        "maketitle": _title_block(
            title=title,
            subtitle=subtitle,
            organisation=organisation,
            last_reviewed=last_reviewed,
            next_review=next_review,
            disclaimer=disclaimer,
            crisis_lines=crisis_lines,
        ),
        "tableofcontents": "",
        "printindex": "",
        "releasename": "",
        "extraclassoptions": "oneside",
    }

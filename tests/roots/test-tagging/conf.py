# Headings, lists and links nested every way Sphinx writes them, tagged as the handout is.
# tests/test_pdf_tagging.py puts docs/_ext on the path and docs/_templates (the tagged
# PDF's \DocumentMetadata) in templates_path.
extensions = ["handout_tagging"]
exclude_patterns = ["_build"]
latex_documents = [("index", "tagging.tex", "Tagging", "Tests", "howto")]
# As in the handout: a title of its own (H1), unnumbered headings, no table of contents,
# no index.
latex_elements = {
    "passoptionstopackages": r"\PassOptionsToPackage{pdftitle={Tagging}}{hyperref}",
    "preamble": r"\setcounter{secnumdepth}{0}",
    "maketitle": r"\HandoutHeading{1}\noindent{\Large\bfseries Tagging\par}",
    "tableofcontents": "",
    "printindex": "",
}
project = "Tagging"
author = "Tests"
copyright = "2026, Tests"
version = release = "1.0"

extensions = ["myst_parser", "related_reading"]
myst_enable_extensions = ["attrs_inline", "colon_fence"]
exclude_patterns = ["_build"]
latex_documents = [
    ("index", "titles.tex", "Titles", "Tests", "howto"),
    ("index", "titles-manual.tex", "Titles", "Tests", "manual"),
]

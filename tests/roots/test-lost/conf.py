extensions = ["myst_parser", "related_reading"]
myst_enable_extensions = ["attrs_inline"]
exclude_patterns = ["_build", "part.md"]
latex_documents = [("index", "lost.tex", "Lost", "Tests", "howto")]

extensions = ["myst_parser", "related_reading"]
myst_enable_extensions = ["attrs_inline"]
exclude_patterns = ["_build"]
latex_documents = [("index", "special.tex", "Special", "Tests", "howto")]

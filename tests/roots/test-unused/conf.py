extensions = ["myst_parser", "related_reading"]
exclude_patterns = ["_build"]
latex_documents = [("index", "unused.tex", "Unused", "Tests", "howto")]

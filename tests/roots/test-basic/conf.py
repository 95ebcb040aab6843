extensions = ["myst_parser", "related_reading"]
myst_enable_extensions = ["attrs_inline"]
exclude_patterns = ["_build"]
latex_documents = [("index", "basic.tex", "Basic", "Tests", "howto")]
project = "Basic"
author = "Tests"
copyright = "2026, Tests"
version = release = "1.0"

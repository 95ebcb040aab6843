# A page that breaks each content rule once (tests/test_content_*.py), beside text that keeps them.
extensions = ["myst_parser", "related_reading"]
myst_enable_extensions = ["attrs_inline"]
exclude_patterns = ["_build"]
project = "Content rules"
author = "Tests"
copyright = "2026, Tests"

# No appendix page, and MyST's attrs_inline left off.
extensions = ["myst_parser", "related_reading"]
exclude_patterns = ["_build"]

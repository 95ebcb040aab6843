extensions = ["myst_parser", "related_reading"]
myst_enable_extensions = ["attrs_inline"]
exclude_patterns = ["_build"]
locale_dirs = ["locales"]
gettext_compact = False

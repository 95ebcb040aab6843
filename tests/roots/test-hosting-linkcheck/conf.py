# The handout's own linkcheck_* settings are added by the test (from docs/conf.py).
extensions = ["myst_parser"]
exclude_patterns = ["_build"]

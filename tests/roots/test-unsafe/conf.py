extensions = ["related_reading"]
exclude_patterns = ["_build"]

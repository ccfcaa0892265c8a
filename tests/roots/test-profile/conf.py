extensions = ["myst_parser", "academic_site"]
exclude_patterns = ["_build"]

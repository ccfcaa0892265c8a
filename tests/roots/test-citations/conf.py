extensions = ["myst_parser", "academic_site"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "attrs_block"]

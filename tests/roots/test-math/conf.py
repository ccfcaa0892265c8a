"""A page with math, as the owner may write it: MyST's $…$ and {math}, a
numbered block, and a formula that tries to link to javascript:."""

extensions = ["myst_parser", "academic_site"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
myst_enable_extensions = ["dollarmath", "amsmath"]

extensions = ["myst_parser", "academic_site"]
source_suffix = {".md": "markdown"}
html_theme = "furo"

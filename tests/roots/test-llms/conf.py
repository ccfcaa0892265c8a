"""A small site for academic_site.outputs.llms: a profile, two pages, a .bib."""

extensions = ["myst_parser", "sphinxcontrib.bibtex", "academic_site"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
project = "Ada Lovelace"
html_baseurl = "https://ada.example.org/"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "homepage"
homepage_owner_names = ["Lovelace, Ada"]
homepage_editions = {"en": "", "fr": "fr/"}

extensions = ["myst_parser", "sphinxcontrib.bibtex", "academic_site"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
bibtex_bibfiles = ["papers.bib"]
bibtex_default_style = "homepage"
homepage_owner_names = ["Huang, Yuxiang"]

extensions = ["myst_parser", "sphinxcontrib.bibtex", "academic_site"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "homepage"
# The owner's name as a Russian colleague's JabRef library writes it.
homepage_owner_names = ["Хуанг, Юйсян", "Huang, Yuxiang"]

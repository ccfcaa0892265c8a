"""A small site with a CV, its PDF and a Chinese edition (academic_site.sources.cv)."""

extensions = ["myst_parser", "sphinxcontrib.bibtex", "academic_site"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_baseurl = "https://ada.example.org/"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "homepage"
homepage_owner_names = ["Lovelace, Ada"]
homepage_editions = {"en": "", "zh_CN": "zh/"}
locale_dirs = ["locales/"]
gettext_compact = False
homepage_feed_file = ""  # no news in this root

# A small site with every output that shows data: the profile card, news,
# citation figures, publications with their pages, JSON-LD, OpenGraph, the feed.
extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "academic_site",
    "sphinxext.opengraph",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
project = "Ada Lovelace"
html_theme = "furo"
html_static_path = ["_static"]
html_baseurl = "https://ada.example.org/"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "homepage"
homepage_owner_names = ["Lovelace, Ada"]
ogp_social_cards = {"enable": False}
ogp_image = "_static/card.png"
ogp_enable_meta_description = False

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "academic_site",
    "sphinxext.opengraph",
    "sphinx_sitemap",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
project = "Ada Lovelace"
html_theme = "furo"
html_baseurl = "https://ada.example.org/"
html_static_path = ["_static"]
html_css_files = ["site.css"]
ogp_social_cards = {"enable": False}
ogp_image = "_static/card.png"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "homepage"
homepage_owner_names = ["Lovelace, Ada"]
sitemap_url_scheme = "{link}"  # one edition, as the site

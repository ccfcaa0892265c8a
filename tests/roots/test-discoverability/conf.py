extensions = [
    "myst_parser",
    "academic_site",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
]
exclude_patterns = ["_build"]
project = "Ada Lovelace"
html_baseurl = "https://ada.example.org/"
homepage_require_descriptions = True
sitemap_url_scheme = "{link}"
sitemap_locales = [None]
ogp_social_cards = {"enable": False}
myst_heading_anchors = 2

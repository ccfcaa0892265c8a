"""Sphinx configuration for Yuxiang Huang's academic homepage.

Read top to bottom: the project, the extensions, the homepage's own data,
the publications, then the HTML theme. Content lives in the Markdown pages and
in ``data/``; the logic that turns data into pages lives in ``academic_site``.
"""

import os

# -- Project information -----------------------------------------------------
project = "Yuxiang Huang | 黄宇翔"
author = "Yuxiang Huang"
copyright = "Yuxiang Huang"
language = "en"

# -- General configuration ---------------------------------------------------
extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "academic_site",
    # Discoverability: sitemap.xml, OpenGraph tags and the 404 page.
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "README.md"]
templates_path = ["_templates"]
# Nitpicky, and every warning fails the build (handbook/data-problems.md).
nitpicky = True

# MyST: the few Markdown extensions the pages use.
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline", "attrs_block"]
myst_heading_anchors = 2

# -- The homepage's own data (academic_site) ---------------------------------
# The owner (name, links, photo) and the news are data files, defined once.
homepage_profile_file = "data/profile.yaml"
homepage_news_file = "data/news.yaml"
# Citation figures, refreshed by `homepage-citations` (handbook/citations.md).
homepage_citations_file = "data/citations.yaml"
# The CV's sections: the CV page and cv.pdf, written by every build in each
# edition (handbook/cv.md).
homepage_cv_file = "data/cv.yaml"
homepage_cv_pdf = "cv.pdf"

# -- Translations (gettext) -------------------------------------------------
# One site, two editions from the same sources: English at the root, Chinese
# built with `-D language=zh_CN` into zh/ (handbook/translations.md).
# The catalogs are locales/zh_CN/LC_MESSAGES/<page>.po; `make translations`
# updates them from the pages.
locale_dirs = ["locales/"]
gettext_compact = False  # one catalog per page
gettext_uuid = False
gettext_location = True  # "#: ../../docs/cv.md:12" points translators at the source
homepage_editions = {"en": "", "zh_CN": "zh/"}

# -- Publications (sphinxcontrib-bibtex) -------------------------------------
bibtex_bibfiles = ["publications.bib"]
# The homepage's pybtex style (academic_site.papers.pubstyle): entries as in the resume.
bibtex_default_style = "homepage"
bibtex_reference_style = "author_year"
# The owner's names as the .bib writes them: bold in every author list.
homepage_owner_names = ["Huang, Yuxiang"]

# -- HTML output (furo) ------------------------------------------------------
html_theme = "furo"
html_title = project
html_static_path = ["_static"]
html_css_files = ["homepage.css"]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_last_updated_fmt = None
# The language switch sits under the site's name in furo's sidebar.
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/language-switch.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/ethical-ads.html",
        "sidebar/scroll-end.html",
        "sidebar/variant-selector.html",
    ]
}
html_theme_options = {
    "top_of_page_buttons": [],
    "navigation_with_keys": True,
}

# -- Discoverability (academic_site: urls, metadata, paper_pages, feed) -------
# The site's one canonical address; canonical links, the sitemap, robots.txt,
# the feeds, llms.txt, the social cards and the structured data are all built
# from it. GitHub Pages serves the site there (the owner's homepage, the one
# his Google Scholar profile links; .github/workflows/pages.yml). Read the
# Docs serves the very same build at its own domain, and each page there
# names its twin here as canonical, so search engines index one copy. To make
# another host canonical, set HOMEPAGE_CANONICAL_URL for every build
# (handbook/hosting.md). The Chinese edition moves it to <address>zh/ by itself.
html_baseurl = os.environ.get(
    "HOMEPAGE_CANONICAL_URL", "https://huangyuxiang03.github.io/"
)
# sphinx-sitemap: single-version, single-language URLs; real pages only.
sitemap_url_scheme = "{link}"
sitemap_locales = [None]
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
# cv.pdf is left out on purpose: it says what cv.html says, and cv.html (in
# the sitemap, with its canonical URL) links it; listed, the PDF would compete
# with the page in search results. Crawlers still find it through that link.
# sphinxext-opengraph: one social card, drawn by tools/make_images.py (no
# network, no matplotlib); descriptions come from each page's front matter.
ogp_social_cards = {"enable": False}
ogp_image = "_static/social-card.png"
# (Its alt text is made from the profile, like the card.)
ogp_enable_meta_description = False
# Every page must have a description of its own (front matter).
homepage_require_descriptions = True
# A generated index of nothing: no page, no link to it.
html_use_index = False
# Files served at the site's root: favicon.ico for the browsers that ask.
html_extra_path = ["_extra"]

# -- Link checking (`make linkcheck`, weekly in .github/workflows/linkcheck.yml)
# Never part of the build or of `make test`: it needs the network. Hosts that
# refuse automated requests are left out, each with its reason; everything
# else is checked, and a link that is broken fails the run.
linkcheck_ignore = [
    # Google Scholar answers robots with a CAPTCHA page or 403/429 ("unusual
    # traffic"), never the profile; the profile link is checked by hand.
    r"https://scholar\.google\.com/",
    # The Tsinghua cloud (Seafile) refuses or rate-limits automated requests
    # for its share links (the lecture files), so a check says nothing.
    r"https://cloud\.tsinghua\.edu\.cn/",
]
# GitHub and arXiv rate-limit bursts (HTTP 429): fewer requests at once, and
# Sphinx honours their Retry-After for up to linkcheck_rate_limit_timeout.
linkcheck_workers = 2
linkcheck_rate_limit_timeout = 120.0
# A slow host gets a second try before its link counts as broken.
linkcheck_retries = 2
linkcheck_timeout = 30

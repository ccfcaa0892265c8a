"""Sphinx configuration for Yuxiang Huang's academic homepage.

Read top to bottom: the project, the extensions, the homepage's own data,
the publications, then the HTML theme. Content lives in the Markdown pages and
in ``data/``; the logic that turns data into pages lives in ``academic_site``.
"""

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
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "README.md"]
templates_path = ["_templates"]
# Nitpicky, and every warning fails the build (see the README).
nitpicky = True

# MyST: the few Markdown extensions the pages use.
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline", "attrs_block"]
myst_heading_anchors = 2

# -- The homepage's own data (academic_site) ---------------------------------
# The owner (name, links, photo) and the news are data files, defined once.
homepage_profile_file = "data/profile.yaml"
homepage_news_file = "data/news.yaml"

# -- Publications (sphinxcontrib-bibtex) -------------------------------------
bibtex_bibfiles = ["publications.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- HTML output (furo) ------------------------------------------------------
html_theme = "furo"
html_title = project
html_static_path = ["_static"]
html_css_files = ["homepage.css"]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_last_updated_fmt = None
html_theme_options = {
    "top_of_page_buttons": [],
    "navigation_with_keys": True,
}

# -- Checked in a browser (tests/browser/) -----------------------------------
# The site's own icon: without one, every browser asks for /favicon.ico (a 404).
html_favicon = "_static/favicon.svg"
# No general index: the site defines no index entries, so it was an empty page.
html_use_index = False

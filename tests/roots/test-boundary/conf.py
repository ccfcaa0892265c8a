"""A page with news and a Chinese edition, for the trust boundary's tests:
the tests write the news and the page's catalog with hostile text."""

extensions = ["myst_parser", "academic_site"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
homepage_editions = {"en": "", "zh_CN": "zh/"}
homepage_feed_file = ""
locale_dirs = ["locales/"]
gettext_compact = False

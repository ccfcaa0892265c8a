"""A one-page site with two editions, for academic_site.site.i18n's tests."""

extensions = ["myst_parser", "academic_site"]
source_suffix = {".md": "markdown"}
homepage_editions = {"en": "", "zh_CN": "zh/"}

"""A site with its news turned off and no citation figures yet."""

extensions = ["myst_parser", "academic_site"]
source_suffix = {".md": "markdown"}
homepage_news_file = ""
homepage_feed_file = ""
# Configured, but not yet written (before the first refresh).
homepage_citations_file = "data/citations.yaml"

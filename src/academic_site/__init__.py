"""Sphinx extensions that turn the homepage's data files into pages.

Each Sphinx concept lives in its own module with its own ``setup_*`` hook, in
a folder by role: ``site`` (the ground), ``papers`` (the ``.bib``'s model),
``sources`` (the owner's YAML), ``outputs`` and ``commands``
(handbook/architecture.md). :func:`setup` wires them together so ``conf.py``
needs one line::

    extensions = ["academic_site"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from academic_site.outputs import (
    cv_pdf,
    exports,
    feed,
    llms,
    metadata,
    paper_pages,
    photo,
    publications,
    redirects,
    sitemap,
)
from academic_site.papers import bibliography, paper_files
from academic_site.site import (
    assets,
    catalogs,
    config,
    containment,
    emptied,
    i18n,
    mathml,
    quiet,
    rebuild,
    urls,
)
from academic_site.sources import citations, cv, news, profile

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register every component of the homepage extension."""
    quiet.setup_quiet(app)
    config.setup_config(app)
    emptied.setup_emptied(app)
    profile.setup_profile(app)
    photo.setup_photo(app)
    news.setup_news(app)
    bibliography.setup_bibliography(app)
    cv.setup_cv(app)
    cv_pdf.setup_cv_pdf(app)
    publications.setup_publications(app)
    paper_files.setup_paper_files(app)
    # Discoverability: what is derived from html_baseurl, for sphinx-sitemap,
    # sphinxext-opengraph and sphinx-notfound-page when conf.py loads them.
    urls.setup_urls(app)
    sitemap.setup_sitemap(app)
    metadata.setup_metadata(app)
    paper_pages.setup_paper_pages(app)
    exports.setup_exports(app)
    feed.setup_feed(app)
    llms.setup_llms(app)
    citations.setup_citations(app)
    i18n.setup_i18n(app)
    catalogs.setup_catalogs(app)
    containment.setup_containment(app)
    mathml.setup_mathml(app)
    assets.setup_assets(app)
    rebuild.setup_rebuild(app)
    redirects.setup_redirects(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

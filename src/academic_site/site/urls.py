"""The site's public address, and every absolute URL derived from it.

``html_baseurl`` is the one setting: canonical links, OpenGraph URLs, the
sitemap, ``robots.txt``, the Atom feed, the structured data and the 404 page's
links are all built from it, so an edition served elsewhere (the Chinese one
under ``/zh/``) needs nothing but ``-D html_baseurl=<its address>``.

The site is single-version: an address with a version segment such as
``/en/latest/`` is reported, since every URL built from it would carry it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.util import logging

from academic_site.site import i18n
from academic_site.site.datafile import WARNING_TYPE
from academic_site.site.rebuild import write_if_changed
from academic_site.site.subtypes import Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: Warning subtype for a base URL that cannot be used.
SUBTYPE = Subtype.BASEURL

#: Path segments that mark a versioned Read the Docs address.
VERSION_SEGMENT = re.compile(r"/(latest|stable)(/|$)")

#: Pages that exist for the site's own use and should not be indexed.
UNINDEXED_PAGES = frozenset({"search", "genindex", "404"})


def base_url(config: Config) -> str:
    """The site's address, ending in ``/`` (empty if none is configured)."""
    url = config.html_baseurl or ""
    return url if not url or url.endswith("/") else url + "/"


def page_url(config: Config, builder: Builder, pagename: str) -> str:
    """The absolute, canonical URL of *pagename*: the root page is the base."""
    base = base_url(config)
    if pagename == config.root_doc:
        return base
    return base + builder.get_target_uri(pagename)


def file_url(config: Config, path: str) -> str:
    """The absolute URL of the output file *path* (``news.xml``)."""
    return base_url(config) + path.lstrip("/")


def setting_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:<line>`` where *name* is set, for a warning about it."""
    # A plain string: at config-inited there is no environment to resolve
    # a (docname, line) location with.
    path = Path(app.confdir, "conf.py")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        if re.match(rf"{name}\s*=", line):
            return f"{path}:{number}"
    return f"{path}:"


def _check_base_url(app: Sphinx, config: Config) -> None:
    url = config.html_baseurl
    if not url:
        # Without an address there are no absolute URLs: no canonical links,
        # sitemap, feed or structured data (a test project, a local draft).
        return
    parts = urlsplit(url)
    problem = None
    if parts.scheme != "https" or not parts.netloc:
        problem = "must be an absolute https:// URL"
    elif parts.query or parts.fragment:
        problem = "must not have a query or fragment"
    elif VERSION_SEGMENT.search(parts.path):
        problem = (
            "names a version (/latest/ or /stable/); turn on single version "
            "on Read the Docs so the site lives at the domain's root"
        )
    if problem:
        logger.warning(
            f"html_baseurl {url!r} {problem}",
            type=WARNING_TYPE,
            subtype=SUBTYPE,
            location=setting_location(app, "html_baseurl"),
        )
    # One address for everything; the extensions below read their own settings.
    config.html_baseurl = base_url(config)
    if "ogp_site_url" in config:
        config.ogp_site_url = config.html_baseurl
    if "notfound_urls_prefix" in config:
        path = parts.path if parts.netloc and parts.path.startswith("/") else "/"
        config.notfound_urls_prefix = path


def _set_canonical_url(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: object,
) -> None:
    if not base_url(app.config):
        return
    if pagename in UNINDEXED_PAGES:
        # Nothing to point search engines at; the pages say "noindex" instead.
        context["pageurl"] = None
    else:
        context["pageurl"] = page_url(app.config, app.builder, pagename)


def is_html_site(app: Sphinx) -> bool:
    """Whether this build writes the site's HTML (not an embedded help format)."""
    return app.builder.format == "html" and not getattr(app.builder, "embedded", False)


def sitemap_urls(config: Config) -> list[str]:
    """The sitemap of every edition (the root one first), as absolute URLs."""
    name = getattr(config, "sitemap_filename", None)
    if not name or not base_url(config):
        return []
    editions = i18n.edition_base_urls(config) or {"": base_url(config)}
    return [edition + name for edition in editions.values()]


def _write_robots_txt(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_html_site(app):
        return
    # Crawlers read robots.txt at the domain's root only, so the root edition
    # writes it, naming every edition's sitemap; another edition writes none.
    sitemaps = sitemap_urls(app.config)
    if not sitemaps or not i18n.is_root_edition(app.config):
        return
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {sitemap}" for sitemap in sitemaps]
    write_if_changed(Path(app.outdir, "robots.txt"), "\n".join(lines) + "\n")


def relative_to_root(builder: Builder, pagename: str, uri: str) -> str:
    """Resolve a link *uri* written on page *pagename* to a root-relative path."""
    page_dir = posixpath.dirname(builder.get_target_uri(pagename))
    return posixpath.normpath(posixpath.join(page_dir, uri))


def _absolute_not_found_links(
    app: Sphinx, doctree: nodes.document, docname: str
) -> None:
    """Make the 404 page's own links root-relative, like its theme links."""
    # The 404 page is served at whatever address was missing (/a/b/c/missing),
    # so a link relative to 404.html would resolve against that; the theme's
    # links are fixed by sphinx-notfound-page, the page's own links here.
    if docname != getattr(app.config, "notfound_pagename", None):
        return
    if not is_html_site(app):
        return
    prefix = app.config.notfound_urls_prefix or "/"
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if not uri or uri.startswith(("#", "/")) or urlsplit(uri).scheme:
            continue
        reference["refuri"] = prefix + relative_to_root(app.builder, docname, uri)


def setup_urls(app: Sphinx) -> None:
    """Derive every absolute URL from ``html_baseurl``."""
    # Before sphinx-notfound-page checks its prefix (priority 500).
    app.connect("config-inited", _check_base_url, priority=450)
    # After sphinx-notfound-page (400) and Sphinx (500) set up the page's URLs.
    app.connect("html-page-context", _set_canonical_url, priority=550)
    app.connect("doctree-resolved", _absolute_not_found_links)
    app.connect("build-finished", _write_robots_txt, priority=600)

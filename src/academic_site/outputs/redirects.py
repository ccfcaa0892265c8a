"""Redirects from the old address of a renamed page.

``homepage_redirects = {"teaching": "teaching-and-talks"}`` in ``conf.py``
(old page name -> new page name) writes, at the old page's address, a small
page that sends visitors on at once (``<meta http-equiv="refresh">``) and tells
search engines where the page now is (``<link rel="canonical">``), so links
and bookmarks to the old address keep working. The old name must not be a
page of the site, and the new one must be.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from academic_site.site.config import PREFIX, homepage_config
from academic_site.site.rebuild import write_if_changed
from academic_site.site.subtypes import WARNING_TYPE, Subtype
from academic_site.site.urls import is_html_site, page_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

PAGE = """\
<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="refresh" content="0; url={target}">
{canonical}<meta name="robots" content="noindex">
</head>
<body>
<p>This page has moved to <a href="{target}">{target}</a>.</p>
</body>
</html>
"""


def _warn(message: str, *args: object) -> None:
    logger.warning(
        message, *args, type=WARNING_TYPE, subtype=Subtype.CONFIG, location="conf.py"
    )


def _write_redirects(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_html_site(app):
        return
    builder = app.builder
    for old, new in homepage_config(app.env).redirects.items():
        if old in app.env.found_docs:
            _warn("%sredirects: %r is a page of the site; no redirect", PREFIX, old)
            continue
        if new not in app.env.found_docs:
            _warn("%sredirects: %r is not a page of the site", PREFIX, new)
            continue
        source = builder.get_target_uri(old)
        if source.endswith("/") or not source:
            source += "index.html"
        target = posixpath.relpath(
            builder.get_target_uri(new) or ".", posixpath.dirname(source) or "."
        )
        canonical = page_url(app.config, builder, new)
        path = Path(app.outdir, source)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(
            path,
            PAGE.format(
                title=html.escape(app.env.titles[new].astext()),
                target=html.escape(target),
                canonical=(
                    f'<link rel="canonical" href="{html.escape(canonical)}">\n'
                    if canonical.startswith("http")
                    else ""
                ),
            ),
        )


def setup_redirects(app: Sphinx) -> None:
    """Write the redirect pages once the site is built."""
    app.connect("build-finished", _write_redirects)

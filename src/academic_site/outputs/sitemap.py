"""The sitemap of sphinx-sitemap, whole after any rebuild.

sphinx-sitemap lists the pages Sphinx writes in the build at hand (it
collects them at ``html-page-context``), so a rebuild that writes one page
leaves a sitemap of one page: its issue jdillard/sphinx-sitemap#13, open
since 2018, with no hook to fill the list. Paper pages that did not change
are not written at all (:mod:`academic_site.outputs.paper_pages`). So before it writes
the file, every page of the site is handed to it again here, through its own
``add_html_link`` (its URL scheme and ``sitemap_excludes`` apply), in one
order: the documents sorted, as Sphinx writes them, then the paper pages in
the order of the ``.bib``, then any other page it saw. A cold build and a
rebuild of the same sources give the same file; a rebuild that writes no
page leaves the last one as it is. Its list
(``app.sitemap_links``, a queue) is not a documented interface; it has none.

sphinx-sitemap lists the root page as ``index.html``, where its canonical link
says ``/``; that one address is then rewritten.
"""

from __future__ import annotations

import queue
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from academic_site.outputs import paper_pages
from academic_site.site import urls

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _drain(links: Any) -> list[tuple[str, str | None]]:
    items = []
    while True:
        try:
            items.append(links.get_nowait())
        except queue.Empty:
            return items


def _list_every_page(app: Sphinx, exception: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)  # set by sphinx-sitemap, if loaded
    if links is None or exception is not None or not urls.is_html_site(app):
        return
    from sphinx_sitemap import add_html_link  # loaded: it made the queue

    seen = _drain(links)
    pages = [*sorted(app.env.found_docs), *paper_pages.paper_page_names(app)]
    for pagename in pages:
        add_html_link(app, pagename, None, None, None)
    every = _drain(links)
    listed = {link for link, _modified in every}
    written = Path(app.outdir, app.config.sitemap_filename).is_file()
    if written and not any(link in listed for link, _modified in seen):
        # No document or paper page was written (the search page is written
        # in every build): the pages are those of the last file, kept as is.
        return
    every += [item for item in seen if item[0] not in listed]
    for item in every:
        links.put(item)


def _tidy_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """List the root page under the address its canonical link gives."""
    name = getattr(app.config, "sitemap_filename", None)
    if not name or exception is not None or not urls.is_html_site(app):
        return
    path = Path(app.outdir, name)
    if not path.is_file():
        return
    ElementTree.register_namespace("", SITEMAP_NAMESPACE)
    ElementTree.register_namespace("xhtml", "http://www.w3.org/1999/xhtml")
    tree = ElementTree.parse(path)
    base = urls.base_url(app.config)
    root_index = base + app.builder.get_target_uri(app.config.root_doc)
    changed = False
    for loc in tree.iter(f"{{{SITEMAP_NAMESPACE}}}loc"):
        if loc.text == root_index:
            loc.text = base
            changed = True
    if changed:  # a rebuild without changes keeps sphinx-sitemap's last file
        tree.write(path, xml_declaration=True, encoding="utf-8", method="xml")


def setup_sitemap(app: Sphinx) -> None:
    """Keep the sitemap whole and its root address canonical."""
    # Before sphinx-sitemap writes the sitemap (500), and after it (600).
    app.connect("build-finished", _list_every_page, priority=450)
    app.connect("build-finished", _tidy_sitemap, priority=600)

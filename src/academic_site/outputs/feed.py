"""An Atom feed of the news items (``news.xml``), linked from every page.

The feed is written from ``news.yaml`` (via
:func:`academic_site.sources.news.load_news`) when the build finishes. Two choices
keep it honest and stable:

Dates
    A news item's date is as precise as the owner knows it (``2024``,
    ``2024-07``, ``2024-07-15``), but Atom's ``<updated>`` must be a full
    timestamp. The feed uses the first instant of the stated period
    (``2024`` → ``2024-01-01T00:00:00Z``), never a day that was not given, and
    carries the date as written in a Dublin Core ``<dc:date>`` (``2024``) and
    in the entry's text, so no reader has to trust the padded timestamp.
Ids
    ``<id>`` is the home page's URL with ``#news-<date>-<n>``, where *n*
    counts the items of that date from the oldest: adding news at the top,
    or editing an item's text, keeps every existing id.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from xml.etree import ElementTree

from markdown_it import MarkdownIt
from sphinx.locale import get_translation

from academic_site.site import escaping, i18n, urls
from academic_site.site.config import homepage_config
from academic_site.site.datafile import DataFileError
from academic_site.site.rebuild import write_if_changed
from academic_site.sources.news import NewsItem, load_news
from academic_site.sources.profile import site_profile

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

_ = get_translation("academic_site")

ATOM = "http://www.w3.org/2005/Atom"
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"

_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r'href="([^"]*)"')


def feed_enabled(app: Sphinx) -> bool:
    """Whether this build writes the feed."""
    return bool(
        homepage_config(app).feed_file
        and homepage_config(app).news_file
        and urls.base_url(app.config)
    )


def feed_title(app: Sphinx) -> str:
    profile = site_profile(app.srcdir, app.config)
    name = profile.name if profile else app.config.project
    if profile and profile.native_name and not i18n.is_root_edition(app.config):
        # The translated edition is the one in the owner's own language
        # (Chinese): its feed names him as it is written there, 黄宇翔.
        name = profile.native_name
    return _("News of {name}").format(name=name)


def timestamp(date: str) -> str:
    """The first instant of the period *date* names, as RFC 3339 in UTC."""
    year, month, day = ([*date.split("-"), "01", "01"])[:3]
    return f"{year}-{month}-{day}T00:00:00Z"


def entry_ids(base: str, items: list[NewsItem]) -> list[str]:
    """Stable ids: the n-th item of a date, counted from the oldest."""
    counts: Counter[str] = Counter()
    ids = []
    for item in reversed(items):
        counts[item.date] += 1
        ids.append(f"{base}#news-{item.date}-{counts[item.date]}")
    return ids[::-1]


def _absolute_link(config: Config, builder: Builder, srcdir: Path, uri: str) -> str:
    # News text is written as on the home page: links to pages are relative to
    # the source root (``publications.md``), which a feed reader cannot follow.
    parts = urlsplit(uri)
    if parts.scheme or parts.netloc or (not parts.path and not parts.fragment):
        return uri
    path = posixpath.normpath(parts.path) if parts.path else config.root_doc
    docname = path.removesuffix(".md")
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if Path(srcdir, docname + ".md").is_file() or docname == config.root_doc:
        return urls.page_url(config, builder, docname) + fragment
    return urls.file_url(config, path) + fragment


def item_html(app: Sphinx, text: str) -> str:
    """The item's Markdown as HTML whose links are absolute, cut down to
    :data:`academic_site.site.escaping.FEED_TAGS` (raw HTML in the text is text,
    as on the home page)."""
    rendered = MarkdownIt("commonmark", {"html": False}).renderInline(text)
    srcdir = Path(app.srcdir)

    def absolute(match: re.Match[str]) -> str:
        href = _absolute_link(app.config, app.builder, srcdir, match.group(1))
        return f'href="{href}"'

    return escaping.feed_html(_HREF.sub(absolute, rendered))


def plain_text(markup: str) -> str:
    """The text of an HTML fragment."""
    return html.unescape(_TAG.sub("", markup)).strip()


def build_feed(app: Sphinx, items: list[NewsItem]) -> ElementTree.ElementTree:
    """The Atom document for *items* (newest first)."""
    config = app.config
    base = urls.base_url(config)
    profile = site_profile(app.srcdir, config)
    ElementTree.register_namespace("", ATOM)
    ElementTree.register_namespace("dc", DUBLIN_CORE)

    def sub(parent: ElementTree.Element, tag: str, text: str | None = None, **attrib):
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attrib)
        element.text = text
        return element

    root = ElementTree.Element(f"{{{ATOM}}}feed")
    if config.language:
        # xml:lang is a BCP 47 tag: zh-CN, not Sphinx's zh_CN.
        language = config.language.replace("_", "-")
        root.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    feed_url = urls.file_url(config, homepage_config(config).feed_file)
    home = urls.page_url(config, app.builder, config.root_doc)
    sub(root, "id", feed_url)
    sub(root, "title", feed_title(app))
    sub(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    sub(root, "link", rel="alternate", type="text/html", href=home)
    updated = max((timestamp(item.date) for item in items), default=None)
    sub(root, "updated", updated or "1970-01-01T00:00:00Z")
    author = sub(root, "author")
    sub(author, "name", profile.name if profile else config.author)
    sub(author, "uri", home)
    if profile and profile.email:
        sub(author, "email", profile.email)
    for item, entry_id in zip(items, entry_ids(base, items), strict=True):
        entry = sub(root, "entry")
        body = item_html(app, item.text)
        sub(entry, "id", entry_id)
        sub(entry, "title", plain_text(body))
        sub(entry, "updated", timestamp(item.date))
        ElementTree.SubElement(entry, f"{{{DUBLIN_CORE}}}date").text = item.date
        sub(entry, "link", rel="alternate", type="text/html", href=home)
        sub(entry, "content", f"<p>{escaping.text(item.date)}: {body}</p>", type="html")
    ElementTree.indent(root)
    return ElementTree.ElementTree(root)


def _write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not urls.is_html_site(app) or not feed_enabled(app):
        return
    path = Path(app.srcdir, homepage_config(app).news_file)
    try:
        items = load_news(path)
    except DataFileError:
        return  # (reported once, by academic_site.sources.news)
    feed = ElementTree.tostring(
        build_feed(app, items).getroot(), encoding="utf-8", xml_declaration=True
    )
    write_if_changed(Path(app.outdir, homepage_config(app).feed_file), feed)


def setup_feed(app: Sphinx) -> None:
    """Write the Atom feed of the news when the build finishes."""
    app.connect("build-finished", _write_feed)

"""What every page's ``<head>`` tells search engines, chat apps and browsers.

Added through the ``metatags`` of ``html-page-context``, so no template is
overridden:

* the page's description (from its front matter) is checked to be present and
  unique, and reused for OpenGraph (sphinxext-opengraph) with the page's
  canonical URL and the site's social card;
* the icons (SVG, PNG fallback, apple-touch-icon), ``theme-color`` and the
  link to the news feed;
* ``noindex`` on the pages that exist for the site's own use;
* schema.org JSON-LD: the owner's ``Person`` on the home page and a
  ``ScholarlyArticle`` per paper on the publications page.
"""

from __future__ import annotations

import html
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.locale import get_translation
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from academic_site.outputs import feed, paper_pages, photo, structured_data
from academic_site.papers import paper_files
from academic_site.papers.bibliography import pdf_url, site_papers
from academic_site.papers.rendering import rendered
from academic_site.site import escaping, urls
from academic_site.site.config import homepage_config
from academic_site.site.datafile import WARNING_TYPE
from academic_site.site.subtypes import Subtype
from academic_site.sources.profile import site_profile

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from academic_site.sources.profile import Profile

_ = get_translation("academic_site")
logger = logging.getLogger(__name__)

#: Warning subtype for a page's missing or repeated title or description.
SUBTYPE = Subtype.DESCRIPTION

#: The site's icons, in ``html_static_path``: (file, ``rel``, MIME type, sizes).
ICONS = (
    ("favicon-32.png", "icon", "image/png", "32x32"),
    ("favicon.svg", "icon", "image/svg+xml", None),
    ("apple-touch-icon.png", "apple-touch-icon", None, None),
)


def _meta_property(name: str, content: str) -> str:
    # As sphinxext-opengraph writes its tags; not imported from it, because
    # importing it prints a notice about matplotlib.
    return escaping.meta_tag(content, prop=name)


def _descriptions(env: BuildEnvironment) -> dict[str, tuple[str, int | None]]:
    if not hasattr(env, "homepage_descriptions"):
        env.homepage_descriptions = {}
    return env.homepage_descriptions


def page_descriptions(env: BuildEnvironment) -> dict[str, str]:
    """Each page's description (front matter), by document name."""
    return {docname: text for docname, (text, _line) in _descriptions(env).items()}


class DescriptionCollector(EnvironmentCollector):
    """Remembers each page's meta description (``html_meta`` front matter)."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _descriptions(env).pop(docname, None)

    def merge_other(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        docnames: set[str],
        other: BuildEnvironment,
    ) -> None:
        theirs = _descriptions(other)
        for docname in docnames:
            if docname in theirs:
                _descriptions(env)[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        for meta in doctree.findall(nodes.meta):
            if meta.get("name") == "description" and meta.get("content"):
                _descriptions(app.env)[app.env.docname] = (
                    meta["content"],
                    meta.line,
                )
                return


class FrontMatterDescription(SphinxTransform):
    """A top-level ``description:`` in the front matter is the page's meta
    description, as ``myst: html_meta: description:`` is (the form the README shows)."""

    # Before Sphinx's Locale transform (20), so it is translated and extracted
    # like an html_meta one; the front matter is still a field list then.
    default_priority = 15

    def apply(self) -> None:
        document = self.document
        if any(m.get("name") == "description" for m in document.findall(nodes.meta)):
            return
        front_matter = next(
            (n for n in document.children if isinstance(n, nodes.field_list)), None
        )
        for field in front_matter.children if front_matter else ():
            if field[0].astext().strip().lower() == "description":
                content = " ".join(field[1].astext().split())
                if content:
                    meta = nodes.meta("", name="description", content=content)
                    meta.source, meta.line = document["source"], 1
                    document.insert(0, meta)
                return


def _check_titles_and_descriptions(app: Sphinx, env: BuildEnvironment) -> None:
    """Each page needs a description, and no two pages share one or a title."""
    if not homepage_config(app).require_descriptions:
        return
    descriptions = _descriptions(env)
    seen_descriptions: dict[str, str] = {}
    seen_titles: dict[str, str] = {}
    for docname in sorted(env.found_docs):
        location = (docname, None)
        title = env.titles[docname].astext() if docname in env.titles else ""
        if title in seen_titles:
            logger.warning(
                f"page title {title!r} is also the title of {seen_titles[title]!r}",
                type=WARNING_TYPE,
                subtype=SUBTYPE,
                location=location,
            )
        seen_titles.setdefault(title, docname)
        if docname not in descriptions:
            logger.warning(
                "page has no description: add `description:` to its front matter",
                type=WARNING_TYPE,
                subtype=SUBTYPE,
                location=location,
            )
            continue
        text, line = descriptions[docname]
        if text in seen_descriptions:
            logger.warning(
                f"description is the same as that of {seen_descriptions[text]!r}",
                type=WARNING_TYPE,
                subtype=SUBTYPE,
                location=(docname, line),
            )
        seen_descriptions.setdefault(text, docname)


def _png_size(path: Path) -> tuple[int, int] | None:
    try:
        with path.open("rb") as file:
            header = file.read(24)
    except OSError:
        return None
    if header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", header[16:24])


def _static_file(app: Sphinx, name: str) -> Path | None:
    for static in app.config.html_static_path:
        path = Path(app.confdir, static, name)
        if path.is_file():
            return path
    return None


def _opengraph_fields(
    app: Sphinx, pagename: str, context: dict[str, Any], description: str | None
) -> dict[str, str]:
    """OpenGraph values this site fixes for sphinxext-opengraph to print."""
    fields = {"og:url": urls.page_url(app.config, app.builder, pagename)}
    if description:
        fields["og:description"] = description
    alt = _image_alt(app)
    if alt is not None:
        fields["og:image:alt"] = alt
    image = getattr(app.config, "ogp_image", None)
    if image and "://" not in image:
        size = _png_size(Path(app.srcdir, image))
        if size is not None:  # (reported once, by _check_social_card)
            fields["og:image:type"] = "image/png"
            fields["og:image:width"], fields["og:image:height"] = map(str, size)
    return fields


def _check_social_card(app: Sphinx) -> None:
    image = getattr(app.config, "ogp_image", None)
    if image and "://" not in image and _png_size(Path(app.srcdir, image)) is None:
        logger.warning(
            f"ogp_image {image!r} is not a PNG file in the source directory",
            type=WARNING_TYPE,
            subtype=Subtype.ICONS,
            location=urls.setting_location(app, "ogp_image"),
        )


def _page_description(
    app: Sphinx, pagename: str, context: dict[str, Any]
) -> str | None:
    if "homepage_description" in context:
        return context["homepage_description"]
    if pagename == "search":
        return _("Search the pages of {site}.").format(site=app.config.project)
    entry = _descriptions(app.env).get(pagename)
    return entry[0] if entry else None


def _opengraph_tags_for_generated_page(
    app: Sphinx, pagename: str, context: dict[str, Any], description: str | None
) -> str:
    # sphinxext-opengraph only describes pages that have a source document.
    tags = {
        "og:title": html.unescape(context.get("title", "")),
        "og:type": context.get("homepage_og_type", "website"),
        "og:site_name": getattr(app.config, "ogp_site_name", None)
        or app.config.project,
    }
    image = getattr(app.config, "ogp_image", None)
    if image:
        tags["og:image"] = urls.file_url(app.config, image)
    tags.update(_opengraph_fields(app, pagename, context, description))
    return "".join(_meta_property(key, value) for key, value in tags.items())


def _head_links(app: Sphinx, pagename: str, context: dict[str, Any]) -> str:
    pathto = context["pathto"]
    lines = []
    for name, rel, mime, sizes in ICONS:
        if _static_file(app, name) is None:
            continue
        attributes = f'rel="{rel}" href="{pathto("_static/" + name, 1)}"'
        if mime:
            attributes += f' type="{mime}"'
        if sizes:
            attributes += f' sizes="{sizes}"'
        lines.append(f"<link {attributes}>")
    config = app.config
    for scheme, color in (
        ("light", homepage_config(config).theme_color_light),
        ("dark", homepage_config(config).theme_color_dark),
    ):
        if color:
            lines.append(
                f'<meta name="theme-color" content="{escaping.attribute(color)}" '
                f'media="(prefers-color-scheme: {scheme})">'
            )
    if feed.feed_enabled(app):
        title = escaping.attribute(feed.feed_title(app))
        href = pathto(homepage_config(config).feed_file, 1)
        lines.append(
            f'<link rel="alternate" type="application/atom+xml" '
            f'title="{title}" href="{href}">'
        )
    return "\n".join(lines) + "\n"


def _structured_data(app: Sphinx, pagename: str) -> str:
    config = app.config
    base = urls.base_url(config)
    if not base:
        return ""  # JSON-LD identifies things by absolute URLs
    owner = site_profile(app.srcdir, config)
    if pagename == config.root_doc and owner is not None:
        return structured_data.script_tag(
            structured_data.person(owner, base, photo.photo_url(app))
        ) + structured_data.script_tag(
            structured_data.website(owner, base, config.language)
        )
    if pagename == homepage_config(config).publications_page:
        articles = []
        file_urls = paper_files.absolute_urls(app.env, config)
        for paper in site_papers(app.env).papers:
            if homepage_config(config).papers_dir:
                paper_page = paper_pages.paper_pagename(config, paper.key)
                page = urls.page_url(config, app.builder, paper_page)
            else:  # no page of its own: its entry in the list
                page = urls.page_url(config, app.builder, pagename) + f"#{paper.key}"
            articles.append(
                structured_data.scholarly_article(
                    paper,
                    rendered(app.env, paper),
                    page,
                    owner,
                    base,
                    pdf_url(paper, file_urls),
                )
            )
        if articles:
            return structured_data.script_tag(structured_data.graph(articles))
    return ""


def _add_head_tags(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if not urls.is_html_site(app):
        return
    tags = context.get("metatags", "")
    description = _page_description(app, pagename, context)
    opengraph = "ogp_site_url" in app.config and urls.base_url(app.config)
    if pagename in urls.UNINDEXED_PAGES:
        if pagename != "search":  # Sphinx's search page says so itself
            tags += '<meta name="robots" content="noindex">\n'
    elif not opengraph:
        pass
    elif doctree is not None:
        # sphinxext-opengraph (priority 500) reads per-page fields from "meta";
        # a copy, so the environment's metadata stays as it was read.
        # It escapes only '"' of what it prints: the rest is escaped here.
        fields = _opengraph_fields(app, pagename, context, description)
        context["meta"] = {
            **(context.get("meta") or {}),
            **{key: escaping.opengraph_value(value) for key, value in fields.items()},
        }
    else:
        tags += _opengraph_tags_for_generated_page(app, pagename, context, description)
    if doctree is None and description:
        # Pages without a source have no front matter to carry one.
        tags += escaping.meta_tag(description, name="description")
    if opengraph and pagename not in urls.UNINDEXED_PAGES and app.config.ogp_image:
        tags += '<meta name="twitter:card" content="summary_large_image">\n'
    tags += _head_links(app, pagename, context)
    tags += _structured_data(app, pagename)
    context["metatags"] = tags


def card_description(profile: Profile) -> str:
    """What the social card shows, as its alt text (tools/make_images.py)."""
    names = ", ".join(n for n in (profile.name, profile.native_name) if n)
    where = profile.affiliation
    if profile.lab:
        where += f" · {profile.lab.label}"
    return f"{names}: {where}"


def _image_alt(app: Sphinx) -> str | None:
    # The card is drawn from the profile; so is its alt text, unless conf.py
    # gives one. (Handed to sphinxext-opengraph per page, escaped.)
    if "ogp_image_alt" not in app.config or not app.config.ogp_image:
        return None
    if app.config.ogp_image_alt is not None:
        alt = app.config.ogp_image_alt
        return alt if isinstance(alt, str) else None
    profile = site_profile(app.srcdir, app.config)
    return card_description(profile) if profile is not None else None


def setup_metadata(app: Sphinx) -> None:
    """Register the description checks and the ``<head>`` additions."""
    app.add_env_collector(DescriptionCollector)
    app.add_transform(FrontMatterDescription)
    app.connect("builder-inited", _check_social_card)
    app.connect("env-check-consistency", _check_titles_and_descriptions)
    # After sphinx-notfound-page's links (400), before sphinxext-opengraph (500).
    app.connect("html-page-context", _add_head_tags, priority=450)

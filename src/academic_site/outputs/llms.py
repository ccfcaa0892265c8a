"""``llms.txt``: the site in brief for language models, at the site's root.

It follows the llms.txt convention (https://llmstxt.org/): an H1 with the
owner's name, a blockquote with the home page's description, a few lines of
plain Markdown (affiliation, location, research interests), then H2 sections
of Markdown link lists, ``- [name](url): notes``: the pages, the papers with
their links, how to reach the owner, and (under ``Optional``) the Chinese
edition and the news feed. Everything comes from the data every other output
reads: ``profile.yaml``, the ``.bib`` (through :func:`site_papers`), each
page's title and ``description``, and the home page's research interests.

Only the root edition writes it: the convention names one file, ``/llms.txt``,
which no reader looks for under ``/zh/``; it links the Chinese edition.
Read the Docs serves ``llms.txt`` from the build's output as it is.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from docutils import nodes

from academic_site.outputs import feed, metadata, paper_pages
from academic_site.papers import bibliography, paper_files
from academic_site.papers.bibliography import paper_links
from academic_site.site import i18n, urls
from academic_site.site.config import homepage_config
from academic_site.site.rebuild import write_if_changed
from academic_site.sources.profile import site_profile

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from academic_site.papers.bibliography import Paper

#: The home page's section whose list items are the research interests (the
#: anchor of its ``## Research interests`` heading); absent, none are listed.
INTERESTS_SECTION = "research-interests"

#: Characters that would start Markdown syntax inside a line of text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
#: Characters a URL in ``(...)`` must not carry as they are.
_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"}


def markdown_text(text: str) -> str:
    """*text* on one line, with Markdown's special characters escaped, so no
    value from the data can add a heading, a link or a line to the file."""
    # Hand-written: no kept library escapes Markdown for output (markdown-it
    # parses it); one line and a backslash before each special character do.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def markdown_url(url: str) -> str:
    """*url* safe inside a Markdown link's parentheses."""
    url = "".join(url.split("\n"))
    return "".join(_URL_UNSAFE.get(character, character) for character in url)


def link_item(name: str, url: str, notes: str = "") -> str:
    """One entry of a file list: ``- [name](url): notes``."""
    item = f"- [{markdown_text(name)}]({markdown_url(url)})"
    return item + f": {notes}" if notes else item


def _section(title: str, items: list[str]) -> list[str]:
    return ["", f"## {title}", "", *items] if items else []


def _pages_in_order(app: Sphinx) -> list[str]:
    """The root page, then every page of its toctrees, depth first."""
    env = app.env
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname in order or docname not in env.found_docs:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(app.config.root_doc)
    return [name for name in order if name not in urls.UNINDEXED_PAGES]


def interests(app: Sphinx) -> list[str]:
    """The items of the home page's research interests section, as text."""
    try:
        doctree = app.env.get_doctree(app.config.root_doc)
    except (OSError, KeyError):
        return []
    for section in doctree.findall(nodes.section):
        if INTERESTS_SECTION in section["ids"]:
            return [
                item.astext()
                for bullets in section.findall(nodes.bullet_list)
                for item in bullets.children
            ]
    return []


def english_name(language: str) -> str:
    """The language's name in English (``Chinese`` for ``zh_CN``)."""
    try:
        return Locale.parse(language).get_language_name("en") or language
    except (ValueError, UnknownLocaleError):
        return language


def paper_url(app: Sphinx, paper: Paper) -> str:
    """The paper's own page, or its entry in the list without paper pages."""
    config = app.config
    if homepage_config(config).papers_dir:
        pagename = paper_pages.paper_pagename(config, paper.key)
        return urls.page_url(config, app.builder, pagename)
    page = urls.page_url(config, app.builder, homepage_config(config).publications_page)
    return f"{page}#{paper.key}"


def site_papers(app: Sphinx) -> list[Paper]:
    """Every paper of the site, newest first (as the publications page)."""
    papers = bibliography.site_papers(app.env).papers
    return sorted(papers, key=lambda paper: -(paper.year_number or 0))


def paper_item(app: Sphinx, paper: Paper) -> str:
    authors = ", ".join(paper.authors)
    venue = paper.venue_short or paper.venue
    notes = f"{authors} ({paper.year}). {venue}."
    if paper.status:
        notes += f" {paper.status}."
    notes = markdown_text(notes)
    links = [
        f"[{markdown_text(label)}]({markdown_url(url)})"
        for label, url in paper_links(
            paper, paper_files.absolute_urls(app.env, app.config)
        )
    ]
    if links:
        notes += " " + ", ".join(links)
    return link_item(paper.title, paper_url(app, paper), notes)


def llms_text(app: Sphinx) -> str:
    """The whole of ``llms.txt`` for this build."""
    config = app.config
    env = app.env
    profile = site_profile(app.srcdir, config)
    name = profile.name if profile else config.project
    if profile and profile.native_name:
        name += f" ({profile.native_name})"
    lines = [f"# {markdown_text(name)}"]
    descriptions = metadata.page_descriptions(env)
    if summary := descriptions.get(config.root_doc):
        lines += ["", f"> {markdown_text(summary)}"]
    if profile:
        where = profile.affiliation
        if profile.lab:
            where += f", {profile.lab.label}"
        if profile.location:
            where += f"; {profile.location}"
        lines += ["", markdown_text(where + ".")]
    if topics := interests(app):
        lines += ["", "Research interests:", ""]
        lines += [f"- {markdown_text(topic)}" for topic in topics]

    pages = [
        link_item(
            env.titles[docname].astext() if docname in env.titles else docname,
            urls.page_url(config, app.builder, docname),
            markdown_text(descriptions.get(docname, "")),
        )
        for docname in _pages_in_order(app)
    ]
    lines += _section("Pages", pages)
    lines += _section("Papers", [paper_item(app, paper) for paper in site_papers(app)])

    contact = []
    if profile and profile.email:
        contact.append(link_item("E-mail", "mailto:" + profile.email, profile.email))
    if profile and profile.lab:
        contact.append(link_item(profile.lab.label, profile.lab.url))
    if profile:
        contact += [link_item(link.label, link.url) for link in profile.links]
    lines += _section("Contact", contact)

    optional = []
    for language, base in i18n.edition_base_urls(config).items():
        if base != urls.base_url(config):  # another edition than this one
            label = i18n.language_label(language)
            notes = f"the same pages in {english_name(language)}"
            optional.append(link_item(label, base, notes))
    if feed.feed_enabled(app):
        feed_url = urls.file_url(config, homepage_config(config).feed_file)
        optional.append(link_item("News feed", feed_url, "Atom feed of the news"))
    lines += _section("Optional", optional)
    return "\n".join(lines) + "\n"


def _write_llms_txt(app: Sphinx, exception: Exception | None) -> None:
    if (
        exception is not None
        or not urls.is_html_site(app)
        or not homepage_config(app).llms_file
        or not urls.base_url(app.config)  # its links must be absolute
        or not i18n.is_root_edition(app.config)
    ):
        return
    write_if_changed(Path(app.outdir, homepage_config(app).llms_file), llms_text(app))


def setup_llms(app: Sphinx) -> None:
    """Write ``llms.txt`` at the site's root when the build finishes."""
    app.connect("build-finished", _write_llms_txt)

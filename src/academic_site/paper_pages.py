"""One small page per paper, for Google Scholar and for links to a paper.

Google Scholar indexes a paper from a page about that one paper, carrying its
Highwire Press ``citation_*`` meta tags; the publications list is about many
papers, so each entry of the ``.bib`` also gets ``papers/<key>.html`` with its
title, authors, venue, links, BibTeX, those tags and a schema.org
``ScholarlyArticle``. The pages are generated (``html-collect-pages``) from
the same ``.bib`` through :func:`academic_site.bibliography.load_papers`; the
publication list links to them by :func:`paper_pagename`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pybtex.database import BibliographyData, Entry, parse_file
from pybtex.scanner import PybtexError
from sphinx.locale import get_translation
from sphinx.util import logging

from academic_site import structured_data, urls
from academic_site.bibliography import Paper, load_papers
from academic_site.datafile import WARNING_TYPE, DataFileError
from academic_site.profile import Profile, load_profile

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config

_ = get_translation("academic_site")
logger = logging.getLogger(__name__)

#: Warning subtype for a ``.bib`` file the pages cannot be made from.
SUBTYPE = "bibliography"

#: The template of a paper's page (``templates/`` of this package).
TEMPLATE = "academic-site-paper.html"
TEMPLATES = Path(__file__).parent / "templates"

#: Fields only this site reads (see :mod:`academic_site.bibliography`); the
#: BibTeX offered to readers leaves them out.
SITE_FIELDS = frozenset(
    {"equal_contribution", "status", "venue_short", "code", "pdf", "project"}
    | {"selected"}
)

#: Characters a page name may keep from a BibTeX key.
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def paper_pagename(config: Config, key: str) -> str:
    """The page name of the paper with BibTeX key *key* (``papers/<key>``)."""
    return f"{config.homepage_papers_dir}/{_UNSAFE.sub('-', key)}"


def bib_paths(srcdir: str | Path, config: Config) -> list[Path]:
    """The site's ``.bib`` files (``bibtex_bibfiles``, globs allowed)."""
    paths: list[Path] = []
    for pattern in getattr(config, "bibtex_bibfiles", None) or []:
        matches = sorted(Path(srcdir).glob(pattern))
        paths.extend(matches or [Path(srcdir, pattern)])
    return paths


@functools.lru_cache(maxsize=8)
def _read_bib(path: Path, mtime_ns: int) -> tuple[tuple[Paper, ...], dict[str, str]]:
    papers = tuple(load_papers(path))
    data = parse_file(str(path), bib_format="bibtex")
    bibtex = {}
    for key, entry in data.entries.items():
        fields = [
            (k, v) for k, v in entry.fields.items() if k.lower() not in SITE_FIELDS
        ]
        shown = Entry(entry.type, fields=fields, persons=entry.persons)
        bibtex[key] = BibliographyData(entries={key: shown}).to_string("bibtex")
    return papers, bibtex


def read_bib(path: Path) -> tuple[tuple[Paper, ...], dict[str, str]]:
    """The papers of *path*, and each one's BibTeX as shown to readers."""
    try:
        mtime_ns = path.stat().st_mtime_ns
    except OSError:
        mtime_ns = -1
    return _read_bib(path, mtime_ns)


def site_papers(srcdir: str | Path, config: Config) -> list[tuple[Paper, str]]:
    """Every paper of the site with its BibTeX; a broken file is reported."""
    result = []
    for path in bib_paths(srcdir, config):
        try:
            papers, bibtex = read_bib(path)
        except (OSError, PybtexError) as error:
            logger.warning(
                f"cannot read the bibliography: {error}",
                type=WARNING_TYPE,
                subtype=SUBTYPE,
                location=str(path),
            )
            continue
        result.extend((paper, bibtex.get(paper.key, "")) for paper in papers)
    return result


def site_profile(srcdir: str | Path, config: Config) -> Profile | None:
    """The owner's profile, or ``None`` (the profile directive reports errors)."""
    try:
        return load_profile(Path(srcdir, config.homepage_profile_file))
    except DataFileError:
        return None


def highwire_tags(paper: Paper, page: str) -> list[tuple[str, str]]:
    """Google Scholar's ``citation_*`` meta tags for *paper*, in its order."""
    tags = [("citation_title", paper.title)]
    tags += [("citation_author", author) for author in paper.authors]
    if paper.year:
        tags.append(("citation_publication_date", paper.year))
    if paper.venue and not paper.venue.lower().startswith("arxiv"):
        kind = (
            "citation_journal_title"
            if paper.entry_type == "article"
            else "citation_conference_title"
        )
        tags.append((kind, paper.venue))
    if paper.doi:
        tags.append(("citation_doi", paper.doi))
    if paper.arxiv:
        tags.append(("citation_arxiv_id", paper.arxiv))
    if pdf := structured_data.pdf_url(paper):
        tags.append(("citation_pdf_url", pdf))
    tags.append(("citation_abstract_html_url", page))
    return tags


@dataclass(frozen=True)
class Author:
    """One author as a paper's page shows them."""

    name: str
    #: The site's owner, shown in bold.
    is_owner: bool
    #: Marked with ``*`` (equal contribution).
    is_equal: bool


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, URL) of each place to read or get the paper, without repeats."""
    links = [
        (_("PDF"), structured_data.pdf_url(paper)),
        (_("Code"), paper.code),
        (_("Project"), paper.project),
        (_("DOI"), structured_data.doi_url(paper.doi) if paper.doi else None),
        (_("arXiv"), structured_data.arxiv_url(paper.arxiv) if paper.arxiv else None),
        (_("Paper page"), paper.url),
    ]
    seen: set[str] = set()
    result = []
    for label, url in links:
        if url and url not in seen:
            seen.add(url)
            result.append((label, url))
    return result


def paper_description(paper: Paper) -> str:
    """A one-sentence description of the paper for its page's meta tags."""
    authors = ", ".join(paper.authors[:3])
    if len(paper.authors) > 3:
        authors += " " + _("et al.")
    venue = ", ".join(part for part in (paper.venue, paper.year) if part)
    parts = [paper.title, authors, venue]
    return " ".join(p if p.endswith(".") else p + "." for p in parts if p)


def _collect_paper_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if not app.config.homepage_papers_dir or getattr(app.builder, "embedded", False):
        return
    config = app.config
    base = urls.base_url(config)
    owner = site_profile(app.srcdir, config)
    for paper, bibtex in site_papers(app.srcdir, config):
        pagename = paper_pagename(config, paper.key)
        page = urls.page_url(config, app.builder, pagename)
        metatags = "".join(
            f'<meta name="{name}" content="{_attribute(value)}">\n'
            for name, value in highwire_tags(paper, page)
        )
        article = structured_data.scholarly_article(paper, page, owner, base)
        metatags += structured_data.script_tag(
            {"@context": structured_data.CONTEXT, **article}
        )
        authors = [
            Author(
                name=name,
                is_owner=owner is not None and name == owner.name,
                is_equal=name in paper.equal_contribution,
            )
            for name in paper.authors
        ]
        context = {
            "title": paper.title,
            "metatags": metatags,
            "paper": paper,
            "paper_authors": authors,
            "paper_links": paper_links(paper),
            "paper_bibtex": bibtex,
            "publications_page": config.homepage_publications_page,
            "homepage_description": paper_description(paper),
            "homepage_og_type": "article",
        }
        yield pagename, context, TEMPLATE


def _attribute(value: str) -> str:
    return (
        value.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def _add_templates(app: Sphinx, config: Config) -> None:
    # After the project's own templates, so a project may override the page.
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup_paper_pages(app: Sphinx) -> None:
    """Generate ``papers/<key>.html`` for each paper of the ``.bib``."""
    app.connect("config-inited", _add_templates)
    app.connect("html-collect-pages", _collect_paper_pages)

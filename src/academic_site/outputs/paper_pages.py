"""One small page per paper, for Google Scholar and for links to a paper.

Google Scholar indexes a paper from a page about that one paper, carrying its
Highwire Press ``citation_*`` meta tags; the publications list is about many
papers, so each entry of the ``.bib`` also gets ``papers/<key>.html`` with its
title, authors, venue, links, BibTeX, those tags and a schema.org
``ScholarlyArticle``. The pages are generated (``html-collect-pages``) from
the site's paper model (:func:`academic_site.papers.bibliography.site_papers`), as
the publication list is; the publication list links to them by
:func:`paper_pagename`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import get_translation
from sphinx.util import logging

from academic_site.outputs import structured_data
from academic_site.papers import paper_files
from academic_site.papers.bibliography import (
    Paper,
    PaperModel,
    normalise_title,
    paper_links,
    pdf_url,
    site_papers,
)
from academic_site.papers.names import key_of_name
from academic_site.site import escaping, urls
from academic_site.site.config import homepage_config
from academic_site.sources.profile import site_profile

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config

_ = get_translation("academic_site")
logger = logging.getLogger(__name__)


#: The template of a paper's page (``templates/`` of this package).
TEMPLATE = "academic-site-paper.html"
TEMPLATES = Path(__file__).parent.parent / "templates"

#: Characters a page name may keep from a BibTeX key.
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def page_title(model: PaperModel, paper: Paper) -> str:
    """The title of the paper's page: its own, with its venue and year when
    another paper has the same title (so every page's title is its own)."""
    if normalise_title(paper.title) not in model.shared_titles:
        return paper.title
    where = ", ".join(filter(None, [paper.venue_short or paper.venue, paper.year]))
    return f"{paper.title} ({where})" if where else paper.title


def paper_pagename(config: Config, key: str) -> str:
    """The page name of the paper with BibTeX key *key* (``papers/<key>``).

    A key with letters beyond ASCII (``müller2023x``) gets a short digest of
    the whole key, so two keys that differ only there (``möller2023x``) never
    write one page. An ASCII key keeps the name it always had
    (``DBLP:conf/nips/HuangH24`` -> ``DBLP-conf-nips-HuangH24``), so no
    published address moves.
    """
    name = _UNSAFE.sub("-", key)
    if not key.isascii():
        name += "-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{homepage_config(config).papers_dir}/{name}"


def highwire_tags(
    paper: Paper, page: str, pdf: str | None = None
) -> list[tuple[str, str]]:
    """Google Scholar's ``citation_*`` meta tags for *paper*, in its order;
    *pdf* is the absolute URL of its PDF (else :func:`pdf_url`'s)."""
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
    if pdf := pdf or pdf_url(paper):
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


def paper_description(paper: Paper) -> str:
    """A one-sentence description of the paper for its page's meta tags."""
    authors = ", ".join(paper.authors[:3])
    if len(paper.authors) > 3:
        authors += " " + _("et al.")
    venue = ", ".join(part for part in (paper.venue, paper.year) if part)
    parts = [paper.title, authors, venue]
    return " ".join(p if p.endswith(".") else p + "." for p in parts if p)


def has_paper_pages(app: Sphinx) -> bool:
    """Whether this build writes a page per paper (not an embedded format)."""
    return bool(homepage_config(app.env).papers_dir) and not getattr(
        app.builder, "embedded", False
    )


def paper_page_names(app: Sphinx) -> list[str]:
    """The names of the build's paper pages, in the order of the ``.bib``."""
    if not has_paper_pages(app):
        return []
    papers = site_papers(app.env).papers
    return [paper_pagename(app.config, paper.key) for paper in papers]


def _collect_paper_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if not has_paper_pages(app):
        return
    settings = homepage_config(app.env)
    config = app.config
    base = urls.base_url(config)
    owner = site_profile(app.srcdir, config)
    written = _WrittenPages(app, owner)
    owner_keys = {key_of_name(name) for name in settings.owner_names}

    def is_owner(name: str) -> bool:
        # The owner's name variants (homepage_owner_names), as the list bolds
        # them, or the profile's name.
        return key_of_name(name) in owner_keys or (
            owner is not None and name == owner.name
        )

    file_urls = paper_files.absolute_urls(app.env, config)
    for paper in site_papers(app.env).papers:
        pagename = paper_pagename(config, paper.key)
        if written.unchanged(pagename, paper):
            continue
        page = urls.page_url(config, app.builder, pagename)
        pdf = pdf_url(paper, file_urls)
        metatags = "".join(
            escaping.meta_tag(value, name=name)
            for name, value in highwire_tags(paper, page, pdf)
        )
        article = structured_data.scholarly_article(
            paper, page, owner, base, settings.owner_names, pdf
        )
        metatags += structured_data.script_tag(
            {"@context": structured_data.CONTEXT, **article}
        )
        authors = [
            Author(
                name=name,
                is_owner=is_owner(name),
                is_equal=name in paper.equal_contribution,
            )
            for name in (paper.authors or paper.editors)
        ]
        base_name = pagename.rsplit("/", 1)[-1]
        context = {
            # The theme's templates take the title as HTML (Sphinx's own are).
            "title": escaping.text(page_title(site_papers(app.env), paper)),
            "metatags": metatags,
            "paper": paper,
            "paper_authors": authors,
            "paper_links": paper_links(
                paper,
                functools.partial(
                    paper_files.relative_url, app.env, app.builder, pagename
                ),
            ),
            "paper_bibtex": paper.bibtex,
            "paper_exports": [
                ("RIS", base_name + ".ris"),
                ("CSL-JSON", base_name + ".json"),
            ],
            "paper_venue": ", ".join(
                part for part in (paper.venue, paper.year) if part
            ),
            "publications_page": settings.publications_page,
            "homepage_description": paper_description(paper),
            "homepage_og_type": "article",
        }
        yield pagename, context, TEMPLATE
    written.save()


class _WrittenPages:
    """What each paper page was written from, to write only those that change.

    Sphinx writes the pages of ``html-collect-pages`` in every build; a page
    is skipped when the site's navigation around it (each document's title,
    table of contents and toctree), the configuration, templates, owner and
    paper are those it was written from, and its file is still there. The
    digests are kept beside the doctrees: finishing a build happens after
    the environment is saved.
    """

    def __init__(self, app: Sphinx, owner: object) -> None:
        self.app = app
        self.path = Path(app.doctreedir, STATE_FILE)
        try:
            self.previous = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        builder = app.builder
        env = app.env
        info = getattr(builder, "build_info", None)
        templates = getattr(builder, "templates", None)
        navigation = [
            (
                docname,
                env.titles[docname].astext() if docname in env.titles else "",
                env.tocs[docname].astext() if docname in env.tocs else "",
                env.toctree_includes.get(docname, []),
            )
            for docname in sorted(env.all_docs)
        ]
        self.context = repr(
            (
                getattr(info, "config_hash", None),
                getattr(info, "tags_hash", None),
                templates.newest_template_mtime() if templates else None,
                owner,
                navigation,
            )
        )
        self.digests: dict[str, str] = {}

    def digest(self, paper: Paper) -> str:
        text = repr((self.context, paper))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def unchanged(self, pagename: str, paper: Paper) -> bool:
        """Whether the page of *paper* is as written; records its digest."""
        digest = self.digests[pagename] = self.digest(paper)
        outfile = Path(self.app.builder.get_outfilename(pagename))
        return self.previous.get(pagename) == digest and outfile.is_file()

    def save(self) -> None:
        if self.digests != self.previous:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.digests, indent=0), "utf-8")


#: The file, beside the doctrees, of the digests of the written paper pages.
STATE_FILE = "homepage-paper-pages.json"


def _add_templates(app: Sphinx, config: Config) -> None:
    # After the project's own templates, so a project may override the page.
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup_paper_pages(app: Sphinx) -> None:
    """Generate ``papers/<key>.html`` for each paper of the ``.bib``."""
    app.connect("config-inited", _add_templates)
    app.connect("html-collect-pages", _collect_paper_pages)

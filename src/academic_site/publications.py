"""The publication list: one ``.bib`` file, read by sphinxcontrib-bibtex.

``{publications}`` lists every paper under one heading per year, newest
first (the years are real sections, so the page's contents list them);
``{publications}`` with ``:selected:`` lists the papers marked
``selected = {true}``, each title linking to its full entry. Each list is a
sphinxcontrib-bibtex bibliography (so the ``.bib`` files, the cache and the
``homepage`` pybtex style of :mod:`academic_site.pubstyle` are its own); this
module renders the formatted entries as accessible HTML -- real ``<ul>``
lists instead of docutils' citation list and its ARIA roles -- in a
post-transform that runs just before sphinxcontrib-bibtex's own.

Markup of one entry (the interface other components build on)::

    <li class="publication" id="KEY">            ids: anchor(bibtex key)
      <p class="publication-reference">Authors (Year). <cite>Title</cite>. Venue.</p>
      <details class="publication-authors">…all N authors…</details>   (long lists)
      <p class="publication-meta">                 badge, status, links
        <span class="publication-venue">EMNLP</span>
        <span class="publication-status">EMNLP 2024 main</span>
        <a class="publication-link">PDF</a> …
      </p>
      <details class="publication-bibtex">…the entry's BibTeX…</details>
    </li>

In the doctree the entry is a ``list_item`` with class ``publication`` whose
``ids`` hold the anchor (:func:`anchor`: the key as docutils ids it; each of
the site's keys is its own anchor) and whose ``publication_key`` attribute is
the BibTeX key itself; it holds one ``paragraph`` with class
``publication-meta``. A later post-transform (priority above 4, e.g.
per-paper citation counts) finds the entries with ``[item for item in
document.findall(nodes.list_item) if "publication" in item["classes"]]`` and
may append an inline node to their ``publication-meta`` paragraph. Each
anchor of the full list is also a ``std`` label, so ``[text](#key)`` links to
a paper from any page.

The ``.bib`` files are read by :mod:`academic_site.bibcheck` when the builder
starts, before sphinxcontrib-bibtex would: problems become typed warnings
naming file, line and key, and sphinxcontrib-bibtex is handed the forgiving
result through its own cache (a ``BibData`` whose modification times match),
so it never parses the file itself and a broken entry cannot abort the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.states import RSTState
from pybtex.plugin import find_plugin
from pybtex_docutils import Backend
from sphinx import addnodes
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime
from sphinxcontrib.bibtex.directives import BibliographyDirective, BibliographyKey
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node

from academic_site import bibcheck, paper_pages
from academic_site.bibliography import (
    Paper,
    bibtex_source,
    paper_from_entry,
    paper_links,
    plain_text,
)
from academic_site.pubstyle import EQUAL_MARK, HomepageStyle, register_style, year_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinxcontrib.bibtex.domain import BibtexDomain, Citation

_ = get_translation("academic_site")
logger = logging.getLogger(__name__)

#: The node attribute that marks a bibliography as ours, and its layout.
LAYOUT = "homepage_layout"

#: Only ``selected = {true}`` (or yes/1, any case) entries.
SELECTED_FILTER = 'selected % "^ *(true|yes|1) *$"'


# -- nodes: <details> and <summary> ---------------------------------------------
class details(nodes.General, nodes.Element):
    """A disclosure block: ``<details>`` in HTML, its content elsewhere."""


class summary(nodes.General, nodes.TextElement):
    """The always-visible label of a :class:`details` block."""


def visit_details_html(self: HTML5Translator, node: details) -> None:
    self.body.append(self.starttag(node, "details"))


def depart_details_html(self: HTML5Translator, node: details) -> None:
    self.body.append("</details>\n")


def visit_summary_html(self: HTML5Translator, node: summary) -> None:
    self.body.append(self.starttag(node, "summary", suffix=""))


def depart_summary_html(self: HTML5Translator, node: summary) -> None:
    self.body.append("</summary>\n")


def _visit_content(self: Any, node: nodes.Element) -> None:
    """Other builders show what a disclosure block holds."""


def _depart_content(self: Any, node: nodes.Element) -> None:
    pass


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


# -- the directive ----------------------------------------------------------------
class PublicationsDirective(BibliographyDirective):
    """A sphinxcontrib-bibtex bibliography of the site's papers.

    No options: every paper, grouped by year. ``:selected:``: the selected
    papers only, compact, each linking to its entry in the full list.
    """

    has_content = False
    optional_arguments = 0
    option_spec = {"selected": directives.flag}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        if "selected" in self.options:
            return self.bibliography("selected", SELECTED_FILTER)
        # (MyST's mock state has no ``parent``; MyST keeps directives in sections.)
        parent = self.state.parent if isinstance(self.state, RSTState) else None
        if parent is not None and not isinstance(
            parent, (nodes.section, nodes.document)
        ):
            return self.bibliography("full", None)  # no sections here: one list
        # One section per year, newest first, made now so that the page's
        # table of contents lists the years; each holds one bibliography.
        domain = cast("BibtexDomain", self.env.get_domain("cite"))
        entries = list(domain.get_entries(list(domain.bibdata.bibfiles)))
        years = sorted({year_of(entry) for entry in entries}, key=lambda y: -(y or 0))
        result: list[nodes.Node] = []
        for year in years:
            label = str(year) if year else _("Undated")
            section = nodes.section(classes=["publication-year"])
            section_id = f"year-{year}" if year else "year-undated"
            if section_id not in self.state.document.ids:
                section["ids"].append(section_id)
                self.state.document.ids[section_id] = section
            section += nodes.title(label, label)
            year_filter = f'year % "{year}"' if year else 'not year % "[0-9]{4}"'
            section += self.bibliography("full", year_filter)
            result.append(section)
        return result

    def bibliography(self, layout: str, filter_: str | None) -> list[nodes.Node]:
        """One sphinxcontrib-bibtex bibliography of *layout*, *filter_* or all."""
        self.options = {"list": "bullet"}
        if filter_:
            self.options["filter"] = filter_
        else:
            self.options["all"] = None
        result = list(super().run())
        result[-1][LAYOUT] = layout
        if layout == "full":
            self.note_paper_labels(result[-1])
        return result

    def note_paper_labels(self, node: bibliography_node) -> None:
        """Make each paper's anchor a label, so any page can link to it."""
        domain = cast("BibtexDomain", self.env.get_domain("cite"))
        bib_key = BibliographyKey(node["docname"], node["ids"][0])
        std = self.env.domains.standard_domain
        for key, entry in domain.get_filtered_entries(bib_key):
            title = plain_text(entry.fields.get("title", ""))
            std.note_hyperlink_target(anchor(key), self.env.docname, anchor(key), title)


# -- rendering --------------------------------------------------------------------
class _PublicationBackend(Backend):
    """pybtex-docutils, plus ``cite`` for titles (``<cite>``)."""

    tags = {**Backend.tags, "cite": nodes.title_reference}  # noqa: RUF012


def anchor(key: str) -> str:
    """The HTML id of a paper: docutils' ``make_id`` of its key (lower case,
    other characters as hyphens), after ``paper-`` if the key starts with no
    letter (ACM DL keys are DOIs: ``10.1145/3704435``)."""
    return nodes.make_id(key if key[:1].isalpha() else f"paper-{key}")


class PublicationListTransform(SphinxPostTransform):
    """Render ``{publications}`` bibliographies as real lists of entries."""

    # sphinxcontrib-bibtex's BibliographyTransform has priority 5: run first,
    # so the bibliographies it would turn into citation lists are already ours.
    default_priority = 4
    backend = _PublicationBackend()

    def run(self, **kwargs: Any) -> None:
        if not any(self.document.findall(bibliography_node)):
            return  # also: no sphinxcontrib-bibtex, no "cite" domain
        domain = cast("BibtexDomain", self.env.get_domain("cite"))
        self.legend_needed = False
        legend_shown = False
        for bibnode in list(self.document.findall(bibliography_node)):
            layout = bibnode.get(LAYOUT)
            if not layout:
                continue
            bib_key = BibliographyKey(bibnode["docname"], bibnode["ids"][0])
            bibliography = domain.bibliographies[bib_key]
            style = self._style(bibliography.style)
            citations = [c for c in domain.citations if c.bibliography_key == bib_key]
            entries = [self.entry(citation, style, layout) for citation in citations]
            listing = nodes.bullet_list(classes=["publications"])
            listing += entries
            if self.legend_needed and not legend_shown:
                legend_shown = True  # once per page, before the first list
                self.insert_legend(bibnode)
            # replace_self would hand the bibliography's own (unused) id to
            # the list.
            bibnode["ids"] = []
            bibnode.replace_self(listing)

    def insert_legend(self, bibnode: bibliography_node) -> None:
        """The equal-contribution legend, before the list or the first year."""
        target: nodes.Element = bibnode
        if "publication-year" in bibnode.parent["classes"]:
            target = next(
                child
                for child in bibnode.parent.parent.children
                if isinstance(child, nodes.section)
                and "publication-year" in child["classes"]
            )
        target.parent.insert(target.parent.index(target), self.legend())

    def _style(self, name: str) -> HomepageStyle | None:
        style = find_plugin("pybtex.style.formatting", name)()
        return style if isinstance(style, HomepageStyle) else None

    def legend(self) -> nodes.paragraph:
        legend = nodes.paragraph(classes=["publication-legend"])
        legend += nodes.superscript(EQUAL_MARK, EQUAL_MARK)
        legend += nodes.Text(" " + _("indicates equal contribution."))
        return legend

    def entry(
        self,
        citation: Citation,
        style: HomepageStyle | None,
        layout: str,
    ) -> nodes.list_item:
        entry = citation.entry
        paper = paper_from_entry(entry.key, entry)
        paper_id = anchor(entry.key)
        item = nodes.list_item(
            ids=[paper_id], classes=["publication"], publication_key=entry.key
        )
        self.document.ids.setdefault(paper_id, item)
        reference = nodes.paragraph(classes=["publication-reference"])
        reference += citation.formatted_entry.text.render(self.backend)
        if paper.equal_contribution:
            self.legend_needed = True
        if layout == "selected":
            self.link_title(reference, entry.key)
        item += reference
        if style is not None and style.is_shortened(entry):
            authors = details(classes=["publication-authors"])
            count = len(style.authors(entry))
            authors += summary("", _("All {count} authors").format(count=count))
            authors += nodes.paragraph(
                "", "", *style.format_authors(entry, full=True).render(self.backend)
            )
            item += authors
        item += self.meta(paper)
        if layout == "full":
            bibtex = details(classes=["publication-bibtex"])
            bibtex += summary("", "BibTeX")
            source = bibtex_source(entry)
            block = nodes.literal_block(source, source, language="none")
            bibtex += block
            item += bibtex
        return item

    def meta(self, paper: Paper) -> nodes.paragraph:
        meta = nodes.paragraph(classes=["publication-meta"])
        pieces: list[nodes.Node] = []
        if paper.venue_short:
            pieces.append(
                nodes.inline("", paper.venue_short, classes=["publication-venue"])
            )
        if paper.status:
            status = nodes.inline("", paper.status, classes=["publication-status"])
            pieces.append(status)
        for label, url in paper_links(paper):
            pieces.append(
                nodes.reference(label, label, refuri=url, classes=["publication-link"])
            )
        for index, piece in enumerate(pieces):
            if index:
                meta += nodes.Text(" ")
            meta += piece
        return meta

    def link_title(self, reference: nodes.paragraph, key: str) -> None:
        """Make the title link to the paper's entry in the full list."""
        paper_id = anchor(key)
        title = next(iter(reference.findall(nodes.title_reference)), None)
        if title is None or paper_id not in self.env.domains.standard_domain.labels:
            return
        xref = addnodes.pending_xref(
            "",
            nodes.inline("", title.astext()),
            refdomain="std",
            reftype="ref",
            reftarget=paper_id,
            refexplicit=True,
            refwarn=True,
        )
        title.children = []
        title += xref


class PaperPageLinks(SphinxPostTransform):
    """Link each title of the full list to the paper's own page.

    The pages (``papers/<key>``, :mod:`academic_site.paper_pages`) are made
    by the standalone HTML builder only, so only its output links to them.
    """

    default_priority = 6  # after PublicationListTransform built the entries
    builders = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not self.config.homepage_papers_dir:
            return
        suffix = self.config.html_link_suffix
        if suffix is None:
            suffix = self.config.html_file_suffix or ".html"
        here = self.env.docname + suffix
        for item in self.document.findall(nodes.list_item):
            key = item.get("publication_key")
            title = next(iter(item.findall(nodes.title_reference)), None)
            # A selected entry's title already links to the full list.
            if (
                key is None
                or title is None
                or any(title.findall(nodes.Element, include_self=False))
            ):
                continue
            page = paper_pages.paper_pagename(self.config, key) + suffix
            link = nodes.reference("", "", refuri=relative_uri(here, page))
            link.extend(list(title.children))
            title.clear()
            title += link


# -- reading the .bib files first -------------------------------------------------
def read_bibfiles(app: Sphinx) -> None:
    """Check the ``.bib`` files and hand sphinxcontrib-bibtex the result."""
    register_style(app.config.homepage_owner_names)
    # Without sphinxcontrib-bibtex (a site with no papers) there is nothing to read.
    if not getattr(app.config, "bibtex_bibfiles", None):
        return
    encoding = app.config.bibtex_encoding
    paths = [(Path(app.confdir) / bib).resolve() for bib in app.config.bibtex_bibfiles]
    result = bibcheck.read_bibfiles([p for p in paths if p.is_file()], encoding)
    bibcheck.warn_problems(result.problems)
    domain = app.env.get_domain("cite")
    # sphinxcontrib-bibtex re-parses only if a file's modification time differs
    # from its cache; a missing file is left for it to report.
    if all(path.is_file() for path in paths):
        domain.data["bibdata"] = BibData(
            encoding=encoding,
            bibfiles={
                path: BibFile(
                    mtime=get_mtime(path), keys=dict.fromkeys(result.keys[path])
                )
                for path in paths
            },
            data=result.data,
        )


def setup_publications(app: Sphinx) -> None:
    """Register the style, the ``publications`` directive and its rendering.

    sphinxcontrib-bibtex is loaded by ``conf.py`` (it refuses to load without
    ``bibtex_bibfiles``), so a site without papers can use the rest.
    """
    # Before sphinxcontrib-bibtex's own builder-inited handler (priority 500).
    app.connect("builder-inited", read_bibfiles, priority=400)
    app.add_directive("publications", PublicationsDirective)
    app.add_post_transform(PublicationListTransform)
    app.add_post_transform(PaperPageLinks)
    content = (_visit_content, _depart_content)
    skipped = (_skip, _depart_content)
    app.add_node(
        details,
        html=(visit_details_html, depart_details_html),
        latex=content,
        text=content,
        man=content,
        texinfo=content,
    )
    app.add_node(
        summary,
        html=(visit_summary_html, depart_summary_html),
        latex=skipped,
        text=skipped,
        man=skipped,
        texinfo=skipped,
    )

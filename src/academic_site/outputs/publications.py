"""The publication list: one ``.bib`` file, read by sphinxcontrib-bibtex.

``{publications}`` lists every paper under one heading per year, newest
first (the years are real sections, so the page's contents list them);
``{publications}`` with ``:selected:`` lists the papers marked
``selected = {true}``, each title linking to its full entry. Each list is a
sphinxcontrib-bibtex bibliography (so the ``.bib`` files, the cache and the
``homepage`` pybtex style of :mod:`academic_site.papers.pubstyle` are its own); this
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
``publication-meta``. A later post-transform (priority above 4) or a
``doctree-resolved`` handler before priority 950 (e.g. per-paper citation
counts, at 900) finds the entries with ``[item for item in
document.findall(nodes.list_item) if "publication" in item["classes"]]`` and
may append an inline node to their ``publication-meta`` paragraph; one left
empty is removed at 950. Each
anchor of the full list is also a ``std`` label, so ``[text](#key)`` links to
a paper from any page.

The ``.bib`` files are read by :mod:`academic_site.papers.bibcheck` when the builder
starts, before sphinxcontrib-bibtex would: problems become typed warnings
naming file, line and key, and sphinxcontrib-bibtex is handed the forgiving
result through its own cache (a ``BibData`` whose modification times match),
so it never parses the file itself and a broken entry cannot abort the build.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.states import RSTState
from docutils.statemachine import StringList
from docutils.transforms import Transform
from pybtex.plugin import find_plugin
from pybtex_docutils import Backend
from sphinx import addnodes
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.images import get_image_size
from sphinx.util.osutil import relative_uri
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime
from sphinxcontrib.bibtex.directives import BibliographyDirective, BibliographyKey
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node

from academic_site.outputs import paper_pages
from academic_site.papers import paper_files
from academic_site.papers.bibliography import (
    Paper,
    bib_paths,
    paper_from_entry,
    paper_links,
    site_papers,
)
from academic_site.papers.pubstyle import HomepageStyle, register_style
from academic_site.papers.rendering import CORRESPONDING_MARK, EQUAL_MARK
from academic_site.site.config import homepage_config
from academic_site.site.subtypes import WARNING_TYPE, Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinxcontrib.bibtex.domain import BibtexDomain, Citation

_ = get_translation("academic_site")
logger = logging.getLogger(__name__)

#: The node attribute that marks a bibliography as ours, and its layout.
LAYOUT = "homepage_layout"

#: The node attribute of a year's section of the full list: the section's id.
YEAR = "homepage_year"


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
        model = site_papers(self.env)
        self.note_previews(
            model.selected if "selected" in self.options else model.papers
        )
        for path in model.missing_files:
            self.env.note_dependency(path)  # read again once the file is there
        if "selected" in self.options:
            if not model.selected and model.papers:
                return self.empty_selection()
            return self.bibliography("selected", [p.key for p in model.selected])
        # (MyST's mock state has no ``parent``; MyST keeps directives in sections.)
        parent = self.state.parent if isinstance(self.state, RSTState) else None
        if parent is not None and not isinstance(
            parent, (nodes.section, nodes.document)
        ):
            return self.bibliography("full", None)  # no sections here: one list
        # One section per year, newest first, made now so that the page's
        # table of contents lists the years. One bibliography holds every
        # paper (sphinxcontrib-bibtex makes a node per entry and bibliography,
        # and scans every entry per filter): the list transform moves each
        # entry into its year's section.
        groups = model.by_year()
        if not groups:
            for path, _keys in model.keys:
                self.env.note_dependency(str(path))  # a first paper shows up
            empty = _("No publications yet.")
            return [nodes.paragraph(empty, empty, classes=["publications-empty"])]
        result: list[nodes.Node] = []
        for year, _papers in groups:
            # The heading comes from the extension's catalog ("{year} 年"), not
            # from one message per year in the page's.
            label = _("{year}").format(year=year) if year else _("Undated")
            section = nodes.section(classes=["publication-year"])
            section[YEAR] = year_id(year)
            if section[YEAR] not in self.state.document.ids:
                section["ids"].append(section[YEAR])
                self.state.document.ids[section[YEAR]] = section
            section += nodes.title(label, label, translatable=False)
            result.append(section)
        result[0] += self.bibliography("full", None)
        return [self.downloads(), *result]

    def downloads(self) -> nodes.paragraph:
        """Links to the whole list as RIS and CSL-JSON (outputs.exports)."""
        # Translated by the extension's catalog, not the page's.
        paragraph = nodes.paragraph(
            classes=["publication-downloads"], translatable=False
        )
        name = homepage_config(self.env).publications_page.rsplit("/", 1)[-1]
        links = {"ris": ("RIS", ".ris"), "json": ("CSL-JSON", ".json")}
        sentence = str(_("The whole list is also available as {ris} and {json}."))
        for piece in re.split(r"(\{ris\}|\{json\})", sentence):
            if piece in ("{ris}", "{json}"):
                label, suffix = links[piece[1:-1]]
                uri = relative_uri(self.env.docname, name + suffix)
                paragraph += nodes.reference(label, label, refuri=uri)
            elif piece:
                paragraph += nodes.Text(piece)
        return paragraph

    def empty_selection(self) -> list[nodes.Node]:
        """No paper is selected: one warning, and neither list nor heading."""
        logger.warning(
            "no paper of the .bib is marked 'selected = {true}': the selected "
            "publications and their heading are left out",
            type=WARNING_TYPE,
            subtype=Subtype.PUBLICATIONS,
            location=(self.env.docname, self.lineno),
        )
        for path, _keys in site_papers(self.env).keys:
            self.env.note_dependency(str(path))  # a selection shows up
        pending = nodes.pending(DropEmptySection)
        self.state.document.note_pending(pending)
        return [pending]

    def bibliography(self, layout: str, keys: list[str] | None) -> list[nodes.Node]:
        """One sphinxcontrib-bibtex bibliography of *layout*: the papers with
        *keys*, or every paper."""
        self.options = {"list": "bullet"}
        if keys is None:
            self.options["all"] = None
        else:
            self.options["filter"] = "False"  # the listed keys only
            self.content = StringList(keys)
        result = list(super().run())
        result[-1][LAYOUT] = layout
        if layout == "full":
            self.note_paper_labels()
        return result

    def note_previews(self, papers: tuple[Paper, ...]) -> None:
        """Have Sphinx copy each teaser image and linked file of the source
        directory (the list's images and links are made after reading, when
        Sphinx no longer collects)."""
        for paper in papers:
            paper_files.note_files(self.env, (path for _f, path in paper.files))
            if paper.preview and not paper.preview.startswith("https://"):
                path = paper.preview.lstrip("/")
                if Path(self.env.srcdir, path).is_file():
                    self.env.images.add_file(self.env.docname, path)
                    self.env.note_dependency(path)

    def note_paper_labels(self) -> None:
        """Make each paper's anchor a label, so any page can link to it; the
        key itself names it too, so ``publications.md#<key>`` works for a key
        that is not its own anchor (``DBLP:journals/corr/abs-…``)."""
        std = self.env.domains.standard_domain
        for paper in site_papers(self.env).papers:
            paper_id = anchor(paper.key)
            for name in dict.fromkeys((paper_id, paper.key)):
                std.note_hyperlink_target(name, self.env.docname, paper_id, paper.title)


class DropEmptySection(Transform):
    """Remove the section of an empty selection, if it holds nothing else
    (its heading would announce nothing); else only the placeholder."""

    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        node = self.startnode
        section = node.parent
        if isinstance(section, nodes.section) and all(
            child is node or isinstance(child, nodes.title)
            for child in section.children
        ):
            section.parent.remove(section)
        else:
            node.parent.remove(node)


def year_id(year: int | None) -> str:
    """The id of a year's section of the full list (``year-2024``)."""
    return f"year-{year}" if year else "year-undated"


# -- rendering --------------------------------------------------------------------
class _PublicationBackend(Backend):
    """pybtex-docutils, plus ``cite`` for titles (``<cite>``)."""

    tags = {**Backend.tags, "cite": nodes.title_reference}  # noqa: RUF012


#: The environment attribute keeping the formatted entries between builds.
FORMATTED = "homepage_formatted_entries"

#: The pybtex styles made in this build, by name (emptied when it starts).
_styles: dict[str, object] = {}


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
        model = site_papers(self.env)
        self.legend_needed = False
        #: The marks the lists of the page use: the legend explains those.
        self.legend_marks: set[str] = set()
        legend_shown = False
        bibnodes = [node for node in self.document.findall(bibliography_node)]
        citations: dict[BibliographyKey, list[Citation]] = {}
        for citation in domain.citations:  # one pass, not one per list
            citations.setdefault(citation.bibliography_key, []).append(citation)
        for bibnode in bibnodes:
            layout = bibnode.get(LAYOUT)
            if not layout:
                continue
            bib_key = BibliographyKey(bibnode["docname"], bibnode["ids"][0])
            style = self._style(domain.bibliographies[bib_key].style)
            entries = [
                self.entry(citation, model.by_key.get(citation.key), style, layout)
                for citation in citations.get(bib_key, [])
            ]
            if self.legend_needed and not legend_shown:
                legend_shown = True  # once per page, before the first list
                self.insert_legend(bibnode)
            # replace_self would hand the bibliography's own (unused) id to
            # the list.
            bibnode["ids"] = []
            if YEAR in bibnode.parent:
                self.fill_years(bibnode, entries)
                continue
            listing = nodes.bullet_list(classes=["publications"])
            listing += entries
            bibnode.replace_self(listing)

    def fill_years(
        self, bibnode: bibliography_node, entries: list[nodes.list_item]
    ) -> None:
        """Put each entry of the one full list into its year's section."""
        sections = {
            section[YEAR]: section
            for section in bibnode.parent.parent.children
            if isinstance(section, nodes.section) and YEAR in section
        }
        listings: dict[str, nodes.bullet_list] = {}
        for item in entries:
            year = item.get(YEAR, year_id(None))
            if year not in listings:
                listings[year] = nodes.bullet_list(classes=["publications"])
            listings[year] += item
        bibnode.parent.remove(bibnode)
        for year, listing in listings.items():
            sections[year] += listing

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
        style = _styles.get(name)
        if style is None:  # one style per build (register_style empties this)
            style = _styles[name] = find_plugin("pybtex.style.formatting", name)()
        return style if isinstance(style, HomepageStyle) else None

    def legend(self) -> nodes.paragraph:
        legend = nodes.paragraph(classes=["publication-legend"])
        if EQUAL_MARK in self.legend_marks:
            legend += nodes.superscript(EQUAL_MARK, EQUAL_MARK)
            legend += nodes.Text(" " + _("indicates equal contribution."))
        if CORRESPONDING_MARK in self.legend_marks:
            if len(legend):
                legend += nodes.Text(" ")
            legend += nodes.superscript(CORRESPONDING_MARK, CORRESPONDING_MARK)
            legend += nodes.Text(" " + _("indicates a corresponding author."))
        return legend

    def entry(
        self,
        citation: Citation,
        paper: Paper | None,
        style: HomepageStyle | None,
        layout: str,
    ) -> nodes.list_item:
        entry = citation.entry
        if paper is None:  # not read by the model: cannot happen, but be safe
            paper = paper_from_entry(entry.key, entry)
        paper_id = anchor(entry.key)
        item = nodes.list_item(
            ids=[paper_id], classes=["publication"], publication_key=entry.key
        )
        item[YEAR] = year_id(paper.year_number)
        self.document.ids.setdefault(paper_id, item)
        reference = nodes.paragraph(classes=["publication-reference"])
        reference += citation.formatted_entry.text.render(self.backend)
        if paper.equal_contribution:
            self.legend_needed = True
            self.legend_marks.add(EQUAL_MARK)
        if paper.corresponding:
            self.legend_needed = True
            self.legend_marks.add(CORRESPONDING_MARK)
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
        if paper.preview:
            item.insert(0, self.preview(paper))
        item += self.meta(paper)
        if layout == "full" and paper.abstract:
            abstract = details(classes=["publication-abstract"])
            abstract += summary("", _("Abstract"))
            abstract += nodes.paragraph(paper.abstract, paper.abstract)
            item += abstract
        if layout == "full":
            bibtex = details(classes=["publication-bibtex"])
            bibtex += summary("", "BibTeX")
            source = paper.bibtex
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
        if paper.award_name:
            award = nodes.inline("", paper.award_name, classes=["publication-award"])
            pieces.append(award)
            if paper.award and paper.award != paper.award_name:
                note = nodes.inline("", paper.award, classes=["publication-status"])
                pieces.append(note)
        if paper.status:
            status = nodes.inline("", paper.status, classes=["publication-status"])
            pieces.append(status)
        # A file of the site is linked once the builder is known.
        for label, url in paper_links(paper, paper_files.pending_url):
            pieces.append(
                nodes.reference(label, label, refuri=url, classes=["publication-link"])
            )
        for index, piece in enumerate(pieces):
            if index:
                meta += nodes.Text(" ")
            meta += piece
        return meta

    def preview(self, paper: Paper) -> nodes.Node:
        """The teaser image: its size (so the page does not jump while it
        loads), its alt text, loaded lazily. A file of the source directory
        is copied by Sphinx; an ``https://`` one is linked as it is."""
        alt = paper.preview_alt or _("Teaser image of {title}").format(
            title=paper.title
        )
        assert paper.preview is not None
        if paper.preview.startswith("https://"):
            return nodes.raw(
                "",
                f'<img class="publication-preview" src="{html.escape(paper.preview)}"'
                f' alt="{html.escape(alt)}" loading="lazy">',
                format="html",
            )
        path = paper.preview.lstrip("/")  # registered when the page was read
        image = nodes.image(
            uri=path,
            candidates={"*": path},
            alt=alt,
            classes=["publication-preview"],
            loading="lazy",
        )
        size = get_image_size(str(Path(self.env.srcdir, paper.preview)))
        if size:
            image["width"], image["height"] = (str(number) for number in size)
        return image

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

    The pages (``papers/<key>``, :mod:`academic_site.outputs.paper_pages`) are made
    by the standalone HTML builder only, so only its output links to them.
    """

    default_priority = 6  # after PublicationListTransform built the entries
    builders = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not homepage_config(self.env).papers_dir:
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


# -- handing the papers to sphinxcontrib-bibtex ----------------------------------
def _hand_papers_to_sphinxcontrib_bibtex(app: Sphinx) -> None:
    """Give sphinxcontrib-bibtex the site's paper model instead of its own parse.

    sphinxcontrib-bibtex (2.7.0, ``builder_inited_cite`` in its
    ``__init__.py``) always parses ``bibtex_bibfiles`` with pybtex through
    ``bibfile.process_bibdata``, which stops at the first broken entry;
    it re-parses only when a file's ``mtime`` differs from the ``BibFile`` in
    its cache, ``domain.data["bibdata"]``. Its documented API (``BibData``,
    ``BibFile``, ``process_bibdata`` in ``sphinxcontrib.bibtex.bibfile``, the
    domain's ``bibdata`` property) offers no event, option or plugin that takes
    parsed data, so this fills that cache, with matching times, before its
    handler runs (priority 500): the model stays the one reading.
    """
    _styles.clear()
    owner_names = tuple(homepage_config(app.env).owner_names)
    model = site_papers(app.env)
    # The formatted entries live as long as the model and the owner's names
    # (the environment is saved with them), so a build that reads no document
    # formats nothing.
    stamp, formatted = getattr(app.env, FORMATTED, ((), {}))
    if stamp != (model.stamp, owner_names):
        stamp, formatted = (model.stamp, owner_names), {}
    setattr(app.env, FORMATTED, (stamp, formatted))
    register_style(owner_names, formatted)
    # Without sphinxcontrib-bibtex (a site with no papers) there is nothing to read.
    if not getattr(app.config, "bibtex_bibfiles", None):
        return
    paths = bib_paths(app.confdir, app.config)
    if not all(path.is_file() for path in paths):
        return  # a missing file is left for sphinxcontrib-bibtex to report
    keys = dict(model.keys)
    domain = app.env.get_domain("cite")
    domain.data["bibdata"] = BibData(
        encoding=app.config.bibtex_encoding,
        bibfiles={
            path: BibFile(mtime=get_mtime(path), keys=dict.fromkeys(keys.get(path, ())))
            for path in paths
        },
        data=model.data,
    )


def _drop_empty_meta(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remove each ``publication-meta`` paragraph left empty once every
    handler had its turn (a paper with no venue, status, link or figure):
    an empty paragraph is a gap on the page and an empty line to a screen
    reader. After the citation counts (``doctree-resolved``, priority 900)."""
    for meta in list(doctree.findall(nodes.paragraph)):
        if "publication-meta" in meta["classes"] and not meta.children:
            meta.parent.remove(meta)


def setup_publications(app: Sphinx) -> None:
    """Register the style, the ``publications`` directive and its rendering.

    sphinxcontrib-bibtex is loaded by ``conf.py`` (it refuses to load without
    ``bibtex_bibfiles``), so a site without papers can use the rest.
    """
    # Before sphinxcontrib-bibtex's own builder-inited handler (priority 500).
    app.connect("builder-inited", _hand_papers_to_sphinxcontrib_bibtex, priority=400)
    app.add_directive("publications", PublicationsDirective)
    app.add_post_transform(PublicationListTransform)
    app.add_post_transform(PaperPageLinks)
    app.connect("doctree-resolved", _drop_empty_meta, priority=950)
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

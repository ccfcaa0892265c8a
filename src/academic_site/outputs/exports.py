"""The papers as RIS and CSL-JSON, what Zotero, EndNote and Mendeley import.

Made from the paper model (:class:`~academic_site.papers.bibliography.Paper`) and each
paper's one rendering (its names: :mod:`academic_site.papers.rendering`), as the
list and the paper pages are: each paper page links to ``<key>.ris`` and
``<key>.json`` beside it, and the whole list is ``<publications page>.ris``
and ``.json`` at the site's root, next to the ``.bib``. RIS is written by
rispy (its tag names and line format); CSL-JSON is the citation-style
language's item schema, plain JSON. A file is written only when its content
changes.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rispy

from academic_site.outputs import paper_pages
from academic_site.papers import paper_files
from academic_site.papers.bibliography import (
    FileUrl,
    Paper,
    arxiv_url,
    bib_paths,
    doi_url,
    pdf_url,
    site_papers,
    without_bookkeeping,
)
from academic_site.papers.rendering import RenderedPaper, rendered_papers
from academic_site.site.config import homepage_config
from academic_site.site.rebuild import OutputStamp, write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: RIS reference types of the BibTeX entry types (RIS's own list).
RIS_TYPES = {
    "article": "JOUR",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "proceedings": "CONF",
    "book": "BOOK",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "unpublished": "UNPB",
    "software": "COMP",
    "online": "ELEC",
    "manual": "BOOK",
    "patent": "PAT",
    "dataset": "DATA",
    "presentation": "SLIDE",
    "talk": "SLIDE",
}

#: CSL item types of the BibTeX entry types.
CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "unpublished": "manuscript",
    "software": "software",
    "online": "webpage",
    "manual": "book",
    "patent": "patent",
    "dataset": "dataset",
    "presentation": "speech",
    "talk": "speech",
}


def _name(parts: tuple[str, str]) -> str:
    family, given = parts
    return f"{family}, {given}" if given else family


def _link(paper: Paper, file_url: FileUrl | None = None) -> str | None:
    if paper.url:
        return paper.url
    if paper.doi:
        return doi_url(paper.doi)
    if paper.arxiv:
        return arxiv_url(paper.arxiv)
    return pdf_url(paper, file_url)  # CSL-JSON has no field of its own for it


def _authors(parts: RenderedPaper) -> tuple[tuple[str, str], ...]:
    """The (family, given) names of the authors, from the paper's rendering
    (none for an edited volume: its names are the editors)."""
    return () if parts.editors else tuple(author.parts for author in parts.authors)


def ris_record(
    paper: Paper, parts: RenderedPaper, file_url: FileUrl | None = None
) -> dict[str, Any]:
    """One paper as a rispy record (rispy's field names), its names from its
    rendering *parts*; a file of the site is linked by *file_url* (an
    absolute URL)."""
    record: dict[str, Any] = {
        "type_of_reference": RIS_TYPES.get(paper.entry_type, "GEN"),
        "id": paper.key,
        "title": paper.title,
    }
    if authors := _authors(parts):
        record["authors"] = [_name(names) for names in authors]
    if paper.editor_parts:
        record["secondary_authors"] = [_name(parts) for parts in paper.editor_parts]
    if paper.year:
        record["year"] = paper.year
    if paper.venue:
        key = "journal_name" if paper.entry_type == "article" else "secondary_title"
        record[key] = paper.venue
    for key, value in (
        ("volume", paper.volume),
        ("number", paper.number),
        ("publisher", paper.publisher),
        ("doi", paper.doi),
        ("abstract", paper.abstract),
    ):
        if value:
            record[key] = value
    if paper.pages:
        start, _dash, end = paper.pages.partition("\u2013")
        record["start_page"] = start
        if end:
            record["end_page"] = end
    if paper.note:
        record["notes"] = [paper.note]
    if link := _link(paper):
        record["urls"] = [link]
    if pdf := pdf_url(paper, file_url):
        record["file_attachments1"] = pdf  # L1, the PDF's link
    return record


class _RisWriter(rispy.RisWriter):
    """rispy's writer without its numbered header line before each record
    (``1.``), which is not RIS: EndNote and Mendeley expect ``TY`` first."""

    def set_header(self, count: int) -> str:
        return ""


def ris(
    papers: list[Paper] | tuple[Paper, ...],
    rendered: Mapping[str, RenderedPaper],
    file_url: FileUrl | None = None,
) -> str:
    """*papers* (*rendered* has their renderings) as one RIS file."""
    records = [ris_record(paper, rendered[paper.key], file_url) for paper in papers]
    return rispy.dumps(records, implementation=_RisWriter)


def csl_item(
    paper: Paper, parts: RenderedPaper, file_url: FileUrl | None = None
) -> dict[str, Any]:
    """One paper as a CSL-JSON item, its names from its rendering *parts*; its
    ``URL`` is the paper's link, else its PDF (a file of the site linked by
    *file_url*)."""
    item: dict[str, Any] = {
        "id": paper.key,
        "type": CSL_TYPES.get(paper.entry_type, "document"),
        "title": paper.title,
    }
    if authors := _authors(parts):
        item["author"] = [_person(names) for names in authors]
    if paper.editor_parts:
        item["editor"] = [_person(parts) for parts in paper.editor_parts]
    if paper.year_number:
        item["issued"] = {"date-parts": [[paper.year_number]]}
    if paper.venue:
        item["container-title"] = paper.venue
    for key, value in (
        ("volume", paper.volume),
        ("issue", paper.number),
        ("page", paper.pages),
        ("publisher", paper.publisher),
        ("DOI", paper.doi),
        ("abstract", paper.abstract),
        ("note", paper.note),
        ("URL", _link(paper, file_url)),
    ):
        if value:
            item[key] = value
    return item


def _person(parts: tuple[str, str]) -> dict[str, str]:
    family, given = parts
    return {"family": family, "given": given} if given else {"literal": family}


def csl_json(
    papers: list[Paper] | tuple[Paper, ...],
    rendered: Mapping[str, RenderedPaper],
    file_url: FileUrl | None = None,
) -> str:
    """*papers* (*rendered* has their renderings) as one CSL-JSON file (a list
    of items)."""
    items = [csl_item(paper, rendered[paper.key], file_url) for paper in papers]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def paper_export_names(key_page: str) -> tuple[str, str]:
    """The RIS and CSL-JSON files of the paper page *key_page* (``papers/k``)."""
    return key_page + ".ris", key_page + ".json"


def list_export_names(app: Sphinx) -> tuple[str, str]:
    """The RIS and CSL-JSON files of the whole list, at the site's root."""
    name = homepage_config(app.env).publications_page.rsplit("/", 1)[-1]
    return name + ".ris", name + ".json"


def _write_exports(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    model = site_papers(app.env)
    if not model.papers:
        return
    outdir = Path(app.outdir)
    file_url = paper_files.absolute_urls(app.env, app.config)
    files = {name: None for name in list_export_names(app)}
    if paper_pages.has_paper_pages(app):
        for paper in model.papers:
            page = paper_pages.paper_pagename(app.config, paper.key)
            files.update(dict.fromkeys(paper_export_names(page), paper))
    # Made from the model and the copies of the site's files (their URLs): if
    # neither changed and the files are there, there is nothing to do.
    copies = sorted((str(path), entry[1]) for path, entry in app.env.dlfiles.items())
    stamp = OutputStamp.of(app, "exports", [model.stamp, copies])
    if stamp.is_current(outdir / name for name in files):
        return
    rendered = rendered_papers(app.env)
    for name, paper in files.items():
        papers = model.papers if paper is None else [paper]
        if name.endswith(".ris"):
            text = ris(papers, rendered, file_url)
        else:
            text = csl_json(papers, rendered, file_url)
        write_if_changed(outdir / name, text)
    stamp.save()


#: Where the published copies of the ``.bib`` files are kept, in the
#: doctree directory, by their download name.
CLEAN_BIB_FOLDER = "homepage-bibfiles"


def _publish_clean_bibfiles(app: Sphinx, env: BuildEnvironment) -> None:
    """A ``.bib`` a page offers for download (``[publications.bib]
    (publications.bib)``) is published without exporter bookkeeping: Sphinx
    copies each download from the path it is filed under, so a file with
    bookkeeping is filed under a copy without it (kept in the doctree
    directory, written when it changes), at the same download address."""
    srcdir = Path(app.srcdir)
    folder = Path(app.doctreedir) / CLEAN_BIB_FOLDER
    encoding = getattr(app.config, "bibtex_encoding", "utf-8-sig")
    for path in bib_paths(app.confdir, app.config):
        try:
            relative = path.relative_to(srcdir)
        except ValueError:
            continue  # not a file of the source directory: never a download
        # Sphinx files a download by its path in the source directory (a
        # Path since Sphinx 8, a string before), or by our copy's, once filed.
        for key in list(env.dlfiles):
            _docnames, download = env.dlfiles[key]
            copy = folder / download
            if Path(key) in (relative, copy):
                _file_clean_copy(env, key, path, copy, encoding)


def _file_clean_copy(
    env: BuildEnvironment, key: Any, path: Path, copy: Path, encoding: str
) -> None:
    """File the download *key* (the ``.bib`` at *path*) under *copy*, the
    file without bookkeeping, or under *path* again when it has none."""
    try:
        raw = path.read_bytes()
        text = raw.decode(encoding)
    except (OSError, UnicodeError, LookupError):
        return  # bibcheck reports it; Sphinx copies the file as it is
    if encoding.lower() == "utf-8-sig" and not raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8"  # no byte-order mark where there was none
    clean = without_bookkeeping(text)
    entry = env.dlfiles.pop(key)
    if clean == text:
        env.dlfiles[type(key)(path.relative_to(env.srcdir))] = entry
        return
    write_if_changed(copy, clean.encode(encoding))
    env.dlfiles[type(key)(copy)] = entry


def setup_exports(app: Sphinx) -> None:
    """Write the RIS and CSL-JSON files when the HTML build finishes."""
    app.connect("env-updated", _publish_clean_bibfiles)
    app.connect("build-finished", _write_exports)

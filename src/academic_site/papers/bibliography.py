"""The site's papers: the ``.bib`` files read once per build into one model.

This is the one place that knows the homepage's extra BibTeX fields and the
one reader of the ``.bib`` files. When the builder starts, :func:`read_papers`
turns the files (through the forgiving reader of :mod:`academic_site.papers.bibcheck`)
into a :class:`PaperModel`, kept in the environment until a file changes;
everything that shows a paper reads it through :func:`site_papers`: the
publication list (which hands it to sphinxcontrib-bibtex), the paper pages,
the structured data, the feed. The refresh command, outside Sphinx, reads the
same model through :func:`load_papers`.

Extra fields the owner may add by hand (every other tool ignores them):

``equal_contribution``
    The authors who contributed equally, as BibTeX names joined by ``and``.
``status``
    A note shown after the venue, e.g. ``In submission to ICLR 2025``.
``venue_short``
    The short venue badge, e.g. ``EMNLP``.
``code``, ``pdf``, ``project``
    Links to the code, the PDF and a project page (``pdf``, as al-folio's
    ``slides``, ``poster``, ``supp`` and ``html``, may name a file of the
    site instead: :mod:`academic_site.papers.paper_files`).
``selected``
    ``true`` to list the paper on the home page.
``scholar_id``
    Google Scholar's ``author_pub_id`` of the paper, for the citation refresh.
``alternate_title``
    Another title the paper is listed under (the published title of a paper
    the resume lists under its arXiv title), for the citation refresh.

Field text is LaTeX; :mod:`academic_site.papers.latex` turns it into Unicode.
Reading is forgiving: a broken entry costs a warning, never the rest of the
file.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import month_names
from sphinx.locale import get_translation

from academic_site.papers import bibcheck
from academic_site.papers.bibcheck import TRUE_VALUES, BibProblem
from academic_site.papers.latex import to_plain, url_text
from academic_site.papers.names import (
    equal_contribution_names,
    family_and_given,
    is_others,
    key_of_name,
    name_key,
    person_name,
    role_names,
)
from academic_site.papers.paper_files import FILE_FIELDS, IMAGE_FIELDS, SiteFiles
from academic_site.site.config import homepage_config
from academic_site.site.rebuild import file_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

_ = get_translation("academic_site")

#: The homepage's own fields; every other BibTeX tool ignores them.
EXTRA_FIELDS = (
    "equal_contribution",
    "status",
    "venue_short",
    "code",
    "pdf",
    "project",
    "selected",
    "scholar_id",
    "alternate_title",
    "teaser",
    "teaser_alt",
    "award",
    "slides",
    "video",
    "corresponding",
)

#: al-folio's fields of ``papers.bib`` (its ``_bibliography``), understood
#: as it does; hidden from the BibTeX shown to visitors, as the site's are.
ALFOLIO_FIELDS = (
    "abbr",
    "arxiv",
    "html",
    "pdf",
    "code",
    "slides",
    "poster",
    "video",
    "website",
    "supp",
    "blog",
    "award",
    "award_name",
    "preview",
    "preview_alt",
    "selected",
    "bibtex_show",
    "altmetric",
    "dimensions",
    "google_scholar_id",
    "inspirehep_id",
    "additional_info",
    "annotation",
    "pubstatus",
)

#: Every field of the site's (its own and al-folio's): none is BibTeX's, so
#: none is inherited from a volume through ``crossref``.
OWN_FIELDS = frozenset(EXTRA_FIELDS + ALFOLIO_FIELDS)


def venue_latex(entry: Entry) -> str | None:
    """The LaTeX of the entry's full venue: journal, booktitle, school, …"""
    fields = entry.fields
    kind = entry.type.lower()
    if kind in ("phdthesis", "mastersthesis", "thesis"):
        school = fields.get("school") or fields.get("institution")
        what = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}.get(
            kind, fields.get("type", "Thesis")
        )
        return f"{what}, {school}" if school else what
    if kind in ("techreport", "report"):
        return fields.get("institution") or fields.get("type")
    if kind == "patent":
        return patent_latex(entry)
    for name in (
        "journal",
        "journaltitle",
        "booktitle",
        "eventtitle",
        "howpublished",
    ):
        if fields.get(name):
            return fields[name]
    arxiv = arxiv_id(entry)
    if arxiv:
        return f"arXiv preprint arXiv:{arxiv}"
    if kind in ("book", "inbook"):
        return fields.get("publisher")
    return None


#: biblatex's patent types (its ``type`` keys) as readers know them.
PATENT_TYPES = {
    "patent": "Patent",
    "patentus": "U.S. Patent",
    "patenteu": "European Patent",
    "patentde": "German Patent",
    "patentuk": "British Patent",
    "patentfr": "French Patent",
    "patentjp": "Japanese Patent",
    "patentcn": "Chinese Patent",
    "patentrequest": "Patent application",
    "patrequs": "U.S. Patent application",
    "patreqeu": "European Patent application",
}


def patent_latex(entry: Entry) -> str:
    """A patent's kind and number (``U.S. Patent 10,123,456``), and its
    holder or assignee (``, Tsinghua University``)."""
    fields = entry.fields
    kind = fields.get("type", "").strip()
    what = PATENT_TYPES.get(kind.lower(), kind) or "Patent"
    if nationality := fields.get("nationality", "").strip():  # IEEEtran's
        what = f"{nationality} {what}"
    number = fields.get("number", "").strip()
    text = f"{what} {number}" if number else what
    holder = fields.get("holder") or fields.get("assignee")
    return f"{text}, {holder.strip()}" if holder and holder.strip() else text


#: al-folio lab sites' ``pubstatus`` values that mean published (shown as
#: nothing); any other value is shown as the paper's status.
PUBLISHED = frozenset({"published", "publish", "online", ""})


#: biblatex's ``pubstate`` keys as its English strings say them.
PUBSTATES = {
    "inpress": "In press",
    "forthcoming": "Forthcoming",
    "submitted": "Submitted",
    "inpreparation": "In preparation",
    "prepublished": "Prepublished",
}


def status_latex(entry: Entry) -> str | None:
    """The status note: ``status``, else al-folio's ``pubstatus`` or
    biblatex's ``pubstate`` (an accepted paper does not look published:
    ``accepted`` -> ``Accepted``, ``inpress`` -> ``In press``)."""
    if entry.fields.get("status", "").strip():
        return entry.fields["status"]
    state = (
        entry.fields.get("pubstatus", "").strip()
        or entry.fields.get("pubstate", "").strip()
    )
    if state.lower() in PUBLISHED:
        return None
    return PUBSTATES.get(state.lower()) or state[:1].upper() + state[1:]


def arxiv_id(entry: Entry) -> str | None:
    """The arXiv identifier: ``eprint`` with ``archivePrefix``/``eprinttype``
    arXiv, al-folio's ``arxiv``, or the ``journal`` Google Scholar writes for
    a preprint (``arXiv preprint arXiv:2410.01805``, with no ``eprint``)."""
    fields = entry.fields
    prefix = fields.get("archiveprefix") or fields.get("eprinttype", "")
    eprint = fields.get("eprint", "").strip()
    if prefix.strip().lower() == "arxiv" and eprint:
        primary = fields.get("primaryclass") or fields.get("eprintclass", "")
        return bibcheck.arxiv_of_eprint(eprint, primary)
    if alfolio := bibcheck.alfolio_arxiv(fields.get("arxiv", "")):
        return alfolio
    if eprint:
        return None  # another archive's
    match = bibcheck.ARXIV_JOURNAL.search(fields.get("journal", ""))
    return match.group(1) if match else None


@dataclass(frozen=True)
class Paper:
    """One entry of the ``.bib`` file, as the site uses it."""

    #: The BibTeX key, also the paper's anchor on the publications page.
    key: str
    #: The BibTeX entry type, lower case (``article``, ``inproceedings``).
    entry_type: str
    #: The title as plain Unicode text, capitalisation kept.
    title: str
    #: The authors as ``First Last``, in order.
    authors: tuple[str, ...]
    #: Publication year.
    year: str
    #: Full venue: journal or booktitle, plain text.
    venue: str
    #: Short venue badge (``venue_short``), if given.
    venue_short: str | None = None
    #: Status note (``status``), if given.
    status: str | None = None
    #: DOI without the ``https://doi.org/`` prefix.
    doi: str | None = None
    #: The entry's ``url``.
    url: str | None = None
    #: arXiv identifier from ``eprint`` with ``archivePrefix = arXiv``,
    #: al-folio's ``arxiv``, or Google Scholar's ``journal = {arXiv preprint
    #: arXiv:…}`` (:func:`arxiv_id`).
    arxiv: str | None = None
    #: Links from the extra fields.
    pdf: str | None = None
    code: str | None = None
    project: str | None = None
    #: Whether the home page lists it.
    selected: bool = False
    #: Authors (as in :attr:`authors`) who contributed equally
    #: (``equal_contribution``, al-folio's ``cofirstauthors`` or a ``*``
    #: after the name).
    equal_contribution: tuple[str, ...] = field(default_factory=tuple)
    #: Authors (as in :attr:`authors`) who are corresponding authors
    #: (``corresponding``, al-folio's ``correspondingauthors`` or a ``†``).
    corresponding: tuple[str, ...] = field(default_factory=tuple)
    #: Google Scholar's id of the paper (``scholar_id``, its author_pub_id).
    scholar_id: str | None = None
    #: Other titles the paper is known by (``alternate_title``), plain text.
    alternate_titles: tuple[str, ...] = field(default_factory=tuple)
    #: The entry as BibTeX for copying (:func:`bibtex_source`).
    bibtex: str = ""
    #: The authors as (family, given) in plain text, for the exports.
    author_parts: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    #: The editors as (family, given), likewise.
    editor_parts: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    #: The editors as ``First Last`` (of the volume, for an edited volume).
    editors: tuple[str, ...] = field(default_factory=tuple)
    #: Listed as a volume the owner edited (a ``@proceedings``/``@book`` with
    #: editors and no authors).
    edited_volume: bool = False
    #: The abstract (``abstract``), plain text.
    abstract: str | None = None
    #: The note (``note``), plain text.
    note: str | None = None
    #: The note as runs of text, each with the ``https://`` address it links
    #: to (a ``\url`` or ``\href`` in it) or ``None``: the note with its links.
    note_parts: tuple[tuple[str, str | None], ...] = ()
    #: The award badge (al-folio's ``award_name``, else ``Award``) and its
    #: text (``award``), if the paper won one.
    award_name: str | None = None
    award: str | None = None
    #: A teaser image (al-folio's ``preview``, or ``teaser``): a path in the
    #: source directory or an ``https://`` URL, and its alt text.
    preview: str | None = None
    preview_alt: str | None = None
    #: More links: al-folio's ``html`` (the paper's page), ``slides``,
    #: ``poster``, ``video``, ``website``, ``supp`` and ``blog``.
    html: str | None = None
    slides: str | None = None
    poster: str | None = None
    video: str | None = None
    website: str | None = None
    supp: str | None = None
    blog: str | None = None
    #: Bibliographic parts for the exports, plain text (pages with an en dash).
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    publisher: str | None = None
    month: str | None = None
    #: The files of the site a link field names instead of a URL
    #: (:mod:`academic_site.papers.paper_files`), as (field, path of the source
    #: directory), each there when the ``.bib`` was read.
    files: tuple[tuple[str, str], ...] = ()

    def site_file(self, name: str) -> str | None:
        """The file of the site that field *name* names, if any."""
        return next((path for field, path in self.files if field == name), None)

    @property
    def year_number(self) -> int | None:
        """The year as a number (the first four digits), or ``None``."""
        match = re.search(r"\d{4}", self.year)
        return int(match.group()) if match else None


def _field(entry: Entry, name: str) -> str | None:
    value = entry.fields.get(name)
    return to_plain(value).strip() or None if value else None


def _https_field(entry: Entry, name: str) -> str | None:
    """A URL field, only if it is an ``https://`` URL (checked by bibcheck),
    LaTeX's escapes undone (``\\&`` is ``&``)."""
    value = url_text(entry.fields.get(name, ""))
    return value if value.startswith("https://") else None


_NOTE_LINK = re.compile(
    r"\\url\s*\{([^{}]*)\}|\\href\s*\{([^{}]*)\}\s*\{((?:[^{}]|\{[^{}]*\})*)\}"
)


def note_parts(value: str) -> tuple[tuple[str, str | None], ...]:
    """A field as (text, link or ``None``) runs: each ``\\url``/``\\href``
    to an ``https://`` address is a link, its spaces kept around it."""
    parts: list[tuple[str, str | None]] = []
    position = 0
    for match in _NOTE_LINK.finditer(value):
        before = value[position : match.start()]
        parts.append((_spaced_plain(before), None))
        url = url_text(match.group(1) or match.group(2) or "")
        label = to_plain(match.group(3)) if match.group(3) else url
        parts.append((label, url if url.startswith("https://") else None))
        position = match.end()
    parts.append((_spaced_plain(value[position:]), None))
    return tuple((text, url) for text, url in parts if text)


def _spaced_plain(latex: str) -> str:
    """*latex* as plain text, a space kept at either end where it has one."""
    text = to_plain(latex)
    if not text:
        return " " if latex[:1].isspace() else ""
    lead = " " if latex[:1].isspace() else ""
    trail = " " if latex[-1:].isspace() else ""
    return lead + text + trail


def _site_files(
    entry: Entry, site_files: SiteFiles | None
) -> tuple[tuple[str, str], ...]:
    """The files of the site the entry's link fields name (bibcheck reports
    the others)."""
    if site_files is None:
        return ()
    found = []
    for name in FILE_FIELDS:
        value = entry.fields.get(name, "").strip()
        if value and "://" not in value:
            path, _problem = site_files.resolve(name, value)
            if path:
                found.append((name, path))
    return tuple(found)


def paper_from_entry(
    key: str, entry: Entry, site_files: SiteFiles | None = None
) -> Paper:
    """Turn one pybtex entry into a :class:`Paper`; a link field may name a
    file of *site_files*."""
    people = entry.persons.get("author", [])
    authors = tuple(person_name(p) for p in people if not is_others(p))
    equal_keys = {name_key(p) for p in equal_contribution_names(entry)}
    corresponding_keys = {name_key(p) for p in role_names(entry, "corresponding")}
    doi_match = bibcheck.DOI.match(url_text(entry.fields.get("doi", "")))
    doi = doi_match.group(1) if doi_match else None  # bibcheck reports others
    editors = tuple(
        person_name(p) for p in entry.persons.get("editor", []) if not is_others(p)
    )
    award = _field(entry, "award")
    award_name = _field(entry, "award_name") or (_("Award") if award else None)
    preview = _preview(entry, site_files)
    pages = _field(entry, "pages")
    return Paper(
        key=key,
        entry_type=entry.type.lower(),
        title=_field(entry, "title") or "",
        authors=authors,
        year=_field(entry, "year") or "",
        venue=to_plain(venue_latex(entry) or "").strip(),
        venue_short=_field(entry, "venue_short") or _field(entry, "abbr"),
        status=to_plain(status_latex(entry) or "").strip() or None,
        doi=doi,
        url=_https_field(entry, "url"),
        arxiv=arxiv_id(entry),
        pdf=_https_field(entry, "pdf"),
        code=_https_field(entry, "code"),
        project=_https_field(entry, "project"),
        selected=entry.fields.get("selected", "").strip().lower() in TRUE_VALUES,
        equal_contribution=tuple(
            person_name(p) for p in people if name_key(p) in equal_keys
        ),
        corresponding=tuple(
            person_name(p) for p in people if name_key(p) in corresponding_keys
        ),
        scholar_id=_field(entry, "scholar_id"),
        alternate_titles=tuple(
            title for title in (_field(entry, "alternate_title"),) if title
        ),
        bibtex=bibtex_source(entry),
        author_parts=tuple(family_and_given(p) for p in people if not is_others(p)),
        editor_parts=tuple(
            family_and_given(p)
            for p in entry.persons.get("editor", [])
            if not is_others(p)
        ),
        editors=editors,
        edited_volume=bool(editors) and not authors,
        abstract=_field(entry, "abstract"),
        note=_field(entry, "note"),
        note_parts=note_parts(entry.fields.get("note", "").strip()),
        award_name=award_name,
        award=award,
        preview=preview,
        preview_alt=_field(entry, "preview_alt") or _field(entry, "teaser_alt"),
        html=_https_field(entry, "html"),
        slides=_https_field(entry, "slides"),
        poster=_https_field(entry, "poster"),
        video=_https_field(entry, "video"),
        website=_https_field(entry, "website"),
        supp=_https_field(entry, "supp"),
        blog=_https_field(entry, "blog"),
        volume=_field(entry, "volume"),
        number=_field(entry, "number") or _field(entry, "issue"),
        pages=pages_text(pages) if pages else None,
        publisher=_field(entry, "publisher"),
        month=_field(entry, "month"),
        files=_site_files(entry, site_files),
    )


def pages_text(pages: str) -> str:
    """A page range with an en dash (``769-798`` and ``769--798`` alike)."""
    return re.sub(r"\s*(?:-+|\u2013|\u2014)\s*", "\u2013", pages.strip())


def _preview(entry: Entry, site_files: SiteFiles | None) -> str | None:
    """The teaser image (al-folio's ``preview``, or ``teaser``): an
    ``https://`` URL, or the file of the site it names (bibcheck reports a
    missing or refused one)."""
    for name in IMAGE_FIELDS:
        value = entry.fields.get(name, "").strip()
        if not value:
            continue
        if value.startswith("https://"):
            return value
        return site_files.resolve(name, value)[0] if site_files else None
    return None


#: Fields left out of the BibTeX shown for copying: the site's own, and
#: export noise no citing author needs.
HIDDEN_BIBTEX_FIELDS = frozenset(
    {
        *OWN_FIELDS,
        "timestamp",
        "biburl",
        "bibsource",
        "abstract",
        "keywords",
        "file",
        "crossref",
    }
)


#: Exporter bookkeeping: fields a reference manager writes for itself (when it
#: filed the entry, the owner's local file, their tags), never shown to
#: visitors nor exported. BibDesk's ``bdsk-file-N`` encodes a local path.
EXPORTER_BOOKKEEPING = re.compile(
    r"date-added|date-modified|bdsk-(?:file|url)-\d+"  # BibDesk
    r"|owner|groups|ranking|readstatus|priority|qualityassured|printed|relevance"
    r"|creationdate|modificationdate|timestamp"  # JabRef
    r"|mendeley-tags|mendeley-groups"  # Mendeley
    r"|file",  # JabRef, Zotero, Mendeley: the owner's local copy (a path)
    re.IGNORECASE,
)

#: A field at the start of a line, up to its value.
_FIELD_AT_LINE = re.compile(r"^[ \t]*([A-Za-z][\w:.+/-]*)[ \t]*=[ \t]*", re.MULTILINE)
_AFTER_VALUE = re.compile(r"[ \t]*,?[ \t]*(?:\r?\n)?")


def _value_end(text: str, start: int) -> int | None:
    """Where the field value starting at *start* ends: a braced or quoted
    value (braces nest), or a bare macro or number; ``None`` if unclosed."""
    opener = text[start : start + 1]
    if opener not in ("{", '"'):
        bare = re.compile(r"[^\s,{}()#]+").match(text, start)
        return bare.end() if bare else None
    depth = 0
    for pos in range(start + (opener == '"'), len(text)):
        char = text[pos]
        depth += (char == "{") - (char == "}")
        if depth < 0 and opener == '"':
            return None
        if (opener == "{" and depth == 0) or (opener == char == '"' and depth == 0):
            return pos + 1
    return None


def without_bookkeeping(text: str) -> str:
    """The text of a ``.bib`` file without its :data:`EXPORTER_BOOKKEEPING`
    fields and its exporter blocks (:data:`bibcheck.EXPORTER_BLOCKS`: BibDesk's
    window state), every other byte as it was (the file the site publishes)."""
    for chunk in bibcheck.split_entries(text):
        if chunk.kind in bibcheck.EXPORTER_BLOCKS and not chunk.repairs:
            text = text.replace(chunk.text, "", 1)
    out = []
    position = 0
    for match in _FIELD_AT_LINE.finditer(text):
        if match.start() < position or not EXPORTER_BOOKKEEPING.fullmatch(
            match.group(1)
        ):
            continue
        end = _value_end(text, match.end())
        if end is None:
            continue
        out.append(text[position : match.start()])
        position = _AFTER_VALUE.match(text, end).end()
    out.append(text[position:])
    return "".join(out)


def _known_field(name: str) -> bool:
    """Whether the site knows the field *name* (its own, al-folio's, an
    exporter's bookkeeping); bibcheck knows the standard ones."""
    return name.lower() in OWN_FIELDS or is_hidden_bibtex_field(name)


def is_hidden_bibtex_field(name: str) -> bool:
    """Whether the BibTeX shown for copying leaves the field *name* out."""
    return (
        name.lower() in HIDDEN_BIBTEX_FIELDS
        or EXPORTER_BOOKKEEPING.fullmatch(name) is not None
    )


#: BibTeX's month macros (``month = nov``) by the names pybtex expands them to.
MONTH_MACROS = {name: macro for macro, name in month_names.items()}


def bibtex_source(entry: Entry) -> str:
    """The entry as BibTeX for copying: standard fields, braces, one per line."""
    lines = [f"@{entry.type}{{{entry.key},"]
    for role in ("author", "editor"):
        people = entry.persons.get(role)
        if people:
            names = " and ".join(str(person) for person in people)
            lines.append(f"  {role} = {{{names}}},")
    for name, value in entry.fields.items():
        if is_hidden_bibtex_field(name):
            continue
        if name.lower() == "month" and value in MONTH_MACROS:
            lines.append(f"  {name} = {MONTH_MACROS[value]},")  # pybtex expanded it
            continue
        lines.append(f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines)


def doi_url(doi: str) -> str:
    return "https://doi.org/" + doi


def arxiv_url(arxiv: str) -> str:
    return "https://arxiv.org/abs/" + arxiv


#: How an output links a file of the site: its path in the source directory
#: to the URL there, or ``None`` to leave the link out.
FileUrl = Callable[[str], "str | None"]


def pdf_url(paper: Paper, file_url: FileUrl | None = None) -> str | None:
    """The paper's PDF: its ``pdf`` field (a URL, or a file of the site linked
    by *file_url*), its arXiv PDF, or a ``.pdf`` URL."""
    if paper.pdf:
        return paper.pdf
    local = paper.site_file("pdf")
    if local and file_url and (url := file_url(local)):
        return url
    if paper.arxiv:
        return "https://arxiv.org/pdf/" + paper.arxiv
    if paper.url and paper.url.lower().endswith(".pdf"):
        return paper.url
    return None


def paper_links(paper: Paper, file_url: FileUrl | None = None) -> list[tuple[str, str]]:
    """(label, URL) of each link of *paper*, in a fixed order, no duplicates;
    a file of the site is linked by *file_url* (left out without it)."""

    def link(url: str | None, field: str) -> str | None:
        local = paper.site_file(field)
        if url or not local or file_url is None:
            return url
        return file_url(local)

    links: list[tuple[str, str]] = []
    if pdf := link(paper.pdf, "pdf"):
        links.append((_("PDF"), pdf))
    if paper.arxiv:
        links.append(("arXiv", arxiv_url(paper.arxiv)))
    if paper.code:
        links.append((_("Code"), paper.code))
    if paper.project:
        links.append((_("Project page"), paper.project))
    if paper.website:  # al-folio's label, unless it is code
        links.append((link_label(paper.website, _("Website")), paper.website))
    if html := link(paper.html, "html"):
        links.append((_("Paper page"), html))
    for label, url in (
        (_("Slides"), link(paper.slides, "slides")),
        (_("Poster"), link(paper.poster, "poster")),
        (_("Video"), paper.video),
        (_("Supplement"), link(paper.supp, "supp")),
        (_("Blog post"), paper.blog),
    ):
        if url:
            links.append((label, url))
    if paper.doi:
        links.append(("DOI", doi_url(paper.doi)))
    if paper.url:
        host = _host(paper.url)
        default = {"software": _("Code"), "dataset": _("Data")}.get(
            paper.entry_type, _("Web page")
        )
        label = link_label(paper.url, default)
        skip = host in ("doi.org", "dx.doi.org") and paper.doi
        skip = skip or (host == "arxiv.org" and paper.arxiv)
        # A venue or note that shows the address (howpublished = {\url{…}})
        # links it already.
        skip = skip or paper.url in paper.venue or paper.url in (paper.note or "")
        if not skip:
            links.append((label, paper.url))
    seen: set[str] = set()
    unique = []
    for label, url in links:
        if url not in seen:
            seen.add(url)
            unique.append((label, url))
    return unique


def _host(url: str) -> str:
    return re.sub(r"^https://(www\.)?([^/:]+).*$", r"\2", url).lower()


#: Hosts whose pages are code, whatever field links them.
CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "codeberg.org"})


def link_label(url: str, default: str) -> str:
    """What a link is, read from its address: a paper's own page at the ACL
    Anthology, OpenReview or the ACM DL, code at GitHub and the like, else
    *default* (``Web page``, ``Website``; ``Code`` for ``@software``, ``Data``
    for ``@dataset``)."""
    host = _host(url)
    if host in CODE_HOSTS:
        return _("Code")
    return {
        "aclanthology.org": "ACL Anthology",
        "openreview.net": "OpenReview",
        "dl.acm.org": "ACM DL",
    }.get(host, default)


# -- the model: every paper of the site, read once per build -------------------
@dataclass(frozen=True)
class PaperModel:
    """Every paper of the site's ``.bib`` files, as read once per build.

    Immutable once read: the environment keeps it until a file changes, and
    every output reads the same object.
    """

    #: The papers, in file order.
    papers: tuple[Paper, ...] = ()
    #: The pybtex entries the papers were made from (for the pybtex style and
    #: sphinxcontrib-bibtex), by key.
    data: BibliographyData = field(default_factory=BibliographyData)
    #: The files read, and the keys of each, in order.
    keys: tuple[tuple[Path, tuple[str, ...]], ...] = ()
    #: Everything wrong in the files, in file order (reported every build).
    problems: tuple[BibProblem, ...] = ()
    #: What the files were when read (:func:`files_stamp`): the model is read
    #: again when this differs.
    stamp: tuple[Any, ...] = ()
    #: Each link field and value that name a file of the site, the path
    #: they name (``None``: refused) and the file found (``None``: none). The
    #: model is read again when one comes or goes.
    site_files: tuple[tuple[str, str, str | None, str | None], ...] = ()

    @property
    def missing_files(self) -> tuple[str, ...]:
        """The paths a link field names that are not there (the lists depend
        on them, so they are read again once they are)."""
        return tuple(
            path for _n, _v, path, found in self.site_files if path and not found
        )

    def site_files_changed(self, site_files: SiteFiles) -> bool:
        """Whether a file of the site the papers name came or went."""
        return any(
            site_files.resolve(name, value)[0] != found
            for name, value, _path, found in self.site_files
        )

    @functools.cached_property
    def shared_titles(self) -> frozenset[str]:
        """The titles (:func:`normalise_title`) that more than one paper has
        (a conference paper and its journal version, say)."""
        seen: set[str] = set()
        shared = set()
        for paper in self.papers:
            title = normalise_title(paper.title)
            (shared if title in seen else seen).add(title)
        return frozenset(shared)

    @functools.cached_property
    def by_key(self) -> dict[str, Paper]:
        """The papers by BibTeX key."""
        return {paper.key: paper for paper in self.papers}

    def entry(self, key: str) -> Entry:
        """The pybtex entry of the paper with key *key*."""
        return self.data.entries[key]

    @property
    def selected(self) -> tuple[Paper, ...]:
        """The papers marked ``selected``, in file order."""
        return tuple(paper for paper in self.papers if paper.selected)

    def by_year(self) -> list[tuple[int | None, tuple[Paper, ...]]]:
        """The papers grouped by year in one pass: newest year first, then the
        undated; within a year, in file order."""
        groups: dict[int | None, list[Paper]] = {}
        for paper in self.papers:
            groups.setdefault(paper.year_number, []).append(paper)
        years = sorted(groups, key=lambda year: -(year or 0))
        return [(year, tuple(groups[year])) for year in years]


def files_stamp(paths: Sequence[Path], encoding: str) -> tuple[Any, ...]:
    """What makes a model of *paths* stale: the encoding, each file's
    modification time and size (``None`` for a file that cannot be read)."""
    return (encoding, *((str(path), file_state(path)) for path in paths))


def read_papers(
    paths: Iterable[Path],
    encoding: str = "utf-8-sig",
    owner_names: Sequence[str] = (),
    site_files: SiteFiles | None = None,
) -> PaperModel:
    """The model of the ``.bib`` files at *paths*; never raises for bad input
    (what can be read is kept, the problems are in :attr:`PaperModel.problems`).

    Entries inherit through ``crossref``; a volume that other entries name in
    ``crossref`` is their venue, and a paper of the site only if one of
    *owner_names* (BibTeX names) is among its editors or authors. A link
    field may name a file of *site_files* (:mod:`academic_site.papers.paper_files`).
    """
    paths = list(paths)
    result = bibcheck.read_bibfiles(
        paths, encoding, site_files, OWN_FIELDS, _known_field
    )
    owners = {key_of_name(name) for name in owner_names}
    targets = {key.lower() for key in result.crossref_targets}

    def listed(key: str, entry: Entry) -> bool:
        if key.lower() not in targets:
            return True
        people = [*entry.persons.get("editor", []), *entry.persons.get("author", [])]
        return any(name_key(person) in owners for person in people)

    papers = tuple(
        paper_from_entry(key, entry, site_files)
        for key, entry in result.data.entries.items()
        if listed(key, entry)
    )
    named: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    if site_files is not None:
        for entry in result.data.entries.values():
            for name in (*FILE_FIELDS, *IMAGE_FIELDS):
                value = entry.fields.get(name, "").strip()
                if value and "://" not in value and (name, value) not in named:
                    found = site_files.resolve(name, value)[0]
                    named[name, value] = (site_files.candidate(name, value), found)
    shown = {paper.key for paper in papers}
    return PaperModel(
        papers=papers,
        data=result.data,
        keys=tuple(
            (path, tuple(key for key in keys if key in shown))
            for path, keys in result.keys.items()
        ),
        problems=(*result.problems, *_same_papers(papers, result.lines)),
        stamp=(*files_stamp(paths, encoding), tuple(owner_names), site_files),
        site_files=tuple((*field, *where) for field, where in named.items()),
    )


def normalise_title(title: str) -> str:
    """Title for comparison: no accents, case, punctuation or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", title)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", letters.casefold()).split())


def _same_paper_marks(paper: Paper) -> list[tuple[str, str]]:
    """What says two entries are one paper: its arXiv id (any version), its
    DOI, or its title in the same year (a journal version of a conference
    paper may keep the title, but not the year and the venue both)."""
    marks = []
    if paper.arxiv:
        marks.append(("arXiv id", bibcheck.unversioned_arxiv(paper.arxiv)))
    if paper.doi:
        marks.append(("DOI", paper.doi.casefold()))
    if title := normalise_title(paper.title):
        marks.append(("title and year", f"{title}|{paper.year}"))
    return marks


def _same_papers(
    papers: Iterable[Paper], lines: dict[str, tuple[Path, int]]
) -> list[BibProblem]:
    """A paper that another entry already is: one problem at its line (the
    same paper pasted from two exporters, say; both stay listed)."""
    first: dict[tuple[str, str], Paper] = {}
    problems = []
    for paper in papers:
        for mark in _same_paper_marks(paper):
            other = first.setdefault(mark, paper)
            if other is paper or paper.key not in lines:
                continue
            path, line = lines[paper.key]
            other_path, other_line = lines.get(other.key, (path, None))
            where = "" if other_path == path else f"{other_path.name}, "
            problems.append(
                BibProblem(
                    path,
                    line,
                    paper.key,
                    f"has the {mark[0]} of {other.key!r} ({where}line "
                    f"{other_line}): list a paper once (another version of it "
                    "can go in a % comment)",
                )
            )
            break  # one warning per entry
    return problems


def load_papers(path: Path) -> list[Paper]:
    """Every paper of the ``.bib`` file at *path*, in file order (outside
    Sphinx: the refresh command). Never raises for a bad entry."""
    return list(read_papers([path]).papers)


def bib_paths(confdir: str | Path, config: Config) -> list[Path]:
    """The site's ``.bib`` files, as sphinxcontrib-bibtex names them
    (``bibtex_bibfiles`` relative to the configuration directory, resolved)."""
    names = getattr(config, "bibtex_bibfiles", None) or []
    return [(Path(confdir) / name).resolve() for name in names]


#: The environment attribute that keeps the model between builds.
ENV_ATTRIBUTE = "homepage_papers"
_EMPTY = PaperModel()


def site_papers(env: BuildEnvironment) -> PaperModel:
    """The site's papers, as read when this build started (empty without any)."""
    return getattr(env, ENV_ATTRIBUTE, None) or _EMPTY


def _read_site_papers(app: Sphinx) -> None:
    # builder-inited: before any document is read (and before the worker
    # processes of a parallel read fork, so each has the same model).
    paths = bib_paths(app.confdir, app.config)
    encoding = getattr(app.config, "bibtex_encoding", "utf-8-sig")
    readable = [path for path in paths if path.is_file()]  # sphinxcontrib-bibtex
    owner_names = tuple(homepage_config(app.env).owner_names)
    site_files = SiteFiles(Path(app.srcdir))
    stamp = (*files_stamp(readable, encoding), owner_names, site_files)
    model = getattr(app.env, ENV_ATTRIBUTE, None)  # reports a missing file
    if model is None or model.stamp != stamp or model.site_files_changed(site_files):
        model = read_papers(readable, encoding, owner_names, site_files)
    setattr(app.env, ENV_ATTRIBUTE, model)
    bibcheck.warn_problems(model.problems)  # every build, until fixed


def _merge_papers(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    # env-merge-info: each reader process had the model read before it forked
    # and never changes it, so the main process's copy stands; nothing to merge.
    if not hasattr(env, ENV_ATTRIBUTE) and hasattr(other, ENV_ATTRIBUTE):
        setattr(env, ENV_ATTRIBUTE, getattr(other, ENV_ATTRIBUTE))


def setup_bibliography(app: Sphinx) -> None:
    """Read the ``.bib`` files into the model when the builder starts."""
    # Before the publication list hands the model to sphinxcontrib-bibtex (400).
    app.connect("builder-inited", _read_site_papers, priority=300)
    app.connect("env-merge-info", _merge_papers)

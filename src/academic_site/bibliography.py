"""The site's papers, read once from the ``.bib`` file into plain data.

This is the one place that knows the homepage's extra BibTeX fields; the
publication style, the citation figures and the structured data all read
papers through :func:`load_papers`, so each paper has one source.

Extra fields the owner may add by hand (every other tool ignores them):

``equal_contribution``
    The authors who contributed equally, as BibTeX names joined by ``and``.
``status``
    A note shown after the venue, e.g. ``In submission to ICLR 2025``.
``venue_short``
    The short venue badge, e.g. ``EMNLP``.
``code``, ``pdf``, ``project``
    Links to the code, the PDF and a project page.
``selected``
    ``true`` to list the paper on the home page.
``scholar_id``
    Google Scholar's ``author_pub_id`` of the paper, for the citation refresh.
``alternate_title``
    Another title the paper is listed under (the published title of a paper
    the resume lists under its arXiv title), for the citation refresh.

Field text is LaTeX; :mod:`academic_site.latex` turns it into Unicode.
Reading is forgiving (see :mod:`academic_site.bibcheck`): a broken entry costs
a warning, never the rest of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import month_names
from sphinx.locale import get_translation

from academic_site.latex import to_plain

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
)

#: Values of ``selected`` that mean yes (any case); ``false``/``no`` mean no.
TRUE_VALUES = frozenset({"true", "yes", "1"})
FALSE_VALUES = frozenset({"false", "no", "0", ""})


def plain_text(latex: str) -> str:
    """LaTeX field text as plain Unicode: accents decoded, braces dropped."""
    return to_plain(latex)


def name_key(person: Person) -> str:
    """A comparable form of a name: ``Huang, Yuxiang`` == ``Yuxiang Huang``.

    Case, accents written in LaTeX, dots, hyphens and spaces do not count,
    so ``Huang, Yu-Xiang`` matches too; initials do not match full names
    (``Huang, Y.`` is not ``Huang, Yuxiang``: co-authors share initials).
    """

    def squash(names: list[str]) -> str:
        return re.sub(r"[\W_]+", "", plain_text(" ".join(names))).casefold()

    given = squash([*person.first_names, *person.middle_names])
    family = squash([*person.prelast_names, *person.last_names, *person.lineage_names])
    return f"{family}|{given}"


def is_others(person: Person) -> bool:
    """Whether *person* is BibTeX's ``and others`` (rendered "et al.")."""
    return name_key(person) == "others|"


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
    for name in ("journal", "journaltitle", "booktitle", "howpublished"):
        if fields.get(name):
            return fields[name]
    arxiv = arxiv_id(entry)
    if arxiv:
        return f"arXiv preprint arXiv:{arxiv}"
    if kind in ("book", "inbook"):
        return fields.get("publisher")
    return None


def arxiv_id(entry: Entry) -> str | None:
    """The arXiv identifier (``eprint`` with ``archivePrefix``/``eprinttype`` arXiv)."""
    prefix = entry.fields.get("archiveprefix") or entry.fields.get("eprinttype", "")
    eprint = entry.fields.get("eprint", "").strip()
    return eprint if prefix.strip().lower() == "arxiv" and eprint else None


def person_name(person: Person) -> str:
    """A BibTeX name as ``First Last`` in plain text."""
    parts = [
        *person.first_names,
        *person.middle_names,
        *person.prelast_names,
        *person.last_names,
        *person.lineage_names,
    ]
    return plain_text(" ".join(parts))


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
    #: arXiv identifier from ``eprint`` with ``archivePrefix = arXiv``.
    arxiv: str | None = None
    #: Links from the extra fields.
    pdf: str | None = None
    code: str | None = None
    project: str | None = None
    #: Whether the home page lists it.
    selected: bool = False
    #: Authors (as in :attr:`authors`) who contributed equally.
    equal_contribution: tuple[str, ...] = field(default_factory=tuple)
    #: Google Scholar's ``author_pub_id`` (``scholar_id``), if given.
    scholar_id: str | None = None
    #: Other titles the paper is listed under (``alternate_title``).
    alternate_titles: tuple[str, ...] = field(default_factory=tuple)


def _field(entry: Entry, name: str) -> str | None:
    value = entry.fields.get(name)
    return plain_text(value).strip() or None if value else None


def _link(entry: Entry, name: str) -> str | None:
    """A URL field, only if it is an ``https://`` URL (checked by bibcheck)."""
    value = entry.fields.get(name, "").strip()
    return value if value.startswith("https://") else None


def equal_contribution_names(entry: Entry) -> list[Person]:
    """The people the ``equal_contribution`` field names, in its order."""
    value = entry.fields.get("equal_contribution", "")
    return [Person(name) for name in re.split(r"\s+and\s+", value.strip()) if name]


def paper_from_entry(key: str, entry: Entry) -> Paper:
    """Turn one pybtex entry into a :class:`Paper`."""
    people = entry.persons.get("author", [])
    authors = tuple(person_name(p) for p in people if not is_others(p))
    equal_keys = {name_key(p) for p in equal_contribution_names(entry)}
    doi = entry.fields.get("doi", "").strip()
    doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", doi) or None
    return Paper(
        key=key,
        entry_type=entry.type.lower(),
        title=_field(entry, "title") or "",
        authors=authors,
        year=_field(entry, "year") or "",
        venue=plain_text(venue_latex(entry) or "").strip(),
        venue_short=_field(entry, "venue_short"),
        status=_field(entry, "status"),
        doi=doi,
        url=_link(entry, "url"),
        arxiv=arxiv_id(entry),
        pdf=_link(entry, "pdf"),
        code=_link(entry, "code"),
        project=_link(entry, "project"),
        selected=entry.fields.get("selected", "").strip().lower() in TRUE_VALUES,
        equal_contribution=tuple(
            person_name(p) for p in people if name_key(p) in equal_keys
        ),
        scholar_id=(entry.fields.get("scholar_id") or "").strip() or None,
        alternate_titles=tuple(
            title for title in (_field(entry, "alternate_title"),) if title
        ),
    )


def load_papers(path: Path) -> list[Paper]:
    """Every paper of the ``.bib`` file at *path*, in file order.

    Never raises for a bad entry: what can be read is returned, and the
    problems are reported once per build by :mod:`academic_site.bibcheck`.
    """
    from academic_site.bibcheck import read_bibfiles  # bibcheck imports this

    data = read_bibfiles([path]).data
    return [paper_from_entry(key, entry) for key, entry in data.entries.items()]


#: Fields left out of the BibTeX shown for copying: the site's own, and
#: export noise no citing author needs.
HIDDEN_BIBTEX_FIELDS = frozenset(
    {*EXTRA_FIELDS, "timestamp", "biburl", "bibsource", "abstract", "keywords"}
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
        if name.lower() in HIDDEN_BIBTEX_FIELDS:
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


def pdf_url(paper: Paper) -> str | None:
    """The paper's PDF: its ``pdf`` field, its arXiv PDF, or a ``.pdf`` URL."""
    if paper.pdf:
        return paper.pdf
    if paper.arxiv:
        return "https://arxiv.org/pdf/" + paper.arxiv
    if paper.url and paper.url.lower().endswith(".pdf"):
        return paper.url
    return None


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, URL) of each link of *paper*, in a fixed order, no duplicates."""
    links: list[tuple[str, str]] = []
    if paper.pdf:
        links.append((_("PDF"), paper.pdf))
    if paper.arxiv:
        links.append(("arXiv", arxiv_url(paper.arxiv)))
    if paper.code:
        links.append((_("Code"), paper.code))
    if paper.project:
        links.append((_("Project page"), paper.project))
    if paper.doi:
        links.append(("DOI", doi_url(paper.doi)))
    if paper.url:
        host = re.sub(r"^https://(www\.)?([^/]+).*$", r"\2", paper.url)
        label = {
            "aclanthology.org": "ACL Anthology",
            "openreview.net": "OpenReview",
            "dl.acm.org": "ACM DL",
        }.get(host, _("Web page"))
        skip = host in ("doi.org", "dx.doi.org") and paper.doi
        skip = skip or (host == "arxiv.org" and paper.arxiv)
        if not skip:
            links.append((label, paper.url))
    seen: set[str] = set()
    unique = []
    for label, url in links:
        if url not in seen:
            seen.add(url)
            unique.append((label, url))
    return unique

"""``homepage-papers``: find the owner's papers that the ``.bib`` lacks.

Reads the owner's publication list from one public API:

``--dblp PID``
    DBLP's person page as XML (``https://dblp.org/pid/<pid>.xml``);
``--orcid ID``
    the ORCID public API v3.0 (``/<id>/works``, then the full records of
    its works in bulk);
``--openalex AUTHOR_ID``
    OpenAlex (``/works?filter=author.id:<id>``).

Each record is checked as text (no control characters, no TeX markup) and
compared with the ``.bib`` by DOI, arXiv id and normalised title (the ``.bib``
title or an ``alternate_title``; a title of five words or more also matches a
longer version of itself), so a preprint in the ``.bib`` and its published
version are one paper; the source's own preprint and published version of one
paper become one entry. The new papers are appended to the ``.bib`` in the
house form, each under a ``% homepage-papers:`` line asking for review, and
only if the file read back gives them, and no new problem, as written.
``--pr-body FILE`` writes a pull request body (Markdown) listing the new
papers and what was left out and why.

Bounded and hostile-proof as ``homepage-citations``: one overall deadline, a
size cap, one stderr line per fault (a record that cannot be used is skipped
with one line, the others are kept), the ``.bib`` byte-identical on failure
or ``--dry-run``. The build never runs this.

Exit status: 0 written or nothing new, 1 failed (network, payload, files),
2 bad arguments.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO
from xml.etree import ElementTree

import httpx
from pybtex.database import Person
from pybtex.scanner import PybtexError

from academic_site.commands.fetching import (
    CommandError,
    expect_object,
    get_body,
    get_json,
    openalex_author_id,
    openalex_works,
    parse_xml,
    run_command,
    shown,
)
from academic_site.commands.files import one_run_at_a_time, write_atomically
from academic_site.commands.refresh import titles_match
from academic_site.papers import bibcheck
from academic_site.papers.bibliography import (
    Paper,
    arxiv_url,
    doi_url,
    normalise_title,
    read_papers,
)

PROG = "homepage-papers"

DBLP = "https://dblp.org"
ORCID_API = "https://pub.orcid.org/v3.0"
#: ORCID's bulk read takes at most this many works a request.
ORCID_BULK = 100
#: Most works read from one source (ORCID: that many bulk requests' worth).
MAX_RECORDS = 2000
#: The marker above each appended entry; a ``%`` line, which BibTeX skips.
MARKER = "% homepage-papers: imported from {source} on {date}, please review: {link}"

#: Entry types a record may become; the source's others are not papers
#: (DBLP's ``www`` and ``data``, OpenAlex's ``dataset`` or ``paratext``).
ENTRY_TYPES = (
    "article",
    "inproceedings",
    "incollection",
    "book",
    "phdthesis",
    "mastersthesis",
)
#: The field of each entry type that holds its venue.
VENUE_FIELD = {
    "article": "journal",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "book": "publisher",
    "phdthesis": "school",
    "mastersthesis": "school",
}
#: Words a key never takes from a title.
_KEY_SKIPPED = frozenset(
    ["a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "towards"]
)


class Skip(Exception):
    """A record that cannot be used: skipped with one line, the rest kept."""


@dataclass(frozen=True)
class Record:
    """One paper as a source lists it, checked as plain text."""

    source: str
    #: The record at the source (``https://``), for the reviewer.
    link: str
    entry_type: str
    title: str
    #: As ``First Last``.
    authors: tuple[str, ...]
    year: str
    venue: str = ""
    doi: str | None = None
    arxiv: str | None = None
    url: str | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    #: Only on arXiv (no published version in this record).
    preprint: bool = False
    #: The source's other records of this paper (a preprint of it), by link.
    merged: tuple[str, ...] = field(default_factory=tuple)

    #: The titles of the merged records, when they differ.
    other_titles: tuple[str, ...] = field(default_factory=tuple)

    def marks(self) -> set[tuple[str, str]]:
        return _marks(self.doi, self.arxiv, [self.title, *self.other_titles])


def _marks(
    doi: str | None, arxiv: str | None, titles: Iterable[str]
) -> set[tuple[str, str]]:
    marks = set()
    if doi:
        marks.add(("DOI", doi.casefold()))
        if from_doi := arxiv_in(doi):
            marks.add(("arXiv id", from_doi))
    if arxiv:
        marks.add(("arXiv id", bibcheck.unversioned_arxiv(arxiv)))
    marks.update(("title", t) for t in map(normalise_title, titles) if t)
    return marks


def paper_marks(paper: Paper) -> set[tuple[str, str]]:
    """What says a record is this ``.bib`` paper."""
    return _marks(paper.doi, paper.arxiv, [paper.title, *paper.alternate_titles])


#: Where an arXiv id stands in a link or DOI the sources give; what follows is
#: read by the one arXiv id rule (:data:`bibcheck.ARXIV_EPRINT`).
_ARXIV_PREFIXES = (
    "https://doi.org/10.48550/arxiv.",
    "10.48550/arxiv.",
    "https://arxiv.org/abs/",
    "https://arxiv.org/pdf/",
    "abs/",  # DBLP's CoRR volume
)


def arxiv_in(text: str) -> str | None:
    """The arXiv id (no version) of an arXiv DOI, link or id, or ``None``."""
    text = re.sub(r"^http://", "https://", text.strip(), flags=re.IGNORECASE)
    text = text.replace("://www.", "://", 1).removesuffix(".pdf")
    for prefix in _ARXIV_PREFIXES:
        if text[: len(prefix)].casefold() == prefix:
            text = text[len(prefix) :]
            break
    match = bibcheck.ARXIV_EPRINT.fullmatch(text)
    return bibcheck.unversioned_arxiv(match.group(1)) if match else None


def doi_in(text: str) -> str | None:
    """The DOI of a DOI or its ``https://doi.org/`` link, or ``None``."""
    match = bibcheck.DOI.fullmatch(text.strip())
    return match.group(1) if match else None


# -- Checking remote text ---------------------------------------------------


#: What the site reads as TeX in a field: commands, groups, math, and the
#: ligatures ``--``, ``---`` (dashes), ````` `` ````` and ``''`` (quotes).
_TEX = re.compile(r"[\\{}$`]|--|''")


def plain(value: Any, what: str, required: bool = True) -> str:
    """*value* as one line of plain text, or :class:`Skip`: a string, white
    space collapsed, with no control or format character and no TeX markup
    (a record is text, never a document)."""
    if value is None or value == "":
        if required:
            raise Skip(f"no {what}")
        return ""
    if not isinstance(value, str):
        raise Skip(f"its {what} is not text")
    text = " ".join(value.split())
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise Skip(f"its {what} has control characters")
    if _TEX.search(text):
        raise Skip(f"its {what} has TeX markup ({shown(text, 80)!r})")
    if required and not text:
        raise Skip(f"no {what}")
    return text


def author_name(value: Any) -> str:
    """An author's name as :func:`plain` text that BibTeX reads as one name
    (no ``and``, at most two commas), or :class:`Skip`."""
    name = plain(value, "author name")
    if re.search(r"\band\b", name, re.IGNORECASE):
        raise Skip(f"its author name {shown(name, 60)!r} has 'and'")
    try:
        person = Person(name)
    except PybtexError:
        raise Skip(f"its author name {shown(name, 60)!r} is not a name") from None
    if bibcheck.role_marks(person):  # the site reads "Smith*" as a mark
        raise Skip(f"its author name {shown(name, 60)!r} ends in a mark")
    return name


def _year(value: Any, today: datetime.date) -> str:
    text = str(value) if isinstance(value, int | str) else ""
    if not re.fullmatch(r"\d{4}", text) or int(text) > today.year + 1:
        raise Skip(f"{shown(repr(value), 20)} is not a year")
    return text


def _https(value: Any) -> str | None:
    """An ``https://`` link as the ``.bib`` takes one, or ``None``."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if value.startswith("http://arxiv.org/"):
        value = "https://" + value[len("http://") :]
    ok = re.fullmatch(r"https://[^\s{}\\\"<>]+", value)
    return (
        value
        if ok and not any(unicodedata.category(c)[0] == "C" for c in value)
        else None
    )


def _pages(value: Any) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"\w+(?:\s*-+\s*\w+)?", value):
        return None
    return re.sub(r"\s*-+\s*", "--", value.strip())


def _number(value: Any) -> str | None:
    text = str(value) if isinstance(value, int | str) else ""
    return text if re.fullmatch(r"[\w./-]{1,20}", text) else None


def _preprint(record: Record) -> Record:
    """*record* as the ``.bib`` lists an arXiv preprint."""
    return replace(
        record,
        entry_type="article",
        venue=f"arXiv preprint arXiv:{record.arxiv}",
        url=arxiv_url(record.arxiv or ""),
        volume=None,
        number=None,
        pages=None,
        preprint=True,
    )


# -- DBLP -------------------------------------------------------------------


def _dblp_name(text: str) -> str:
    # DBLP tells homonyms apart by a number: "Yuxiang Huang 0002".
    return re.sub(r"\s+\d{4}$", "", text)


def _element_text(element: ElementTree.Element | None) -> str | None:
    # Titles may hold markup (<i>, <sub>): its text is the title.
    return None if element is None else "".join(element.itertext())


def dblp_record(element: ElementTree.Element, today: datetime.date) -> Record | None:
    """A record of a DBLP ``<r>``'s publication, ``None`` if not a paper."""
    kind = element.tag
    key = element.get("key", "")
    if not re.fullmatch(r"[\w/.+-]{1,200}", key):
        raise Skip(f"a DBLP record has the key {shown(key, 60)!r}")
    link = f"{DBLP}/rec/{key}"
    if kind not in ENTRY_TYPES:
        return None
    title = plain(_element_text(element.find("title")), "title").removesuffix(".")
    authors = tuple(
        _dblp_name(author_name(_element_text(a))) for a in element.findall("author")
    )
    venue = plain(
        next(
            (
                text
                for tag in ("journal", "booktitle", "school", "publisher")
                if (text := _element_text(element.find(tag)))
            ),
            None,
        ),
        "venue",
        required=False,
    )
    links = [text for ee in element.findall("ee") if (text := _element_text(ee))]
    doi = next((d for text in links if (d := doi_in(text))), None)
    volume = _element_text(element.find("volume")) or ""
    arxiv = next((a for text in [*links, volume] if (a := arxiv_in(text))), None)
    if doi and arxiv_in(doi):
        doi = None  # arXiv's own DOI: the eprint says it
    https = [url for text in links if (url := _https(text))]
    record = Record(
        source="DBLP",
        link=link,
        entry_type=kind,
        title=title,
        authors=authors,
        year=_year(_element_text(element.find("year")), today),
        venue=venue,
        doi=doi,
        arxiv=arxiv,
        url=doi_url(doi) if doi else next(iter(https), None),
        volume=_number(volume) if not arxiv else None,
        number=_number(_element_text(element.find("number"))),
        pages=_pages(_element_text(element.find("pages"))),
    )
    if arxiv and (venue == "CoRR" or element.get("publtype") == "informal"):
        return _preprint(record)
    return record


def fetch_dblp(
    client: httpx.Client, pid: str, today: datetime.date, deadline: float
) -> tuple[list[Record], list[tuple[str, str]]]:
    """The records of DBLP person *pid*, and the skipped ones (link, reason)."""
    pid = pid.strip().removeprefix(f"{DBLP}/pid/").removesuffix(".xml")
    if not re.fullmatch(r"[\w-]+/[\w-]+", pid):
        raise CommandError(f"not a DBLP person id (like 12/3456): {pid!r}")
    url = f"{DBLP}/pid/{pid}.xml"
    root = parse_xml(get_body(client, url, deadline=deadline), url, "dblpperson")
    records, skipped = [], []
    for number, wrapper in enumerate(root.findall("r")[:MAX_RECORDS], 1):
        for element in wrapper:
            try:
                record = dblp_record(element, today)
            except Skip as why:
                skipped.append((f"{url} (record {number})", str(why)))
                continue
            if record:
                records.append(record)
    return records, skipped


# -- ORCID ------------------------------------------------------------------


def _value(node: Any, *path: str) -> Any:
    """ORCID's nested ``{"value": …}`` objects, read without trusting them."""
    for name in path:
        if not isinstance(node, dict):
            return None
        node = node.get(name)
    return node


def _orcid_ids(work: dict) -> tuple[str | None, str | None]:
    doi = arxiv = None
    ids = _value(work, "external-ids", "external-id")
    for item in ids if isinstance(ids, list) else []:
        kind = _value(item, "external-id-type")
        value = _value(item, "external-id-value")
        if _value(item, "external-id-relationship") not in (None, "self"):
            continue  # an id of the book a chapter is part of, say
        if not isinstance(value, str):
            continue
        if kind == "doi" and not doi:
            doi = doi_in(value)
        elif kind == "arxiv" and not arxiv:
            arxiv = arxiv_in(value)
    if doi and (from_doi := arxiv_in(doi)):
        arxiv, doi = arxiv or from_doi, None
    return doi, arxiv


#: ORCID's work types and the entry types they become.
ORCID_TYPES = {
    "journal-article": "article",
    "conference-paper": "inproceedings",
    "preprint": "article",
    "book-chapter": "incollection",
    "book": "book",
    "dissertation-thesis": "phdthesis",
    "dissertation": "phdthesis",
    "working-paper": "article",
}


def orcid_record(work: Any, link: str, today: datetime.date) -> Record | None:
    """A record of an ORCID v3.0 ``work``, ``None`` if not a paper."""
    if not isinstance(work, dict):
        raise Skip("a work is not an object")
    work_type = _value(work, "type")
    kind = ORCID_TYPES.get(work_type) if isinstance(work_type, str) else None
    if kind is None:
        return None
    title = plain(_value(work, "title", "title", "value"), "title")
    contributors = _value(work, "contributors", "contributor")
    authors = tuple(
        author_name(_value(c, "credit-name", "value"))
        for c in (contributors if isinstance(contributors, list) else [])
        if _value(c, "contributor-attributes", "contributor-role") in (None, "author")
    )
    doi, arxiv = _orcid_ids(work)
    record = Record(
        source="ORCID",
        link=link,
        entry_type=kind,
        title=title,
        authors=authors,
        year=_year(_value(work, "publication-date", "year", "value"), today),
        venue=plain(_value(work, "journal-title", "value"), "venue", required=False),
        doi=doi,
        arxiv=arxiv,
        url=doi_url(doi) if doi else _https(_value(work, "url", "value")),
    )
    if arxiv and (work_type == "preprint" or not record.venue):
        return _preprint(record)
    return record


def _display_index(summary: dict) -> int:
    index = summary.get("display-index")
    return int(index) if isinstance(index, str) and index.isdigit() else 0


def fetch_orcid(
    client: httpx.Client, orcid: str, today: datetime.date, deadline: float
) -> tuple[list[Record], list[tuple[str, str]]]:
    """The records of ORCID *orcid*: one work of each of its groups (ORCID
    groups the copies of one work), read in full (with its authors)."""
    orcid = orcid.strip().removeprefix("https://orcid.org/")
    if not re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", orcid):
        raise CommandError(f"not an ORCID iD (like 0000-0002-1825-0097): {orcid!r}")
    accept = {"Accept": "application/json"}
    url = f"{ORCID_API}/{orcid}/works"
    works = expect_object(
        get_json(client, url, deadline=deadline, headers=accept), "the works", url
    )
    groups = works.get("group")
    if not isinstance(groups, list):
        raise CommandError(f"malformed payload from {url}: 'group' must be a list")
    codes = []
    for group in groups[:MAX_RECORDS]:
        summaries = _value(group, "work-summary")
        summaries = summaries if isinstance(summaries, list) else []
        summaries = [s for s in summaries if isinstance(s, dict)]
        # The copy the owner prefers has the highest display index.
        preferred = max(summaries, key=_display_index, default=None)
        code = _value(preferred, "put-code")
        if isinstance(code, int) and not isinstance(code, bool):
            codes.append(code)
    records, skipped = [], []
    for start in range(0, len(codes), ORCID_BULK):
        chunk = codes[start : start + ORCID_BULK]
        bulk_url = f"{ORCID_API}/{orcid}/works/{','.join(map(str, chunk))}"
        bulk = expect_object(
            get_json(client, bulk_url, deadline=deadline, headers=accept),
            "the works",
            bulk_url,
        ).get("bulk")
        if not isinstance(bulk, list):
            raise CommandError(
                f"malformed payload from {shown(bulk_url)}: 'bulk' must be a list"
            )
        for code, item in zip(chunk, bulk, strict=False):
            # Each work names its own put-code; the list's order is a fallback.
            own = _value(item, "work", "put-code")
            if isinstance(own, int) and not isinstance(own, bool):
                code = own
            link = f"https://orcid.org/{orcid}/work/{code}"
            try:
                record = orcid_record(_value(item, "work"), link, today)
            except Skip as why:
                skipped.append((link, str(why)))
                continue
            if record:
                records.append(record)
    return records, skipped


# -- OpenAlex ---------------------------------------------------------------


def openalex_record(work: Any, today: datetime.date) -> Record | None:
    """A record of an OpenAlex work, ``None`` if not a paper."""
    if not isinstance(work, dict):
        raise Skip("a work is not an object")
    link = work.get("id")
    if not isinstance(link, str) or not re.fullmatch(
        r"https://openalex\.org/W\d+", link
    ):
        raise Skip(f"a work has the id {shown(repr(link), 60)}")
    kind = work.get("type")
    location = work.get("primary_location")
    location = location if isinstance(location, dict) else {}
    source = location.get("source")
    source = source if isinstance(source, dict) else {}
    entry_type = {
        "article": "article",
        "review": "article",
        "preprint": "article",
        "book-chapter": "incollection",
        "book": "book",
        "dissertation": "phdthesis",
    }.get(kind if isinstance(kind, str) else "")
    if entry_type is None:
        return None
    if (
        work.get("type_crossref") == "proceedings-article"
        or source.get("type") == "conference"
    ):
        entry_type = "inproceedings"
    authorships = work.get("authorships")
    authors = tuple(
        author_name(_value(a, "author", "display_name"))
        for a in (authorships if isinstance(authorships, list) else [])
    )
    doi = doi_in(work["doi"]) if isinstance(work.get("doi"), str) else None
    locations = work.get("locations")
    pages = [
        _value(place, "landing_page_url")
        for place in [location, *(locations if isinstance(locations, list) else [])]
    ]
    arxiv = next(
        (a for page in pages if isinstance(page, str) and (a := arxiv_in(page))),
        None,
    )
    if doi and (from_doi := arxiv_in(doi)):
        arxiv, doi = arxiv or from_doi, None
    venue = plain(source.get("display_name"), "venue", required=False)
    biblio = work.get("biblio") if isinstance(work.get("biblio"), dict) else {}
    first, last = biblio.get("first_page"), biblio.get("last_page")
    pages_text = f"{first}-{last}" if first and last and first != last else first
    record = Record(
        source="OpenAlex",
        link=link,
        entry_type=entry_type,
        title=plain(work.get("display_name") or work.get("title"), "title"),
        authors=authors,
        year=_year(work.get("publication_year"), today),
        venue=venue,
        doi=doi,
        arxiv=arxiv,
        url=doi_url(doi) if doi else _https(location.get("landing_page_url")),
        volume=_number(biblio.get("volume")),
        number=_number(biblio.get("issue")),
        pages=_pages(pages_text),
    )
    if arxiv and (
        kind == "preprint" or venue.casefold().startswith("arxiv") or not venue
    ):
        return _preprint(record)
    return record


def fetch_openalex(
    client: httpx.Client, author: str, today: datetime.date, deadline: float
) -> tuple[list[Record], list[tuple[str, str]]]:
    """The records of OpenAlex author *author*."""
    works = openalex_works(
        client, openalex_author_id(author), os.environ.get("OPENALEX_API_KEY"), deadline
    )
    records, skipped = [], []
    for work in works[:MAX_RECORDS]:
        try:
            record = openalex_record(work, today)
        except Skip as why:
            link = work.get("id") if isinstance(work, dict) else None
            skipped.append((shown(link or "a work of OpenAlex", 80), str(why)))
            continue
        if record:
            records.append(record)
    return records, skipped


# -- De-duplicating ---------------------------------------------------------


def _same(marks: set[tuple[str, str]], other: set[tuple[str, str]]) -> str | None:
    """Why two sets of marks are one paper (the first shared mark), or ``None``."""
    shared = sorted(marks & other)
    if shared:
        return f"same {shared[0][0]}"
    titles = [t for kind, t in marks if kind == "title"]
    others = [t for kind, t in other if kind == "title"]
    if any(titles_match(a, b) for a in titles for b in others):
        return "same title (one a longer version of the other)"
    return None


def merge_versions(records: Sequence[Record]) -> list[Record]:
    """The source's records with each paper once: the published version, with
    the arXiv id of its preprint, stands for both."""
    papers: list[Record] = []
    for record in records:
        for i, kept in enumerate(papers):
            if _same(kept.marks(), record.marks()):
                published, other = (
                    (record, kept)
                    if kept.preprint and not record.preprint
                    else (kept, record)
                )
                papers[i] = replace(
                    published,
                    arxiv=published.arxiv or other.arxiv,
                    merged=(*published.merged, other.link, *other.merged),
                    other_titles=tuple(
                        dict.fromkeys(
                            t
                            for t in (*published.other_titles, other.title)
                            if t != published.title
                        )
                    ),
                )
                break
        else:
            papers.append(record)
    return papers


@dataclass(frozen=True)
class Known:
    """A record the ``.bib`` already has, and why it is that paper."""

    record: Record
    key: str
    why: str
    #: The record is the published version of a preprint the ``.bib`` lists.
    published: bool = False


def _is_preprint(paper: Paper) -> bool:
    return bool(paper.arxiv) and not paper.doi and paper.venue.startswith("arXiv")


def new_papers(
    papers: Sequence[Paper], records: Sequence[Record]
) -> tuple[list[Record], list[Known]]:
    """The records no ``.bib`` paper is, and the ones it has (with why)."""
    marks = [(paper, paper_marks(paper)) for paper in papers]
    new, known = [], []
    for record in records:
        found = next(
            (
                Known(
                    record, paper.key, why, _is_preprint(paper) and not record.preprint
                )
                for paper, paper_marks_ in marks
                if (why := _same(paper_marks_, record.marks()))
            ),
            None,
        )
        if found:
            known.append(found)
        else:
            new.append(record)
    return new, known


# -- Writing the house form -------------------------------------------------

#: Characters BibTeX or LaTeX read as markup, and how the house writes them.
_ESCAPES = {
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_text(text: str) -> str:
    """Plain text (as :func:`plain` passed it) as a BibTeX field's value."""
    return "".join(_ESCAPES.get(c, c) for c in text)


def bibtex_name(name: str) -> str:
    """A ``First Last`` name as the house writes it: ``Last, First``."""
    person = Person(name)
    family = " ".join(person.prelast_names + person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    parts = [family, *([given] if given else [])]
    return bibtex_text(", ".join(parts) if family else name)


def cite_key(record: Record, taken: set[str]) -> str:
    """The house key: first author's family name, year, first title word
    (``huang2024locret``), made unique against *taken* (lower case)."""

    def ascii_word(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", normalise_title(text).replace(" ", ""))

    family = ""
    if record.authors:
        person = Person(record.authors[0])
        family = ascii_word(" ".join(person.last_names))
    words = [w for w in normalise_title(record.title).split() if w not in _KEY_SKIPPED]
    word = next((ascii_word(w) for w in words if ascii_word(w)), "")
    base = f"{family or 'paper'}{record.year}{word}"
    key, suffix = base, "a"
    while key.lower() in taken:
        key, suffix = base + suffix, chr(ord(suffix) + 1)
        if suffix > "z":
            suffix = "a"
            base += "z"
    taken.add(key.lower())
    return key


def entry_text(record: Record, key: str, today: datetime.date) -> str:
    """The record as a ``.bib`` entry in the house form, under its marker."""
    fields: list[tuple[str, str]] = [
        ("title", bibtex_text(record.title)),
    ]
    if record.authors:
        fields.append(("author", " and ".join(map(bibtex_name, record.authors))))
    if record.venue:
        fields.append((VENUE_FIELD[record.entry_type], bibtex_text(record.venue)))
    for name in ("volume", "number"):
        if value := getattr(record, name):
            fields.append((name, bibtex_text(value)))
    if record.pages:
        fields.append(("pages", bibtex_text(record.pages)))
    fields.append(("year", record.year))
    if record.doi:
        fields.append(("doi", record.doi))
    if record.url:
        fields.append(("url", record.url))
    if record.arxiv:
        fields += [("eprint", record.arxiv), ("archivePrefix", "arXiv")]
    if record.preprint:
        fields.append(("venue_short", "arXiv"))
    width = max(len(name) for name, _ in fields)
    lines = [
        MARKER.format(source=record.source, date=today.isoformat(), link=record.link),
        f"@{record.entry_type}{{{key},",
        ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields),
        "}",
    ]
    return "\n".join(lines) + "\n"


def appended(old: str, entries: Sequence[str]) -> str:
    """*old* with *entries* after it, one blank line between, in the line
    ends *old* has; *old* unchanged."""
    if not entries:
        return old
    eol = "\r\n" if "\r\n" in old else "\n"
    separator = "" if not old else eol if old.endswith("\n") else eol * 2
    return old + separator + "\n".join(entries).replace("\n", eol)


def check_read_back(bib: Path, old: str, new: str, wanted: dict[str, Record]) -> None:
    """Refuse unless *new*, read as the build reads it, has every wanted entry
    with its title as written and no problem that *old* had not."""
    with tempfile.TemporaryDirectory(prefix="homepage-papers-") as folder:
        before, after = Path(folder, "old.bib"), Path(folder, "new.bib")
        before.write_text(old, encoding="utf-8", newline="")
        after.write_text(new, encoding="utf-8", newline="")
        old_model, new_model = read_papers([before]), read_papers([after])
    read = {paper.key: paper for paper in new_model.papers}
    problems = {p.message for p in new_model.problems} - {
        p.message for p in old_model.problems
    }
    for key, record in wanted.items():
        paper = read.get(key)
        written = (record.title, record.doi, record.url, record.arxiv)
        if paper is None or (paper.title, paper.doi, paper.url, paper.arxiv) != written:
            problems.add(f"{key} reads back otherwise")
    if problems:
        raise CommandError(
            "the new entries would not read back as written "
            f"({shown(sorted(problems)[0])}); {bib} left as it is"
        )


# -- The pull request body --------------------------------------------------


def markdown(text: str) -> str:
    """Remote text as Markdown text: every punctuation mark escaped, so no
    link, tag, mention (``@name``) or heading comes from a source."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|@~:&])", r"\\\1", shown(text))


def _link(record: Record) -> str:
    url = record.url or (doi_url(record.doi) if record.doi else record.link)
    return f"<{url}>"


def pr_body(
    source: str,
    who: str,
    bib: Path,
    new: Sequence[tuple[str, Record]],
    known: Sequence[Known],
    skipped: Sequence[tuple[str, str]],
    today: datetime.date,
) -> str:
    """The pull request's Markdown: the new papers, then what was left out."""
    lines = [
        f"`{PROG}` read the publication list of {markdown(source)} "
        f"{markdown(who)} on {today.isoformat()} and found "
        f"{len(new)} paper(s) that `{bib.as_posix()}` lacks. Each new entry sits "
        "under a `% homepage-papers:` line: check its fields (authors, venue, "
        "`venue_short`, `selected`, links), then delete that line.",
        "",
    ]
    if new:
        lines += ["## New papers", "", "| key | title | venue | year | source | link |"]
        lines.append("| --- | --- | --- | --- | --- | --- |")
        for key, record in new:
            also = (
                f" (and {len(record.merged)} other version(s))" if record.merged else ""
            )
            lines.append(
                f"| `{key}` | {markdown(record.title)} | {markdown(record.venue)} | "
                f"{record.year} | {record.source}{also} | {_link(record)} |"
            )
        lines.append("")
    if known:
        lines += [
            "## Already in the .bib",
            "",
            "Not added: each is a paper the `.bib` lists.",
            "",
        ]
        for item in known:
            record = item.record
            lines.append(
                f"- {markdown(record.title)} ({markdown(record.venue)}, "
                f"{record.year}; {record.source}, {_link(record)}) "
                f"is `{item.key}`: {item.why}."
                + (
                    " The `.bib` lists its preprint; this is the published "
                    "version: update the entry if the owner lists it."
                    if item.published
                    else ""
                )
            )
        lines.append("")
    merged = [(key, r) for key, r in new if r.merged]
    if merged:
        lines += ["## Versions merged", ""]
        for key, record in merged:
            others = ", ".join(f"<{link}>" for link in record.merged)
            lines.append(
                f"- `{key}` stands for {others} too: one paper (shared DOI, arXiv "
                "id or title); the published version is kept, with the preprint's "
                "arXiv id."
            )
        lines.append("")
    if skipped:
        lines += [
            "## Skipped",
            "",
            "Not usable as they came; add them by hand if they are papers.",
            "",
        ]
        lines += [f"- {markdown(where)}: {markdown(why)}" for where, why in skipped]
        lines.append("")
    return "\n".join(lines)


# -- The command ------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Find the owner's papers that the .bib lacks, from a public "
        "API, and add them in the house form, marked for review.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--dblp", metavar="PID", help="a DBLP person id (12/3456)")
    source.add_argument(
        "--orcid", metavar="ID", help="an ORCID iD (0000-0002-1825-0097)"
    )
    source.add_argument(
        "--openalex",
        metavar="AUTHOR_ID",
        help="an OpenAlex author id, A and digits (key: $OPENALEX_API_KEY)",
    )
    parser.add_argument(
        "--bib",
        type=Path,
        default=Path("docs/publications.bib"),
        help="the .bib the papers are compared with and added to "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write the new entries to this file instead of adding them to --bib",
    )
    parser.add_argument(
        "--pr-body",
        type=Path,
        metavar="FILE",
        help="write a pull request body (Markdown) here",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the new entries, write nothing"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds for the whole download (default: %(default)s)",
    )
    return parser


FETCHERS = {
    "dblp": ("DBLP", fetch_dblp),
    "orcid": ("ORCID", fetch_orcid),
    "openalex": ("OpenAlex", fetch_openalex),
}


def run(
    args: argparse.Namespace, client: httpx.Client, today: datetime.date, out: TextIO
) -> int:
    """Do the work of :func:`main`; raise :class:`CommandError` on failure."""
    deadline = time.monotonic() + args.timeout
    with one_run_at_a_time(args.bib):
        return _run(args, client, today, out, deadline)


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not UTF-8 text; left as it is") from None


def _run(
    args: argparse.Namespace,
    client: httpx.Client,
    today: datetime.date,
    out: TextIO,
    deadline: float,
) -> int:
    old = _read(args.bib)
    model = read_papers([args.bib])
    name, who = next((k, getattr(args, k)) for k in FETCHERS if getattr(args, k))
    source, fetch = FETCHERS[name]
    records, skipped = fetch(client, who, today, deadline)
    for where, why in skipped:
        print(f"{PROG}: skipped {shown(where)}: {shown(why)}", file=sys.stderr)
    new, known = new_papers(model.papers, merge_versions(records))
    taken = {key.lower() for key in model.data.entries} if model.data else set()
    taken |= {paper.key.lower() for paper in model.papers}
    keyed = [(cite_key(record, taken), record) for record in new]
    entries = [entry_text(record, key, today) for key, record in keyed]
    text = appended(old, entries)
    check_read_back(args.bib, old, text, dict(keyed))

    print(
        f"{source} {shown(who, 60)}: {len(records)} paper(s), {len(known)} already "
        f"in {args.bib}, {len(new)} new",
        file=out,
    )
    for key, record in keyed:
        print(f"  + {key}: {shown(record.title, 100)} ({record.year})", file=out)
    if args.dry_run:
        for entry in entries:
            print(entry, file=out)
        print(f"dry run: {args.out or args.bib} not written", file=out)
        return 0
    try:
        if args.pr_body:
            body = pr_body(source, who, args.bib, keyed, known, skipped, today)
            write_atomically(args.pr_body, body)
        if entries and args.out:
            write_atomically(args.out, "\n".join(entries))
        elif entries:
            write_atomically(args.bib, text, newline="")
    except OSError as error:
        raise CommandError(f"cannot write: {error.strerror}") from None
    if entries:
        print(f"wrote {args.out or args.bib}", file=out)
    return 0


def main(
    argv: Sequence[str] | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    today: datetime.date | None = None,
) -> int:
    """Run the command; *transport* and *today* let tests replace the world."""
    return run_command(
        PROG,
        "academic homepage paper import",
        _parser().parse_args(argv),
        run,
        transport=transport,
        today=today,
    )

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
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

import latexcodec  # noqa: F401 - registers the "ulatex" codec
from pybtex.database import Entry, Person, parse_file
from pybtex.richtext import Text
from pybtex.scanner import PybtexError


def plain_text(latex: str) -> str:
    """LaTeX field text as plain Unicode: accents decoded, braces dropped."""
    try:
        return Text.from_latex(latex).render_as("text")
    except PybtexError:
        return codecs.decode(latex, "ulatex").replace("{", "").replace("}", "")


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


def _field(entry: Entry, name: str) -> str | None:
    value = entry.fields.get(name)
    return plain_text(value).strip() if value else None


def paper_from_entry(key: str, entry: Entry) -> Paper:
    """Turn one pybtex entry into a :class:`Paper`."""
    authors = tuple(person_name(p) for p in entry.persons.get("author", []))
    equal = entry.fields.get("equal_contribution")
    arxiv = None
    if (
        entry.fields.get("archiveprefix") or entry.fields.get("eprinttype", "")
    ).lower() == "arxiv":
        arxiv = entry.fields.get("eprint")
    return Paper(
        key=key,
        entry_type=entry.type.lower(),
        title=_field(entry, "title") or "",
        authors=authors,
        year=_field(entry, "year") or "",
        venue=_field(entry, "journal") or _field(entry, "booktitle") or "",
        venue_short=_field(entry, "venue_short"),
        status=_field(entry, "status"),
        doi=entry.fields.get("doi"),
        url=entry.fields.get("url"),
        arxiv=arxiv,
        pdf=entry.fields.get("pdf"),
        code=entry.fields.get("code"),
        project=entry.fields.get("project"),
        selected=(entry.fields.get("selected", "").strip().lower() == "true"),
        equal_contribution=tuple(
            person_name(Person(name.strip())) for name in equal.split(" and ")
        )
        if equal
        else (),
    )


def load_papers(path: Path) -> list[Paper]:
    """Every paper of the ``.bib`` file at *path*, in file order."""
    data = parse_file(str(path), bib_format="bibtex")
    return [paper_from_entry(key, entry) for key, entry in data.entries.items()]

"""Reading ``.bib`` files forgivingly, and checking the homepage's rules.

pybtex stops at the first syntax error: an unclosed brace makes it read to the
end of the file and fail there (sphinxcontrib-bibtex then shows a traceback
naming neither the file nor the entry), and a duplicate key aborts the file,
dropping every later paper (sphinxcontrib-bibtex issue #104 and Sphinx
issue #3815 report the same; neither offers a hook). Here each entry is cut
out of the file on its own (an entry starts with ``@type{`` at the start of a
line), so one broken entry cannot take the others with it; an unclosed field
is closed where the next field starts, so even that paper stays on the site.

Every problem becomes one :class:`BibProblem`: the file, the line, the key and
what is wrong. :func:`warn_problems` reports each as a Sphinx warning of type
``homepage``, subtype ``bibtex`` (so ``-W`` fails the build and
``suppress_warnings = ["homepage.bibtex"]`` silences it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError
from sphinx.util import logging

from academic_site.papers.latex import to_plain
from academic_site.papers.names import (
    is_others,
    name_key,
    role_names,
)
from academic_site.papers.paper_files import FILE_FIELDS, IMAGE_FIELDS, SiteFiles
from academic_site.site.datafile import UNPRINTABLE
from academic_site.site.subtypes import WARNING_TYPE, Subtype

logger = logging.getLogger(__name__)

#: Warning subtype for problems in a ``.bib`` file (old name of the enum member).
SUBTYPE = Subtype.BIBTEX

#: Values of ``selected`` that mean yes (any case); ``false``/``no`` mean no.
TRUE_VALUES = frozenset({"true", "yes", "1"})
FALSE_VALUES = frozenset({"false", "no", "0", ""})

#: Entry types the publication style knows (BibTeX's and common biblatex ones).
KNOWN_TYPES = frozenset(
    {
        "article",
        "book",
        "booklet",
        "conference",
        "inbook",
        "incollection",
        "inproceedings",
        "manual",
        "mastersthesis",
        "misc",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
        "online",
        "report",
        "thesis",
        "software",
        "collection",
        "dataset",
        "electronic",
        "patent",
        "presentation",
        "talk",
    }
)

#: The BibTeX and biblatex fields the site reads and shows (the entry, the
#: venue, the links, the status).
SHOWN_FIELDS = frozenset(
    [
        "author",
        "editor",
        "title",
        "subtitle",
        "year",
        "date",
        "month",
        "journal",
        "journaltitle",
        "booktitle",
        "eventtitle",
        "howpublished",
        "school",
        "institution",
        "type",
        "publisher",
        "organization",
        "series",
        "volume",
        "number",
        "issue",
        "pages",
        "note",
        "url",
        "doi",
        "eprint",
        "archiveprefix",
        "eprinttype",
        "primaryclass",
        "eprintclass",
        "abstract",
        "version",
        "venue",
        "location",
        "address",
        "holder",
        "assignee",
        "nationality",
        "pubstate",
        "crossref",
        "key",
    ]
)
#: Standard fields a citing author may want that the list leaves out on
#: purpose: kept in the BibTeX shown for copying, without a warning.
KEPT_FIELDS = frozenset(
    [
        "isbn",
        "issn",
        "numpages",
        "articleno",
        "issue_date",
        "language",
        "langid",
        "urldate",
        "keywords",
        "edition",
        "chapter",
        "eid",
        "pmid",
        "pmcid",
        "annote",
        "shorttitle",
        "shortjournal",
        "acmid",
        "ids",
        "biburl",
        "bibsource",
    ]
)

#: Fields every paper on the site needs.
REQUIRED_FIELDS = ("title", "year")

#: Fields that must hold an ``https://`` link (the site's and al-folio's).
LINK_FIELDS = (
    "url",
    "pdf",
    "code",
    "project",
    "html",
    "slides",
    "poster",
    "video",
    "website",
    "supp",
    "blog",
)

#: A DOI as Crossref describes the ones it issues (``10.NNNN/suffix``, the
#: suffix of letters, digits and ``-._;()/:``), after an optional resolver.
DOI = re.compile(r"^(?:https://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[-._;()/:A-Za-z0-9]+)$")

#: An arXiv identifier: new style (``2410.01805``) or old (``cs/0112017``,
#: ``math.GT/0309136``), with its version if any (``2410.01805v2``).
_ARXIV_ID = r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[a-z]{2})?/\d{7}(?:v\d+)?)(?![\w.])"
#: An ``eprint`` as exporters write it (``2410.01805``, ``arXiv:2410.01805``).
ARXIV_EPRINT = re.compile(rf"(?:arxiv:\s*)?{_ARXIV_ID}", re.IGNORECASE)
#: Google Scholar's ``journal`` of a preprint: ``arXiv preprint
#: arXiv:2410.01805`` (new style) or ``arXiv preprint cs/0112017`` (old).
ARXIV_JOURNAL = re.compile(
    rf"\barxiv(?:(?:\s+preprint)?(?:\s+arxiv)?\s*:|\s+preprint)\s*{_ARXIV_ID}",
    re.IGNORECASE,
)


#: An old-style number without its archive (``9902011``): exporters write the
#: archive in ``primaryClass`` (``hep-th``, ``math.GT``).
_ARXIV_OLD_NUMBER = re.compile(r"\d{7}(?:v\d+)?")
_ARXIV_CLASS = re.compile(r"([a-z-]+)(?:\.[a-z]{2})?", re.IGNORECASE)


def arxiv_of_eprint(eprint: str, primary_class: str = "") -> str:
    """The arXiv identifier an arXiv ``eprint`` means: as written
    (``arXiv:2410.01805`` -> ``2410.01805``), or an old-style number with the
    archive of its ``primaryClass`` (``9902011``, ``hep-th`` ->
    ``hep-th/9902011``). Anything else is kept as it is."""
    eprint = eprint.strip()
    if match := ARXIV_EPRINT.fullmatch(eprint):
        return match.group(1)
    archive = _ARXIV_CLASS.fullmatch(primary_class.strip())
    if archive and _ARXIV_OLD_NUMBER.fullmatch(eprint):
        return f"{archive.group(1).lower()}/{eprint}"
    return eprint


def alfolio_arxiv(value: str) -> str | None:
    """The identifier in al-folio's ``arxiv`` field (``2410.01805``, also as
    ``arXiv:…`` or its ``https://arxiv.org/abs/…`` page), or ``None``."""
    value = re.sub(r"^https://arxiv\.org/(?:abs|pdf)/", "", value.strip())
    match = ARXIV_EPRINT.fullmatch(value)
    return match.group(1) if match else None


#: Fields exporters write under another name than the site reads, each read
#: as the site's (the site's own name wins when both are there): al-folio
#: lab sites' ``slide``, ``cofirstauthors`` and ``correspondingauthors``.
FIELD_ALIASES = {
    "slide": "slides",
    "cofirstauthors": "equal_contribution",
    "correspondingauthors": "corresponding",
}

#: Fields holding names of the authors, joined by ``and`` as in ``author``.
ROLE_FIELDS = ("equal_contribution", "corresponding")

#: The marks al-folio shows after an author's name (``Grinko*, D.``,
#: ``Lee, K.$^\dagger$``), and the role each stands for: ``*`` equal
#: contribution, ``†`` the corresponding author. Other marks have no role
#: here: left out, with a warning.
AUTHOR_MARKS = {"*": "equal_contribution", "\u2217": "equal_contribution"}
AUTHOR_MARKS |= {"†": "corresponding"}
_MARK_CHARACTERS = "*\u2217†‡§¶‖#"
#: A run of marks at the end of a name part, as LaTeX or as characters.
_MARK_TAIL = re.compile(
    r"(?:[*\u2217†‡§¶‖#]|\\textsuperscript\s*\{[^{}]*\}|\$[^$]*\$"
    r"|\{[*\u2217†‡§¶‖#]+\}|\\(?:dagger|ddagger|ast|star)(?![A-Za-z])(?:\{\})?)+$"
)
#: A role field written as author positions: ``{1, 2}``, ``{1 and 2}``.
_POSITIONS = re.compile(r"\s*\d+(?:\s*(?:,|\band\b)\s*\d+)*\s*")
_PART_ROLES = ("first_names", "middle_names", "prelast_names", "last_names")


def _without_marks(part: str) -> tuple[str, str]:
    """A name part without the marks at its end, and those marks (plain)."""
    match = _MARK_TAIL.search(part)
    if not match:
        return part, ""
    marks = to_plain(match.group()).replace(" ", "").replace("\u2217", "*")
    if not marks or any(char not in _MARK_CHARACTERS for char in marks):
        return part, ""  # math that is part of the name, not a mark
    return part[: match.start()].rstrip(), marks


def _clean_person(person: Person) -> tuple[Person | None, str, bool]:
    """*person* without al-folio's marks and without a stray ``and`` (``A
    and and B`` reads the second ``and`` as part of B's name): the person
    (``None`` if nothing is left), its marks, and whether an ``and`` was
    dropped."""
    marks = ""
    dropped_and = False
    parts: dict[str, list[str]] = {}
    for role in (*_PART_ROLES, "lineage_names"):
        kept = []
        for part in getattr(person, role):
            if part.lower() == "and":
                dropped_and = True
                continue
            part, found = _without_marks(part)
            marks += found
            if part:
                kept.append(part)
        parts[role] = kept
    if not marks and not dropped_and:
        return person, "", False
    if not any(parts.values()):
        return None, marks, dropped_and
    clean = Person(
        first=" ".join(parts["first_names"]),
        middle=" ".join(parts["middle_names"]),
        prelast=" ".join(parts["prelast_names"]),
        last=" ".join(parts["last_names"]),
        lineage=" ".join(parts["lineage_names"]),
    )
    return clean, marks, dropped_and


def role_marks(person: Person) -> str:
    """The marks the site reads at the end of *person*'s name parts (``*``
    equal contribution, ``†`` corresponding, …), ``""`` if none."""
    return _clean_person(person)[1]


def normalise_entry(entry: Entry) -> list[tuple[str | None, str]]:
    """Read what exporters write as the site means it, in place: a field
    under another name (:data:`FIELD_ALIASES`), biblatex's ``subtitle`` as
    part of the title, al-folio's marks after a name
    (:data:`AUTHOR_MARKS`) as the authors' roles, and an author list with an
    empty name (``A and and B``, a trailing ``and``) as the names there are.
    Returns (field, message) for each thing it could not read as meant."""
    found: list[tuple[str | None, str]] = []
    _read_aliases(entry, found)
    subtitle = entry.fields.pop("subtitle", "").strip()
    if subtitle:  # biblatex: the title reads "Title: Subtitle"
        title = entry.fields.get("title", "").strip()
        entry.fields["title"] = f"{title}: {subtitle}" if title else subtitle
    marked = _read_people(entry, found)
    _read_positions(entry, found)
    for name, people in marked.items():  # after the field's own names
        given = [str(person) for person in role_names(entry, name)]
        known = {name_key(Person(person)) for person in given}
        extra = [person for person in people if name_key(Person(person)) not in known]
        entry.fields[name] = " and ".join([*given, *extra])
    return found


def _read_aliases(entry: Entry, found: list[tuple[str | None, str]]) -> None:
    """Each field of :data:`FIELD_ALIASES` under the site's name."""
    for alias, name in FIELD_ALIASES.items():
        if alias not in entry.fields:
            continue
        value = entry.fields.pop(alias)
        if name in entry.fields:
            found.append(
                (alias, f"{alias!r} is left out: {name!r} is given too (keep one)")
            )
            continue
        entry.fields[name] = value


def _read_people(
    entry: Entry, found: list[tuple[str | None, str]]
) -> dict[str, list[str]]:
    """The authors and editors without marks or stray ``and``; the names
    each role field gains from the marks."""
    roles: dict[str, list[str]] = {}
    for role in ("author", "editor"):
        people = entry.persons.get(role)
        if not people:
            continue
        kept: list[Person] = []
        empty = 0
        for person in people:
            clean, marks, dropped_and = _clean_person(person)
            empty += dropped_and
            if clean is None:
                continue
            kept.append(clean)
            for mark in dict.fromkeys(marks):
                if mark in AUTHOR_MARKS:
                    roles.setdefault(AUTHOR_MARKS[mark], []).append(str(clean))
                    continue
                found.append(
                    (
                        role,
                        f"the mark {mark!r} after {to_plain(str(clean))!r} "
                        "means nothing here (left out; '*' is equal "
                        "contribution, '\u2020' the corresponding author)",
                    )
                )
        if empty:
            found.append(
                (
                    role,
                    f"{role!r} has an empty name ('and and', or 'and' at its "
                    f"start or end): read as the names there are ({len(kept)})",
                )
            )
        entry.persons[role] = kept
    return roles


def _read_positions(entry: Entry, found: list[tuple[str | None, str]]) -> None:
    """A role field written as author positions (``{1, 2}``) as the names."""
    authors = entry.persons.get("author", [])
    for name in ROLE_FIELDS:
        value = entry.fields.get(name, "")
        if not _POSITIONS.fullmatch(value):
            continue
        positions = [int(number) for number in re.findall(r"\d+", value)]
        if all(1 <= position <= len(authors) for position in positions):
            names = [str(authors[position - 1]) for position in positions]
            entry.fields[name] = " and ".join(names)
            continue
        found.append(
            (
                name,
                f"{name!r} names author positions there are not "
                f"({len(authors)} authors): {value!r} (left out)",
            )
        )
        del entry.fields[name]


#: An arXiv identifier named in free text (a source's URL or DOI): after
#: ``arXiv:``, in its ``arxiv.org/abs/`` or ``/pdf/`` address (``….pdf``
#: too) or in its DataCite DOI (``10.48550/arXiv.2410.01805``).
ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv:\s*|arxiv\.org/(?:abs|pdf)/|10\.48550/arxiv\.)"
    r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?(?!\d)",
    re.IGNORECASE,
)


def unversioned_arxiv(arxiv: str) -> str:
    """An arXiv identifier without its version (``2410.01805v2`` ->
    ``2410.01805``): every version is one paper."""
    return re.sub(r"v\d+$", "", arxiv)


def arxiv_in_text(text: str) -> str | None:
    """The arXiv identifier *text* names, without its version, or ``None``
    (the refresh command matches papers by it)."""
    match = ARXIV_IN_TEXT.search(text)
    return match.group(1) if match else None


_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*([{(])", re.MULTILINE)
_KEY = re.compile(r"\s*([^\s,{}()]*)")
_FIELD_START = re.compile(r"^[ \t]*([A-Za-z][\w:.+/-]*)[ \t]*=")
_NOT_ENTRIES = frozenset({"comment", "preamble", "string"})
#: Blocks an exporter writes for itself, never papers: BibDesk's
#: ``@bibdesk_info`` (its sort order and window state). JabRef's meta data is
#: an ``@comment``, so already none. Skipped unparsed and unreported.
EXPORTER_BLOCKS = frozenset({"bibdesk_info"})


@dataclass(frozen=True)
class BibProblem:
    """One thing wrong in a ``.bib`` file, and where."""

    #: The file.
    path: Path
    #: The (1-based) line to look at, if known.
    line: int | None
    #: The entry's key, if known.
    key: str | None
    #: What is wrong, in a sentence.
    message: str

    def warn(self) -> None:
        """Report this problem as a typed Sphinx warning at its file and line."""
        where = f"entry {self.key!r}: " if self.key else ""
        logger.warning(
            where + self.message,
            type=WARNING_TYPE,
            subtype=Subtype.BIBTEX,
            # A "file:line" string is printed as is; a (docname, line) tuple
            # would be taken for a document and get a source suffix appended.
            location=f"{self.path}:{self.line or ''}",
        )


@dataclass
class BibFiles:
    """What was read from one or more ``.bib`` files."""

    #: Every entry that could be read, in file order.
    data: BibliographyData = field(default_factory=BibliographyData)
    #: The keys of each file, in order.
    keys: dict[Path, list[str]] = field(default_factory=dict)
    #: Where each entry starts: key -> (file, line).
    lines: dict[str, tuple[Path, int]] = field(default_factory=dict)
    #: Everything wrong, in file order.
    problems: list[BibProblem] = field(default_factory=list)
    #: The keys other entries name in ``crossref`` (the volumes they are in).
    crossref_targets: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Chunk:
    """The text of one ``@...`` command and the line it starts on."""

    kind: str
    key: str
    text: str
    line: int
    #: Problems found while cutting it out (an unclosed brace).
    repairs: tuple[tuple[int, str], ...] = ()


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _close(text: str, start: int, opener: str) -> int | None:
    """Position just after the delimiter closing the one at *start*."""
    closer = "}" if opener == "{" else ")"
    depth = 0
    for pos in range(start, len(text)):
        char = text[pos]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if opener == "(" and char == ")" and depth == 0:
            return pos + 1
        if opener == "{" and depth == 0 and char == closer:
            return pos + 1
        if depth < 0:
            return None
    return None


def _repair(
    text: str, first_line: int, *, last: bool
) -> tuple[str, list[tuple[int, str]]]:
    """Close each field left open before the next field begins.

    Returns the repaired entry text and, for each repair, the line of the
    unclosed field and a message.
    """
    lines = text.split("\n")
    notes: list[tuple[int, str]] = []
    depth = 0
    field_index: int | None = None
    field_name = ""
    for index, line in enumerate(lines):
        match = _FIELD_START.match(line)
        if match and depth > 1 and field_index is not None:
            missing = depth - 1
            # Close the open field at the end of its last non-blank line.
            for back in range(index - 1, field_index - 1, -1):
                if lines[back].strip():
                    stripped = lines[back].rstrip()
                    comma = stripped.endswith(",")
                    body = stripped[:-1] if comma else stripped
                    lines[back] = body + "}" * missing + ","
                    break
            notes.append(
                (
                    first_line + field_index,
                    f"unclosed brace in field {field_name!r}: it runs into the "
                    f"next field; closed it there",
                )
            )
            depth = 1
        if match and depth <= 1:
            field_index, field_name = index, match.group(1)
        for char in line:
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
    repaired = "\n".join(lines)
    if depth > 0:
        if field_index is not None and depth > 1:
            where = first_line + field_index
            what = f"unclosed brace in field {field_name!r}"
        else:
            where = first_line
            what = "unclosed brace: the entry never ends"
        closed = "at the end of the file" if last else "where the next entry starts"
        notes.append((where, f"{what}; closed it {closed}"))
        repaired = repaired.rstrip() + "}" * depth
    return repaired, notes


def split_entries(text: str) -> Iterable[_Chunk]:
    """Cut *text* into its ``@`` commands; comments between them are ignored."""
    starts = list(_ENTRY_START.finditer(text))
    for index, match in enumerate(starts):
        end_limit = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        opener_pos = match.end() - 1
        kind = match.group(1).lower()
        key = "" if kind in _NOT_ENTRIES else _KEY.match(text, match.end()).group(1)
        line = _line_of(text, match.start())
        close = _close(text[:end_limit], opener_pos, match.group(2))
        if close is not None:
            yield _Chunk(kind, key, text[match.start() : close], line)
            continue
        chunk = text[match.start() : end_limit]
        if match.group(2) == "(":
            yield _Chunk(
                kind, key, "", line, ((line, "unclosed '(': the entry never ends"),)
            )
            continue
        repaired, notes = _repair(chunk, line, last=index + 1 == len(starts))
        yield _Chunk(kind, key, repaired, line, tuple(notes))


def _field_line(chunk: _Chunk, name: str) -> int:
    names = [name, *(alias for alias, to in FIELD_ALIASES.items() if to == name)]
    either = "|".join(re.escape(name) for name in names)
    pattern = re.compile(rf"^[ \t]*(?:{either})[ \t]*=", re.IGNORECASE)
    for offset, line in enumerate(chunk.text.split("\n")):
        if pattern.match(line):
            return chunk.line + offset
    return chunk.line


def check_entry(
    entry: Entry,
    site_files: SiteFiles | None = None,
    known_field: Callable[[str], bool] | None = None,
) -> list[tuple[str | None, str]]:
    """The homepage's rules for one entry: (field or None, message) pairs.

    With *site_files*, a ``pdf``, ``slides``, ``poster``, ``supp`` or
    ``html`` may name a file of the site instead of an ``https://`` URL, and
    a teaser (``preview``/``teaser``) must be one or a URL
    (:mod:`academic_site.papers.paper_files`); without, only URLs are links.
    With *known_field*, a field it does not know and neither
    :data:`SHOWN_FIELDS` nor :data:`KEPT_FIELDS` has is one warning: nothing
    in the file is dropped without notice."""
    found: list[tuple[str | None, str]] = []
    if known_field is not None:
        for name in entry.fields:
            lower = name.lower()
            if lower in SHOWN_FIELDS or lower in KEPT_FIELDS or known_field(name):
                continue
            found.append(
                (
                    name,
                    f"field {name!r} is not shown: the site does not know it "
                    "(handbook/publications.md lists the fields; remove it, "
                    "or keep it in a % comment)",
                )
            )
    if entry.type.lower() not in KNOWN_TYPES:
        found.append(
            (
                None,
                f"unknown entry type '@{entry.type}'; expected one of "
                + ", ".join(sorted(KNOWN_TYPES))
                + " (shown as @misc)",
            )
        )
    for name in REQUIRED_FIELDS:
        if not to_plain(entry.fields.get(name, "")).strip():
            found.append((None, f"missing required field {name!r}"))
    year = to_plain(entry.fields.get("year", "")).strip()
    if year and not re.fullmatch(r"\d{4}", year):
        found.append(("year", f"'year' must be a four-digit year, not {year!r}"))
    authors = entry.persons.get("author", [])
    if not authors and not entry.persons.get("editor"):
        found.append((None, "no 'author' field"))
    known = {name_key(person) for person in authors if not is_others(person)}
    for role in ROLE_FIELDS:
        for person in role_names(entry, role):
            if name_key(person) not in known:
                found.append(
                    (
                        role,
                        f"{role!r} names {to_plain(str(person))!r}, "
                        "who is not among the authors",
                    )
                )
    selected = entry.fields.get("selected")
    if selected is not None and selected.strip().lower() not in (
        TRUE_VALUES | FALSE_VALUES
    ):
        found.append(
            ("selected", f"'selected' must be true or false, not {selected!r}")
        )
    for name in LINK_FIELDS:
        value = entry.fields.get(name)
        if value is None or value.strip().startswith("https://"):
            continue
        if site_files is not None and name in FILE_FIELDS and "://" not in value:
            _path, problem = site_files.resolve(name, value)
            if problem:
                found.append((name, f"{name!r} {problem} (not shown): {value!r}"))
            continue
        found.append((name, f"{name!r} must be an https:// URL (not shown): {value!r}"))
    for name in IMAGE_FIELDS:
        value = entry.fields.get(name)
        if site_files is None or value is None or value.strip().startswith("https://"):
            continue
        _path, problem = site_files.resolve(name, value)
        if problem:
            found.append((name, f"{name!r} {problem} (not shown): {value!r}"))
    arxiv = entry.fields.get("arxiv")
    if arxiv is not None and not alfolio_arxiv(arxiv):
        message = f"'arxiv' is not an arXiv identifier (not shown): {arxiv!r}"
        found.append(("arxiv", message))
    doi = entry.fields.get("doi")
    if doi is not None and not DOI.match(doi.strip()):
        found.append(("doi", f"'doi' is not a DOI (not shown): {doi!r}"))
    return found


def _error_message(error: PybtexError) -> str:
    # pybtex's own text counts lines from the entry, not the file: drop that.
    if isinstance(error, PybtexSyntaxError):
        return f"{error.error_type}: {error.args[0]}"
    return str(error)


def _error_line(error: PybtexError, chunk: _Chunk) -> int:
    lineno = getattr(error, "lineno", None)
    return chunk.line + lineno - 1 if lineno else chunk.line


def read_bibfiles(
    paths: Iterable[Path],
    encoding: str = "utf-8-sig",
    site_files: SiteFiles | None = None,
    own_fields: Iterable[str] = (),
    known_field: Callable[[str], bool] | None = None,
) -> BibFiles:
    """Read every file of *paths* forgivingly; never raises for bad input.

    *site_files* is where a link field's file of the site is looked up
    (:func:`check_entry`); *own_fields*, the site's fields, are not inherited
    through ``crossref``; a field that neither they, the standard fields nor
    *known_field* know is a warning (:func:`check_entry`)."""
    result = BibFiles()
    parser = Parser(encoding=encoding)  # one parser: @string macros carry over
    to_check: list[tuple[Path, _Chunk, str]] = []
    for path in paths:
        keys: list[str] = result.keys.setdefault(path, [])
        try:
            raw = path.read_bytes()
        except OSError as error:
            result.problems.append(
                BibProblem(path, None, None, f"cannot read the .bib file: {error}")
            )
            continue
        text = _decode(raw, encoding, path, result.problems)
        text = _without_front_matter(text)
        for chunk in split_entries(text):
            problems = [
                BibProblem(path, line, chunk.key or None, message)
                for line, message in chunk.repairs
            ]
            result.problems.extend(problems)
            if not chunk.text or chunk.kind in EXPORTER_BLOCKS:
                continue
            if chunk.kind not in _NOT_ENTRIES:
                if not chunk.key:
                    result.problems.append(
                        BibProblem(path, chunk.line, None, "entry without a key")
                    )
                    continue
                if chunk.key in parser.data.entries:
                    first = parser.data.entries[chunk.key].key  # any case
                    first_path, first_line = result.lines[first]
                    where = "" if first_path == path else f"{first_path.name}, "
                    result.problems.append(
                        BibProblem(
                            path,
                            chunk.line,
                            chunk.key,
                            f"duplicate key (first used on {where}line "
                            f"{first_line}); this entry is left out",
                        )
                    )
                    continue
            with pybtex.errors.capture() as errors:
                try:
                    parser.parse_string(chunk.text)
                except PybtexError as error:  # not every error is reported
                    errors.append(error)
            for error in errors:
                result.problems.append(
                    BibProblem(
                        path,
                        _error_line(error, chunk),
                        chunk.key or None,
                        _error_message(error),
                    )
                )
            if chunk.kind in _NOT_ENTRIES or chunk.key not in parser.data.entries:
                if chunk.kind not in _NOT_ENTRIES and not errors:
                    result.problems.append(
                        BibProblem(path, chunk.line, chunk.key, "could not be read")
                    )
                continue
            entry = parser.data.entries[chunk.key]
            keys.append(entry.key)
            result.lines[entry.key] = (path, chunk.line)
            for name, message in normalise_entry(entry):
                line = _field_line(chunk, name) if name else chunk.line
                result.problems.append(BibProblem(path, line, entry.key, message))
            if not (errors or chunk.repairs):  # one warning per mistake
                to_check.append((path, chunk, entry.key))
    result.data, result.crossref_targets = resolve_crossrefs(
        parser.data, result.lines, result.problems, own_fields
    )
    for path, chunk, key in to_check:  # after crossref: inherited fields count
        checked = check_entry(result.data.entries[key], site_files, known_field)
        for name, message in checked:
            line = _field_line(chunk, name) if name else chunk.line
            result.problems.append(BibProblem(path, line, key, message))
    # In file order: what reading found and what the checks found, by line.
    order = {path: index for index, path in enumerate(result.keys)}
    result.problems.sort(key=lambda p: (order.get(p.path, -1), p.line or 0))
    return result


def _decode(raw: bytes, encoding: str, path: Path, problems: list[BibProblem]) -> str:
    """*raw* as text; each byte that is not *encoding* is one problem at its
    line, and becomes U+FFFD, so the other entries are all read; so is each
    control character (:func:`_without_controls`)."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        text = _replace_bad_bytes(raw, encoding, path, problems)
    return _without_controls(text, path, problems)


#: Control characters that separate words: a space in their place.
_SPACING_CONTROLS = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")


def _without_controls(text: str, path: Path, problems: list[BibProblem]) -> str:
    """*text* without the characters no page or feed may carry (a form feed,
    ESC, BEL, DEL, a C1 control): one problem per line; each is removed (a
    space, if it separated words), so every output stays well formed."""
    if not UNPRINTABLE.search(text):
        return text
    reported: set[int] = set()
    for match in UNPRINTABLE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line not in reported:
            reported.add(line)
            problems.append(
                BibProblem(
                    path,
                    line,
                    None,
                    f"the control character U+{ord(match.group()):04X} is not "
                    "text: removed",
                )
            )
    return UNPRINTABLE.sub(
        lambda found: " " if found.group() in _SPACING_CONTROLS else "", text
    )


def _replace_bad_bytes(
    raw: bytes, encoding: str, path: Path, problems: list[BibProblem]
) -> str:
    text = raw.decode(encoding, errors="surrogateescape")
    reported: set[int] = set()
    for match in re.finditer(r"[\udc80-\udcff]+", text):
        line = text.count("\n", 0, match.start()) + 1
        if line in reported:
            continue  # one warning per line
        reported.add(line)
        byte = match.group()[0].encode("utf-8", "surrogateescape")
        problems.append(
            BibProblem(
                path,
                line,
                None,
                f"byte {byte!r} is not {encoding} text (save the file as UTF-8); "
                "shown as \ufffd",
            )
        )
    return re.sub(r"[\udc80-\udcff]", "\ufffd", text)


def _without_front_matter(text: str) -> str:
    """al-folio's ``papers.bib`` starts with Jekyll front matter (``---`` lines
    around YAML); blanked, so the entries keep their line numbers."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n" * index + "\n" + "\n".join(lines[index + 1 :])
    return text


#: Fields an entry does not take from the volume it names in ``crossref``:
#: the volume's own identifiers, links and notes. The site's own fields are
#: not inherited either; the paper model names them (``own_fields``).
NOT_INHERITED = frozenset(
    {
        "crossref",
        "url",
        "doi",
        "eprint",
        "archiveprefix",
        "eprinttype",
        "primaryclass",
        "isbn",
        "issn",
        "biburl",
        "bibsource",
        "timestamp",
        "abstract",
        "keywords",
        "file",
        "ids",
        "note",
    }
)


def resolve_crossrefs(
    data: BibliographyData,
    lines: dict[str, tuple[Path, int]],
    problems: list[BibProblem],
    own_fields: Iterable[str] = (),
) -> tuple[BibliographyData, set[str]]:
    """Each entry with the fields it inherits through ``crossref``, as BibTeX
    does (a missing field is the volume's; the volume's ``title`` is the
    entry's ``booktitle``, as biblatex maps it), and the volumes named.
    Neither :data:`NOT_INHERITED` nor *own_fields* (the site's) are inherited.

    The entries are new ones, without ``crossref``; a ``crossref`` naming no
    entry of the files is one problem, and dropped.
    """
    resolved = BibliographyData()
    targets: set[str] = set()
    not_inherited = NOT_INHERITED | {name.lower() for name in own_fields}
    for key, entry in data.entries.items():
        target_key = entry.fields.get("crossref", "").strip()
        fields = [(name, value) for name, value in entry.fields.items()]
        fields = [(n, v) for n, v in fields if n.lower() != "crossref"]
        persons = {role: list(people) for role, people in entry.persons.items()}
        if target_key:
            parent = data.entries.get(target_key)
            if parent is None:
                path, line = lines.get(key, (Path(), None))
                problems.append(
                    BibProblem(
                        path,
                        line,
                        key,
                        f"'crossref' names {target_key!r}, which is not in the "
                        "files (left out)",
                    )
                )
            else:
                targets.add(parent.key)
                have = {name.lower() for name, _value in fields}
                for name, value in parent.fields.items():
                    if name.lower() not in have and name.lower() not in not_inherited:
                        fields.append((name, value))
                        have.add(name.lower())
                if "booktitle" not in have and parent.fields.get("title"):
                    fields.append(("booktitle", parent.fields["title"]))
                for role, people in parent.persons.items():
                    if role == "editor" and role not in persons:
                        persons[role] = list(people)
        have = {name.lower() for name, _value in fields}
        if "year" not in have:  # biblatex (Zotero/Better BibTeX): date = {2024-10-02}
            date = next((v for n, v in fields if n.lower() == "date"), "")
            if re.match(r"\s*\d{4}", date):
                fields.append(("year", date.strip()[:4]))
        copy = Entry(entry.type, fields=fields, persons=persons)
        resolved.add_entry(key, copy)
    return resolved, targets


def warn_problems(problems: Iterable[BibProblem]) -> None:
    """Report each problem once, as a typed warning."""
    for problem in problems:
        problem.warn()

"""One rendering of each paper's parts, computed once per build (issue 21).

Every output shows a paper from its :class:`RenderedPaper`: the publication
lists (:mod:`academic_site.papers.pubstyle`, as rich text), the paper pages,
the JSON-LD, the CV PDF (Typst runs), ``llms.txt`` and the RIS/CSL-JSON
exports. Each is a small backend of these parts; none applies a rule of its
own to the names, the owner, the marks or the shortening of long lists.

It lives in ``papers/`` beside the model because it reads the pybtex entry
(its names and their LaTeX), which only the papers layer knows; pubstyle is
the list's backend of it, not its owner.

The one shortening rule (:func:`author_layout`): lists up to
:data:`MAX_AUTHORS` are shown in full; a longer one keeps the first
:data:`FIRST_AUTHORS`, the owner and the last author, ``…`` for each gap:
``Hu, S., …, Zhao, W., …, Huang, Y., … & Sun, M.``. BibTeX's ``and others``
ends every list with ``, et al.``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pybtex.database import Entry, Person

from academic_site.papers.bibliography import Paper, site_papers
from academic_site.papers.latex import to_plain
from academic_site.papers.names import (
    equal_contribution_names,
    family_and_given,
    is_others,
    key_of_name,
    name_key,
    name_parts,
    person_name,
    role_names,
)
from academic_site.site.config import homepage_config

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: The mark after an equal contributor's name; the legend explains it.
EQUAL_MARK = "*"
#: The mark after a corresponding author's name.
CORRESPONDING_MARK = "\u2020"
#: What ends a list that BibTeX's ``and others`` ends.
ET_AL = "et al."
#: Lists up to this long are shown in full.
MAX_AUTHORS = 10
#: How many leading authors a shortened list keeps.
FIRST_AUTHORS = 6


@functools.lru_cache(maxsize=65536)
def initials(names: Sequence[str]) -> str:
    """Given names as initials, in every form exporters write them.

    ``Yu Xiang`` -> ``Y. X.``; ``Yun-Nung`` -> ``Y.-N.``; ``J.`` stays;
    Google Scholar's ``AH`` (initials without dots) -> ``A. H.``; a stray
    dot (``H .F.``) -> ``H. F.``.
    """
    out = []
    for name in names:
        text = to_plain(name).strip()
        for word in re.split(r"[.\s]+", text):
            if not word:
                continue
            if len(word) <= 3 and word.isupper() and word.isalpha():
                out.extend(letter + "." for letter in word)  # Scholar's "AH"
                continue
            parts = [part for part in word.split("-") if part]
            out.append("-".join(part[0] + "." for part in parts))
    return " ".join(out)


def listed_parts(person: Person) -> tuple[str, str, str]:
    """The family name, the initials and the lineage (LaTeX kept) of a name as
    every output lists it: the one rule of ``Akers, S. B., Jr.``."""
    family, given, lineage = name_parts(person)
    return " ".join(family), initials(tuple(given)), " ".join(lineage)


@functools.lru_cache(maxsize=65536)  # a long list repeats its co-authors
def listed_name(author: str) -> str:
    """``Yuxiang Huang`` -> ``Huang, Y.`` in plain text (a name in BibTeX form)."""
    family, given, lineage = listed_parts(Person(author))
    return ", ".join(to_plain(part) for part in (family, given, lineage) if part)


@dataclass(frozen=True)
class Author:
    """One name of a paper's author list, with what every output marks."""

    #: The name as listed, ``First Last`` in plain text.
    name: str
    #: The name as the house style lists it, ``Huang, Y.`` in plain text.
    listed: str
    #: (family, given) in plain text, the lineage after the given names.
    parts: tuple[str, str]
    #: The site's owner (``homepage_owner_names``): bold wherever shown.
    is_owner: bool = False
    #: Contributed equally (``equal_contribution``): :data:`EQUAL_MARK`.
    is_equal: bool = False
    #: The corresponding author: :data:`CORRESPONDING_MARK`.
    is_corresponding: bool = False


#: One piece of a laid-out author list: the index of an author, or the text
#: between (``", "``, ``", … & "``, ``", et al."``).
Piece = int | str


def author_layout(
    count: int, owners: Collection[int], *, et_al: bool, full: bool = False
) -> tuple[Piece, ...]:
    """The one rule that lays out *count* names, *owners* the owner's indexes
    (always shown), *et_al* when BibTeX's ``and others`` ends the list;
    shortened (see the module docstring) unless *full*."""
    if not count:
        return ()
    if full or count <= MAX_AUTHORS:
        shown = list(range(count))
    else:
        shown = sorted(set(range(FIRST_AUTHORS)) | set(owners) | {count - 1})
    pieces: list[Piece] = [shown[0]]
    for previous, index in itertools.pairwise(shown):
        last = index == count - 1 and not et_al
        if index > previous + 1:
            pieces.append(", … & " if last else ", …, ")
        else:
            pieces.append(", & " if last else ", ")
        pieces.append(index)
    if et_al:
        pieces.append(", " + ET_AL)
    return tuple(pieces)


@dataclass(frozen=True)
class RenderedPaper:
    """The parts of one paper every output renders (see the module docstring)."""

    key: str
    #: The names shown as its authors (the editors of an edited volume).
    authors: tuple[Author, ...]
    #: Whether BibTeX's ``and others`` ends the list (``et al.``).
    et_al: bool
    #: Whether :attr:`authors` are the editors (no author is given).
    editors: bool
    title: str
    #: The full venue (journal, booktitle, school, …), abbreviations kept.
    venue: str
    year: str
    pages: str | None
    status: str | None

    def layout(self, *, full: bool = False) -> tuple[Piece, ...]:
        """The author list laid out by :func:`author_layout`."""
        owners = [i for i, author in enumerate(self.authors) if author.is_owner]
        return author_layout(len(self.authors), owners, et_al=self.et_al, full=full)

    def authors_text(self, *, full: bool = False, marks: bool = True) -> str:
        """The author list as plain text, as the list shows it."""
        out = []
        for piece in self.layout(full=full):
            if isinstance(piece, str):
                out.append(piece)
                continue
            author = self.authors[piece]
            out.append(author.listed)
            if marks:
                out.append(author_marks(author))
        return "".join(out)

    @property
    def has_equal(self) -> bool:
        return any(author.is_equal for author in self.authors)


def author_marks(author: Author) -> str:
    """The marks after *author*'s name (``*``, ``†``), as superscripts show them."""
    return (EQUAL_MARK if author.is_equal else "") + (
        CORRESPONDING_MARK if author.is_corresponding else ""
    )


def owner_keys(owner_names: Sequence[str]) -> frozenset[str]:
    """The comparable forms (:func:`name_key`) of the owner's BibTeX names."""
    return frozenset(key_of_name(name) for name in owner_names)


def is_owner(person: Person, owners: frozenset[str]) -> bool:
    """The one owner match: *person* is one of the names of *owners*
    (:func:`owner_keys` of ``homepage_owner_names``)."""
    return name_key(person) in owners


def shown_people(entry: Entry) -> tuple[list[Person], bool, bool]:
    """The names an entry lists (its authors, else its editors) without
    ``and others``; whether ``and others`` ended them; whether they are the
    editors."""
    authors = list(entry.persons.get("author") or [])
    people = authors or list(entry.persons.get("editor") or [])
    et_al = bool(people) and is_others(people[-1])
    return [p for p in people if not is_others(p)], et_al, not authors and bool(people)


def render_authors(
    entry: Entry, owners: frozenset[str]
) -> tuple[tuple[Author, ...], bool, bool]:
    """(authors, et al., editors) of *entry* (see :class:`RenderedPaper`)."""
    people, et_al, editors = shown_people(entry)
    equal = frozenset(name_key(p) for p in equal_contribution_names(entry))
    corresponding = frozenset(name_key(p) for p in role_names(entry, "corresponding"))
    authors = tuple(
        render_person(person, owners, equal, corresponding) for person in people
    )
    return authors, et_al, editors


def render_person(
    person: Person,
    owners: frozenset[str],
    equal: frozenset[str] = frozenset(),
    corresponding: frozenset[str] = frozenset(),
) -> Author:
    """One name rendered: *owners*, *equal* and *corresponding* are the
    :func:`name_key` of the owner's names, of the equal contributors and of
    the corresponding authors."""
    return Author(
        name=person_name(person),
        listed=", ".join(to_plain(part) for part in listed_parts(person) if part),
        parts=family_and_given(person),
        is_owner=is_owner(person, owners),
        is_equal=name_key(person) in equal,
        is_corresponding=name_key(person) in corresponding,
    )


def render_paper(paper: Paper, entry: Entry, owners: frozenset[str]) -> RenderedPaper:
    """The rendering of *paper* (made from *entry*) for the owner *owners*."""
    authors, et_al, editors = render_authors(entry, owners)
    return RenderedPaper(
        key=paper.key,
        authors=authors,
        et_al=et_al,
        editors=editors,
        title=paper.title,
        venue=paper.venue,
        year=paper.year,
        pages=paper.pages,
        status=paper.status,
    )


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """The site's order of papers: newest year first, a year's papers in file
    order, the undated last."""
    return sorted(papers, key=lambda paper: -(paper.year_number or 0))


#: The environment attribute that keeps the renderings while the model and
#: the owner's names stay the same.
ENV_ATTRIBUTE = "homepage_rendered_papers"


def rendered_papers(env: BuildEnvironment) -> Mapping[str, RenderedPaper]:
    """Every paper of the site rendered once per model, by BibTeX key."""
    model = site_papers(env)
    names = tuple(homepage_config(env).owner_names)
    stamp = (model.stamp, names)
    kept = getattr(env, ENV_ATTRIBUTE, None)
    if kept is None or kept[0] != stamp:
        owners = owner_keys(names)
        kept = (
            stamp,
            {
                paper.key: render_paper(paper, model.entry(paper.key), owners)
                for paper in model.papers
            },
        )
        setattr(env, ENV_ATTRIBUTE, kept)
    return kept[1]


def rendered(env: BuildEnvironment, paper: Paper) -> RenderedPaper:
    """The rendering of *paper* (one of the site's)."""
    return rendered_papers(env)[paper.key]

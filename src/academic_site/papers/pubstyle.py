"""The pybtex formatting style of the homepage: entries read like the resume.

``Zhao, W.*, Huang, Y.*, Han, X., Xiao, C., Liu, Z., & Sun, M. (2024). Title.
Venue.`` -- APA-like author lists (``Last, F.``, ``&`` before the last),
the owner in bold, equal contribution as a superscript ``*``, the title with
its capitalisation kept, LaTeX turned into Unicode by :mod:`academic_site.papers.latex`.

The names, the owner, the marks and the shortening of long author lists
(``Hu, S., …, Zhao, W., …, Huang, Y., … & Sun, M.``) are the paper's one
rendering (:mod:`academic_site.papers.rendering`); this style is its rich-text
backend for the lists.

Rich-text tags the style emits: ``strong`` (owner), ``sup`` (mark), ``cite``
(title), ``em`` (venue); the homepage's renderer maps ``cite`` to a
``<cite>`` element, other docutils backends simply drop it.

sphinxcontrib-bibtex instantiates styles without arguments, so the owner's
names (``homepage_owner_names``) are bound into a subclass when the builder
starts: see :func:`register_style`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import ClassVar

from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Entry, Person
from pybtex.plugin import register_plugin
from pybtex.richtext import BaseText, HRef, String, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels.number import LabelStyle as NumberLabelStyle
from pybtex.style.names.plain import NameStyle as PlainNameStyle
from pybtex.style.sorting.none import SortingStyle as FileOrderSortingStyle

from academic_site.papers.bibliography import pages_text, venue_latex
from academic_site.papers.latex import to_plain, to_richtext, url_text
from academic_site.papers.names import is_others
from academic_site.papers.rendering import (
    FIRST_AUTHORS,
    MAX_AUTHORS,
    Author,
    author_layout,
    author_marks,
    listed_parts,
    owner_keys,
    render_authors,
    render_person,
)

#: The name the style is registered under (``bibtex_default_style``).
STYLE_NAME = "homepage"


def year_of(entry: Entry) -> int | None:
    """The entry's year as a number, or ``None`` if it has none."""
    match = re.search(r"\d{4}", to_plain(entry.fields.get("year", "")))
    return int(match.group()) if match else None


_URL = re.compile(
    r"\\url\s*\{([^{}]*)\}|\\href\s*\{([^{}]*)\}\s*\{((?:[^{}]|\{[^{}]*\})*)\}"
)


def rich_field(value: str) -> Text:
    """A field as rich text, its ``\\url``/``\\href`` as links (``https://``
    only; any other address is shown as text)."""
    if "\\url" not in value and "\\href" not in value:
        return to_richtext(value)
    parts: list[BaseText] = []
    position = 0
    for match in _URL.finditer(value):
        before = value[position : match.start()]
        if before[:1].isspace() and parts:
            parts.append(String(" "))  # between two links, or after one
        if before.strip():
            parts.append(to_richtext(before))
            if before[-1:].isspace():
                parts.append(String(" "))
        url = url_text(match.group(1) or match.group(2) or "")
        label = to_richtext(match.group(3)) if match.group(3) else Text(url)
        parts.append(HRef(url, label) if url.startswith("https://") else label)
        position = match.end()
    rest = value[position:]
    if rest.strip():
        if rest[:1].isspace():
            parts.append(String(" "))
        parts.append(to_richtext(rest))
    return Text(*parts)


def full_stop(plain: str) -> str:
    """What ends a sentence that reads *plain*: a full stop, or nothing when it
    ends in one already (``Nat. Commun.``, ``Inc.``, a question)."""
    return "" if plain.rstrip().endswith((".", "?", "!")) else "."


def sentence(text: BaseText, plain: str) -> Text:
    """*text* as a sentence: a full stop, unless *plain* ends in one already."""
    return Text(text, full_stop(plain))


@functools.lru_cache(maxsize=65536)
def _family_text(family: str) -> Text:
    # Memoised: a co-author of many papers is converted once.
    return to_richtext(family)


#: pybtex's plain-text backend, made once: ``render_as("text")`` looks the
#: backend up among the installed packages' entry points on every call.
_PLAIN_BACKEND = PlainTextBackend()


def _plain_text(text: BaseText) -> str:
    # What rich text reads as, to see how it ends.
    return text.render(_PLAIN_BACKEND)


#: Entry types of works other than papers (talks, software, data sets, web
#: pages): their venue is where they appeared, a version and a publisher.
WORK_TYPES = frozenset(
    {
        "misc",
        "online",
        "electronic",
        "software",
        "dataset",
        "unpublished",
        "booklet",
        "presentation",
        "talk",
    }
)


_VERSION = "Version "


class HomepageStyle(BaseStyle):
    """Format entries as the homepage shows them (see the module docstring)."""

    # Classes, not plugin names: pybtex's find_plugin hands a class back as it
    # is, where a name costs a scan of every installed package's entry points
    # (13 ms each, three per style, in every build, a no-change one too).
    default_label_style = NumberLabelStyle
    default_name_style = PlainNameStyle
    default_sorting_style = FileOrderSortingStyle

    #: Names (BibTeX form) that mean the site's owner: bold wherever they occur.
    owner_names: ClassVar[tuple[str, ...]] = ()
    #: Lists up to this long are shown in full (the one rule: rendering).
    max_authors: ClassVar[int] = MAX_AUTHORS
    #: How many leading authors a shortened list keeps.
    first_authors: ClassVar[int] = FIRST_AUTHORS
    #: Each entry's formatted reference, by key, for this build: (the entry
    #: it was made from, the text).
    formatted: ClassVar[dict[str, tuple[Entry, Text]]] = {}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # BaseStyle binds ``sort`` to its sorting plugin in __init__.
        self.sort = self.sort_newest_first
        self.owner_keys = owner_keys(self.owner_names)

    # -- sorting ---------------------------------------------------------------
    def sort_newest_first(self, entries: Iterable[Entry]) -> list[Entry]:
        """Newest year first; papers of one year keep their order in the file."""
        return sorted(entries, key=lambda entry: -(year_of(entry) or 0))

    # -- people ------------------------------------------------------------------
    def format_person(self, person: Person, author: Author) -> Text:
        """``Last, F.`` (``Akers, S. B., Jr.``) -- bold for the owner, marked
        as *author* (its rendering) says."""
        family, initials, lineage = listed_parts(person)
        name: BaseText = _family_text(family)
        if initials:
            name = Text(name, ", " + initials)
        if lineage:
            name = Text(name, ", ", _family_text(lineage))
        if author.is_owner:
            name = Tag("strong", name)
        parts: list[BaseText] = [name]
        if marks := author_marks(author):
            parts.append(Tag("sup", marks))
        return Text(*parts)

    def authors(self, entry: Entry) -> list[Person]:
        return list(entry.persons.get("author") or entry.persons.get("editor") or [])

    def rendered_authors(self, entry: Entry) -> tuple[list[Person], list[Author], bool]:
        """The entry's names shown (no ``and others``), their rendering and
        whether ``and others`` ends them."""
        people = [p for p in self.authors(entry) if not is_others(p)]
        authors, et_al, _editors = render_authors(entry, self.owner_keys)
        return people, list(authors), et_al

    def is_shortened(self, entry: Entry) -> bool:
        """Whether :meth:`format_authors` leaves names out of this entry."""
        return len(self.rendered_authors(entry)[0]) > self.max_authors

    def format_authors(self, entry: Entry, *, full: bool = False) -> Text:
        """The author list, shortened unless *full* (the owner always shown):
        the one layout of :func:`academic_site.papers.rendering.author_layout`."""
        people, authors, et_al = self.rendered_authors(entry)
        owners = [i for i, author in enumerate(authors) if author.is_owner]
        parts: list[BaseText] = [
            String(piece)
            if isinstance(piece, str)
            else self.format_person(people[piece], authors[piece])
            for piece in author_layout(len(people), owners, et_al=et_al, full=full)
        ]
        return Text(*parts)

    # -- the entry -------------------------------------------------------------
    def editors_only(self, entry: Entry) -> bool:
        """Whether the names shown are the editors (an edited volume)."""
        return not entry.persons.get("author") and bool(entry.persons.get("editor"))

    def field(self, entry: Entry, name: str) -> Text:
        # A trailing comma (al-folio's own @string{aps = {... Society,}}) would
        # stand before the full stop.
        value = entry.fields.get(name, "").strip().rstrip(",;")
        return rich_field(value) if value else Text()

    def volume_and_pages(self, entry: Entry) -> list[BaseText]:
        """``15(10)`` and the pages with an en dash, as present."""
        fields = entry.fields
        parts: list[BaseText] = []
        if fields.get("volume"):
            volume = Text(self.field(entry, "volume"))
            if fields.get("series") and entry.type.lower() != "article":
                volume = Text(self.field(entry, "series"), " ", volume)  # LIPIcs 264
            issue = fields.get("number") or fields.get("issue")
            if issue:
                volume = Text(volume, "(", to_richtext(issue), ")")
            parts.append(volume)
        elif fields.get("number") or fields.get("issue"):  # an issue alone
            issue = fields.get("number") or fields.get("issue") or ""
            parts.append(Text("No. ", to_richtext(issue)))
        if fields.get("pages"):
            parts.append(Text(pages_text(to_plain(fields["pages"]))))
        return parts

    def format_venue(self, entry: Entry) -> Text:
        """Where the work appeared, in the reader's order for its type, with
        the venue in italics: ``Venue, 15(10), 2148-2160`` (an en dash)."""
        fields = entry.fields
        kind = entry.type.lower()
        parts: list[BaseText] = []
        if kind in ("incollection", "inbook") and fields.get("booktitle"):
            editors = entry.persons.get("editor") or []
            where = Text("In ")
            if editors:
                names = self.format_people(editors)
                where = Text(
                    where, names, " (Ed.), " if len(editors) == 1 else " (Eds.), "
                )
            where = Text(where, Tag("em", self.field(entry, "booktitle")))
            if fields.get("pages"):
                where = Text(
                    where, " (pp. ", pages_text(to_plain(fields["pages"])), ")"
                )
            parts.append(where)
            if fields.get("publisher"):
                parts.append(self.field(entry, "publisher"))
            return Text(", ").join(parts)
        if kind in ("book", "proceedings", "collection", "manual"):
            if fields.get("series"):
                series = Tag("em", self.field(entry, "series"))
                if fields.get("volume"):  # a bare volume means nothing alone
                    series = Text(series, ", ", self.field(entry, "volume"))
                parts.append(series)
            for name in ("publisher", "organization", "institution"):
                if fields.get(name):
                    parts.append(self.field(entry, name))
                    break
            return Text(", ").join(parts)
        if kind in ("techreport", "report"):
            report = Text(
                self.field(entry, "type") if fields.get("type") else "Technical report"
            )
            if fields.get("number"):
                report = Text(report, " ", self.field(entry, "number"))
            parts.append(report)
            if fields.get("institution"):
                parts.append(self.field(entry, "institution"))
            return Text(", ").join(parts)
        venue = venue_latex(entry)
        if kind == "patent":
            return rich_field(venue) if venue else Text()
        if venue:
            parts.append(Tag("em", rich_field(venue)))
        if kind not in ("phdthesis", "mastersthesis", "thesis"):
            parts.extend(self.volume_and_pages(entry))
        if kind in WORK_TYPES:
            if fields.get("version"):
                parts.append(Text(_VERSION, self.field(entry, "version")))
            for name in ("publisher", "organization", "institution"):
                if fields.get(name) and not fields.get("howpublished"):
                    parts.append(self.field(entry, name))
                    break
            for name in ("venue", "location", "address"):  # where it took place
                if fields.get(name):
                    parts.append(self.field(entry, name))
                    break
        return Text(", ").join(parts) if parts else Text()

    def format_people(self, people: list[Person]) -> Text:
        """Names joined as the house style joins them (``A, B, & C``)."""
        names = [
            self.format_person(person, render_person(person, self.owner_keys))
            for person in people
            if not is_others(person)
        ]
        if len(names) <= 1:
            return Text(*names)
        return Text(Text(", ").join(names[:-1]), ", & ", names[-1])

    def format_reference(self, entry: Entry) -> Text:
        """The whole reference line of one entry."""
        sentences: list[BaseText] = []
        authors = self.format_authors(entry)
        if len(authors) and self.editors_only(entry):
            editors = entry.persons.get("editor") or []
            authors = Text(authors, " (Ed.)" if len(editors) == 1 else " (Eds.)")
        year = to_plain(entry.fields.get("year", "")).strip() or "n.d."
        year_text = Text(f"({year}).")
        title = self.field(entry, "title")
        title_sentence = (
            sentence(Tag("cite", title), to_plain(entry.fields["title"]))
            if len(title)
            else None
        )
        if len(authors):
            sentences.append(Text(authors, " ", year_text))
            if title_sentence is not None:
                sentences.append(title_sentence)
        else:  # APA: a work without an author starts with its title
            if title_sentence is not None:
                sentences.append(title_sentence)
            sentences.append(year_text)
        venue = self.format_venue(entry)
        if len(venue):
            sentences.append(sentence(venue, _plain_text(venue)))
        note = entry.fields.get("note", "")
        if note.strip():
            sentences.append(sentence(rich_field(note), to_plain(note)))
        # A web page's, a program's or a data set's own address is its link
        # (paper_links: "Web page", "Code", "Data"), not repeated here.
        return Text(" ").join(sentences)

    def format_entry(
        self, label: str, entry: Entry, bib_data: object = None
    ) -> FormattedEntry:
        # sphinxcontrib-bibtex formats each entry of each list, and again for
        # its tooltips, in every build: the formatted text is kept (in the
        # environment, see publications) while the entry is the same object.
        formatted = self.formatted.get(entry.key)
        if formatted is None or formatted[0] is not entry:
            formatted = (entry, self.format_reference(entry))
            self.formatted[entry.key] = formatted
        return FormattedEntry(entry.key, formatted[1], label)


def make_style(
    owner_names: Iterable[str],
    formatted: dict[str, tuple[Entry, Text]] | None = None,
) -> type[HomepageStyle]:
    """A :class:`HomepageStyle` that knows the owner's names, keeping the
    formatted entries in *formatted* (a new dictionary if not given)."""
    return type(
        "HomepageStyle",
        (HomepageStyle,),
        {
            "owner_names": tuple(owner_names),
            "formatted": {} if formatted is None else formatted,
            "__module__": __name__,
        },
    )


def register_style(
    owner_names: Iterable[str],
    formatted: dict[str, tuple[Entry, Text]] | None = None,
) -> None:
    """Register the style as ``homepage`` for pybtex (and sphinxcontrib-bibtex)."""
    style = make_style(owner_names, formatted)
    register_plugin("pybtex.style.formatting", STYLE_NAME, style, force=True)

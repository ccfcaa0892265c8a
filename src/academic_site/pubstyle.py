"""The pybtex formatting style of the homepage: entries read like the resume.

``Zhao, W.*, Huang, Y.*, Han, X., Xiao, C., Liu, Z., & Sun, M. (2024). Title.
Venue.`` -- APA-like author lists (``Last, F.``, ``&`` before the last),
the owner in bold, equal contribution as a superscript ``*``, the title with
its capitalisation kept, LaTeX turned into Unicode by :mod:`academic_site.latex`.

Long author lists (more than :attr:`HomepageStyle.max_authors`) are shortened
as the resume does (the first :attr:`HomepageStyle.first_authors`, ``…``, the
last), except that the owner always stays visible:
``Hu, S., …, Zhao, W., …, Huang, Y., … & Sun, M.``.

Rich-text tags the style emits: ``strong`` (owner), ``sup`` (mark), ``cite``
(title), ``em`` (venue); the homepage's renderer maps ``cite`` to a
``<cite>`` element, other docutils backends simply drop it.

sphinxcontrib-bibtex instantiates styles without arguments, so the owner's
names (``homepage_owner_names``) are bound into a subclass when the builder
starts: see :func:`register_style`.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import ClassVar

from pybtex.database import Entry, Person
from pybtex.plugin import register_plugin
from pybtex.richtext import BaseText, String, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

from academic_site.bibliography import venue_latex
from academic_site.latex import to_plain, to_richtext
from academic_site.names import (
    equal_contribution_names,
    is_others,
    key_of_name,
    name_key,
)

#: The name the style is registered under (``bibtex_default_style``).
STYLE_NAME = "homepage"

#: The mark after an equal contributor's name; the legend explains it.
EQUAL_MARK = "*"


def year_of(entry: Entry) -> int | None:
    """The entry's year as a number, or ``None`` if it has none."""
    match = re.search(r"\d{4}", to_plain(entry.fields.get("year", "")))
    return int(match.group()) if match else None


@functools.lru_cache(maxsize=65536)
def _initials(names: Sequence[str]) -> str:
    """``Yu Xiang`` -> ``Y. X.``; ``Yun-Nung`` -> ``Y.-N.``; ``J.`` stays."""
    out = []
    for name in names:
        text = to_plain(name).strip()
        if not text:
            continue
        parts = [part for part in text.split("-") if part]
        out.append("-".join(part[0] + "." for part in parts))
    return " ".join(out)


@functools.lru_cache(maxsize=65536)
def _family_text(family: str) -> Text:
    # Memoised: a co-author of many papers is converted once.
    return to_richtext(family)


class HomepageStyle(BaseStyle):
    """Format entries as the homepage shows them (see the module docstring)."""

    #: Names (BibTeX form) that mean the site's owner: bold wherever they occur.
    owner_names: ClassVar[tuple[str, ...]] = ()
    #: Lists up to this long are shown in full.
    max_authors: ClassVar[int] = 10
    #: How many leading authors a shortened list keeps.
    first_authors: ClassVar[int] = 6
    #: Each entry's formatted reference, by key, for this build: (the entry
    #: it was made from, the text).
    formatted: ClassVar[dict[str, tuple[Entry, Text]]] = {}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # BaseStyle binds ``sort`` to its sorting plugin in __init__.
        self.sort = self.sort_newest_first
        self.owner_keys = frozenset(key_of_name(name) for name in self.owner_names)

    # -- sorting ---------------------------------------------------------------
    def sort_newest_first(self, entries: Iterable[Entry]) -> list[Entry]:
        """Newest year first; papers of one year keep their order in the file."""
        return sorted(entries, key=lambda entry: -(year_of(entry) or 0))

    # -- people ------------------------------------------------------------------
    def is_owner(self, person: Person) -> bool:
        return name_key(person) in self.owner_keys

    def format_person(self, person: Person, equal: frozenset[str]) -> Text:
        """``Last, F.`` -- bold for the owner, marked for equal contribution."""
        family = " ".join(
            [*person.prelast_names, *person.last_names, *person.lineage_names]
        )
        name: BaseText = _family_text(family)
        initials = _initials((*person.first_names, *person.middle_names))
        if initials:
            name = Text(name, ", " + initials)
        if self.is_owner(person):
            name = Tag("strong", name)
        parts: list[BaseText] = [name]
        if name_key(person) in equal:
            parts.append(Tag("sup", EQUAL_MARK))
        return Text(*parts)

    def authors(self, entry: Entry) -> list[Person]:
        return list(entry.persons.get("author") or entry.persons.get("editor") or [])

    def is_shortened(self, entry: Entry) -> bool:
        """Whether :meth:`format_authors` leaves names out of this entry."""
        return len(self.authors(entry)) > self.max_authors

    def format_authors(self, entry: Entry, *, full: bool = False) -> Text:
        """The author list, shortened unless *full* (the owner always shown)."""
        people = self.authors(entry)
        others = bool(people) and is_others(people[-1])
        if others:
            people = people[:-1]
        equal = frozenset(name_key(p) for p in equal_contribution_names(entry))
        names = [self.format_person(person, equal) for person in people]
        if not names:
            return Text()
        if full or len(names) <= self.max_authors:
            shown = list(range(len(names)))
        else:
            owners = {i for i, person in enumerate(people) if self.is_owner(person)}
            shown = sorted(set(range(self.first_authors)) | owners | {len(names) - 1})
        parts: list[BaseText] = [names[shown[0]]]
        for previous, index in itertools.pairwise(shown):
            last = index == len(names) - 1 and not others
            gap = index > previous + 1
            if gap:
                parts.append(String(", … & " if last else ", …, "))
            else:
                parts.append(String(", & " if last else ", "))
            parts.append(names[index])
        if others:
            parts.append(String(", et al."))
        return Text(*parts)

    # -- the entry -------------------------------------------------------------
    def format_venue(self, entry: Entry) -> Text:
        """``Venue, 15(10), 2148-2160`` with the venue in italics."""
        fields = entry.fields
        parts: list[BaseText] = []
        venue = venue_latex(entry)
        if venue:
            parts.append(Tag("em", to_richtext(venue)))
        volume = fields.get("volume")
        if volume:
            issue = fields.get("number") or fields.get("issue")
            volume_text = Text(to_richtext(volume))
            if issue:
                volume_text = Text(volume_text, "(", to_richtext(issue), ")")
            parts.append(volume_text)
        pages = fields.get("pages")
        if pages:
            parts.append(to_richtext(pages))
        return Text(", ").join(parts) if parts else Text()

    def format_reference(self, entry: Entry) -> Text:
        """The whole reference line of one entry."""
        sentences: list[BaseText] = []
        authors = self.format_authors(entry)
        year = to_plain(entry.fields.get("year", "")).strip() or "n.d."
        year_text = Text(f"({year}).")
        sentences.append(Text(authors, " ", year_text) if len(authors) else year_text)
        title = to_richtext(entry.fields.get("title", ""))
        if len(title):
            ends = to_plain(entry.fields["title"]).rstrip().endswith(("?", "!", "."))
            sentences.append(Text(Tag("cite", title), "" if ends else "."))
        venue = self.format_venue(entry)
        if len(venue):
            sentences.append(Text(venue, "."))
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

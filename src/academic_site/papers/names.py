"""BibTeX names: compared, shown and matched to the owner, each parsed once.

A name is compared by :func:`name_key` (``Huang, Yuxiang`` == ``Yuxiang
Huang`` == ``Huang, Yu-Xiang``) and shown by :func:`person_name` (``First
Last``). Both are memoised on the name's text, so a long list of papers by the
same people converts each name's LaTeX once per process.
"""

from __future__ import annotations

import functools
import re

from pybtex.database import Entry, Person

from academic_site.papers.latex import to_plain

_NOT_A_LETTER = re.compile(r"[\W_]+")


def _parts(person: Person) -> tuple[list[str], list[str]]:
    given = [*person.first_names, *person.middle_names]
    family = [*person.prelast_names, *person.last_names, *person.lineage_names]
    return given, family


@functools.lru_cache(maxsize=65536)
def _key_of(given: tuple[str, ...], family: tuple[str, ...]) -> str:
    def squash(names: tuple[str, ...]) -> str:
        return _NOT_A_LETTER.sub("", to_plain(" ".join(names))).casefold()

    return f"{squash(family)}|{squash(given)}"


def name_key(person: Person) -> str:
    """A comparable form of a name: ``Huang, Yuxiang`` == ``Yuxiang Huang``.

    Case, accents written in LaTeX, dots, hyphens and spaces do not count,
    so ``Huang, Yu-Xiang`` matches too; initials do not match full names
    (``Huang, Y.`` is not ``Huang, Yuxiang``: co-authors share initials).
    """
    given, family = _parts(person)
    return _key_of(tuple(given), tuple(family))


@functools.lru_cache(maxsize=65536)
def key_of_name(name: str) -> str:
    """:func:`name_key` of a name written as BibTeX text (``"Huang, Yuxiang"``)."""
    return name_key(Person(name))


def is_others(person: Person) -> bool:
    """Whether *person* is BibTeX's ``and others`` (rendered "et al.")."""
    return name_key(person) == "others|"


@functools.lru_cache(maxsize=65536)
def _plain_name(parts: tuple[str, ...]) -> str:
    return to_plain(" ".join(parts))


def person_name(person: Person) -> str:
    """A BibTeX name as ``First Last`` in plain text."""
    given, family = _parts(person)
    return _plain_name((*given, *family))


def role_names(entry: Entry, field: str) -> list[Person]:
    """The people a field of author roles names (``equal_contribution``,
    ``corresponding``: BibTeX names joined by ``and``), in its order."""
    value = entry.fields.get(field, "")
    return [Person(name) for name in re.split(r"\s+and\s+", value.strip()) if name]


def equal_contribution_names(entry: Entry) -> list[Person]:
    """The people the ``equal_contribution`` field names, in its order."""
    return role_names(entry, "equal_contribution")


#: Generational suffixes, wherever the exporter put them.
LINEAGE = re.compile(r"^(jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)


def name_parts(person: Person) -> tuple[list[str], list[str], list[str]]:
    """(family with von part, given, lineage); a ``Jr.`` that an exporter
    left in the family name (``Akers Jr., S. B.``) is taken as the lineage."""
    family = [*person.prelast_names, *person.last_names]
    lineage = list(person.lineage_names)
    if not lineage and len(family) > 1 and LINEAGE.match(family[-1]):
        lineage = [family.pop()]
    return family, [*person.first_names, *person.middle_names], lineage


@functools.lru_cache(maxsize=65536)
def _plain_parts(family: tuple[str, ...], given: tuple[str, ...]) -> tuple[str, str]:
    return to_plain(" ".join(family)), to_plain(" ".join(given))


def family_and_given(person: Person) -> tuple[str, str]:
    """(family, given) in plain text, the lineage after the given names as
    CSL and RIS readers expect it (``("Akers", "S. B., Jr.")``)."""
    family, given, lineage = name_parts(person)
    names = _plain_parts(tuple(family), tuple(given))
    if lineage:
        return names[0], f"{names[1]}, {to_plain(' '.join(lineage))}".strip(", ")
    return names

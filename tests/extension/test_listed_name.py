"""One rule writes a name as the site lists it (``Huang, Y.``): the CV PDF's
plain-text name is the publication list's rich one, read as text."""

from __future__ import annotations

import pytest
from pybtex.database import Person

from academic_site.papers.pubstyle import HomepageStyle, _plain_text, listed_name

#: Every form the list's rule handles (see pubstyle._initials and
#: names.name_parts): Scholar's undotted initials, hyphenated and stray-dot
#: given names, a lineage given or left in the family name, a von part, LaTeX.
NAMES = [
    "Yuxiang Huang",
    "AH Grinko",
    "Yun-Nung Chen",
    "H .F. Smith",
    "Akers, Jr., Sheldon B.",
    "Akers Jr., Sheldon B.",
    "Ludwig van Beethoven",
    'J{\\"u}rgen M{\\"u}ller',
    "Plato",
]


@pytest.mark.parametrize("name", NAMES)
def test_the_pdf_writes_a_name_as_the_list_does(name: str) -> None:
    listed = _plain_text(HomepageStyle().format_person(Person(name), frozenset()))
    assert listed_name(name) == listed


def test_scholars_undotted_initials_are_one_initial_each() -> None:
    # The defect of issue 21: "AH" read "A. H." on the list and "A." in the PDF.
    assert listed_name("AH Grinko") == "Grinko, A. H."

"""One rule writes a name as the site lists it (``Huang, Y.``): the CV PDF's
plain-text name is the publication list's rich one, read as text."""

from __future__ import annotations

import pytest
from pybtex.database import Entry, Person

from academic_site.papers.pubstyle import HomepageStyle, _plain_text
from academic_site.papers.rendering import listed_name, render_authors

#: Every form the list's rule handles (see rendering.initials and
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
    entry = Entry("article", persons={"author": [Person(name)]})
    listed = _plain_text(HomepageStyle().format_authors(entry))
    (author,), _et_al, _editors = render_authors(entry, frozenset())
    assert author.listed == listed == listed_name(name)


def test_scholars_undotted_initials_are_one_initial_each() -> None:
    # The defect of issue 21: "AH" read "A. H." on the list and "A." in the PDF.
    assert listed_name("AH Grinko") == "Grinko, A. H."

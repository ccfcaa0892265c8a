"""The one rendering of a paper's authors (academic_site.papers.rendering)."""

from __future__ import annotations

from pybtex.database import Entry, Person

from academic_site.papers.rendering import (
    FIRST_AUTHORS,
    MAX_AUTHORS,
    author_layout,
    owner_keys,
    render_authors,
)


def _names(pieces: tuple[int | str, ...]) -> list[int]:
    return [piece for piece in pieces if isinstance(piece, int)]


def test_a_short_list_is_shown_in_full_with_an_ampersand() -> None:
    assert author_layout(3, [], et_al=False) == (0, ", ", 1, ", & ", 2)


def test_a_long_list_keeps_the_first_the_owner_and_the_last() -> None:
    count = MAX_AUTHORS + 5
    owner = FIRST_AUTHORS + 3
    pieces = author_layout(count, [owner], et_al=False)
    assert _names(pieces) == [*range(FIRST_AUTHORS), owner, count - 1]
    assert pieces[-2] == ", … & "
    assert _names(author_layout(count, [owner], et_al=False, full=True)) == list(
        range(count)
    )


def test_and_others_ends_the_list_with_et_al_and_no_ampersand() -> None:
    assert author_layout(2, [], et_al=True) == (0, ", ", 1, ", et al.")


def test_names_owner_marks_and_others() -> None:
    entry = Entry(
        "article",
        fields={"equal_contribution": "Huang, Yuxiang and Grinko, AH"},
        persons={
            "author": [Person("Grinko, AH"), Person("Huang, Yuxiang"), Person("others")]
        },
    )
    authors, et_al, editors = render_authors(entry, owner_keys(["Yuxiang Huang"]))
    assert [a.listed for a in authors] == ["Grinko, A. H.", "Huang, Y."]
    assert [a.is_owner for a in authors] == [False, True]
    assert all(a.is_equal for a in authors)
    assert et_al
    assert not editors

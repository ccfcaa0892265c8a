"""The refresh refuses figures that cannot be true together, and a BOM from
a file and from a URL alike (each one RefreshError, one line)."""

from __future__ import annotations

import datetime

import pytest

from academic_site.commands.refresh import (
    Fetched,
    RefreshError,
    SourcePaper,
    parse_json,
)
from academic_site.sources.citations import MAX_COUNT

TODAY = datetime.date(2026, 6, 1)


def _fetched(**changes: object) -> Fetched:
    figures = {
        "source": "Google Scholar",
        "profile": None,
        "date": TODAY,
        "total": 100,
        "h_index": 5,
        "i10_index": 2,
        "per_year": {2025: 60, 2026: 40},
        # Five cited papers: as many as the h-index needs.
        "papers": [
            SourcePaper("Notes", 60),
            SourcePaper("Memoir", 20),
            *(SourcePaper(f"Letter {n}", 10) for n in range(3)),
            SourcePaper("Uncited", 0),
        ],
    }
    return Fetched(**{**figures, **changes})


def test_possible_figures_are_kept() -> None:
    assert _fetched().total == 100


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"papers": [SourcePaper("Notes", 101)]}, "more than the total"),
        ({"h_index": 11}, "h-index of 11"),
        # Six papers listed, five of them cited: an h-index of 6 is impossible.
        ({"h_index": 6, "total": 1000}, "h-index of 6 is above the 5 cited"),
        ({"i10_index": 6}, "i10-index of 6 is above the 5 cited"),
        ({"per_year": {2027: 1}}, "citations in 2027"),
    ],
)
def test_impossible_figures_are_refused(changes: dict, message: str) -> None:
    with pytest.raises(RefreshError, match=message) as error:
        _fetched(**changes)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("body", [b'\xef\xbb\xbf{"a": 1}', '\ufeff{"a": 1}'])
def test_a_bom_is_refused_from_bytes_and_text_alike(body: bytes | str) -> None:
    with pytest.raises(RefreshError, match="byte-order mark"):
        parse_json(body, "somewhere")


def test_the_bound_is_the_one_the_handbook_states() -> None:
    assert MAX_COUNT == 10_000_000

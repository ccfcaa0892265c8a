"""An arXiv ``eprint`` links to the paper it names, old-style ids included."""

from __future__ import annotations

import pytest
from pybtex.database import Entry

from academic_site.papers.bibliography import arxiv_id, arxiv_url


def _entry(**fields: str) -> Entry:
    return Entry("article", fields={"title": "T", **fields})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"eprint": "2410.01805"}, "2410.01805"),
        ({"eprint": "arXiv:2410.01805v2"}, "2410.01805v2"),
        ({"eprint": "hep-th/9902011"}, "hep-th/9902011"),
        # The old style as exporters split it: number in eprint, archive in
        # primaryClass (issue 21, defect 5: it linked to abs/9902011).
        ({"eprint": "9902011", "primaryClass": "hep-th"}, "hep-th/9902011"),
        ({"eprint": "0309136v1", "primaryClass": "math.GT"}, "math/0309136v1"),
        # A new-style id ignores its class.
        ({"eprint": "2410.01805", "primaryClass": "cs.CL"}, "2410.01805"),
    ],
)
def test_an_arxiv_eprint_names_its_paper(fields: dict, expected: str) -> None:
    for prefix in ({"archivePrefix": "arXiv"}, {"eprinttype": "arxiv"}):
        assert arxiv_id(_entry(**prefix, **fields)) == expected
    assert arxiv_url(expected) == "https://arxiv.org/abs/" + expected


def test_another_archives_eprint_is_no_arxiv_id() -> None:
    assert arxiv_id(_entry(eprint="9902011", primaryClass="hep-th")) is None

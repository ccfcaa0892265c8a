"""The site's own .bib against a DBLP listing of its own papers: every paper
is found there, so nothing is added, whichever version DBLP lists."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from xml.sax.saxutils import escape

import httpx
import pytest

from academic_site.commands import papers
from academic_site.papers.bibliography import Paper, load_papers
from tests.conftest import REPO

BIB = REPO / "docs" / "publications.bib"
TODAY = datetime.date(2026, 6, 1)


def _record(number: int, paper: Paper, *, preprint: bool) -> str:
    """*paper* as DBLP lists it: the published version (its DOI, if any) or
    the CoRR preprint (its arXiv id), each title with DBLP's full stop."""
    authors = "".join(f"<author>{escape(name)}</author>" for name in paper.authors)
    if preprint:
        return (
            f'<r><article key="journals/corr/abs-{number}" publtype="informal">'
            f"{authors}<title>{escape(paper.title)}.</title><journal>CoRR</journal>"
            f"<volume>abs/{paper.arxiv}</volume><year>{paper.year}</year>"
            f"<ee>https://doi.org/10.48550/arXiv.{paper.arxiv}</ee></article></r>"
        )
    doi = f"<ee>https://doi.org/{escape(paper.doi)}</ee>" if paper.doi else ""
    return (
        f'<r><inproceedings key="conf/x/P{number}">{authors}'
        f"<title>{escape(paper.title)}.</title><year>{paper.year}</year>"
        f"<booktitle>{escape(paper.venue_short or 'Venue')}</booktitle>{doi}"
        "</inproceedings></r>"
    )


@pytest.mark.parametrize("preprints", [False, True], ids=["published", "preprints"])
def test_the_sites_papers_are_all_found(
    preprints: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    no_network: None,
) -> None:
    site_papers = load_papers(BIB)
    listed = [p for p in site_papers if p.arxiv or not preprints]
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><dblpperson name="Owner" pid="1/2">'
        + "".join(
            _record(i, paper, preprint=preprints) for i, paper in enumerate(listed)
        )
        + "</dblpperson>"
    ).encode()
    bib = tmp_path / "publications.bib"
    shutil.copy(BIB, bib)
    code = papers.main(
        ["--dblp", "1/2", "--bib", str(bib)],
        transport=httpx.MockTransport(lambda request: httpx.Response(200, content=xml)),
        today=TODAY,
    )
    out = capsys.readouterr()
    assert (code, out.err) == (0, "")
    assert f"{len(listed)} paper(s), {len(listed)} already in" in out.out
    assert bib.read_bytes() == BIB.read_bytes()

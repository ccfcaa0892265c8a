"""The no-Scholar path: figures from OpenAlex reach the site with their source
and date, from the refresh command to the built page; and so do Scholar's,
so the page says whichever source wrote the file."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from academic_site.commands import refresh
from academic_site.sources.citations import load_citations
from tests.helpers import build_root
from tests.refresh.test_refresh import DATA as RECORDED
from tests.refresh.test_refresh import openalex

ROOT = Path(__file__).parent.parent / "roots" / "test-citations"
TODAY = datetime.date(2025, 6, 2)


def _text(element: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


#: Each source's arguments, recorded responses and the name the file gives it.
SOURCES = {
    "OpenAlex": (["--openalex", "A5000000001"], openalex()),
    "Google Scholar": (
        ["--scholar-json", str(RECORDED / "gs_data.json")],
        lambda request: httpx.Response(404),  # a local file: no request
    ),
}


@pytest.mark.parametrize("source", SOURCES)
def test_the_figures_show_their_source_and_month(
    source: str,
    tmp_path: Path,
    make_app: Callable[..., SphinxTestApp],
    no_network: None,
) -> None:
    figures = tmp_path / "citations.yaml"
    bib = RECORDED / "papers.bib"
    arguments, handler = SOURCES[source]
    code = refresh.main(
        ["--file", str(figures), "--bib", str(bib), *arguments],
        transport=httpx.MockTransport(handler),
        today=TODAY,
    )
    assert code == 0
    citations = load_citations(figures)
    assert citations.source == source
    app = build_root(
        make_app,
        ROOT,
        tmp_path / "src",
        {"data/citations.yaml": figures.read_text("utf-8")},
    )
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    month = citations.month("en")
    sentence = next(p for p in page.find_all("p") if "I have published" in p.get_text())
    assert f"{citations.total:,} citations" in _text(sentence)
    assert f"({citations.source}, {month})" in _text(sentence)
    caption = page.find(class_="citation-chart-caption")
    assert _text(caption) == f"Source: {citations.source}, {month}"

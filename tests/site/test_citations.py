"""The real site's citation figures (FACTS.md: Google Scholar, 2026-05-24)."""

from __future__ import annotations

import datetime
import re

import pytest

from academic_site.citations import load_citations
from tests.conftest import DOCS
from tests.helpers import SiteBuild

PROFILE = "https://scholar.google.com/citations?user=nvCXW78AAAAJ&hl=en"

#: Per-paper figures of FACTS.md, by the key of docs/publications.bib.
PAPERS = {
    "hu2024minicpm": "736",
    "qin2024toollearning": "683",
    "xiao2022encoding": "48",
    "zhao-etal-2024-ouroboros": "45",
    "zhao2024calora": "15",
    "huang2024locret": "12",
}


def _text(element: object) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


def test_the_data_file_holds_the_figures_of_the_facts() -> None:
    citations = load_citations(DOCS / "data" / "citations.yaml")
    assert citations.source == "Google Scholar"
    assert citations.profile == PROFILE
    assert citations.date == datetime.date(2026, 5, 24)
    assert (citations.total, citations.h_index, citations.i10_index) == (1663, 10, 10)
    assert citations.per_year == ((2023, 72), (2024, 362), (2025, 819), (2026, 407))
    assert {key: str(count) for key, count in citations.papers} == PAPERS


def test_home_page_sentence_has_the_total_linked_to_the_profile(
    site: SiteBuild,
) -> None:
    main = site.page("index.html").find("article")
    sentence = next(p for p in main.find_all("p") if "COLM and EMNLP" in p.get_text())
    assert _text(sentence).endswith(
        "I have published papers in COLM and EMNLP, with 1,663 citations "
        "(Google Scholar, May 2026)."
    )
    link = sentence.find("a", href=PROFILE)
    assert _text(link) == "1,663 citations"


def test_publications_page_has_the_chart_per_year(site: SiteBuild) -> None:
    svg = site.page("publications.html").select_one(".citation-chart svg")
    assert svg["role"] == "img"
    assert svg.find("title").get_text() == (
        "Citations per year (Google Scholar, May 2026): "
        "2023: 72, 2024: 362, 2025: 819, 2026: 407"
    )


@pytest.mark.parametrize(("key", "count"), PAPERS.items())
def test_each_paper_shows_its_count(site: SiteBuild, key: str, count: str) -> None:
    # Needs the publication style (entries with class "publication", the key
    # in their ids and a "publication-meta" line); see the README.
    entry = site.page("publications.html").find(id=key)
    assert entry is not None, f"no element with id {key!r}"
    assert "publication" in entry.get("class", [])
    assert _text(entry.select_one(".publication-meta .citation-count")) == (
        f"Cited by {count}"
    )

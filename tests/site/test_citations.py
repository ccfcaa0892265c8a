"""The site's citation figures, each where it belongs: derived from the
site's ``data/citations.yaml`` (read with PyYAML), so a refresh keeps these
tests green."""

from __future__ import annotations

import re

import pytest
from babel.dates import format_skeleton

from tests.helpers import SiteBuild
from tests.site.conftest import SiteData, applies

#: Generated for the sources that have citation figures (a site that turned
#: them off has none of these tests, not skipped ones).
pytestmark = applies(lambda data: data.citations is not None)


def _text(element: object) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


@pytest.fixture
def figures(data: SiteData) -> dict:
    return data.citations


def _month(figures: dict) -> str:
    return format_skeleton("yMMMM", figures["date"], locale="en")


def test_home_page_sentence_has_the_total_linked_to_the_profile(
    site: SiteBuild, figures: dict
) -> None:
    main = site.page("index.html").find("article")
    link = main.find("a", href=figures["profile"], string=re.compile("citations"))
    assert link is not None
    assert _text(link) == f"{figures['total']:,} citations"
    sentence = _text(link.find_parent("p"))
    assert f"({figures['source']}, {_month(figures)})" in sentence


def test_publications_page_has_the_chart_per_year(
    site: SiteBuild, figures: dict
) -> None:
    svg = site.page("publications.html").select_one(".citation-chart svg")
    assert svg["role"] == "img"
    per_year = ", ".join(
        f"{year}: {count}" for year, count in sorted(figures["per_year"].items())
    )
    assert svg.find("title").get_text() == (
        f"Citations per year ({figures['source']}, {_month(figures)}): {per_year}"
    )


def test_each_paper_shows_its_count(
    site: SiteBuild, data: SiteData, figures: dict
) -> None:
    # Needs the publication style (entries with class "publication", the
    # paper's anchor as id and a "publication-meta" line); see the README.
    page = site.page("publications.html")
    by_key = {entry.key: entry for entry in data.entries}
    assert figures["papers"]
    for key, count in figures["papers"].items():
        entry = page.find(id=by_key[str(key)].anchor)
        assert entry is not None, f"no entry for {key!r}"
        assert "publication" in entry.get("class", [])
        shown = entry.select_one(".publication-meta .citation-count")
        assert _text(shown) == f"Cited by {count:,}", key


def test_papers_without_a_figure_show_none(
    site: SiteBuild, data: SiteData, figures: dict
) -> None:
    page = site.page("publications.html")
    for entry in data.entries:
        if entry.key not in figures["papers"]:
            shown = page.find(id=entry.anchor).select_one(".citation-count")
            assert shown is None, entry.key

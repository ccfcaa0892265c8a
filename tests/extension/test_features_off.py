"""A feature turned off, or with no data yet, leaves no heading over nothing."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.sphinx("html", testroot="features-off")


@pytest.fixture(scope="module")
def page(module_app: SphinxTestApp) -> BeautifulSoup:
    html = (module_app.outdir / "index.html").read_text("utf-8")
    return BeautifulSoup(html, "html.parser")


def test_no_warning(module_app: SphinxTestApp) -> None:
    assert module_app.warning.getvalue() == ""


def test_a_heading_over_nothing_is_gone_from_the_page_and_its_contents(
    module_app: SphinxTestApp, page: BeautifulSoup
) -> None:
    headings = [h2.get_text(strip=True).rstrip("¶") for h2 in page.find_all("h2")]
    assert headings == ["Kept"]
    contents = module_app.env.tocs["index"].astext()
    assert "News" not in contents
    assert "Citations per year" not in contents


def test_news_off_writes_no_feed(module_app: SphinxTestApp) -> None:
    assert not (module_app.outdir / "news.xml").exists()

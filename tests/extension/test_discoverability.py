"""The discoverability extension on a small project: warnings and the feed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from academic_site.outputs.feed import entry_ids, timestamp
from academic_site.sources.news import NewsItem
from tests.helpers import build_root

ROOT = Path(__file__).parent.parent / "roots" / "test-discoverability"
ATOM = "{http://www.w3.org/2005/Atom}"

Build = Callable[..., SphinxTestApp]


@pytest.fixture
def build(tmp_path: Path, make_app: Callable[..., SphinxTestApp]) -> Build:
    """Copy the test root, apply *files* over it and build it."""

    def build(files: dict[str, str | None] | None = None, **confoverrides):
        return build_root(make_app, ROOT, tmp_path / "src", files, **confoverrides)

    return build


def _warnings(app: SphinxTestApp) -> str:
    return strip_colors(app.warning.getvalue())


def test_the_root_builds_clean(build: Build) -> None:
    app = build()
    assert _warnings(app) == ""
    assert (Path(app.outdir) / "robots.txt").is_file()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://ada.readthedocs.io/en/latest/", "names a version"),
        ("http://ada.example.org/", "must be an absolute https:// URL"),
        ("ada.example.org", "must be an absolute https:// URL"),
    ],
)
def test_an_unusable_base_url_is_reported(build: Build, url: str, message: str) -> None:
    warnings = _warnings(build(html_baseurl=url))
    assert message in warnings
    assert "conf.py" in warnings
    assert "[homepage.baseurl]" in warnings


def test_a_page_without_a_description_is_reported(build: Build) -> None:
    warnings = _warnings(build({"notes.md": "# Notes\n\nNote G.\n"}))
    assert "notes.md" in warnings
    assert "page has no description" in warnings
    assert "[homepage.description]" in warnings


def test_a_repeated_description_or_title_is_reported(build: Build) -> None:
    notes = (
        "---\nmyst:\n  html_meta:\n"
        "    description: Ada Lovelace's notes on the Analytical Engine.\n"
        "---\n\n# Ada Lovelace\n"
    )
    warnings = _warnings(build({"notes.md": notes}))
    assert "description is the same as that of 'index'" in warnings
    assert "page title 'Ada Lovelace' is also the title of 'index'" in warnings


def test_descriptions_are_only_required_when_asked(build: Build) -> None:
    app = build({"notes.md": "# Notes\n"}, homepage_require_descriptions=False)
    assert _warnings(app) == ""


def test_without_a_base_url_nothing_absolute_is_written(build: Build) -> None:
    app = build(html_baseurl="")
    outdir = Path(app.outdir)
    assert not (outdir / "news.xml").exists()
    assert not (outdir / "robots.txt").exists()
    index = (outdir / "index.html").read_text("utf-8")
    assert "application/ld+json" not in index
    assert 'rel="canonical"' not in index


def test_feed_links_are_absolute_and_dates_padded_not_invented(build: Build) -> None:
    app = build()
    feed = ElementTree.parse(Path(app.outdir) / "news.xml").getroot()
    first, second, third = feed.findall(f"{ATOM}entry")
    content = first.find(f"{ATOM}content").text
    assert 'href="https://ada.example.org/notes.html#notes"' in content
    assert 'href="https://example.org/engine"' in content
    assert first.find(f"{ATOM}title").text == "Published the notes on the Engine."
    assert first.find(f"{ATOM}updated").text == "1843-09-01T00:00:00Z"
    assert second.find(f"{ATOM}updated").text == "1843-01-01T00:00:00Z"
    assert [e.find(f"{ATOM}id").text for e in (first, second, third)] == [
        "https://ada.example.org/#news-1843-09-1",
        "https://ada.example.org/#news-1843-2",
        "https://ada.example.org/#news-1843-1",
    ]
    assert feed.find(f"{ATOM}updated").text == "1843-09-01T00:00:00Z"


def test_adding_news_at_the_top_keeps_every_id() -> None:
    base = "https://ada.example.org/"
    old = [NewsItem("1843", "b", 3), NewsItem("1843", "a", 1)]
    new = [NewsItem("1843", "c", 1), *old]
    assert entry_ids(base, new)[1:] == entry_ids(base, old)


@pytest.mark.parametrize(
    ("date", "instant"),
    [
        ("2024", "2024-01-01T00:00:00Z"),
        ("2024-07", "2024-07-01T00:00:00Z"),
        ("2024-07-15", "2024-07-15T00:00:00Z"),
    ],
)
def test_timestamp_is_the_start_of_the_stated_period(date: str, instant: str) -> None:
    assert timestamp(date) == instant


def test_a_social_card_that_is_not_a_png_is_reported_once(build: Build) -> None:
    warnings = _warnings(build(ogp_image="card.png"))
    assert warnings.count("ogp_image 'card.png' is not a PNG file") == 1
    assert "[homepage.icons]" in warnings

"""The profile card, contact links and news list, and their bad input."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from tests.helpers import copy_root

ROOT = Path(__file__).parent.parent / "roots" / "test-profile"

BuildSite = Callable[..., tuple[SphinxTestApp, BeautifulSoup]]


@pytest.fixture
def build(tmp_path: Path, make_app: Callable[..., SphinxTestApp]) -> BuildSite:
    """Copy the test root, apply *files* over it, build it, parse index.html."""

    def build(files: dict[str, str | None] | None = None, **confoverrides):
        srcdir = copy_root(ROOT, tmp_path / "src", files)
        app = make_app("html", srcdir=srcdir, confoverrides=confoverrides)
        app.build()
        html = (app.outdir / "index.html").read_text(encoding="utf-8")
        return app, BeautifulSoup(html, "html.parser")

    return build


def _warnings(app: SphinxTestApp) -> str:
    return strip_colors(app.warning.getvalue())


def test_card_shows_initials_when_no_photo_is_set(build: BuildSite) -> None:
    app, soup = build()
    assert _warnings(app) == ""
    initials = soup.select_one(".profile-card .profile-initials")
    assert initials.get_text() == "AL"
    assert initials["aria-hidden"] == "true"
    assert soup.select_one(".profile-card img") is None


def test_card_takes_a_photo_with_one_line(build: BuildSite) -> None:
    profile = (ROOT / "data" / "profile.yaml").read_text(encoding="utf-8")
    app, soup = build({"data/profile.yaml": profile.replace("photo:", "photo: me.png")})
    shutil.copy(ROOT.parent.parent / "extension" / "pixel.png", app.srcdir / "me.png")
    app.build(force_all=True)
    soup = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    image = soup.select_one(".profile-card img.profile-photo")
    assert image["alt"] == "Photo of Ada Lovelace"
    assert (app.outdir / image["src"]).is_file()
    assert soup.select_one(".profile-initials") is None


def test_card_shows_name_tagline_and_contacts(build: BuildSite) -> None:
    _, soup = build()
    card = soup.select_one(".profile-card")
    assert card.select_one(".profile-name").get_text(" ", strip=True) == (
        "Ada Lovelace エイダ"
    )
    assert card.select_one(".tagline").get_text() == "Poetical science"
    hrefs = [a["href"] for a in card.find_all("a")]
    assert hrefs == [
        "https://lab.example.org/",
        "mailto:ada@example.org",
        "https://example.org/notes",
    ]
    # The address is shown plainly, not cloaked into spans.
    assert card.find("a", href="mailto:ada@example.org").get_text() == (
        "ada@example.org"
    )


def test_news_is_listed_newest_first_with_markdown(build: BuildSite) -> None:
    _, soup = build()
    lists = soup.select("ul.news")
    items = [li.get_text(" ", strip=True) for li in lists[0].find_all("li")]
    assert items[0].startswith("1843-09 Published the Notes on the Engine")
    assert lists[0].find("a", href="https://example.org/notes")
    assert lists[0].find("em").get_text() == "Engine"
    assert len(items) == 3
    assert len(lists[1].find_all("li")) == 1


def test_html_in_news_is_shown_as_text(build: BuildSite) -> None:
    _, soup = build()
    assert soup.find("script", string="alert(1)") is None
    assert "<script>alert(1)</script>" in soup.select_one("ul.news").get_text()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        pytest.param(
            {"data/profile.yaml": "name: Ada\n  affiliation: [unclosed\n"},
            "profile.yaml:2: WARNING: invalid YAML",
            id="broken-yaml",
        ),
        pytest.param(
            {"data/profile.yaml": "name: Ada\nlocation: London\n"},
            "profile.yaml:1: WARNING: missing required field 'affiliation'",
            id="missing-field",
        ),
        pytest.param(
            {"data/profile.yaml": "name: Ada\naffiliation: X\nemial: a@b.org\n"},
            "profile.yaml:3: WARNING: unknown field(s) 'emial'",
            id="unknown-field",
        ),
        pytest.param(
            {
                "data/profile.yaml": "name: Ada\naffiliation: X\nlinks:\n"
                "  - label: Home\n    url: http://example.org/\n"
            },
            "profile.yaml:5: WARNING: field 'url' must be an https:// URL",
            id="plain-http-link",
        ),
        pytest.param(
            {"data/profile.yaml": None},
            "WARNING: cannot read data file /",
            id="missing-file",
        ),
        pytest.param(
            {
                "data/news.yaml": "- date: '2024'\n  text: a\n"
                "- date: '2025'\n  text: b\n"
            },
            "news.yaml:3: WARNING: news items must be newest first",
            id="news-out-of-order",
        ),
        pytest.param(
            {"data/news.yaml": "- date: 'May 2024'\n  text: a\n"},
            "news.yaml:1: WARNING: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD",
            id="news-bad-date",
        ),
        pytest.param(
            {"data/news.yaml": "- date: '2024'\n"},
            "news.yaml:1: WARNING: missing required field 'text'",
            id="news-missing-text",
        ),
        pytest.param(
            {"data/news.yaml": "date: '2024'\n"},
            "news.yaml:1: WARNING: news.yaml must be a list of news items",
            id="news-not-a-list",
        ),
    ],
)
def test_bad_data_is_a_typed_warning_naming_file_and_line(
    build: BuildSite, files: dict[str, str | None], message: str
) -> None:
    app, _ = build(files)
    warnings = _warnings(app)
    assert message in warnings
    assert "[homepage." in warnings
    assert "Traceback" not in warnings


def test_bad_data_warnings_can_be_suppressed_by_type(build: BuildSite) -> None:
    app, _ = build(
        {"data/news.yaml": "- date: 'soon'\n  text: a\n"},
        suppress_warnings=["homepage.news"],
    )
    assert _warnings(app) == ""

"""The profile card, contact links and news list, and their bad input."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from tests.helpers import build_root, copy_root

ROOT = Path(__file__).parent.parent / "roots" / "test-profile"

BuildSite = Callable[..., tuple[SphinxTestApp, BeautifulSoup]]


@pytest.fixture
def build(tmp_path: Path, make_app: Callable[..., SphinxTestApp]) -> BuildSite:
    """Copy the test root, apply *files* over it, build it, parse index.html."""

    def build(files: dict[str, str | None] | None = None, **confoverrides):
        app = build_root(make_app, ROOT, tmp_path / "src", files, **confoverrides)
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


# -- Hostile and broken data (issue 13) ----------------------------------------

PROFILE = (ROOT / "data" / "profile.yaml").read_text(encoding="utf-8")
NEWS = (ROOT / "data" / "news.yaml").read_text(encoding="utf-8")


def _build_bytes(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp], name: str, data: bytes
) -> tuple[SphinxTestApp, BeautifulSoup]:
    # A file that is not UTF-8 cannot go through build()'s text files.
    srcdir = copy_root(ROOT, tmp_path / "src", None)
    (srcdir / name).write_bytes(data)
    app = make_app("html", srcdir=srcdir)
    app.build()
    html = (app.outdir / "index.html").read_text("utf-8")
    return app, BeautifulSoup(html, "html5lib")


def test_a_duplicate_key_is_reported_and_the_first_value_kept(build: BuildSite) -> None:
    app, soup = build({"data/profile.yaml": PROFILE + "tagline: Second\n"})
    lines = len(PROFILE.splitlines()) + 1
    warnings = _warnings(app)
    assert (
        f"profile.yaml:{lines}: WARNING: duplicate key 'tagline' (first on line 4)"
        in (warnings)
    )
    assert warnings.count("WARNING") == 1
    assert soup.select_one(".tagline").get_text() == "Poetical science"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            NEWS.encode().replace(b"Translated", b"Translat\xe9d"),
            "news.yaml:4: WARNING: the file is not UTF-8: byte 0xe9",
            id="latin-1-byte",
        ),
        pytest.param(
            NEWS.encode().replace(b"Translated", b"Trans\x00lated"),
            "news.yaml:4: WARNING: invalid YAML: character U+0000 is not allowed",
            id="nul",
        ),
        pytest.param(
            b"", "news.yaml:1: WARNING: news.yaml is empty: expected a list", id="empty"
        ),
        pytest.param(
            b"a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
            + b"".join(
                b"%c: &%c [%s]\n" % (c, c, b", ".join([b"*%c" % (c - 1)] * 10))
                for c in b"bcdefgh"
            ),
            "WARNING: invalid YAML: the aliases expand to more than 100,000 values",
            id="billion-laughs",
        ),
        pytest.param(
            b"[" * 5000 + b"]" * 5000,
            "news.yaml:1: WARNING: invalid YAML: values are nested more than 50",
            id="deep",
        ),
    ],
)
def test_an_unreadable_file_is_one_warning_at_its_line(
    tmp_path: Path,
    make_app: Callable[..., SphinxTestApp],
    data: bytes,
    message: str,
) -> None:
    app, soup = _build_bytes(tmp_path, make_app, "data/news.yaml", data)
    warnings = _warnings(app)
    assert message in warnings
    assert warnings.count("WARNING") == 1
    assert "Traceback" not in warnings
    assert soup.select("ul.news") == []  # and the rest of the page is there
    assert soup.select_one(".profile-card .profile-name")


def test_one_bad_news_item_is_reported_and_the_others_shown(build: BuildSite) -> None:
    bad = NEWS.replace('- date: "1843"', '- date: "soon"')
    app, soup = build({"data/news.yaml": bad})
    warnings = _warnings(app)
    assert (
        "news.yaml:3: WARNING: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD" in warnings
    )
    assert warnings.count("WARNING") == 1
    dates = [d.get_text() for d in soup.select("ul.news")[0].select(".news-date")]
    assert dates == ["1843-09", "1842"]


def test_each_problem_is_printed_once(build: BuildSite) -> None:
    # The profile shows in two directives, the news in two lists and the feed.
    app, _ = build(
        {
            "data/profile.yaml": PROFILE.replace(
                "https://example.org/notes", "http://x"
            ),
            "data/news.yaml": NEWS.replace('"1842"', '"May"'),
        }
    )
    warnings = _warnings(app)
    assert warnings.count("field 'url' must be an https:// URL") == 1
    assert warnings.count("'date' must be YYYY") == 1
    assert warnings.count("WARNING") == 2


def test_a_wrong_anchor_in_a_news_item_is_reported_at_the_news_file(
    build: BuildSite,
) -> None:
    news = NEWS.replace("Translated", "Translated [it](index.md#no-such-anchor)")
    app, _ = build({"data/news.yaml": news})
    warnings = _warnings(app)
    assert "news.yaml:3: WARNING:" in warnings
    assert "no-such-anchor" in warnings
    assert "index.md" not in warnings.split("WARNING")[0]


def test_a_plain_http_link_in_the_news_is_reported_and_shown_as_text(
    build: BuildSite,
) -> None:
    news = NEWS.replace("https://example.org/notes", "http://example.org/notes")
    app, soup = build({"data/news.yaml": news})
    assert "news.yaml:1: WARNING: a link to 'http://" in _warnings(app)
    assert soup.find("a", href="http://example.org/notes") is None


@pytest.mark.parametrize(
    "photo", ["javascript:alert(1)", "https://evil.example/me.png", "../../me.png"]
)
def test_a_photo_outside_the_site_is_reported_at_the_profile(
    build: BuildSite, photo: str
) -> None:
    app, soup = build(
        {"data/profile.yaml": PROFILE.replace("photo:", f"photo: {photo}")}
    )
    warnings = _warnings(app)
    assert "profile.yaml:11: WARNING: 'photo' must be a path in the site" in warnings
    assert warnings.count("WARNING") == 1
    assert soup.select_one(".profile-card img") is None
    assert soup.select_one(".profile-initials").get_text() == "AL"


def test_a_missing_photo_file_is_reported_at_the_profile(build: BuildSite) -> None:
    app, soup = build({"data/profile.yaml": PROFILE.replace("photo:", "photo: me.png")})
    warnings = _warnings(app)
    assert "profile.yaml:11: WARNING: 'photo' 'me.png' is not a file" in warnings
    assert warnings.count("WARNING") == 1
    assert soup.select_one(".profile-card img") is None


def test_a_wrong_optional_field_leaves_out_only_that_field(build: BuildSite) -> None:
    app, soup = build(
        {"data/profile.yaml": PROFILE.replace("ada@example.org", '"a\\0b@x.org"')}
    )
    warnings = _warnings(app)
    assert "profile.yaml:10: WARNING: field 'email' holds the character U+0000" in (
        warnings
    )
    assert soup.select_one(".profile-card .tagline").get_text() == "Poetical science"
    assert soup.find("a", href="mailto:ada@example.org") is None

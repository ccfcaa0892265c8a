"""Bad ``.bib`` input: one typed warning naming file, line and key; no paper lost."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

#: root -> (expected warnings as (line, key, message start), papers shown)
CASES = {
    "pub-bad-brace": (
        [(10, "unclosed", "unclosed brace in field 'title'")],
        ["before", "unclosed", "after"],
    ),
    "pub-bad-duplicate": (
        [(15, "twice", "duplicate key (first used on line 1)")],
        ["twice", "between", "after"],
    ),
    "pub-bad-equal": (
        [(6, "equal", "'equal_contribution' names 'Huang, Yuxing', who is not")],
        ["equal"],
    ),
    "pub-bad-missing": (
        [
            (1, "notitle", "missing required field 'title'"),
            (7, "noyear", "missing required field 'year'"),
        ],
        ["notitle", "noyear"],
    ),
    "pub-bad-link": (
        [
            (
                6,
                "link",
                "'pdf' must be an https:// URL or a file of the site (not shown)",
            )
        ],
        ["link"],
    ),
    "pub-bad-same-title": (
        [
            (
                16,
                "DBLP:journals/corr/abs-2410-01805",
                "has the title and year of 'preprint' (line 1): list a paper once",
            )
        ],
        # The journal version (another year) is no second copy.
        ["preprint", "between", "dblp-journals-corr-abs-2410-01805", "journal"],
    ),
    "pub-bad-type": (
        [(1, "typo", "unknown entry type '@artcle'")],
        ["typo"],
    ),
}

WARNING = re.compile(
    r"^(?P<file>\S+):(?P<line>\d+): WARNING: entry '(?P<key>[^']+)': "
    r"(?P<message>.*) \[homepage\.bibtex\]$"
)


def _warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(
    "root",
    [
        pytest.param(root, marks=pytest.mark.sphinx("html", testroot=root))
        for root in CASES
    ],
)
def test_one_warning_per_problem_with_file_line_and_key(
    app: SphinxTestApp, warning, root: str
) -> None:
    app.build()  # never raises
    expected, _papers = CASES[root]
    lines = _warnings(warning.getvalue())
    assert len(lines) == len(expected), lines
    for line, (number, key, message) in zip(lines, expected, strict=True):
        match = WARNING.match(re.sub(r"\x1b\[[0-9;]*m", "", line))
        assert match, line
        assert match["file"].endswith(f"{root}/refs.bib")
        assert int(match["line"]) == number
        assert match["key"] == key
        assert match["message"].startswith(message)
    assert "Traceback" not in warning.getvalue()


@pytest.mark.parametrize(
    "root",
    [
        pytest.param(root, marks=pytest.mark.sphinx("html", testroot=root))
        for root in CASES
    ],
)
def test_no_paper_is_dropped_silently(app: SphinxTestApp, root: str) -> None:
    app.build()
    _expected, papers = CASES[root]
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    shown = [li["id"] for li in page.find_all("li", class_="publication")]
    assert sorted(shown) == sorted(papers)


@pytest.mark.sphinx("html", testroot="pub-bad-brace")
def test_the_unclosed_entry_keeps_its_other_fields(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    text = page.find("li", id="unclosed").find("p").get_text()
    assert text == (
        "Doe, J., & Huang, Y. (2023). An Unclosed Title. Journal of Examples."
    )


@pytest.mark.sphinx("html", testroot="pub-bad-link")
def test_a_link_that_is_not_https_is_not_shown(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    meta = page.find("li", id="link").find(class_="publication-meta")
    hrefs = [a["href"] for a in meta.find_all("a")]
    assert hrefs == ["https://github.com/example/link"]


@pytest.mark.sphinx("html", testroot="pub-bad-brace", warningiserror=True)
def test_bad_input_fails_the_build_under_w(app: SphinxTestApp) -> None:
    app.build()
    assert app.statuscode == 1


@pytest.mark.sphinx(
    "html",
    testroot="pub-bad-duplicate",
    confoverrides={"suppress_warnings": ["homepage.bibtex"]},
)
def test_the_warning_type_can_be_suppressed(app: SphinxTestApp, warning) -> None:
    app.build()
    assert warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="pub-bad-missing")
def test_papers_without_title_or_year_are_still_listed(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    headings = [h.get_text().rstrip("¶") for h in page.find_all("h2")]
    assert headings == ["2024", "Undated"]
    lines = [
        li.find("p").get_text() for li in page.find_all("li", class_="publication")
    ]
    assert lines == [
        "Huang, Y. (2024). Journal of Examples.",
        "Huang, Y. (n.d.). A Paper Without a Year. Journal of Examples.",
    ]

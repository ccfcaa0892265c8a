"""A renamed page can leave a redirect at its old address (homepage_redirects)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from tests.helpers import build_root

ROOT = Path(__file__).parent.parent / "roots" / "test-llms"


def test_the_old_address_sends_visitors_to_the_new_page(
    tmp_path: Path, make_app
) -> None:
    app: SphinxTestApp = build_root(
        make_app, ROOT, tmp_path / "src", homepage_redirects={"old/notes": "notes"}
    )
    assert strip_colors(app.warning.getvalue()) == ""
    page = BeautifulSoup(
        (app.outdir / "old" / "notes.html").read_text("utf-8"), "html.parser"
    )
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == "0; url=../notes.html"
    assert (app.outdir / "old" / "../notes.html").is_file()
    canonical = page.find("link", rel="canonical")["href"]
    assert canonical == app.config.html_baseurl + "notes.html"


@pytest.mark.parametrize(
    ("redirects", "message"),
    [
        ({"notes": "index"}, "'notes' is a page of the site; no redirect"),
        ({"gone": "missing"}, "'missing' is not a page of the site"),
    ],
)
def test_a_redirect_that_cannot_work_is_one_warning(
    tmp_path: Path, make_app, redirects: dict[str, str], message: str
) -> None:
    app = build_root(make_app, ROOT, tmp_path / "src", homepage_redirects=redirects)
    warnings = strip_colors(app.warning.getvalue())
    assert warnings.count("WARNING") == 1, warnings
    assert message in warnings
    assert "[homepage.config]" in warnings

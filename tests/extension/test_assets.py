"""academic_site.site.assets: each page links only the styles and scripts it uses."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from academic_site.site.assets import FURO_EXTENSIONS_CSS, unused_assets

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


def linked(app: SphinxTestApp, page: str) -> set[str]:
    """The file names of the stylesheets and scripts *page* links."""
    soup = BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")
    urls = [tag["href"] for tag in soup.select("link[rel=stylesheet]")]
    urls += [tag["src"] for tag in soup.select("script[src]")]
    return {url.split("?")[0].rsplit("/", 1)[-1] for url in urls}


@pytest.mark.sphinx("html", testroot="assets")
def test_pygments_css_only_where_code_is_highlighted(app: SphinxTestApp) -> None:
    app.build()
    assert "pygments.css" in linked(app, "code.html")
    assert "pygments.css" in linked(app, "inline.html")
    for page in ("index.html", "literal.html", "search.html", "genindex.html"):
        assert "pygments.css" not in linked(app, page), page


@pytest.mark.sphinx("html", testroot="assets")
def test_search_scripts_only_on_the_search_page(app: SphinxTestApp) -> None:
    app.build()
    search = linked(app, "search.html")
    assert {"documentation_options.js", "doctools.js", "sphinx_highlight.js"} <= search
    assert {"searchtools.js", "language_data.js", "searchindex.js"} <= search
    for page in ("index.html", "code.html", "genindex.html"):
        assert "sphinx_highlight.js" not in linked(app, page), page
        assert "searchtools.js" not in linked(app, page), page


@pytest.mark.sphinx("html", testroot="assets")
def test_keyboard_scripts_stay_while_a_shortcut_is_on(app: SphinxTestApp) -> None:
    app.build()  # Sphinx's default: "/" focuses the search box
    assert {"documentation_options.js", "doctools.js"} <= linked(app, "index.html")


@pytest.mark.sphinx(
    "html",
    testroot="assets",
    srcdir="assets-no-shortcuts",
    confoverrides={"html_theme_options": {"enable_search_shortcuts": False}},
)
def test_keyboard_scripts_go_without_shortcuts(app: SphinxTestApp) -> None:
    app.build()
    assert not {"documentation_options.js", "doctools.js"} & linked(app, "index.html")
    assert {"documentation_options.js", "doctools.js"} <= linked(app, "search.html")


@pytest.mark.sphinx("html", testroot="assets")
def test_furo_extension_styles_only_with_those_extensions(app: SphinxTestApp) -> None:
    app.build()
    assert "furo-extensions.css" not in linked(app, "index.html")
    assert "furo.css" in linked(app, "index.html")
    with_design = SimpleNamespace(extensions={"sphinx_design": object()})
    assert FURO_EXTENSIONS_CSS not in unused_assets(with_design, "index", {}, None)
    on_rtd = SimpleNamespace(extensions={})
    assert FURO_EXTENSIONS_CSS not in unused_assets(
        on_rtd, "index", {"READTHEDOCS": True}, None
    )


@pytest.mark.sphinx(
    "html",
    testroot="assets",
    srcdir="assets-untrimmed",
    confoverrides={"homepage_trim_assets": False},
)
def test_trimming_can_be_turned_off(app: SphinxTestApp) -> None:
    app.build()
    index = linked(app, "index.html")
    assert {"pygments.css", "furo-extensions.css", "sphinx_highlight.js"} <= index

"""academic_site.i18n on a small root: edition links, base URLs, warnings."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp


def _page(app: SphinxTestApp) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")


def _alternates(app: SphinxTestApp) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in _page(app).find_all("link", rel="alternate")
        if link.get("hreflang")
    }


@pytest.mark.sphinx("html", testroot="editions")
def test_the_root_edition_names_both(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert _alternates(app) == {
        "en": "index.html",
        "x-default": "index.html",
        "zh-CN": "zh/index.html",
    }


@pytest.mark.sphinx(
    "html",
    testroot="editions",
    confoverrides={"language": "zh_CN", "html_baseurl": "https://example.org"},
)
def test_a_translation_moves_its_base_url_to_its_path(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert app.config.html_baseurl == "https://example.org/zh/"
    assert _alternates(app) == {
        "en": "https://example.org/index.html",
        "x-default": "https://example.org/index.html",
        "zh-CN": "https://example.org/zh/index.html",
    }


@pytest.mark.sphinx(
    "html",
    testroot="editions",
    confoverrides={"language": "zh_CN", "html_baseurl": "https://example.org/zh/"},
)
def test_a_base_url_already_at_the_edition_s_path_stays(app: SphinxTestApp) -> None:
    app.build()
    assert app.config.html_baseurl == "https://example.org/zh/"
    assert _alternates(app)["en"] == "https://example.org/index.html"


@pytest.mark.sphinx("html", testroot="editions", confoverrides={"language": "de"})
def test_a_language_without_an_edition_is_reported(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "language 'de' is not one of homepage_editions (en, zh_CN)" in warnings
    assert "[homepage.i18n]" in warnings
    assert "conf.py:5: WARNING" in warnings  # the homepage_editions line
    assert _alternates(app) == {}


@pytest.mark.sphinx(
    "html",
    testroot="editions",
    confoverrides={"homepage_editions": {"en": "en/", "zh_CN": "zh/"}},
)
def test_editions_without_a_root_edition_are_reported(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "exactly one edition at the root" in warnings
    assert "[homepage.i18n]" in warnings

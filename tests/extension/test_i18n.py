"""academic_site.site.i18n on a small root: edition links, base URLs, warnings."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp


def _page(app: SphinxTestApp, name: str = "index.html") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text("utf-8"), "html.parser")


def _alternates(app: SphinxTestApp, name: str = "index.html") -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in _page(app, name).find_all("link", rel="alternate")
        if link.get("hreflang")
    }


# The root page is named by its edition's folder, as its canonical link says;
# without a base URL the links are relative (the language switch's too).
@pytest.mark.sphinx("html", testroot="editions")
def test_the_root_edition_names_both(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert _alternates(app) == {"en": "./", "x-default": "./", "zh-CN": "zh/"}
    assert _alternates(app, "other.html") == {
        "en": "other.html",
        "x-default": "other.html",
        "zh-CN": "zh/other.html",
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
        "en": "https://example.org/",
        "x-default": "https://example.org/",
        "zh-CN": "https://example.org/zh/",
    }
    assert _alternates(app, "other.html") == {
        "en": "https://example.org/other.html",
        "x-default": "https://example.org/other.html",
        "zh-CN": "https://example.org/zh/other.html",
    }
    # Each hreflang address is the canonical link of the page it names.
    canonical = _page(app).find("link", rel="canonical")["href"]
    assert canonical == _alternates(app)["zh-CN"]


SITEMAP_ROOT = {
    "extensions": ["myst_parser", "academic_site", "sphinx_sitemap"],
    "html_baseurl": "https://example.org/",
}


@pytest.mark.sphinx("html", testroot="editions", confoverrides=SITEMAP_ROOT)
def test_the_root_robots_txt_names_every_edition_s_sitemap(
    app: SphinxTestApp,
) -> None:
    app.build()
    lines = (app.outdir / "robots.txt").read_text("utf-8").splitlines()
    sitemaps = [line for line in lines if line.startswith("Sitemap:")]
    assert sitemaps == [
        "Sitemap: https://example.org/sitemap.xml",
        "Sitemap: https://example.org/zh/sitemap.xml",
    ]


@pytest.mark.sphinx(
    "html",
    testroot="editions",
    srcdir="editions-zh-sitemap",  # an output folder of its own
    confoverrides={**SITEMAP_ROOT, "language": "zh_CN"},
)
def test_a_translation_writes_no_robots_txt(app: SphinxTestApp) -> None:
    """Crawlers read robots.txt at the domain's root only: /zh/ needs none."""
    app.build()
    assert (app.outdir / "sitemap.xml").is_file()
    assert not (app.outdir / "robots.txt").exists()


@pytest.mark.sphinx(
    "html",
    testroot="editions",
    confoverrides={"language": "zh_CN", "html_baseurl": "https://example.org/zh/"},
)
def test_a_base_url_already_at_the_edition_s_path_stays(app: SphinxTestApp) -> None:
    app.build()
    assert app.config.html_baseurl == "https://example.org/zh/"
    assert _alternates(app)["en"] == "https://example.org/"


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

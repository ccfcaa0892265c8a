"""Every page weighs less than the same page on plain furo.

Weights are what Chromium fetched for the page, every request included:
the request count, the bytes as served, and the bytes gzip-compressed as a
web server would send them (:data:`harness.GZIP_LEVEL`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.browser import harness

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: The home page's budget: all its requests together, gzip-compressed.
HOME_PAGE_GZIP_BUDGET = 24_000
#: The plain furo home page as the issue measured it (8 requests,
#: 104.7 KB raw, 24.0 KB gzip), in bytes, 1 KB = 1000 B so that the bound is
#: the stricter one.
PLAIN_FURO_HOME = {"requests": 8, "raw": 104_700, "gzip": 24_000}


def weigh(browser: Browser, base_url: str, names: list[str]) -> dict[str, dict]:
    """Requests, raw and gzip bytes of each page in *names*."""
    context = harness.new_context(browser)
    weights = {}
    for name in names:
        load = harness.load(context, base_url + name)
        weights[name] = {"requests": load.requests, "raw": load.raw, "gzip": load.gzip}
        context.pages[-1].close()
    context.close()
    return weights


def test_every_page_is_lighter_than_on_plain_furo(
    browser: Browser, base_url: str, plain_furo_url: str, english_page_names: list[str]
) -> None:
    page_names = english_page_names  # plain furo has no Chinese edition
    ours = weigh(browser, base_url, page_names)
    plain = weigh(browser, plain_furo_url, page_names)
    heavier = {
        name: (ours[name], plain[name])
        for name in page_names
        if ours[name]["requests"] > plain[name]["requests"]
        or ours[name]["raw"] >= plain[name]["raw"]
        or ours[name]["gzip"] >= plain[name]["gzip"]
    }
    assert heavier == {}


def test_home_page_is_within_budget(browser: Browser, base_url: str) -> None:
    home = weigh(browser, base_url, ["index.html"])["index.html"]
    assert home["gzip"] <= HOME_PAGE_GZIP_BUDGET, home
    # And better on every count than plain furo's home page as measured.
    assert home["requests"] < PLAIN_FURO_HOME["requests"], home
    assert home["raw"] < PLAIN_FURO_HOME["raw"], home
    assert home["gzip"] < PLAIN_FURO_HOME["gzip"], home


def test_pages_load_only_what_they_use(
    browser: Browser, base_url: str, page_names: list[str]
) -> None:
    """No search machinery outside the search page; the search page has it."""
    search_only = ("searchtools.js", "language_data.js", "searchindex.js")
    search_only += ("sphinx_highlight.js",)
    context = harness.new_context(browser)
    loaded = {}
    for name in page_names:
        load = harness.load(context, base_url + name)
        loaded[name] = {
            item.url.split("?")[0].rsplit("/", 1)[-1] for item in load.fetched
        }
        context.pages[-1].close()
    context.close()
    misplaced = {
        name: sorted(files & set(search_only))
        for name, files in loaded.items()
        if name.rpartition("/")[2] != "search.html" and files & set(search_only)
    }
    assert misplaced == {}
    assert set(search_only) <= loaded["search.html"]

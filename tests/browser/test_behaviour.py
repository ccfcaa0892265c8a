"""How the pages behave in Chromium: no third party, no error, no sideways
scrolling on a phone, a visible keyboard focus, a working theme toggle and
search."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import harness, walk
from tests.browser.conftest import presets

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@presets(walk.DESKTOP)
def test_no_request_leaves_the_site_and_no_error(visits: walk.Pass) -> None:
    problems = []
    for name, visit in visits.items():
        problems += [f"{name}: external request {url}" for url in visit.load.external]
        problems += [f"{name}: {failure}" for failure in visit.load.failed]
        problems += [f"{name}: console: {error}" for error in visit.load.console_errors]
    assert not problems, "\n".join(problems)


def test_the_recorder_sees_an_external_request(
    browser: Browser, tmp_path: Path, browser_tools: None
) -> None:
    """The harness would notice: a third-party image is recorded (and blocked)."""
    (tmp_path / "page.html").write_text(
        '<!doctype html><title>t</title><img alt="" src="https://example.org/a.png">'
    )
    context = harness.new_context(browser)
    with harness.serve(tmp_path) as url:
        load = harness.load(context, url + "page.html")
    context.close()
    assert load.external == ["https://example.org/a.png"]


def test_the_recorder_waits_for_a_request_made_after_the_load(
    browser: Browser, tmp_path: Path, browser_tools: None
) -> None:
    """A request a script makes after the load event (here 60 ms after) is
    recorded: the weights and the request checks see it."""
    (tmp_path / "late.txt").write_text("late")
    (tmp_path / "page.html").write_text(
        "<!doctype html><title>t</title><script>addEventListener('load', () =>"
        " setTimeout(() => fetch('late.txt'), 60))</script>"
    )
    context = harness.new_context(browser)
    with harness.serve(tmp_path) as url:
        quiet = harness.load(context, url + "page.html")
        loaded = harness.load(context, url + "page.html", wait_until="load")
    context.close()
    assert url + "late.txt" in [item.url for item in quiet.fetched]
    assert url + "late.txt" not in [item.url for item in loaded.fetched]


@presets(*(preset for preset in walk.AXE_PRESETS if preset.phone))
def test_no_horizontal_scrolling_on_a_phone(visits: walk.Pass) -> None:
    too_wide = {name: v.sideways for name, v in visits.items() if v.sideways}
    assert too_wide == {}


@presets(walk.PHONE)
def test_text_is_legible_on_a_phone(visits: walk.Pass) -> None:
    """Every text of the article is 12 px or more at phone width, BibTeX
    included (Lighthouse's legible-font-size audit on the mobile preset)."""
    tiny = {name: visit.tiny_text for name, visit in visits.items() if visit.tiny_text}
    assert tiny == {}


@presets(*walk.TAB_PRESETS)
def test_keyboard_focus_is_always_visible(visits: walk.Pass) -> None:
    problems = []
    for name, visit in visits.items():
        if visit.focused is None:
            continue  # the search results: not tabbed through
        problems += visit.focus
        if visit.focused == 0:
            problems.append(f"{name}: Tab focuses nothing")
    assert [v for v in visits.values() if v.focused is not None]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [harness.DESKTOP_WIDTH, harness.MOBILE_WIDTH])
def test_theme_toggle_cycles_and_is_remembered(
    browser: Browser, base_url: str, width: int
) -> None:
    context = harness.new_context(browser, width=width)  # the system is light
    page = context.new_page()
    page.goto(base_url + "index.html")
    background = "getComputedStyle(document.body).backgroundColor"
    seen = {"auto": page.evaluate(background)}
    for expected in ("dark", "light", "auto"):  # furo's order on a light system
        page.locator(".theme-toggle:visible").click()
        assert page.evaluate("document.body.dataset.theme") == expected
        assert page.evaluate("localStorage.getItem('theme')") == expected
        seen[expected] = page.evaluate(background)
    assert seen["light"] == seen["auto"] != seen["dark"]
    page.locator(".theme-toggle:visible").click()  # dark again
    page.reload()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    context.close()


def test_search_from_the_sidebar_finds_a_page(browser: Browser, base_url: str) -> None:
    context = harness.new_context(browser)
    page = context.new_page()
    page.goto(base_url + "index.html")
    # Any page in the navigation can be found by its title.
    first = page.locator(".sidebar-tree a.reference.internal").first
    title, target = first.inner_text(), first.get_attribute("href")
    page.locator(".sidebar-search:visible").fill(title)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?*")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for()
    hrefs = [link.get_attribute("href") or "" for link in results.all()]
    context.close()
    assert any(href.split("?")[0].split("#")[0] == target for href in hrefs), hrefs


def test_search_for_nothing_says_so(browser: Browser, base_url: str) -> None:
    context = harness.new_context(browser)
    page = context.new_page()
    page.goto(base_url + "search.html?q=zzxqvnotaword")
    status = page.locator("#search-results .search-summary")
    status.wait_for()
    text = status.inner_text()
    context.close()
    assert "did not match any" in text

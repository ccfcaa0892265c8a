"""How the pages behave in Chromium: no third party, no error, no sideways
scrolling on a phone, a visible keyboard focus, a working theme toggle and
search."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from tests.browser import harness

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: The focused element, as the reader sees it: does it show a focus ring, is
#: it on screen, and is it the element a click at its centre would hit
#: (not hidden under the sticky header or a drawer)?
FOCUS_STATE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  // A link that wraps has one box per line: test each line's box.
  const boxes = [...element.getClientRects()].filter(box => box.width && box.height)
    .filter(box => box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight);
  const hits = boxes.map(box => document.elementFromPoint(
    Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1),
    Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1)));
  const label = element.getAttribute('aria-label') || element.textContent.trim()
    || element.getAttribute('name') || element.className;
  return {
    what: element.tagName.toLowerCase() + ' "' + label.slice(0, 40) + '"',
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== 'none',
    onScreen: boxes.length > 0 && style.visibility === 'visible',
    reachable: hits.some(hit => hit !== null && element.contains(hit)),
  };
}"""
#: What scrolls sideways: the page itself, or any box that scrolls on the x
#: axis (furo lets its content column do so on phones), except code blocks and
#: tables, which may scroll on their own, and the off-screen drawers.
SIDEWAYS_SCROLLERS = """() => [document.scrollingElement,
                             ...document.querySelectorAll('*')]
  .filter(element => {
    const overflow = getComputedStyle(element).overflowX;
    const scrolls = element === document.scrollingElement
      || overflow === 'auto' || overflow === 'scroll';
    return scrolls && element.scrollWidth > element.clientWidth
      && !element.closest(
        'pre, .highlight, .table-wrapper, .sidebar-drawer, .toc-drawer');
  })
  .map(element => `${element.tagName.toLowerCase()}.${element.className}: `
    + `${element.scrollWidth} > ${element.clientWidth} px`)"""
#: Text in the page's article smaller than Lighthouse's legible 12 px, as
#: "<element>: <size> px" (the BibTeX of the publications was 11.4 px).
TINY_TEXT = """() => {
  const tiny = new Set();
  const walker = document.createTreeWalker(
    document.querySelector('article'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !element.getClientRects().length)
      continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < 12) tiny.add(`${element.tagName.toLowerCase()}: ${size} px`);
  }
  return [...tiny];
}"""
#: At most this many Tab presses per page.
MAX_TABS = 200


def test_no_request_leaves_the_site_and_no_error(
    browser: Browser, base_url: str, page_names: list[str]
) -> None:
    context = harness.new_context(browser)
    problems = []
    for name in [*page_names, "search.html?q=" + quote("Huang")]:
        load = harness.load(context, base_url + name)
        problems += [f"{name}: external request {url}" for url in load.external]
        problems += [f"{name}: {failure}" for failure in load.failed]
        problems += [f"{name}: console: {error}" for error in load.console_errors]
        context.pages[-1].close()
    context.close()
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


@pytest.mark.parametrize("theme", harness.THEMES)
def test_no_horizontal_scrolling_on_a_phone(
    browser: Browser, base_url: str, page_names: list[str], theme: str
) -> None:
    context = harness.new_context(browser, width=harness.MOBILE_WIDTH, theme=theme)
    page = context.new_page()
    too_wide = {}
    for name in page_names:
        page.goto(base_url + name)
        scrolling = page.evaluate(SIDEWAYS_SCROLLERS)
        if scrolling:
            too_wide[name] = scrolling
    context.close()
    assert too_wide == {}


def test_text_is_legible_on_a_phone(
    browser: Browser, base_url: str, page_names: list[str]
) -> None:
    """Every text of the article is 12 px or more at phone width, BibTeX
    included (Lighthouse's legible-font-size audit on the mobile preset)."""
    context = harness.new_context(browser, width=harness.MOBILE_WIDTH)
    page = context.new_page()
    tiny = {}
    for name in page_names:
        page.goto(base_url + name)
        # Open every <details> (the BibTeX), as a reader would.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = 1)")
        if found := page.evaluate(TINY_TEXT):
            tiny[name] = found
    context.close()
    assert tiny == {}


@pytest.mark.parametrize("width", [harness.DESKTOP_WIDTH, harness.MOBILE_WIDTH])
def test_keyboard_focus_is_always_visible(
    browser: Browser, base_url: str, page_names: list[str], width: int
) -> None:
    # Still: furo scrolls smoothly and slides its drawers; measure them at rest.
    context = harness.new_context(browser, width=width, still=True)
    page = context.new_page()
    problems = []
    for name in page_names:
        page.goto(base_url + name)
        seen = 0
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            if state is None:  # focus left the page's last element
                break
            seen += 1
            for check in ("ring", "onScreen", "reachable"):
                if not state[check]:
                    problems.append(f"{name}: {state['what']}: not {check}")
        if seen == 0:
            problems.append(f"{name}: Tab focuses nothing")
    context.close()
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

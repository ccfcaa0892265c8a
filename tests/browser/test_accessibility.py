"""axe-core, run inside real Chromium, finds nothing wrong on any page.

Every built page of both editions is checked in both furo colour themes, at
Lighthouse's desktop width, a laptop's and a phone's, with axe-core's WCAG
2.0-2.2 A/AA rules and its best practices (colour contrast and WCAG 2.2's
24 x 24 px targets included).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser import harness, walk
from tests.browser.conftest import presets

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@presets(*walk.AXE_PRESETS)
def test_axe_finds_no_violation_on_any_page(visits: walk.Pass) -> None:
    # The theme really is the one asked for, and furo styles the page in it.
    themes = {visit.state["theme"] for visit in visits.values()}
    assert themes == {visits.preset.theme}
    problems = [line for visit in visits.values() for line in visit.axe]
    assert not problems, "\n".join(problems)


def test_axe_catches_a_violation(browser: Browser, base_url: str) -> None:
    """The harness would notice: an image without alternative text fails."""
    context = harness.new_context(browser)
    page = context.new_page()
    page.goto(base_url + "index.html")
    page.evaluate(
        "document.querySelector('article').append(Object.assign("
        "document.createElement('img'), {src: '_static/favicon.svg'}))"
    )
    violations = walk.run_axe(page)
    context.close()
    assert "image-alt" in {violation["id"] for violation in violations}


def test_axe_catches_a_target_too_small(browser: Browser, base_url: str) -> None:
    """WCAG 2.2's rules run: two 10 px links side by side fail target-size."""
    context = harness.new_context(browser)
    page = context.new_page()
    page.goto(base_url + "index.html")
    page.evaluate(
        """() => document.querySelector('article').insertAdjacentHTML('beforeend',
        '<p style="font-size: 8px; line-height: 10px"><a href="#a">a</a>'
        + '<a href="#b">b</a></p>')"""
    )
    violations = walk.run_axe(page)
    context.close()
    assert "target-size" in {violation["id"] for violation in violations}


#: Every element's colours and visibility, in document order.
STYLES = """() => [...document.querySelectorAll('*')].map(element => {
  const style = getComputedStyle(element);
  return [element.tagName, style.color, style.backgroundColor, style.borderColor,
          style.display, style.visibility, style.outlineColor];
})"""


@pytest.mark.parametrize("name", ["index.html", "publications.html"])
def test_a_theme_set_in_place_styles_the_page_as_a_load_in_it(
    browser: Browser, base_url: str, name: str
) -> None:
    """The walks check the dark theme on the page loaded in the light one,
    switched in place (:func:`walk.set_theme`): the page looks the same as
    when it is loaded in the dark theme, at another width too."""
    styles = {}
    for start, width in (("dark", 1350), ("light", 1280)):
        context = harness.new_context(browser, width=width, theme=start, still=True)
        page = context.new_page()
        page.goto(base_url + name)
        if start == "light":
            page.set_viewport_size({"width": 1350, "height": walk.HEIGHT})
            walk.set_theme(page, "dark")
        styles[start] = page.evaluate(STYLES)
        context.close()
    assert styles["light"] == styles["dark"]

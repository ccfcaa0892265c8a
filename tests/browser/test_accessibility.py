"""axe-core, run inside real Chromium, finds nothing wrong on any page.

Every built page of both editions is checked in both furo colour themes, at
Lighthouse's desktop width, a laptop's and a phone's, with axe-core's WCAG
2.0-2.2 A/AA rules and its best practices (colour contrast and WCAG 2.2's
24 x 24 px targets included).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser import harness

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: Run axe-core on the page with the given options.
RUN_AXE = "options => axe.run(document, options)"
#: The search page with results on it.
SEARCH_RESULTS = "search.html?q=Huang"


def describe(page: str, violation: dict) -> str:
    """One line per violation: page, rule, impact, and where."""
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    return f"{page}: {violation['id']} ({violation['impact']}) at {targets}"


@pytest.mark.parametrize("theme", harness.THEMES)
@pytest.mark.parametrize(
    "width",
    [harness.LIGHTHOUSE_DESKTOP_WIDTH, harness.DESKTOP_WIDTH, harness.MOBILE_WIDTH],
)
def test_axe_finds_no_violation_on_any_page(
    browser: Browser, base_url: str, page_names: list[str], width: int, theme: str
) -> None:
    axe = harness.AXE_JS.read_text(encoding="utf-8")
    context = harness.new_context(browser, width=width, theme=theme)
    page = context.new_page()
    problems = []
    for name in [*page_names, SEARCH_RESULTS]:
        page.goto(base_url + name)
        if name == SEARCH_RESULTS:  # the results are written by a script
            page.locator("#search-results .search-summary").wait_for()
        # The theme really is the one asked for: furo read it from storage.
        assert page.evaluate("document.body.dataset.theme") == theme
        page.add_script_tag(content=axe)
        result = page.evaluate(RUN_AXE, harness.AXE_OPTIONS)
        problems += [describe(name, violation) for violation in result["violations"]]
    context.close()
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
    page.add_script_tag(content=harness.AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(RUN_AXE, harness.AXE_OPTIONS)
    context.close()
    assert "image-alt" in {violation["id"] for violation in result["violations"]}


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
    page.add_script_tag(content=harness.AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(RUN_AXE, harness.AXE_OPTIONS)
    context.close()
    assert "target-size" in {violation["id"] for violation in result["violations"]}

"""The site as Read the Docs serves it: with the Addons script in every page.

Read the Docs injects ``<script async src="/_/static/javascript/
readthedocs-addons.js">`` into the ``<head>`` of every HTML page it serves
(here ``tools/benchserve.py`` serves the site so, as for the benchmark);
the script asks ``/_/addons/`` for its data and fires
``readthedocs-addons-data-ready``. Neither furo's scripts nor the site's react
to that event (furo's Read the Docs variant selector and ad placement are
template blocks that render only when ``READTHEDOCS`` is in the template
context, which Read the Docs no longer sets), so the pages must work the
same with the script present and its API absent or answering. The script here
is a stand-in (``fixtures/readthedocs-addons-standin.js``) that does what
matters to the page the way the real bundle does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tools.benchserve import ADDONS_STAND_IN, serve_as_read_the_docs

from tests.browser import harness, walk
from tests.browser.conftest import presets

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

STAND_IN = Path(__file__).parent / "fixtures" / "readthedocs-addons-standin.js"
#: The stand-in has had its answer (or its 404) and done what follows.
SETTLED = "() => window.readthedocsStandIn && window.readthedocsStandIn.settled"


@pytest.fixture(scope="module", params=[False, True], ids=["api-absent", "api-answers"])
def hosted_url(request: pytest.FixtureRequest, both_editions: Path) -> Iterator[str]:
    """The site served as Read the Docs serves it, its Addons API absent
    (404) or answering."""
    api = ADDONS_STAND_IN if request.param else None
    with serve_as_read_the_docs(both_editions, STAND_IN, api) as url:
        yield url


def api_answers(request: pytest.FixtureRequest) -> bool:
    """Whether the test's host answers the Addons API (``hosted_url``)."""
    return request.node.callspec.params["hosted_url"]


def hosted_context(
    browser: Browser, theme: str | None = walk.DESKTOP.theme
) -> BrowserContext:
    """A browser profile as the plain pass's (:data:`walk.DESKTOP`), which the
    hosted pages are compared with; *theme* None leaves furo on "auto", as a
    first visit is."""
    return harness.new_context(
        browser, width=walk.DESKTOP.width, theme=theme, still=True
    )


class HostedTab:
    """One tab that opens page after page of the hosted site and records
    each one's script errors (a new tab per page cost as much as the page)."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.tab = harness.Tab(context, base_url)  # nothing leaves the machine
        self.page = self.tab.page

    def open(self, url: str) -> tuple[dict, list[str]]:
        """Open *url*; its state once the script has run, and its script errors."""
        load = self.tab.load(url, wait_until="load")
        self.page.wait_for_function(SETTLED)
        errors = [f"request left the site: {leaving}" for leaving in load.external]
        # The 404 of an absent API is the host's, not a script error.
        errors += [error for error in load.console_errors if "404" not in error]
        return self.page.evaluate(walk.PAGE_STATE), errors


@presets(walk.DESKTOP)
def test_every_page_works_with_the_addons_script(
    browser: Browser, hosted_url: str, visits: walk.Pass, request: pytest.FixtureRequest
) -> None:
    # Each page as the plain pass saw it (walk.DESKTOP), and as hosted.
    api = api_answers(request)
    context = hosted_context(browser)
    tab = HostedTab(context, hosted_url)
    problems = []
    for name, visit in visits.items():
        if name == walk.SEARCH_RESULTS:
            continue
        expected = visit.state
        state, errors = tab.open(hosted_url + name)
        problems += [f"{name}: {error}" for error in errors]
        assert state["standIn"]["requested"], f"{name}: the script did not run"
        assert state["standIn"]["dispatched"] is api, name
        for part in ("article", "sidebar", "theme"):
            if state[part] != expected[part]:
                problems.append(f"{name}: the {part} changed")
    context.close()
    assert not problems, "\n".join(problems)


def test_theme_toggle_and_language_switch_work_as_hosted(
    browser: Browser, hosted_url: str
) -> None:
    context = hosted_context(browser, theme=None)
    page = HostedTab(context, hosted_url).page
    page.goto(hosted_url + "index.html")
    page.wait_for_function(SETTLED)
    page.locator(".theme-toggle:visible").click()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    page.locator(".sidebar-language-switch a").click()
    page.wait_for_load_state()
    assert page.url == hosted_url + "zh/"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.wait_for_function(SETTLED)
    assert page.evaluate("window.readthedocsStandIn.requested")
    context.close()


def test_the_stand_in_fires_the_event_a_listener_would_get(
    browser: Browser, hosted_url: str, request: pytest.FixtureRequest
) -> None:
    """The check would notice a listener: the event reaches the page's code
    when the API answers (and not when it is absent)."""
    context = hosted_context(browser)
    context.add_init_script(
        "document.addEventListener('readthedocs-addons-data-ready', event =>"
        " { window.addonsData = event.detail.data(); })"
    )
    page = HostedTab(context, hosted_url).page
    page.goto(hosted_url + "index.html")
    page.wait_for_function(SETTLED)
    data = page.evaluate("window.addonsData ?? null")
    context.close()
    assert data == (ADDONS_STAND_IN if api_answers(request) else None)

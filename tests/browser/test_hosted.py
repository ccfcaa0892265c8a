"""The site as Read the Docs serves it: with the Addons script in every page.

Read the Docs injects ``<script async src="/_/static/javascript/
readthedocs-addons.js">`` into the ``<head>`` of every HTML page it serves;
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

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import harness, walk
from tests.browser.conftest import presets

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Route

#: Where Read the Docs serves its Addons script, and the API it calls.
ADDONS_SCRIPT = "/_/static/javascript/readthedocs-addons.js"
ADDONS_API = "/_/addons/"
STAND_IN = Path(__file__).parent / "fixtures" / "readthedocs-addons-standin.js"
#: The tag Read the Docs adds at the start of each page's <head>.
INJECTED = f'<script async src="{ADDONS_SCRIPT}"></script>'
#: A minimal Addons answer: what the event hands a listener.
ADDONS_DATA = {
    "api_version": "1",
    "addons": {"ethicalads": {"enabled": False, "ad_free": True}},
    "projects": {"current": {"slug": "homepage", "translations": []}},
    "versions": {"current": {"slug": "latest"}, "active": []},
}


def hosted_context(
    browser: Browser,
    base_url: str,
    *,
    api: bool,
    theme: str | None = walk.DESKTOP.theme,
) -> BrowserContext:
    """A browser profile that sees the site as Read the Docs serves it; the
    Addons API answers if *api*, else it is absent (404). The profile is the
    plain pass's (:data:`walk.DESKTOP`), which its pages are compared with;
    *theme* None leaves furo on "auto", as a first visit is."""
    context = harness.new_context(
        browser, width=walk.DESKTOP.width, theme=theme, still=True
    )

    def route(request_route: Route) -> None:
        request = request_route.request
        path = "/" + request.url.removeprefix(base_url).split("?")[0]
        if not request.url.startswith(base_url):
            request_route.abort()  # nothing leaves the machine
        elif path == ADDONS_SCRIPT:
            request_route.fulfill(
                body=STAND_IN.read_text("utf-8"), content_type="text/javascript"
            )
        elif path.startswith(ADDONS_API):
            if api:
                request_route.fulfill(json=ADDONS_DATA)
            else:
                request_route.fulfill(status=404, body="Not found")
        elif request.resource_type == "document":
            response = request_route.fetch()
            body = response.text().replace("<head>", "<head>" + INJECTED, 1)
            request_route.fulfill(response=response, body=body)
        else:
            request_route.continue_()

    context.route("**/*", route)
    return context


#: The stand-in has had its answer (or its 404) and done what follows.
SETTLED = "() => window.readthedocsStandIn && window.readthedocsStandIn.settled"


class HostedTab:
    """One tab of a hosted profile that opens page after page and records
    each one's script errors (a new tab per page cost as much as the page)."""

    def __init__(self, context: BrowserContext) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: (
                self.errors.append(message.text)
                # The 404 of an absent API is the host's, not a script error.
                if message.type == "error" and "404" not in message.text
                else None
            ),
        )

    def open(self, url: str) -> tuple[dict, list[str]]:
        """Open *url*; its state once the script has run, and its script errors."""
        self.errors = []
        self.page.goto(url, wait_until="load")
        self.page.wait_for_function(SETTLED)
        return self.page.evaluate(walk.PAGE_STATE), self.errors


@presets(walk.DESKTOP)
@pytest.mark.parametrize("api", [False, True], ids=["api-absent", "api-answers"])
def test_every_page_works_with_the_addons_script(
    browser: Browser, base_url: str, visits: walk.Pass, api: bool
) -> None:
    # Each page as the plain pass saw it (walk.DESKTOP), and as hosted.
    hosted = hosted_context(browser, base_url, api=api)
    tab = HostedTab(hosted)
    problems = []
    for name, visit in visits.items():
        if name == walk.SEARCH_RESULTS:
            continue
        expected = visit.state
        state, errors = tab.open(base_url + name)
        problems += [f"{name}: {error}" for error in errors]
        assert state["standIn"]["requested"], f"{name}: the script did not run"
        assert state["standIn"]["dispatched"] is api, name
        for part in ("article", "sidebar", "theme"):
            if state[part] != expected[part]:
                problems.append(f"{name}: the {part} changed")
    hosted.close()
    assert not problems, "\n".join(problems)


def test_theme_toggle_and_language_switch_work_with_the_api_absent(
    browser: Browser, base_url: str
) -> None:
    context = hosted_context(browser, base_url, api=False, theme=None)
    page = context.new_page()
    page.goto(base_url + "index.html", wait_until="networkidle")
    page.locator(".theme-toggle:visible").click()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    page.locator(".sidebar-language-switch a").click()
    page.wait_for_load_state("networkidle")
    assert page.url == base_url + "zh/"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.evaluate("window.readthedocsStandIn.requested")
    context.close()


def test_the_stand_in_fires_the_event_a_listener_would_get(
    browser: Browser, base_url: str
) -> None:
    """The check would notice a listener: the event reaches the page's code."""
    context = hosted_context(browser, base_url, api=True)
    context.add_init_script(
        "document.addEventListener('readthedocs-addons-data-ready', event =>"
        " { window.addonsData = event.detail.data(); })"
    )
    page = context.new_page()
    page.goto(base_url + "index.html", wait_until="networkidle")
    page.wait_for_function("window.addonsData !== undefined")
    data = page.evaluate("window.addonsData")
    context.close()
    assert data == json.loads(json.dumps(ADDONS_DATA))

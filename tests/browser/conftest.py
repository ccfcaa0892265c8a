"""Fixtures of the browser tests: the built site served locally, and Chromium.

Outside CI the tests skip, saying what to install, when a tool is missing;
in CI (``CI=true``) a missing tool fails them instead: they never skip there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import harness, walk
from tests.browser.plain_furo import make_plain_furo_docs
from tests.conftest import DOCS
from tests.helpers import SiteBuild
from tests.shared import shared_build

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="session")
def browser_tools() -> None:
    """Fail in CI, skip elsewhere, when a tool of the browser tests is missing."""
    missing = harness.missing_tools()
    if not missing:
        return
    message = "browser tests need: " + "; ".join(missing) + " (make test installs them)"
    if harness.in_ci():
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(browser_tools: None) -> Iterator[Browser]:
    """The system Chromium, headless, for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = harness.launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def both_editions(whole_site: Path, browser_tools: None) -> Path:
    """The whole site, both editions (see ``whole_site``)."""
    return whole_site


@pytest.fixture(scope="session")
def base_url(both_editions: Path) -> Iterator[str]:
    """The built site, both editions, served on 127.0.0.1."""
    with harness.serve(both_editions) as url:
        yield url


@pytest.fixture(scope="session")
def page_names(both_editions: Path) -> list[str]:
    """Every HTML page of both editions, as URL paths (``404.html`` included)."""
    return sorted(
        path.relative_to(both_editions).as_posix()
        for path in both_editions.rglob("*.html")
    )


@pytest.fixture(scope="session")
def english_page_names(site: SiteBuild) -> list[str]:
    """Every HTML page of the English edition (what plain furo has too)."""
    return [path.as_posix() for path in site.pages()]


@pytest.fixture(scope="session")
def plain_furo_site(
    tmp_path_factory: pytest.TempPathFactory, no_network: None, browser_tools: None
) -> SiteBuild:
    """The same pages built on plain furo (see ``plain_furo.py``)."""
    docs = make_plain_furo_docs(DOCS, tmp_path_factory.mktemp("plain-furo") / "docs")
    return shared_build(tmp_path_factory, "plain-furo", docs)


@pytest.fixture(scope="session")
def plain_furo_url(plain_furo_site: SiteBuild) -> Iterator[str]:
    """The plain furo build, served on 127.0.0.1."""
    with harness.serve(plain_furo_site.outdir) as url:
        yield url


#: preset -> its pass over every page (a worker walks each device it needs once).
_WALKS: dict[walk.Preset, walk.Pass] = {}


@pytest.fixture(scope="session")
def visits(
    request: pytest.FixtureRequest,
    browser: Browser,
    base_url: str,
    page_names: list[str],
) -> walk.Pass:
    """Every page of both editions (and the search results) as one pass in
    the preset the test is parametrized with (``@presets(...)``, below):
    name -> :class:`walk.Visit`. A device's presets are one walk
    (:func:`walk.walk`), made once per worker; ``tests/conftest.py`` keeps the
    tests of one device on one worker."""
    preset = getattr(request, "param", None)
    if preset is None:
        pytest.fail("a test of the walks names its preset: @presets(walk.DESKTOP)")
    if preset not in _WALKS:
        _WALKS.update(walk.walk(browser, base_url, page_names, preset.device))
    return _WALKS[preset]


def presets(*chosen: walk.Preset) -> pytest.MarkDecorator:
    """Parametrize the ``visits`` fixture with *chosen* presets."""
    # The id names the device ("desktop-1280-light"): the suite's scheduler
    # keeps the tests of one device's walk on one worker (tests/conftest.py).
    return pytest.mark.parametrize(
        "visits",
        chosen,
        ids=lambda preset: f"{preset.device.name}-{preset}",
        indirect=True,
    )


@pytest.fixture(scope="session")
def plain_furo_loads(
    browser: Browser, plain_furo_url: str, english_page_names: list[str]
) -> dict[str, harness.PageLoad]:
    """What every page on plain furo fetched (test_weight.py weighs it)."""
    return walk.load_pages(browser, plain_furo_url, english_page_names)

"""Serving a built site on 127.0.0.1 and loading its pages in real Chromium.

Shared by the browser tests and by ``tools/benchmark.py``. The browser is the
Debian ``chromium`` package driven by Playwright (which cannot download a
browser of its own here); axe-core and the Nu HTML Checker come from npm (see
``package.json``). ``make test`` installs all three when they are missing.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from typing import Literal

    from playwright.sync_api import (
        Browser,
        BrowserContext,
        Playwright,
        Request,
        Response,
        Route,
    )

    WaitUntil = Literal["load", "quiet"]

REPO = Path(__file__).resolve().parents[2]
#: The Debian package's browser (``apt-get install chromium``).
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
#: Headless, and quiet: without the background-networking switches Chromium
#: calls home at start-up, which fails (and is refused) on a machine with no
#: network.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
NODE_MODULES = REPO / "node_modules"
#: axe-core's browser build, injected into each page.
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
#: The Nu HTML Checker (the W3C validator), run with Java.
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: How hard a web server compresses a response, for the gzip weights: zlib's
#: default level, which is also what most servers use for static files.
GZIP_LEVEL = 6
#: The two widths every page is checked at: a desktop and a small phone.
DESKTOP_WIDTH = 1280
MOBILE_WIDTH = 360
#: Lighthouse's desktop preset (1350 x 940): wide enough for furo to show its
#: "On this page" sidebar too, which 1280 px hides.
LIGHTHOUSE_DESKTOP_WIDTH = 1350
#: axe-core's rule sets: WCAG 2.0, 2.1 and 2.2 A/AA and axe's best practices.
#: wcag22aa brings target-size (2.5.8), which axe leaves off by default.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
#: The options every axe run is given.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": list(AXE_TAGS)},
    "resultTypes": ["violations"],
}
#: furo's colour themes, as furo stores them in ``localStorage["theme"]``.
THEMES = ("light", "dark")


def in_ci() -> bool:
    """Whether this runs in CI (``CI=true``), where no browser test may skip."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def missing_tools() -> list[str]:
    """What the browser tests need and this machine lacks, as install hints."""
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (make setup)")
    if not AXE_JS.is_file() or not VNU_JAR.is_file():
        missing.append("axe-core and vnu-jar in node_modules/ (npm ci)")
    if shutil.which("java") is None:
        missing.append("java, for the Nu HTML Checker (apt-get install default-jre)")
    return missing


#: File types a web server compresses (Read the Docs does these, and more).
COMPRESSED_SUFFIXES = frozenset({".html", ".css", ".js", ".svg", ".json", ".txt"})


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as a web host serves them: text gzip-compressed when the
    browser accepts it (Lighthouse times the bytes on the wire), and no log
    line for every request."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.suffix in COMPRESSED_SUFFIXES and path.is_file()):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that leaves a page mid-response (it navigated on) closes the
    connection: not an error of the site, so no traceback in the test output."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(
    directory: Path, handler_class: type[_StaticHandler] = _StaticHandler
) -> Iterator[str]:
    """Serve *directory* on 127.0.0.1 (a free port); yield its base URL.

    *handler_class* may answer some paths itself (the benchmark's Read the
    Docs stand-in); every other file is served as a web host serves it.
    """
    handler = functools.partial(handler_class, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def launch(playwright: Playwright) -> Browser:
    """Start the system Chromium, headless."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
    )


def new_context(
    browser: Browser,
    *,
    width: int = DESKTOP_WIDTH,
    theme: str | None = None,
    still: bool = False,
) -> BrowserContext:
    """A fresh browser profile at *width*; with *theme*, furo starts in it.

    *still* asks the page for reduced motion, so that nothing slides or
    scrolls smoothly while a test measures it.
    """
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        color_scheme=theme if theme in THEMES else "light",  # type: ignore[arg-type]
        reduced_motion="reduce" if still else "no-preference",
    )
    if theme is not None:
        context.add_init_script(f"localStorage.setItem('theme', {theme!r})")
    return context


@dataclass
class Fetched:
    """One response a page loaded."""

    url: str
    #: Bytes of the body as served, uncompressed.
    raw: int
    #: Bytes of the body gzip-compressed at :data:`GZIP_LEVEL`.
    gzip: int


@dataclass
class PageLoad:
    """What loading one page took and what it reported."""

    url: str
    fetched: list[Fetched] = field(default_factory=list)
    #: Requests for anything outside the site's origin (blocked, never sent).
    external: list[str] = field(default_factory=list)
    #: HTTP errors (status ≥ 400) among the site's own responses.
    failed: list[str] = field(default_factory=list)
    #: Console messages of type error, and uncaught exceptions.
    console_errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.fetched)

    @property
    def raw(self) -> int:
        return sum(item.raw for item in self.fetched)

    @property
    def gzip(self) -> int:
        return sum(item.gzip for item in self.fetched)


def gzip_size(body: bytes) -> int:
    """Bytes of *body* gzip-compressed as a web server would send it."""
    return len(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))


#: How long the network must be quiet after the load event before a page
#: counts as loaded (``"quiet"``). Measured on every page of both editions:
#: the last request after the load event (the favicon) ends within 30 ms.
#: Playwright's "networkidle" waits 500 ms a page (14 s of a walk).
QUIET_SECONDS = 0.15
#: A request still in flight this long after the load event is a failure.
SETTLE_TIMEOUT_SECONDS = 15

#: The site's icons, which the page names but the browser fetches on its own
#: schedule, once for the whole site (cached): not the page's weight.
ICONS = "[...document.querySelectorAll('link[rel~=icon]')].map(link => link.href)"


class Tab:
    """One browser tab of *context* that opens page after page of the site at
    *base_url* and records what each load fetched (:meth:`load`).

    One tab for many pages: a new tab per page cost as much as loading the
    page (0.2 s each). Requests that leave the site's origin are recorded
    and aborted (matched in the browser's driver by a regular expression, so
    the site's own requests never wait for Python), so a test run never
    reaches the network.
    """

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.page = context.new_page()
        self._load = PageLoad(base_url)
        self._responses: list[Response] = []
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base_url))
        self.page.route(re.compile("^(?!" + re.escape(origin) + ")"), self._refuse)
        self.page.on("response", lambda response: self._responses.append(response))
        # The requests in flight, and when the last one began or ended.
        self._in_flight: set[Request] = set()
        self._last_change = time.monotonic()
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._ended)
        self.page.on("requestfailed", self._ended)
        self.page.on(
            "console",
            lambda message: (
                self._load.console_errors.append(message.text)
                if message.type == "error"
                else None
            ),
        )
        self.page.on(
            "pageerror", lambda error: self._load.console_errors.append(str(error))
        )

    def _refuse(self, route: Route) -> None:
        self._load.external.append(route.request.url)
        route.abort()

    def _started(self, request: Request) -> None:
        self._in_flight.add(request)
        self._last_change = time.monotonic()

    def _ended(self, request: Request) -> None:
        self._in_flight.discard(request)
        self._last_change = time.monotonic()

    def _settle(self) -> None:
        """Wait until no request has been in flight for :data:`QUIET_SECONDS`
        (the tab's events are handled while it waits)."""
        deadline = time.monotonic() + SETTLE_TIMEOUT_SECONDS
        while self._in_flight or time.monotonic() - self._last_change < QUIET_SECONDS:
            if time.monotonic() > deadline:
                pending = sorted(request.url for request in self._in_flight)
                raise TimeoutError(f"{self._load.url}: still loading {pending}")
            self.page.wait_for_timeout(QUIET_SECONDS * 1000 / 3)

    def load(self, url: str, *, wait_until: WaitUntil = "quiet") -> PageLoad:
        """Open *url* in the tab and record everything it loads (until the
        network is quiet after the load event, :data:`QUIET_SECONDS`;
        *wait_until* ``"load"``: until the load event, when what comes after
        does not matter)."""
        self._load = result = PageLoad(url)
        self._responses.clear()
        self.page.goto(url, wait_until="load")
        if wait_until == "quiet":
            self._settle()
        icons = set(self.page.evaluate(ICONS))
        for response in self._responses:
            if response.url in icons:
                continue
            if response.status >= 400:
                result.failed.append(f"{response.status} {response.url}")
            body = response.body() if response.ok else b""
            result.fetched.append(Fetched(response.url, len(body), gzip_size(body)))
        return result


def load(
    context: BrowserContext, url: str, *, wait_until: WaitUntil = "quiet"
) -> PageLoad:
    """Open *url* in a new tab of *context* and record what it loads
    (:meth:`Tab.load`). The tab stays open for the caller
    (``context.pages[-1]``) until the context closes."""
    return Tab(context, url).load(url, wait_until=wait_until)

"""Serving the built site as Read the Docs serves it, for ``tools/benchmark.py``
and the browser tests (``tests/browser/test_hosted.py``).

Read the Docs rewrites every HTML page on its way out (a Cloudflare worker,
``force-readthedocs-addons.js`` in readthedocs/readthedocs.org): it appends

    <script async type="text/javascript"
            src="/_/static/javascript/readthedocs-addons.js"></script>

and the project's and version's slugs as ``<meta>`` tags to the ``<head>``.
The script then asks ``/_/addons/`` for the project's settings and, with
analytics on (the default), reports each page view to
``/_/api/v2/analytics/``. Here the bundle comes from a file you give (the
real one: ``readthedocs/addons``' ``dist/readthedocs-addons.js``), and the
two API calls get a stand-in answer, :data:`ADDONS_STAND_IN`: what a
single-version project returns with the Addons the README switches off
turned off, analytics left on, and **no ads** (an ad-free project). Every
other file is served as :mod:`tests.browser.harness` serves it, gzip and
all.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from tests.browser import harness

#: Where Read the Docs serves the bundle, and what it appends to ``<head>``.
ADDONS_PATH = "/_/static/javascript/readthedocs-addons.js"
PROJECT_SLUG = "homepage"
VERSION_SLUG = "latest"
INJECTED_HEAD = (
    f'<script async type="text/javascript" src="{ADDONS_PATH}"></script>'
    f'<meta name="readthedocs-project-slug" content="{PROJECT_SLUG}" />'
    f'<meta name="readthedocs-version-slug" content="{VERSION_SLUG}" />'
)
#: The Addons API and the page-view counter the bundle calls.
API_PATH = "/_/addons/"
ANALYTICS_PATH = "/_/api/v2/analytics/"


def _off() -> dict[str, bool]:
    return {"enabled": False}


#: A stand-in ``/_/addons/`` answer (API version 1). Only analytics is on,
#: with the fields its JSON schema in the bundle requires; ads are off.
ADDONS_STAND_IN: dict[str, object] = {
    "api_version": "1",
    "projects": {
        "current": {
            "slug": PROJECT_SLUG,
            "language": {"code": "en"},
            "programming_language": {"code": "words"},
            "versioning_scheme": "single_version_without_translations",
        },
        "translations": [],
    },
    "versions": {
        "current": {"slug": VERSION_SLUG, "type": "branch", "aliases": []},
        "active": [],
    },
    "builds": {"current": None},
    "readthedocs": {"resolver": {"filename": None}},
    "addons": {
        "options": {"root_selector": None, "load_when_embedded": False},
        "analytics": {"enabled": True, "code": None},
        "ethicalads": {
            "enabled": False,
            "ad_free": True,
            "campaign_types": [],
            "keywords": [],
            "publisher": "readthedocs",
        },
        "flyout": _off(),
        "search": _off(),
        "notifications": _off(),
        "hotkeys": _off(),
        "doc_diff": _off(),
        "linkpreviews": _off(),
        "filetreediff": _off(),
        "customscript": _off(),
    },
}


def inject_addons(html: bytes) -> bytes:
    """*html* as Read the Docs serves it: the Addons tags at the end of head."""
    end = html.find(b"</head>")
    if end < 0:
        return html
    return html[:end] + INJECTED_HEAD.encode() + html[end:]


# harness._StaticHandler is the Pages-like server (gzip, no log); Read the
# Docs is that plus the rewrite and the API, so this extends it.
class _ReadTheDocsHandler(harness._StaticHandler):
    addons_js: Path
    #: The API's answer; None: the API is absent (404), as in an outage.
    api: dict | None

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == ADDONS_PATH:
            self._send(self.addons_js.read_bytes(), "text/javascript")
        elif path == API_PATH and self.api is None:
            self.send_error(404)
        elif path == API_PATH:
            self._send(json.dumps(self.api).encode(), "application/json")
        elif path == ANALYTICS_PATH:
            self._send(b"{}", "application/json")
        else:
            file = Path(self.translate_path(self.path))
            if file.is_dir():
                file = file / "index.html"
            if file.suffix == ".html" and file.is_file():
                self._send(inject_addons(file.read_bytes()), "text/html")
            else:
                super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if accepts_gzip:
            body = gzip.compress(body, compresslevel=harness.GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if accepts_gzip:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve_as_read_the_docs(
    directory: Path, addons_js: Path, api: dict | None = ADDONS_STAND_IN
) -> Iterator[str]:
    """Serve *directory* on 127.0.0.1 as Read the Docs would, the Addons API
    answering *api* (None: absent); yield its URL. Also the browser tests'
    host (``tests/browser/test_hosted.py``)."""
    handler_class = type(
        "ReadTheDocsHandler",
        (_ReadTheDocsHandler,),
        {"addons_js": addons_js, "api": api},
    )
    with harness.serve(directory, handler_class) as url:
        yield url

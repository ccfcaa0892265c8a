"""The hostile root, as Chromium runs it: no dialog, no navigation, no third party.

Both editions of ``tests/roots/test-boundary`` are built with the trust
boundary's hostile inputs (news items with roles, images, raw HTML, math and
``http:`` links; a page catalog with ``{include}`` and an event handler;
``sphinx.po`` strings with HTML and an attribute break-out; a page with math
whose ``\\href`` is ``javascript:``) and served on 127.0.0.1. Every page is
opened once; the test fails if any opens a dialog (``alert``, ``confirm``,
``prompt``), navigates away on load, or requests a URL off the site.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import harness
from tests.extension.test_trust_boundary import (
    CANARY,
    HOSTILE_INTERFACE,
    ROOT,
    _catalog,
    _news,
    _po,
)
from tests.helpers import build_site, copy_root

if TYPE_CHECKING:
    from playwright.sync_api import Browser

MATH_PAGE = """---
orphan: true
---

# Math

$\\href{javascript:alert(1)}{x}$ and $E = mc^2$.
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, browser_tools: None) -> Path:
    workdir = tmp_path_factory.mktemp("hostile-browser")
    (workdir / "canary.txt").write_text(CANARY, encoding="utf-8")
    srcdir = copy_root(ROOT, workdir / "src", {"math.md": MATH_PAGE})
    (srcdir / "data" / "news.yaml").write_text(_news(), encoding="utf-8")
    messages = srcdir / "locales" / "zh_CN" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "index.po").write_text(_catalog(), encoding="utf-8")
    (messages / "sphinx.po").write_text(_po(HOSTILE_INTERFACE), encoding="utf-8")
    options = {
        "warnings_are_errors": False,
        "html_theme": "furo",
        "myst_enable_extensions": ["colon_fence", "dollarmath"],
    }
    english = build_site(srcdir, workdir / "en", **options)
    chinese = build_site(srcdir, workdir / "zh", language="zh_CN", **options)
    shutil.copytree(chinese.outdir, english.outdir / "zh")
    return english.outdir


def test_no_page_opens_a_dialog_navigates_or_leaves_the_site(
    hostile_site: Path, browser: Browser
) -> None:
    pages = sorted(
        p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html")
    )
    assert "math.html" in pages
    assert "zh/index.html" in pages
    dialogs: list[str] = []
    problems: list[str] = []
    with harness.serve(hostile_site) as base:
        context = harness.new_context(browser)
        context.on(
            "dialog",
            lambda dialog: (
                dialogs.append(f"{dialog.type}: {dialog.message}"),
                dialog.dismiss(),
            ),
        )
        try:
            tab = harness.Tab(context, base)
            for name in pages:
                url = base + name
                load = tab.load(url)
                tab.page.wait_for_timeout(100)  # (a script run late, on a timer)
                if load.external:
                    problems.append(f"{name}: requests {load.external}")
                if tab.page.url.split("#")[0] != url:
                    problems.append(f"{name}: navigated to {tab.page.url}")
                if dialogs:
                    problems.append(f"{name}: opened {dialogs}")
                    dialogs.clear()
        finally:
            context.close()
    assert problems == []

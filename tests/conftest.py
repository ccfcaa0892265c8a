"""Shared fixtures: the site is built once per session, with sockets blocked."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.helpers import SiteBuild
from tests.shared import once, shared_build

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"

pytest_plugins = ["sphinx.testing.fixtures"]

# sphinx-sitemap starts a multiprocessing Manager in every build; forked from a
# process that already runs threads (the browser tests' server and Playwright),
# the child can deadlock. A fork server forks from a clean, one-thread process
# (Windows has none: it always spawns).
if "forkserver" in multiprocessing.get_all_start_methods():
    multiprocessing.set_start_method("forkserver", force=True)


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Tier the suite (the markers of pyproject.toml): every test under
    tests/browser/ is ``browser``; a test of the owner's-year copy is
    ``slow`` (so is one that builds the real site again: ``docs_only``).
    A site test that applies to no source (``not_applicable``,
    tests/site/conftest.py) is deselected: never generated only to be skipped."""
    browser_tests = Path(__file__).parent / "browser"
    applicable = [i for i in items if not i.get_closest_marker("not_applicable")]
    if len(applicable) < len(items):
        config.hook.pytest_deselected(
            items=[i for i in items if i.get_closest_marker("not_applicable")]
        )
        items[:] = applicable
    for item in items:
        if browser_tests in item.path.parents:
            item.add_marker(pytest.mark.browser)
        callspec = getattr(item, "callspec", None)
        source = callspec.params.get("site_source") if callspec else None
        if source not in (None, "docs"):  # a copy of the site
            item.add_marker(pytest.mark.slow)


#: The device of a browser test's walk, in its test id ("[desktop-1280-light]":
#: ``presets()``, tests/browser/conftest.py).
WALK_ID = re.compile(r"\[(?:.*-)?(desktop|phone)-\d+-(?:light|dark)\b")


def walk_scope(nodeid: str) -> str | None:
    """The scope of a browser test of a walk ("browser-desktop"), else None."""
    found = WALK_ID.search(nodeid) if nodeid.startswith("tests/browser/") else None
    return f"browser-{found[1]}" if found else None


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """``--dist loadgroup`` as the suite wants it: the tests of one browser
    walk (one device, named in their ids) on one worker, and every other test
    with its module (as ``loadscope``: a module's shared build is made once),
    not one by one. The walk is found by the test id, not by an
    ``xdist_group`` mark: pytest-xdist 3.8 puts the group into
    ``item._nodeid``, which pytest 9.2 no longer reads, so the mark groups
    nothing (each worker walked every device)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    # In collection order, not the largest scope first: tests/browser/ comes
    # first, and its walks are the longest work units (few tests each, so
    # sorted by size they were left to the end, on one worker).
    config.option.loadscopereorder = False

    class WalkOrModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return walk_scope(nodeid) or super()._split_scope(nodeid)

    return WalkOrModule(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    # pytest-xdist: a worker is done; gather its translation counts.
    from tests.site.conftest import FALLBACKS_OUTPUT, fall_back

    output = getattr(node, "workeroutput", {})
    for where, count in output.get(FALLBACKS_OUTPUT, {}).items():
        fall_back(where, count)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # Here, not in tests/site/conftest.py: the main process of pytest-xdist
    # collects nothing, so loads only this conftest.
    from tests.site.conftest import translation_summary

    line = translation_summary()
    if line:
        terminalreporter.write_line(line)


class NetworkAccessError(RuntimeError):
    """Raised when code under test opens a network connection."""


@pytest.fixture(scope="session")
def no_network() -> Iterator[None]:
    """Make every outgoing connection fail loudly for the fixture's lifetime."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkAccessError(f"network access attempted: {args!r}")

    def local_only(method: Callable[..., object]) -> Callable[..., object]:
        # Unix-domain sockets are inter-process calls on this machine, not the
        # network (sphinx-sitemap collects pages through a multiprocessing
        # Manager, which listens on one).
        def connect(self: socket.socket, *args: object) -> object:
            if self.family == getattr(socket, "AF_UNIX", None):
                return method(self, *args)
            return refuse(self, *args)

        return connect

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", local_only(socket.socket.connect))
        patch.setattr(socket.socket, "connect_ex", local_only(socket.socket.connect_ex))
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, no_network: None) -> SiteBuild:
    """The real site, built once per run (every worker shares it: see
    ``tests/shared.py``) with ``-n -W`` and no network."""
    return shared_build(tmp_path_factory, "docs-en", DOCS)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the ``sphinx.testing`` roots live (``tests/roots/test-<name>``)."""
    return Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def whole_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The whole site as ``make site`` builds it: the English edition at the
    root and the Chinese one in ``zh/`` (a copy: ``site`` stays English)."""
    # The second worker asks for the Chinese edition first: the two workers
    # build one edition each at the same time, instead of one waiting.
    request.getfixturevalue("no_network")
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        shared_build(tmp_path_factory, "docs-zh_CN", DOCS, language="zh_CN")
    site = request.getfixturevalue("site")
    chinese = shared_build(tmp_path_factory, "docs-zh_CN", DOCS, language="zh_CN")
    assert not chinese.warnings, chinese.warnings
    assert chinese.status == 0

    def lay_out(folder: Path) -> dict:
        shutil.copytree(site.outdir, folder / "html")
        shutil.copytree(chinese.outdir, folder / "html" / "zh")
        return {"root": str(folder / "html")}

    return Path(once(tmp_path_factory, "whole-docs", lay_out)["root"])


@pytest.fixture(scope="module")
def module_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SphinxTestApp]:
    """The test root the module's ``pytest.mark.sphinx`` names, built once for
    the whole module (as MyST-Parser's and sphinx-design's tests share theirs):
    for modules whose tests only read one unchanged build. The mark's
    builder, ``testroot`` and ``confoverrides`` are honoured."""
    marker = request.node.get_closest_marker("sphinx")
    assert marker is not None, "module_app needs a module-level pytest.mark.sphinx"
    builder = (
        marker.args[0] if marker.args else marker.kwargs.get("buildername", "html")
    )
    root = Path(__file__).parent / "roots" / f"test-{marker.kwargs['testroot']}"
    srcdir = tmp_path_factory.mktemp(f"module-{root.name}") / root.name
    shutil.copytree(root, srcdir)
    app = SphinxTestApp(
        builder, srcdir=srcdir, confoverrides=marker.kwargs.get("confoverrides")
    )
    try:
        app.build()
        yield app
    finally:
        app.cleanup()

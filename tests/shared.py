"""Work done once per test run, however many pytest-xdist workers share it.

Each worker is its own process with its own session fixtures: a session
build of the real site would be made once per worker. :func:`once` makes it
in a folder every worker of the run shares (the parent of the workers'
temporary folders, as pytest-xdist's documentation does it); the first worker
to ask does the work, the others wait for its result. The lock is a folder
(``os.mkdir`` is atomic on every platform), so it needs no extra package.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import SiteBuild, build_site

#: How long a worker waits for another's result before it gives up.
WAIT_SECONDS = 30 * 60


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder shared by every worker of this run (pytest-xdist
    gives each worker ``<run>/popen-gwN``), and the run's own without it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    make: Callable[[Path], dict],
) -> dict:
    """``make(folder)``'s result (JSON), computed by one worker of the run."""
    root = run_folder(tmp_path_factory)
    folder = root / name
    result = root / f"{name}.json"
    try:
        folder.mkdir()
    except FileExistsError:
        return _wait_for(result, name)
    try:
        value = make(folder)
    except BaseException:
        _write(result, {"error": traceback.format_exc()})
        raise
    _write(result, {"value": value})
    return value


def _write(path: Path, content: dict) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(content), "utf-8")
    os.replace(partial, path)  # readers never see half a file


def _wait_for(result: Path, name: str) -> dict:
    deadline = time.monotonic() + WAIT_SECONDS
    while not result.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"{name}: no result from the worker that makes it")
        time.sleep(0.1)
    content = json.loads(result.read_text("utf-8"))
    if "error" in content:
        pytest.fail(f"{name}: the worker that made it failed:\n{content['error']}")
    return content["value"]


def shared_build(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    srcdir: Path,
    **overrides: object,
) -> SiteBuild:
    """:func:`~tests.helpers.build_site` of *srcdir*, made once per run under
    *name* (one name for one source and configuration)."""

    def make(folder: Path) -> dict:
        build = build_site(srcdir, folder, **overrides)
        return {
            "outdir": str(build.outdir),
            "warnings": build.warnings,
            "status": build.status,
            "pid": os.getpid(),
        }

    built = once(tmp_path_factory, f"build-{name}", make)
    return SiteBuild(
        Path(built["outdir"]), built["warnings"], built["status"], built["pid"]
    )

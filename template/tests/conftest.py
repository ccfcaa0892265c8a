"""The site, built once for the tests: every edition conf.py names, -n -W."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture(scope="session")
def config() -> dict:
    """The values the site's conf.py sets."""
    return runpy.run_path(str(DOCS / "conf.py"))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, config: dict) -> Path:
    """The built site: the root edition, and each other one in its path."""
    out = tmp_path_factory.mktemp("html")
    for language, path in config.get("homepage_editions", {"en": ""}).items():
        options = ["-D", f"language={language}"] if path else []
        build = [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-q"]
        doctrees = out.parent / f"{out.name}-doctrees-{language or 'root'}"
        subprocess.run(
            [
                *build,
                "-b",
                "html",
                *options,
                "-d",
                str(doctrees),
                str(DOCS),
                str(out / path),
            ],
            check=True,
        )
    return out

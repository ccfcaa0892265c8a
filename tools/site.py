"""The make-free path: the site's commands with Python alone, on any OS.

    python tools/site.py setup    .venv from the lock (requirements/dev.txt)
    python tools/site.py build    both editions into _build/html (-n -W)
    python tools/site.py check    ruff and the fast tests (no browser, fuzz or slow)
    python tools/site.py test     ruff and every test (the browser tests need
                                  Chromium: see handbook/tests.md)
    python tools/site.py lowest   build and fast tests with the lowest versions
                                  pyproject.toml allows (in .venv-lowest)
    python tools/site.py newest   the same with the newest releases (.venv-newest)

Run it with Python 3.12 or newer (``py -3.12 tools\\site.py build`` on
Windows). ``make site`` and ``make test`` do the same on Linux and macOS.
``lowest`` and ``newest`` resolve from PyPI, so they need the network; the
others need it only for ``setup``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "_build" / "html"
SPHINXOPTS = ["-n", "-W", "--keep-going"]
#: The fast tier of the tests (the marker names are tests/conftest.py's).
FAST = "not browser and not fuzz and not slow"
LINTED = ["src", "tests", "tools", "docs/conf.py"]


def python_of(venv: Path) -> Path:
    """The interpreter of *venv* (Windows keeps it in Scripts)."""
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def run(*command: str | Path) -> None:
    """Run *command* in the repository; stop with its status if it fails."""
    print("+", " ".join(str(part) for part in command), flush=True)
    done = subprocess.run([str(part) for part in command], cwd=REPO, check=False)
    if done.returncode:
        sys.exit(done.returncode)


def setup(venv: Path = REPO / ".venv") -> Path:
    """*venv* with the locked dependencies and the extension; its Python."""
    python = python_of(venv)
    stamp = python.parent / ".installed"  # make setup's stamp too
    inputs = [REPO / "requirements" / "dev.txt", REPO / "pyproject.toml"]
    newest_input = max(path.stat().st_mtime for path in inputs)
    if stamp.is_file() and stamp.stat().st_mtime >= newest_input:
        return python
    if not python.is_file():
        run(sys.executable, "-m", "venv", venv)
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run(*pip, "--require-hashes", "-r", inputs[0])
    run(*pip, "--no-deps", "--no-build-isolation", "-e", ".")
    stamp.touch()
    return python


def build(python: Path, out: Path = OUT) -> None:
    """Every edition, as ``make site`` builds them: the root one, then each
    translation ``homepage-editions`` names, into its path."""
    shutil.rmtree(out, ignore_errors=True)
    sphinx = [python, "-m", "sphinx", *SPHINXOPTS, "-b", "html"]
    run(*sphinx, "docs", out)
    editions = subprocess.run(
        [python, "-m", "academic_site.commands.editions", "docs"],
        stdout=subprocess.PIPE,
        text=True,
    )
    if editions.returncode:  # its own line on stderr said why
        sys.exit(editions.returncode)
    for line in editions.stdout.splitlines():
        language, path = line.split(" ", 1)
        run(*sphinx, "-D", f"language={language}", "docs", out / path)


def lint(python: Path) -> None:
    run(python, "-m", "ruff", "check", *LINTED)
    run(python, "-m", "ruff", "format", "--check", *LINTED)


def resolved(resolution: str) -> Path:
    """A venv of the versions pyproject.toml allows, lowest or newest first."""
    uv = [setup(), "-m", "uv"]
    venv = REPO / f".venv-{resolution}"
    requirements = REPO / "_build" / f"requirements-{resolution}.txt"
    requirements.parent.mkdir(parents=True, exist_ok=True)
    policy = ["--resolution", "lowest-direct"] if resolution == "lowest" else []
    run(*uv, "pip", "compile", "--quiet", *policy, "--extra", "test", "--python",
        sys.executable, "pyproject.toml", "-o", requirements)  # fmt: skip
    shutil.rmtree(venv, ignore_errors=True)
    run(*uv, "venv", "--quiet", "--python", sys.executable, venv)
    python = python_of(venv)
    run(*uv, "pip", "sync", "--quiet", "--python", python, requirements)
    run(*uv, "pip", "install", "--quiet", "--python", python, "--no-deps", "-e", ".")
    return python


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "command", choices=["setup", "build", "check", "test", "lowest", "newest"]
    )
    command = parser.parse_args(argv).command
    if command in ("lowest", "newest"):
        python = resolved(command)
        build(python, REPO / "_build" / command / "html")
        run(python, "-m", "pytest", "-q", "-m", FAST)
        return
    python = setup()
    if command == "build":
        build(python)
    elif command == "check":
        lint(python)
        run(python, "-m", "pytest", "-q", "-m", FAST)
    elif command == "test":
        lint(python)
        run(python, "-m", "pytest")


if __name__ == "__main__":
    main()

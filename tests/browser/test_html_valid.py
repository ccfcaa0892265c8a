"""The Nu HTML Checker (the W3C validator) finds no error on any page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.browser import harness

#: The JVM's options: its quick compiler only (the checker runs a few
#: seconds, too short for the optimising one to pay: half the CPU time), and
#: the deeper thread stack the checker's schema needs with that compiler's
#: larger frames (it fails with 1 MB).
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-Xss8m")


def nu_errors(files: list[Path]) -> list[str]:
    """The checker's errors for *files*, one line each."""
    run = subprocess.run(
        [
            *("java", *JAVA_OPTIONS, "-jar", str(harness.VNU_JAR)),
            *("--errors-only", "--format", "json", "--stdout"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if not run.stdout.strip():
        pytest.fail(f"the Nu HTML Checker did not run: {run.stderr}")
    report = json.loads(run.stdout)
    return [
        f"{Path(message.get('url', '?')).name}:{message.get('lastLine', '?')}: "
        f"{message['message']}"
        for message in report["messages"]
        if message["type"] in {"error", "non-document-error"}
    ]


def test_every_page_is_valid_html(both_editions: Path) -> None:
    files = sorted(both_editions.rglob("*.html"))
    assert files
    assert nu_errors(files) == []


def test_the_checker_reports_errors(tmp_path: Path, browser_tools: None) -> None:
    """It would notice: a page with an unclosed element and no title fails."""
    page = tmp_path / "broken.html"
    page.write_text("<!doctype html><html lang=en><p><span>x</p></html>")
    assert nu_errors([page])

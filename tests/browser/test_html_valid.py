"""The Nu HTML Checker (the W3C validator) finds no error on any page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.browser import harness


def nu_errors(files: list[Path]) -> list[str]:
    """The checker's errors for *files*, one line each."""
    run = subprocess.run(
        [
            *("java", "-jar", str(harness.VNU_JAR)),
            *("--errors-only", "--format", "json", "--stdout"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
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

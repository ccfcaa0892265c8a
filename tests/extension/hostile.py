"""Reading built pages as a browser does, to check that data changed no structure.

Shared by the escaping tests and the fuzz test: pages are parsed with html5lib
(the WHATWG parsing algorithm browsers use), so a value that would end a
``<script>`` early, open a comment or add an element shows up here as it
would in Chromium.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).parent.parent / "roots" / "test-hostile"

#: The payloads of issue 13, each of which broke a page once.
PAYLOADS = (
    "X</script><script>alert(1)</script><!--<script>",
    "<!--<script>",
    "</script><img src=x onerror=alert(1)>",
    "&amp; &lt;b&gt; &quot;",
    '" onmouseover="alert(1)',
    "\u2028\u2029",
    "javascript:alert(1)",
)


def parse(path: Path) -> BeautifulSoup:
    """*path* parsed as a browser parses it."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def json_ld_blocks(soup: BeautifulSoup) -> list[object]:
    """Every JSON-LD block of the page, decoded (raises if one does not parse)."""
    return [
        json.loads(script.string or "")
        for script in soup.find_all("script", type="application/ld+json")
    ]


@dataclass(frozen=True)
class PageShape:
    """What data must never change on a page: its scripts and stylesheets."""

    #: ``src`` of each external script, in order.
    script_sources: tuple[str, ...]
    #: Text of each inline script that is not JSON-LD, in order.
    inline_scripts: tuple[str, ...]
    #: ``href`` of each stylesheet in the ``<head>``, in order.
    stylesheets: tuple[str, ...]

    @classmethod
    def of(cls, soup: BeautifulSoup) -> PageShape:
        scripts = soup.find_all("script")
        return cls(
            script_sources=tuple(s["src"] for s in scripts if s.get("src")),
            inline_scripts=tuple(
                s.get_text()
                for s in scripts
                if not s.get("src") and s.get("type") != "application/ld+json"
            ),
            stylesheets=tuple(
                link["href"]
                for link in (soup.head or soup).find_all("link")
                if "stylesheet" in (link.get("rel") or [])
            ),
        )


def structure_problems(soup: BeautifulSoup, baseline: PageShape) -> list[str]:
    """What is wrong with the page's structure, compared with the same page
    built from harmless data: an empty list if nothing."""
    problems = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            json.loads(script.string or "")
        except ValueError as error:
            problems.append(f"a JSON-LD block does not parse ({error})")
    shape = PageShape.of(soup)
    if shape.script_sources != baseline.script_sources:
        problems.append(f"scripts changed: {shape.script_sources}")
    if shape.inline_scripts != baseline.inline_scripts:
        problems.append(f"inline scripts changed: {shape.inline_scripts}")
    if shape.stylesheets != baseline.stylesheets:
        problems.append(f"stylesheets changed: {shape.stylesheets}")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                problems.append(f"event handler {name} on <{element.name}>")
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name in {"href", "src", "action", "formaction"} and (
                text.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            ):
                problems.append(f"{name}={text!r} on <{element.name}>")
    return problems

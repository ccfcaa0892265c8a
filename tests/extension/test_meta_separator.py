"""The "·" that CSS puts before a piece of a publication's meta line
(docs/_static/homepage.css) separates: no line starts with one (issue 21,
defect 1: it started every line without a venue badge).

No Chromium here, so the stylesheet's own selectors are matched against the
built pages with soupsieve (what BeautifulSoup's ``select`` uses), the
generated content counted by the rule that makes it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from tests.conftest import DOCS

STYLESHEET = (DOCS / "_static" / "homepage.css").read_text("utf-8")
#: The exporter roots: their entries have every mix of badge, status and links.
ROOTS = sorted((Path(__file__).parent.parent / "roots").glob("test-export-*"))


def _separator_selectors() -> list[str]:
    """The selectors of the rules whose ``::before`` content is the "·"."""
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET, flags=re.S)
    selectors = []
    for prelude, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if 'content: "·"' in body:
            for selector in prelude.split(","):
                selectors.append(selector.strip().removesuffix("::before"))
    return selectors


@pytest.mark.parametrize("root", ROOTS, ids=lambda root: root.name)
def test_no_meta_line_starts_with_a_separator(
    root: Path,
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    no_network: None,
) -> None:
    selectors = _separator_selectors()
    assert selectors
    srcdir = tmp_path / root.name
    shutil.copytree(root, srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    lines = page.select(".publication-meta")
    assert lines
    for meta in lines:
        pieces = meta.find_all(recursive=False)
        for selector in selectors:
            for element in meta.select(selector):
                assert element in pieces[1:], f"a line starts with a separator: {meta}"

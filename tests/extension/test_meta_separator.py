"""The "·" that CSS puts between the pieces of a publication's meta line
(docs/_static/homepage.css) separates: no line starts or ends with one (issue
21, defect 1: it started every line without a venue badge). Where a line
wraps is Chromium's to say: tests/browser/test_punctuation.py.

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


#: The separator's content, after a word joiner (``\\2060``) or not.
SEPARATOR = re.compile(r'content:\s*"(?:\\2060)?·"')


def _separator_selectors() -> list[tuple[str, str]]:
    """(selector, ``before`` or ``after``) of each rule whose generated
    content is the "·"."""
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET, flags=re.S)
    selectors = []
    # A prelude's commas inside :has(…) do not split it.
    for prelude, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if SEPARATOR.search(body):
            for selector in re.split(r",(?![^()]*\))", prelude):
                selector, _, where = selector.strip().rpartition("::")
                selectors.append((selector, where))
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
    assert page.select(".publication")
    lines = page.select(".publication-meta")  # none where no paper has one
    for meta in lines:
        pieces = meta.find_all(recursive=False)
        for selector, where in selectors:
            for element in meta.select(selector):
                if where == "before":
                    assert element in pieces[1:], f"a line starts with a '·': {meta}"
                else:
                    assert element in pieces[:-1], f"a line ends with a '·': {meta}"


def test_the_selectors_find_the_separators_of_a_line() -> None:
    # A badge, a status, two links and the count: three separators, between.
    meta = BeautifulSoup(
        '<p class="publication-meta"><span class="publication-venue">V</span> '
        '<span class="publication-status">S</span> '
        '<a class="publication-link">PDF</a> <a class="publication-link">Code</a> '
        '<span class="citation-count">Cited by 1</span></p>',
        "html.parser",
    ).p
    separated = [
        element.get_text()
        for selector, _where in _separator_selectors()
        for element in meta.select(selector)
    ]
    assert separated == ["S", "PDF", "Code"]

"""The README is a front page and the handbook its manual: every link resolves.

Links are read with markdown-it (MyST's own parser), so a link inside code is
not a link; a relative link must name a file of the repository, and its
``#anchor`` a heading of that file (GitHub's slugs). External links are left
to ``make linkcheck``, which is on the network.
"""

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

REPO = Path(__file__).resolve().parent.parent
FRONT_PAGE = REPO / "README.md"
HANDBOOK = REPO / "handbook"
#: The README's own promise: a front page, not a manual.
FRONT_PAGE_LINES = 200


def markdown_files() -> list[Path]:
    return [FRONT_PAGE, *sorted(HANDBOOK.glob("*.md"))]


def tokens(path: Path):
    parser = MarkdownIt("commonmark").enable("table")
    stack = list(parser.parse(path.read_text(encoding="utf-8")))
    while stack:
        token = stack.pop(0)
        yield token
        stack[:0] = token.children or []


def links(path: Path) -> list[str]:
    return [
        token.attrGet("href")
        for token in tokens(path)
        if token.type == "link_open" and token.attrGet("href")
    ]


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation gone, spaces to -."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found, inline = set(), False
    for token in tokens(path):
        if token.type == "heading_open":
            inline = True
        elif inline and token.type == "inline":
            found.add(slug(token.content))
            inline = False
    return found


@pytest.mark.parametrize("path", markdown_files(), ids=lambda path: path.name)
def test_every_relative_link_resolves(path):
    broken = []
    for href in links(path):
        if re.match(r"[a-z][a-z+.-]*:", href):  # https:, mailto:: linkcheck's
            continue
        target, _, anchor = href.partition("#")
        file = (path.parent / target).resolve() if target else path
        if not file.exists():
            broken.append(f"{href}: no file {file}")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{href}: no heading #{anchor} in {file.name}")
    assert not broken, f"{path.name}: " + "; ".join(broken)


def test_every_handbook_topic_is_linked_from_the_front_page():
    linked = {
        (FRONT_PAGE.parent / href.partition("#")[0]).resolve()
        for href in links(FRONT_PAGE)
    }
    missing = [page.name for page in HANDBOOK.glob("*.md") if page not in linked]
    assert not missing, f"handbook topics the README does not link: {missing}"


def test_the_front_page_stays_short():
    lines = FRONT_PAGE.read_text(encoding="utf-8").count("\n")
    assert lines <= FRONT_PAGE_LINES, f"README.md has {lines} lines"


def test_the_slug_is_githubs():
    assert slug("The CV and its PDF") == "the-cv-and-its-pdf"
    assert slug("Editing the site") == "editing-the-site"
    assert slug("Hosting and domains") == "hosting-and-domains"

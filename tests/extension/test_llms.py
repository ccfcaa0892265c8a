"""academic_site.outputs.llms on a small root: llms.txt from the site's own data."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from academic_site.outputs.llms import link_item, markdown_text
from academic_site.papers.bibliography import load_papers
from tests.helpers import build_root

ROOT = Path(__file__).parent.parent / "roots" / "test-llms"
BASE = "https://ada.example.org/"
#: One entry of a file list: ``- [name](url)`` or ``- [name](url): notes``.
LINK_ITEM = re.compile(r"- \[(?:[^\]\\]|\\.)+\]\((?:https://|mailto:)[^()\s]+\)(: .+)?")

Build = Callable[..., SphinxTestApp]


@pytest.fixture
def build(tmp_path: Path, make_app: Callable[..., SphinxTestApp]) -> Build:
    """Copy the test root, apply *files* over it and build it."""

    def build(files: dict[str, str | None] | None = None, **confoverrides):
        return build_root(make_app, ROOT, tmp_path / "src", files, **confoverrides)

    return build


def llms_lines(app: SphinxTestApp) -> list[str]:
    return (app.outdir / "llms.txt").read_text("utf-8").splitlines()


def sections(lines: list[str]) -> dict[str, list[str]]:
    """The H2 sections and their non-blank lines."""
    found: dict[str, list[str]] = {}
    current = None
    for line in lines:
        if line.startswith("## "):
            current = line[3:]
            found[current] = []
        elif current and line.strip():
            found[current].append(line)
    return found


def test_it_follows_the_llms_txt_convention(build: Build) -> None:
    app = build()
    assert app.warning.getvalue() == ""
    lines = llms_lines(app)
    # One H1 first, then the blockquote summary (the home page's description).
    assert lines[0] == "# Ada Lovelace (Augusta Ada King)"
    assert [line for line in lines if line.startswith("# ")] == [lines[0]]
    assert lines[2] == "> Ada Lovelace, who wrote the first program."
    found = sections(lines)
    assert list(found) == ["Pages", "Papers", "Contact", "Optional"]
    # Every H2 section is a list of Markdown links.
    for title, items in found.items():
        for item in items:
            assert LINK_ITEM.fullmatch(item), (title, item)


def test_it_is_made_from_the_data(build: Build) -> None:
    app = build()
    text = "\n".join(llms_lines(app))
    found = sections(llms_lines(app))
    # The research interests are the home page's list.
    assert "- The Analytical Engine\n- Bernoulli numbers" in text
    # Pages: the root page by its address, then the toctree's pages.
    assert found["Pages"][0].startswith(f"- [Ada Lovelace]({BASE}): Ada Lovelace,")
    assert found["Pages"][1] == (
        f"- [Notes]({BASE}notes.html): Notes on Bernoulli numbers."
    )
    # Papers: every paper of the .bib, newest first, with its page and links.
    papers = sorted(
        load_papers(ROOT / "refs.bib"), key=lambda paper: paper.year, reverse=True
    )
    assert len(found["Papers"]) == len(papers)
    for item, paper in zip(found["Papers"], papers, strict=True):
        assert item.startswith(
            f"- [{markdown_text(paper.title)}]({BASE}papers/{paper.key}.html): "
        )
        assert f"({paper.year})" in item
        for url in filter(None, (paper.pdf, paper.code)):
            assert f"]({url})" in item
    assert found["Contact"][0] == (
        "- [E-mail](mailto:ada@example.org): ada@example.org"
    )
    assert (
        "- [Wikipedia](https://en.wikipedia.org/wiki/Ada_Lovelace)" in found["Contact"]
    )
    assert found["Optional"][0] == (
        f"- [Français]({BASE}fr/): the same pages in French"
    )
    assert found["Optional"][1].startswith(f"- [News feed]({BASE}news.xml): ")


def test_no_value_from_the_data_changes_its_structure(build: Build) -> None:
    """The profile's affiliation carries a newline, a heading and a link."""
    lines = llms_lines(build())
    affiliation = next(line for line in lines if line.startswith("Analytical"))
    assert "\\#\\# Not a heading \\[not a link\\]" in affiliation
    assert not any(line.startswith("## Not") for line in lines)
    # A paper title's brackets stay inside its link text.
    assert any(
        line.startswith("- [Notes on the \\[Analytical\\] Engine](") for line in lines
    )


@pytest.mark.parametrize(
    ("name", "url", "item"),
    [
        ("a ] b", "https://x.org/a b", "- [a \\] b](https://x.org/a%20b)"),
        ("x\n# y", "https://x.org/(1)", "- [x \\# y](https://x.org/%281%29)"),
    ],
)
def test_a_link_item_cannot_break_out(name: str, url: str, item: str) -> None:
    assert link_item(name, url) == item


def test_only_the_root_edition_writes_it(build: Build) -> None:
    """The convention names one file at the site's root: /fr/ has none."""
    app = build(language="fr")
    assert app.config.html_baseurl == BASE + "fr/"
    assert not (app.outdir / "llms.txt").exists()


def test_without_a_base_url_there_is_none(build: Build) -> None:
    assert not (build(html_baseurl="").outdir / "llms.txt").exists()


def test_without_interests_the_section_is_left_out(build: Build) -> None:
    index = (ROOT / "index.md").read_text("utf-8")
    index = index.replace("## Research interests", "## Other things")
    text = "\n".join(llms_lines(build({"index.md": index})))
    assert "Research interests" not in text
    assert "- The Analytical Engine" not in text

"""One paper reads the same in every output, whatever exporter wrote it (issue 21).

Every test root with a ``.bib`` (found by scanning ``tests/roots``, the
exporter roots included) is built once, and so is the real site (``docs/``).
For every paper, its author list, venue and year are read back from each
output that shows it: the publication lists, its own page, the JSON-LD, the
CV PDF (when the root makes one), ``llms.txt`` and the RIS and CSL-JSON
exports; each must read as the paper's one rendering
(:mod:`academic_site.papers.rendering`) says, once the output's markup is
taken away. The feed carries news only, no paper.

The lists' text and the PDF's text also have no doubled punctuation.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
import rispy
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

from academic_site.papers.bibliography import site_papers
from academic_site.papers.rendering import (
    ET_AL,
    RenderedPaper,
    author_marks,
    rendered_papers,
)
from tests.conftest import DOCS
from tests.pdf import Pdf, squash

ROOTS_DIR = Path(__file__).resolve().parents[1] / "roots"
#: Every root with papers: a ``.bib`` anywhere in it.
ROOTS = sorted(
    {path.relative_to(ROOTS_DIR).parts[0] for path in ROOTS_DIR.rglob("*.bib")}
)


@dataclass
class Built:
    """One root, built once, and what its outputs say."""

    name: str
    app: SphinxTestApp

    @property
    def outdir(self) -> Path:
        return Path(self.app.outdir)

    @cached_property
    def papers(self) -> dict[str, RenderedPaper]:
        return dict(rendered_papers(self.app.env))

    @cached_property
    def pages(self) -> dict[Path, BeautifulSoup]:
        return {
            path: BeautifulSoup(path.read_text("utf-8"), "html.parser")
            for path in sorted(self.outdir.rglob("*.html"))
        }

    @cached_property
    def list_entries(self) -> dict[str, list[Tag]]:
        """Each paper's entries in the lists, of every page, by key."""
        found: dict[str, list[Tag]] = {}
        for soup in self.pages.values():
            for item in soup.select("li.publication"):
                found.setdefault(item["id"], []).append(item)
        return found

    def paper_page(self, key: str) -> BeautifulSoup | None:
        paths = list(self.outdir.glob(f"*/{key}.html"))
        return self.pages.get(paths[0]) if len(paths) == 1 else None

    @cached_property
    def pdf_text(self) -> str | None:
        paths = [p for p in self.outdir.rglob("*.pdf") if p.name == "cv.pdf"]
        return Pdf(paths[0]).text if paths else None

    @cached_property
    def llms(self) -> str | None:
        path = self.outdir / "llms.txt"
        return path.read_text("utf-8") if path.is_file() else None

    def exports(self) -> tuple[dict[str, dict], dict[str, dict]]:
        """The whole list's RIS records and CSL-JSON items, by key."""
        ris, csl = {}, {}
        for path in self.outdir.glob("*.ris"):
            ris |= {r["id"]: r for r in rispy.loads(path.read_text("utf-8"))}
        for path in self.outdir.glob("*.json"):
            items = json.loads(path.read_text("utf-8"))
            if isinstance(items, list):
                csl |= {item["id"]: item for item in items if "id" in item}
        return ris, csl


@pytest.fixture(scope="module", params=[*ROOTS, "docs"])
def built(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    no_network: None,
) -> Iterator[Built]:
    """Each root built once for the whole module (the bad-input roots too:
    their warnings are the other tests' business), and the real site."""
    name = request.param
    workdir = tmp_path_factory.mktemp(f"consistency-{name}")
    if name == "docs":  # read in place, written outside it
        app = SphinxTestApp("html", srcdir=DOCS, builddir=workdir / "build")
    else:
        srcdir = workdir / name
        shutil.copytree(ROOTS_DIR / name, srcdir)
        app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        yield Built(name, app)
    finally:
        app.cleanup()


def text(node: Tag) -> str:
    """What an element reads as, white space squashed."""
    return squash(node.get_text())


def no_space(value: str) -> str:
    # The PDF's text breaks lines anywhere: compare without white space.
    return re.sub(r"\s+", "", value)


def listed_authors(paper: RenderedPaper) -> str:
    """The author list as the lists and the PDF lay it out, in plain text."""
    return paper.authors_text()


def full_authors(paper: RenderedPaper) -> list[str]:
    """Every name as the paper's page lists it, with its marks."""
    return [author.name + author_marks(author) for author in paper.authors]


def test_the_root_has_papers(built: Built) -> None:
    assert built.papers, f"{built.name} has a .bib but no paper was read"


def test_the_list_reads_as_the_rendering(built: Built) -> None:
    for key, paper in built.papers.items():
        for item in built.list_entries.get(key, []):
            reference = text(item.select_one(".publication-reference"))
            authors = listed_authors(paper)
            year = paper.year or "n.d."
            if authors:
                start = f"{authors} ({year})."
                assert reference.startswith(start), (key, reference, start)
            else:  # the title comes first (the house style's no-author entry)
                assert f"({year})." in reference, (key, reference)
            if paper.venue:
                assert squash(paper.venue) in reference, (key, reference)
            shown_all = item.select_one(".publication-authors p")
            if shown_all is not None:
                assert text(shown_all) == paper.authors_text(full=True), key


def test_each_paper_page_reads_as_the_rendering(built: Built) -> None:
    for key, paper in built.papers.items():
        page = built.paper_page(key)
        if page is None:
            continue
        names = ", ".join(full_authors(paper)) + (f", {ET_AL}" if paper.et_al else "")
        if paper.editors and paper.authors:
            names += " (Ed.)" if len(paper.authors) == 1 else " (Eds.)"
        assert text(page.select_one(".paper-authors")) == names, key
        venue = text(page.select_one(".paper-venue"))
        expected = ", ".join(part for part in (paper.venue, paper.year) if part)
        assert venue.startswith(squash(expected)), (key, venue, expected)


def _articles(soup: BeautifulSoup) -> Iterator[dict]:
    for script in soup.select('script[type="application/ld+json"]'):
        data = json.loads(script.string or "{}")
        for node in data.get("@graph", [data]):
            if node.get("@type") == "ScholarlyArticle":
                yield node


def test_the_json_ld_reads_as_the_rendering(built: Built) -> None:
    by_page: dict[str, dict] = {}
    for soup in built.pages.values():
        for article in _articles(soup):
            by_page.setdefault(article["@id"], article)
    seen = 0
    for article in by_page.values():
        key = re.sub(r"\.html$", "", article["@id"].rsplit("/", 1)[-1])
        key = key.rsplit("#", 1)[-1]
        paper = built.papers.get(key)
        if paper is None:
            continue
        seen += 1
        people = article.get("editor" if paper.editors else "author", [])
        assert [person["name"] for person in people] == [
            author.name for author in paper.authors
        ], key
        assert article.get("datePublished", "") == paper.year, key
        if "isPartOf" in article:
            assert article["isPartOf"]["name"] == paper.venue, key
    if any(built.paper_page(key) for key in built.papers):
        assert seen, "no paper's JSON-LD was found"


def _pdf_reads_as_the_rendering(built: Built) -> bool:
    if built.pdf_text is None:
        return False  # makes no CV PDF
    pdf = no_space(built.pdf_text)
    for key, paper in built.papers.items():
        authors = listed_authors(paper)
        year = f"({paper.year or 'n.d.'})."
        # A work without an author starts with its title, as the list's does.
        reference = f"{authors} {year}" if authors else f"{paper.title}"
        assert no_space(reference) in pdf, (key, reference)
        assert no_space(year) in pdf, (key, year)
        if paper.venue:
            assert no_space(paper.venue) in pdf, (key, paper.venue)
    return True


def _llms_txt_reads_as_the_rendering(built: Built) -> bool:
    if built.llms is None:
        return False  # writes no llms.txt
    for key, paper in built.papers.items():
        names = [author.name for author in paper.authors]
        if paper.et_al:
            names.append(ET_AL)
        line = next(
            (line for line in built.llms.splitlines() if f"/{key}.html)" in line),
            None,
        )
        if line is None:
            continue  # a root without paper pages lists no paper there
        # llms.txt is Markdown: its text is escaped (``\\*``, ``\\_``).
        plain = re.sub(r"\\(.)", r"\1", line)
        assert f"{', '.join(names)}" in plain, (key, plain)
        assert f"({paper.year or 'n.d.'})." in plain, (key, plain)
        if paper.venue:
            assert paper.venue in plain, (key, plain)
    return True


def _exports_read_as_the_rendering(built: Built) -> bool:
    ris, csl = built.exports()
    if not ris and not csl:
        return False  # writes no export
    for key, paper in built.papers.items():
        families = [author.parts for author in paper.authors]
        if key in ris:
            record = ris[key]
            names = record.get("secondary_authors" if paper.editors else "authors")
            assert names == ([f"{f}, {g}" if g else f for f, g in families] or None), (
                key
            )
            assert record.get("year", "") == paper.year, key
            venue = record.get("journal_name") or record.get("secondary_title")
            assert (venue or "") == paper.venue, key
        if key in csl:
            item = csl[key]
            people = item.get("editor" if paper.editors else "author", [])
            assert [
                (p["family"], p["given"]) if "family" in p else (p["literal"], "")
                for p in people
            ] == families, key
            assert item.get("container-title", "") == paper.venue, key
            year = item.get("issued", {}).get("date-parts", [[None]])[0][0]
            assert str(year or "") == (re.search(r"\d{4}", paper.year) or [""])[0]
    return True


#: Doubled punctuation as a reader sees it (``..`` but not an ellipsis ``...``).
DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|,,|;;|,\s+\.|,\s*;|;\s*,")
#: A separator that begins or ends a line.
LOOSE_SEPARATOR = re.compile(r"^\s*[,;·|]|[,;·|]\s*$")


def test_the_list_has_no_doubled_punctuation(built: Built) -> None:
    for key, items in built.list_entries.items():
        for item in items:
            for line in item.select(".publication-reference, .publication-meta"):
                reading = text(line)
                assert not DOUBLED.search(reading), (key, reading)
                assert not LOOSE_SEPARATOR.search(reading), (key, reading)


def test_no_entry_has_an_empty_meta_line(built: Built) -> None:
    """A paper with no venue, status, link or figure has no meta line at all
    (an empty paragraph is an empty line to a screen reader, and a gap)."""
    for key, items in built.list_entries.items():
        for item in items:
            for meta in item.select(".publication-meta"):
                assert text(meta), f"{built.name}: {key} has an empty meta line"


def _pdf_has_no_doubled_punctuation(built: Built) -> bool:
    if built.pdf_text is None:
        return False  # makes no CV PDF
    match = DOUBLED.search(built.pdf_text)
    assert match is None, built.pdf_text[max(match.start() - 60, 0) : match.end() + 20]
    return True


def test_every_paper_is_read(built: Built) -> None:
    # The renderings are the model's papers, every one.
    model = site_papers(built.app.env)
    assert set(built.papers) == {paper.key for paper in model.papers}


def test_every_other_output_reads_as_the_rendering(built: Built) -> None:
    """The CV PDF, llms.txt and the exports, each where the root writes it
    (one test, not an item per output that would only be skipped where the
    root writes none); the real site writes them all."""
    checked = {
        "cv.pdf": _pdf_reads_as_the_rendering(built)
        and _pdf_has_no_doubled_punctuation(built),
        "llms.txt": _llms_txt_reads_as_the_rendering(built),
        "exports": _exports_read_as_the_rendering(built),
    }
    if built.name == "docs":
        assert all(checked.values()), checked

"""Citation figures at build time: the phrase, the chart, the per-paper counts."""

from __future__ import annotations

import datetime
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from sphinx.util.docutils import docutils_namespace

from academic_site.site.datafile import DataFileError
from academic_site.sources.citations import (
    Citations,
    dump_citations,
    parse_citations,
)
from tests.helpers import build_root, build_site

ROOT = Path(__file__).parent.parent / "roots" / "test-citations"
DATA = "data/citations.yaml"

Build = Callable[..., tuple[SphinxTestApp, Callable[[str], BeautifulSoup]]]


@pytest.fixture
def build(tmp_path: Path, make_app: Callable[..., SphinxTestApp]) -> Build:
    """Copy the test root, apply *files* over it (None deletes), build it."""

    def build(files: dict[str, str | None] | None = None, **confoverrides):
        app = build_root(make_app, ROOT, tmp_path / "src", files, **confoverrides)

        def page(name: str) -> BeautifulSoup:
            html = (app.outdir / name).read_text(encoding="utf-8")
            return BeautifulSoup(html, "html.parser")

        return app, page

    return build


def _warnings(app: SphinxTestApp) -> str:
    return strip_colors(app.warning.getvalue())


def _sentence(page: BeautifulSoup) -> BeautifulSoup:
    return next(p for p in page.find_all("p") if "I have published" in p.get_text())


def _text(element: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


# -- The phrase in the home page sentence ----------------------------------


def test_sentence_carries_the_total_linked_to_the_profile(build: Build) -> None:
    app, page = build()
    assert _warnings(app) == ""
    sentence = _sentence(page("index.html"))
    assert _text(sentence) == (
        "I have published papers in the Memoirs, with 1,234 citations "
        "(Example Scholar, March 2025)."
    )
    link = sentence.find("a")
    assert link.get_text() == "1,234 citations"
    assert link["href"] == "https://scholar.example.org/ada"


def test_without_the_data_file_the_sentence_drops_its_figure(build: Build) -> None:
    app, page = build({DATA: None})
    assert _warnings(app) == ""
    index = page("index.html")
    assert _text(_sentence(index)) == ("I have published papers in the Memoirs.")
    assert index.select_one(".citation-chart") is None
    for name in ("index.html", "publications.html"):
        text = _text(page(name).select_one("[role=main]"))
        assert "Cited by" not in text
        assert "None" not in text
        assert " ." not in text
        assert "{" not in text


def test_the_figures_can_be_turned_off(build: Build) -> None:
    app, page = build(homepage_citations_file="")
    assert _warnings(app) == ""
    assert _text(_sentence(page("index.html"))) == (
        "I have published papers in the Memoirs."
    )


def test_phrase_may_show_every_figure(build: Build) -> None:
    index = (ROOT / "index.md").read_text(encoding="utf-8")
    phrase = "{citations}`: {total}, h {h_index}, i10 {i10_index}, {date}`"
    app, page = build({"index.md": re.sub(r"\{citations\}`[^`]*`", phrase, index)})
    assert _warnings(app) == ""
    assert _text(_sentence(page("index.html"))) == (
        "I have published papers in the Memoirs: 1,234, h 7, i10 5, 2025-03-14."
    )


@pytest.mark.parametrize(
    "phrase",
    [
        pytest.param("{citations}`, with {totl} citations`", id="unknown-name"),
        pytest.param("{citations}`[{total}] and [{source}]`", id="two-links"),
        pytest.param("{citations}`, with {total`", id="unclosed-brace"),
    ],
)
def test_a_bad_phrase_is_a_typed_warning_at_its_line(build: Build, phrase: str) -> None:
    index = (ROOT / "index.md").read_text(encoding="utf-8")
    app, page = build({"index.md": re.sub(r"\{citations\}`[^`]*`", phrase, index)})
    warnings = _warnings(app)
    assert "index.md:3: WARNING: cannot fill the citations phrase" in warnings
    assert "[homepage.citations]" in warnings
    assert _text(_sentence(page("index.html"))) == (
        "I have published papers in the Memoirs."
    )


# -- A broken data file ----------------------------------------------------

VALID = (ROOT / DATA).read_text(encoding="utf-8")
#: Problems that leave out one figure (or field), not the whole file.
ITEM_PROBLEMS = ("unknown field", "'per_year' key", "citations of")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "total: [1234\n", "citations.yaml:2: WARNING: invalid YAML", id="yaml"
        ),
        pytest.param(
            VALID.replace("total: 1234", "total: many"),
            "citations.yaml:5: WARNING: 'total' must be a whole number from 0 to "
            "10,000,000, not 'many'",
            id="total-not-a-number",
        ),
        pytest.param(
            VALID.replace("total: 1234", "total: -1"),
            "'total' must be a whole number from 0",
            id="total-negative",
        ),
        pytest.param(
            VALID.replace("total: 1234", "total: " + "9" * 5000),
            "citations.yaml:5: WARNING: invalid YAML: a number of 5000 characters "
            "is out of range",
            id="total-5000-digits",
        ),
        pytest.param(
            VALID.replace("total: 1234\n", ""),
            "citations.yaml:2: WARNING: missing required field 'total'",
            id="total-missing",
        ),
        pytest.param(
            VALID.replace("date: 2025-03-14", "date: March 2025"),
            "citations.yaml:4: WARNING: 'date' must be a date as YYYY-MM-DD, "
            "not 'March 2025'",
            id="date",
        ),
        pytest.param(
            VALID.replace("h_index:", "hindex:"),
            "citations.yaml:6: WARNING: unknown field(s) 'hindex'",
            id="unknown-field",
        ),
        pytest.param(
            VALID.replace("  2023: 400", "  twenty: 400"),
            "citations.yaml:10: WARNING: 'per_year' key must be a year",
            id="year",
        ),
        pytest.param(
            VALID.replace("menabrea-1842-sketch: 234", "menabrea-1842-sketch: lots"),
            "citations.yaml:15: WARNING: citations of menabrea-1842-sketch must be",
            id="paper-count",
        ),
        pytest.param(
            VALID.replace("https://scholar", "http://scholar"),
            "citations.yaml:3: WARNING: field 'profile' must be an https:// URL",
            id="profile-not-https",
        ),
        pytest.param(
            "- 1234\n",
            "citations.yaml:1: WARNING: citations.yaml must be a mapping",
            id="not-a-mapping",
        ),
    ],
)
def test_a_broken_file_is_one_typed_warning_naming_file_and_line(
    build: Build, text: str, message: str
) -> None:
    app, page = build({DATA: text})
    warnings = _warnings(app)
    assert message in warnings
    assert warnings.count("WARNING") == 1
    assert "[homepage.citations]" in warnings
    assert "Traceback" not in warnings
    sentence = _text(_sentence(page("index.html")))
    if any(f"WARNING: {what}" in warnings for what in ITEM_PROBLEMS):
        # One wrong year, paper or extra field: the other figures still show.
        assert "1,234 citations" in sentence
    else:
        # The pages still read correctly, without the figures.
        assert sentence == "I have published papers in the Memoirs."
        assert "Cited by" not in page("publications.html").get_text()


def test_a_broken_file_fails_the_build_under_w(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    (srcdir / DATA).write_text(VALID.replace("total: 1234", "total: x"), "utf-8")
    # A plain Sphinx app registers nodes for good; keep them to this build.
    with docutils_namespace():
        result = build_site(srcdir, tmp_path / "out")
    assert result.status != 0
    assert f"{srcdir / DATA}:5:" in strip_colors(result.warnings)


def test_a_broken_file_warning_can_be_suppressed_by_type(build: Build) -> None:
    app, _ = build({DATA: "total: [\n"}, suppress_warnings=["homepage.citations"])
    assert _warnings(app) == ""


# -- The chart -------------------------------------------------------------


def test_chart_is_inline_svg_with_a_text_alternative(build: Build) -> None:
    _, page = build()
    chart = page("index.html").select_one(".citation-chart")
    svg = chart.find("svg")
    assert svg["role"] == "img"
    assert svg.find("title").get_text() == (
        "Citations per year (Example Scholar, March 2025): "
        "2022: 100, 2023: 400, 2024: 0, 2025: 734"
    )
    years = [t.get_text() for t in svg.find_all("text")][1::2]
    assert years == ["2022", "2023", "2024", "2025"]
    # Bars in proportion, the largest the tallest.
    heights = [int(rect["height"]) for rect in svg.find_all("rect")]
    assert heights == [12, 49, 0, 90]
    # Nothing to run or fetch; colours from the page, not fixed.
    assert not svg.find_all(["script", "image", "a", "use", "style"])
    assert "http" not in str(svg)
    assert "#" not in str(svg)
    assert "currentColor" in str(svg)
    assert chart.select_one(".citation-chart-caption").get_text() == (
        "Source: Example Scholar, March 2025"
    )


def test_chart_is_small(build: Build) -> None:
    _, page = build()
    assert len(str(page("index.html").select_one(".citation-chart svg"))) < 1200


# -- Per-paper counts ------------------------------------------------------


def test_each_publication_shows_its_count_in_its_meta_line(build: Build) -> None:
    app, page = build()
    assert _warnings(app) == ""
    publications = page("publications.html")
    counts = {
        entry["id"]: [c.get_text() for c in entry.select(".citation-count")]
        for entry in publications.select(".publication")
    }
    assert counts == {
        "lovelace1843notes": ["Cited by 1,000"],
        "menabrea-1842-sketch": ["Cited by 234"],
        "unknown1850": [],
        "orphan2020": [],  # no meta line to put it in
        # Made an entry only in another doctree-resolved handler.
        "babbage1864passages": ["Cited by 7"],
    }
    # In the meta line itself: a block's last paragraph, or the line.
    notes = publications.find(id="lovelace1843notes")
    assert _text(notes.select_one(".publication-meta p")) == (
        "Scientific Memoirs, 1843. Cited by 1,000"
    )
    sketch = publications.find(id="menabrea-1842-sketch")
    assert _text(sketch.select_one(".publication-meta")) == (
        "Bibliothèque universelle de Genève, 1842. Cited by 234"
    )


def test_new_figures_reach_every_page_on_an_incremental_build(
    build: Build,
) -> None:
    app, page = build()
    data = app.srcdir / DATA
    data.write_text(
        VALID.replace("lovelace1843notes: 1000", "lovelace1843notes: 1001").replace(
            "total: 1234", "total: 1235"
        ),
        encoding="utf-8",
    )
    app.build()
    publications = page("publications.html")
    assert publications.find(id="lovelace1843notes").select_one(
        ".citation-count"
    ).get_text() == ("Cited by 1,001")
    assert "1,235 citations" in _text(_sentence(page("index.html")))


# -- The data model --------------------------------------------------------


def test_dump_and_parse_round_trip(tmp_path: Path) -> None:
    citations = Citations(
        source='Scholar "Example"',
        profile="https://scholar.example.org/?user=a&hl=en",
        date=datetime.date(2025, 3, 14),
        total=1234,
        h_index=None,
        i10_index=5,
        per_year=((2024, 3), (2025, 9)),
        papers=(("b-key", 2), ("a:key", 1)),
    )
    text = dump_citations(citations)
    assert parse_citations(tmp_path / "c.yaml", yaml.safe_load(text)) == citations
    assert "h_index" not in text


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"c\.yaml is empty: expected a mapping"):
        parse_citations(tmp_path / "c.yaml", None)


def test_month_is_in_the_edition_s_language_whatever_the_machine_locale() -> None:
    citations = parse_citations(
        Path("c.yaml"),
        {
            "source": "S",
            "profile": "https://example.org/",
            "date": "2026-05-24",
            "total": 1,
        },
    )
    assert citations.month() == "May 2026"
    assert citations.month("zh_CN") == "2026年5月"
    assert citations.per_year == ()
    assert citations.paper("none") is None


# -- Figures of papers no longer in the .bib --------------------------------

BIB = "".join(
    f"@misc{{{key}, title = {{Paper {n}}}, author = {{Lovelace, Ada}}, year = 1843}}\n"
    for n, key in enumerate(["lovelace1843notes", "babbage1864passages"])
)


def test_figures_of_papers_gone_from_the_bib_are_one_warning(build: Build) -> None:
    data = parse_citations(ROOT / DATA, yaml.safe_load((ROOT / DATA).read_text()))
    bib_keys = {"lovelace1843notes", "babbage1864passages"}
    gone = [key for key, _count in data.papers if key not in bib_keys]
    assert gone, "the root's figures must name a paper the test .bib leaves out"

    conf = (ROOT / "conf.py").read_text("utf-8")
    conf += (
        '\nextensions.append("sphinxcontrib.bibtex")\nbibtex_bibfiles = ["refs.bib"]\n'
    )
    app, _page = build({"refs.bib": BIB, "conf.py": conf})

    warnings = [line for line in _warnings(app).splitlines() if "no longer in" in line]
    assert len(warnings) == 1, _warnings(app)
    [warning] = warnings
    assert "[homepage.citations]" in warning
    lines = (ROOT / DATA).read_text().splitlines()
    line = next(
        n for n, text in enumerate(lines, 1) if text.startswith(f"  {gone[0]}:")
    )
    assert f"citations.yaml:{line}:" in warning
    for key in gone:
        assert key in warning
    for key in bib_keys:
        assert key not in warning

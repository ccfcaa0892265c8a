# ruff: noqa: RUF001 - the expected text has en dashes on purpose
"""Real-shaped ``.bib`` files of each exporter build with every entry reading right.

One test root per exporter (``tests/roots/test-export-*``), with entries
written here in the shapes DBLP (with and without crossref), the ACL
Anthology, the ACM DL, Google Scholar, arXiv, Zotero/Better BibTeX, JabRef
and al-folio export them. Every root must build without a warning, every
entry must read without a LaTeX character or command name, the owner must be
bold, and the RIS and CSL-JSON exports must parse back to the same papers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import rispy
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp
from sphinx.util.images import get_image_size

ROOTS = Path(__file__).parent.parent / "roots"
EXPORTERS = sorted(
    path.name.removeprefix("test-export-") for path in ROOTS.glob("test-export-*")
)

#: What must never reach a reader: LaTeX's special characters and the
#: command names exporters write.
LATEX_LEFT = re.compile(
    r"[\\{}$]|\b(?:textbf|emph|url|href|relax|mathrm|textit|LaTeX)\b|--"
)

#: For some entries, what their reference must read (key -> substrings), and
#: the keys that must not be listed (volumes only named in crossref).
EXPECTED: dict[str, dict[str, list[str]]] = {
    "dblp": {
        "dblp-journals-jacm-vitanyi08": ["Vitányi, P. M. B.", "J. ACM, 55(3), 1–25."],
    },
    "dblp-crossref": {
        "dblp-conf-nips-huangh24": [
            "(2024).",
            "Advances in Neural Information Processing Systems 38",
            "27850–27895.",
        ],
        "dblp-conf-ccc-huangt23": ["(2023).", "LIPIcs 264", "14:1–14:20."],
        "dblp-conf-ws-2025": ["Huang, Y., & Liu, Z. (Eds.) (2025).", "Association"],
    },
    "acl": {
        "zhao-etal-2024-ouroboros": ["Empirical Methods", "13378–13393."],
        "huang-etal-2023-mlcopilot": ["Huang, Y.-X., & Müller, J. (2023)."],
    },
    "acm": {
        "paper-10-1145-3589334-3645420": [
            "Akers, S. B., Jr., & van der Berg, J.",
            "769–798.",
        ],
        "paper-10-1145-3704435": ["The Qwen Team, & Huang, Y.", "57(8)."],
    },
    "scholar": {
        "taub1958numerical": ["Taub, A. H.", "Chau, H. F.", "769–798."],
        "huang2022handbook": ["John Wiley & Sons, Inc."],
        "huang2027thesis": ["PhD thesis, Tsinghua University."],
        "huang2021lncs": ["Inference Systems. Springer-Verlag."],
    },
    "arxiv": {
        "huang2023attention": ["O(n log n) for α-Sparse LLMs", "arXiv:2312.00003."],
    },
    "zotero": {
        "huanglocretenhancingeviction2024": ["(2024).", "arXiv:2410.01805"],
        "huangefficientinference2025": ["(2025).", "Journal of Examples, 12(3)"],
        "huangtechreport2023": ["Technical report TR-2023-01, Tsinghua University."],
    },
    "jabref": {
        "huang2022": ["Technical Note 7, THUNLP."],
        "huang2025": ["Master's thesis, Tsinghua University."],
        "huang2026": ["Manuscript in preparation."],
        "huang2021software": ["InfLLM: a toolkit."],
    },
    "alfolio": {
        "huang2023physics": ["Phys. Rev., 47(10), 777–780."],
    },
}
NOT_LISTED = {"dblp-crossref": {"dblp-conf-nips-2024", "dblp-conf-coco-2023"}}


def _text(element: Tag) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


@pytest.fixture
def built(
    request: pytest.FixtureRequest,
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
) -> tuple[SphinxTestApp, BeautifulSoup]:
    app = make_app(
        "html", srcdir=_copy(ROOTS / f"test-export-{request.param}", tmp_path)
    )
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    return app, page


def _copy(root: Path, tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(root, tmp_path / root.name)
    return tmp_path / root.name


@pytest.mark.parametrize("built", EXPORTERS, indirect=True)
def test_every_entry_reads_right(built: tuple[SphinxTestApp, BeautifulSoup]) -> None:
    app, page = built
    exporter = app.srcdir.name.removeprefix("test-export-")
    entries = page.select("li.publication")
    assert entries
    for entry in entries:
        reference = entry.select_one("p.publication-reference")
        text = _text(reference)
        assert not LATEX_LEFT.search(text), text
        assert "n.d." not in text, text
        assert ".." not in text.replace("…", ""), text
        assert [_text(b) for b in reference.find_all("strong")], f"owner: {text}"
    ids = {entry["id"] for entry in entries}
    for key, parts in EXPECTED.get(exporter, {}).items():
        assert key in ids, key
        text = _text(page.find("li", id=key).select_one("p.publication-reference"))
        for part in parts:
            assert part in text, (part, text)
    assert not ids & NOT_LISTED.get(exporter, set())


@pytest.mark.parametrize("built", EXPORTERS, indirect=True)
def test_the_exports_parse_back(built: tuple[SphinxTestApp, BeautifulSoup]) -> None:
    app, page = built
    keys = [entry.get("id") for entry in page.select("li.publication")]
    name = app.config.homepage_publications_page
    records = rispy.loads((app.outdir / f"{name}.ris").read_text("utf-8"))
    items = json.loads((app.outdir / f"{name}.json").read_text("utf-8"))
    assert len(records) == len(items) == len(keys)
    titles = {_text(title) for title in page.select("li.publication cite")}
    assert {record["title"] for record in records} == titles
    assert {item["title"] for item in items} == titles
    for record, item in zip(records, items, strict=True):
        assert record["id"] == item["id"]
        assert record.get("authors") or record.get("secondary_authors")
        assert item.get("author") or item.get("editor")
        assert "issued" in item
        paper = (
            app.outdir / "papers" / f"{re.sub(r'[^A-Za-z0-9._-]+', '-', item['id'])}"
        )
        assert (
            rispy.loads(paper.with_name(paper.name + ".ris").read_text("utf-8"))[0][
                "id"
            ]
            == item["id"]
        )


def test_shown_bibtex_has_no_site_or_al_folio_fields(make_app, tmp_path) -> None:
    app = make_app("html", srcdir=_copy(ROOTS / "test-export-alfolio", tmp_path))
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    for block in page.select("details.publication-bibtex pre"):
        names = set(re.findall(r"^\s*(\w+)\s*=", block.get_text(), re.MULTILINE))
        assert not names & {
            "abbr",
            "html",
            "pdf",
            "bibtex_show",
            "preview",
            "altmetric",
            "dimensions",
            "award",
            "award_name",
            "selected",
            "google_scholar_id",
        }, names


def test_al_folio_fields_are_understood(make_app, tmp_path) -> None:
    app = make_app("html", srcdir=_copy(ROOTS / "test-export-alfolio", tmp_path))
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    entry = page.find("li", id="huang2024locret")
    assert _text(entry.select_one(".publication-venue")) == "arXiv"
    assert _text(entry.select_one(".publication-award")) == "Best Paper"
    abstract = entry.select_one("details.publication-abstract")
    assert "framework for eviction" in _text(abstract)
    labels = {_text(a) for a in entry.select("a.publication-link")}
    assert {"Slides", "Poster", "Video", "Supplement", "Blog post", "Code"} <= labels
    physics = page.find("li", id="huang2023physics")
    arxiv = physics.find("a", string="arXiv")  # al-folio's arxiv = {ID}
    assert arxiv["href"] == "https://arxiv.org/abs/2312.00007"
    image = entry.select_one("img.publication-preview")
    assert image["loading"] == "lazy"
    assert image["alt"]
    size = get_image_size(str(app.srcdir / "assets/img/publication_preview/teaser.png"))
    assert (image["width"], image["height"]) == tuple(str(n) for n in size)
    assert (app.outdir / image["src"]).is_file()


def test_a_scholar_arxiv_journal_gets_the_arxiv_link(make_app, tmp_path) -> None:
    # Scholar writes journal={arXiv preprint arXiv:ID} (old ids without the
    # "arXiv:"), and no eprint.
    app = make_app("html", srcdir=_copy(ROOTS / "test-export-scholar", tmp_path))
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    for key, arxiv in (
        ("huang2024locret", "2410.01805"),
        ("huang2002oldstyle", "cs/0112017"),
        ("huang2023versioned", "2312.00005v2"),
    ):
        links = {
            _text(a): a["href"]
            for a in page.find("li", id=key).select("a.publication-link")
        }
        assert links.get("arXiv") == f"https://arxiv.org/abs/{arxiv}", (key, links)
        paper = (app.outdir / "papers" / f"{key}.html").read_text("utf-8")
        tag = BeautifulSoup(paper, "html.parser").find(
            "meta", attrs={"name": "citation_arxiv_id"}
        )
        assert tag["content"] == arxiv


def test_crossref_volumes_keep_venue_and_year_on_the_paper_page(
    make_app, tmp_path
) -> None:
    app = make_app("html", srcdir=_copy(ROOTS / "test-export-dblp-crossref", tmp_path))
    app.build()
    paper = app.outdir / "papers" / "DBLP-conf-nips-HuangH24.html"
    page = BeautifulSoup(paper.read_text("utf-8"), "html.parser")
    assert _text(page.select_one(".paper-venue")).endswith(", 2024")
    assert "Advances in Neural" in _text(page.select_one(".paper-venue"))
    assert [_text(s) for s in page.select(".paper-authors strong")] == ["Yuxiang Huang"]
    assert "crossref" not in page.select_one("#cite pre").get_text()
    assert not (app.outdir / "papers" / "DBLP-conf-nips-2024.html").exists()


def test_an_empty_selection_shows_no_heading_and_warns_once(make_app, tmp_path) -> None:
    app = make_app("html", srcdir=_copy(ROOTS / "test-pub-empty-selection", tmp_path))
    app.build()
    warnings = app.warning.getvalue()
    assert warnings.count("WARNING") == 1
    assert "homepage.publications" in warnings
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    headings = [_text(h) for h in page.select("h2")]
    assert not [h for h in headings if h.startswith("Selected publications")]
    assert [h for h in headings if h.startswith("Contact")]

# ruff: noqa: RUF001 - the expected text has en dashes and daggers on purpose
"""What exporters write is read as they mean it, one defect class at a time
(issue 21, item 4: defects 4, 6 and 8 to 12).

Each class is fixed in the model or the style, not per file, and each is
checked here on the roots that show it, each built once for the module:
JabRef in bibtex mode (``test-export-jabref``) and in biblatex mode with
Cyrillic names (``test-export-jabref-biblatex``), a lab's al-folio file
(``test-export-alfolio-lab``: many authors, ``*``/``†`` marks,
``cofirstauthors``, ``correspondingauthors``, ``pubstatus``, ``slide``, a
Japanese talk), BibDesk's (the download), and ``test-pub-bad-authors``, whose
every entry is a mistake that must be one warning at its line. The exporter
roots also build under -W, every entry read right, in test_exporters.py.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import rispy
from bs4 import BeautifulSoup, Tag
from pybtex.database import parse_string
from sphinx.testing.util import SphinxTestApp

from academic_site.papers.bibcheck import normalise_entry, read_bibfiles
from academic_site.papers.bibliography import (
    EXPORTER_BOOKKEEPING,
    without_bookkeeping,
)

ROOTS = Path(__file__).parent.parent / "roots"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Each root this module reads, built once when first asked for, and
    cleaned up at once (two live apps would register Sphinx's nodes twice):
    the app's output, configuration and warnings stay to be read."""
    apps: dict[str, SphinxTestApp] = {}

    def build(name: str) -> SphinxTestApp:
        if name not in apps:
            root = ROOTS / f"test-{name}"
            srcdir = tmp_path_factory.mktemp(name) / root.name
            shutil.copytree(root, srcdir)
            app = SphinxTestApp("html", srcdir=srcdir)
            try:
                app.build()
            finally:
                app.cleanup()
            apps[name] = app
        return apps[name]

    return {"build": build}


def _app(built: dict[str, object], name: str) -> SphinxTestApp:
    return built["build"](name)  # type: ignore[operator]


def _page(app: SphinxTestApp, name: str = "index.html") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text("utf-8"), "html.parser")


def _text(element: Tag) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


def _entry(app: SphinxTestApp, key: str) -> Tag:
    entry = _page(app).find("li", id=key)
    assert entry is not None, key
    return entry


def _reference(app: SphinxTestApp, key: str) -> str:
    return _text(_entry(app, key).select_one("p.publication-reference"))


def _links(app: SphinxTestApp, key: str) -> dict[str, str]:
    return {
        _text(link): link["href"]
        for link in _entry(app, key).select("a.publication-link")
    }


def _line_of(root: str, bib: str, key: str, field: str) -> int:
    """The line of *field* in entry *key* of the root's file, read from it."""
    lines = (ROOTS / f"test-{root}" / bib).read_text("utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(rf"@\w+\{{{key},", line))
    offset = next(
        i
        for i, line in enumerate(lines[start:])
        if re.match(rf"\s*{re.escape(field)}\s*=", line)
    )
    return start + offset + 1


def _warnings(app: SphinxTestApp) -> list[str]:
    return [line for line in app.warning.getvalue().splitlines() if line.strip()]


# -- defect 4: malformed author lists ------------------------------------------
def test_a_malformed_author_list_warns_at_its_line_and_reads_as_meant(
    built: dict[str, object],
) -> None:
    app = _app(built, "pub-bad-authors")
    warnings = _warnings(app)
    for key in ("doubled", "trailing"):
        line = _line_of("pub-bad-authors", "refs.bib", key, "author")
        mine = [w for w in warnings if f"entry {key!r}" in w]
        assert len(mine) == 1, mine
        assert f"refs.bib:{line}:" in mine[0]
        assert "empty name" in mine[0]
        assert "[homepage.bibtex]" in mine[0]
        reference = _reference(app, key)
        assert reference.startswith("Huang, Y., & Murao, M. ("), reference
        assert " and " not in reference.split("(")[0]


def test_a_mark_with_no_role_and_an_alias_given_twice_warn(
    built: dict[str, object],
) -> None:
    app = _app(built, "pub-bad-authors")
    warnings = _warnings(app)
    odd = [w for w in warnings if "entry 'oddmark'" in w]
    line = _line_of("pub-bad-authors", "refs.bib", "oddmark", "author")
    assert len(odd) == 1
    assert f"refs.bib:{line}:" in odd[0]
    assert "'‡'" in odd[0]
    assert "‡" not in _reference(app, "oddmark")
    twice = [w for w in warnings if "entry 'twoslides'" in w]
    line = _line_of("pub-bad-authors", "refs.bib", "twoslides", "slide")
    assert len(twice) == 1
    assert f"refs.bib:{line}:" in twice[0]
    assert _links(app, "twoslides") == {"Slides": "https://example.org/a.pdf"}


def test_a_field_the_site_does_not_show_is_one_warning_naming_it(
    built: dict[str, object],
) -> None:
    app = _app(built, "pub-bad-authors")
    unknown = [w for w in _warnings(app) if "entry 'unknownfield'" in w]
    line = _line_of("pub-bad-authors", "refs.bib", "unknownfield", "hal")
    assert len(unknown) == 1, unknown
    assert f"refs.bib:{line}:" in unknown[0]
    assert "'hal'" in unknown[0]


# -- defect 11: works without an author ----------------------------------------
def test_a_work_without_an_author_starts_with_its_title_and_shows_its_url_once(
    built: dict[str, object],
) -> None:
    app = _app(built, "pub-bad-authors")
    reference = _reference(app, "anonymous")
    assert reference.startswith("A Report Nobody Signed. (2019)."), reference
    page = _page(app)
    urls = [
        a["href"]
        for a in page.find("li", id="anonymous").find_all("a")
        if a["href"] == "https://example.org/unsigned-report"
    ]
    assert len(urls) == 1, urls
    shown = page.find("li", id="selfpublished")
    urls = [
        a for a in shown.find_all("a") if a["href"] == "https://example.org/program"
    ]
    assert len(urls) == 1, urls  # howpublished shows it: no "Web page" again


# -- defects 9 and 10: al-folio's roles and status -----------------------------
def test_al_folio_marks_and_role_fields_are_the_authors_roles(
    built: dict[str, object],
) -> None:
    app = _app(built, "export-alfolio-lab")
    assert _warnings(app) == []
    for key in ("lab2025sparse", "lab2024roles", "lab2022superscripts"):
        reference = _entry(app, key).select_one("p.publication-reference")
        marks = {
            _text(sup.find_previous(string=True).parent): _text(sup)
            for sup in reference.find_all("sup")
        }
        assert "*" not in "".join(
            s for s in reference.strings if s.parent.name != "sup"
        )
        assert "$" not in _text(reference)
        assert "\\" not in _text(reference)
        if key == "lab2025sparse":  # "Grinko*, D." ... "Zhang, Min$^\dagger$"
            assert _text(reference).startswith("Grinko, D.*, Huang, Y.*, Chen, X.,")
            assert "Zhang, M.†" in _text(reference)
        if key == "lab2024roles":  # cofirstauthors, correspondingauthors
            assert _text(reference).startswith(
                "Chen, X.*, Huang, Y.*, Li, W., & Zhang, M.†"
            )
        if key == "lab2022superscripts":  # Lee, K.\textsuperscript{*}; {1}
            assert _text(reference).startswith("Huang, Y.†, Lee, K.*, & Park")
            assert "Lee, K.*" in _text(reference)
            assert "Park, J.-w.*" in _text(reference)
        assert marks
    legend = _text(_page(app).select_one("p.publication-legend"))
    assert "* indicates equal contribution." in legend
    assert "† indicates a corresponding author." in legend
    paper = _page(app, "papers/lab2024roles.html")
    assert "† indicates a corresponding author." in _text(paper)


def test_pubstatus_shows_an_accepted_paper_as_accepted(
    built: dict[str, object],
) -> None:
    app = _app(built, "export-alfolio-lab")
    status = _entry(app, "lab2025sparse").select_one(".publication-status")
    assert status is not None
    assert _text(status) == "Accepted"
    assert _entry(app, "lab2024roles").select_one(".publication-status") is None
    kazan = _entry(_app(built, "export-jabref-biblatex"), "huang2024kazan")
    assert _text(kazan.select_one(".publication-status")) == "In press"  # pubstate


# -- defect 12: what a link is --------------------------------------------------
def test_links_are_labelled_by_what_they_are(built: dict[str, object]) -> None:
    lab = _app(built, "export-alfolio-lab")
    assert _links(lab, "lab2025sparse") == {
        "Code": "https://github.com/example/sparse",
        "Website": "https://example.org/sparse/",  # al-folio's label
        "Slides": "https://example.org/sparse-slides.pdf",  # al-folio's "slide"
    }
    assert _links(lab, "lab2024roles") == {"Code": "https://github.com/example/roles"}
    assert _links(lab, "lab2023talk") == {
        "Slides": "https://example.org/nlp2023-slides.pdf"
    }
    biblatex = _app(built, "export-jabref-biblatex")
    assert _links(biblatex, "huang2021infllm") == {
        "Code": "https://github.com/example/infllm"  # @software's url
    }


# -- defects 6 and 8: notes with links, escaped URLs ----------------------------
def test_a_note_keeps_its_links_and_the_spaces_around_them(
    built: dict[str, object],
) -> None:
    app = _app(built, "export-alfolio-lab")
    expected = (
        "Code at https://github.com/example/h2o and data at "
        "https://example.org/h2o-data. Extended version."
    )
    assert _reference(app, "lab2022superscripts").endswith(expected)
    note = _page(app, "papers/lab2022superscripts.html").select_one("p.paper-note")
    assert _text(note) == expected
    assert [a["href"] for a in note.find_all("a")] == [
        "https://github.com/example/h2o",
        "https://example.org/h2o-data",
    ]


def test_an_escaped_ampersand_in_a_url_is_an_ampersand(
    built: dict[str, object],
) -> None:
    jabref = _app(built, "export-jabref")
    assert _links(jabref, "huang2020") == {
        "Web page": "https://example.org/paper?id=7&view=full"
    }
    biblatex = _app(built, "export-jabref-biblatex")
    assert _links(biblatex, "huang2022blog") == {
        "Web page": "https://example.org/blog/spec?lang=en&part=1"
    }
    for app in (jabref, biblatex):  # the BibTeX shown for copying keeps it
        for path in app.outdir.rglob("*"):
            if path.suffix in {".ris", ".json"}:
                assert "\\&" not in path.read_text("utf-8"), path
            if path.suffix == ".html":
                page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
                for link in page.find_all(href=True):
                    assert "\\" not in link["href"], (path, link["href"])


# -- defect 9: fields that were dropped; biblatex's types ------------------------
def test_patents_issues_software_data_and_talks_show_all_their_fields(
    built: dict[str, object],
) -> None:
    jabref = _app(built, "export-jabref")
    assert "United States Patent 12,345,678, Tsinghua University." in _reference(
        jabref, "huang2027"
    )
    assert "Proceedings of the Example Society, No. 4, 33–40." in _reference(
        jabref, "huang2020"
    )
    biblatex = _app(built, "export-jabref-biblatex")
    assert "Chinese Patent CN 100000001 A, Tsinghua University." in _reference(
        biblatex, "huang2026patent"
    )
    assert _reference(biblatex, "huang2021infllm").endswith("InfLLM. Version 0.3.1.")
    assert "Version 1.0, Zenodo." in _reference(biblatex, "huang2025corpus")
    online = _reference(biblatex, "huang2022blog")
    assert online.endswith("Speculative decoding, explained. THUNLP blog.")
    talk = _reference(_app(built, "export-alfolio-lab"), "lab2023talk")
    assert talk.endswith("言語処理学会 第29回年次大会 招待講演, 沖縄."), talk
    name = biblatex.config.homepage_publications_page
    types = {
        record["id"].lower(): record["type_of_reference"]
        for record in rispy.loads((biblatex.outdir / f"{name}.ris").read_text("utf-8"))
    }
    assert types["huang2026patent"] == "PAT"
    assert types["huang2025corpus"] == "DATA"
    items = json.loads((biblatex.outdir / f"{name}.json").read_text("utf-8"))
    csl = {item["id"].lower(): item for item in items}
    assert csl["huang2026patent"]["type"] == "patent"
    assert csl["huang2021infllm"]["type"] == "software"


def test_cyrillic_names_subtitles_and_scripts_read_as_text(
    built: dict[str, object],
) -> None:
    biblatex = _app(built, "export-jabref-biblatex")
    reference = _entry(biblatex, "smirnova2023").select_one("p.publication-reference")
    assert [_text(strong) for strong in reference.find_all("strong")] == ["Хуанг, Ю."]
    assert "Сжатие кэша ключей и значений: обзор методов." in _text(reference)
    lab = _app(built, "export-alfolio-lab")
    title = _entry(lab, "lab2022superscripts").select_one("cite")
    assert _text(title) == "H2O and max-Pooling at 10⁻³ Learning Rates"
    assert [_text(sub) for sub in title.find_all("sub")] == ["2"]


# -- the raw .bib download -----------------------------------------------------
@pytest.mark.parametrize(
    ("root", "bib"),
    [("export-jabref-biblatex", "refs.bib"), ("export-bibdesk", "refs.bib")],
)
def test_the_bib_download_has_no_bookkeeping_and_everything_else(
    built: dict[str, object], root: str, bib: str
) -> None:
    app = _app(built, root)
    assert _warnings(app) == []
    (download,) = (app.outdir / "_downloads").rglob(bib)
    published = download.read_text("utf-8")
    kept = read_bibfiles([download]).data.entries
    original = read_bibfiles([app.srcdir / bib]).data.entries
    assert list(kept) == list(original)
    for key, entry in original.items():
        fields = {
            name: value
            for name, value in entry.fields.items()
            if not EXPORTER_BOOKKEEPING.fullmatch(name)
        }
        assert dict(kept[key].fields) == fields
        assert kept[key].persons == entry.persons
    assert not any(
        EXPORTER_BOOKKEEPING.fullmatch(name)
        for entry in kept.values()
        for name in entry.fields
    )
    assert "Sort Descriptor" not in published
    assert "/Users/" not in published
    link = _page(app).find("a", href=re.compile(r"_downloads/.*\.bib$"))
    assert link is not None
    assert (app.outdir / link["href"]) == download


# -- the rules themselves, on one field each -------------------------------------
def test_bookkeeping_is_cut_out_of_any_value_shape() -> None:
    source = (
        "@article{k,\n"
        '  file = "a {b} c",\n'
        "  title = {Kept, {with} braces},\n"
        "  owner = macro,\n"
        "  timestamp = {2024}}\n"
        "% a comment, kept\n"
        "@misc{open,\n  owner = {never closed\n"
    )
    assert without_bookkeeping(source) == (
        "@article{k,\n  title = {Kept, {with} braces},\n}\n% a comment, kept\n"
        "@misc{open,\n  owner = {never closed\n"
    )


@pytest.mark.parametrize(
    ("authors", "names", "roles"),
    [
        ("Grinko*, D. and Lee, K.", ["Grinko, D.", "Lee, K."], {"equal": ["Grinko"]}),
        ("D. Grinko$^\\ast$ and K. Lee$^{\\dagger}$", ["Grinko", "Lee"], {}),
        ("Chen, Xi$^2$ and Li, Wei", ["Chen, Xi$^2$", "Li, Wei"], {}),  # no mark
        ("Smith, J. * and Lee, K.", ["Smith, J.", "Lee, K."], {"equal": ["Smith"]}),
        ("and Huang, Y. and and Lee, K. and", ["Huang, Y.", "Lee, K."], {}),
    ],
)
def test_marks_and_stray_ands_come_off_the_names(
    authors: str, names: list[str], roles: dict[str, list[str]]
) -> None:
    entry = parse_string(
        f"@article{{k, author = {{{authors}}}, title = {{T}}, year = 2020}}", "bibtex"
    ).entries["k"]
    normalise_entry(entry)
    shown = [str(person) for person in entry.persons["author"]]
    assert [name.split(",")[0] for name in shown] == [
        name.split(",")[0] for name in names
    ]
    for name in roles.get("equal", []):
        assert name in entry.fields["equal_contribution"]
    if "Grinko$^" in authors:
        assert "Grinko" in entry.fields["equal_contribution"]
        assert "Lee" in entry.fields["corresponding"]

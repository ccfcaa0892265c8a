"""Files of the site a paper links to (al-folio's ``pdf = {example_pdf.pdf}``).

The al-folio root (``tests/roots/test-export-alfolio``) names files as
al-folio does: bare names in ``assets/pdf/`` and ``assets/html/``, and a path
of the source directory. Each must be copied, linked relatively from the list
and the paper pages, and by its absolute URL from the exports; the bad-file
root (``tests/roots/test-pub-bad-file``) names missing and hostile files, each
one warning at its line and never linked or copied.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
import rispy
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOTS = Path(__file__).parent.parent / "roots"
ALFOLIO = ROOTS / "test-export-alfolio"
BAD = ROOTS / "test-pub-bad-file"

WARNING = re.compile(
    r"^(?P<file>\S+):(?P<line>\d+): WARNING: entry '(?P<key>[^']+)': "
    r"(?P<message>.*) \[homepage\.bibtex\]$"
)

MakeApp = Callable[..., SphinxTestApp]


def _copy(root: Path, tmp_path: Path) -> Path:
    target = tmp_path / root.name
    shutil.copytree(root, target)
    return target


def _page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text("utf-8"), "html.parser")


def _local_links(page: BeautifulSoup, key: str | None = None) -> dict[str, str]:
    """Label -> href of the links of the site's own files on *page*."""
    if key:
        scope = page.find("li", id=key).select_one(".publication-meta")
    else:
        scope = page.select_one(".paper-links")
    return {
        a.get_text(strip=True): a["href"]
        for a in scope.find_all("a")
        if "://" not in a["href"] and not a["href"].startswith("#")
    }


def _target(app: SphinxTestApp, page: str, href: str) -> Path:
    """The output file *href* on *page* leads to."""
    return (app.outdir / Path(page).parent / unquote(href)).resolve()


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


@pytest.fixture
def alfolio(make_app: MakeApp, tmp_path: Path) -> SphinxTestApp:
    app = make_app("html", srcdir=_copy(ALFOLIO, tmp_path), warningiserror=True)
    app.build()
    assert app.statuscode == 0
    assert app.warning.getvalue() == ""
    return app


def test_an_al_folio_file_name_builds_clean_under_w_and_is_copied(
    alfolio: SphinxTestApp,
) -> None:
    app = alfolio
    expected = {
        "huang2023physics": {
            "PDF": "assets/pdf/example_pdf.pdf",
            "Poster": "posters/physics poster.pdf",
        },
        "huang2020relativity": {
            "PDF": "assets/pdf/example_pdf.pdf",
            "Paper page": "assets/html/relativity.html",
        },
    }
    page = _page(app, "index.html")
    for key, files in expected.items():
        links = _local_links(page, key)
        assert set(links) == set(files), links
        paper_page = f"papers/{key}.html"
        paper_links = _local_links(_page(app, paper_page))
        assert set(paper_links) == set(files), paper_links
        for label, source in files.items():
            for on, href in (
                ("index.html", links[label]),
                (paper_page, paper_links[label]),
            ):
                copy = _target(app, on, href)
                assert copy.is_relative_to(app.outdir.resolve())
                assert copy.read_bytes() == (app.srcdir / source).read_bytes()


def test_the_exports_carry_the_absolute_url_of_the_copy(alfolio: SphinxTestApp) -> None:
    app = alfolio
    base = app.config.html_baseurl
    href = _local_links(_page(app, "index.html"), "huang2023physics")["PDF"]
    absolute = urljoin(base, href)
    assert absolute.startswith("https://example.org/site/_downloads/")
    records = {
        r["id"]: r for r in rispy.loads((app.outdir / "publications.ris").read_text())
    }
    assert records["huang2023physics"]["file_attachments1"] == absolute
    assert records["huang2020relativity"]["file_attachments1"] == absolute
    items = {
        i["id"]: i for i in json.loads((app.outdir / "publications.json").read_text())
    }
    assert items["huang2020relativity"]["URL"] == absolute  # its only link
    assert items["huang2023physics"]["URL"] == "https://doi.org/10.1103/PhysRev.47.777"
    paper = _page(app, "papers/huang2023physics.html")
    meta = paper.find("meta", attrs={"name": "citation_pdf_url"})
    assert meta["content"] == absolute
    article = json.loads(paper.find("script", type="application/ld+json").string)
    assert article["encoding"]["contentUrl"] == absolute
    assert f"[PDF]({absolute})" in (app.outdir / "llms.txt").read_text("utf-8")
    for item in items.values():
        assert "assets/" not in json.dumps(item)


def test_the_shown_bibtex_has_no_file_fields(alfolio: SphinxTestApp) -> None:
    page = _page(alfolio, "index.html")
    for block in page.select("details.publication-bibtex pre"):
        names = set(re.findall(r"^\s*(\w+)\s*=", block.get_text(), re.MULTILINE))
        assert not names & {"pdf", "supp", "poster", "slides", "html", "arxiv"}, names


def test_the_chinese_edition_links_its_own_copy(
    make_app: MakeApp, tmp_path: Path
) -> None:
    srcdir = _copy(ALFOLIO, tmp_path)
    app = make_app(
        "html",
        srcdir=srcdir,
        builddir=tmp_path / "out",
        confoverrides={
            "language": "zh_CN",
            "homepage_editions": {"en": "", "zh_CN": "zh/"},
        },
    )
    app.build()
    assert app.warning.getvalue() == ""
    href = _local_links(_page(app, "index.html"), "huang2023physics")["PDF"]
    assert _target(app, "index.html", href).is_file()
    paper_href = _local_links(_page(app, "papers/huang2023physics.html"))["PDF"]
    assert _target(app, "papers/huang2023physics.html", paper_href).is_file()
    records = rispy.loads((app.outdir / "publications.ris").read_text("utf-8"))
    pdf = next(r for r in records if r["id"] == "huang2023physics")["file_attachments1"]
    assert pdf == urljoin("https://example.org/site/zh/", href)


def test_missing_and_hostile_files_are_one_warning_each_and_never_linked(
    make_app: MakeApp, tmp_path: Path
) -> None:
    srcdir = _copy(BAD, tmp_path)
    outside = tmp_path / "secret.pdf"
    outside.write_text("not for the site", encoding="utf-8")
    os.symlink(outside, srcdir / "assets" / "pdf" / "escape.pdf")
    app = make_app("html", srcdir=srcdir)
    app.build()
    bib = srcdir / "refs.bib"
    expected = {
        ("missing", _line_of(bib, "example_pdf.pdf"), "'assets/pdf/example_pdf.pdf'"),
        ("hostile", _line_of(bib, "etc/passwd},"), "out of it"),
        ("hostile", _line_of(bib, "{/etc/passwd}"), "https:// URL or a file"),
        ("hostile", _line_of(bib, "javascript:"), "https:// URL or a file"),
        ("hostile", _line_of(bib, "http://example.org"), "must be an https:// URL"),
        ("hostile", _line_of(bib, "conf.py"), "out of it"),
        ("escape", _line_of(bib, "escape.pdf"), "leads out of the source directory"),
        ("escape", _line_of(bib, "file:///"), "must be an https:// URL"),
        ("escape", _line_of(bib, "arxiv   ="), "not an arXiv identifier"),
        (
            "noimage",
            _line_of(bib, "brownian-motion.gif"),
            "'assets/img/publication_preview/brownian-motion.gif', which is not",
        ),
        ("hiddenimage", _line_of(bib, ".git/config"), "hidden file"),
    }
    text = strip_escape_sequences(app.warning.getvalue())
    lines = [line for line in text.splitlines() if line.strip()]
    found = set()
    for line in lines:
        match = WARNING.match(line)
        assert match, line
        assert Path(match["file"]) == bib
        hit = {
            (key, number, part)
            for key, number, part in expected
            if key == match["key"] and number == int(match["line"])
        }
        assert len(hit) == 1, line
        ((_key, _number, part),) = hit
        assert part in match["message"], line
        found |= hit
    assert len(lines) == len(expected) == len(found)
    page = _page(app, "index.html")
    hrefs = [a["href"] for a in page.select("a.publication-link")]
    assert not [h for h in hrefs if re.search(r"passwd|javascript|file:|http:|\.\.", h)]
    assert _local_links(page, "missing") == {
        "Slides": _local_links(page, "missing")["Slides"]
    }
    assert "https://github.com/example/missing" in hrefs  # nothing else is lost
    assert "https://github.com/example/hostile" in hrefs
    copies = [p.name for p in (app.outdir / "_downloads").rglob("*") if p.is_file()]
    assert copies == ["present.pdf"]
    assert not page.select("img.publication-preview")
    assert not (app.outdir / "_images").exists()


def test_a_missing_file_fails_the_build_under_w(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app("html", srcdir=_copy(BAD, tmp_path), warningiserror=True)
    app.build()
    assert app.statuscode == 1


def _build(make_app: MakeApp, srcdir: Path) -> tuple[SphinxTestApp, set[str]]:
    app = make_app("html", srcdir=srcdir, freshenv=False)
    read: set[str] = set()
    app.connect("env-before-read-docs", lambda app, env, names: read.update(names))
    try:
        app.build()
    finally:
        app.cleanup()
    return app, read


def _touch_later(path: Path) -> None:
    later = path.stat().st_mtime + 10
    os.utime(path, (later, later))


def test_a_file_that_comes_goes_or_changes_is_picked_up(
    make_app: MakeApp, tmp_path: Path
) -> None:
    srcdir = _copy(ALFOLIO, tmp_path)
    pdf = srcdir / "assets" / "pdf" / "example_pdf.pdf"
    content = pdf.read_bytes()
    pdf.unlink()
    app, _read = _build(make_app, srcdir)
    # pdf and supp of one entry, pdf of another: one warning each.
    assert app.warning.getvalue().count("WARNING") == 3
    assert "PDF" not in _local_links(_page(app, "index.html"), "huang2023physics")
    # The file is put there: no warning, and linked from the list and page.
    pdf.write_bytes(content)
    app, read = _build(make_app, srcdir)
    assert app.warning.getvalue() == ""
    assert "index" in read
    href = _local_links(_page(app, "index.html"), "huang2023physics")["PDF"]
    assert _target(app, "index.html", href).read_bytes() == content
    paper_href = _local_links(_page(app, "papers/huang2023physics.html"))["PDF"]
    assert paper_href == "../" + href
    # ... and from the exports, made again though the .bib did not change.
    ris = (app.outdir / "papers" / "huang2023physics.ris").read_text("utf-8")
    assert href in ris
    # Nothing changed: nothing is read.
    app, read = _build(make_app, srcdir)
    assert read == set()
    # The file is edited: the copy is the new file.
    pdf.write_bytes(content + b"% edited\n")
    _touch_later(pdf)
    app, _read = _build(make_app, srcdir)
    assert app.warning.getvalue() == ""
    assert _target(app, "index.html", href).read_bytes() == content + b"% edited\n"

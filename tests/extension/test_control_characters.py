"""Control characters in any source never reach an output.

A form feed, ESC, BEL, DEL, a C1 control or a noncharacter in the ``.bib``,
the news, the profile or a catalog is removed or refused, with one warning
at its file and line; every output of the build then parses: each page as a
browser reads it (html5lib) with its JSON-LD (``json.loads``), the feed and
the sitemap as XML (the standard library's expat parser, which enforces XML
1.0's characters as lxml does), the JSON and text exports and ``llms.txt``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from academic_site.papers.bibcheck import read_bibfiles
from academic_site.site.datafile import UNPRINTABLE
from tests.extension.hostile import ROOT, json_ld_blocks, parse
from tests.helpers import SiteBuild, build_site, copy_root

#: One of each kind: form feed, ESC, BEL, DEL, a C1 control, a noncharacter.
CONTROLS = "\x0c\x1b\x07\x7f\x85\ufffe"


def _with_controls_in_title(bib: str) -> str:
    title = "title     = {Notes on the Analytical Engine},"
    assert title in bib
    spoiled = "title     = {Notes\x0con the\x1b Analytical\x07 Engine\x7f\x85\ufffe},"
    return bib.replace(title, spoiled)


def test_a_control_character_in_the_bib_is_removed_with_one_warning(
    tmp_path: Path,
) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(
        _with_controls_in_title((ROOT / "refs.bib").read_text("utf-8")),
        encoding="utf-8",
    )
    result = read_bibfiles([path])
    problems = [p for p in result.problems if "control character" in p.message]
    assert [(p.path, p.line) for p in problems] == [(path, 2)]
    title = result.data.entries["lovelace1843notes"].fields["title"]
    assert title == "Notes on the Analytical Engine"
    # Nothing else is lost.
    assert set(result.data.entries) == {"lovelace1843notes", "lovelace1842sketch"}


def _quoted(text: str) -> str:
    # A YAML double-quoted string holding *text*'s controls as escapes.
    return json.dumps(text)  # (JSON's escapes are YAML's: \f, \u001b, …)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    workdir = tmp_path_factory.mktemp("controls")
    srcdir = copy_root(ROOT, workdir / "src", None)
    bib = srcdir / "refs.bib"
    bib.write_text(_with_controls_in_title(bib.read_text("utf-8")), encoding="utf-8")
    news = srcdir / "data" / "news.yaml"
    news.write_text(
        f'- date: "1844"\n  text: {_quoted("Form" + CONTROLS + "feed")}\n'
        + news.read_text("utf-8"),
        encoding="utf-8",
    )
    profile = srcdir / "data" / "profile.yaml"
    profile.write_text(
        profile.read_text("utf-8").replace(
            "tagline: Poetical science", f"tagline: {_quoted('Poet' + CONTROLS)}"
        ),
        encoding="utf-8",
    )
    return build_site(
        srcdir,
        workdir,
        warnings_are_errors=False,
        # The root's extensions and the sitemap's, so every output is written.
        extensions=[
            "myst_parser",
            "sphinxcontrib.bibtex",
            "academic_site",
            "sphinxext.opengraph",
            "sphinx_sitemap",
        ],
    )


def test_each_source_is_one_warning_at_its_line(built: SiteBuild) -> None:
    lines = [line for line in built.warnings.splitlines() if "WARNING" in line]
    assert "Traceback" not in built.warnings
    assert len([line for line in lines if "refs.bib:2:" in line]) == 1, lines
    assert len([line for line in lines if "news.yaml:2:" in line]) == 1, lines
    profile = (ROOT / "data" / "profile.yaml").read_text("utf-8").splitlines()
    tagline = next(n for n, text in enumerate(profile, 1) if text.startswith("tagline"))
    assert len([line for line in lines if f"profile.yaml:{tagline}:" in line]) == 1
    assert len(lines) == 3, lines


def _outputs(build: SiteBuild) -> list[Path]:
    return [path for path in build.outdir.rglob("*") if path.is_file()]


def test_no_output_holds_a_control_character(built: SiteBuild) -> None:
    texts = [
        path
        for path in _outputs(built)
        if path.suffix in {".html", ".xml", ".json", ".txt", ".bib", ".js", ".ris"}
    ]
    assert texts
    for path in texts:
        text = path.read_text("utf-8")
        assert not UNPRINTABLE.search(text), (path, UNPRINTABLE.search(text))


def test_every_output_parses(built: SiteBuild) -> None:
    pages = list(built.outdir.rglob("*.html"))
    assert pages
    for page in pages:
        json_ld_blocks(parse(page))  # (raises if a block is not JSON)
    xml = [path for path in _outputs(built) if path.suffix == ".xml"]
    assert [path.name for path in xml if path.name == "sitemap.xml"]
    for path in xml:
        ElementTree.parse(path)  # (raises if it is not well-formed XML)
    for path in built.outdir.rglob("*.json"):
        json.loads(path.read_text("utf-8"))
    # The paper is there, its title clean.
    assert re.search(
        r"Notes on the\s+Analytical Engine", (built.outdir / "index.html").read_text()
    ) or "Notes on the Analytical Engine" in (
        (built.outdir / "publications.html").read_text("utf-8")
    )

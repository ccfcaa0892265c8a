"""A rebuild does only what the change needs: nothing, or the pages that use it.

Each test builds the ``incremental`` root once, changes one thing (or
nothing), builds it again in a new application (as a second ``sphinx-build``
would, from the saved environment) and looks at what the second build read
and wrote.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from academic_site.outputs import exports
from academic_site.papers import bibliography
from academic_site.site.rebuild import OutputStamp

ROOT = Path(__file__).parent.parent / "roots" / "test-incremental"

#: Every test builds a root twice: the slow tier (handbook/tests.md).
pytestmark = pytest.mark.slow


@dataclass
class Build:
    """What one build read and wrote."""

    app: SphinxTestApp
    read: set[str] = field(default_factory=set)
    written: set[str] = field(default_factory=set)


Builder = Callable[[], Build]


@pytest.fixture
def build(tmp_path: Path, make_app: Callable[..., SphinxTestApp]) -> Builder:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)

    def build() -> Build:
        app = make_app("html", srcdir=srcdir, freshenv=False)
        result = Build(app)
        app.connect(
            "env-before-read-docs",
            lambda app, env, docnames: result.read.update(docnames),
        )
        app.connect(
            "html-page-context",
            lambda app, pagename, *args: result.written.add(pagename),
        )
        try:
            app.build()
        finally:
            app.cleanup()  # docutils' registries, for the next application
        assert app.warning.getvalue() == ""
        return result

    return build


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    # Later than anything the first build saved, whatever the clock's grain.
    later = path.stat().st_mtime + 10
    os.utime(path, (later, later))


def _documents(build: Build) -> set[str]:
    """The pages written that come from a source or a paper."""
    return {
        name
        for name in build.written
        if name in build.app.env.found_docs or name.startswith("papers/")
    }


def test_a_rebuild_without_changes_reads_and_writes_no_document(
    build: Builder,
) -> None:
    first = build()
    assert first.read == {"index", "publications", "notes"}
    assert {"papers/lovelace1843notes", "papers/lovelace1842letter"} <= first.written
    second = build()
    assert "configuration has changed" not in second.app.status.getvalue()
    assert second.read == set()
    assert _documents(second) == set()


#: What Sphinx itself writes in every build, changed or not: its search page
#: and index, its general index, its inventory, its build info (and its
#: static files).
SPHINX_REWRITES = frozenset(
    {"search.html", "searchindex.js", "genindex.html", "objects.inv", ".buildinfo"}
)


def _file_dates(outdir: Path) -> dict[str, int]:
    return {
        path.relative_to(outdir).as_posix(): path.stat().st_mtime_ns
        for path in outdir.rglob("*")
        if path.is_file()
    }


def test_a_rebuild_without_changes_rewrites_no_file_of_the_site(
    build: Builder,
) -> None:
    first = build()
    outdir = first.app.outdir
    made = {"news.xml", "llms.txt", "robots.txt", "sitemap.xml"}
    assert made <= set(_file_dates(outdir))  # the files this is about exist
    before = _file_dates(outdir)
    build()
    after = _file_dates(outdir)
    rewritten = {name for name, date in after.items() if before.get(name) != date}
    ours = {
        name
        for name in rewritten
        if name not in SPHINX_REWRITES and not name.startswith("_static/")
    }
    assert ours == set()


def test_editing_the_news_rebuilds_the_pages_with_news(build: Builder) -> None:
    first = build()
    _edit(first.app.srcdir / "data" / "news.yaml", "the notes", "her notes")
    second = build()
    assert second.read == {"index"}
    assert _documents(second) == {"index"}


def test_editing_the_bib_rebuilds_the_pages_that_list_papers(build: Builder) -> None:
    first = build()
    _edit(first.app.srcdir / "refs.bib", "A Letter on", "A Letter About")
    second = build()
    assert second.read == {"index", "publications"}
    assert "notes" not in _documents(second)
    assert "papers/lovelace1842letter" in _documents(second)
    page = (second.app.outdir / "publications.html").read_text(encoding="utf-8")
    assert "A Letter About Bernoulli Numbers" in page


@pytest.fixture
def exports_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The export files made (the real functions run), RIS and CSL-JSON."""
    made: list[str] = []
    for name in ("ris", "csl_json"):
        function = getattr(exports, name)

        def run(*args, _function=function, _name=name):
            made.append(_name)
            return _function(*args)

        monkeypatch.setattr(exports, name, run)
    return made


def test_a_rebuild_without_changes_makes_no_export_again(
    build: Builder, exports_made: list[str]
) -> None:
    first = build()
    assert exports_made
    outdir = first.app.outdir
    ris = outdir / "papers" / "lovelace1842letter.ris"
    written = ris.stat().st_mtime_ns
    exports_made.clear()
    build()
    assert exports_made == []
    assert ris.stat().st_mtime_ns == written
    ris.unlink()  # an output removed by hand is made again
    build()
    assert ris.is_file()


def test_editing_the_bib_makes_the_exports_again(
    build: Builder, exports_made: list[str]
) -> None:
    first = build()
    _edit(first.app.srcdir / "refs.bib", "A Letter on", "A Letter About")
    exports_made.clear()
    second = build()
    assert exports_made
    ris = (second.app.outdir / "papers" / "lovelace1842letter.ris").read_text("utf-8")
    assert "A Letter About" in ris
    listing = (second.app.outdir / "publications.json").read_text("utf-8")
    assert "A Letter About" in listing


def test_an_output_stamp_follows_the_inputs_and_the_configuration(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)

    def digest(inputs: list[object], **overrides: object) -> str:
        app = make_app("html", srcdir=srcdir, confoverrides=overrides)
        try:
            return OutputStamp.of(app, "test", inputs).digest
        finally:
            app.cleanup()

    first = digest(["a"])
    assert digest(["a"]) == first  # the same in every run
    assert digest(["b"]) != first
    assert digest(["a"], html_baseurl="https://other.example.org/") != first
    # A value that is not plain data (its text names an address) is left out:
    # two runs with such a value agree.
    assert digest(["a"], html_context={"hook": object()}) == digest(
        ["a"], html_context={"hook": object()}
    )


#: One change each an owner makes: the news, the profile, a paper's title,
#: a new paper.
EDITS = {
    "news": ("data/news.yaml", "the notes", "her notes"),
    "profile": ("data/profile.yaml", "Analytical Society", "Royal Society"),
    "title": ("refs.bib", "A Letter on", "A Letter About"),
    "paper": (
        "refs.bib",
        "@misc{lovelace1842letter,",
        "@misc{lovelace1844sketch,\n  author = {Lovelace, Ada},\n"
        "  title = {A Sketch of the Engine},\n  year = {1844},\n}\n\n"
        "@misc{lovelace1842letter,",
    ),
}


#: Files a rebuild may make unlike a cold build: Sphinx's search index keeps
#: a word a changed page no longer has, with no page (``IndexBuilder.prune``
#: empties its entry, and the entry stays), its build info differs, and the
#: doctrees are not the site.
UNLIKE_A_COLD_BUILD = ("searchindex.js", ".buildinfo")


def _site_files(outdir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in outdir.rglob("*")
        if path.is_file()
        and ".doctrees" not in path.parts
        and path.name not in UNLIKE_A_COLD_BUILD
    }


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_rebuild_after_an_edit_gives_the_site_a_cold_build_gives(
    build: Builder, edit: str, tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    first = build()
    name, old, new = EDITS[edit]
    _edit(first.app.srcdir / name, old, new)
    second = build()
    cold_src = tmp_path / "cold"
    shutil.copytree(first.app.srcdir, cold_src, ignore=shutil.ignore_patterns("_build"))
    cold = make_app("html", srcdir=cold_src, freshenv=True)
    cold.build()
    rebuilt, fresh = _site_files(second.app.outdir), _site_files(cold.outdir)
    assert sorted(rebuilt) == sorted(fresh)
    assert [name for name in sorted(rebuilt) if rebuilt[name] != fresh[name]] == []
    # The sitemap lists every document and every paper page, written or not.
    sitemap = rebuilt["sitemap.xml"].decode("utf-8")
    env = second.app.env
    papers = [f"papers/{paper.key}" for paper in bibliography.site_papers(env).papers]
    for page in sorted(env.found_docs - {"index"}) + papers:
        assert f"<loc>https://ada.example.org/{page}.html</loc>" in sitemap
    assert "<loc>https://ada.example.org/</loc>" in sitemap

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

from academic_site import exports
from academic_site.rebuild import OutputStamp

ROOT = Path(__file__).parent.parent / "roots" / "test-incremental"


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

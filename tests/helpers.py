"""Building the site in-process and reading its pages."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sphinx.locale
from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.testing.util import SphinxTestApp
from sphinx.util.docutils import docutils_namespace, patch_docutils


@dataclass(frozen=True)
class SiteBuild:
    """One finished build of the site."""

    #: The HTML output directory.
    outdir: Path
    #: Everything Sphinx printed as warnings (must be empty).
    warnings: str
    #: Sphinx's exit status.
    status: int
    #: The process that built it (None: this one): builds in one process
    #: share Sphinx's module state, which a byte-for-byte comparison needs.
    pid: int | None = None

    def page(self, name: str) -> BeautifulSoup:
        """The parsed HTML of output file *name* (e.g. ``"index.html"``)."""
        return _parse(self.outdir / name)

    def pages(self) -> list[Path]:
        """Every HTML page of the site, relative to the output directory."""
        return sorted(p.relative_to(self.outdir) for p in self.outdir.rglob("*.html"))


@cache
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


#: Every page of the site a visitor reaches from the home page.
SITE_PAGES = [
    "index.html",
    "publications.html",
    "cv.html",
    "teaching.html",
    "course-notes.html",
    "more.html",
]


def build_site(
    srcdir: Path,
    workdir: Path,
    *,
    builder: str = "html",
    warnings_are_errors: bool = True,
    **overrides: object,
) -> SiteBuild:
    """Build *srcdir* into *workdir*/*builder* as ``sphinx-build -n -W`` would
    (as ``sphinx-build -n --keep-going`` without *warnings_are_errors*)."""
    warnings = io.StringIO()
    # Sphinx keeps its loaded translations, and docutils its directives, in
    # module state: start and leave each build with them clean, as
    # sphinx-build does, so builds in one process do not leak into each other
    # (a Chinese build's catalogs into an English one, say).
    sphinx.locale.translators.clear()
    with patch_docutils(srcdir), docutils_namespace():
        app = Sphinx(
            srcdir=srcdir,
            confdir=srcdir,
            outdir=workdir / builder,
            doctreedir=workdir / "doctrees",
            buildername=builder,
            confoverrides={"nitpicky": True, **overrides},
            status=io.StringIO(),
            warning=warnings,
            freshenv=True,
            warningiserror=warnings_are_errors,
        )
        app.build()
    sphinx.locale.translators.clear()
    return SiteBuild(workdir / builder, warnings.getvalue(), app.statuscode)


def copy_root(root: Path, srcdir: Path, files: dict[str, str | None] | None) -> Path:
    """Copy the test root *root* to *srcdir*, then write *files* over it
    (``None`` deletes a file): one root serves every variant of bad input."""
    shutil.copytree(root, srcdir)
    for name, text in (files or {}).items():
        if text is None:
            (srcdir / name).unlink()
        else:
            (srcdir / name).write_text(text, encoding="utf-8")
    return srcdir


def build_root(
    make_app: Callable[..., SphinxTestApp],
    root: Path,
    srcdir: Path,
    files: dict[str, str | None] | None = None,
    **confoverrides: object,
) -> SphinxTestApp:
    """Copy the test root *root* to *srcdir* with *files* over it
    (:func:`copy_root`), build it as HTML and return the application."""
    app = make_app(
        "html", srcdir=copy_root(root, srcdir, files), confoverrides=confoverrides
    )
    app.build()
    return app

"""Building the site in-process and reading its pages."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace


@dataclass(frozen=True)
class SiteBuild:
    """One finished build of the site."""

    #: The HTML output directory.
    outdir: Path
    #: Everything Sphinx printed as warnings (must be empty).
    warnings: str
    #: Sphinx's exit status.
    status: int

    def page(self, name: str) -> BeautifulSoup:
        """The parsed HTML of output file *name* (e.g. ``"index.html"``)."""
        return _parse(self.outdir / name)

    def pages(self) -> list[Path]:
        """Every HTML page of the site, relative to the output directory."""
        return sorted(p.relative_to(self.outdir) for p in self.outdir.rglob("*.html"))


@cache
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def build_site(srcdir: Path, workdir: Path, **overrides: object) -> SiteBuild:
    """Build *srcdir* into *workdir* as ``sphinx-build -n -W -b html`` would."""
    warnings = io.StringIO()
    # Directives and roles register globally in docutils: keep each build's own,
    # so a second build in the session does not warn that they already exist.
    with docutils_namespace():
        app = _sphinx(srcdir, workdir, overrides, warnings)
        app.build()
    return SiteBuild(workdir / "html", warnings.getvalue(), app.statuscode)


def _sphinx(
    srcdir: Path, workdir: Path, overrides: dict[str, object], warnings: io.StringIO
) -> Sphinx:
    return Sphinx(
        srcdir=srcdir,
        confdir=srcdir,
        outdir=workdir / "html",
        doctreedir=workdir / "doctrees",
        buildername="html",
        confoverrides={"nitpicky": True, **overrides},
        status=io.StringIO(),
        warning=warnings,
        freshenv=True,
        warningiserror=True,
    )

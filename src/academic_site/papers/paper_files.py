"""Files of the site that a paper links to: al-folio's ``pdf = {example_pdf.pdf}``.

al-folio (``_layouts/bib.liquid``) links ``pdf``, ``supp``, ``poster``,
``slides`` and ``html`` as they are when they hold ``://``, and otherwise as
``/assets/pdf/<value>`` (``/assets/html/<value>`` for ``html``). Here,
likewise, such a field may name a file of the site instead of an
``https://`` URL:

- a bare file name (``example_pdf.pdf``) is a file of al-folio's folder in
  the source directory, ``assets/pdf/`` (``assets/html/``), so a site moved
  from al-folio keeps its folders as they are (and, outside
  ``html_static_path``, only the files a paper names are published);
- a value with a slash (``talks/locret-slides.pdf``) is a path in the source
  directory, as a teaser image (``teaser``) is.

The teaser image fields are read alike: al-folio's ``preview`` by a bare name
in ``assets/img/publication_preview/`` (as its layout does), the site's
``teaser`` in the source directory.

Anything else -- a scheme other than ``https://``, an absolute path, ``..``,
a hidden file (``.git/…``), a path that leaves the source directory through
a link, an SVG that can run script (:mod:`academic_site.site.containment`'s
rules, the rules of every file the site publishes) -- is refused. The
check is made when the ``.bib`` is read (:mod:`academic_site.papers.bibcheck`), so a
refused value or a missing file is one warning at its line.

Sphinx copies each file as it copies the files of its ``:download:`` role
(the environment's download files, ``_downloads/<digest>/<name>``): the list
that shows a paper registers the paper's files while its page is read, as it
registers teaser images, and notes each as a dependency, so a file that is
added, removed or edited rebuilds that page. Every output links the copy: the
lists and paper pages relatively, the exports and structured data by the
absolute URL built from ``html_baseurl``.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from docutils import nodes

from academic_site.site import containment, urls

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: The link fields that may name a file of the site, and the folder of the
#: source directory of a bare file name (al-folio's).
FILE_FIELDS = {
    "pdf": "assets/pdf",
    "slides": "assets/pdf",
    "poster": "assets/pdf",
    "supp": "assets/pdf",
    "html": "assets/html",
}

#: The image fields that may name a file of the site, and the folder of a
#: bare file name: al-folio's ``preview`` (``/assets/img/publication_preview/``
#: in its layout), and the site's ``teaser`` (the source directory itself).
#: Sphinx copies these as the images they are
#: (:mod:`academic_site.outputs.publications`).
IMAGE_FIELDS = {"preview": "assets/img/publication_preview", "teaser": ""}

_FOLDERS = {**FILE_FIELDS, **IMAGE_FIELDS}

#: Where Sphinx's HTML builder copies the download files, under its output.
DOWNLOADS = "_downloads"

#: Characters no file name of the site holds: a control character, a
#: backslash (a Windows separator) or a colon (a scheme: ``javascript:``).
_REFUSED = re.compile(r"[\x00-\x1f\x7f\\:]")


@dataclass(frozen=True)
class SiteFiles:
    """Where the files a ``.bib`` names are looked up."""

    #: The source directory (``docs/``).
    srcdir: Path

    def candidate(self, name: str, value: str) -> str | None:
        """The path of the source directory that field *name* names by
        *value*, there or not; ``None`` if it is refused (:meth:`resolve`)."""
        value = value.strip()
        if not value or _REFUSED.search(value) or value.startswith("/"):
            return None
        parts = PurePosixPath(value).parts
        if ".." in parts or any(part.startswith(".") for part in parts):
            return None  # out of the site, or a hidden file (.git, .env)
        folder = _FOLDERS[name]
        path = value if "/" in value or not folder else f"{folder}/{value}"
        return posixpath.normpath(path)

    def resolve(self, name: str, value: str) -> tuple[str | None, str | None]:
        """The file that field *name* names by *value*, as a path of the
        source directory, and ``None``; or ``None`` and what is wrong."""
        path = self.candidate(name, value)
        if path is None:
            parts = PurePosixPath(value.strip()).parts
            if ".." in parts:
                return None, "must be a file of the site, not a path out of it"
            if any(part.startswith(".") for part in parts):
                return None, "must not name a hidden file"
            return None, "must be an https:// URL or a file of the site"
        # The rules of every file the site publishes (site.containment).
        file = self.srcdir / path
        if not containment.is_inside(file, self.srcdir):
            return None, f"names {path!r}, which leads out of the source directory"
        if not file.is_file():
            return None, f"names {path!r}, which is not a file of the site"
        if reason := containment.active_svg(file):
            return None, f"names {path!r}: {reason}"
        return path, None


def note_files(env: BuildEnvironment, paths: Iterable[str]) -> None:
    """Have Sphinx copy each file of *paths* (of the source directory) for
    the document being read, and read it again when one changes."""
    for path in paths:
        env.note_dependency(path)
        if Path(env.srcdir, path).is_file():
            env.dlfiles.add_file(env.docname, path)


def output_path(env: BuildEnvironment, path: str) -> str | None:
    """Where the copy of the source file *path* is, from the output's root
    (URL-quoted); ``None`` if no page registered it (:func:`note_files`)."""
    entry = env.dlfiles.get(Path(path))
    if entry is None:
        return None
    return f"{DOWNLOADS}/{quote(PurePosixPath(entry[1]).as_posix())}"


#: The start of a link to a file of the site that the page's builder has not
#: resolved yet (no value of a ``.bib`` has a colon: bibcheck refuses it).
PENDING = "homepage-file:"


def pending_url(path: str) -> str:
    """A link to the file *path* of the source directory, for
    :func:`_resolve_file_links` to make relative when the page is written."""
    return PENDING + path


def _resolve_file_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Link the copy of each file of the site the page links (an HTML builder
    copies them); another builder, or a file no page registered, has none."""
    for reference in list(doctree.findall(nodes.reference)):
        uri = reference.get("refuri", "")
        if not uri.startswith(PENDING):
            continue
        url = None
        if app.builder.format == "html":
            url = relative_url(app.env, app.builder, docname, uri[len(PENDING) :])
        if url:
            reference["refuri"] = url
        else:
            reference.parent.remove(reference)


def relative_url(
    env: BuildEnvironment, builder: Builder, pagename: str, path: str
) -> str | None:
    """The link to the copy of *path* from the page *pagename*."""
    target = output_path(env, path)
    if target is None:
        return None
    page_dir = posixpath.dirname(builder.get_target_uri(pagename))
    return posixpath.relpath(target, page_dir or ".")


def absolute_urls(env: BuildEnvironment, config: Config) -> Callable[[str], str | None]:
    """:func:`absolute_url` of this build, for the outputs that link files."""
    return functools.partial(absolute_url, env, config)


def absolute_url(env: BuildEnvironment, config: Config, path: str) -> str | None:
    """The absolute URL of the copy of *path* (``None`` without
    ``html_baseurl``: a relative link means nothing in a downloaded file)."""
    target = output_path(env, path)
    if target is None or not urls.base_url(config):
        return None
    return urls.file_url(config, target)


def setup_paper_files(app: Sphinx) -> None:
    """Link the files of the site that the publication lists link."""
    app.connect("doctree-resolved", _resolve_file_links)

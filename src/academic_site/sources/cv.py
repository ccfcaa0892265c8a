"""The CV: one YAML file of sections, shown by the ``cv`` directive.

``docs/data/cv.yaml`` is a list of sections, each ``{title, items}``; an item
is ``{dates, title, text}`` (``text`` is MyST Markdown, ``dates`` and
``title`` are optional bold leads). The CV page and the PDF
(:mod:`academic_site.outputs.cv_pdf`) read the same file, so they cannot drift. Every
text goes through the CV page's catalog, so the Chinese edition translates
it like text written in the page.

``cv-pdf-link`` puts a "CV (PDF)" link on a page, and the home page's
profile card gets one too, when the build writes the PDF.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from academic_site.site.config import homepage_config
from academic_site.site.datafile import (
    DataFileError,
    FieldReader,
    load_yaml,
    modified_ns,
)
from academic_site.site.i18n import translatable_text
from academic_site.site.inline import myst_extensions, refusal
from academic_site.site.subtypes import Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

_ = get_translation("academic_site")

#: Warning subtype for problems in the CV file.
SUBTYPE = Subtype.CV


@dataclass(frozen=True)
class CvItem:
    """One line of a CV section."""

    #: When, as the owner writes it (``2022.07-now``, with an en dash), or ``None``.
    dates: str | None
    #: A bold lead for an undated item (``Reviewer``), or ``None``.
    title: str | None
    #: What, in MyST Markdown.
    text: str
    #: The line of the CV file the item starts on.
    line: int


@dataclass(frozen=True)
class CvSection:
    """One section of the CV (Education, Service, …)."""

    title: str
    items: tuple[CvItem, ...]
    line: int


def parse_cv(path: Path, data: object) -> list[CvSection]:
    """Validate the parsed CV file; raise :class:`DataFileError` if wrong."""
    if not isinstance(data, list):
        line = getattr(data, "line", None)
        raise DataFileError(path, line, "the CV file must be a list of sections")
    sections = []
    for value in data:
        reader = FieldReader.of(path, value, "each CV section")
        reader.unknown_fields({"title", "items"})
        items = reader.mapping.get("items")
        if not isinstance(items, list) or not items:
            raise DataFileError(
                path, reader.line, "'items' must be a non-empty list of items"
            )
        sections.append(
            CvSection(
                title=reader.text("title"),
                items=tuple(_parse_item(path, item) for item in items),
                line=reader.line,
            )
        )
    return sections


def _parse_item(path: Path, value: object) -> CvItem:
    reader = FieldReader.of(path, value, "each CV item")
    reader.unknown_fields({"dates", "title", "text"})
    return CvItem(
        dates=reader.text("dates", required=False),
        title=reader.text("title", required=False),
        text=reader.text("text"),
        line=reader.line,
    )


@functools.lru_cache(maxsize=4)
def _load_cv(path: Path, mtime_ns: int) -> tuple[CvSection, ...]:
    return tuple(parse_cv(path, load_yaml(path)))


def load_cv(path: Path) -> tuple[CvSection, ...]:
    """Read and validate the CV file at *path* (cached until it changes)."""
    return _load_cv(path, modified_ns(path))


def cv_path(srcdir: str | Path, config: Config) -> Path | None:
    """Where the site's CV file is, or ``None`` if the site has none."""
    if not homepage_config(config).cv_file:
        return None
    return Path(srcdir, homepage_config(config).cv_file)


def pdf_wanted(srcdir: str | Path, config: Config) -> bool:
    """Whether the build writes the CV as a PDF (a CV file and a PDF name)."""
    path = cv_path(srcdir, config)
    return bool(homepage_config(config).cv_pdf) and path is not None and path.is_file()


def separator() -> str:
    """What stands between an item's bold lead and its text."""
    # Translated: Chinese takes a full-width colon.
    return str(_(": "))


class CvDirective(SphinxDirective):
    """Render the CV file: one section per CV section, one list item per item."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        path = cv_path(self.env.srcdir, self.config)
        if path is None:
            return []
        self.env.note_dependency(str(path))
        try:
            sections = load_cv(path)
        except DataFileError as error:
            error.warn(SUBTYPE)
            return []
        # The PDF translates the CV through the catalog of this page.
        _cv_pages(self.env).add(self.env.docname)
        return [self.section(section) for section in sections]

    def section(self, section: CvSection) -> nodes.section:
        # The same anchor as a Markdown heading (myst_heading_anchors).
        node = nodes.section(
            ids=[nodes.make_id(section.title)],
            names=[nodes.fully_normalize_name(section.title)],
        )
        title = nodes.title()
        title += translatable_text(self, section.title)
        node += title
        items = nodes.bullet_list(classes=["cv-items"])
        for item in section.items:
            items += self.item(item)
        node += items
        return node

    def item(self, item: CvItem) -> nodes.list_item:
        paragraph = nodes.paragraph()
        for lead in (item.dates, item.title):
            if lead:
                paragraph += nodes.strong("", "", translatable_text(self, lead))
                paragraph += nodes.Text(separator())
        if reason := refusal(item.text, myst_extensions(self.config)):
            path = cv_path(self.env.srcdir, self.config)
            DataFileError(path, item.line, f"{reason}: shown as text").warn(SUBTYPE)
            inline_nodes, messages = [nodes.Text(item.text)], []
        else:
            inline_nodes, messages = self.parse_inline(item.text, lineno=item.line)
        paragraph += translatable_text(self, item.text, inline_nodes)
        entry = nodes.list_item(classes=["cv-item"])
        entry += messages
        entry += paragraph
        return entry


def pdf_link(config: Config, docname: str) -> nodes.paragraph:
    """A paragraph linking page *docname* to this edition's "CV (PDF)"."""
    link = nodes.reference(
        "",
        _("CV (PDF)"),
        refuri=homepage_config(config).cv_pdf,  # made relative to the page when written
        classes=["cv-pdf-link"],
    )
    paragraph = nodes.paragraph("", "", link)
    # Already translated by the extension's catalog, not the page's.
    paragraph["translatable"] = False
    return paragraph


class CvPdfLink(SphinxDirective):
    """A paragraph with the "CV (PDF)" link (nothing if no PDF is written)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        if not pdf_wanted(self.env.srcdir, self.config):
            return []
        return [pdf_link(self.config, self.env.docname)]


class ProfileCardPdfLink(SphinxTransform):
    """Add "CV (PDF)" to the profile card's contacts, after its other links."""

    default_priority = 900

    def apply(self, **kwargs: Any) -> None:
        if not pdf_wanted(self.env.srcdir, self.config):
            return
        for card in self.document.findall(nodes.container):
            if "profile-card" not in card["classes"]:
                continue
            for contacts in card.findall(nodes.bullet_list):
                if "profile-contacts" in contacts["classes"]:
                    link = pdf_link(self.config, self.env.docname)
                    contacts += nodes.list_item("", link)
                    break


def _cv_pages(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "homepage_cv_pages"):
        env.homepage_cv_pages = set()
    return env.homepage_cv_pages


def cv_page(env: BuildEnvironment) -> str | None:
    """The page that shows the CV (whose catalog translates it), if any."""
    return min(_cv_pages(env), default=None)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _cv_pages(env).discard(docname)


def _merge(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    _cv_pages(env).update(_cv_pages(other) & docnames)


def _link_pdf_from_output(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # The page's own output path decides the way up: ``cv.html`` and
    # ``papers/key.html`` as written at read time, but ``cv/`` (dirhtml) too.
    if not homepage_config(app).cv_pdf:
        return
    page = app.builder.get_target_uri(docname)
    for link in doctree.findall(nodes.reference):
        if "cv-pdf-link" in link["classes"]:
            link["refuri"] = relative_uri(page, homepage_config(app).cv_pdf)


def setup_cv(app: Sphinx) -> None:
    """Register the ``cv`` and ``cv-pdf-link`` directives and the card's link."""
    app.add_directive("cv", CvDirective)
    app.add_directive("cv-pdf-link", CvPdfLink)
    app.add_transform(ProfileCardPdfLink)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _link_pdf_from_output)

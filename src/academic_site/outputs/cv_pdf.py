"""The CV as a PDF, written by every HTML build (``cv.pdf`` in each edition).

The typesetter is Typst, through the ``typst`` wheel (no TeX, no network);
the fonts are Noto Sans and Noto Sans SC from the ``rendercv-fonts`` wheel
(SIL OFL), so every machine, Read the Docs included, sets the same bytes.
This module gathers the data (the profile, the CV file, the papers) into
JSON, translated for the edition; ``typst/cv.typ`` lays it out and never
reads a value as markup.

The PDF carries no creation date unless ``SOURCE_DATE_EPOCH`` gives one, so
two builds of the same sources give the same bytes.
"""

from __future__ import annotations

import datetime
import gettext
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx
from markdown_it import MarkdownIt
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain

from academic_site.outputs import paper_pages
from academic_site.outputs.typeset import TYPESETTING_FAILED
from academic_site.papers import bibliography
from academic_site.papers.bibliography import Paper
from academic_site.papers.pubstyle import full_stop
from academic_site.papers.rendering import (
    EQUAL_MARK,
    RenderedPaper,
    author_marks,
    newest_first,
    rendered,
)
from academic_site.site.config import homepage_config
from academic_site.site.datafile import WARNING_TYPE, DataFileError
from academic_site.site.rebuild import OutputStamp, file_state
from academic_site.site.subtypes import Subtype
from academic_site.site.urls import base_url
from academic_site.sources import cv
from academic_site.sources.profile import Profile, edition_name, load_profile

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_ = get_translation("academic_site")
logger = logging.getLogger(__name__)

#: Warning subtype for problems writing the PDF.
SUBTYPE = Subtype.CV_PDF

#: The Typst layout of the PDF.
TEMPLATE = Path(__file__).parent.parent / "typst" / "cv.typ"
#: The families the PDF is set in (Latin first, then CJK), from rendercv-fonts.
FONTS = ("Noto Sans", "Noto Sans SC")

Run = dict[str, Any]
Translate = Callable[[str], str]


def run(
    text: str,
    *,
    strong: bool = False,
    emph: bool = False,
    sup: bool = False,
    url: str | None = None,
) -> Run:
    """One piece of text with its style and link, as the template takes it."""
    return {"text": text, "strong": strong, "emph": emph, "sup": sup, "url": url}


_STYLE_KEYS = ("strong", "emph", "sup", "url")


def joined(runs: Iterable[Run]) -> list[Run]:
    """*runs* with each stretch of equally styled runs made one run.

    Typst makes an element of every run: a paper's fourteen runs become about
    six, which at 800 papers takes 12 MB and a quarter of the time off the
    typesetting (measured with the ``typst`` wheel on the benchmark's papers).
    """
    out: list[Run] = []
    for item in runs:
        last = out[-1] if out else None
        if last is not None and all(last[k] == item[k] for k in _STYLE_KEYS):
            out[-1] = {**last, "text": last["text"] + item["text"]}
        elif item["text"]:
            out.append(item)
    return out


_MARKDOWN = MarkdownIt("commonmark")


def markdown_runs(text: str, resolve: Callable[[str], str]) -> list[Run]:
    """Inline MyST Markdown as runs: text, bold, italics, code and links.

    *resolve* turns a link target into an absolute URL (``teaching.md`` into
    the page's address). Roles and HTML are kept as their text.
    """
    runs: list[Run] = []
    strong = emph = 0
    url: str | None = None
    for block in _MARKDOWN.parseInline(text):
        for token in block.children or []:
            kind = token.type
            if kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                emph += 1
            elif kind == "em_close":
                emph -= 1
            elif kind == "link_open":
                url = resolve(str(token.attrs.get("href", "")))
            elif kind == "link_close":
                url = None
            elif kind in ("softbreak", "hardbreak"):
                runs.append(run(" ", url=url))
            elif token.content:
                runs.append(
                    run(token.content, strong=bool(strong), emph=bool(emph), url=url)
                )
    return joined(runs)


def link_resolver(site: str) -> Callable[[str], str]:
    """Absolute URLs for link targets: ``teaching.md`` -> ``<site>teaching.html``."""

    def resolve(target: str) -> str:
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
            return target
        path, hash_, fragment = target.partition("#")
        path = re.sub(r"\.md$", ".html", path.lstrip("./"))
        return site + path + hash_ + fragment

    return resolve


def _catalog(srcdir: Path, locale_dirs: Iterable[str], language: str, domain: str):
    translations: gettext.NullTranslations | None = None
    for directory in locale_dirs:
        found = gettext.translation(
            domain, Path(srcdir, directory), languages=[language], fallback=True
        )
        if translations is None:
            translations = found
        else:
            translations.add_fallback(found)
    return translations or gettext.NullTranslations()


def page_translator(app: Sphinx, docnames: Iterable[str]) -> Translate:
    """Translate text as the pages *docnames* do (the first catalog that has it).

    The same compiled catalogs Sphinx translates those pages with, read with
    the standard library's gettext.
    """
    config = app.config
    catalogs = [
        _catalog(
            Path(app.srcdir),
            config.locale_dirs,
            config.language,
            docname_to_domain(docname, config.gettext_compact),
        )
        for docname in docnames
    ]

    def translate(message: str) -> str:
        for catalog in catalogs:
            translated = catalog.gettext(message)
            if translated != message:
                return translated
        return message

    return translate


def author_runs(paper: RenderedPaper) -> list[Run]:
    """The paper's authors as the site's lists lay them out (its rendering):
    the owner in bold, the marks as superscripts, long lists shortened."""
    runs: list[Run] = []
    for piece in paper.layout():
        if isinstance(piece, str):
            runs.append(run(piece))
            continue
        author = paper.authors[piece]
        runs.append(run(author.listed, strong=author.is_owner))
        if marks := author_marks(author):
            runs.append(run(marks, sup=True))
    return runs


def paper_runs(app: Sphinx, paper: Paper) -> list[Run]:
    """One reference: authors (year). Title (linked to its page). Venue. Status."""
    site = base_url(app.config)
    parts = rendered(app.env, paper)
    runs = author_runs(parts)
    if parts.editors and parts.authors:
        runs.append(run(" (Ed.)" if len(parts.authors) == 1 else " (Eds.)"))
    # As the list writes it (pubstyle.format_reference): a work without an
    # author starts with its title, and a missing year is "n.d.".
    year = f"({parts.year or 'n.d.'})."
    if parts.authors:
        runs.append(run(f" {year} "))
    page = None
    if homepage_config(app).papers_dir and site:
        page = site + app.builder.get_target_uri(
            paper_pages.paper_pagename(app.config, paper.key)
        )
    title = parts.title.rstrip()
    runs.append(run(title, url=page))
    runs.append(run(full_stop(title)))
    if not parts.authors:
        runs.append(run(f" {year}"))
    if parts.venue:
        runs.append(run(" "))
        runs.append(run(parts.venue, emph=True))
        # An abbreviated venue ends in its own full stop (issue 21, defect 2).
        runs.append(run(full_stop(parts.venue)))
    if parts.status:
        runs.append(run(f" {parts.status}{full_stop(parts.status)}"))
    return joined(runs)


def site_papers(app: Sphinx) -> list[Paper]:
    """The site's papers, from the paper model (the one accessor used here)."""
    return list(bibliography.site_papers(app.env).papers)


def _profile_lines(profile: Profile, translate: Translate) -> list[list[Run]]:
    first: list[Run] = [run(translate(profile.affiliation))]
    if profile.lab:
        first += [run(" · "), run(profile.lab.label, url=profile.lab.url)]
    if profile.location:
        first += [run(" · "), run(translate(profile.location))]
    second: list[Run] = []
    if profile.email:
        second.append(run(profile.email, url="mailto:" + profile.email))
    for link in profile.links:
        if second:
            second.append(run(" · "))
        second.append(run(link.label, url=link.url))
    return [line for line in (first, second) if line]


def creation_date() -> list[int] | None:
    """``SOURCE_DATE_EPOCH`` as ``[year, month, day]`` (UTC), or no date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    day = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return [day.year, day.month, day.day]


def pdf_data(app: Sphinx) -> dict[str, Any]:
    """Everything the PDF shows, translated for this build's edition."""
    config = app.config
    docname = cv.cv_page(app.env) or config.root_doc
    # The CV's text is in its page's catalog; the profile's in the home page's.
    translate = page_translator(app, [docname, config.root_doc])
    sections = cv.load_cv(cv.cv_path(app.srcdir, config))
    profile = load_profile(Path(app.srcdir, homepage_config(config).profile_file))
    site = base_url(config)
    resolve = link_resolver(site)
    language = (config.language or "en").replace("_", "-")
    # The edition's name first (handbook/translations.md), the other after it.
    shown = edition_name(profile, config.language)
    names = (shown, profile.native_name if shown == profile.name else profile.name)
    papers = newest_first(site_papers(app))
    document_title = str(_("{name} — CV")).format(name=names[0] or profile.name)
    return {
        "title": document_title,
        "author": [name for name in names if name],
        "subject": str(_("Curriculum vitae of {name}")).format(
            name=names[0] or profile.name
        ),
        "keywords": [
            profile.name,
            *([profile.native_name] if profile.native_name else []),
        ],
        "date": creation_date(),
        "lang": language.split("-")[0],
        "region": language.split("-")[1] if "-" in language else None,
        "fonts": list(FONTS),
        "name": names[0] or profile.name,
        "other_name": names[1],
        "profile": _profile_lines(profile, translate),
        "separator": cv.separator(),
        "sections": [
            {
                "title": translate(section.title),
                "items": [
                    {
                        "lead": translate(item.title) if item.title else None,
                        "dates": translate(item.dates) if item.dates else None,
                        "text": markdown_runs(translate(item.text), resolve),
                    }
                    for item in section.items
                ],
            }
            for section in sections
        ],
        "publications": {
            "title": str(_("Publications")),
            "items": [paper_runs(app, paper) for paper in papers],
            "note": [
                run(EQUAL_MARK, sup=True),
                run(" " + str(_("indicates equal contribution."))),
            ]
            if any(rendered(app.env, paper).has_equal for paper in papers)
            else [],
        },
        "footer": [run(site.removeprefix("https://").rstrip("/"), url=site)]
        if site
        else [],
    }


def font_dirs() -> list[str]:
    """The folders of the PDF's fonts (in the rendercv-fonts wheel)."""
    # Found, not imported: importing it lists every file of the wheel (0.1 s).
    spec = importlib.util.find_spec("rendercv_fonts")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("No module named 'rendercv_fonts'")
    return [str(Path(spec.submodule_search_locations[0], "Noto Sans"))]


class TypesettingError(Exception):
    """Typst could not set the PDF; the message says why, for the warning."""


#: The script that typesets in a process of its own (see its docstring).
TYPESETTER = Path(__file__).with_name("typeset.py")
#: The longest a CV may take to typeset (800 papers take a few seconds).
TYPESETTING_TIMEOUT = 600


def compile_pdf(data: str) -> bytes:
    """Typeset *data* (``pdf_data`` as JSON) with ``typst/cv.typ``: the PDF's bytes.

    Raises :class:`TypesettingError` with the reason when no PDF comes out.
    Typst runs in a new Python process on every OS (``typeset.py``) and
    Sphinx's process never loads it: what Typst allocates (70 MB at 800
    papers) goes with the child, and no thread or state of Sphinx's process
    decides how it runs.
    """
    try:
        fonts = font_dirs()
    except ImportError as error:  # no rendercv-fonts
        raise TypesettingError(
            f"{error} (install the project's dependencies)"
        ) from None
    command = [sys.executable, "-P", str(TYPESETTER), str(TEMPLATE), *fonts]
    try:
        done = subprocess.run(
            command,
            input=data.encode("utf-8"),
            capture_output=True,
            timeout=TYPESETTING_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TypesettingError(
            f"the typesetting process took longer than {TYPESETTING_TIMEOUT} s"
        ) from None
    except OSError as error:
        raise TypesettingError(
            f"cannot start the typesetting process: {error.strerror}"
        ) from None
    if done.returncode == 0 and done.stdout.startswith(b"%PDF-"):
        return done.stdout
    reason = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode == TYPESETTING_FAILED:
        raise TypesettingError(reason)
    if done.returncode < 0:  # POSIX: ended by a signal
        raise TypesettingError(
            f"the typesetting process was killed (signal {-done.returncode})"
        )
    last_line = reason.splitlines()[-1] if reason else "no message"
    raise TypesettingError(
        f"the typesetting process ended without a PDF"
        f" (exit status {done.returncode}: {last_line})"
    )


def _warn(message: str, *args: object) -> None:
    logger.warning(message, *args, type=WARNING_TYPE, subtype=SUBTYPE)


def write_pdf(app: Sphinx, env: object) -> None:
    """Write the edition's CV PDF into the output, if the site has a CV.

    Done once the sources are read (everything the PDF shows is known then),
    before the pages are written: the process is about 25 MB smaller here
    than when the pages are written, and Typst (in a child) adds to it.
    """
    if app.builder.format != "html":
        return
    if not cv.pdf_wanted(app.srcdir, app.config):
        return
    target = Path(app.outdir, homepage_config(app).cv_pdf)
    # Nothing it is made from has changed: not even the data is gathered.
    inputs = OutputStamp.of(app, "cv-pdf-inputs", pdf_inputs(app))
    if inputs.is_current([target]):
        return
    try:
        # Only the JSON is kept: the child that typesets it starts smaller.
        payload = json.dumps(pdf_data(app), ensure_ascii=False, sort_keys=True)
    except DataFileError:
        return  # the directives reported it, naming the file and line
    # The same data is not typeset again (an edit elsewhere in the file).
    typeset = OutputStamp.of(app, "cv-pdf", [payload])
    if not typeset.is_current([target]):
        try:
            pdf = compile_pdf(payload)
        except TypesettingError as error:
            _warn("cannot write the CV as PDF: %s", error)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf)
        typeset.save()
    inputs.save()


def pdf_inputs(app: Sphinx) -> list[Any]:
    """What :func:`pdf_data` reads, besides the configuration and this code:
    the papers, the data files, the translations, the date."""
    config = app.config
    catalogs = [
        file_state(path)
        for directory in config.locale_dirs
        for path in sorted(
            Path(app.srcdir, directory, config.language or "en", "LC_MESSAGES").glob(
                "*.po"
            )
        )
    ]
    return [
        bibliography.site_papers(app.env).stamp,
        file_state(cv.cv_path(app.srcdir, config) or ""),
        file_state(Path(app.srcdir, homepage_config(config).profile_file)),
        catalogs,
        cv.cv_page(app.env),
        os.environ.get("SOURCE_DATE_EPOCH"),
        sphinx.__version__,  # its own translations
    ]


def setup_cv_pdf(app: Sphinx) -> None:
    """Write ``cv.pdf`` when an HTML build has read its sources."""
    app.connect("env-updated", write_pdf)

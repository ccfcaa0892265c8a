"""Citation figures: one committed data file, shown at build time as text.

The figures (total, h-index, i10-index, citations per year and per paper) live
in ``docs/data/citations.yaml``; ``homepage-citations`` (:mod:`academic_site.
refresh`) rewrites that file, the build only reads it. Three things show them:

- the ``citations`` role, a phrase placed in a sentence of a page::

      … in COLM and EMNLP{citations}`, with [{total} citations] ({source}, {month})`.

  The ``[...]`` part links to the profile. Without a data file the role
  renders nothing, so the sentence still reads "… in COLM and EMNLP.";
- the ``citation-chart`` directive, an inline SVG bar chart per year
  (:mod:`academic_site.sources.chart`);
- a ``doctree-resolved`` handler that appends "Cited by N" to every rendered
  publication:
  an element with class ``publication`` whose ``ids`` hold the ``.bib`` key,
  inside which the element with class ``publication-meta`` takes the count.
"""

from __future__ import annotations

import datetime
import functools
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from babel.dates import format_skeleton
from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from academic_site.papers.bibliography import site_papers
from academic_site.site.config import homepage_config
from academic_site.site.datafile import (
    WARNING_TYPE,
    DataFileError,
    FieldReader,
    Loaded,
    Mapping,
    read_yaml,
    report_file_problems,
    wrong_shape,
)
from academic_site.site.emptied import nothing_shown
from academic_site.site.subtypes import Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_ = get_translation("academic_site")
logger = logging.getLogger(__name__)

#: Warning subtype for problems with the citation figures.
SUBTYPE = Subtype.CITATIONS

#: A ``.bib`` key as BibTeX accepts it, in any case and shape (DBLP's
#: ``DBLP:journals/corr/abs-2410-12345``, ACM's ``10.1145/3704435``).
BIB_KEY = re.compile(r"""^[^\s,{}()"#%'=\\~]+$""")


@dataclass(frozen=True)
class Citations:
    """The citation figures of one profile, taken on one day."""

    #: Where the figures come from, as the page names it (``Google Scholar``).
    source: str
    #: The profile page the figures are read from: an ``https://`` URL.
    profile: str
    #: The day the figures were taken.
    date: datetime.date
    #: Total citations.
    total: int
    #: h-index and i10-index, if the source gives them.
    h_index: int | None
    i10_index: int | None
    #: Citations per calendar year, oldest first.
    per_year: tuple[tuple[int, int], ...]
    #: Citations per paper, keyed by ``.bib`` key, in file order.
    papers: tuple[tuple[str, int], ...]

    FIELDS: ClassVar[set[str]] = {
        "source",
        "profile",
        "date",
        "total",
        "h_index",
        "i10_index",
        "per_year",
        "papers",
    }

    def month(self, language: str | None = "en") -> str:
        """The month the figures were taken in *language*: ``May 2026``,
        ``2026年5月`` (from Babel's data, not the machine's locale)."""
        return format_skeleton("yMMMM", self.date, locale=language or "en")

    def paper(self, key: str) -> int | None:
        """Citations of the paper with ``.bib`` key *key*, if known."""
        return dict(self.papers).get(key)


#: The largest figure a data file may hold: more citations than any
#: researcher has, and far from what a page can show or Python must refuse.
MAX_COUNT = 10**7


def _count(path: Path, value: Any, what: str, line: int) -> int:
    # bool is an int in Python; "true" is no count.
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 <= value <= MAX_COUNT
    ):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
        raise DataFileError(
            path,
            line,
            f"{what} must be a whole number from 0 to {MAX_COUNT:,}, not {shown}",
        )
    return value


def _date(path: Path, value: Any, line: int) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise DataFileError(
            path, line, f"'date' must be a date as YYYY-MM-DD, not {value!r}"
        ) from None


def _mapping(path: Path, value: Any, what: str, line: int) -> dict:
    if not isinstance(value, dict):
        raise DataFileError(path, line, f"{what!r} must be a mapping")
    return value


def read_citations_data(path: Path, data: object) -> Loaded[Citations]:
    """The figures in the parsed file *data*, and every problem in it.

    A wrong year or paper is a problem and is left out; a file whose
    source, profile, date or total is wrong gives no figures.
    """
    if not isinstance(data, dict):
        return Loaded(None, (wrong_shape(path, data, "a mapping of fields"),))
    reader = FieldReader.of(path, data, "the citations file")
    fields = reader.mapping
    problems: list[DataFileError] = []
    try:
        reader.unknown_fields(Citations.FIELDS)
    except DataFileError as error:
        problems.append(error)

    def count_field(name: str) -> int | None:
        value = fields.get(name)
        if value is None:
            return None
        return _count(path, value, repr(name), reader.line_of(name))

    def counts(name: str, check_key: Callable[[Any], str | None]) -> list:
        value = fields.get(name) or {}
        try:
            mapping = _mapping(path, value, name, reader.line_of(name))
        except DataFileError as error:
            problems.append(error)
            return []
        result = []
        for key, count in mapping.items():
            line = mapping.line_of(key) if isinstance(mapping, Mapping) else 0
            line = line or reader.line_of(name)
            try:
                if message := check_key(key):
                    raise DataFileError(path, line, message)
                result.append((key, _count(path, count, f"citations of {key}", line)))
            except DataFileError as error:
                problems.append(error)
        return result

    try:
        for name in ("source", "profile", "date", "total"):
            if fields.get(name) in (None, ""):
                raise DataFileError(
                    path, reader.line, f"missing required field {name!r}"
                )
        source = reader.text("source")
        profile = reader.url("profile")
        date = _date(path, fields["date"], reader.line_of("date"))
        total = count_field("total")
    except DataFileError as error:
        return Loaded(None, (*problems, error))
    indices = {}
    for name in ("h_index", "i10_index"):
        try:
            indices[name] = count_field(name)
        except DataFileError as error:
            problems.append(error)
            indices[name] = None

    def year_problem(year: Any) -> str | None:
        if isinstance(year, bool) or not re.fullmatch(r"\d{4}", str(year)):
            return f"'per_year' key must be a year, not {year!r}"
        return None

    def key_problem(key: Any) -> str | None:
        if not isinstance(key, str) or not BIB_KEY.match(key):
            return f"'papers' key must be a .bib key, not {key!r}"
        return None

    per_year = [(int(year), count) for year, count in counts("per_year", year_problem)]
    citations = Citations(
        source=source,
        profile=profile,
        date=date,
        total=total,
        h_index=indices["h_index"],
        i10_index=indices["i10_index"],
        per_year=tuple(sorted(per_year)),
        papers=tuple(counts("papers", key_problem)),
    )
    return Loaded(citations, tuple(problems))


def parse_citations(path: Path, data: object, text: str | None = None) -> Citations:
    """Validate the parsed citations file; raise :class:`DataFileError` at
    its first problem. (*text* is accepted for older callers; the loader
    knows each key's line.)"""
    return read_citations_data(path, data).strict()


def dump_citations(citations: Citations) -> str:
    """The YAML text of *citations*, in the file's documented layout."""

    def scalar(value: str) -> str:
        # JSON strings are YAML strings: safe quoting without a YAML dumper.
        import json

        return json.dumps(value, ensure_ascii=False)

    lines = [
        "# Citation figures shown on the site, read at build time.",
        "# Refreshed by `homepage-citations` (see handbook/citations.md).",
        f"source: {scalar(citations.source)}",
        f"profile: {scalar(citations.profile)}",
        f"date: {citations.date.isoformat()}",
        f"total: {citations.total}",
    ]
    if citations.h_index is not None:
        lines.append(f"h_index: {citations.h_index}")
    if citations.i10_index is not None:
        lines.append(f"i10_index: {citations.i10_index}")
    lines.append("per_year:" + ("" if citations.per_year else " {}"))
    lines += [f"  {year}: {count}" for year, count in citations.per_year]
    lines.append("papers:" + ("" if citations.papers else " {}"))
    lines += [f"  {_yaml_key(key)}: {count}" for key, count in citations.papers]
    return "\n".join(lines) + "\n"


def _yaml_key(key: str) -> str:
    # A key that YAML would read as something else (a number, a date, a
    # key with ": " in it) is quoted; the owner's plain keys stay plain.
    import json

    import yaml

    try:
        plain = yaml.safe_load(f"{key}: 0") == {key: 0}
    except yaml.YAMLError:
        plain = False
    return key if plain else json.dumps(key, ensure_ascii=False)


@functools.lru_cache(maxsize=4)
def _read(path: Path, mtime_ns: int) -> Loaded[Citations]:
    try:
        document = read_yaml(path)
    except DataFileError as error:
        return Loaded(None, (error,))
    loaded = read_citations_data(path, document.value)
    return Loaded(loaded.value, (*document.problems, *loaded.problems))


def read_citations(path: Path) -> Loaded[Citations] | None:
    """The figures in *path* with every problem in them, or ``None`` if there
    is no such file (cached until it changes)."""
    try:
        mtime_ns = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    except OSError as error:
        return Loaded(
            None,
            (DataFileError(path, None, f"cannot read data file {path}: {error}"),),
        )
    return _read(path, mtime_ns)


def load_citations(path: Path) -> Citations | None:
    """The figures in *path*, or ``None`` if there is no such file.

    Raise :class:`DataFileError` at the file's first problem: the refresh
    command must not rewrite a file it could not read whole.
    """
    loaded = read_citations(path)
    return None if loaded is None else loaded.strict()


def citations_path(env: BuildEnvironment) -> Path | None:
    """Where the site's citations file is, or ``None`` if none is configured."""
    name = homepage_config(env).citations_file
    return Path(env.srcdir, name) if name else None


def site_citations(env: BuildEnvironment) -> Citations | None:
    """The site's figures, or ``None`` if there are none to show.

    A broken file shows none either: :func:`_check_citations_file` has
    reported it once for the build, so the pages still read correctly.
    """
    path = citations_path(env)
    loaded = read_citations(path) if path is not None else None
    return loaded.value if loaded is not None else None


def _check_citations_file(app: Sphinx) -> None:
    # Once per build, incremental or not, so -W fails while the file is broken
    # (and the role, the chart and the counts need not each say so).
    path = citations_path(app.env)
    loaded = read_citations(path) if path is not None else None
    if loaded is not None:
        report_file_problems(app.env, loaded, SUBTYPE)
    if loaded is not None and loaded.value is not None:
        _warn_figures_without_a_paper(app.env, path, loaded.value)


def figures_without_a_paper(citations: Citations, keys: Iterable[str]) -> list[str]:
    """The keys of *citations*' per-paper figures that name none of *keys*
    (a paper removed from the ``.bib``; BibTeX keys ignore case)."""
    known = {key.casefold() for key in keys}
    return [key for key, _count in citations.papers if key.casefold() not in known]


def _warn_figures_without_a_paper(
    env: BuildEnvironment, path: Path, citations: Citations
) -> None:
    # One warning for them all, at the first one's line: the figures show
    # nowhere, and the refresh (make citations) drops them.
    model = site_papers(env)
    if not model.papers:
        return  # no .bib read: nothing to compare with
    gone = figures_without_a_paper(citations, (paper.key for paper in model.papers))
    if not gone:
        return
    try:
        papers = read_yaml(path).value.get("papers")
        line = papers.line_of(gone[0])
    except (DataFileError, AttributeError):
        line = None
    logger.warning(
        "figures for %d paper(s) no longer in the .bib: %s "
        "(the next `make citations` drops them; or delete the lines)",
        len(gone),
        ", ".join(gone),
        type=WARNING_TYPE,
        subtype=SUBTYPE,
        location=f"{path}:{line}" if line else None,
    )


class CitationsPhrase(SphinxRole):
    """A phrase with the figures filled in, or nothing if there are none.

    Placeholders: ``{total}``, ``{h_index}``, ``{i10_index}`` (numbers with
    thousands separators), ``{source}``, ``{month}`` (``May 2026``) and
    ``{date}`` (``2026-05-24``). The one ``[...]`` part links to the profile.
    """

    #: The part of the phrase that links to the profile.
    LINK = re.compile(r"\[([^\[\]]+)\]")

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        path = citations_path(self.env)
        if path is not None:
            self.env.note_dependency(str(path))
        citations = site_citations(self.env)
        if citations is None:
            return [], []
        try:
            parts = self.LINK.split(self.text)
            if len(parts) > 3:
                raise ValueError("at most one [...] link")
            filled = [self._fill(part, citations) for part in parts]
        except (KeyError, ValueError, IndexError) as error:
            logger.warning(
                "cannot fill the citations phrase %r: %s",
                self.text,
                error,
                type=WARNING_TYPE,
                subtype=SUBTYPE,
                location=self.get_location(),
            )
            return [], []
        phrase = nodes.inline(classes=["citations-phrase"])
        for index, text in enumerate(filled):
            if index == 1:
                phrase += nodes.reference("", text, refuri=citations.profile)
            elif text:
                phrase += nodes.Text(text)
        return [phrase], []

    def _fill(self, template: str, citations: Citations) -> str:
        def number(value: int | None) -> str:
            if value is None:
                raise ValueError("the data file has no such figure")
            return f"{value:,}"

        values = {
            "total": number(citations.total),
            "source": citations.source,
            "month": citations.month(self.config.language),
            "date": citations.date.isoformat(),
        }
        used = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        if "h_index" in used:
            values["h_index"] = number(citations.h_index)
        if "i10_index" in used:
            values["i10_index"] = number(citations.i10_index)
        return template.format_map(values)


class CitationChart(SphinxDirective):
    """An inline SVG bar chart of citations per year; nothing without data."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from academic_site.sources.chart import bar_chart

        path = citations_path(self.env)
        if path is not None:
            self.env.note_dependency(str(path))
        citations = site_citations(self.env)
        if citations is None or not citations.per_year:
            return [nothing_shown()]  # and no heading over nothing
        label = _("Citations per year ({source}, {month})").format(
            source=citations.source, month=citations.month(self.config.language)
        )
        svg = bar_chart(citations.per_year, label)
        figure = nodes.container(classes=["citation-chart"])
        figure += nodes.raw("", svg, format="html")
        source = _("Source: {source}, {month}").format(
            source=citations.source, month=citations.month(self.config.language)
        )
        figure += nodes.paragraph(text=source, classes=["citation-chart-caption"])
        return [figure]


def add_paper_counts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Append "Cited by N" to the meta line of every rendered publication.

    Runs on ``doctree-resolved`` after every other handler (priority 900), so
    the entries exist whether the publication style makes them while reading,
    in a post-transform (sphinxcontrib-bibtex) or in its own handler.
    """
    if app.builder.format != "html":
        return
    entries = [
        node
        for node in doctree.findall(nodes.Element)
        if "publication" in node["classes"]
    ]
    if not entries:
        return
    citations = site_citations(app.env)
    if citations is None:
        return
    counts = dict(citations.papers)
    for entry in entries:
        # The .bib key itself (any case, any shape), else an id that is one.
        key = entry.get("publication_key")
        if key not in counts:
            key = next((id_ for id_ in entry["ids"] if id_ in counts), None)
        meta = next(
            (
                node
                for node in entry.findall(nodes.Element)
                if "publication-meta" in node["classes"]
            ),
            None,
        )
        if key is None or meta is None:
            continue
        count = nodes.inline(
            "",
            _("Cited by {count}").format(count=f"{counts[key]:,}"),
            classes=["citation-count"],
        )
        # Into the meta line itself, or the last paragraph of a meta block.
        if not isinstance(meta, nodes.TextElement) and isinstance(
            meta.children[-1:] and meta[-1], nodes.paragraph
        ):
            meta = meta[-1]
        if isinstance(meta, nodes.TextElement):
            if meta.children:
                meta += nodes.Text(" ")
            meta += count
        else:
            meta += nodes.paragraph("", "", count)


def _reread_when_figures_change(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    # The per-paper counts are added while writing, after the documents were
    # read, so no document notes the file as a dependency; re-read them all
    # when the figures change (the role and the chart note it themselves).
    path = citations_path(env)
    try:
        stamp = path.stat().st_mtime_ns if path else None
    except OSError:
        stamp = None
    first_build = not hasattr(env, "homepage_citations_stamp")
    previous = getattr(env, "homepage_citations_stamp", None)
    env.homepage_citations_stamp = stamp
    if not first_build and previous != stamp:
        return sorted(env.found_docs - added - changed)
    return []


def setup_citations(app: Sphinx) -> None:
    """Register the ``citations`` role, ``citation-chart`` and the counts."""
    app.add_role("citations", CitationsPhrase())
    app.add_directive("citation-chart", CitationChart)
    app.connect("doctree-resolved", add_paper_counts, priority=900)
    app.connect("builder-inited", _check_citations_file)
    app.connect("env-get-outdated", _reread_when_figures_change)

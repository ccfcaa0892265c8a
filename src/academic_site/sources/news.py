"""News items: one YAML list, newest first, shown by the ``news`` directive.

Each item is ``{date: ..., text: ...}``; ``text`` is MyST Markdown, so it may
link to a page or a paper. Items stay in file order, which must be newest
first; a later item dated after an earlier one is reported, not reordered.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from academic_site.site.config import homepage_config
from academic_site.site.datafile import (
    DataFileError,
    FieldReader,
    Loaded,
    modified_ns,
    read_yaml,
    report_file_problems,
    report_missing_file,
    wrong_shape,
)
from academic_site.site.emptied import nothing_shown
from academic_site.site.i18n import translatable_text
from academic_site.site.inline import myst_extensions, refusal
from academic_site.site.subtypes import Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Warning subtype for problems in the news file.
SUBTYPE = Subtype.NEWS

#: A date as precise as the owner knows it: ``2024``, ``2024-07`` or ``2024-07-15``.
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


@dataclass(frozen=True)
class NewsItem:
    """One news item."""

    #: When it happened, as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    date: str
    #: What happened, in MyST Markdown.
    text: str
    #: The line of the news file the item starts on.
    line: int


def _read_item(path: Path, value: object, line: int) -> NewsItem:
    reader = FieldReader.of(path, value, "each news item", line)
    reader.unknown_fields({"date", "text"})
    date = reader.text("date")
    if not DATE.match(date):
        raise reader.error(
            "date", f"'date' must be YYYY, YYYY-MM or YYYY-MM-DD: {date!r}"
        )
    if len(date) == 10:
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            message = f"'date' is not a day of the calendar: {date!r}"
            raise reader.error("date", message) from None
    # (A prefix compares as the earliest day it may mean: "2027" is future
    # from 2027-01-01 on, never before.)
    if date > datetime.date.today().isoformat()[: len(date)]:
        raise reader.error(
            "date", f"'date' {date!r} is in the future: news is what happened"
        )
    return NewsItem(date=date, text=reader.text("text"), line=reader.line or line)


def read_news_data(path: Path, data: object) -> Loaded[list[NewsItem]]:
    """The news items of the parsed file *data*, and every problem in it.

    A wrong item is a problem and is left out; the other items are kept.
    """
    if not isinstance(data, list):
        return Loaded(None, (wrong_shape(path, data, "a list of news items"),))
    items: list[NewsItem] = []
    problems: list[DataFileError] = []
    lines = getattr(data, "item_lines", [])
    for index, value in enumerate(data):
        line = lines[index] if index < len(lines) else getattr(data, "line", 1)
        try:
            item = _read_item(path, value, line)
        except DataFileError as error:
            problems.append(error)
            continue
        items.append(item)
    for newer, older in itertools.pairwise(items):
        if older.date > newer.date:
            problems.append(
                DataFileError(path, older.line, "news items must be newest first")
            )
    return Loaded(items, tuple(problems))


def parse_news(path: Path, data: object) -> list[NewsItem]:
    """Validate the parsed news file; raise :class:`DataFileError` at its
    first problem."""
    return read_news_data(path, data).strict()


@functools.lru_cache(maxsize=4)
def _read_news(path: Path, mtime_ns: int) -> Loaded[list[NewsItem]]:
    try:
        document = read_yaml(path)
    except DataFileError as error:
        return Loaded(None, (error,))
    loaded = read_news_data(path, document.value)
    return Loaded(loaded.value, (*document.problems, *loaded.problems))


def read_news(path: Path) -> Loaded[list[NewsItem]]:
    """The news at *path* with every problem in it (cached until it changes)."""
    return _read_news(path, modified_ns(path))


def load_news(path: Path) -> list[NewsItem]:
    """The news items at *path* that can be shown; raise
    :class:`DataFileError` if the file gives none (missing, not YAML, not a
    list)."""
    loaded = read_news(path)
    if loaded.value is None:
        raise loaded.problems[0]
    return loaded.value


def news_path(env: BuildEnvironment) -> Path | None:
    """Where this project's news file is, or ``None`` if news is off (``""``)."""
    name = homepage_config(env).news_file
    return Path(env.srcdir, name) if name else None


def _locate_in_data_file(nodes_: list[nodes.Node], path: Path, line: int) -> None:
    # What the item's Markdown becomes is reported, if wrong (a reference to
    # an anchor that does not exist), at the news file's line, not the page's.
    for node in nodes_:
        for element in node.findall(nodes.Element):
            element.source, element.line = str(path), line


class NewsList(SphinxDirective):
    """Render the news file as a list, newest first.

    ``:limit: N`` shows only the newest N items.
    """

    has_content = False
    option_spec = {"limit": lambda value: int(value)}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        path = news_path(self.env)
        if path is None:  # news is off: nothing, and no heading over it
            return [nothing_shown()]
        self.env.note_dependency(str(path))
        items = read_news(path).value
        if items is None:  # (reported once, by _report_problems)
            if not path.exists():
                report_missing_file(self.env, path, SUBTYPE)
            return [nothing_shown()]
        if "limit" in self.options:
            items = items[: self.options["limit"]]
        news = nodes.bullet_list(classes=["news"])
        for item in items:
            entry = nodes.list_item(classes=["news-item"])
            paragraph = nodes.paragraph()
            paragraph += nodes.inline("", item.date, classes=["news-date"])
            paragraph += nodes.Text(" ")
            if refusal(item.text, myst_extensions(self.config)):  # (reported once)
                inline_nodes, messages = [nodes.Text(item.text)], []
            else:
                inline_nodes, messages = self.parse_inline(item.text, lineno=item.line)
            _locate_in_data_file(inline_nodes, path, item.line)
            # The text goes through the page's catalog, so editions translate it.
            paragraph += translatable_text(self, item.text, inline_nodes)
            entry += messages
            entry += paragraph
            news += entry
        return [news]


def _report_problems(app: Sphinx) -> None:
    # Once per build, however many lists and feeds show the news. Markup is
    # checked here, with the project's MyST extensions, as the list parses it.
    path = news_path(app.env)
    if path is None or not path.exists():
        return
    loaded = read_news(path)
    report_file_problems(app.env, loaded, SUBTYPE)
    extensions = myst_extensions(app.config)
    for item in loaded.value or []:
        if reason := refusal(item.text, extensions):
            DataFileError(path, item.line, f"{reason}: shown as text").warn(SUBTYPE)


def setup_news(app: Sphinx) -> None:
    """Register the ``news`` directive."""
    app.connect("builder-inited", _report_problems)
    app.add_directive("news", NewsList)

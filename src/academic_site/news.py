"""News items: one YAML list, newest first, shown by the ``news`` directive.

Each item is ``{date: ..., text: ...}``; ``text`` is MyST Markdown, so it may
link to a page or a paper. Items stay in file order, which must be newest
first; a later item dated after an earlier one is reported, not reordered.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from academic_site.datafile import DataFileError, FieldReader, load_yaml
from academic_site.i18n import translatable_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Warning subtype for problems in the news file.
SUBTYPE = "news"

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


def parse_news(path: Path, data: object) -> list[NewsItem]:
    """Validate the parsed news file; raise :class:`DataFileError` if wrong."""
    if not isinstance(data, list):
        line = getattr(data, "line", None)
        raise DataFileError(path, line, "the news file must be a list of items")
    items = []
    for value in data:
        reader = FieldReader.of(path, value, "each news item")
        reader.unknown_fields({"date", "text"})
        date = reader.text("date")
        if not DATE.match(date):
            raise DataFileError(
                path, reader.line, f"'date' must be YYYY, YYYY-MM or YYYY-MM-DD: {date}"
            )
        items.append(NewsItem(date=date, text=reader.text("text"), line=reader.line))
    for newer, older in itertools.pairwise(items):
        if older.date > newer.date:
            raise DataFileError(path, older.line, "news items must be newest first")
    return items


def load_news(path: Path) -> list[NewsItem]:
    """Read and validate the news file at *path*."""
    return parse_news(path, load_yaml(path))


def _raw_html_as_text(node: nodes.Node) -> nodes.Node:
    # MyST passes inline HTML through; a news line is data, so show it as text.
    if isinstance(node, nodes.raw):
        return nodes.Text(node.astext())
    for raw in list(node.findall(nodes.raw)):
        raw.replace_self(nodes.Text(raw.astext()))
    return node


class NewsList(SphinxDirective):
    """Render the news file as a list, newest first.

    ``:limit: N`` shows only the newest N items.
    """

    has_content = False
    option_spec = {"limit": lambda value: int(value)}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir, self.config.homepage_news_file)
        self.env.note_dependency(str(path))
        try:
            items = load_news(path)
        except DataFileError as error:
            error.warn(SUBTYPE)
            return []
        if "limit" in self.options:
            items = items[: self.options["limit"]]
        news = nodes.bullet_list(classes=["news"])
        for item in items:
            entry = nodes.list_item(classes=["news-item"])
            paragraph = nodes.paragraph()
            paragraph += nodes.inline("", item.date, classes=["news-date"])
            paragraph += nodes.Text(" ")
            inline_nodes, messages = self.parse_inline(item.text, lineno=item.line)
            inline_nodes = [_raw_html_as_text(node) for node in inline_nodes]
            # The text goes through the page's catalog, so editions translate it.
            paragraph += translatable_text(self, item.text, inline_nodes)
            entry += messages
            entry += paragraph
            news += entry
        return [news]


def setup_news(app: Sphinx) -> None:
    """Register the ``news`` directive."""
    app.add_directive("news", NewsList)

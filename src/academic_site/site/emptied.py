"""A heading over nothing is taken away with the nothing.

A directive that shows data (the citation chart, the news) shows nothing when
its feature is off or has no data yet; the page's heading over it would then
stand over an empty section. Such a directive returns :func:`nothing_shown`
instead, and once the page is read (before its table of contents is taken)
:class:`RemoveEmptiedSections` removes each section left with a title and
nothing else, then every marker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class nothing_shown(nodes.Invisible, nodes.Element):  # (docutils' node style)
    """Where a data directive showed nothing; gone once the page is read."""


class RemoveEmptiedSections(SphinxTransform):
    """Remove sections that hold a title and only :class:`nothing_shown`."""

    # After the translation (Locale, 20); before Sphinx's DoctreeReadEvent
    # (880), whose collectors take the table of contents.
    default_priority = 860

    def apply(self, **kwargs: object) -> None:
        for marker in list(self.document.findall(nothing_shown)):
            section = marker.parent
            if isinstance(section, nodes.section) and all(
                isinstance(child, nodes.title | nothing_shown | nodes.target)
                for child in section.children
            ):
                section.parent.remove(section)
            elif marker.parent is not None:
                marker.parent.remove(marker)


def setup_emptied(app: Sphinx) -> None:
    """Register the marker and the transform that takes it away."""
    app.add_node(nothing_shown)
    app.add_transform(RemoveEmptiedSections)

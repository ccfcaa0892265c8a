"""A bar chart as a few hundred bytes of inline SVG: no script, no request.

Colours come from the page (``currentColor`` and furo's variables in
``homepage.css``), so the chart follows the light and dark themes; the
accessible name (``role="img"`` with a ``<title>``) states every figure, so
a screen reader hears the data rather than "image".
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

#: Width of one year's slot and of its bar, and the tallest bar, in CSS px.
SLOT = 56
BAR = 36
TALLEST = 90
#: Room above the bars for the figures and below them for the years.
TOP = 18
BOTTOM = 20


def bar_chart(bars: Sequence[tuple[int | str, int]], label: str) -> str:
    """SVG markup of one bar per ``(label, value)`` pair, with its value above.

    *label* names the chart; the figures are appended to it for the text
    alternative.
    """
    width = SLOT * len(bars)
    height = TOP + TALLEST + BOTTOM
    largest = max((value for _, value in bars), default=0) or 1
    description = escape(
        f"{label}: " + ", ".join(f"{name}: {value:,}" for name, value in bars)
    )
    rects = []
    texts = []
    for index, (name, value) in enumerate(bars):
        bar_height = round(TALLEST * value / largest)
        x = index * SLOT
        y = TOP + TALLEST - bar_height
        middle = x + SLOT // 2
        rects.append(
            f'<rect x="{x + (SLOT - BAR) // 2}" y="{y}" width="{BAR}"'
            f' height="{bar_height}"/>'
        )
        texts.append(f'<text x="{middle}" y="{y - 5}">{value:,}</text>')
        texts.append(f'<text x="{middle}" y="{height - 5}">{escape(str(name))}</text>')
    return (
        f'<svg class="bar-chart" role="img" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}"><title>{description}</title>'
        f'<g class="bars" fill="currentColor">{"".join(rects)}</g>'
        f'<g fill="currentColor" font-size="12" text-anchor="middle">'
        f"{''.join(texts)}</g></svg>"
    )

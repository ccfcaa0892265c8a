"""Math on a page is MathML: no script, no request to a third party.

Sphinx renders math with MathJax, loaded from a CDN, so one ``$x$`` on a
page (with MyST's ``dollarmath``) or one ``{math}`` role would make every
visitor's browser fetch a script from elsewhere. This renderer writes each
formula as MathML instead (``latex2mathml``, pure Python), which browsers
draw themselves (MathML Core, Chromium 109+, Firefox, Safari). Sphinx
prefers a registered renderer to its default, MathJax, so this is the
site's unless ``conf.py`` names another (``html_math_renderer``).

Only MathML's own presentation attributes are kept: ``latex2mathml`` turns
``\\href{javascript:…}{x}`` into an ``href`` attribute, which a browser that
supports it (Firefox) would follow. A formula that cannot be read is one
warning at the page's line and shown as its LaTeX, as code.

(Text from data files and translations may not hold math at all:
:mod:`academic_site.site.inline`.)
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from docutils import nodes
from sphinx.locale import _ as sphinx_message  # (Sphinx's catalog, not ours)
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

from academic_site.site.subtypes import WARNING_TYPE, Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

#: The renderer's name, for ``html_math_renderer``.
RENDERER = "mathml"

_MATHML = "{http://www.w3.org/1998/Math/MathML}"

#: The attributes of MathML Core's presentation elements that only say how
#: a formula looks (no link, no script, no style).
_KEPT_ATTRIBUTES = frozenset(
    {
        "accent",
        "accentunder",
        "columnalign",
        "columnlines",
        "columnspacing",
        "depth",
        "display",
        "displaystyle",
        "fence",
        "form",
        "frame",
        "height",
        "largeop",
        "linethickness",
        "lspace",
        "mathvariant",
        "maxsize",
        "minsize",
        "movablelimits",
        "rowalign",
        "rowlines",
        "rowspacing",
        "rspace",
        "scriptlevel",
        "separator",
        "stretchy",
        "symmetric",
        "voffset",
        "width",
    }
)


def to_mathml(latex: str, display: str) -> str:
    """*latex* as one ``<math>`` element (*display*: ``inline`` or ``block``)
    with only presentation attributes; raises ``ValueError`` if unreadable."""
    # Imported here: a site without math never loads the converter.
    from latex2mathml.converter import convert

    try:
        markup = convert(latex, display=display)
        root = ElementTree.fromstring(markup)
    except Exception as error:  # (the converter raises what it meets)
        raise ValueError(f"{type(error).__name__}: {error}") from None
    for element in root.iter():
        if not str(element.tag).startswith(_MATHML):
            raise ValueError(f"the element {element.tag!r} is not MathML")
        for name in list(element.attrib):
            if name not in _KEPT_ATTRIBUTES:
                del element.attrib[name]
    ElementTree.register_namespace("", _MATHML[1:-1])
    return ElementTree.tostring(root, encoding="unicode")


def _formula(
    translator: HTML5Translator, node: nodes.Element, latex: str, display: str
) -> str:
    try:
        return to_mathml(latex, display)
    except ValueError as error:
        logger.warning(
            "this formula cannot be written as MathML (%s): shown as LaTeX",
            error,
            type=WARNING_TYPE,
            subtype=Subtype.MARKUP,
            location=node,
        )
        return f'<code class="math">{html.escape(latex)}</code>'


def _visit_math(translator: HTML5Translator, node: nodes.math) -> None:
    translator.body.append(_formula(translator, node, node.astext(), "inline"))
    raise nodes.SkipNode


def _visit_math_block(translator: HTML5Translator, node: nodes.math_block) -> None:
    translator.body.append(translator.starttag(node, "div", CLASS="math"))
    if node.get("number"):
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})')
        translator.add_permalink_ref(node, sphinx_message("Link to this equation"))
        translator.body.append("</span>")
    for part in node.astext().split("\n\n"):
        if part.strip():
            translator.body.append(_formula(translator, node, part, "block"))
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def setup_mathml(app: Sphinx) -> None:
    """Register the MathML renderer (Sphinx prefers it to MathJax)."""
    app.add_html_math_renderer(RENDERER, (_visit_math, None), (_visit_math_block, None))

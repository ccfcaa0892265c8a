"""Escaping a value from the site's data for the place it is written.

Every value that comes from a data file or the ``.bib`` and is written into
HTML or XML by this package goes through one of these helpers, one per
context, so no value can change a page's structure:

* :func:`text` and :func:`attribute`: element text and a quoted attribute;
* :func:`meta_tag`: a ``<meta name|property=... content=...>`` tag;
* :func:`opengraph_value`: a value handed to sphinxext-opengraph, which
  escapes only ``"`` itself;
* :func:`script_json` and :func:`json_ld`: JSON inside a ``<script>``
  element (``<``, ``>``, ``&``, U+2028 and U+2029 as ``\\u`` escapes, so
  neither ``</script>`` nor ``<!--`` can end or stall the element);
* :func:`feed_html`: an HTML fragment for an Atom ``<content type="html">``,
  cut down to a few inline elements and ``https://``/``mailto:`` links;
* :func:`is_safe_url`: the URL schemes data may use.

The search index needs no helper: Sphinx writes ``searchindex.js`` as a
separate script whose strings it escapes to ASCII (``\\uXXXX``), and the
words in it come from the page text, which docutils has escaped.
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import urlsplit

import nh3

#: JSON text that is harmless inside ``<script>``: the HTML tokenizer looks
#: for ``</script``, ``<!--`` and ``-->``, and JavaScript (before ES2019)
#: ends a line at U+2028 and U+2029. ``\\u`` escapes keep the JSON value.
_SCRIPT_JSON = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)

#: What an Atom entry's HTML may keep of a news item's Markdown.
FEED_TAGS = frozenset({"a", "em", "strong", "code", "br"})
FEED_ATTRIBUTES = {"a": {"href"}}
#: The URL schemes a link from data may use.
URL_SCHEMES = frozenset({"https", "mailto"})


def text(value: str) -> str:
    """*value* as element text."""
    return html.escape(value, quote=False)


def attribute(value: str) -> str:
    """*value* inside a double- or single-quoted attribute."""
    return html.escape(value, quote=True)


def meta_tag(content: str, *, name: str | None = None, prop: str | None = None) -> str:
    """A ``<meta>`` tag with ``name`` (or ``property``, OpenGraph's) and
    *content*, every part escaped."""
    key, value = ("property", prop) if prop is not None else ("name", name)
    return f'<meta {key}="{attribute(value or "")}" content="{attribute(content)}">\n'


def opengraph_value(value: str) -> str:
    """*value* as sphinxext-opengraph should print it.

    Its ``make_tag`` replaces ``"`` and nothing else; the rest (``&``, ``<``,
    ``>``) is escaped here, so the tag it writes is fully escaped.
    """
    return html.escape(value, quote=False)


def script_json(data: Any) -> str:
    """*data* as JSON text safe inside any ``<script>`` element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        _SCRIPT_JSON
    )


def json_ld(data: Any) -> str:
    """*data* as an inline ``<script type="application/ld+json">`` element."""
    return f'<script type="application/ld+json">{script_json(data)}</script>\n'


def is_safe_url(url: str, *, mailto: bool = False) -> bool:
    """Whether *url* is an ``https://`` URL with a host (or, if *mailto*,
    a ``mailto:`` one): never ``javascript:``, ``data:`` or ``http:``."""
    stripped = url.strip()
    if stripped != url or any(ord(char) < 0x21 for char in url):
        return False  # browsers drop such characters: "java\tscript:" is script
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "https":
        return bool(parts.netloc)
    return mailto and scheme == "mailto" and "@" in parts.path


def is_site_path(path: str) -> bool:
    """Whether *path* is a plain path inside the site (``_static/me.jpg``):
    no scheme, no host, no ``..``, no query, nothing a browser would run."""
    if not path or any(ord(char) < 0x21 or char in '\\"<>' for char in path):
        return False
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or parts.query or parts.fragment:
        return False
    return ".." not in path.split("/") and not path.startswith("//")


def feed_html(fragment: str) -> str:
    """*fragment* with only :data:`FEED_TAGS` and safe links left.

    Ammonia (nh3) parses the fragment as a browser would and rebuilds it from
    an allow-list; anything else is dropped, text is kept and escaped.
    """
    return nh3.clean(
        fragment,
        tags=set(FEED_TAGS),
        attributes={tag: set(names) for tag, names in FEED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )

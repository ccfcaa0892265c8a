"""Text from data and translations is inline text, never a document.

A news or CV item's text, and every translated message, may use only the
inline MyST of :data:`INLINE_TOKENS`: emphasis, strong, code and links to
``https://``, ``mailto:`` or a page of the site. A directive, a role (which
may read or copy a file: ``{download}``, ``{include}``), an image, raw HTML
or math is refused by :func:`refusal`, so the caller shows the text as plain
text and warns at the file's line. A translation may also repeat what its
own source text uses (a page's ``{doc}`` role, its HTML): it gets exactly
what its source gets, nothing more.
"""

from __future__ import annotations

import functools
from collections import Counter
from urllib.parse import urlsplit

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from academic_site.site.escaping import is_safe_url

#: The markdown-it tokens inline text may be made of.
INLINE_TOKENS = frozenset(
    {
        "paragraph_open",
        "paragraph_close",
        "inline",
        "text",
        "softbreak",
        "hardbreak",
        "em_open",
        "em_close",
        "strong_open",
        "strong_close",
        "code_inline",
        "link_open",
        "link_close",
    }
)


@functools.cache
def _parser(extensions: frozenset[str]):
    return create_md_parser(
        MdParserConfig(enable_extensions=set(extensions)), RendererHTML
    )


def _tokens(text: str, extensions: frozenset[str]) -> list[Token]:
    flat: list[Token] = []
    for token in _parser(extensions).parse(text):
        flat.append(token)
        flat.extend(token.children or [])
    return flat


def _construct(token: Token) -> str | None:
    """What *token* is, if not plain inline text (``None`` if it is)."""
    if token.type == "link_open":
        href = str(token.attrGet("href") or "")
        scheme = urlsplit(href).scheme
        if scheme and not is_safe_url(href, mailto=True):
            return f"a link to {href!r}"
        return None
    if token.type in INLINE_TOKENS:
        return None
    if token.type == "myst_role":
        return f"the role {{{token.meta.get('name', '')}}}"
    if token.type == "fence" and token.info.startswith("{"):
        return f"the directive {token.info.split()[0]}"
    if token.type in {"html_inline", "html_block"}:
        return f"raw HTML {token.content.strip()[:40]!r}"
    if token.type == "image":
        return f"an image of {token.attrGet('src')!r}"
    return f"markup that is not inline text ({token.type})"


def _constructs(text: str, extensions: frozenset[str]) -> Counter[str]:
    return Counter(
        found
        for token in _tokens(text, extensions)
        if (found := _construct(token)) is not None
    )


def refusal(
    text: str, extensions: frozenset[str] = frozenset(), *, source: str | None = None
) -> str | None:
    """Why *text* may not be shown as inline MyST, or ``None`` if it may.

    With *source* (the text *text* translates), what *source* itself uses
    is allowed too, as often as *source* uses it.
    """
    found = _constructs(text, extensions)
    if source is not None:
        found -= _constructs(source, extensions)
    if not found:
        return None
    return f"{next(iter(found))} is not allowed here (only emphasis, code, links)"


def myst_extensions(config: object) -> frozenset[str]:
    """The MyST extensions the project enables (``myst_enable_extensions``):
    what the page's parser will make of the text, so what must be checked
    (``dollarmath`` makes ``$x$`` math, which loads MathJax)."""
    return frozenset(getattr(config, "myst_enable_extensions", ()) or ())

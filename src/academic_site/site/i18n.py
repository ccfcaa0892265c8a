"""The site's editions: one per language, built from the same sources.

The English edition sits at the site's root; each translation is the same
project built with ``-D language=<code>`` into its own sub-path (``zh/``), as
``homepage_editions`` says. This module gives every page of every edition

* ``<link rel="alternate" hreflang=...>`` to the same page in each edition
  (and ``x-default`` to the root edition), for search engines;
* ``homepage_editions`` in the template context, which the sidebar template
  ``language-switch.html`` turns into a plain link to the other edition;
* in a translation, ``html_baseurl`` moved to the edition's path, so canonical
  URLs, the sitemap and the feed, all derived from it, stay right;
* the extension's own message catalog (``academic_site.po``), compiled when
  the build starts;
* :func:`translatable_text`, which lets text from the data files (the news,
  the profile) go through the page's catalog like text written in the page;
* in a translation, Sphinx's ``translations.js`` only on the search page.
"""

from __future__ import annotations

import functools
import html
import posixpath
import string
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from docutils import nodes
from sphinx.util import logging

from academic_site.site.config import homepage_config
from academic_site.site.datafile import WARNING_TYPE
from academic_site.site.subtypes import Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

#: Warning subtype for problems with the editions.
SUBTYPE = Subtype.I18N

#: The extension's message catalog: ``locales/<lang>/LC_MESSAGES/<CATALOG>.po``.
CATALOG = "academic_site"
#: Where the extension's catalogs live (``.po`` sources, committed).
LOCALE_DIR = Path(__file__).parent.parent / "locales"


@dataclass(frozen=True)
class Edition:
    """One language edition of the site, as seen from one page."""

    #: The Sphinx language code (``zh_CN``).
    language: str
    #: The BCP 47 tag for ``lang`` and ``hreflang`` (``zh-CN``).
    tag: str
    #: The language's name in itself (``中文``), for the switch.
    label: str
    #: The same page in this edition, relative to the current page (to the
    #: site's root on the 404 page).
    href: str
    #: The same page in this edition as an absolute URL, if the base is known.
    url: str | None
    #: Whether this is the edition the page belongs to.
    current: bool
    #: Whether this edition sits at the site's root (``x-default``).
    root: bool


def _normal(language: str | None) -> str:
    return (language or "en").replace("-", "_")


def language_tag(language: str) -> str:
    """The BCP 47 tag of a Sphinx language code: ``zh_CN`` gives ``zh-CN``."""
    return language.replace("_", "-")


@functools.cache  # babel reads a locale's whole data file for its name (20 ms)
def language_label(language: str) -> str:
    """The language's name in itself: ``中文`` for ``zh_CN``, ``English``."""
    try:
        name = Locale.parse(language).language_name
    except (ValueError, UnknownLocaleError):
        return language
    return name[:1].upper() + name[1:] if name else language


def _prefix(path: str) -> str:
    # An edition's path as a URL prefix: "" for the root, "zh/" for a subpath.
    path = path.strip("/")
    return f"{path}/" if path else ""


def _editions(config: Config) -> dict[str, str]:
    return normal_editions(homepage_config(config).editions)


def normal_editions(editions: dict[str, str]) -> dict[str, str]:
    """``homepage_editions`` with Sphinx's language codes and URL prefixes."""
    return {_normal(lang): _prefix(path) for lang, path in editions.items()}


def edition_base_urls(config: Config) -> dict[str, str]:
    """Each edition's base URL (``{"en": "https://…/", "zh_CN": "https://…/zh/"}``),
    the root edition first; empty without a base URL."""
    root_url = _site_root_url(config)
    if not root_url:
        return {}
    editions = sorted(_editions(config).items(), key=lambda item: bool(item[1]))
    return {language: root_url + prefix for language, prefix in editions}


def is_root_edition(config: Config) -> bool:
    """Whether this build is the edition at the site's root (or the only one)."""
    return not _editions(config).get(_normal(config.language), "")


def _site_root_url(config: Config) -> str | None:
    """The root edition's base URL, from this edition's ``html_baseurl``."""
    base = config.html_baseurl
    if not base:
        return None
    base = base if base.endswith("/") else base + "/"
    prefix = _editions(config).get(_normal(config.language), "")
    if prefix and base.endswith("/" + prefix):
        base = base[: -len(prefix)]
    return base


def _editions_location(app: Sphinx) -> str | None:
    """``conf.py:<line>`` of ``homepage_editions``, for warnings about it."""
    conf = Path(app.confdir, "conf.py")
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        if line.startswith("homepage_editions"):
            return f"{conf}:{number}"
    return None  # set with -D: no line to name


def _place_edition(app: Sphinx, config: Config) -> None:
    """Check ``homepage_editions``; move a translation's base URL to its path."""
    editions = _editions(config)
    if not editions:
        return
    roots = [lang for lang, prefix in editions.items() if not prefix]
    if len(roots) != 1:
        logger.warning(
            "homepage_editions must have exactly one edition at the root "
            "(path ''), not %d",
            len(roots),
            type=WARNING_TYPE,
            subtype=SUBTYPE,
            location=_editions_location(app),
        )
        return
    language = _normal(config.language)
    if language not in editions:
        logger.warning(
            "language %r is not one of homepage_editions (%s)",
            config.language,
            ", ".join(editions),
            type=WARNING_TYPE,
            subtype=SUBTYPE,
            location=_editions_location(app),
        )
        return
    prefix = editions[language]
    base = config.html_baseurl
    if prefix and base:
        base = base if base.endswith("/") else base + "/"
        if not base.endswith("/" + prefix):
            config.html_baseurl = base + prefix


def page_editions(
    config: Config,
    target_uri: str,
    *,
    from_root: bool = False,
    root_page: bool = False,
) -> list[Edition]:
    """Every edition of the page at *target_uri* (e.g. ``cv.html``).

    Links are relative to the page, or to the site's root (``/zh/cv.html``)
    if *from_root*: the 404 page is served at any missing address, where a
    relative link would lead nowhere. The *root_page* (``index.html``) is
    named by its canonical address, its edition's folder (``zh/``, ``../``).
    """
    editions = _editions(config)
    language = _normal(config.language)
    if language not in editions:
        return []
    root_url = _site_root_url(config)
    if from_root:
        up = urlsplit(root_url).path if root_url else "/"
    else:
        # From this page up to the site's root: out of the page's own
        # folders, then out of this edition's sub-path.
        up = "../" * (target_uri.count("/") + editions[language].count("/"))
    # The root page's canonical address is its folder: "/", "/zh/".
    page = "" if root_page else target_uri
    return [
        Edition(
            language=lang,
            tag=language_tag(lang),
            label=language_label(lang),
            href=(up + prefix + page or "./")
            if lang != language or from_root
            else page.rpartition("/")[2] or "./",
            url=root_url + prefix + page if root_url else None,
            current=lang == language,
            root=not prefix,
        )
        for lang, prefix in editions.items()
    ]


def _alternate_links(editions: list[Edition]) -> str:
    links = []
    for edition in editions:
        href = html.escape(edition.url or edition.href)
        links.append(f'<link rel="alternate" hreflang="{edition.tag}" href="{href}">')
        if edition.root:
            links.append(f'<link rel="alternate" hreflang="x-default" href="{href}">')
    return "\n".join(links) + "\n"


def _add_edition_links(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    # sphinx-notfound-page's 404 page, if the site uses it, links from the root.
    not_found = pagename == getattr(app.config, "notfound_pagename", None)
    editions = page_editions(
        app.config,
        app.builder.get_target_uri(pagename),
        from_root=not_found,
        root_page=pagename == app.config.root_doc,
    )
    if len(editions) < 2:
        # One language: no switch to another edition, no hreflang to name.
        return
    context["homepage_editions"] = editions
    context["metatags"] = context.get("metatags", "") + _alternate_links(editions)
    if pagename != "search":
        # translations.js translates the messages of the search page's script;
        # elsewhere it would only translate the "Hide Search Matches" link
        # shown after a search, at the cost of one more request on every page.
        context["script_files"] = [
            script
            for script in context.get("script_files", [])
            if posixpath.basename(str(getattr(script, "filename", script)))
            != "translations.js"
        ]


def _untag_translated_meta(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Drop the ``translated`` mark Sphinx's i18n puts on a translated meta
    tag (the page's description): the HTML writer prints every attribute,
    and ``<meta translated="True">`` is not HTML (the Nu HTML Checker)."""
    for meta in doctree.findall(nodes.meta):
        meta.attributes.pop("translated", None)


def translatable_text(
    directive: SphinxDirective, text: str, children: list[nodes.Node] | None = None
) -> nodes.inline:
    """Data-file *text* (MyST Markdown) as a node gettext extracts and translates.

    Text a directive makes has no source, so Sphinx's gettext builder and its
    translation step skip it. This node names the directive's page and line:
    ``make translations`` puts *text* into that page's catalog, and a
    translated build shows the translation. *children* are the nodes *text*
    renders as (plain text if not given).
    """
    message = nodes.inline(text, "", *(children or [nodes.Text(text)]))
    message["translatable"] = True
    directive.set_source_info(message)
    # After translating, Sphinx unwraps the message node by moving its children
    # to the *end* of its parent; as the only child of a wrapper it stays put.
    return nodes.inline("", "", message)


def compile_catalog(language: str, outdir: Path) -> Path | None:
    """Compile the extension's ``.po`` for *language* into *outdir*.

    Returns the locale directory to register, or ``None`` if the extension has
    no catalog for *language*. Fuzzy entries are left out, as Sphinx does;
    so is each message :func:`extension_message_problem` refuses, or the
    ``.po`` cannot give as written (one warning at its line each).
    """
    # Imported here: the catalogs' checks need MyST, only for a translation.
    from academic_site.site.catalogs import read_catalog, write_catalog

    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{CATALOG}.po"
    if not po_path.is_file():
        return None
    catalog = read_catalog(po_path, language, CATALOG, extension_message_problem)
    if catalog is None:
        return None
    write_catalog(catalog, outdir / language / "LC_MESSAGES" / f"{CATALOG}.mo")
    return outdir


def _fields(text: str) -> set[str]:
    parsed = string.Formatter().parse(text)
    return {name for _, name, _, _ in parsed if name is not None}


def _placeholder_problem(msgstr: str, msgid: str) -> str | None:
    """Why *msgstr* cannot be ``str.format``-ed as *msgid* is, or ``None``."""
    try:
        wanted, given = _fields(msgid), _fields(msgstr)
    except ValueError as error:  # an unbalanced brace
        return f"its placeholders do not parse ({error})"
    if given - wanted:
        return f"it has placeholders the English has not: {sorted(given - wanted)}"
    return None


def extension_message_problem(msgstr: str, msgid: str) -> str | None:
    """Why a translation of the extension's catalog would crash or change
    the page: placeholders its ``msgid`` has not, or markup it has not."""
    from academic_site.site.inline import refusal

    return _placeholder_problem(msgstr, msgid) or refusal(msgstr, source=msgid)


def theme_template_dirs() -> list[Path]:
    """The template folders of furo, of basic-ng (which it builds on) and ours.

    Their interface strings (``Next``, ``On this page``) are translated by the
    site's ``sphinx.po``: Sphinx's own catalogs cover only its ``basic`` theme.
    """
    # Imported here: only `make translations` and the tests need them.
    import furo
    import sphinx_basic_ng

    return [
        Path(furo.__file__).parent / "theme" / "furo",
        Path(sphinx_basic_ng.__file__).parent / "theme" / "basic-ng",
        # This extension's own page templates (the one-paper pages).
        Path(__file__).parent.parent / "templates",
    ]


def setup_i18n(app: Sphinx) -> None:
    """Register the catalog, the edition links and the base-URL placement."""
    language = _normal(app.config.language)
    # The compiled catalog is build output: it goes beside the doctrees, not
    # into the (possibly read-only) installed package.
    locale_dir = compile_catalog(language, Path(app.doctreedir) / "locales")
    if locale_dir is not None:
        app.add_message_catalog(CATALOG, locale_dir)
    # Early, so the canonical URL, sitemap and feed see the edition's base URL.
    app.connect("config-inited", _place_edition, priority=200)
    app.connect("html-page-context", _add_edition_links)
    app.connect("doctree-resolved", _untag_translated_meta)

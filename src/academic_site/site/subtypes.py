"""The type and subtypes of every warning this package emits.

Each warning is ``homepage.<subtype>`` (``suppress_warnings =
["homepage.bibtex"]`` silences one kind); the subtypes are listed here once,
so a module names its kind by :class:`Subtype` instead of a loose string.
"""

from __future__ import annotations

import enum

#: The ``type`` of every warning this package emits; subtypes name the source.
WARNING_TYPE = "homepage"


class Subtype(enum.StrEnum):
    """What a warning is about (its ``subtype``); the value is what Sphinx prints."""

    #: A problem in a ``.bib`` file (syntax, rules of the site's fields).
    BIBTEX = "bibtex"
    #: The profile file.
    PROFILE = "profile"
    #: The news file.
    NEWS = "news"
    #: The citation figures file.
    CITATIONS = "citations"
    #: A page's meta description or title.
    DESCRIPTION = "description"
    #: The site's icons and social card.
    ICONS = "icons"
    #: ``html_baseurl``.
    BASEURL = "baseurl"
    #: The language editions and their catalogs.
    I18N = "i18n"
    #: A ``homepage_*`` value of ``conf.py``.
    CONFIG = "config"
    #: The publication list (an empty selection).
    PUBLICATIONS = "publications"
    #: The CV data file.
    CV = "cv"
    #: The CV's PDF (typesetting it).
    CV_PDF = "cv-pdf"
    #: Markup that text from data or a translation may not use (a directive,
    #: a role, an image, raw HTML, math, a link that is not https://).
    MARKUP = "markup"
    #: A file the site would publish from outside the source folder, or an
    #: SVG that can run script.
    FILES = "files"

"""Translated messages get exactly the markup of the text they translate.

Sphinx parses a page catalog's ``msgstr`` with the page's own parser, so a
translator could ``{include}`` a file or add raw HTML that the English page
never had. Before Sphinx's ``Locale`` transform (priority 20), each message
whose translation uses more than :func:`academic_site.site.inline.refusal` allows
(inline MyST, plus what its ``msgid`` uses) is one warning at the ``.po``
file and line, and stays English.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.pofile import read_po
from docutils import nodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import LITERAL_TYPE_NODES, extract_messages

from academic_site.site.datafile import WARNING_TYPE, modified_ns
from academic_site.site.inline import myst_extensions, refusal
from academic_site.site.subtypes import Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

SUBTYPE = Subtype.MARKUP


@functools.lru_cache(maxsize=64)
def _lines(path: Path, mtime_ns: int) -> dict[str, int]:
    # msgid -> line of the .po, to name where a refused message is.
    try:
        with path.open("rb") as po_file:
            catalog = read_po(po_file)
    except Exception:
        return {}
    return {
        str(message.id): message.lineno
        for message in catalog
        if message.id and isinstance(message.id, str)
    }


def _location(dirs: list[Path], language: str, domain: str, msg: str) -> str:
    for directory in dirs:
        path = directory / language / "LC_MESSAGES" / f"{domain}.po"
        if path.is_file():
            line = _lines(path, modified_ns(path)).get(msg)
            if line is not None:
                return f"{path}:{line}"
    return f"{dirs[0] / language / 'LC_MESSAGES' / domain}.po:1" if dirs else ""


class RefuseTranslatedMarkup(SphinxTransform):
    """Keep English each message whose translation adds markup."""

    default_priority = 19  # just before Sphinx's Locale transform

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language
        if not language or language == "en" or not self.config.locale_dirs:
            return
        domain = docname_to_domain(
            self.env.current_document.docname, self.config.gettext_compact
        )
        dirs = [Path(self.env.srcdir, d) for d in self.config.locale_dirs]
        catalog, has_catalog = init_locale(dirs, language, domain)
        if not has_catalog:
            return
        extensions = myst_extensions(self.config)
        for node, msg in list(extract_messages(self.document)):
            if isinstance(node, (*LITERAL_TYPE_NODES, nodes.meta, nodes.image)):
                continue
            msgstr = catalog.gettext(msg)
            if not msgstr.strip() or msgstr == msg:
                continue
            if (reason := refusal(msgstr, extensions, source=msg)) is None:
                continue
            node["translatable"] = False
            logger.warning(
                "this translation is left out (the English text is shown): %s",
                reason,
                type=WARNING_TYPE,
                subtype=SUBTYPE,
                location=_location(dirs, language, domain, msg),
            )


def setup_catalogs(app: Sphinx) -> None:
    """Register the check of translated messages."""
    app.add_transform(RefuseTranslatedMarkup)

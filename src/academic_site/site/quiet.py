"""A quiet build: only progress and real warnings reach the owner.

Three upstream extensions print lines nobody acts on, on every build of each
edition; each is silenced here, at its source, and nothing else is:

- sphinxext-opengraph prints "matplotlib is not installed, social cards will
  not be generated" with ``print`` when it is imported (the site wants no
  social cards: ``ogp_social_cards`` is off in ``conf.py``). This extension
  is loaded before it, so it imports it first with that output discarded.
- MyST-Parser logs its whole configuration (``myst v…: MdParserConfig(…)``).
- Sphinx logs "Writing evaluated template result to …" for each ``_t`` asset
  it fills in (three an edition).

Warnings are never filtered: the filter drops INFO records only.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The loggers (as Sphinx names them) whose chatter is dropped.
CHATTY_LOGGERS = ("sphinx.myst_parser.sphinx_ext.main", "sphinx.sphinx.util.fileutil")


class UpstreamChatter(logging.Filter):
    """Drop the INFO lines listed in the module's docstring; keep the rest."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO:
            return True
        if getattr(record, "subtype", None) == "template_evaluation":
            return False
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(type(arg).__name__ == "MdParserConfig" for arg in args)


#: One filter for every build of the process (addFilter keeps it once).
CHATTER = UpstreamChatter()


def setup_quiet(app: Sphinx) -> None:
    """Silence the upstream lines before the extensions that print them run."""
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).addFilter(CHATTER)
    if "sphinxext.opengraph" in app.config.extensions:
        # A missing module is Sphinx's to report, when it loads the extension.
        with (
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.suppress(ImportError),
        ):
            importlib.import_module("sphinxext.opengraph")

"""Sphinx extensions that turn the homepage's data files into pages.

Each Sphinx concept lives in its own module with its own ``setup_*`` hook;
:func:`setup` wires them together so ``conf.py`` needs one line::

    extensions = ["academic_site"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from academic_site import assets, config, news, profile

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register every component of the homepage extension."""
    config.setup_config(app)
    profile.setup_profile(app)
    news.setup_news(app)
    assets.setup_assets(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

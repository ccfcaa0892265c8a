"""Typed configuration values of the homepage extension.

Every value is declared once here, with its type and a line of help, in the
manner of MyST-Parser's ``MdParserConfig``; ``setup_config`` registers them.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


@dataclasses.dataclass(frozen=True)
class HomepageConfig:
    """The ``homepage_*`` values a site may set in ``conf.py``."""

    #: Path, relative to the source directory, of the YAML file that describes
    #: the site's owner (name, links, photo).
    profile_file: str = dataclasses.field(
        default="data/profile.yaml",
        metadata={"help": "YAML file with the owner's name, links and photo"},
    )
    #: Path, relative to the source directory, of the YAML news list.
    news_file: str = dataclasses.field(
        default="data/news.yaml",
        metadata={"help": "YAML file with the news items, newest first"},
    )
    #: Link on each page only the stylesheets and scripts it uses (see
    #: ``academic_site.assets``); off, every page links all of them, as furo does.
    trim_assets: bool = dataclasses.field(
        default=True,
        metadata={"help": "link on each page only the CSS and scripts it uses"},
    )


#: Prefix of every configuration value this extension adds.
PREFIX = "homepage_"


def setup_config(app: Sphinx) -> None:
    """Register each field of :class:`HomepageConfig` as ``homepage_<field>``."""
    for field in dataclasses.fields(HomepageConfig):
        app.add_config_value(
            PREFIX + field.name,
            field.default,
            "env",
            types=frozenset({type(field.default)}),
            description=field.metadata.get("help", ""),
        )

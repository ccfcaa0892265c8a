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
    #: The site's language editions: each Sphinx language code the site is
    #: built in, and its edition's path under the site's root ("" for the one
    #: edition at the root). See ``academic_site.i18n``.
    editions: dict[str, str] = dataclasses.field(
        default_factory=lambda: {"en": ""},
        metadata={"help": "language code -> edition path under the site root"},
    )


#: Prefix of every configuration value this extension adds.
PREFIX = "homepage_"


def setup_config(app: Sphinx) -> None:
    """Register each field of :class:`HomepageConfig` as ``homepage_<field>``."""
    for field in dataclasses.fields(HomepageConfig):
        default = (
            field.default
            if field.default_factory is dataclasses.MISSING
            else field.default_factory()
        )
        app.add_config_value(
            PREFIX + field.name,
            default,
            "env",
            types=frozenset({type(default)}),
            description=field.metadata.get("help", ""),
        )

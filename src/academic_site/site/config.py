"""Typed configuration values of the homepage extension.

Every value is declared once here, with its type and a line of help, in the
manner of MyST-Parser's ``MdParserConfig``; ``setup_config`` registers them.
The values are validated once, when the configuration is read
(``config-inited``): a value of the wrong type is one warning naming it, and
its default is written back. Modules read them only through
:func:`homepage_config`, as one frozen :class:`HomepageConfig`.
"""

from __future__ import annotations

import dataclasses
import os
import re
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from academic_site.site.subtypes import WARNING_TYPE, Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


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
    # -- Citation figures (academic_site.sources.citations) --
    #: Path, relative to the source directory, of the YAML file with the
    #: citation figures; a missing file shows none, ``""`` turns them off.
    citations_file: str = dataclasses.field(
        default="data/citations.yaml",
        metadata={"help": "YAML file with the citation figures (may be absent)"},
    )

    # -- The CV (sources.cv, outputs.cv_pdf) ----------------------------------
    #: Path, relative to the source directory, of the YAML file of the CV's
    #: sections; ``""`` for none.
    cv_file: str = dataclasses.field(
        default="data/cv.yaml",
        metadata={"help": "YAML file with the CV's sections"},
    )
    #: Output file of the CV as PDF, at the edition's root; empty for no PDF.
    cv_pdf: str = dataclasses.field(
        default="cv.pdf",
        metadata={"help": "the CV as PDF, written at the edition's root"},
    )

    # -- Discoverability (urls, metadata, paper_pages, feed) -------------------
    #: Output file of the Atom feed of the news, at the site's root; empty
    #: for no feed.
    feed_file: str = dataclasses.field(
        default="news.xml",
        metadata={"help": "Atom feed of the news, written at the site's root"},
    )
    #: Output file of the site in brief for language models (the llms.txt
    #: convention), at the site's root; empty for none.
    llms_file: str = dataclasses.field(
        default="llms.txt",
        metadata={"help": "llms.txt (the site in brief), written at the site's root"},
    )
    #: Whether every page must have a meta description of its own (the
    #: ``myst: html_meta: description:`` front matter) and a unique title.
    require_descriptions: bool = dataclasses.field(
        default=False,
        metadata={"help": "warn about pages without a unique description"},
    )
    #: Output folder of the generated page about each paper (Google Scholar's
    #: ``citation_*`` tags); empty for no such pages.
    papers_dir: str = dataclasses.field(
        default="papers",
        metadata={"help": "folder of the generated one-paper pages"},
    )
    #: The document listing the papers; it carries their structured data.
    publications_page: str = dataclasses.field(
        default="publications",
        metadata={"help": "document that lists every paper"},
    )
    #: Browser-interface colour in the light and dark schemes (furo's page
    #: backgrounds, so the browser's bar blends with the page).
    theme_color_light: str = dataclasses.field(
        default="#ffffff",
        metadata={"help": "theme-color for the light colour scheme"},
    )
    theme_color_dark: str = dataclasses.field(
        default="#131416",
        metadata={"help": "theme-color for the dark colour scheme"},
    )

    # -- Publications (academic_site.outputs.publications) ----------------------------
    #: The names that mean the site's owner in the ``.bib`` file, in BibTeX
    #: form (``"Huang, Yuxiang"``), with any variants; shown in bold.
    owner_names: list[str] = dataclasses.field(
        default_factory=list,
        metadata={"help": "BibTeX names of the owner, shown in bold in papers"},
    )

    # -- Language editions (academic_site.site.i18n) -------------------------------
    #: The site's language editions: each Sphinx language code the site is
    #: built in, and its edition's path under the site's root ("" for the one
    #: edition at the root). See ``academic_site.site.i18n``.
    editions: dict[str, str] = dataclasses.field(
        default_factory=lambda: {"en": ""},
        metadata={"help": "language code -> edition path under the site root"},
    )

    # -- Page weight (academic_site.site.assets) ------------------------------------
    #: Link on each page only the stylesheets and scripts it uses (see
    #: ``academic_site.site.assets``); off, every page links all of them, as furo does.
    trim_assets: bool = dataclasses.field(
        default=True,
        metadata={"help": "link on each page only the CSS and scripts it uses"},
    )

    # -- Renamed pages (academic_site.outputs.redirects) -------------------------------
    #: Old page name -> new page name: the old address sends visitors to the
    #: new page (see ``academic_site.outputs.redirects``).
    redirects: dict[str, str] = dataclasses.field(
        default_factory=dict,
        metadata={"help": "old page name -> new page name, for renamed pages"},
    )


#: Prefix of every configuration value this extension adds.
PREFIX = "homepage_"

#: Where the validated :class:`HomepageConfig` is kept on Sphinx's ``Config``
#: (a private name: Sphinx leaves it out when it pickles the configuration).
CONFIG_ATTRIBUTE = "_homepage_config"


def _default(field: dataclasses.Field) -> Any:
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return field.default


def _type_problem(value: Any, annotation: Any) -> str | None:
    """What is wrong with *value* for the type *annotation*, or ``None``."""
    origin = typing.get_origin(annotation) or annotation
    if origin is bool:
        return None if isinstance(value, bool) else "must be True or False"
    if origin is str:
        return None if isinstance(value, str) else "must be a string"
    if origin is list:
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return None
        return "must be a list of strings"
    if origin is dict:
        if isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            return None
        return "must be a dictionary of strings to strings"
    return None


def _conf_py_line(confdir: str | os.PathLike[str] | None, name: str) -> str | None:
    """Where ``conf.py`` sets *name* (``path:line``), if it does."""
    if confdir is None:
        return None
    path = Path(confdir, "conf.py")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    setting = re.compile(rf"{re.escape(name)}\s*[:=]")
    for number, line in enumerate(lines, 1):
        if setting.match(line):
            return f"{path}:{number}"
    return None


def build_config(
    values: dict[str, Any], confdir: str | os.PathLike[str] | None = None
) -> HomepageConfig:
    """A :class:`HomepageConfig` of *values* (field name -> value); a value of
    the wrong type is reported at its line of ``conf.py`` in *confdir* and
    replaced by its default."""
    hints = typing.get_type_hints(HomepageConfig)
    checked = {}
    for field in dataclasses.fields(HomepageConfig):
        value = values.get(field.name, _default(field))
        problem = _type_problem(value, hints[field.name])
        if problem:
            logger.warning(
                "%s%s %s, not %r; using the default %r",
                PREFIX,
                field.name,
                problem,
                value,
                _default(field),
                type=WARNING_TYPE,
                subtype=Subtype.CONFIG,
                # None when -D set it: a location without a colon would be
                # taken for a document, and there are none yet.
                location=_conf_py_line(confdir, PREFIX + field.name),
            )
            value = _default(field)
        if isinstance(value, list):
            value = list(value)
        checked[field.name] = value
    return HomepageConfig(**checked)


def homepage_config(source: Sphinx | BuildEnvironment | Config) -> HomepageConfig:
    """This build's validated ``homepage_*`` values: the one accessor.

    *source* is the application, the environment or Sphinx's ``Config``
    (whatever the caller holds); all three share one configuration.
    """
    config: Config = getattr(source, "config", source)
    built = config.__dict__.get(CONFIG_ATTRIBUTE)
    if built is None:  # a Config that no build validated (a unit test)
        built = _validate(config)
    return built


def _validate(
    config: Config, confdir: str | os.PathLike[str] | None = None
) -> HomepageConfig:
    """Validate the values once, and write each default back over a bad value,
    so that even a raw ``config.homepage_*`` read sees what the build uses (as
    sphinx-design's ``_validate_config_values`` does)."""
    built = build_config(
        {
            f.name: getattr(config, PREFIX + f.name, _default(f))
            for f in dataclasses.fields(HomepageConfig)
        },
        confdir,
    )
    for field in dataclasses.fields(HomepageConfig):
        setattr(config, PREFIX + field.name, getattr(built, field.name))
    config.__dict__[CONFIG_ATTRIBUTE] = built
    return built


def _validate_at_config_inited(app: Sphinx, config: Config) -> None:
    _validate(config, app.confdir)


def setup_config(app: Sphinx) -> None:
    """Register each field of :class:`HomepageConfig` as ``homepage_<field>``."""
    for field in dataclasses.fields(HomepageConfig):
        default = _default(field)
        app.add_config_value(
            PREFIX + field.name,
            default,
            "env",
            types=frozenset({type(default)}),
            description=field.metadata.get("help", ""),
        )
    # Before Sphinx's own type check (priority 800), which would warn again.
    app.connect("config-inited", _validate_at_config_inited, priority=100)

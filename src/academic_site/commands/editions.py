"""``homepage-editions DOCS``: the translations a site's ``conf.py`` names.

One line per edition other than the root one, ``<language> <path>``
(``zh_CN zh/``), and nothing for a one-language site. The Makefile and
``.readthedocs.yaml`` build what this prints, so ``homepage_editions`` in
``conf.py`` is the one switch for the editions.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.config import eval_config_file

from academic_site.site.config import HomepageConfig
from academic_site.site.i18n import normal_editions


def translations(confdir: Path) -> dict[str, str]:
    """The site's editions other than the root one: language -> path."""
    namespace = eval_config_file(confdir.resolve() / "conf.py", tags=None)
    editions = namespace.get("homepage_editions", HomepageConfig().editions)
    return {
        language: prefix
        for language, prefix in normal_editions(editions).items()
        if prefix
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    confdir = Path(args[0] if args else "docs")
    try:
        editions = translations(confdir)
    except Exception as error:  # a bad conf.py is one line, no traceback
        reason = str(error).strip().splitlines()[0]
        print(f"homepage-editions: {confdir / 'conf.py'}: {reason}", file=sys.stderr)
        return 1
    for language, prefix in editions.items():
        print(language, prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())

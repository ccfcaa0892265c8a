"""The same pages on plain furo: the yardstick this site must beat.

A copy of ``docs/`` whose ``conf.py`` ends by putting back what a new furo +
MyST + sphinxcontrib-bibtex site has: furo's default options, no template
overrides, no stylesheet or favicon of our own, and every asset on every page.
The ``academic_site`` extension stays, so the pages carry the same content;
only what this project adds to the theme is taken away.
"""

from __future__ import annotations

import shutil
from pathlib import Path

#: Appended to the copied ``conf.py``.
PLAIN_FURO_OVERRIDES = """

# -- Plain furo, for comparison (tests/browser/plain_furo.py) ---------------
templates_path = []
html_sidebars = {}
html_css_files = []
html_favicon = None
html_theme_options = {}
homepage_trim_assets = False
"""


def make_plain_furo_docs(docs: Path, target: Path) -> Path:
    """Copy *docs* to *target* with a plain furo ``conf.py``; return *target*."""
    shutil.copytree(docs, target, ignore=shutil.ignore_patterns("_build"))
    conf = target / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + PLAIN_FURO_OVERRIDES)
    return target

"""A quiet build (academic_site.site.quiet): upstream chatter dropped, warnings kept."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from sphinx.util import logging
from sphinx.util.console import strip_colors

from tests.helpers import build_root

ROOT = Path(__file__).parent.parent / "roots" / "test-assets"


def test_the_build_prints_no_upstream_chatter(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp], no_network: None
) -> None:
    app = build_root(make_app, ROOT, tmp_path / "src")
    status = strip_colors(app.status.getvalue())
    assert "reading sources" in status  # progress is kept
    assert "MdParserConfig" not in status
    assert "Writing evaluated template result" not in status


def test_a_warning_of_the_same_loggers_is_kept(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp], no_network: None
) -> None:
    app = build_root(make_app, ROOT, tmp_path / "src")
    logging.getLogger("myst_parser.sphinx_ext.main").warning("a real problem")
    assert "a real problem" in app.warning.getvalue()


def test_opengraph_is_imported_without_its_matplotlib_line() -> None:
    # A new interpreter: the line is printed once, on the first import.
    code = (
        "from sphinx.application import Sphinx\n"
        "from academic_site import quiet\n"
        "class App:\n"
        "    class config:\n"
        "        extensions = ['sphinxext.opengraph']\n"
        "quiet.setup_quiet(App)\n"
        "import sphinxext.opengraph\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout == ""

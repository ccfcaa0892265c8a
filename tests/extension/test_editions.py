"""One switch for the editions: homepage_editions in conf.py, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from academic_site.commands import editions

ROOTS = Path(__file__).parents[1] / "roots"


def test_the_translations_are_the_editions_off_the_root(capsys) -> None:
    assert editions.main([str(ROOTS / "test-editions")]) == 0
    assert capsys.readouterr().out == "zh_CN zh/\n"


def test_a_one_language_site_has_no_translations(capsys) -> None:
    # test-profile sets no homepage_editions: the default is English alone.
    assert editions.translations(ROOTS / "test-profile") == {}
    assert editions.main([str(ROOTS / "test-profile")]) == 0
    assert capsys.readouterr().out == ""


def test_a_missing_conf_py_is_one_line(tmp_path: Path, capsys) -> None:
    assert editions.main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "conf.py" in err


# Turned off, the editions leave no trace: no warning, no language switch
# for the sidebar and no hreflang alternates naming only the page itself.
@pytest.mark.sphinx(
    "html", testroot="editions", confoverrides={"homepage_editions": {"en": ""}}
)
def test_one_edition_is_no_switch_and_no_warning(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    assert page.find_all("link", hreflang=True) == []
